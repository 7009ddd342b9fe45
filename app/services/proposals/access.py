"""Who may change a proposal: an admin any; a coordinator those of their own LAG, where the
LAG is the lead or a cooperation partner; a facilitator none (every staff member reads)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ...extensions import db
from ...models import Proposal, Role, User
from ..access import Principal, check_staff
from ..errors import ServiceError


def staff_lag_id(principal: Principal) -> int | None:
    """The LAG of the staff member behind ``principal`` (a coordinator works for one LAG)."""
    if principal.user_id is None:
        return None
    return db.session.scalar(sa.select(User.lag_id).where(User.id == principal.user_id))


def proposal_lag_ids(proposal: Proposal) -> set[int]:
    return {proposal.lag_id, *(lag.id for lag in proposal.cooperation_lags)}


@dataclass(frozen=True)
class EditScope:
    """What a staff member may change, looked up once per request."""

    everything: bool = False
    lag_id: int | None = None

    def allows(self, lag_ids: set[int]) -> bool:
        return self.everything or (self.lag_id is not None and self.lag_id in lag_ids)

    def allows_proposal(self, proposal: Proposal) -> bool:
        return self.allows(proposal_lag_ids(proposal))

    @property
    def may_create(self) -> bool:
        return self.everything or self.lag_id is not None


def edit_scope(principal: Principal) -> EditScope:
    check_staff(principal)
    if principal.role is Role.ADMIN:
        return EditScope(everything=True)
    if principal.role is Role.COORDINATOR:
        return EditScope(lag_id=staff_lag_id(principal))
    return EditScope()


def check_can_edit(principal: Principal, proposal: Proposal) -> EditScope:
    scope = edit_scope(principal)
    if not scope.allows_proposal(proposal):
        raise ServiceError("forbidden")
    return scope


def get_proposal(principal: Principal, proposal_id: int, *, lock: bool = False) -> Proposal:
    check_staff(principal)
    proposal = db.session.get(Proposal, proposal_id, with_for_update=lock or None)
    if proposal is None:
        raise ServiceError("not_found")
    return proposal
