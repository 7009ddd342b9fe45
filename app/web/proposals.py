"""Proposal pages: the list, the pipeline board, my proposals, one proposal, its form, the dashboard."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from facilitation.cooperation import Period
from facilitation.proposals import FUNNEL, MAIN_PATH, next_forward
from facilitation.proposals import ProposalStatus as Status

from ..i18n import gettext as _
from ..models import Proposal, Role
from ..services import backlog, fields, proposals, reports
from ..services.errors import ServiceError
from ..services.vocabulary import fund_names, funnel_names, status_names
from .charts import bar_chart
from .form_fields import show_error
from .formatting import euros
from .project_forms import PeriodForm
from .proposal_forms import CommentForm, ProposalFilterForm, ProposalForm, StatusForm
from .staff_pages import me, refuse, share_page_helpers

bp = Blueprint("proposals", __name__, url_prefix="/proposals")
share_page_helpers(bp)

# The form has no workshop field: a refused workshop is shown at the seminar it belongs to.
FIELD_ALIASES = {"workshop_id": "seminar_id"}


@bp.before_request
@login_required
def require_staff() -> None:
    """Every proposal page needs a signed-in staff member."""


def _filters(**fixed: Any) -> proposals.ProposalFilters:
    try:
        filters = proposals.parse_filters(request.args)
    except ServiceError as error:
        flash(error.message, "error")
        filters = proposals.ProposalFilters()
    return replace(filters, **fixed)


def _filter_form(filters: proposals.ProposalFilters) -> ProposalFilterForm:
    form = ProposalFilterForm(formdata=None, data={
        "q": filters.q, "status": filters.status.value if filters.status else "", "lag_id": filters.lag_id,
        "fund": filters.fund.value if filters.fund else "", "measure_id": filters.measure_id,
        "coordinator_id": filters.coordinator_id, "seminar_id": filters.seminar_id,
        "overdue": filters.overdue, "sort": filters.sort})
    form.set_choices(lags=proposals.lags(), measures=proposals.measures(),
                     coordinators=proposals.coordinators(), seminars=proposals.seminars())
    return form


def _list(template: str, filters: proposals.ProposalFilters, **extra: Any) -> str:
    today = proposals.local_today()
    try:
        page = proposals.list_proposals(me(), filters, today=today)
        scope = proposals.edit_scope(me())
    except ServiceError as error:
        refuse(error)
    return render_template(template, page=page, filters=filters, today=today, scope=scope,
                           filter_form=_filter_form(filters), overdue=proposals.next_step_overdue,
                           rate_check=proposals.rate_check, budget_of=proposals.budget_of,
                           export_args=filters.query_args(page=None, per_page=None), **extra)


@bp.get("/")
def index() -> str:
    return _list("proposals/list.html", _filters(), heading=_("Proposals"), mine=False)


@bp.get("/mine")
def mine() -> str:
    return _list("proposals/list.html", _filters(mine=True, sort=request.args.get("sort") or "due"),
                 heading=_("My proposals"), mine=True)


@bp.get("/board")
def board() -> str:
    filters = _filters()
    today = proposals.local_today()
    try:
        columns = proposals.pipeline_columns(me(), filters)
    except ServiceError as error:
        refuse(error)
    return render_template("proposals/board.html", columns=columns, order=MAIN_PATH,
                           filters=filters, filter_form=_filter_form(filters), today=today,
                           overdue=proposals.next_step_overdue)


def _form_choices(form: ProposalForm, ideas: list[tuple[int, str]]) -> None:
    form.set_choices(lags=proposals.lags(), measures=proposals.measures(active_only=True),
                     coordinators=proposals.coordinators(), seminars=proposals.seminars(),
                     ideas=ideas)


def _idea_choices(pairs: list[tuple[Any, int]]) -> list[tuple[int, str]]:
    return [(idea.id, _("%(text)s (dots: %(dots)s)", text=idea.text, dots=dots))
            for idea, dots in pairs]


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    """Make a proposal, usually from ideas ticked in the backlog (?idea_ids=…)."""
    try:
        wanted = fields.id_list(request.args.getlist("idea_ids"), "idea_ids", limit=100)
        draft = proposals.draft_from_ideas(me(), wanted)
    except ServiceError as error:
        refuse(error)
    form = ProposalForm()
    _form_choices(form, _idea_choices(draft.ideas))
    if request.method == "GET":
        form.title.data, form.summary.data = draft.title, draft.summary
        form.idea_ids.data = [idea.id for idea, _dots in draft.ideas]
        form.seminar_id.data, form.lag_id.data = draft.seminar_id, draft.lag_id
        form.target_groups.data = draft.target_groups
        form.fund.data = "leader"
        if me().role is Role.COORDINATOR:
            form.coordinator_id.data = current_user.id
    elif form.validate_on_submit():
        data = form.data_for_service()
        if draft.workshop_id is not None and data["seminar_id"] == draft.seminar_id:
            data["workshop_id"] = draft.workshop_id
        try:
            proposal = proposals.create_proposal(me(), data)
        except ServiceError as error:
            _report(form, error)
        else:
            flash(_("Proposal saved."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template("proposals/form.html", form=form, proposal=None, draft=draft)


def _report(form: ProposalForm, error: ServiceError) -> None:
    if error.code == "forbidden":
        flash(_("You may only make and change proposals of your own local action group."),
              "error")
    elif not show_error(form, error, FIELD_ALIASES):
        flash(error.message, "error")
    else:
        flash(_("Please check the marked fields."), "error")


def _dots(proposal: Proposal) -> dict[int, int]:
    return backlog.combined_dots([idea.id for idea in proposal.ideas])


def _get(proposal_id: int) -> Proposal:
    try:
        return proposals.get_proposal(me(), proposal_id)
    except ServiceError as error:
        refuse(error)


@bp.route("/<int:proposal_id>/edit", methods=["GET", "POST"])
def edit(proposal_id: int) -> ResponseReturnValue:
    proposal = _get(proposal_id)
    scope = proposals.edit_scope(me())
    if not scope.allows_proposal(proposal):
        refuse(ServiceError("forbidden"))
    dots = _dots(proposal)
    form = ProposalForm(obj=proposal if request.method == "GET" else None)
    _form_choices(form, _idea_choices([(idea, dots.get(idea.id, 0)) for idea in proposal.ideas]))
    if request.method == "GET":
        _fill(form, proposal)
    elif form.validate_on_submit():
        data = form.data_for_service()
        if data["seminar_id"] == proposal.seminar_id:
            data.pop("seminar_id")  # keep the workshop it came from
        else:
            data["workshop_id"] = None
        try:
            proposals.update_proposal(me(), proposal.id, data)
        except ServiceError as error:
            _report(form, error)
        else:
            flash(_("Proposal saved."), "success")
            return redirect(url_for("proposals.show", proposal_id=proposal.id))
    return render_template("proposals/form.html", form=form, proposal=proposal, draft=None)


def _fill(form: ProposalForm, proposal: Proposal) -> None:
    form.idea_ids.data = [idea.id for idea in proposal.ideas]
    form.cooperation_lag_ids.data = [lag.id for lag in proposal.cooperation_lags]
    form.fund.data = proposal.fund.value
    form.applicant_type.data = proposal.applicant_type.value if proposal.applicant_type else ""
    form.target_groups.data = list(proposal.target_groups or [])
    for name in ("budget_total", "support_requested", "own_contribution_cash",
                 "own_contribution_in_kind"):
        getattr(form, name).data = f"{getattr(proposal, name):f}"
    form.note.data = ""


@bp.get("/<int:proposal_id>")
def show(proposal_id: int) -> str:
    proposal = _get(proposal_id)
    today = proposals.local_today()
    can_edit = proposals.edit_scope(me()).allows_proposal(proposal)
    status_form = StatusForm(formdata=None)
    status_form.set_choices([status.value for status in proposals.next_statuses(proposal)],
                            choose_first=True)
    forward = next_forward(proposal.status, proposal.held_from)
    status_form.status.data = forward.value if forward else ""
    return render_template(
        "proposals/show.html", proposal=proposal, today=today, can_edit=can_edit,
        budget=proposals.budget_of(proposal), check=proposals.rate_check(proposal),
        overdue=proposals.next_step_overdue(proposal, today), dots=_dots(proposal),
        status_form=status_form, comment_form=CommentForm())


@bp.post("/<int:proposal_id>/status")
def change_status(proposal_id: int) -> ResponseReturnValue:
    form = StatusForm()
    form.set_choices()
    target = url_for("proposals.show", proposal_id=proposal_id)
    if not form.validate_on_submit():
        flash(_("Choose the new status."), "error")
        return redirect(target)
    try:
        proposal = proposals.change_status(me(), proposal_id, {"status": form.status.data,
                                                                "note": form.note.data})
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(_("Status changed to “%(status)s”.",
                status=status_names()[proposal.status.value]), "success")
    return redirect(target)


@bp.post("/<int:proposal_id>/comments")
def comment(proposal_id: int) -> ResponseReturnValue:
    form = CommentForm()
    target = url_for("proposals.show", proposal_id=proposal_id) + "#history"
    if not form.validate_on_submit():
        flash(_("Write the comment first."), "error")
        return redirect(target)
    try:
        proposals.add_comment(me(), proposal_id, {"note": form.note.data})
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(_("Comment added."), "success")
    return redirect(target)


@bp.get("/dashboard")
def dashboard() -> str:
    period_form = PeriodForm(request.args)
    try:
        period = fields.period(request.args)
    except ServiceError as error:
        flash(error.message, "error")
        period = Period()
    try:
        data = reports.dashboard(me(), period)
    except ServiceError as error:
        refuse(error)
    stage_names = funnel_names()

    def funnel(row: reports.FunnelRow) -> Any:
        return bar_chart([(stage_names[stage], row.counts[stage], str(row.counts[stage]))
                          for stage in FUNNEL])

    def money(rows: list[reports.BudgetRow], labels: dict[str, str]) -> Any:
        return bar_chart([(labels[row.key], row.budget_total, euros(row.budget_total))
                          for row in rows], inner=[row.support_requested for row in rows])

    return render_template(
        "proposals/dashboard.html", data=data, funnel=funnel, stages=FUNNEL,
        period_form=period_form, period=period,
        period_args={key: day.isoformat() for key, day in (("from", period.start),
                                                           ("to", period.end)) if day},
        fund_chart=money(data.by_fund, fund_names()),
        status_chart=money(data.by_status, status_names()),
        statuses=[status.value for status in Status])
