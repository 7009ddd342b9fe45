"""Dot voting: casting and taking back dots, within the budget, each retry counted once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from facilitation.errors import DomainError
from facilitation.phases import check_can_vote
from facilitation.voting import VotingRules, check_cast, votes_left

from ..database import transaction
from ..extensions import db
from ..models import Idea, Participant, Vote, utcnow
from ..realtime.publisher import publisher
from .access import Principal, PrincipalKind
from .errors import ServiceError
from .ideas import check_client_id, check_id, check_payload
from .workshops import get_workshop


@dataclass(frozen=True)
class VoteResult:
    idea_id: int
    votes_left: int
    idea_votes: int  # this voter's dots on the idea now

    def as_json(self) -> dict[str, Any]:
        return {"idea_id": self.idea_id, "votes_left": self.votes_left,
                "my_votes": self.idea_votes}


def _voter(principal: Principal, data: dict[str, Any], *, lock: bool) -> Participant:
    """A participant votes for themselves; staff vote only for the workshop's paper ballots."""
    if principal.kind is PrincipalKind.PARTICIPANT:
        participant_id = principal.participant_id
    elif principal.is_staff:
        participant_id = check_id(data, "participant_id")
    elif principal.kind is PrincipalKind.ANONYMOUS:
        raise ServiceError("unauthenticated")
    else:
        raise ServiceError("forbidden")
    # Locking the voter's row serialises their casts on PostgreSQL, across processes too,
    # so the budget holds in the database rather than in any one server's memory.
    participant = db.session.get(Participant, participant_id, with_for_update=lock or None)
    if participant is None:
        raise ServiceError("not_found", field="participant_id")
    if principal.is_staff and not participant.on_paper:
        raise ServiceError("forbidden")
    return participant


def _counts(participant_id: int, idea_id: int) -> tuple[int, int]:
    used, on_idea = db.session.execute(
        sa.select(sa.func.count(), sa.func.count().filter(Vote.idea_id == idea_id))
        .where(Vote.participant_id == participant_id, Vote.retracted_at.is_(None))
    ).one()
    return int(used), int(on_idea)


def _result(participant: Participant, dots_per_participant: int, idea_id: int) -> VoteResult:
    used, on_idea = _counts(participant.id, idea_id)
    return VoteResult(idea_id, max(0, dots_per_participant - used), on_idea)


def _replay(participant: Participant, column: Any, client_id: str | None) -> VoteResult | None:
    """The answer to an action this client already made, if it did."""
    if client_id is None:
        return None
    vote = db.session.scalar(sa.select(Vote).where(
        Vote.participant_id == participant.id, column == client_id))
    if vote is None:
        return None
    workshop = get_workshop(participant.workshop_id)
    return _result(participant, workshop.dots_per_participant, vote.idea_id)


def _open_idea(workshop_id: int, idea_id: int) -> Idea:
    idea = db.session.get(Idea, idea_id)
    if idea is None or idea.workshop_id != workshop_id or not idea.visible:
        raise ServiceError("not_found", field="idea_id")
    return idea


def cast_vote(principal: Principal, data: object) -> VoteResult:
    """Spend one dot on an idea."""
    payload = check_payload(data)
    idea_id = check_id(payload, "idea_id")
    client_id = check_client_id(payload.get("client_id"), required=False)
    try:
        with transaction():
            participant = _voter(principal, payload, lock=True)
            replay = _replay(participant, Vote.client_id, client_id)
            if replay is not None:
                return replay
            workshop = get_workshop(participant.workshop_id)
            _open_idea(workshop.id, idea_id)
            rules = VotingRules(workshop.dots_per_participant, workshop.max_dots_per_idea)
            used, on_idea = _counts(participant.id, idea_id)
            try:
                check_can_vote(workshop.phase)
                check_cast(rules, dots_used=used, dots_on_idea=on_idea)
            except DomainError as error:
                raise ServiceError.from_domain(error) from None
            db.session.add(Vote(workshop_id=workshop.id, participant_id=participant.id,
                                idea_id=idea_id, client_id=client_id,
                                cast_by_user_id=principal.user_id))
            participant.last_seen_at = utcnow()
            result = VoteResult(idea_id, votes_left(rules, used + 1), on_idea + 1)
    except IntegrityError:
        return _replay_after_race(principal, payload, Vote.client_id, client_id)
    publisher.tally_changed(workshop.id)
    return result


def retract_vote(principal: Principal, data: object) -> VoteResult:
    """Take back one of your dots from an idea."""
    payload = check_payload(data)
    idea_id = check_id(payload, "idea_id")
    client_id = check_client_id(payload.get("client_id"), required=False)
    try:
        with transaction():
            participant = _voter(principal, payload, lock=True)
            replay = _replay(participant, Vote.retract_client_id, client_id)
            if replay is not None:
                return replay
            workshop = get_workshop(participant.workshop_id)
            try:
                check_can_vote(workshop.phase)
            except DomainError as error:
                raise ServiceError.from_domain(error) from None
            vote = db.session.scalar(sa.select(Vote).where(
                Vote.participant_id == participant.id, Vote.idea_id == idea_id,
                Vote.retracted_at.is_(None)).order_by(Vote.id.desc()).limit(1))
            if vote is None:
                raise ServiceError("not_found", field="idea_id")
            vote.retracted_at = utcnow()
            vote.retract_client_id = client_id
            db.session.flush()
            result = _result(participant, workshop.dots_per_participant, idea_id)
    except IntegrityError:
        return _replay_after_race(principal, payload, Vote.retract_client_id, client_id)
    publisher.tally_changed(workshop.id)
    return result


def _replay_after_race(principal: Principal, payload: dict[str, Any], column: Any,
                       client_id: str | None) -> VoteResult:
    """Two connections sent the same client id at once; answer with what the first did."""
    participant = _voter(principal, payload, lock=False)
    replay = _replay(participant, column, client_id)
    db.session.rollback()
    if replay is None:
        raise ServiceError("unavailable")
    return replay
