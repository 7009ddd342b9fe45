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
from .limits import limits
from .team import check_steers
from .workshops import get_workshop, workshop_for_code

NAME_LIMIT = 80


def join_workshop(code: object, name: object = None, background: object = None, *,
                  address: str | None = None, for_feedback: bool = False
                  ) -> tuple[Participant, str]:
    """Make a new anonymous participant; returns it with the rejoin token (shown only now).

    With the caller's `address`, joins are limited per address and workshop ("join" in
    services/limits.py), generously: a hall of phones shares one address. A phone that only
    answers the seminar's feedback (`for_feedback`) comes in while feedback is open, whatever
    the door: everyone in the hall is asked, latecomers too.
    """
    given = {"name": name, "background": background}
    display_name = fields.text(given, "name", limit=NAME_LIMIT)
    chosen_background = fields.choice(given, "background", Background)
    workshop = workshop_for_code(code)
    if workshop is None:
        raise ServiceError("not_found", field="code")
    workshop_id = workshop.id
    joining_open = workshop.joining_open or (for_feedback and workshop.feedback_open)
    # End the look-up's transaction before the limit, which may wait on Redis (on SQLite an
    # open transaction holds the write lock).
    db.session.rollback()
    if not joining_open:
        raise ServiceError("joining_closed")
    if address is not None and not limits().hit("join", f"{address}:{workshop_id}"):
        raise ServiceError("rate_limited")
    token = new_rejoin_token()
    with transaction() as tx:
        participant = Participant(workshop_id=workshop_id, token_hash=hash_token(token),
                                  display_name=display_name, background=chosen_background)
        db.session.add(participant)
        tx.on_commit(TallyChanged(workshop_id))
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
        workshop = get_workshop(workshop_id, lock=True)
        check_steers(principal, workshop)
        if workshop.phase is Phase.CLOSED:
            raise ServiceError("wrong_phase")
        count = db.session.scalar(sa.select(sa.func.count()).where(
            Participant.workshop_id == workshop.id, Participant.on_paper.is_(True))) or 0
        if count >= workshop.paper_ballot_limit:
            raise ServiceError("limit_reached", field="paper_ballot_limit")
        ballot = Participant(workshop_id=workshop.id, token_hash=None, on_paper=True,
                             display_name=label or f"#{count + 1}",
                             added_by_id=principal.user_id)
        db.session.add(ballot)
    return ballot

