"""Who may change a cooperation project: an admin sets it up (title, LAGs, period); each
partner's budget, lines and actual costs are kept by that LAG's coordinators (and admins).
Every staff member reads the projects and their indicators."""

from __future__ import annotations

import sqlalchemy as sa

from ...extensions import db
from ...models import CooperationProject, ProjectPartner, Role
from ..access import Principal, check_staff
from ..errors import ServiceError
from ..proposals.access import staff_lag_id
from ..rows import row_of


def projects(principal: Principal) -> list[CooperationProject]:
    check_staff(principal)
    return list(db.session.scalars(sa.select(CooperationProject).order_by(
        CooperationProject.starts_on.desc().nulls_last(), CooperationProject.title)))


def get_project(principal: Principal, project_id: object, *, lock: bool = False
                ) -> CooperationProject:
    check_staff(principal)
    return row_of(CooperationProject, project_id, "project_id", lock=lock)


def keeps_partner(principal: Principal, partner: ProjectPartner) -> bool:
    if principal.role is Role.ADMIN:
        return True
    return principal.role is Role.COORDINATOR and staff_lag_id(principal) == partner.lag_id


def check_partner_keeper(principal: Principal, partner: ProjectPartner) -> None:
    check_staff(principal)
    if not keeps_partner(principal, partner):
        raise ServiceError("forbidden")
