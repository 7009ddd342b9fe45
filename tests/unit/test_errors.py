"""Specification of the rules' errors: the stable code an API caller reads, and the blamed field."""

from __future__ import annotations

import pytest

from facilitation.errors import (
    DomainError,
    IdeaVoteLimit,
    InvalidInput,
    InvalidTransition,
    VoteBudgetExhausted,
    WrongPhase,
)


@pytest.mark.parametrize(("error", "code"), [
    (DomainError, "invalid_input"),
    (InvalidInput, "invalid_input"),
    (WrongPhase, "wrong_phase"),
    (VoteBudgetExhausted, "vote_budget_exhausted"),
    (IdeaVoteLimit, "idea_vote_limit"),
    (InvalidTransition, "invalid_transition"),
])
def test_every_rule_error_carries_the_code_of_the_api_table(error: type[DomainError],
                                                            code: str) -> None:
    """docs/api.md lists these codes; they are stable, a caller branches on them."""
    assert error.code == code
    assert error("detail").code == code


def test_the_detail_is_kept_for_humans_and_is_the_errors_text() -> None:
    error = WrongPhase("voting is closed")
    assert error.detail == "voting is closed"
    assert str(error) == "voting is closed"


def test_an_error_without_detail_still_reads_as_its_code_in_a_log() -> None:
    error = VoteBudgetExhausted()
    assert error.detail == ""
    assert str(error) == "vote_budget_exhausted"


def test_invalid_input_names_the_field_when_known_and_none_otherwise() -> None:
    named = InvalidInput("must be an amount", field="budget_total")
    assert (named.field, named.detail, str(named)) == ("budget_total", "must be an amount",
                                                       "must be an amount")
    assert InvalidInput("no field").field is None
    assert str(InvalidInput(field="seconds")) == "invalid_input"
