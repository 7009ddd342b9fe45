"""The idea backlog pages: the list with filters and bulk actions, one idea, duplicate suggestions."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required

from ..extensions import db
from ..i18n import gettext as _
from ..i18n import ngettext
from ..models import Role, Workshop
from ..services import backlog, proposals
from ..services.errors import ServiceError
from .backlog_forms import BacklogActionForm, BacklogFilterForm, MergeForm
from .staff_pages import me, refuse, share_page_helpers

bp = Blueprint("backlog", __name__, url_prefix="/backlog")
share_page_helpers(bp)

TRIAGE_ACTIONS = ("shortlist", "archive", "restore")


@bp.before_request
@login_required
def require_staff() -> None:
    """Every backlog page needs a signed-in staff member."""


def _filters() -> backlog.BacklogFilters:
    try:
        return backlog.parse_filters(request.args)
    except ServiceError as error:
        flash(error.message, "error")
        return backlog.BacklogFilters()


def _filter_form(filters: backlog.BacklogFilters) -> BacklogFilterForm:
    form = BacklogFilterForm(formdata=None, data={
        "q": filters.q, "lag_id": filters.lag_id, "seminar_id": filters.seminar_id,
        "workshop_id": filters.workshop_id, "target_group": filters.target_group or "",
        "theme": filters.theme or "", "state": filters.state.value if filters.state else "",
        "sort": filters.sort, "per_page": filters.per_page})
    workshops = db.session.scalars(sa.select(Workshop).options(
        sa.orm.joinedload(Workshop.seminar)).order_by(Workshop.seminar_id.desc(), Workshop.id))
    form.set_choices(lags=proposals.lags(), seminars=proposals.seminars(),
                     workshops=list(workshops), themes=backlog.themes())
    return form


@bp.get("/")
def index() -> str:
    filters = _filters()
    try:
        page = backlog.list_backlog(me(), filters)
    except ServiceError as error:
        refuse(error)
    return render_template("backlog/index.html", page=page, filters=filters,
                           filter_form=_filter_form(filters), action_form=BacklogActionForm(),
                           can_edit=_can_edit(), export_args=filters.query_args(page=None,
                                                                                per_page=None))


def _can_edit() -> bool:
    return me().role in (Role.ADMIN, Role.COORDINATOR)


@bp.post("/actions")
def actions() -> ResponseReturnValue:
    """The buttons under the backlog table act on the ideas ticked in it."""
    form = BacklogActionForm()
    back = request.form.get("next") or url_for("backlog.index")
    if not back.startswith("/backlog") or back.startswith("//"):
        back = url_for("backlog.index")
    if not form.validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return redirect(back)
    idea_ids = request.form.getlist("idea_ids")
    action = request.form.get("action", "")
    if action == "propose":
        return redirect(url_for("proposals.new", idea_ids=idea_ids))
    data: dict[str, Any] = {"idea_ids": idea_ids, "action": action, "theme": form.theme.data}
    try:
        if action == "theme":
            result = backlog.set_theme(me(), data)
        elif action in TRIAGE_ACTIONS:
            result = backlog.triage(me(), data)
        else:
            raise ServiceError("invalid_input", field="action")
    except ServiceError as error:
        if error.field == "idea_ids":
            flash(_("Tick at least one idea first."), "error")
        else:
            flash(error.message, "error")
    else:
        flash(ngettext("%(num)d idea changed.", "%(num)d ideas changed.", result.changed)
              + (" " + ngettext("%(num)d idea was already there or is in a proposal.",
                                "%(num)d ideas were already there or are in a proposal.",
                                result.unchanged) if result.unchanged else ""), "success")
    return redirect(back)


@bp.get("/ideas/<int:idea_id>")
def idea(idea_id: int) -> str:
    try:
        detail = backlog.idea_detail(me(), idea_id)
    except ServiceError as error:
        refuse(error)
    return render_template("backlog/idea.html", detail=detail, row=detail.row,
                           action_form=BacklogActionForm(), can_edit=_can_edit())


@bp.get("/duplicates")
def duplicates() -> str:
    filters = _filters()
    try:
        suggestions = backlog.duplicate_suggestions(me(), filters)
    except ServiceError as error:
        refuse(error)
    return render_template("backlog/duplicates.html", suggestions=suggestions, filters=filters,
                           merge_form=MergeForm())


@bp.post("/merge")
def merge() -> ResponseReturnValue:
    form = MergeForm()
    back = url_for("backlog.duplicates")
    if not form.validate_on_submit():
        flash(_("The form had expired. Please try again."), "error")
        return redirect(back)
    data = {"target_id": request.form.get("target_id"),
            "source_ids": request.form.getlist("source_ids")}
    try:
        target = backlog.merge(me(), data)
    except ServiceError as error:
        if error.code == "wrong_phase":
            flash(_("One of these workshops is still running. Merge its ideas from its console "
                    "instead."), "error")
        else:
            flash(error.message, "error")
        return redirect(back)
    flash(_("Ideas merged. Every original is kept under the merged idea, with its dots."),
          "success")
    return redirect(url_for("backlog.idea", idea_id=target.id))
