"""Specification of dot-voting budgets, tallies, ranking and merges."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import IdeaVoteLimit, InvalidInput, VoteBudgetExhausted
from facilitation.voting import (
    Dot,
    MergePlan,
    RankedIdea,
    VotingRules,
    check_cast,
    plan_merge,
    rank,
    votes_left,
)

RULES = VotingRules(dots_per_participant=5, max_dots_per_idea=2)


# --- rules -----------------------------------------------------------------


@pytest.mark.parametrize(("dots", "per_idea"), [(1, 1), (5, 2), (5, 5), (100, 1), (100, 100)])
def test_voting_rules_within_bounds_are_accepted(dots: int, per_idea: int) -> None:
    rules = VotingRules(dots_per_participant=dots, max_dots_per_idea=per_idea)
    assert (rules.dots_per_participant, rules.max_dots_per_idea) == (dots, per_idea)


@pytest.mark.parametrize("dots", [0, -1, 101, True, 2.0])
def test_dots_per_participant_outside_1_to_100_is_rejected(dots: object) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        VotingRules(dots_per_participant=dots, max_dots_per_idea=1)  # type: ignore[arg-type]
    assert exc_info.value.field == "dots_per_participant"
    assert "100" in exc_info.value.detail


@pytest.mark.parametrize("per_idea", [0, -1, 6, True, 1.0])
def test_max_dots_per_idea_above_budget_or_below_one_is_rejected(per_idea: object) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        VotingRules(dots_per_participant=5, max_dots_per_idea=per_idea)  # type: ignore[arg-type]
    assert exc_info.value.field == "max_dots_per_idea"
    assert "5" in exc_info.value.detail


def test_voting_rules_are_immutable() -> None:
    with pytest.raises(AttributeError):
        RULES.dots_per_participant = 10  # type: ignore[misc]


# --- budget ----------------------------------------------------------------


@pytest.mark.parametrize(("used", "left"), [(0, 5), (3, 2), (5, 0), (7, 0)])
def test_votes_left_counts_down_and_never_goes_negative(used: int, left: int) -> None:
    assert votes_left(RULES, used) == left


def test_vote_is_accepted_within_budget_and_idea_limit() -> None:
    check_cast(RULES, dots_used=4, dots_on_idea=1)


def test_vote_is_rejected_when_dots_are_spent() -> None:
    with pytest.raises(VoteBudgetExhausted) as exc_info:
        check_cast(RULES, dots_used=5, dots_on_idea=0)
    assert exc_info.value.code == "vote_budget_exhausted"
    assert "5" in exc_info.value.detail


def test_vote_is_rejected_when_idea_already_has_max_dots_from_participant() -> None:
    with pytest.raises(IdeaVoteLimit) as exc_info:
        check_cast(RULES, dots_used=2, dots_on_idea=2)
    assert exc_info.value.code == "idea_vote_limit"
    assert "2" in exc_info.value.detail


def test_exhausted_budget_is_reported_before_idea_limit() -> None:
    with pytest.raises(VoteBudgetExhausted):
        check_cast(RULES, dots_used=5, dots_on_idea=2)


# --- ranking -----------------------------------------------------


def test_rank_orders_by_votes_descending() -> None:
    ranked = rank({1: 1, 2: 5, 3: 3}, [1, 2, 3])
    assert [r.idea_id for r in ranked] == [2, 3, 1]
    assert [r.rank for r in ranked] == [1, 2, 3]


def test_rank_includes_ideas_without_dots_with_zero_votes() -> None:
    ranked = rank({2: 1}, [1, 2])
    assert ranked == [RankedIdea(2, 1, 1), RankedIdea(1, 0, 2)]


def test_rank_breaks_ties_by_idea_order() -> None:
    ranked = rank({10: 2, 20: 2, 30: 2}, [30, 10, 20])
    assert [r.idea_id for r in ranked] == [30, 10, 20]


def test_rank_uses_competition_ranking_for_ties() -> None:
    ranked = rank({1: 5, 2: 3, 3: 3, 4: 1}, [1, 2, 3, 4])
    assert [r.rank for r in ranked] == [1, 2, 2, 4]


def test_rank_gives_everyone_first_place_when_nobody_voted() -> None:
    assert [r.rank for r in rank({}, [1, 2, 3])] == [1, 1, 1]


def test_rank_ignores_counts_for_unknown_ideas() -> None:
    assert rank({99: 10, 1: 1}, [1]) == [RankedIdea(idea_id=1, votes=1, rank=1)]


def test_rank_of_no_ideas_is_empty() -> None:
    assert rank({}, []) == []


@given(
    counts=st.dictionaries(st.integers(0, 20), st.integers(0, 10)),
    extra=st.lists(st.integers(0, 20), unique=True),
)
def test_rank_is_a_competition_ranking(counts: dict[int, int], extra: list[int]) -> None:
    idea_ids = list(dict.fromkeys([*counts, *extra]))
    ranked = rank(counts, idea_ids)
    assert sorted(r.idea_id for r in ranked) == sorted(idea_ids)
    for r in ranked:
        assert r.votes == counts.get(r.idea_id, 0)
        assert r.rank == 1 + sum(1 for other in ranked if other.votes > r.votes)
    assert [r.votes for r in ranked] == sorted((r.votes for r in ranked), reverse=True)


# --- merges ----------------------------------------------------------------


def test_merge_moves_dots_from_source_to_target() -> None:
    dots = [Dot(1, 10), Dot(2, 10), Dot(1, 30)]
    plan = plan_merge(RULES, dots, source_ids={10}, target_id=20)
    assert plan == MergePlan(move=[Dot(1, 10), Dot(2, 10)], drop=[])


def test_merge_returns_dots_that_would_exceed_idea_limit() -> None:
    dots = [Dot(1, 20), Dot(1, 10), Dot(1, 10), Dot(1, 11)]
    plan = plan_merge(RULES, dots, source_ids=[10, 11], target_id=20)
    assert plan.move == [Dot(1, 10)]
    assert plan.drop == [Dot(1, 10), Dot(1, 11)]


def test_merge_limit_is_per_participant() -> None:
    dots = [Dot(1, 20), Dot(1, 20), Dot(2, 10), Dot(2, 10), Dot(1, 10)]
    plan = plan_merge(RULES, dots, source_ids={10}, target_id=20)
    assert plan.move == [Dot(2, 10), Dot(2, 10)]
    assert plan.drop == [Dot(1, 10)]


def test_merge_keeps_earlier_dots_first() -> None:
    rules = VotingRules(dots_per_participant=5, max_dots_per_idea=1)
    dots = [Dot(1, 11), Dot(1, 10)]
    plan = plan_merge(rules, dots, source_ids={10, 11}, target_id=20)
    assert plan.move == [Dot(1, 11)]
    assert plan.drop == [Dot(1, 10)]


def test_merge_ignores_dots_on_other_ideas() -> None:
    plan = plan_merge(RULES, [Dot(1, 99), Dot(1, 20)], source_ids={10}, target_id=20)
    assert plan == MergePlan(move=[], drop=[])


def test_merging_an_idea_into_itself_is_rejected_blaming_the_idea_to_keep() -> None:
    with pytest.raises(InvalidInput) as exc_info:
        plan_merge(RULES, [], source_ids={10, 20}, target_id=20)
    assert exc_info.value.field == "target_id"


# --- properties ------------------------------------------------------------

PARTICIPANTS = st.integers(1, 4)
IDEAS = st.integers(1, 5)


@st.composite
def voting_rules(draw: st.DrawFn) -> VotingRules:
    dots = draw(st.integers(1, 8))
    return VotingRules(dots_per_participant=dots, max_dots_per_idea=draw(st.integers(1, dots)))


def _apply_valid_casts(rules: VotingRules, attempts: list[tuple[int, int]]) -> list[Dot]:
    """Replay cast attempts the way the app should: only if check_cast passes."""
    dots: list[Dot] = []
    for participant, idea in attempts:
        used = sum(1 for d in dots if d.participant_id == participant)
        on_idea = sum(1 for d in dots if d == Dot(participant, idea))
        try:
            check_cast(rules, dots_used=used, dots_on_idea=on_idea)
        except (VoteBudgetExhausted, IdeaVoteLimit):
            continue
        dots.append(Dot(participant, idea))
    return dots


@given(
    rules=voting_rules(),
    operations=st.lists(st.tuples(st.sampled_from(["cast", "retract"]), PARTICIPANTS, IDEAS)),
)
def test_random_casts_and_retracts_never_break_the_rules(
    rules: VotingRules, operations: list[tuple[str, int, int]]
) -> None:
    dots: list[Dot] = []
    for action, participant, idea in operations:
        used = sum(1 for d in dots if d.participant_id == participant)
        on_idea = sum(1 for d in dots if d == Dot(participant, idea))
        if action == "cast":
            try:
                check_cast(rules, dots_used=used, dots_on_idea=on_idea)
            except (VoteBudgetExhausted, IdeaVoteLimit):
                # A rejection must have a real reason behind it.
                assert used >= rules.dots_per_participant or on_idea >= rules.max_dots_per_idea
            else:
                dots.append(Dot(participant, idea))
        elif on_idea:
            dots.remove(Dot(participant, idea))

        per_participant = Counter(d.participant_id for d in dots)
        per_pair = Counter(dots)
        assert all(n <= rules.dots_per_participant for n in per_participant.values())
        assert all(n <= rules.max_dots_per_idea for n in per_pair.values())
        for used_by_p in per_participant.values():
            assert votes_left(rules, used_by_p) == rules.dots_per_participant - used_by_p


@given(
    rules=voting_rules(),
    attempts=st.lists(st.tuples(PARTICIPANTS, IDEAS), max_size=60),
    sources=st.sets(IDEAS, max_size=4),
    target=IDEAS,
)
def test_merge_never_exceeds_idea_limit_and_accounts_for_every_source_dot(
    rules: VotingRules,
    attempts: list[tuple[int, int]],
    sources: set[int],
    target: int,
) -> None:
    sources.discard(target)
    dots = _apply_valid_casts(rules, attempts)

    plan = plan_merge(rules, dots, source_ids=sources, target_id=target)

    source_dots = [d for d in dots if d.idea_id in sources]
    assert Counter(plan.move + plan.drop) == Counter(source_dots)
    # Each list keeps input order, so repeated runs give the same plan.
    assert plan == plan_merge(rules, dots, source_ids=sources, target_id=target)

    after = [d for d in dots if d.idea_id not in sources] + [
        Dot(d.participant_id, target) for d in plan.move
    ]
    on_target = Counter(d.participant_id for d in after if d.idea_id == target)
    assert all(n <= rules.max_dots_per_idea for n in on_target.values())
    # Dots are only dropped when the participant's target is genuinely full.
    for dropped in plan.drop:
        assert on_target[dropped.participant_id] == rules.max_dots_per_idea
    # No dot is created, so no budget can grow.
    before_budget = Counter(d.participant_id for d in dots)
    after_budget = Counter(d.participant_id for d in after)
    assert all(after_budget[p] <= before_budget[p] for p in after_budget)
