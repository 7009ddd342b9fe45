"""A workshop's team: who steers it (check_steers), who may watch it, and its co-facilitators.

Every service that changes a workshop calls ``check_steers(principal, workshop)`` once it
has the workshop (phases, timer, ideas, clusters, ballots, settings, participants, the
door); the rule itself is ``facilitation.team``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from facilitation.phases import Audience
from facilitation.team import StaffMember, may_change_team, may_watch, steers

from ..database import transaction
from ..extensions import db
from ..models import Role, User, Workshop, WorkshopTeam
from . import fields
from .access import Principal, PrincipalKind, check_staff
from .errors import ServiceError


def _member(principal: Principal) -> StaffMember:
    assert principal.user_id is not None
    return StaffMember(principal.user_id, is_admin=principal.role is Role.ADMIN,
                       reads_every_workshop=principal.role is Role.COORDINATOR)


def co_facilitator_ids(workshop_id: int) -> set[int]:
    return set(db.session.scalars(
        sa.select(WorkshopTeam.user_id).where(WorkshopTeam.workshop_id == workshop_id)))


def on_team(principal: Principal, workshop: Workshop) -> bool:
    """Whether the caller steers the workshop (never for a phone, a board or nobody)."""
    if not principal.is_staff:
        return False
    member = _member(principal)
    if member.is_admin or member.user_id == workshop.created_by_id:
        return True  # no need to read the co-facilitators
    return steers(member, creator_id=workshop.created_by_id,
                  co_facilitator_ids=co_facilitator_ids(workshop.id))


def check_steers(principal: Principal, workshop: Workshop) -> None:
    """Refuse anyone but the workshop's team: unauthenticated for nobody, else forbidden."""
    check_staff(principal)
    if not on_team(principal, workshop):
        raise ServiceError("forbidden")


def check_can_watch(principal: Principal, workshop: Workshop) -> None:
    """The team; other staff only where the backlog lets them read; a phone or a board only
    its own workshop."""
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise ServiceError("unauthenticated")
    if not principal.is_staff:
        if principal.workshop_id != workshop.id:
            raise ServiceError("forbidden")
        return
    if not may_watch(_member(principal), on_team=on_team(principal, workshop)):
        raise ServiceError("forbidden")


def audience_for(principal: Principal, workshop: Workshop) -> Audience:
    """What the caller sees of the workshop: the team the staff view, other staff the board's
    (no hidden ideas, no board key, no ballots)."""
    if principal.is_staff and not on_team(principal, workshop):
        return Audience.BOARD
    return principal.audience


def steered_workshops(user_id: int) -> sa.ColumnElement[bool]:
    """A condition on Workshop: the ones this user steers as creator or co-facilitator."""
    return sa.or_(Workshop.created_by_id == user_id, Workshop.id.in_(
        sa.select(WorkshopTeam.workshop_id).where(WorkshopTeam.user_id == user_id)))


# -- the team's members ---------------------------------------------------------------------


def team_json(workshop: Workshop) -> dict[str, Any]:
    """The creator and the co-facilitators, for the console and the API."""
    creator = db.session.get(User, workshop.created_by_id) if workshop.created_by_id else None
    rows = db.session.execute(
        sa.select(User).join(WorkshopTeam, WorkshopTeam.user_id == User.id)
        .where(WorkshopTeam.workshop_id == workshop.id).order_by(User.name, User.email))
    return {"creator": _user_json(creator) if creator else None,
            "co_facilitators": [_user_json(user) for (user,) in rows]}


def _user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "name": user.name, "email": user.email, "role": user.role.value}


def candidates(workshop: Workshop) -> list[User]:
    """Active staff who could be added: not admins (already on every team), not on it yet."""
    taken = co_facilitator_ids(workshop.id) | {workshop.created_by_id or 0}
    return [user for user in db.session.scalars(
        sa.select(User).where(User.active.is_(True), User.role != Role.ADMIN)
        .order_by(User.name, User.email)) if user.id not in taken]


def _check_changes_team(principal: Principal, workshop: Workshop) -> None:
    check_staff(principal)
    if not may_change_team(_member(principal), creator_id=workshop.created_by_id):
        raise ServiceError("forbidden")


def add_co_facilitator(principal: Principal, workshop_id: object, user_id: object) -> Workshop:
    """The creator or an admin adds an active staff member to the workshop's team."""
    from .workshops import get_workshop

    check_staff(principal)
    with transaction():
        workshop = get_workshop(workshop_id, lock=True)
        _check_changes_team(principal, workshop)
        member_id = fields.as_id(user_id, "user_id")
        user = db.session.get(User, member_id)
        if user is None or not user.active:
            raise ServiceError("not_found", field="user_id")
        if member_id != workshop.created_by_id and member_id not in co_facilitator_ids(
                workshop.id):
            db.session.add(WorkshopTeam(workshop_id=workshop.id, user_id=member_id,
                                        added_by_id=principal.user_id))
    return workshop


def remove_co_facilitator(principal: Principal, workshop_id: object, user_id: object
                          ) -> Workshop:
    """Take a co-facilitator off the team; the creator stays (they made it)."""
    from .workshops import get_workshop

    check_staff(principal)
    with transaction():
        workshop = get_workshop(workshop_id, lock=True)
        _check_changes_team(principal, workshop)
        member_id = fields.as_id(user_id, "user_id")
        removed = db.session.execute(sa.delete(WorkshopTeam).where(
            WorkshopTeam.workshop_id == workshop.id, WorkshopTeam.user_id == member_id))
        if not getattr(removed, "rowcount", 0):
            raise ServiceError("not_found", field="user_id")
    return workshop
