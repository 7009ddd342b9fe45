"""Workshop phase machine and the visibility rules that depend on the phase."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from facilitation.errors import InvalidTransition, WrongPhase


class Phase(StrEnum):
    """Lifecycle phase of a workshop, steered by the facilitator."""

    DRAFT = "draft"
    COLLECTING = "collecting"
    GROUPING = "grouping"
    VOTING = "voting"
    RESULTS = "results"
    CLOSED = "closed"


class Audience(StrEnum):
    """Who is looking at the workshop: a phone, the shared board, or staff."""

    PARTICIPANT = "participant"
    BOARD = "board"
    STAFF = "staff"


# Facilitators must always be able to end a workshop, whatever went wrong: every open
# phase can go to CLOSED.
TRANSITIONS: Mapping[Phase, frozenset[Phase]] = MappingProxyType(
    {
        Phase.DRAFT: frozenset({Phase.COLLECTING, Phase.CLOSED}),
        Phase.COLLECTING: frozenset({Phase.GROUPING, Phase.VOTING, Phase.CLOSED}),
        Phase.GROUPING: frozenset({Phase.VOTING, Phase.COLLECTING, Phase.CLOSED}),
        Phase.VOTING: frozenset({Phase.RESULTS, Phase.COLLECTING, Phase.CLOSED}),
        # Re-opening voting rescues a facilitator who showed results too early.
        Phase.RESULTS: frozenset({Phase.VOTING, Phase.CLOSED}),
        Phase.CLOSED: frozenset(),
    }
)


# Closing is for good for the team; an admin may reopen a closed workshop to its results
# (a workshop closed by mistake, or by someone who should not have).
REOPEN: Mapping[Phase, frozenset[Phase]] = MappingProxyType({Phase.CLOSED: frozenset({Phase.RESULTS})})


def allowed_next(phase: Phase, *, may_reopen: bool = False) -> frozenset[Phase]:
    """Return the phases reachable from ``phase`` in one step (with reopening, for admins)."""
    if may_reopen:
        return TRANSITIONS[phase] | REOPEN.get(phase, frozenset())
    return TRANSITIONS[phase]


def check_transition(current: Phase, target: Phase, *, may_reopen: bool = False) -> None:
    """Raise ``InvalidTransition`` unless ``current`` → ``target`` is allowed."""
    if target not in allowed_next(current, may_reopen=may_reopen):
        raise InvalidTransition(f"cannot move from {current.value} to {target.value}")


def can_post(phase: Phase) -> bool:
    """Return whether participants may post ideas in ``phase``."""
    return phase is Phase.COLLECTING


def check_can_post(phase: Phase) -> None:
    """Raise ``WrongPhase`` unless ideas may be posted in ``phase``."""
    if not can_post(phase):
        raise WrongPhase(f"ideas can only be posted while collecting, not in {phase.value}")


def can_vote(phase: Phase) -> bool:
    """Return whether participants may cast or retract dots in ``phase``."""
    return phase is Phase.VOTING


def check_can_vote(phase: Phase) -> None:
    """Raise ``WrongPhase`` unless voting is open in ``phase``."""
    if not can_vote(phase):
        raise WrongPhase(f"dots can only be cast while voting, not in {phase.value}")


def can_group(phase: Phase) -> bool:
    """Return whether ideas may be grouped into clusters in ``phase``.

    While they come in, while the room groups them, and while it votes; the results are the
    record of what the room decided, so their grouping no longer changes.
    """
    return phase in (Phase.COLLECTING, Phase.GROUPING, Phase.VOTING)


def check_can_group(phase: Phase) -> None:
    """Raise ``WrongPhase`` unless clusters may be changed in ``phase``."""
    if not can_group(phase):
        raise WrongPhase(f"clusters can be changed while collecting, grouping or voting, "
                         f"not in {phase.value}")


def counts_visible(phase: Phase, *, blind_voting: bool, audience: Audience) -> bool:
    """Return whether ``audience`` may see vote counts in ``phase``."""
    if audience is Audience.STAFF:
        return True
    if phase in (Phase.RESULTS, Phase.CLOSED):
        return True
    if phase is Phase.VOTING:
        # Phones never get live counts: herding aside, every dot would otherwise
        # have to be broadcast to every participant.
        return audience is Audience.BOARD and not blind_voting
    return False


def ideas_visible_to_participants(phase: Phase, *, phones_see_ideas: bool) -> bool:
    """Return whether participants' phones show other people's ideas in ``phase``."""
    if phase in (Phase.VOTING, Phase.RESULTS, Phase.CLOSED):
        # Participants must be able to see what they are voting on.
        return True
    if phase in (Phase.COLLECTING, Phase.GROUPING):
        return phones_see_ideas
    return False


def phones_keep_their_ideas(before: Phase, after: Phase, *, phones_see_ideas: bool,
                            blind_voting: bool) -> bool:
    """Return whether phones already hold, from ``before``, the idea list ``after`` shows.

    That is so when phones see the ideas in both phases (every idea reached them as it came,
    in ``seq`` order) and counts in neither (the list carries no counts to bring up to date).
    Then the phase change need not send every phone the whole list again: at a thousand
    ideas that is 200 KB for each phone in the hall.
    """
    def sees(phase: Phase) -> bool:
        return ideas_visible_to_participants(phase, phones_see_ideas=phones_see_ideas)

    def counts(phase: Phase) -> bool:
        return counts_visible(phase, blind_voting=blind_voting, audience=Audience.PARTICIPANT)

    return sees(before) and sees(after) and not counts(before) and not counts(after)

