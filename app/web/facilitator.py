"""The facilitator's pages: seminars, creating a workshop, and the live console."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from facilitation.phases import Audience, Phase, allowed_next

from ..extensions import db
from ..i18n import gettext as _
from ..models import Lag, Role
from ..services import team, workshops
from ..services.access import Principal, staff_principal
from ..services.errors import ServiceError
from ..services.snapshots import snapshot
from .facilitator_forms import SeminarForm, WorkshopForm, seminar_kind_choices
from .form_fields import show_error
from .screen_text import phase_names, screen_text
from .staff_pages import me, refuse

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
        "idea_max_length": form.idea_max_length.data, "language": form.language.data,
        "expected_participants": form.expected_participants.data,
        "paper_ballot_limit": form.paper_ballot_limit.data}


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


def _steered(workshop_id: int) -> workshops.Workshop:
    """The workshop, if the signed-in staff member is on its team (else 404 or 403)."""
    workshop = workshops.get_workshop_or_none(workshop_id) or abort(404)
    try:
        team.check_steers(me(), workshop)
    except ServiceError as error:
        refuse(error)
    return workshop


@bp.route("/workshops/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit_workshop(workshop_id: int) -> ResponseReturnValue:
    workshop = _steered(workshop_id)
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
    """The live console: the team steers from it; other staff who may read the workshop watch
    it as the board shows it."""
    workshop = workshops.get_workshop_or_none(workshop_id) or abort(404)
    principal = me()
    try:
        team.check_can_watch(principal, workshop)
    except ServiceError as error:
        refuse(error)
    audience = team.audience_for(principal, workshop)
    state = snapshot(workshop, audience)
    if audience is Audience.STAFF:
        state["ballots"] = workshops.ballots_json(workshop)
    return render_template(
        "facilitator/console.html",
        workshop=workshop,
        state=state,
        phase_steps=phase_steps(workshop.phase),
        phase_names=phase_names(),
        panels=_panels(principal, workshop, audience),
        page_data={"workshop_id": workshop.id, "seq": workshop.seq, "state": state,
                   "strings": screen_text("console"), "phase_names": phase_names(),
                   "suggestions_url": url_for("api_clusters.cluster_suggestions",
                                              workshop_id=workshop.id)},
    )


def _panels(principal: Principal, workshop: workshops.Workshop, audience: Audience
            ) -> dict[str, Any]:
    """What the door, participants and team panels show (templates/facilitator/_*.html)."""
    steers = audience is Audience.STAFF
    return {
        "steers": steers,
        "is_admin": principal.role is Role.ADMIN,
        "team": team.team_json(workshop),
        "candidates": team.candidates(workshop) if steers else [],
        "may_change_team": steers and (principal.role is Role.ADMIN
                                       or principal.user_id == workshop.created_by_id),
        "may_reopen": principal.role is Role.ADMIN and workshop.phase is Phase.CLOSED,
    }


@bp.post("/workshops/<int:workshop_id>/team")
def add_to_team(workshop_id: int) -> ResponseReturnValue:
    try:
        team.add_co_facilitator(me(), workshop_id, request.form.get("user_id", ""))
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(_("Co-facilitator added."), "success")
    return redirect(url_for("facilitator.console", workshop_id=workshop_id) + "#team-title")


@bp.post("/workshops/<int:workshop_id>/team/<int:user_id>/remove")
def remove_from_team(workshop_id: int, user_id: int) -> ResponseReturnValue:
    try:
        team.remove_co_facilitator(me(), workshop_id, user_id)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(_("Co-facilitator removed."), "success")
    return redirect(url_for("facilitator.console", workshop_id=workshop_id) + "#team-title")


@bp.post("/workshops/<int:workshop_id>/board-key")
def rotate_board_key(workshop_id: int) -> ResponseReturnValue:
    try:
        workshops.rotate_board_key(me(), workshop_id)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(_("The board has a new address. Open it again on the projector; the old address "
                "no longer works."), "success")
    return redirect(url_for("facilitator.console", workshop_id=workshop_id) + "#team-title")


@bp.post("/workshops/<int:workshop_id>/reopen")
def reopen(workshop_id: int) -> ResponseReturnValue:
    """An admin opens a closed workshop again, to its results."""
    try:
        workshops.set_phase(me(), workshop_id, Phase.RESULTS.value)
    except ServiceError as error:
        flash(error.message, "error")
    else:
        flash(_("The workshop is open again, showing its results."), "success")
    return redirect(url_for("facilitator.console", workshop_id=workshop_id))
