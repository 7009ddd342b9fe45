"""Specification of the workshop phase machine and phase-dependent visibility."""

from __future__ import annotations

from collections import deque

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import InvalidTransition, WrongPhase
from facilitation.phases import (
    TRANSITIONS,
    Audience,
    Phase,
    allowed_next,
    can_group,
    can_post,
    can_vote,
    check_can_group,
    check_can_post,
    check_can_vote,
    check_transition,
    counts_visible,
    ideas_visible_to_participants,
    phones_keep_their_ideas,
)

D, CO, G, V, R, CL = (
    Phase.DRAFT,
    Phase.COLLECTING,
    Phase.GROUPING,
    Phase.VOTING,
    Phase.RESULTS,
    Phase.CLOSED,
)

# The allowed paths as README's "Running a workshop" documents them, written out apart
# from TRANSITIONS so that the tests pin the documentation, not the table: draft →
# collecting → grouping (optional) → voting → results → closed; grouping and voting step
# back to collecting, results reopens voting; any phase can close the workshop.
MAIN_PATH = (D, CO, G, V, R, CL)
OPTIONAL = frozenset({G})
STEPS_FORWARD = frozenset(
    (MAIN_PATH[i], MAIN_PATH[j])
    for i in range(len(MAIN_PATH))
    for j in range(i + 1, len(MAIN_PATH))
    if all(skipped in OPTIONAL for skipped in MAIN_PATH[i + 1 : j])
)
STEPS_BACK = frozenset({(G, CO), (V, CO), (R, V)})
CLOSING = frozenset((phase, CL) for phase in MAIN_PATH if phase is not CL)
EXPECTED_EDGES = STEPS_FORWARD | STEPS_BACK | CLOSING
# "An admin can reopen a closed workshop to its results."
ADMIN_REOPENS = frozenset({(CL, R)})
ALL_PAIRS = [(a, b) for a in Phase for b in Phase]


def test_phase_values_are_stable_strings() -> None:
    assert [p.value for p in Phase] == [
        "draft",
        "collecting",
        "grouping",
        "voting",
        "results",
        "closed",
    ]
    assert Phase("voting") is Phase.VOTING


def test_audience_values_are_stable_strings() -> None:
    assert [a.value for a in Audience] == ["participant", "board", "staff"]


def test_the_documented_paths_are_thirteen_steps() -> None:
    """Five forward, one past grouping, three back and four to closed (results → closed is
    the last step forward)."""
    assert {
        (D, CO), (CO, G), (G, V), (V, R), (R, CL),
        (CO, V),
        (G, CO), (V, CO), (R, V),
        (D, CL), (CO, CL), (G, CL), (V, CL),
    } == EXPECTED_EDGES


@pytest.mark.parametrize(("current", "target"), ALL_PAIRS)
@pytest.mark.parametrize("admin", [False, True])
def test_every_pair_of_phases_is_allowed_exactly_when_documented(
    current: Phase, target: Phase, admin: bool
) -> None:
    documented = (current, target) in EXPECTED_EDGES or (
        admin and (current, target) in ADMIN_REOPENS
    )
    assert (target in allowed_next(current, may_reopen=admin)) is documented
    if documented:
        check_transition(current, target, may_reopen=admin)
    else:
        with pytest.raises(InvalidTransition) as exc_info:
            check_transition(current, target, may_reopen=admin)
        assert exc_info.value.code == "invalid_transition"


def test_only_an_admin_reopens_a_closed_workshop_and_only_to_its_results() -> None:
    with pytest.raises(InvalidTransition):
        check_transition(Phase.CLOSED, Phase.RESULTS)
    check_transition(Phase.CLOSED, Phase.RESULTS, may_reopen=True)
    assert allowed_next(Phase.CLOSED, may_reopen=True) == {Phase.RESULTS}


@pytest.mark.parametrize("phase", [p for p in Phase if p is not Phase.CLOSED])
def test_an_admin_steers_an_open_workshop_like_anyone_else(phase: Phase) -> None:
    assert allowed_next(phase, may_reopen=True) == allowed_next(phase)


def test_transition_table_matches_specification() -> None:
    actual = {(a, b) for a, targets in TRANSITIONS.items() for b in targets}
    assert actual == EXPECTED_EDGES
    assert set(TRANSITIONS) == set(Phase)


def test_transition_table_cannot_be_mutated() -> None:
    with pytest.raises(TypeError):
        TRANSITIONS[Phase.CLOSED] = frozenset({Phase.DRAFT})  # type: ignore[index]


@pytest.mark.parametrize("phase", list(Phase))
def test_allowed_next_lists_exactly_the_outgoing_edges(phase: Phase) -> None:
    assert allowed_next(phase) == frozenset(b for a, b in EXPECTED_EDGES if a is phase)


@pytest.mark.parametrize(("current", "target"), sorted(EXPECTED_EDGES))
def test_allowed_transition_is_accepted(current: Phase, target: Phase) -> None:
    check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"), [pair for pair in ALL_PAIRS if pair not in EXPECTED_EDGES]
)
def test_disallowed_transition_is_rejected_naming_both_phases(
    current: Phase, target: Phase
) -> None:
    with pytest.raises(InvalidTransition) as exc_info:
        check_transition(current, target)
    assert exc_info.value.code == "invalid_transition"
    assert current.value in exc_info.value.detail
    assert target.value in exc_info.value.detail


@pytest.mark.parametrize("phase", list(Phase))
def test_phase_cannot_transition_to_itself(phase: Phase) -> None:
    with pytest.raises(InvalidTransition):
        check_transition(phase, phase)


def test_closed_workshop_cannot_be_reopened() -> None:
    assert allowed_next(Phase.CLOSED) == frozenset()


def test_results_can_be_taken_back_to_voting() -> None:
    check_transition(Phase.RESULTS, Phase.VOTING)


@pytest.mark.parametrize("phase", [p for p in Phase if p is not Phase.CLOSED])
def test_every_open_phase_can_be_closed_directly(phase: Phase) -> None:
    check_transition(phase, Phase.CLOSED)


@pytest.mark.parametrize("phase", [p for p in Phase if p is not Phase.CLOSED])
def test_every_open_phase_can_reach_closed(phase: Phase) -> None:
    seen = {phase}
    queue = deque([phase])
    while queue:
        for nxt in allowed_next(queue.popleft()):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    assert Phase.CLOSED in seen


@given(start=st.sampled_from(Phase), attempts=st.lists(st.sampled_from(Phase), max_size=40))
def test_random_walk_only_follows_allowed_edges_and_stops_at_closed(
    start: Phase, attempts: list[Phase]
) -> None:
    current = start
    for target in attempts:
        was_closed = current is Phase.CLOSED
        try:
            check_transition(current, target)
        except InvalidTransition:
            assert (current, target) not in EXPECTED_EDGES
            continue
        assert not was_closed, "closed must be terminal"
        assert (current, target) in EXPECTED_EDGES
        current = target


@pytest.mark.parametrize("phase", list(Phase))
def test_ideas_can_only_be_posted_while_collecting(phase: Phase) -> None:
    assert can_post(phase) is (phase is Phase.COLLECTING)
    if phase is Phase.COLLECTING:
        check_can_post(phase)
    else:
        with pytest.raises(WrongPhase) as exc_info:
            check_can_post(phase)
        assert exc_info.value.code == "wrong_phase"
        assert phase.value in exc_info.value.detail


@pytest.mark.parametrize("phase", list(Phase))
def test_dots_can_only_be_cast_while_voting(phase: Phase) -> None:
    assert can_vote(phase) is (phase is Phase.VOTING)
    if phase is Phase.VOTING:
        check_can_vote(phase)
    else:
        with pytest.raises(WrongPhase) as exc_info:
            check_can_vote(phase)
        assert exc_info.value.code == "wrong_phase"
        assert phase.value in exc_info.value.detail


@pytest.mark.parametrize("phase", list(Phase))
def test_clusters_change_while_collecting_grouping_or_voting(phase: Phase) -> None:
    """At results the grouping is the record of what the room decided; it no longer changes."""
    open_to_grouping = phase in (Phase.COLLECTING, Phase.GROUPING, Phase.VOTING)
    assert can_group(phase) is open_to_grouping
    if open_to_grouping:
        check_can_group(phase)
    else:
        with pytest.raises(WrongPhase) as exc_info:
            check_can_group(phase)
        assert exc_info.value.code == "wrong_phase"
        assert phase.value in exc_info.value.detail


@pytest.mark.parametrize("phase", list(Phase))
@pytest.mark.parametrize("blind", [True, False])
def test_staff_always_see_counts(phase: Phase, blind: bool) -> None:
    assert counts_visible(phase, blind_voting=blind, audience=Audience.STAFF)


@pytest.mark.parametrize("phase", [Phase.RESULTS, Phase.CLOSED])
@pytest.mark.parametrize("audience", list(Audience))
@pytest.mark.parametrize("blind", [True, False])
def test_everyone_sees_counts_once_results_are_shown(
    phase: Phase, audience: Audience, blind: bool
) -> None:
    assert counts_visible(phase, blind_voting=blind, audience=audience)


def test_board_sees_live_counts_during_open_voting() -> None:
    assert counts_visible(Phase.VOTING, blind_voting=False, audience=Audience.BOARD)


def test_board_does_not_see_counts_during_blind_voting() -> None:
    assert not counts_visible(Phase.VOTING, blind_voting=True, audience=Audience.BOARD)


@pytest.mark.parametrize("blind", [True, False])
def test_participants_never_see_live_counts_during_voting(blind: bool) -> None:
    assert not counts_visible(Phase.VOTING, blind_voting=blind, audience=Audience.PARTICIPANT)


@pytest.mark.parametrize("phase", [Phase.DRAFT, Phase.COLLECTING, Phase.GROUPING])
@pytest.mark.parametrize("audience", [Audience.PARTICIPANT, Audience.BOARD])
@pytest.mark.parametrize("blind", [True, False])
def test_counts_are_hidden_before_voting(phase: Phase, audience: Audience, blind: bool) -> None:
    assert not counts_visible(phase, blind_voting=blind, audience=audience)


@pytest.mark.parametrize("phase", [Phase.VOTING, Phase.RESULTS, Phase.CLOSED])
@pytest.mark.parametrize("phones_see_ideas", [True, False])
def test_participants_always_see_ideas_they_can_vote_on(
    phase: Phase, phones_see_ideas: bool
) -> None:
    assert ideas_visible_to_participants(phase, phones_see_ideas=phones_see_ideas)


@pytest.mark.parametrize("phase", [Phase.COLLECTING, Phase.GROUPING])
@pytest.mark.parametrize("phones_see_ideas", [True, False])
def test_idea_visibility_while_collecting_follows_the_setting(
    phase: Phase, phones_see_ideas: bool
) -> None:
    assert (
        ideas_visible_to_participants(phase, phones_see_ideas=phones_see_ideas) is phones_see_ideas
    )


@pytest.mark.parametrize("phones_see_ideas", [True, False])
def test_participants_see_no_ideas_in_draft(phones_see_ideas: bool) -> None:
    assert not ideas_visible_to_participants(Phase.DRAFT, phones_see_ideas=phones_see_ideas)


@pytest.mark.parametrize(("before", "after", "phones_see_ideas", "keep"), [
    (Phase.COLLECTING, Phase.VOTING, True, True),  # every idea reached the phones already
    (Phase.COLLECTING, Phase.GROUPING, True, True),
    (Phase.GROUPING, Phase.VOTING, True, True),
    (Phase.COLLECTING, Phase.VOTING, False, False),  # the list is new to the phones
    (Phase.DRAFT, Phase.COLLECTING, True, False),
    (Phase.VOTING, Phase.RESULTS, True, False),  # the list now carries counts
    (Phase.RESULTS, Phase.VOTING, True, False),  # … and must lose them again
    (Phase.RESULTS, Phase.CLOSED, True, False),
])
def test_phones_keep_their_ideas_only_when_the_list_they_hold_is_the_one_shown_next(
        before: Phase, after: Phase, phones_see_ideas: bool, keep: bool) -> None:
    for blind in (False, True):
        assert phones_keep_their_ideas(before, after, phones_see_ideas=phones_see_ideas,
                                       blind_voting=blind) is keep
