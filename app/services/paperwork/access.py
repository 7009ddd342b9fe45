"""Who keeps a seminar's papers (its agenda, list of participants and feedback).

An admin keeps every seminar's; a coordinator those of their own LAG's seminars; a
facilitator those of the seminars they made or ran a workshop in. Every staff member may read
a seminar's agenda; the list of participants and the answers are for its keepers only.
"""

from __future__ import annotations

from typing import TypeVar

import sqlalchemy as sa

from ...extensions import db
from ...models import AgendaItem, Attendee, Role, Seminar, Workshop
from ..access import Principal, check_staff
from ..errors import ServiceError
from ..proposals.access import staff_lag_id
from ..rows import row_of

# A row of a seminar's papers that names its seminar.
Paper = TypeVar("Paper", AgendaItem, Attendee)


def get_seminar(seminar_id: object, *, lock: bool = False) -> Seminar:
    return row_of(Seminar, seminar_id, "seminar_id", lock=lock)


def keeps(principal: Principal, seminar: Seminar) -> bool:
    """Whether this staff member keeps the seminar's papers."""
    if not principal.is_staff:
        return False
    if principal.role is Role.ADMIN or seminar.created_by_id == principal.user_id:
        return True
    if principal.role is Role.COORDINATOR:
        lag_id = staff_lag_id(principal)
        return lag_id is not None and lag_id in {lag.id for lag in seminar.lags}
    return (db.session.scalar(sa.select(sa.func.count(Workshop.id)).where(
        Workshop.seminar_id == seminar.id, Workshop.created_by_id == principal.user_id)) or 0) > 0


def check_keeper(principal: Principal, seminar: Seminar) -> None:
    check_staff(principal)
    if not keeps(principal, seminar):
        raise ServiceError("forbidden")


def kept_seminar(principal: Principal, seminar_id: object, *, lock: bool = False) -> Seminar:
    """The seminar, once the caller may keep its papers (unknown callers hear that first)."""
    check_staff(principal)
    seminar = get_seminar(seminar_id, lock=lock)
    check_keeper(principal, seminar)
    return seminar


def kept_paper(principal: Principal, model: type[Paper], value: object, name: str) -> Paper:
    """The agenda item or attendee whose id the caller sent as ``name``, once the caller may
    keep its seminar's papers."""
    check_staff(principal)
    paper = row_of(model, value, name)
    check_keeper(principal, get_seminar(paper.seminar_id))
    return paper
