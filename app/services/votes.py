"""Dot voting: casting and taking back dots, within the budget, each retry counted once.

A dot is the hot path of a vote storm, and every operation on dots takes the same path: a
cast, a retract, the answer to a retry, the replay after two connections raced with one
client id, and a paper ballot's dot. Each runs a few statements compiled once per dialect
(DriverStatement) in one short transaction on a connection of its own
(connection_transaction), and checks them with the rules in `facilitation.voting`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from facilitation.errors import DomainError
from facilitation.phases import Phase, check_can_vote
from facilitation.voting import VotingRules, check_cast, votes_left

from ..database import DriverStatement, Transaction, connection_transaction
from ..events import TallyChanged
from ..i18n import gettext as _
from ..models import Idea, Participant, Vote, Workshop, utcnow
from . import fields
from .access import Principal, PrincipalKind
from .errors import ServiceError


@dataclass(frozen=True)
class VoteResult:
    idea_id: int
    votes_left: int
    idea_votes: int  # this voter's dots on the idea now

    def as_json(self) -> dict[str, Any]:
        return {"idea_id": self.idea_id, "votes_left": self.votes_left,
                "my_votes": self.idea_votes}


_votes = cast(sa.Table, Vote.__table__)
_ideas = cast(sa.Table, Idea.__table__)
_workshops = cast(sa.Table, Workshop.__table__)
_participants = cast(sa.Table, Participant.__table__)
_live = _votes.c.retracted_at.is_(None)
# Touching the voter's row takes its row lock on PostgreSQL (across processes too), as
# SELECT … FOR UPDATE would, so one voter's dots are counted one at a time and the budget
# holds in the database; on SQLite BEGIN IMMEDIATE already holds the write lock.
TOUCH_VOTER = DriverStatement(
    sa.update(_participants).where(_participants.c.id == sa.bindparam("voter"))
    .values(last_seen_at=sa.bindparam("seen"))
    .returning(_participants.c.workshop_id, _participants.c.on_paper))
# The voter's live dots, those on the idea, and the idea an earlier cast and an earlier
# retract with this client id went to (NULL if none; a NULL client id matches nothing).
VOTER_DOTS = DriverStatement(
    sa.select(sa.func.count().filter(_live),
              sa.func.count().filter(sa.and_(_live, _votes.c.idea_id == sa.bindparam("idea"))),
              sa.func.max(sa.case((_votes.c.client_id == sa.bindparam("client"),
                                   _votes.c.idea_id))),
              sa.func.max(sa.case((_votes.c.retract_client_id == sa.bindparam("client"),
                                   _votes.c.idea_id))))
    .where(_votes.c.participant_id == sa.bindparam("voter")))
# The workshop's phase and rules, and the idea if it belongs to that workshop, with whether
# it is out of sight (hidden, waiting for approval, or merged into another).
RULES_AND_IDEA = DriverStatement(
    sa.select(_workshops.c.phase, _workshops.c.dots_per_participant,
              _workshops.c.max_dots_per_idea, _ideas.c.id,
              sa.or_(_ideas.c.hidden, _ideas.c.pending, _ideas.c.merged_into_id.is_not(None)))
    .select_from(_workshops.outerjoin(_ideas, sa.and_(
        _ideas.c.id == sa.bindparam("idea"), _ideas.c.workshop_id == _workshops.c.id)))
    .where(_workshops.c.id == sa.bindparam("workshop")))
INSERT_DOT = DriverStatement(sa.insert(_votes), column_keys=[
    "workshop_id", "participant_id", "idea_id", "client_id", "cast_by_user_id", "created_at"])
# Take back the voter's newest live dot on the idea; a row comes back if there was one.
RETRACT_DOT = DriverStatement(
    sa.update(_votes)
    .where(_votes.c.id == sa.select(sa.func.max(_votes.c.id)).where(
        _votes.c.participant_id == sa.bindparam("voter"),
        _votes.c.idea_id == sa.bindparam("idea"), _live).scalar_subquery())
    .values(retracted_at=sa.bindparam("at"), retract_client_id=sa.bindparam("client"))
    .returning(_votes.c.id))


@dataclass(frozen=True)
class DotRequest:
    """Who spends or takes back a dot, on which idea, under which client id."""

    voter_id: int
    idea_id: int
    client_id: str | None
    on_behalf: bool  # staff entering a paper ballot
    user_id: int | None


@dataclass(frozen=True)
class Dots:
    """The voter's dots as the database holds them when the change is checked."""

    used: int
    on_idea: int
    cast_with_client_id: int | None  # the idea an earlier cast with this client id went to
    retracted_with_client_id: int | None


@dataclass(frozen=True)
class Rules:
    """The workshop's phase and budget, and the idea as it stands in that workshop."""

    phase: Phase
    voting: VotingRules
    idea_id: int | None  # None when the idea is not in the voter's workshop
    idea_open: bool  # neither hidden nor merged


def cast_vote(principal: Principal, data: object) -> VoteResult:
    """Spend one dot on an idea."""
    return _run(_read(principal, data), _cast, replayed=lambda dots: dots.cast_with_client_id)


def retract_vote(principal: Principal, data: object) -> VoteResult:
    """Take back one of your dots from an idea."""
    return _run(_read(principal, data), _retract,
                replayed=lambda dots: dots.retracted_with_client_id)


def _read(principal: Principal, data: object) -> DotRequest:
    payload = fields.payload(data)
    idea_id = fields.required_id(payload, "idea_id")
    client_id = fields.client_id(payload)
    if principal.kind is PrincipalKind.PARTICIPANT:
        assert principal.participant_id is not None
        voter_id = principal.participant_id
    elif principal.is_staff:  # staff vote only for the workshop's paper ballots
        voter_id = fields.required_id(payload, "participant_id")
    elif principal.kind is PrincipalKind.ANONYMOUS:
        raise ServiceError("unauthenticated")
    else:
        raise ServiceError("forbidden")
    return DotRequest(voter_id, idea_id, client_id, principal.is_staff, principal.user_id)


Change = Callable[[Transaction, DotRequest, int, Dots], VoteResult]


def _run(request: DotRequest, change: Change,
         replayed: Callable[[Dots], int | None]) -> VoteResult:
    """Make the change, or answer a retry of it as the first time, in one short transaction."""
    try:
        with connection_transaction() as tx:
            workshop_id = _touch_voter(tx, request)
            dots = _dots(tx, request.voter_id, request.idea_id, request.client_id)
            earlier = replayed(dots)
            if earlier is not None:  # a retry: change nothing, answer as the first time
                return _answer(tx, request.voter_id, workshop_id, earlier)
            return change(tx, request, workshop_id, dots)
    except IntegrityError:
        # The same client id raced itself from two connections, and the other one won.
        with connection_transaction() as tx:
            workshop_id = _touch_voter(tx, request)
            earlier = replayed(_dots(tx, request.voter_id, request.idea_id, request.client_id))
            if earlier is None:
                raise ServiceError("unavailable") from None
            return _answer(tx, request.voter_id, workshop_id, earlier)


def _cast(tx: Transaction, request: DotRequest, workshop_id: int, dots: Dots) -> VoteResult:
    rules = _rules(tx, workshop_id, request.idea_id)
    if rules.idea_id is None or not rules.idea_open:
        raise ServiceError("not_found", field="idea_id")
    try:
        check_can_vote(rules.phase)
        check_cast(rules.voting, dots_used=dots.used, dots_on_idea=dots.on_idea)
    except DomainError as error:
        raise ServiceError.from_domain(error) from None
    INSERT_DOT.rows(tx.connection, workshop_id=workshop_id, participant_id=request.voter_id,
                    idea_id=request.idea_id, client_id=request.client_id,
                    cast_by_user_id=request.user_id, created_at=utcnow())
    tx.on_commit(TallyChanged(workshop_id))
    return VoteResult(request.idea_id, votes_left(rules.voting, dots.used + 1), dots.on_idea + 1)


def _retract(tx: Transaction, request: DotRequest, workshop_id: int, dots: Dots) -> VoteResult:
    rules = _rules(tx, workshop_id, request.idea_id)
    try:
        check_can_vote(rules.phase)
    except DomainError as error:
        raise ServiceError.from_domain(error) from None
    taken = RETRACT_DOT.rows(tx.connection, voter=request.voter_id, idea=request.idea_id,
                             at=utcnow(), client=request.client_id)
    if not taken:
        raise ServiceError("not_found", _("You have no dot on this idea to take back."),
                           field="idea_id")
    tx.on_commit(TallyChanged(workshop_id))
    return VoteResult(request.idea_id, votes_left(rules.voting, dots.used - 1), dots.on_idea - 1)


def _touch_voter(tx: Transaction, request: DotRequest) -> int:
    """Lock the voter's row and return their workshop; staff may touch only paper ballots."""
    found = TOUCH_VOTER.rows(tx.connection, voter=request.voter_id, seen=utcnow())
    if not found:
        raise ServiceError("not_found", field="participant_id")
    workshop_id, on_paper = found[0]
    if request.on_behalf and not on_paper:
        raise ServiceError("forbidden")
    return int(workshop_id)


def _dots(tx: Transaction, voter_id: int, idea_id: int, client_id: str | None) -> Dots:
    used, on_idea, cast_idea, retract_idea = VOTER_DOTS.rows(
        tx.connection, voter=voter_id, idea=idea_id, client=client_id)[0]
    return Dots(int(used), int(on_idea), cast_idea, retract_idea)


def _rules(tx: Transaction, workshop_id: int, idea_id: int) -> Rules:
    found = RULES_AND_IDEA.rows(tx.connection, workshop=workshop_id, idea=idea_id)
    if not found:
        raise ServiceError("not_found")
    phase, dots, max_on_idea, found_idea, out_of_sight = found[0]
    return Rules(Phase(phase), VotingRules(dots, max_on_idea), found_idea, not out_of_sight)


def _answer(tx: Transaction, voter_id: int, workshop_id: int, idea_id: int) -> VoteResult:
    """The voter's dots as they stand, for the idea an earlier action went to."""
    dots = _dots(tx, voter_id, idea_id, None)
    rules = _rules(tx, workshop_id, idea_id)
    return VoteResult(idea_id, votes_left(rules.voting, dots.used), dots.on_idea)
