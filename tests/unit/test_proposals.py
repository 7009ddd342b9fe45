"""Specification of the proposal pipeline: statuses, transitions, on hold, overdue steps, triage, funnel."""

from __future__ import annotations

from datetime import date
from itertools import product

import pytest

from facilitation.errors import InvalidTransition
from facilitation.proposals import (
    OPEN,
    TERMINAL,
    TRANSITIONS,
    FunnelStage,
    ProposalStatus,
    TriageAction,
    TriageState,
    allowed_next,
    check_transition,
    held_from_after,
    idea_stages,
    is_overdue,
    merged_triage,
    next_forward,
    proposal_stages,
    triage_after,
    triage_when_unlinked,
)

S = ProposalStatus
STATUSES = list(S)

# The pipeline as the module docstring and docs/api.md describe it, written out as the spec.
MAIN = {
    (S.IDEA, S.DEVELOPING), (S.DEVELOPING, S.READY), (S.READY, S.SUBMITTED),
    (S.READY, S.DEVELOPING), (S.SUBMITTED, S.EVALUATION), (S.EVALUATION, S.APPROVED),
    (S.EVALUATION, S.PARTLY_APPROVED), (S.EVALUATION, S.REJECTED),
    (S.APPROVED, S.IMPLEMENTATION), (S.PARTLY_APPROVED, S.IMPLEMENTATION),
    (S.IMPLEMENTATION, S.COMPLETED), (S.REJECTED, S.DEVELOPING), (S.REJECTED, S.DROPPED),
    (S.ON_HOLD, S.DROPPED),
}
OPEN_STATUSES = [S.IDEA, S.DEVELOPING, S.READY, S.SUBMITTED, S.EVALUATION, S.APPROVED,
                 S.PARTLY_APPROVED, S.IMPLEMENTATION]
HOLD_AND_DROP = {(s, t) for s in OPEN_STATUSES for t in (S.ON_HOLD, S.DROPPED)}
ALLOWED = MAIN | HOLD_AND_DROP
FORBIDDEN = sorted(set(product(STATUSES, STATUSES)) - ALLOWED - {(S.ON_HOLD, s) for s in OPEN})


def _ids(pairs: list[tuple[S, S]]) -> list[str]:
    return [f"{a}->{b}" for a, b in pairs]


def test_status_values_are_the_api_names() -> None:
    assert [s.value for s in S] == [
        "idea", "developing", "ready", "submitted", "evaluation", "approved", "partly_approved",
        "rejected", "implementation", "completed", "on_hold", "dropped"]


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED), ids=_ids(sorted(ALLOWED)))
def test_allowed_transition_passes(current: S, target: S) -> None:
    check_transition(current, target)
    assert target in allowed_next(current)


@pytest.mark.parametrize(("current", "target"), FORBIDDEN, ids=_ids(FORBIDDEN))
def test_forbidden_transition_is_refused(current: S, target: S) -> None:
    with pytest.raises(InvalidTransition) as error:
        check_transition(current, target)
    assert error.value.code == "invalid_transition"


def test_the_allowed_set_is_exactly_the_specification() -> None:
    actual = {(s, t) for s in STATUSES for t in allowed_next(s)}
    assert actual == ALLOWED


@pytest.mark.parametrize("current", STATUSES)
def test_the_transition_table_holds_exactly_the_documented_moves_from_each_status(
        current: S) -> None:
    """docs/api.md ("Statuses") lists the allowed moves; the ALLOWED set above writes them out.
    Every one of the 144 pairs of statuses is compared, so a move added to or left out of the
    table fails here (on hold's way back depends on the stored status and is tested below)."""
    assert {(current, target) for target in TRANSITIONS[current]} == {
        (a, b) for a, b in ALLOWED if a is current}
    for target in STATUSES:
        allowed = (current, target) in ALLOWED
        if allowed:
            check_transition(current, target)
        else:
            with pytest.raises(InvalidTransition):
                check_transition(current, target)


def test_a_refused_move_says_from_where_to_where() -> None:
    """The detail a log shows; the API words it in the reader's language with the status names."""
    with pytest.raises(InvalidTransition) as error:
        check_transition(S.IDEA, S.SUBMITTED)
    assert "idea" in str(error.value) and "submitted" in str(error.value)


def test_completed_and_dropped_are_terminal() -> None:
    assert frozenset({S.COMPLETED, S.DROPPED}) == TERMINAL
    for status in TERMINAL:
        assert allowed_next(status) == frozenset()


def test_no_status_moves_to_itself() -> None:
    for status in STATUSES:
        assert status not in allowed_next(status, held_from=status)


# --- on hold ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("left", OPEN_STATUSES)
def test_on_hold_returns_only_to_the_status_it_left(left: S) -> None:
    assert held_from_after(left, S.ON_HOLD) == left
    assert allowed_next(S.ON_HOLD, held_from=left) == {left, S.DROPPED}
    check_transition(S.ON_HOLD, left, held_from=left)
    for other in set(OPEN_STATUSES) - {left}:
        with pytest.raises(InvalidTransition):
            check_transition(S.ON_HOLD, other, held_from=left)


def test_on_hold_without_a_remembered_status_can_only_be_dropped() -> None:
    assert allowed_next(S.ON_HOLD) == {S.DROPPED}


@pytest.mark.parametrize("held_from", [None, *STATUSES])
@pytest.mark.parametrize("status", STATUSES)
def test_the_step_a_form_offers_first_is_always_an_allowed_one(status: S,
                                                               held_from: S | None) -> None:
    """Even when the remembered status could not have been left for on hold (a rejected or
    completed proposal is never held), nothing but an allowed move is offered."""
    offered = next_forward(status, held_from)
    assert offered is None or offered in allowed_next(status, held_from)


@pytest.mark.parametrize(("current", "target"), sorted(ALLOWED - {(s, S.ON_HOLD) for s in OPEN}),
                         ids=_ids(sorted(ALLOWED - {(s, S.ON_HOLD) for s in OPEN})))
def test_leaving_for_anything_but_on_hold_forgets_the_remembered_status(current: S,
                                                                        target: S) -> None:
    assert held_from_after(current, target) is None


# --- next steps ---------------------------------------------------------------------------------


TODAY = date(2027, 3, 15)


@pytest.mark.parametrize(("due", "overdue"), [
    (date(2027, 3, 14), True), (date(2027, 3, 15), False), (date(2027, 3, 16), False),
    (None, False)])
def test_a_next_step_is_overdue_the_day_after_its_due_date(due: date | None,
                                                           overdue: bool) -> None:
    assert is_overdue(due, TODAY, S.DEVELOPING) is overdue


@pytest.mark.parametrize("status", [S.COMPLETED, S.DROPPED, S.REJECTED])
def test_a_closed_proposal_has_nothing_overdue(status: S) -> None:
    assert not is_overdue(date(2020, 1, 1), TODAY, status)


def test_a_proposal_on_hold_still_shows_its_overdue_step() -> None:
    assert is_overdue(date(2027, 1, 1), TODAY, S.ON_HOLD)


# --- triage ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("current", "action", "after"), [
    (TriageState.NEW, TriageAction.SHORTLIST, TriageState.SHORTLISTED),
    (TriageState.ARCHIVED, TriageAction.SHORTLIST, TriageState.SHORTLISTED),
    (TriageState.SHORTLISTED, TriageAction.SHORTLIST, None),
    (TriageState.PROMOTED, TriageAction.SHORTLIST, None),
    (TriageState.NEW, TriageAction.ARCHIVE, TriageState.ARCHIVED),
    (TriageState.SHORTLISTED, TriageAction.ARCHIVE, TriageState.ARCHIVED),
    (TriageState.ARCHIVED, TriageAction.ARCHIVE, None),
    (TriageState.PROMOTED, TriageAction.ARCHIVE, None),
    (TriageState.SHORTLISTED, TriageAction.RESTORE, TriageState.NEW),
    (TriageState.ARCHIVED, TriageAction.RESTORE, TriageState.NEW),
    (TriageState.NEW, TriageAction.RESTORE, None),
    (TriageState.PROMOTED, TriageAction.RESTORE, None),
])
def test_triage_actions_move_only_where_they_make_sense(current: TriageState,
                                                        action: TriageAction,
                                                        after: TriageState | None) -> None:
    assert triage_after(current, action) is after


def test_an_idea_taken_out_of_its_last_proposal_goes_back_to_the_shortlist() -> None:
    assert triage_when_unlinked(still_in_a_proposal=False) is TriageState.SHORTLISTED
    assert triage_when_unlinked(still_in_a_proposal=True) is TriageState.PROMOTED


@pytest.mark.parametrize(("states", "kept"), [
    ([TriageState.NEW, TriageState.SHORTLISTED], TriageState.SHORTLISTED),
    ([TriageState.ARCHIVED, TriageState.NEW], TriageState.NEW),
    ([TriageState.ARCHIVED, TriageState.ARCHIVED], TriageState.ARCHIVED),
    ([TriageState.SHORTLISTED, TriageState.PROMOTED, TriageState.NEW], TriageState.PROMOTED),
])
def test_a_merged_idea_keeps_the_furthest_state_of_its_sources(states: list[TriageState],
                                                                kept: TriageState) -> None:
    assert merged_triage(states) is kept


def test_an_idea_merged_from_no_sources_is_new() -> None:
    assert merged_triage([]) is TriageState.NEW


# --- the funnel --------------------------------------------------------------------------------------


F = FunnelStage


@pytest.mark.parametrize(("history", "stages"), [
    ([S.IDEA], {F.PROPOSALS}),
    ([S.IDEA, S.DEVELOPING, S.READY, S.SUBMITTED], {F.PROPOSALS, F.SUBMITTED}),
    ([S.SUBMITTED, S.EVALUATION, S.REJECTED], {F.PROPOSALS, F.SUBMITTED}),
    ([S.EVALUATION, S.PARTLY_APPROVED], {F.PROPOSALS, F.SUBMITTED, F.APPROVED}),
    ([S.APPROVED, S.IMPLEMENTATION, S.COMPLETED],
     {F.PROPOSALS, F.SUBMITTED, F.APPROVED, F.COMPLETED}),
    ([S.SUBMITTED, S.ON_HOLD, S.DROPPED], {F.PROPOSALS, F.SUBMITTED}),
])
def test_a_proposal_counts_for_every_stage_it_ever_reached(history: list[S],
                                                           stages: set[F]) -> None:
    assert proposal_stages(history) == stages


@pytest.mark.parametrize(("triage", "stages"), [
    (TriageState.NEW, {F.IDEAS}), (TriageState.ARCHIVED, {F.IDEAS}),
    (TriageState.SHORTLISTED, {F.IDEAS, F.SHORTLISTED}),
    (TriageState.PROMOTED, {F.IDEAS, F.SHORTLISTED})])
def test_an_idea_counts_as_shortlisted_once_shortlisted_or_promoted(triage: TriageState,
                                                                     stages: set[F]) -> None:
    assert idea_stages(triage) == stages
