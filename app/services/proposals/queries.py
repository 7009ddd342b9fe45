"""Reading proposals: one, a filtered page, the pipeline's columns, and their budget figures."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from facilitation.errors import InvalidInput
from facilitation.proposal_money import Budget, RateCheck, check_rate, parse_rate
from facilitation.proposals import (
    MAIN_PATH,
    OPEN,
    ApplicantType,
    Fund,
    ProposalStatus,
    allowed_next,
    is_overdue,
)

from ...extensions import db
from ...models import Lag, Measure, Proposal, Role, Seminar, User, proposal_lags
from .. import fields
from ..access import Principal, check_staff
from ..idea_terms import proposal_search_condition
from ..paging import PER_PAGE, Q_LIMIT, ListFilters, page_count
from ..periods import proposal_in

MAX_PER_PAGE = 500
SORTS = ("updated", "due", "budget", "title")


def local_today() -> date:
    """Today where the LAGs work: a next step due today is not overdue yet."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Tallinn")
    return datetime.now(zone).date()


def _loaded() -> sa.Select[Proposal]:
    return sa.select(Proposal).options(
        sa.orm.selectinload(Proposal.cooperation_lags), sa.orm.selectinload(Proposal.ideas),
        sa.orm.joinedload(Proposal.lag), sa.orm.joinedload(Proposal.measure),
        sa.orm.joinedload(Proposal.coordinator), sa.orm.joinedload(Proposal.seminar))


@dataclass(frozen=True)
class ProposalFilters(ListFilters):
    status: ProposalStatus | None = None
    lag_id: int | None = None
    fund: Fund | None = None
    measure_id: int | None = None
    coordinator_id: int | None = None
    seminar_id: int | None = None
    overdue: bool = False
    mine: bool = False
    sort: str = "updated"


def parse_filters(args: Mapping[str, Any]) -> ProposalFilters:
    sort = args.get("sort") or "updated"
    if sort not in SORTS:
        raise fields.invalid("sort")
    per_page = fields.optional_id(args, "per_page") or PER_PAGE
    if per_page > MAX_PER_PAGE:
        raise fields.invalid("per_page")
    period = fields.period(args)
    return ProposalFilters(
        status=fields.choice(args, "status", ProposalStatus),
        lag_id=fields.optional_id(args, "lag_id"),
        fund=fields.choice(args, "fund", Fund),
        measure_id=fields.optional_id(args, "measure_id"),
        coordinator_id=fields.optional_id(args, "coordinator_id"),
        seminar_id=fields.optional_id(args, "seminar_id"),
        overdue=fields.flag(args, "overdue"),
        mine=fields.flag(args, "mine"),
        sort=sort,
        # Text search of the title, the summary and the source ideas; blank is no filter.
        q=fields.text(args, "q", limit=Q_LIMIT),
        page=fields.optional_id(args, "page") or 1,
        per_page=per_page,
        period_from=period.start,
        period_to=period.end,
    )


def _conditions(principal: Principal, filters: ProposalFilters, today: date
                ) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = []
    if filters.status is not None:
        conditions.append(Proposal.status == filters.status)
    if filters.lag_id is not None:
        conditions.append(sa.or_(Proposal.lag_id == filters.lag_id, Proposal.id.in_(
            sa.select(proposal_lags.c.proposal_id).where(
                proposal_lags.c.lag_id == filters.lag_id))))
    if filters.fund is not None:
        conditions.append(Proposal.fund == filters.fund)
    if filters.measure_id is not None:
        conditions.append(Proposal.measure_id == filters.measure_id)
    if filters.coordinator_id is not None:
        conditions.append(Proposal.coordinator_id == filters.coordinator_id)
    if filters.seminar_id is not None:
        conditions.append(Proposal.seminar_id == filters.seminar_id)
    if filters.mine:
        conditions.append(Proposal.coordinator_id == principal.user_id)
    if filters.overdue:
        conditions.append(sa.and_(Proposal.next_step_due < today, Proposal.status.in_(
            [*OPEN, ProposalStatus.ON_HOLD])))
    if not filters.period.is_open:
        conditions.append(proposal_in(filters.period))
    if filters.q:
        conditions.append(proposal_search_condition(filters.q))
    return conditions


def _order(sort: str) -> list[Any]:
    if sort == "due":
        return [Proposal.next_step_due.asc().nulls_last(), Proposal.id]
    if sort == "budget":
        return [Proposal.budget_total.desc(), Proposal.id]
    if sort == "title":
        return [Proposal.title, Proposal.id]
    return [Proposal.updated_at.desc(), Proposal.id.desc()]


@dataclass(frozen=True)
class ProposalPage:
    proposals: list[Proposal]
    total: int
    filters: ProposalFilters

    @property
    def pages(self) -> int:
        return page_count(self.total, self.filters.per_page)


def list_proposals(principal: Principal, filters: ProposalFilters, *, today: date | None = None,
                   paged: bool = True) -> ProposalPage:
    check_staff(principal)
    conditions = _conditions(principal, filters, today or local_today())
    total = db.session.scalar(sa.select(sa.func.count(Proposal.id)).where(*conditions)) or 0
    query = _loaded().where(*conditions).order_by(*_order(filters.sort))
    if paged:
        query = query.limit(filters.per_page).offset((filters.page - 1) * filters.per_page)
    return ProposalPage(list(db.session.scalars(query).unique()), total, filters)


def pipeline_columns(principal: Principal, filters: ProposalFilters
                     ) -> dict[ProposalStatus, list[Proposal]]:
    """Every proposal the filters select (whatever its status), grouped by status."""
    everything = list_proposals(principal, replace(filters, status=None, sort="due"),
                                paged=False)
    columns: dict[ProposalStatus, list[Proposal]] = {status: [] for status in ProposalStatus}
    for proposal in everything.proposals:
        columns[proposal.status].append(proposal)
    return columns


def measure_max_rate(measure: Measure | None, applicant_type: ApplicantType | None
                     ) -> Decimal | None:
    """The measure's highest support rate for this applicant type; None when it sets none."""
    if measure is None or applicant_type is None:
        return None
    value = (measure.max_rates or {}).get(applicant_type.value)
    if value in (None, ""):
        return None
    try:
        return parse_rate(value, field="max_rates")
    except InvalidInput:
        return None


def next_statuses(proposal: Proposal) -> list[ProposalStatus]:
    """Where the proposal may go from here, in pipeline order."""
    allowed = allowed_next(proposal.status, proposal.held_from)
    return [status for status in MAIN_PATH if status in allowed]


def budget_of(proposal: Proposal) -> Budget:
    return Budget(proposal.budget_total, proposal.support_requested,
                  proposal.own_contribution_cash, proposal.own_contribution_in_kind)


def rate_check(proposal: Proposal) -> RateCheck | None:
    return check_rate(budget_of(proposal),
                      measure_max_rate(proposal.measure, proposal.applicant_type))


def next_step_overdue(proposal: Proposal, today: date) -> bool:
    return is_overdue(proposal.next_step_due, today, proposal.status)


# -- choices for forms and filters ---------------------------------------------------------


def lags() -> list[Lag]:
    return list(db.session.scalars(sa.select(Lag).order_by(Lag.name)))


def measures(*, active_only: bool = False) -> list[Measure]:
    query = sa.select(Measure).options(sa.orm.joinedload(Measure.lag)).order_by(
        Measure.lag_id, Measure.code)
    if active_only:
        query = query.where(Measure.active.is_(True))
    return list(db.session.scalars(query))


def coordinators() -> list[User]:
    return list(db.session.scalars(sa.select(User).where(
        User.active.is_(True), User.role.in_([Role.ADMIN, Role.COORDINATOR])).order_by(User.name)))


def seminars() -> list[Seminar]:
    return list(db.session.scalars(sa.select(Seminar).order_by(
        Seminar.starts_on.desc().nulls_last(), Seminar.id.desc())))

