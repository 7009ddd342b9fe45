"""Reading a proposal's fields from a request: plain values, the rows they point to, the budget.

Each value goes through the one input reader (``services.fields``); the rows an id names are
looked up and checked to fit the others (a measure of the proposal's LAG, an active
coordinator, a workshop of the seminar named).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import format_decimal

from facilitation.errors import InvalidInput
from facilitation.ideas import TargetGroup
from facilitation.proposal_money import Budget, check_budget
from facilitation.proposals import ApplicantType, Fund

from ...extensions import db
from ...i18n import gettext as _
from ...models import Idea, Lag, Measure, Proposal, Role, Seminar, User, Workshop
from .. import fields
from ..backlog.queries import combined_dots
from ..errors import ServiceError, default_message

TEXT_LIMITS = {"title": 300, "summary": 10_000, "applicant_name": 300, "partners": 5_000,
               "village": 200, "municipality": 200, "call_name": 300, "next_step": 500}
MULTILINE = frozenset({"summary", "partners"})
BUDGET_FIELDS = ("budget_total", "support_requested", "own_contribution_cash",
                 "own_contribution_in_kind")
DATE_FIELDS = ("call_deadline", "next_step_due")
NOTE_LIMIT = 5_000


def _budget_error(error: InvalidInput, budget: Budget) -> ServiceError:
    """The parts of a budget do not make its total: say by how much, in the reader's format."""
    field_id = error.field or "budget_total"
    if field_id == "budget_total":
        parts = budget.support_requested + budget.own_contribution
        detail = _("Support requested plus own contribution (cash and in kind) is "
                   "%(parts)s €, not the total eligible cost %(total)s €.",
                   parts=_euros(parts), total=_euros(budget.total))
    elif field_id == "support_requested":
        detail = _("The support requested is more than the total eligible cost.")
    else:
        return fields.invalid(field_id, fields.amount_message(field_id))
    intro = default_message("invalid_input", field_id)
    return ServiceError("invalid_input", f"{intro} {detail}", field=field_id)


def _euros(amount: Decimal) -> str:
    return format_decimal(amount, format="#,##0.00")


def read_budget(data: Mapping[str, Any], current: Proposal | None = None) -> Budget:
    """The budget after applying ``data`` to ``current``; the parts must make the total."""
    values = {name: (fields.amount(data, name) if name in data
                     else getattr(current, name) if current is not None else Decimal("0.00"))
              for name in BUDGET_FIELDS}
    budget = Budget(values["budget_total"], values["support_requested"],
                    values["own_contribution_cash"], values["own_contribution_in_kind"])
    try:
        check_budget(budget)
    except InvalidInput as error:
        raise _budget_error(error, budget) from None
    return budget


def budget_values(budget: Budget) -> dict[str, Decimal]:
    return {"budget_total": budget.total, "support_requested": budget.support_requested,
            "own_contribution_cash": budget.own_contribution_cash,
            "own_contribution_in_kind": budget.own_contribution_in_kind}


def read_plain(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    """Fields that need no database look-up, only those present (all of them when creating)."""
    def present(name: str) -> bool:
        return creating or name in data

    values: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        if present(name):
            values[name] = fields.text(data, name, limit=limit, required=name == "title",
                                       multiline=name in MULTILINE)
    for name in DATE_FIELDS:
        if present(name):
            values[name] = fields.optional_date(data, name)
    if present("fund"):
        values["fund"] = fields.choice(data, "fund", Fund, default=Fund.LEADER)
    if present("applicant_type"):
        values["applicant_type"] = fields.choice(data, "applicant_type", ApplicantType)
    if present("target_groups"):
        values["target_groups"] = [group.value for group in fields.choices(
            data.get("target_groups"), "target_groups", TargetGroup, limit=len(TargetGroup))]
    return values


@dataclass
class References:
    """The rows a proposal points to, each checked to exist and to fit the others."""

    values: dict[str, Any] = field(default_factory=dict)
    cooperation_lags: list[Lag] | None = None
    ideas: list[Idea] | None = None


def _lag(lag_id: int, name: str = "lag_id") -> Lag:
    lag = db.session.get(Lag, lag_id)
    if lag is None:
        raise fields.invalid(name)
    return lag


def read_references(data: Mapping[str, Any], current: Proposal | None,
                     default_lag_id: int | None) -> References:
    refs = References()
    creating = current is None
    if "lag_id" in data or creating:
        lag_id = fields.optional_id(data, "lag_id") or default_lag_id
        if lag_id is None:
            raise fields.invalid("lag_id")
        refs.values["lag_id"] = _lag(lag_id).id
    lag_id = refs.values.get("lag_id", current.lag_id if current else None)
    if "cooperation_lag_ids" in data:
        ids = [i for i in fields.id_list(data.get("cooperation_lag_ids"), "cooperation_lag_ids")
               if i != lag_id]
        refs.cooperation_lags = [_lag(i, "cooperation_lag_ids") for i in ids]
    elif current is not None and "lag_id" in refs.values:
        refs.cooperation_lags = [lag for lag in current.cooperation_lags if lag.id != lag_id]
    if "measure_id" in data or "lag_id" in refs.values:
        measure_id = (fields.optional_id(data, "measure_id") if "measure_id" in data
                      else current.measure_id if current else None)
        if measure_id is not None:
            measure = db.session.get(Measure, measure_id)
            if measure is None or measure.lag_id != lag_id:
                raise fields.invalid("measure_id")
        refs.values["measure_id"] = measure_id
    if "coordinator_id" in data:
        coordinator_id = fields.optional_id(data, "coordinator_id")
        if coordinator_id is not None:
            user = db.session.get(User, coordinator_id)
            if user is None or not user.active or user.role not in (Role.ADMIN,
                                                                    Role.COORDINATOR):
                raise fields.invalid("coordinator_id")
        refs.values["coordinator_id"] = coordinator_id
    if "idea_ids" in data:
        idea_ids = fields.id_list(data.get("idea_ids"), "idea_ids")
        ideas = list(db.session.scalars(sa.select(Idea).where(Idea.id.in_(idea_ids))
                                        .order_by(Idea.id))) if idea_ids else []
        if len(ideas) != len(idea_ids):
            raise fields.invalid("idea_ids")
        refs.ideas = ideas
    _read_origin(data, current, refs)
    return refs


def _read_origin(data: Mapping[str, Any], current: Proposal | None, refs: References) -> None:
    """The seminar and workshop the proposal came from; a workshop implies its seminar."""
    if "seminar_id" not in data and "workshop_id" not in data:
        if current is None and refs.ideas:
            _origin_from_ideas(refs)
        return
    seminar_id = (fields.optional_id(data, "seminar_id") if "seminar_id" in data
                  else current.seminar_id if current else None)
    workshop_id = (fields.optional_id(data, "workshop_id") if "workshop_id" in data
                   else current.workshop_id if current else None)
    if workshop_id is not None:
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None or (seminar_id is not None and workshop.seminar_id != seminar_id):
            raise fields.invalid("workshop_id")
        seminar_id = workshop.seminar_id
    if seminar_id is not None and db.session.get(Seminar, seminar_id) is None:
        raise fields.invalid("seminar_id")
    refs.values.update(seminar_id=seminar_id, workshop_id=workshop_id)


def _origin_from_ideas(refs: References) -> None:
    assert refs.ideas
    dots = combined_dots([idea.id for idea in refs.ideas])
    best = max(refs.ideas, key=lambda idea: (dots.get(idea.id, 0), -idea.id))
    workshop = db.session.get(Workshop, best.workshop_id)
    assert workshop is not None
    refs.values.update(seminar_id=workshop.seminar_id, workshop_id=workshop.id)


def read_note(data: Mapping[str, Any], *, required: bool = False) -> str:
    return fields.text(data, "note", limit=NOTE_LIMIT, required=required, multiline=True)
