"""The phone: join with a code, then post ideas and spend dots (works without JavaScript too)."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response as BaseResponse

from facilitation.codes import normalise_join_code
from facilitation.phases import Audience, Phase
from facilitation.voting import rank

from ..extensions import db
from ..i18n import gettext as _
from ..models import Participant, Workshop
from ..services import ideas, votes
from ..services.access import participant_principal
from ..services.errors import ServiceError
from ..services.participants import join_workshop, rejoin
from ..services.snapshots import snapshot
from ..services.workshops import workshop_for_code
from .screen_text import screen_text
from .throttle import check_join_allowed, note_join_miss

bp = Blueprint("participant", __name__)
TOKEN_MAX_AGE = 30 * 24 * 3600


def token_cookie(workshop: Workshop) -> str:
    return f"koosloome_p{workshop.id}"


def _lookup(code: str) -> Workshop | None:
    """The open workshop of a code; each miss counts against the caller's address."""
    check_join_allowed()
    workshop = workshop_for_code(code)
    if workshop is None:
        note_join_miss()
    return workshop


def _open_workshop(code: str) -> Workshop:
    workshop = _lookup(code)
    if workshop is None:
        ended = _ended(code)
        if ended is not None:
            abort(make_response(_ended_page(ended)))
        abort(404)
    return workshop


def _ended(code: str) -> Workshop | None:
    """The closed workshop a code belonged to, if it did."""
    return db.session.scalar(sa.select(Workshop).where(
        Workshop.code == normalise_join_code(code), Workshop.phase == Phase.CLOSED))


def _ended_page(workshop: Workshop) -> ResponseReturnValue:
    """"This workshop has ended", in the phone's own language, with the room's results."""
    state = snapshot(workshop, Audience.PARTICIPANT)
    return render_template("participant/ended.html", workshop=workshop, state=state,
                           ranked=_ranked(state["ideas"]),
                           strings=screen_text("phone")), 410


def _ranked(ideas: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ideas in ranking order with their places; ties share a place (1, 1, 3)."""
    by_number = sorted(ideas, key=lambda idea: idea.get("number") or idea["id"])
    places = rank({idea["id"]: idea.get("votes") or 0 for idea in by_number},
                  [idea["id"] for idea in by_number])
    found = {idea["id"]: idea for idea in ideas}
    return [{"idea": found[place.idea_id], "rank": place.rank} for place in places]


def _taken_part_in(code: str) -> Workshop | None:
    """A closed workshop, for a phone that took part in it: its thanks and results stay."""
    workshop = db.session.scalar(sa.select(Workshop).where(
        Workshop.code == normalise_join_code(code), Workshop.phase == Phase.CLOSED))
    if workshop is None or _current_participant(workshop) is None:
        return None
    return workshop


@bp.errorhandler(ServiceError)
def refused(error: ServiceError) -> tuple[str, int]:
    return render_template("participant/join.html", code="", error=error.message), error.status


def _current_participant(workshop: Workshop) -> Participant | None:
    return rejoin(request.cookies.get(token_cookie(workshop)), workshop)


def _remember(response: BaseResponse, workshop: Workshop, token: str) -> BaseResponse:
    response.set_cookie(token_cookie(workshop), token, max_age=TOKEN_MAX_AGE, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.route("/join", methods=["GET", "POST"])
def join() -> ResponseReturnValue:
    code = request.values.get("code", "")
    if request.method == "POST" or code:
        workshop = _lookup(code)
        if workshop is not None:
            return redirect(url_for("participant.join_code", code=workshop.code))
        ended = _ended(code)
        if ended is not None:
            return _ended_page(ended)
        error = _("We did not find a workshop with this code. Please check the code on the screen.")
        return render_template("participant/join.html", code=code, error=error), 400
    return render_template("participant/join.html", code="", error=None)


@bp.get("/j/<code>")
def join_code(code: str) -> ResponseReturnValue:
    # A phone that slept through the end of the workshop comes back to its results.
    workshop = _lookup(code) or _taken_part_in(code)
    if workshop is None:
        ended = _ended(code)
        if ended is None:
            abort(404)
        return _ended_page(ended)
    if workshop.code != code:
        return redirect(url_for("participant.join_code", code=workshop.code))
    participant = _current_participant(workshop)
    if participant is None:
        return render_template("participant/welcome.html", workshop=workshop, error=None)
    page = make_response(render_template("participant/phone.html",
                                         **_phone_context(workshop, participant)))
    # A page brought back by the Back button would re-send an old form's client id,
    # and the server would take a new idea for a retry of the old one.
    page.headers["Cache-Control"] = "no-store"
    return page


def _phone_context(workshop: Workshop, participant: Participant) -> dict[str, Any]:
    token = request.cookies.get(token_cookie(workshop), "")
    state = snapshot(workshop, Audience.PARTICIPANT, participant)
    return {
        "workshop": workshop,
        "participant": participant,
        "state": state,
        "ranked": _ranked(state["ideas"]) if state["counts_visible"] else [],
        "client_id": uuid.uuid4().hex,
        "page_data": {
            "workshop_id": workshop.id,
            "code": workshop.code,
            "token": token,
            "seq": workshop.seq,
            "state": state,
            "strings": screen_text("phone"),
        },
    }


@bp.post("/j/<code>")
def join_as_participant(code: str) -> ResponseReturnValue:
    workshop = _open_workshop(code)
    try:
        _participant, token = join_workshop(workshop.code, request.form.get("name"),
                                            request.form.get("background"))
    except ServiceError as error:
        return render_template("participant/welcome.html", workshop=workshop,
                               error=error.message), error.status
    response = redirect(url_for("participant.join_code", code=workshop.code))
    return _remember(response, workshop, token)


@bp.post("/j/<code>/resume")
def resume(code: str) -> ResponseReturnValue:
    """A phone that lost its cookie but kept its token in localStorage gets back in."""
    workshop = _open_workshop(code)
    token = request.form.get("token", "")
    response = redirect(url_for("participant.join_code", code=workshop.code))
    if rejoin(token, workshop) is not None:
        _remember(response, workshop, token)
    return response


def _act(code: str, action: str) -> ResponseReturnValue:
    workshop = _open_workshop(code)
    participant = _current_participant(workshop)
    if participant is None:
        return redirect(url_for("participant.join_code", code=workshop.code))
    principal = participant_principal(participant)
    form = request.form
    try:
        if action == "idea":
            ideas.post_idea(principal, {
                "text": form.get("text", ""), "client_id": form.get("client_id") or None,
                "target_groups": form.getlist("target_groups")})
            flash(_("Thank you! Your idea is on the board."), "success")
        else:
            payload = {"idea_id": form.get("idea_id", ""),
                       "client_id": form.get("client_id") or None}
            if form.get("action") == "retract":
                result = votes.retract_vote(principal, payload)
                flash(_("Dot taken back. Dots left: %(n)d", n=result.votes_left), "success")
            else:
                result = votes.cast_vote(principal, payload)
                flash(_("Dot added. Dots left: %(n)d", n=result.votes_left), "success")
    except ServiceError as error:
        flash(error.message, "error")
    return redirect(url_for("participant.join_code", code=workshop.code))


@bp.post("/j/<code>/ideas")
def post_idea(code: str) -> ResponseReturnValue:
    return _act(code, "idea")


@bp.post("/j/<code>/votes")
def vote(code: str) -> ResponseReturnValue:
    return _act(code, "vote")
