"""Cooperation project pages: the list, the indicators of a project for a reporting period, and
the forms for the project, its partners' budgets and lines, and actual costs."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from facilitation.attendance import BACKGROUNDS, UNKNOWN
from facilitation.cooperation import Period
from facilitation.proposals import ProposalStatus

from ..extensions import db
from ..i18n import gettext as _
from ..models import BudgetLine, CooperationProject, ProjectPartner, Role
from ..services import fields, projects
from ..services.errors import ServiceError
from ..services.paperwork.feedback import default_texts
from ..services.projects.access import keeps_partner
from ..services.projects.actions import get_line
from ..services.projects.indicators import Indicators, project_seminars
from ..services.proposals import lags
from ..services.vocabulary import (
    background_names,
    fund_names,
    seminar_kind_names,
    status_names,
)
from .charts import bar_chart
from .form_fields import show_error
from .formatting import euros
from .project_forms import CostForm, LineForm, PartnerBudgetForm, PeriodForm, ProjectForm
from .seminar_forms import PlainForm
from .staff_pages import me, refuse, share_page_helpers

bp = Blueprint("projects", __name__, url_prefix="/projects")
share_page_helpers(bp)


@bp.before_request
@login_required
def require_staff() -> None:
    """Every project page needs a signed-in staff member."""


def _project(project_id: int) -> CooperationProject:
    try:
        return projects.get_project(me(), project_id)
    except ServiceError as error:
        refuse(error)


def _admin() -> None:
    if me().role is not Role.ADMIN:
        abort(403)


@bp.get("/")
def index() -> str:
    return render_template("projects/index.html", projects=projects.projects(me()),
                           is_admin=me().role is Role.ADMIN)


def _project_form(project: CooperationProject | None = None) -> ProjectForm:
    form = ProjectForm(obj=project if request.method == "GET" else None)
    form.set_choices(lags())
    if project is not None and request.method == "GET":
        form.partner_lag_ids.data = [partner.lag_id for partner in project.partners]
    return form


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    _admin()
    form = _project_form()
    if form.validate_on_submit():
        try:
            project = projects.create_project(me(), form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Project saved. Now give each partner its budget and lines."), "success")
            return redirect(url_for("projects.show", project_id=project.id))
    return render_template("projects/form.html", form=form, project=None)


@bp.route("/<int:project_id>/edit", methods=["GET", "POST"])
def edit(project_id: int) -> ResponseReturnValue:
    _admin()
    project = _project(project_id)
    form = _project_form(project)
    if form.validate_on_submit():
        try:
            projects.update_project(me(), project.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Project saved."), "success")
            return redirect(url_for("projects.show", project_id=project.id))
    return render_template("projects/form.html", form=form, project=project)


# -- the indicators ---------------------------------------------------------------------------


def _period() -> tuple[Period, PeriodForm]:
    form = PeriodForm(request.args)
    try:
        period = fields.period(request.args)
    except ServiceError as error:
        flash(error.message, "error")
        period = Period()
    return period, form


def charts(found: Indicators) -> dict[str, Any]:
    """The indicators' pictures; each page table beside one holds the same figures."""
    kinds, backgrounds, funds = seminar_kind_names(), background_names(), fund_names()
    statuses = status_names()
    return {
        "events": bar_chart([(kinds[kind.value], n, str(n))
                             for kind, n in found.events_by_kind.items()]),
        "backgrounds": bar_chart([(backgrounds[code], n, str(n))
                                  for code, n in found.attendance.by_background.items()]),
        "areas": bar_chart([(found.lag_names.get(lag or 0, _("Outside the LAG areas")), n,
                             str(n)) for lag, n in found.attendance.by_lag.items()]),
        "statuses": bar_chart([(statuses[status.value], n, str(n))
                               for status, n in found.proposals_by_status.items() if n]),
        "funds": bar_chart([(funds[row.fund.value], row.proposals, str(row.proposals))
                            for row in found.proposals_by_fund]),
        "lines": bar_chart([(row.line.activity, row.use.planned, euros(row.use.planned))
                            for row in found.lines],
                           inner=[row.use.actual for row in found.lines]),
    }


@bp.get("/<int:project_id>")
def show(project_id: int) -> str:
    project = _project(project_id)
    period, period_form = _period()
    found = projects.indicators(me(), project.id, period)
    return render_template(
        "projects/show.html", project=project, found=found, period_form=period_form,
        period_args={key: value for key, value in (
            ("from", period.start.isoformat() if period.start else None),
            ("to", period.end.isoformat() if period.end else None)) if value},
        charts=charts(found), is_admin=me().role is Role.ADMIN,
        keeps=lambda partner: keeps_partner(me(), partner), statuses=list(ProposalStatus),
        backgrounds=[*BACKGROUNDS, UNKNOWN], feedback_names=default_texts())


# -- a partner's budget and lines ------------------------------------------------------------


def _partner(project: CooperationProject, partner_id: int) -> ProjectPartner:
    partner = db.session.get(ProjectPartner, partner_id)
    if partner is None or partner.project_id != project.id:
        abort(404)
    if not keeps_partner(me(), partner):
        abort(403)
    return partner


@bp.route("/<int:project_id>/partners/<int:partner_id>", methods=["GET", "POST"])
def partner(project_id: int, partner_id: int) -> ResponseReturnValue:
    project = _project(project_id)
    found = _partner(project, partner_id)
    form = PartnerBudgetForm(data={name: f"{getattr(found, name):f}" for name in
                                   ("budget_total", "support", "own_contribution")}
                             if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            projects.save_partner_budget(me(), found.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Budget of %(lag)s saved.", lag=found.lag.name), "success")
            return redirect(url_for("projects.partner", project_id=project.id,
                                    partner_id=found.id))
    return render_template("projects/partner.html", project=project, partner=found, form=form,
                           line_form=LineForm(formdata=None), plain_form=PlainForm())


@bp.post("/<int:project_id>/partners/<int:partner_id>/lines")
def add_line(project_id: int, partner_id: int) -> ResponseReturnValue:
    project = _project(project_id)
    found = _partner(project, partner_id)
    form = LineForm()
    if form.validate_on_submit():
        try:
            projects.add_line(me(), found.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Budget line added."), "success")
            return redirect(url_for("projects.partner", project_id=project.id,
                                    partner_id=found.id) + "#lines")
    budget = PartnerBudgetForm(formdata=None, data={
        name: f"{getattr(found, name):f}" for name in
        ("budget_total", "support", "own_contribution")})
    return render_template("projects/partner.html", project=project, partner=found,
                           form=budget, line_form=form, plain_form=PlainForm()), 400


def _line(project: CooperationProject, line_id: int) -> BudgetLine:
    try:
        line = get_line(me(), line_id)
    except ServiceError as error:
        refuse(error)
    if line.partner.project_id != project.id:
        abort(404)
    return line


@bp.route("/<int:project_id>/lines/<int:line_id>", methods=["GET", "POST"])
def line(project_id: int, line_id: int) -> ResponseReturnValue:
    """A budget line: its activity and planned amount, and the actual costs against it."""
    project = _project(project_id)
    found = _line(project, line_id)
    form = LineForm(data={"activity": found.activity, "planned": f"{found.planned:f}"}
                    if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            projects.update_line(me(), found.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Budget line saved."), "success")
            return redirect(url_for("projects.line", project_id=project.id, line_id=found.id))
    cost_form = CostForm(formdata=None)
    cost_form.set_choices(project_seminars(project.id, Period()))
    return render_template("projects/line.html", project=project, line=found, form=form,
                           cost_form=cost_form, plain_form=PlainForm())


@bp.post("/<int:project_id>/lines/<int:line_id>/delete")
def delete_line(project_id: int, line_id: int) -> ResponseReturnValue:
    project = _project(project_id)
    found = _line(project, line_id)
    if PlainForm().validate_on_submit():
        try:
            projects.delete_line(me(), found.id)
        except ServiceError as error:
            flash(error.message, "error")
            return redirect(url_for("projects.line", project_id=project.id, line_id=found.id))
        flash(_("Budget line removed: %(activity)s", activity=found.activity), "success")
    return redirect(url_for("projects.partner", project_id=project.id,
                            partner_id=found.partner_id) + "#lines")


@bp.post("/<int:project_id>/lines/<int:line_id>/costs")
def add_cost(project_id: int, line_id: int) -> ResponseReturnValue:
    project = _project(project_id)
    found = _line(project, line_id)
    form = CostForm()
    form.set_choices(project_seminars(project.id, Period()))
    if form.validate_on_submit():
        try:
            projects.add_cost(me(), found.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Cost added: %(amount)s", amount=euros(fields.amount(
                {"amount": form.amount.data}, "amount"))), "success")
            return redirect(url_for("projects.line", project_id=project.id,
                                    line_id=found.id) + "#costs")
    line_form = LineForm(formdata=None, data={"activity": found.activity,
                                              "planned": f"{found.planned:f}"})
    return render_template("projects/line.html", project=project, line=found, form=line_form,
                           cost_form=form, plain_form=PlainForm()), 400


@bp.post("/<int:project_id>/costs/<int:cost_id>/delete")
def delete_cost(project_id: int, cost_id: int) -> ResponseReturnValue:
    project = _project(project_id)
    if not PlainForm().validate_on_submit():
        return redirect(url_for("projects.show", project_id=project.id))
    line_id = request.form.get("line_id", "")
    try:
        projects.delete_cost(me(), cost_id)
    except ServiceError as error:
        refuse(error)
    flash(_("Cost removed."), "success")
    if line_id.isdigit():
        return redirect(url_for("projects.line", project_id=project.id,
                                line_id=int(line_id)) + "#costs")
    return redirect(url_for("projects.show", project_id=project.id))
