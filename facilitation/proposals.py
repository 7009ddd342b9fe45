"""The follow-up pipeline: proposal statuses and their transitions, next steps, idea triage, the funnel.

Statuses follow the LEADER call (Estonian terms in brackets):

    idea (projektiidee) → developing (arendamisel) → ready (valmis taotlemiseks)
    → submitted (taotlus esitatud) → evaluation (hindamisel)
    → approved (rahuldatud) | partly_approved (osaliselt rahuldatud) | rejected (rahuldamata)
    approved | partly_approved → implementation (elluviimisel) → completed (lõpetatud)

Besides the main path:

- ready → developing: the draft needs more work before the call.
- rejected → developing: reworked for a later call (a rejection is not the end of an idea).
- on_hold (ootel) and dropped (loobutud) can be reached from every open status.
- on_hold returns only to the status it left (the caller stores it) or is dropped.
- completed and dropped are terminal: nothing leaves them.
- rejected is closed but not terminal: it may only go back to developing or be dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from facilitation.errors import InvalidTransition


class ProposalStatus(StrEnum):
    IDEA = "idea"
    DEVELOPING = "developing"
    READY = "ready"
    SUBMITTED = "submitted"
    EVALUATION = "evaluation"
    APPROVED = "approved"
    PARTLY_APPROVED = "partly_approved"
    REJECTED = "rejected"
    IMPLEMENTATION = "implementation"
    COMPLETED = "completed"
    ON_HOLD = "on_hold"
    DROPPED = "dropped"


class Fund(StrEnum):
    LEADER = "leader"
    ESF_PLUS = "esf_plus"
    MULTI_FUND = "multi_fund"
    MUNICIPAL = "municipal"
    OTHER = "other"


class ApplicantType(StrEnum):
    NGO = "ngo"
    FOUNDATION = "foundation"
    MUNICIPALITY = "municipality"
    COMPANY = "company"
    COMMUNITY_GROUP = "community_group"
    PERSON = "person"


S = ProposalStatus

# The order of the main path; also the order of the pipeline board's columns.
MAIN_PATH: tuple[ProposalStatus, ...] = (
    S.IDEA, S.DEVELOPING, S.READY, S.SUBMITTED, S.EVALUATION, S.APPROVED, S.PARTLY_APPROVED,
    S.REJECTED, S.IMPLEMENTATION, S.COMPLETED, S.ON_HOLD, S.DROPPED)

TERMINAL: frozenset[ProposalStatus] = frozenset({S.COMPLETED, S.DROPPED})
# Work is going on: a next step makes sense and the proposal may be held or dropped.
OPEN: frozenset[ProposalStatus] = frozenset({
    S.IDEA, S.DEVELOPING, S.READY, S.SUBMITTED, S.EVALUATION, S.APPROVED, S.PARTLY_APPROVED,
    S.IMPLEMENTATION})

_FORWARD: Mapping[ProposalStatus, frozenset[ProposalStatus]] = MappingProxyType({
    S.IDEA: frozenset({S.DEVELOPING}),
    S.DEVELOPING: frozenset({S.READY}),
    S.READY: frozenset({S.SUBMITTED, S.DEVELOPING}),
    S.SUBMITTED: frozenset({S.EVALUATION}),
    S.EVALUATION: frozenset({S.APPROVED, S.PARTLY_APPROVED, S.REJECTED}),
    S.APPROVED: frozenset({S.IMPLEMENTATION}),
    S.PARTLY_APPROVED: frozenset({S.IMPLEMENTATION}),
    S.REJECTED: frozenset({S.DEVELOPING, S.DROPPED}),
    S.IMPLEMENTATION: frozenset({S.COMPLETED}),
    S.COMPLETED: frozenset(),
    S.DROPPED: frozenset(),
    S.ON_HOLD: frozenset({S.DROPPED}),
})

TRANSITIONS: Mapping[ProposalStatus, frozenset[ProposalStatus]] = MappingProxyType({
    status: targets | ({S.ON_HOLD, S.DROPPED} if status in OPEN else frozenset())
    for status, targets in _FORWARD.items()
})


def allowed_next(status: ProposalStatus, held_from: ProposalStatus | None = None
                 ) -> frozenset[ProposalStatus]:
    """The statuses reachable in one step; an on-hold proposal may go back where it was."""
    targets = TRANSITIONS[status]
    if status is S.ON_HOLD and held_from in OPEN:
        assert held_from is not None
        targets = targets | {held_from}
    return targets


def next_forward(status: ProposalStatus, held_from: ProposalStatus | None = None
                 ) -> ProposalStatus | None:
    """The status a proposal most likely moves to next: the nearest allowed one further along
    the main path (an on-hold proposal's way back). None when every move goes back or ends it.
    """
    allowed = allowed_next(status, held_from)
    if status is S.ON_HOLD:
        return held_from if held_from in allowed else None
    ahead = MAIN_PATH[MAIN_PATH.index(status) + 1:]
    return next((target for target in ahead
                 if target in allowed and target not in (S.ON_HOLD, S.DROPPED)), None)


def check_transition(current: ProposalStatus, target: ProposalStatus,
                     held_from: ProposalStatus | None = None) -> None:
    """Raise ``InvalidTransition`` unless ``current`` → ``target`` is allowed."""
    if target not in allowed_next(current, held_from):
        raise InvalidTransition(f"cannot move a proposal from {current.value} to {target.value}")


def held_from_after(current: ProposalStatus, target: ProposalStatus) -> ProposalStatus | None:
    """What to remember after a move: the status left when going on hold, nothing otherwise."""
    if target is S.ON_HOLD:
        return current
    return None


def is_overdue(due: date | None, today: date, status: ProposalStatus) -> bool:
    """A next step is overdue once its due date has passed while the proposal is still open."""
    return due is not None and due < today and status in OPEN | {S.ON_HOLD}


# -- the idea backlog ---------------------------------------------------------------------


class TriageState(StrEnum):
    """Where an idea stands in the coordinators' backlog."""

    NEW = "new"
    SHORTLISTED = "shortlisted"
    PROMOTED = "promoted"  # it fed at least one proposal
    ARCHIVED = "archived"


class TriageAction(StrEnum):
    SHORTLIST = "shortlist"
    ARCHIVE = "archive"
    RESTORE = "restore"


_TRIAGE: Mapping[TriageAction, tuple[frozenset[TriageState], TriageState]] = MappingProxyType({
    TriageAction.SHORTLIST: (frozenset({TriageState.NEW, TriageState.ARCHIVED}),
                             TriageState.SHORTLISTED),
    TriageAction.ARCHIVE: (frozenset({TriageState.NEW, TriageState.SHORTLISTED}),
                           TriageState.ARCHIVED),
    TriageAction.RESTORE: (frozenset({TriageState.SHORTLISTED, TriageState.ARCHIVED}),
                           TriageState.NEW),
})


def triage_after(current: TriageState, action: TriageAction) -> TriageState | None:
    """The state an idea moves to, or None when the action leaves it as it is.

    A promoted idea stays promoted: it is tied to a proposal, which is where it is decided on.
    """
    sources, target = _TRIAGE[action]
    return target if current in sources else None


_TRIAGE_RANK = (TriageState.ARCHIVED, TriageState.NEW, TriageState.SHORTLISTED,
                TriageState.PROMOTED)


def merged_triage(states: Iterable[TriageState]) -> TriageState:
    """The state of an idea that other ideas were merged into: the furthest any of them got."""
    return max(states, key=_TRIAGE_RANK.index, default=TriageState.NEW)


def triage_when_unlinked(still_in_a_proposal: bool) -> TriageState:
    """An idea taken out of its last proposal goes back to the shortlist it came from."""
    return TriageState.PROMOTED if still_in_a_proposal else TriageState.SHORTLISTED


# -- the funnel on the dashboard ----------------------------------------------------------


class FunnelStage(StrEnum):
    IDEAS = "ideas"
    SHORTLISTED = "shortlisted"
    PROPOSALS = "proposals"
    SUBMITTED = "submitted"
    APPROVED = "approved"
    COMPLETED = "completed"


FUNNEL: tuple[FunnelStage, ...] = tuple(FunnelStage)

_REACHES: Mapping[FunnelStage, frozenset[ProposalStatus]] = MappingProxyType({
    FunnelStage.SUBMITTED: frozenset({S.SUBMITTED, S.EVALUATION, S.APPROVED, S.PARTLY_APPROVED,
                                      S.REJECTED, S.IMPLEMENTATION, S.COMPLETED}),
    FunnelStage.APPROVED: frozenset({S.APPROVED, S.PARTLY_APPROVED, S.IMPLEMENTATION,
                                     S.COMPLETED}),
    FunnelStage.COMPLETED: frozenset({S.COMPLETED}),
})


def proposal_stages(statuses_seen: Iterable[ProposalStatus]) -> frozenset[FunnelStage]:
    """The funnel stages a proposal has reached, judged by every status it has ever had.

    A proposal submitted and later dropped still counts as submitted.
    """
    seen = frozenset(statuses_seen)
    stages = {FunnelStage.PROPOSALS}
    stages.update(stage for stage, statuses in _REACHES.items() if seen & statuses)
    return frozenset(stages)


def idea_stages(triage: TriageState) -> frozenset[FunnelStage]:
    """An idea counts as an idea, and as shortlisted once shortlisted or promoted."""
    if triage in (TriageState.SHORTLISTED, TriageState.PROMOTED):
        return frozenset({FunnelStage.IDEAS, FunnelStage.SHORTLISTED})
    return frozenset({FunnelStage.IDEAS})
