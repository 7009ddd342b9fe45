"""The facilitator's pages: seminars, creating a workshop, and the live console."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from facilitation.phases import Audience, Phase, allowed_next

from ..extensions import db
from ..i18n import gettext as _
from ..models import Lag
from ..services import workshops
from ..services.access import staff_principal
from ..services.errors import ServiceError
from ..services.snapshots import snapshot
from .facilitator_forms import SeminarForm, WorkshopForm, seminar_kind_choices
from .form_fields import show_error
from .screen_text import phase_names, screen_text

bp = Blueprint("facilitator", __name__, url_prefix="/console")


@bp.before_request
@login_required
def require_staff() -> None:
    """Every console page needs a signed-in staff member."""


@bp.get("/")
def index() -> str:
    return render_template("facilitator/index.html", seminars=workshops.list_seminars(),
                           phase_names=phase_names())


def _seminar_form() -> SeminarForm:
    form = SeminarForm()
    form.kind.choices = seminar_kind_choices()
    form.lag_ids.choices = [(lag.id, lag.name) for lag in db.session.scalars(
        db.select(Lag).order_by(Lag.name))]
    return form


@bp.route("/seminars/new", methods=["GET", "POST"])
def new_seminar() -> ResponseReturnValue:
    form = _seminar_form()
    if form.validate_on_submit():
        data: dict[str, Any] = {
            "title": form.title.data, "kind": form.kind.data, "starts_on": form.starts_on.data,
            "ends_on": form.ends_on.data, "place": form.place.data,
            "country": form.country.data, "notes": form.notes.data,
            "lag_ids": list(form.lag_ids.data or [])}
        try:
            seminar = workshops.create_seminar(staff_principal(current_user), data)
        except ServiceError as error:
            refused(form, error)
        else:
            flash(_("Seminar saved. Now add a workshop to it."), "success")
            return redirect(url_for("facilitator.new_workshop", seminar_id=seminar.id))
    return render_template("facilitator/seminar_form.html", form=form)


def _workshop_data(form: WorkshopForm) -> dict[str, Any]:
    return {
        "title": form.title.data, "prompt": form.prompt.data,
        "dots_per_participant": form.dots_per_participant.data,
        "max_dots_per_idea": form.max_dots_per_idea.data,
        "blind_voting": bool(form.blind_voting.data),
        "phones_see_ideas": bool(form.phones_see_ideas.data),
        "moderation": bool(form.moderation.data),
        "idea_max_length": form.idea_max_length.data, "language": form.language.data}


def refused(form: FlaskForm, error: ServiceError) -> None:
    """Say what is wrong beside the field it is about, and at the top of the form."""
    show_error(form, error)
    flash(error.message, "error")


@bp.route("/seminars/<int:seminar_id>/workshops/new", methods=["GET", "POST"])
def new_workshop(seminar_id: int) -> ResponseReturnValue:
    seminar = workshops.get_seminar_or_none(seminar_id) or abort(404)
    form = WorkshopForm()
    if form.validate_on_submit():
        try:
            workshop = workshops.create_workshop(staff_principal(current_user), seminar.id,
                                                 _workshop_data(form))
        except ServiceError as error:
            refused(form, error)
        else:
            flash(_("Workshop ready. Open the board on the projector."), "success")
            return redirect(url_for("facilitator.console", workshop_id=workshop.id))
    return render_template("facilitator/workshop_form.html", form=form, seminar=seminar,
                           workshop=None)


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit_workshop(workshop_id: int) -> ResponseReturnValue:
    workshop = workshops.get_workshop_or_none(workshop_id) or abort(404)
    form = WorkshopForm(obj=workshop)
    if form.validate_on_submit():
        try:
            workshops.update_workshop(staff_principal(current_user), workshop.id,
                                      _workshop_data(form))
        except ServiceError as error:
            refused(form, error)
        else:
            flash(_("Workshop settings saved."), "success")
            return redirect(url_for("facilitator.console", workshop_id=workshop.id))
    return render_template("facilitator/workshop_form.html", form=form,
                           seminar=workshop.seminar, workshop=workshop)


# The console's phase buttons, the step forward first (static/js/phases.js draws them alike).
STEP_ORDER = ("forward", "skip", "back", "close")


def phase_steps(phase: Phase) -> list[tuple[str, str]]:
    """The phases reachable from ``phase``, each with its kind of step: "forward" (the next
    phase, the primary button), "skip" (past an optional phase), "back", or "close"."""
    order = list(Phase)

    def kind(target: Phase) -> str:
        if target is Phase.CLOSED:
            return "close"
        if order.index(target) < order.index(phase):
            return "back"
        return "forward" if order.index(target) == order.index(phase) + 1 else "skip"

    steps = [(target.value, kind(target)) for target in order if target in allowed_next(phase)]
    return sorted(steps, key=lambda step: STEP_ORDER.index(step[1]))


@bp.get("/workshops/<int:workshop_id>")
def console(workshop_id: int) -> str:
    workshop = workshops.get_workshop_or_none(workshop_id) or abort(404)
    state = snapshot(workshop, Audience.STAFF)
    state["ballots"] = workshops.ballots_json(workshop)
    return render_template(
        "facilitator/console.html",
        workshop=workshop,
        state=state,
        phase_steps=phase_steps(workshop.phase),
        phase_names=phase_names(),
        page_data={"workshop_id": workshop.id, "seq": workshop.seq, "state": state,
                   "strings": screen_text("console"), "phase_names": phase_names(),
                   "suggestions_url": url_for("api_clusters.cluster_suggestions",
                                              workshop_id=workshop.id)},
    )
