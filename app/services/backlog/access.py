"""Who may read the backlog (every staff member; a facilitator only their own workshops) and
who may change it (coordinators and admins)."""

from __future__ import annotations

from ...models import Role
from ..access import Principal, check_staff
from ..errors import ServiceError


def check_reader(principal: Principal) -> None:
    """Every staff member reads the backlog (a facilitator only their own workshops)."""
    check_staff(principal)


def check_editor(principal: Principal) -> None:
    """Triage and merges are for coordinators and admins."""
    check_staff(principal)
    if principal.role not in (Role.ADMIN, Role.COORDINATOR):
        raise ServiceError("forbidden")


def own_workshops_only(principal: Principal) -> bool:
    return principal.role is Role.FACILITATOR
