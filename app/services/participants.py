"""Joining a workshop from a phone, rejoining after sleep, and paper ballots."""

from __future__ import annotations

import sqlalchemy as sa

from facilitation.codes import hash_token, new_rejoin_token
from facilitation.phases import Phase

from ..database import transaction
from ..events import TallyChanged
from ..extensions import db
from ..models import Background, Participant, Workshop
from . import fields
from .access import Principal, check_staff
from .errors import ServiceError
from .workshops import get_workshop, workshop_for_code

NAME_LIMIT = 80


def join_workshop(code: object, name: object = None,
                  background: object = None) -> tuple[Participant, str]:
    """Make a new anonymous participant; returns it with the rejoin token (shown only now)."""
    given = {"name": name, "background": background}
    display_name = fields.text(given, "name", limit=NAME_LIMIT)
    chosen_background = fields.choice(given, "background", Background)
    workshop = workshop_for_code(code)
    if workshop is None:
        raise ServiceError("not_found", field="code")
    token = new_rejoin_token()
    with transaction() as tx:
        participant = Participant(workshop_id=workshop.id, token_hash=hash_token(token),
                                  display_name=display_name, background=chosen_background)
        db.session.add(participant)
        tx.on_commit(TallyChanged(workshop.id))
    return participant, token


def rejoin(token: object, workshop: Workshop) -> Participant | None:
    """The participant behind a kept token, if it belongs to this workshop."""
    presented = fields.credential(token, max_length=200)
    if presented is None:
        return None
    participant = db.session.scalar(
        sa.select(Participant).where(Participant.token_hash == hash_token(presented)))
    if participant is None or participant.workshop_id != workshop.id:
        return None
    return participant


def add_paper_ballot(principal: Principal, workshop_id: object, name: object = None) -> Participant:
    """A ballot the facilitator fills in for someone who voted on paper."""
    check_staff(principal)
    label = fields.text({"name": name}, "name", limit=NAME_LIMIT)
    with transaction():
        workshop = get_workshop(workshop_id)
        if workshop.phase is Phase.CLOSED:
            raise ServiceError("wrong_phase")
        count = db.session.scalar(sa.select(sa.func.count()).where(
            Participant.workshop_id == workshop.id, Participant.on_paper.is_(True))) or 0
        ballot = Participant(workshop_id=workshop.id, token_hash=None, on_paper=True,
                             display_name=label or f"#{count + 1}")
        db.session.add(ballot)
    return ballot

