"""`make mutation`'s score: every mutant the unit tests did not kill counts against it."""

from __future__ import annotations

import pytest

from tests.lint.mutation_score import Mutant, report, score


def _mutants(**statuses: int) -> list[Mutant]:
    return [Mutant(f"facilitation.voting.x_votes_left__mutmut_{status}{i}", status.replace("_", " "))
            for status, n in statuses.items() for i in range(n)]


def test_survivors_and_mutants_no_test_reaches_count_against_the_score() -> None:
    assert score(_mutants(killed=8, survived=1, no_tests=1)) == pytest.approx(80.0)


def test_a_timeout_or_a_type_check_counts_as_killed() -> None:
    assert score(_mutants(killed=1, timeout=1, caught_by_type_check=1, survived=1)) == pytest.approx(75.0)


def test_the_report_names_every_survivor_and_fails_below_the_threshold(capsys) -> None:
    mutants = _mutants(killed=17, survived=2, no_tests=1)
    assert report(mutants, threshold=90) == 1
    out = capsys.readouterr()
    assert "facilitation.voting" in out.out and "85.0 %" in out.out
    assert out.out.count(": survived") == 2 and out.out.count(": no tests") == 1
    assert "below 90 %" in out.err


def test_the_report_passes_at_the_threshold(capsys) -> None:
    assert report(_mutants(killed=9, survived=1), threshold=90) == 0
    assert "meets 90 %" in capsys.readouterr().out


def test_a_mutant_belongs_to_its_module() -> None:
    assert Mutant("facilitation.proposal_money.xǁRateCheckǁexcess__mutmut_2", "survived").module == \
        "facilitation.proposal_money"
