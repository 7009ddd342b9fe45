"""Follow-up proposals: made from ideas, edited, moved along the pipeline, commented on.

Who may change a proposal: an admin any; a coordinator those of their own LAG, where the
LAG is the lead or a cooperation partner; a facilitator none (every staff member reads).
Every change is one transaction that also writes its ProposalEvent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from math import ceil
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from flask_babel import format_decimal

from facilitation.budget import (
    Budget,
    RateCheck,
    check_budget,
    check_rate,
    format_money,
    parse_money,
    parse_rate,
)
from facilitation.errors import InvalidInput, InvalidTransition
from facilitation.ideas import TargetGroup
from facilitation.proposals import (
    MAIN_PATH,
    OPEN,
    ApplicantType,
    Fund,
    ProposalStatus,
    TriageState,
    allowed_next,
    check_transition,
    held_from_after,
    is_overdue,
    triage_when_unlinked,
)

from ..database import transaction
from ..extensions import db
from ..i18n import gettext as _
from ..models import (
    Idea,
    Lag,
    Measure,
    Proposal,
    ProposalEvent,
    ProposalEventKind,
    Role,
    Seminar,
    User,
    Workshop,
    proposal_ideas,
    proposal_lags,
    utcnow,
)
from . import fields
from .access import Principal, check_staff
from .backlog import combined_dots
from .errors import ServiceError
from .snapshots import iso
from .vocabulary import check_field_message, status_names

TEXT_LIMITS = {"title": 300, "summary": 10_000, "applicant_name": 300, "partners": 5_000,
               "village": 200, "municipality": 200, "call_name": 300, "next_step": 500}
MULTILINE = frozenset({"summary", "partners"})
BUDGET_FIELDS = ("budget_total", "support_requested", "own_contribution_cash",
                 "own_contribution_in_kind")
DATE_FIELDS = ("call_deadline", "next_step_due")
NOTE_LIMIT = 5_000
PER_PAGE = 50
MAX_PER_PAGE = 500
SORTS = ("updated", "due", "budget", "title")


def local_today() -> date:
    """Today where the LAGs work: a next step due today is not overdue yet."""
    zone = ZoneInfo(current_app.config.get("BABEL_DEFAULT_TIMEZONE") or "Europe/Tallinn")
    return datetime.now(zone).date()


# -- who may do what -----------------------------------------------------------------------


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


# -- reading input -------------------------------------------------------------------------


def _budget_error(error: InvalidInput, budget: Budget) -> ServiceError:
    field_id = error.field or "budget_total"
    intro = check_field_message(field_id)
    if field_id == "budget_total":
        parts = budget.support_requested + budget.own_contribution
        detail = _("Support requested plus own contribution (cash and in kind) is "
                   "%(parts)s €, not the total eligible cost %(total)s €.",
                   parts=_euros(parts), total=_euros(budget.total))
    elif field_id == "support_requested":
        detail = _("The support requested is more than the total eligible cost.")
    else:
        detail = _("Write an amount in euros with at most two decimals, e.g. 12743.68.")
    return ServiceError("invalid_input", f"{intro} {detail}", field=field_id)


def _euros(amount: Decimal) -> str:
    return format_decimal(amount, format="#,##0.00")


def _money(data: Mapping[str, Any], name: str) -> Decimal:
    try:
        return parse_money(data.get(name), field=name)
    except InvalidInput as error:
        raise _budget_error(error, Budget()) from None


def read_budget(data: Mapping[str, Any], current: Proposal | None = None) -> Budget:
    """The budget after applying ``data`` to ``current``; the parts must make the total."""
    values = {name: (_money(data, name) if name in data
                     else getattr(current, name) if current is not None else Decimal("0.00"))
              for name in BUDGET_FIELDS}
    budget = Budget(values["budget_total"], values["support_requested"],
                    values["own_contribution_cash"], values["own_contribution_in_kind"])
    try:
        check_budget(budget)
    except InvalidInput as error:
        raise _budget_error(error, budget) from None
    return budget


def _target_groups(value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or len(value) > len(TargetGroup):
        raise fields.invalid("target_groups")
    codes = {group.value for group in TargetGroup}
    if any(not isinstance(item, str) or item not in codes for item in value):
        raise fields.invalid("target_groups")
    return list(dict.fromkeys(value))


def _read_plain(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
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
        values["target_groups"] = _target_groups(data.get("target_groups"))
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


def _read_references(data: Mapping[str, Any], current: Proposal | None,
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


def _note(data: Mapping[str, Any], *, required: bool = False) -> str:
    return fields.text(data, "note", limit=NOTE_LIMIT, required=required, multiline=True)


# -- changing proposals --------------------------------------------------------------------


def _link_ideas(proposal: Proposal, ideas: list[Idea]) -> None:
    """Point the proposal at these ideas: new ones are promoted, dropped ones step back."""
    before = {idea.id: idea for idea in proposal.ideas}
    proposal.ideas = ideas
    for idea in ideas:
        idea.triage = TriageState.PROMOTED
    removed = [idea for idea_id, idea in before.items() if idea_id not in {i.id for i in ideas}]
    if not removed:
        return
    db.session.flush()
    still_linked = set(db.session.scalars(
        sa.select(proposal_ideas.c.idea_id).where(
            proposal_ideas.c.idea_id.in_([idea.id for idea in removed]))))
    for idea in removed:
        idea.triage = triage_when_unlinked(idea.id in still_linked)


def _record(proposal: Proposal, principal: Principal, kind: ProposalEventKind, **values: Any
            ) -> ProposalEvent:
    event = ProposalEvent(kind=kind, user_id=principal.user_id, created_at=utcnow(), **values)
    proposal.events.append(event)
    return event


def create_proposal(principal: Principal, data: object) -> Proposal:
    """A new proposal, at "idea", from the given fields and (usually) source ideas."""
    payload = _payload(data)
    scope = edit_scope(principal)
    if not scope.may_create:
        raise ServiceError("forbidden")
    if payload.get("status") not in (None, ProposalStatus.IDEA.value):
        raise fields.invalid("status", _("A new proposal starts as a project idea; change its "
                                         "status afterwards."))
    values = _read_plain(payload, creating=True)
    with transaction():
        refs = _read_references(payload, None, default_lag_id=scope.lag_id)
        budget = read_budget(payload)
        cooperation = refs.cooperation_lags or []
        if not scope.allows({refs.values["lag_id"], *(lag.id for lag in cooperation)}):
            raise ServiceError("forbidden")
        # The coordinator who makes a proposal is responsible for it until someone else is.
        owner = principal.user_id if principal.role is Role.COORDINATOR else None
        refs.values.setdefault("coordinator_id", owner)
        proposal = Proposal(status=ProposalStatus.IDEA, created_by_id=principal.user_id,
                            **values, **refs.values, **_budget_values(budget))
        proposal.cooperation_lags = cooperation
        db.session.add(proposal)
        _link_ideas(proposal, refs.ideas or [])
        _record(proposal, principal, ProposalEventKind.CREATED, to_status=ProposalStatus.IDEA,
                note=_note(payload))
    return proposal


def _budget_values(budget: Budget) -> dict[str, Decimal]:
    return {"budget_total": budget.total, "support_requested": budget.support_requested,
            "own_contribution_cash": budget.own_contribution_cash,
            "own_contribution_in_kind": budget.own_contribution_in_kind}


def _payload(data: object) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise fields.invalid("body")
    return data


def update_proposal(principal: Principal, proposal_id: int, data: object) -> Proposal:
    """Change any of the given fields (a PATCH); the history records which ones changed."""
    payload = _payload(data)
    with transaction():
        proposal = get_proposal(principal, proposal_id, lock=True)
        scope = check_can_edit(principal, proposal)
        if "status" in payload and payload["status"] != proposal.status.value:
            raise fields.invalid("status", _("Change the status with its own action, so the "
                                             "history records it."))
        values = _read_plain(payload, creating=False)
        refs = _read_references(payload, proposal, default_lag_id=None)
        values.update(refs.values)
        if any(name in payload for name in BUDGET_FIELDS):
            values.update(_budget_values(read_budget(payload, proposal)))
        changed = [name for name, value in values.items() if getattr(proposal, name) != value]
        new_lags = {values.get("lag_id", proposal.lag_id),
                    *(lag.id for lag in (refs.cooperation_lags
                                         if refs.cooperation_lags is not None
                                         else proposal.cooperation_lags))}
        if not scope.allows(new_lags):
            # A coordinator cannot hand their own proposal away to another LAG.
            raise ServiceError("forbidden")
        for name in changed:
            setattr(proposal, name, values[name])
        if refs.cooperation_lags is not None and \
                {lag.id for lag in refs.cooperation_lags} != \
                {lag.id for lag in proposal.cooperation_lags}:
            proposal.cooperation_lags = refs.cooperation_lags
            changed.append("cooperation_lag_ids")
        if refs.ideas is not None and [i.id for i in refs.ideas] != \
                [i.id for i in proposal.ideas]:
            _link_ideas(proposal, refs.ideas)
            changed.append("idea_ids")
        note = _note(payload)
        if changed or note:
            proposal.updated_at = utcnow()
            _record(proposal, principal, ProposalEventKind.EDITED, changes=changed, note=note)
    return proposal


def change_status(principal: Principal, proposal_id: int, data: object) -> Proposal:
    """Move the proposal one step along an allowed path, with an optional note."""
    payload = _payload(data)
    target = fields.choice(payload, "status", ProposalStatus)
    if target is None:
        raise fields.invalid("status")
    with transaction():
        proposal = get_proposal(principal, proposal_id, lock=True)
        check_can_edit(principal, proposal)
        try:
            check_transition(proposal.status, target, proposal.held_from)
        except InvalidTransition:
            names = status_names()
            raise ServiceError("invalid_transition", _(
                "A proposal cannot move from “%(current)s” to “%(target)s”.",
                current=names[proposal.status.value], target=names[target.value]),
                field="status") from None
        note = _note(payload)
        _record(proposal, principal, ProposalEventKind.STATUS, from_status=proposal.status,
                to_status=target, note=note)
        proposal.held_from = held_from_after(proposal.status, target)
        proposal.status = target
        proposal.updated_at = utcnow()
    return proposal


def add_comment(principal: Principal, proposal_id: int, data: object) -> ProposalEvent:
    payload = _payload(data)
    with transaction():
        proposal = get_proposal(principal, proposal_id, lock=True)
        check_can_edit(principal, proposal)
        event = _record(proposal, principal, ProposalEventKind.COMMENT,
                        note=_note(payload, required=True))
    return event


# -- reading proposals ---------------------------------------------------------------------


def _loaded() -> sa.Select[Proposal]:
    return sa.select(Proposal).options(
        sa.orm.selectinload(Proposal.cooperation_lags), sa.orm.selectinload(Proposal.ideas),
        sa.orm.joinedload(Proposal.lag), sa.orm.joinedload(Proposal.measure),
        sa.orm.joinedload(Proposal.coordinator), sa.orm.joinedload(Proposal.seminar))


def get_proposal(principal: Principal, proposal_id: int, *, lock: bool = False) -> Proposal:
    check_staff(principal)
    proposal = db.session.get(Proposal, proposal_id, with_for_update=lock or None)
    if proposal is None:
        raise ServiceError("not_found")
    return proposal


@dataclass(frozen=True)
class ProposalFilters:
    status: ProposalStatus | None = None
    lag_id: int | None = None
    fund: Fund | None = None
    measure_id: int | None = None
    coordinator_id: int | None = None
    seminar_id: int | None = None
    overdue: bool = False
    mine: bool = False
    sort: str = "updated"
    page: int = 1
    per_page: int = PER_PAGE

    def query_args(self, **changes: Any) -> dict[str, Any]:
        values = {"status": self.status.value if self.status else None, "lag_id": self.lag_id,
                  "fund": self.fund.value if self.fund else None, "measure_id": self.measure_id,
                  "coordinator_id": self.coordinator_id, "seminar_id": self.seminar_id,
                  "overdue": "1" if self.overdue else None, "mine": "1" if self.mine else None,
                  "sort": self.sort if self.sort != "updated" else None,
                  "page": self.page if self.page != 1 else None,
                  "per_page": self.per_page if self.per_page != PER_PAGE else None}
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}


def parse_filters(args: Mapping[str, Any]) -> ProposalFilters:
    sort = args.get("sort") or "updated"
    if sort not in SORTS:
        raise fields.invalid("sort")
    per_page = fields.optional_id(args, "per_page") or PER_PAGE
    if per_page > MAX_PER_PAGE:
        raise fields.invalid("per_page")
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
        page=fields.optional_id(args, "page") or 1,
        per_page=per_page,
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
        return max(1, ceil(self.total / self.filters.per_page))


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


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def proposal_json(proposal: Proposal, today: date) -> dict[str, Any]:
    """A proposal in the API's field names; money and rates as strings with two decimals."""
    rate = budget_of(proposal).support_rate
    check = rate_check(proposal)
    return {
        "id": proposal.id,
        "title": proposal.title,
        "summary": proposal.summary,
        "status": proposal.status.value,
        "held_from": proposal.held_from.value if proposal.held_from else None,
        "allowed_statuses": [s.value for s in next_statuses(proposal)],
        "seminar_id": proposal.seminar_id,
        "workshop_id": proposal.workshop_id,
        "idea_ids": [idea.id for idea in proposal.ideas],
        "lag_id": proposal.lag_id,
        "cooperation_lag_ids": [lag.id for lag in proposal.cooperation_lags],
        "measure_id": proposal.measure_id,
        "fund": proposal.fund.value,
        "applicant_name": proposal.applicant_name,
        "applicant_type": proposal.applicant_type.value if proposal.applicant_type else None,
        "partners": proposal.partners,
        "target_groups": list(proposal.target_groups or []),
        "village": proposal.village,
        "municipality": proposal.municipality,
        "budget_total": format_money(proposal.budget_total),
        "support_requested": format_money(proposal.support_requested),
        "own_contribution_cash": format_money(proposal.own_contribution_cash),
        "own_contribution_in_kind": format_money(proposal.own_contribution_in_kind),
        "support_rate": format_money(rate) if rate is not None else None,
        "max_support_rate": format_money(check.max_rate) if check else None,
        "support_rate_exceeded": bool(check and check.exceeded),
        "call_name": proposal.call_name,
        "call_deadline": _day(proposal.call_deadline),
        "coordinator_id": proposal.coordinator_id,
        "next_step": proposal.next_step,
        "next_step_due": _day(proposal.next_step_due),
        "next_step_overdue": next_step_overdue(proposal, today),
        "created_at": iso(proposal.created_at),
        "updated_at": iso(proposal.updated_at),
    }


def event_json(event: ProposalEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "kind": event.kind.value,
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value if event.to_status else None,
        "note": event.note,
        "changes": list(event.changes or []),
        "user_id": event.user_id,
        "user_name": event.user.name if event.user else None,
        "created_at": iso(event.created_at),
    }


def proposal_detail_json(proposal: Proposal, today: date) -> dict[str, Any]:
    """The proposal with its source ideas (and their dots) and its whole history."""
    dots = combined_dots([idea.id for idea in proposal.ideas])
    data = proposal_json(proposal, today)
    data["ideas"] = [{"id": idea.id, "workshop_id": idea.workshop_id, "text": idea.text,
                      "votes": dots.get(idea.id, 0)} for idea in proposal.ideas]
    data["events"] = [event_json(event) for event in proposal.events]
    return data


# -- "make a proposal" ---------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalDraft:
    """What a new proposal starts with when made from backlog ideas."""

    title: str
    summary: str
    seminar_id: int | None
    workshop_id: int | None
    lag_id: int | None
    target_groups: list[str]
    ideas: list[tuple[Idea, int]]


def _short_title(text: str, limit: int = 120) -> str:
    first_line = text.split("\n", 1)[0].strip()
    if len(first_line) <= limit:
        return first_line
    cut = first_line[:limit].rsplit(" ", 1)[0].rstrip(",.;:–-")
    return cut + "…"


def draft_from_ideas(principal: Principal, idea_ids: list[int]) -> ProposalDraft:
    """Prefill a proposal: the best-dotted idea gives the title and the origin."""
    scope = edit_scope(principal)
    if not scope.may_create:
        raise ServiceError("forbidden")
    ideas = list(db.session.scalars(sa.select(Idea).where(Idea.id.in_(idea_ids))
                                    .order_by(Idea.id))) if idea_ids else []
    if not ideas:
        return ProposalDraft("", "", None, None, scope.lag_id, [], [])
    dots = combined_dots([idea.id for idea in ideas])
    ranked = sorted(ideas, key=lambda idea: (-dots.get(idea.id, 0), idea.id))
    best = ranked[0]
    workshop = db.session.get(Workshop, best.workshop_id)
    assert workshop is not None
    lag_id = scope.lag_id or next((lag.id for lag in workshop.seminar.lags), None)
    groups = list(dict.fromkeys(g for idea in ranked for g in (idea.target_groups or [])))
    summary = "\n".join(f"– {idea.text}" for idea in ranked)
    return ProposalDraft(_short_title(best.text), summary[:TEXT_LIMITS["summary"]],
                         workshop.seminar_id, workshop.id, lag_id, groups,
                         [(idea, dots.get(idea.id, 0)) for idea in ranked])


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

