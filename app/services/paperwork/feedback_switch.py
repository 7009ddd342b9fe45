"""The facilitator's switch that asks a workshop's phones for the seminar's feedback."""

from __future__ import annotations

from ...database import transaction
from ...models import Workshop
from .. import fields
from ..access import Principal, check_staff
from ..team import check_steers
from ..workshops import get_workshop, next_seq, state_event


def set_feedback_open(principal: Principal, workshop_id: object, open_: object) -> Workshop:
    """Ask the workshop's phones for feedback (the board shows its QR code), or stop asking.

    Every screen gets the workshop's new state (``feedback_open`` in its workshop)."""
    check_staff(principal)
    flag = fields.flag({"open": open_}, "open")
    with transaction() as tx:
        workshop = get_workshop(workshop_id, lock=True)
        check_steers(principal, workshop)
        if workshop.feedback_open != flag:
            workshop.feedback_open = flag
            tx.on_commit(state_event(workshop, next_seq(workshop)))
    return workshop
