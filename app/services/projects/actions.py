"""Changing cooperation projects: setting one up, its partners' budgets and lines, actual costs,
and which project and line a seminar belongs to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from facilitation.cooperation import PartnerBudget, check_lines_fit, check_partner_budget
from facilitation.errors import InvalidInput
from facilitation.proposal_money import ZERO

from ...database import transaction
from ...extensions import db
from ...i18n import gettext as _
from ...models import (
    ActualCost,
    BudgetLine,
    CooperationProject,
    Lag,
    ProjectPartner,
    SeminarFunding,
    utcnow,
)
from .. import fields
from ..access import Principal, check_admin, check_staff
from ..paperwork.access import kept_seminar
from ..rows import row_of
from .access import check_partner_keeper, get_project

MAX_LINES = 30


@dataclass(frozen=True)
class ProjectInput:
    title: str
    lead_lag_id: int
    partner_lag_ids: tuple[int, ...]
    starts_on: date | None
    ends_on: date | None
    aim: str


def parse_project(data: Mapping[str, Any]) -> ProjectInput:
    starts_on = fields.optional_date(data, "starts_on")
    ends_on = fields.optional_date(data, "ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise fields.invalid("ends_on")
    lead = fields.required_id(data, "lead_lag_id")
    partners = fields.id_list(data.get("partner_lag_ids"), "partner_lag_ids", limit=20)
    return ProjectInput(
        title=fields.text(data, "title", limit=300, required=True), lead_lag_id=lead,
        partner_lag_ids=tuple(dict.fromkeys([lead, *partners])), starts_on=starts_on,
        ends_on=ends_on, aim=fields.text(data, "aim", limit=5000, multiline=True))


def _check_lags(parsed: ProjectInput) -> None:
    known = set(db.session.scalars(sa.select(Lag.id).where(Lag.id.in_(parsed.partner_lag_ids))))
    if parsed.lead_lag_id not in known:
        raise fields.invalid("lead_lag_id")
    if len(known) != len(parsed.partner_lag_ids):
        raise fields.invalid("partner_lag_ids")


def _check_title(title: str, project_id: int | None) -> None:
    clash = db.session.scalar(sa.select(CooperationProject.id).where(
        CooperationProject.title == title))
    if clash is not None and clash != project_id:
        raise fields.invalid("title", _("There is already a project with this title."))


def create_project(principal: Principal, data: object) -> CooperationProject:
    """A new project (admins), optionally with each partner's budget and lines:
    ``"partners": [{"lag_id", "budget_total", "support", "own_contribution",
    "lines": [{"activity", "planned"}]}]``."""
    payload = fields.payload(data, field="body")
    check_admin(principal)
    parsed = parse_project(payload)
    budgets = payload.get("partners") or []
    if not isinstance(budgets, list):
        raise fields.invalid("partners")
    with transaction():
        _check_lags(parsed)
        _check_title(parsed.title, None)
        project = CooperationProject(title=parsed.title, lead_lag_id=parsed.lead_lag_id,
                                     starts_on=parsed.starts_on, ends_on=parsed.ends_on,
                                     aim=parsed.aim)
        given = {}
        for entry in budgets:
            entry = fields.payload(entry, field="partners")
            given[fields.required_id(entry, "lag_id")] = entry
        for lag_id in {*parsed.partner_lag_ids, *given}:
            if lag_id not in parsed.partner_lag_ids:
                raise fields.invalid("partners")
        for lag_id in parsed.partner_lag_ids:
            partner = ProjectPartner(lag_id=lag_id)
            project.partners.append(partner)
            if lag_id in given:
                _apply_budget(partner, given[lag_id])
                for position, line in enumerate(given[lag_id].get("lines") or []):
                    partner.lines.append(_new_line(fields.payload(line, field="lines"),
                                                   position))
                _check_fit(partner)
        db.session.add(project)
    return project


def update_project(principal: Principal, project_id: object, data: object) -> CooperationProject:
    """Change a project's title, LAGs, period or aim (admins). A partner with costs stays."""
    payload = fields.payload(data, field="body")
    check_admin(principal)
    parsed = parse_project(payload)
    with transaction():
        project = get_project(principal, project_id, lock=True)
        _check_lags(parsed)
        _check_title(parsed.title, project.id)
        project.title, project.lead_lag_id = parsed.title, parsed.lead_lag_id
        project.starts_on, project.ends_on, project.aim = (parsed.starts_on, parsed.ends_on,
                                                           parsed.aim)
        wanted = set(parsed.partner_lag_ids)
        for partner in list(project.partners):
            if partner.lag_id not in wanted:
                if any(line.costs for line in partner.lines):
                    raise fields.invalid("partner_lag_ids", _(
                        "A partner with actual costs cannot leave the project."))
                project.partners.remove(partner)
        present = {partner.lag_id for partner in project.partners}
        for lag_id in parsed.partner_lag_ids:
            if lag_id not in present:
                project.partners.append(ProjectPartner(lag_id=lag_id))
    return project


# -- a partner's budget and lines ------------------------------------------------------------


def _partner(principal: Principal, partner_id: object) -> ProjectPartner:
    check_staff(principal)
    partner = row_of(ProjectPartner, partner_id, "partner_id")
    check_partner_keeper(principal, partner)
    return partner


def _apply_budget(partner: ProjectPartner, data: Mapping[str, Any]) -> None:
    budget = PartnerBudget(fields.amount(data, "budget_total"), fields.amount(data, "support"),
                           fields.amount(data, "own_contribution"))
    try:
        check_partner_budget(budget)
    except InvalidInput as error:
        raise fields.invalid(error.field or "budget_total", _(
            "LEADER support and own contribution must add up to the total, to the cent "
            "(or both be left empty while only the total is known).")) from None
    partner.budget_total, partner.support, partner.own_contribution = (
        budget.total, budget.support, budget.own_contribution)


def _check_fit(partner: ProjectPartner) -> None:
    try:
        check_lines_fit(partner.budget_total, [line.planned for line in partner.lines])
    except InvalidInput:
        raise fields.invalid("planned", _(
            "The budget lines together plan more than the partner's total.")) from None


def save_partner_budget(principal: Principal, partner_id: object, data: object
                        ) -> ProjectPartner:
    """A partner's total, LEADER support and own contribution."""
    payload = fields.payload(data, field="body")
    with transaction():
        partner = _partner(principal, partner_id)
        _apply_budget(partner, payload)
        _check_fit(partner)
    return partner


def _new_line(data: Mapping[str, Any], position: int) -> BudgetLine:
    planned = fields.amount(data, "planned")
    return BudgetLine(activity=fields.text(data, "activity", limit=500, required=True),
                      planned=planned, position=position)


def add_line(principal: Principal, partner_id: object, data: object) -> BudgetLine:
    payload = fields.payload(data, field="body")
    with transaction():
        partner = _partner(principal, partner_id)
        if len(partner.lines) >= MAX_LINES:
            raise fields.invalid("activity")
        line = _new_line(payload, len(partner.lines))
        partner.lines.append(line)
        _check_fit(partner)
    return line


def _line(principal: Principal, line_id: object) -> BudgetLine:
    check_staff(principal)
    line = row_of(BudgetLine, line_id, "line_id")
    check_partner_keeper(principal, line.partner)
    return line


def get_line(principal: Principal, line_id: object) -> BudgetLine:
    return _line(principal, line_id)


def update_line(principal: Principal, line_id: object, data: object) -> BudgetLine:
    payload = fields.payload(data, field="body")
    with transaction():
        line = _line(principal, line_id)
        line.activity = fields.text(payload, "activity", limit=500, required=True)
        line.planned = fields.amount(payload, "planned")
        _check_fit(line.partner)
    return line


def delete_line(principal: Principal, line_id: object) -> int:
    """Remove a line without costs; returns its project's id."""
    with transaction():
        line = _line(principal, line_id)
        if line.costs:
            raise fields.invalid("activity", _("A line with actual costs cannot be removed."))
        project_id = line.partner.project_id
        db.session.delete(line)
    return project_id


# -- actual costs ---------------------------------------------------------------------------


def add_cost(principal: Principal, line_id: object, data: object) -> ActualCost:
    """Money spent on a line: ``{"spent_on", "amount", "note", "seminar_id"?}``."""
    payload = fields.payload(data, field="body")
    with transaction():
        line = _line(principal, line_id)
        spent_on = fields.optional_date(payload, "spent_on")
        if spent_on is None:
            raise fields.invalid("spent_on")
        amount = fields.amount(payload, "amount")
        if amount <= ZERO:
            raise fields.invalid("amount")
        seminar_id = fields.optional_id(payload, "seminar_id")
        if seminar_id is not None and db.session.scalar(sa.select(SeminarFunding.seminar_id).where(
                SeminarFunding.seminar_id == seminar_id,
                SeminarFunding.project_id == line.partner.project_id)) is None:
            raise fields.invalid("seminar_id")
        cost = ActualCost(spent_on=spent_on, amount=amount, seminar_id=seminar_id,
                          note=fields.text(payload, "note", limit=500),
                          created_by_id=principal.user_id, created_at=utcnow())
        line.costs.append(cost)
    return cost


def delete_cost(principal: Principal, cost_id: object) -> int:
    """Remove a cost entered by mistake; returns its project's id."""
    check_staff(principal)
    with transaction():
        cost = row_of(ActualCost, cost_id, "cost_id")
        check_partner_keeper(principal, cost.line.partner)
        project_id = cost.line.partner.project_id
        db.session.delete(cost)
    return project_id


# -- seminars -------------------------------------------------------------------------------


def set_seminar_funding(principal: Principal, seminar_id: object, data: object
                        ) -> SeminarFunding | None:
    """Put a seminar in a project and on one of its lines (``project_id`` empty: in none)."""
    payload = fields.payload(data, field="body")
    with transaction():
        seminar = kept_seminar(principal, seminar_id)
        project_id = fields.optional_id(payload, "project_id")
        line_id = fields.optional_id(payload, "budget_line_id")
        funding = db.session.get(SeminarFunding, seminar.id)
        if project_id is None:
            if line_id is not None:
                raise fields.invalid("budget_line_id")
            if funding is not None:
                db.session.delete(funding)
            return None
        if db.session.get(CooperationProject, project_id) is None:
            raise fields.invalid("project_id")
        if line_id is not None:
            line = db.session.get(BudgetLine, line_id)
            if line is None or line.partner.project_id != project_id:
                raise fields.invalid("budget_line_id")
        if funding is None:
            funding = SeminarFunding(seminar_id=seminar.id, project_id=project_id)
            db.session.add(funding)
        funding.project_id, funding.budget_line_id = project_id, line_id
    return funding
