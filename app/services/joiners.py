"""Who joined a workshop, when, and taking people out again.

The console shows the joins over time against the expected head count, and lists the
participants so the team can remove one, those who joined after a time, or those who joined
and never did anything. Removing a participant deletes their ideas and dots, ends their
phone's sockets, and sends every screen a fresh state to resync from.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..database import transaction
from ..events import Revoked, TallyChanged
from ..extensions import db
from ..models import Idea, Participant, User, Vote, Workshop
from . import fields
from .access import Principal
from .snapshots import iso
from .team import check_steers
from .workshops import get_workshop, next_seq, state_event

REMOVE_LIMIT = 5000


def participants_json(principal: Principal, workshop_id: object) -> list[dict[str, Any]]:
    """The workshop's participants with what each did, for the team."""
    workshop = get_workshop(workshop_id)
    check_steers(principal, workshop)
    ideas = dict(db.session.execute(
        sa.select(Idea.participant_id, sa.func.count()).where(Idea.workshop_id == workshop.id)
        .group_by(Idea.participant_id)).all())
    dots = dict(db.session.execute(
        sa.select(Vote.participant_id, sa.func.count()).where(
            Vote.workshop_id == workshop.id, Vote.retracted_at.is_(None))
        .group_by(Vote.participant_id)).all())
    authors = dict(db.session.execute(sa.select(User.id, User.name)).all())
    return [{"id": person.id, "display_name": person.display_name,
             "on_paper": person.on_paper, "joined_at": iso(person.created_at),
             "ideas": ideas.get(person.id, 0), "dots": dots.get(person.id, 0),
             "added_by": authors.get(person.added_by_id) if person.added_by_id else None}
            for person in db.session.scalars(sa.select(Participant).where(
                Participant.workshop_id == workshop.id).order_by(Participant.id))]


def _chosen(workshop: Workshop, payload: dict[str, Any]) -> sa.Select[Any]:
    """Exactly one of participant_ids, joined_after or inactive says whom to remove."""
    ids = fields.id_list(payload.get("participant_ids"), "participant_ids", limit=REMOVE_LIMIT)
    joined_after = fields.optional_moment(payload, "joined_after")
    inactive = fields.boolean(payload, "inactive", default=False)
    if sum((bool(ids), joined_after is not None, inactive)) != 1:
        raise fields.invalid("participant_ids")
    query = sa.select(Participant.id).where(Participant.workshop_id == workshop.id)
    if ids:
        return query.where(Participant.id.in_(ids))
    phones = query.where(Participant.on_paper.is_(False))
    if joined_after is not None:
        return phones.where(Participant.created_at >= joined_after)
    return phones.where(~sa.exists().where(Idea.participant_id == Participant.id),
                        ~sa.exists().where(Vote.participant_id == Participant.id))


def remove_participants(principal: Principal, workshop_id: object, data: object) -> int:
    """Remove participants with their ideas and dots; returns how many were removed."""
    payload = fields.payload(data)
    with transaction() as tx:
        workshop = get_workshop(workshop_id, lock=True)
        check_steers(principal, workshop)
        removed = list(db.session.scalars(_chosen(workshop, payload)))
        if not removed:
            return 0
        _delete(workshop, removed)
        tx.on_commit(state_event(workshop, next_seq(workshop), resync=True),
                     TallyChanged(workshop.id),
                     *(Revoked("participant", person) for person in removed))
    return len(removed)


def _delete(workshop: Workshop, participant_ids: list[int]) -> None:
    """Their dots, their ideas (others' dots on them go back), then the participants."""
    idea_ids = list(db.session.scalars(sa.select(Idea.id).where(
        Idea.workshop_id == workshop.id, Idea.participant_id.in_(participant_ids))))
    if idea_ids:
        # Ideas merged into a removed one come back as ideas of their own.
        db.session.execute(sa.update(Idea).where(
            Idea.merged_into_id.in_(idea_ids), Idea.id.not_in(idea_ids))
            .values(merged_into_id=None))
        db.session.execute(sa.delete(Vote).where(Vote.idea_id.in_(idea_ids)))
        db.session.execute(sa.update(Idea).where(Idea.id.in_(idea_ids))
                           .values(merged_into_id=None))
        db.session.execute(sa.delete(Idea).where(Idea.id.in_(idea_ids)))
    db.session.execute(sa.delete(Vote).where(Vote.participant_id.in_(participant_ids)))
    db.session.execute(sa.delete(Participant).where(Participant.id.in_(participant_ids)))

