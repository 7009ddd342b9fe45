"""The seminar's steps outside the workshop, each on a page of its own: a phone registers on
the seminar's list of participants (optional), a phone answers the feedback form, and anyone
with the registration link signs up before the seminar. No JavaScript: plain forms with big
targets, as on the phone's other pages.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup
from werkzeug.wrappers import Response as BaseResponse

from facilitation.codes import normalise_join_code
from facilitation.feedback import SCALE

from ..extensions import db
from ..i18n import gettext as _
from ..i18n import ngettext
from ..models import Participant, Workshop
from ..services.errors import ServiceError
from ..services.paperwork import attendance, feedback
from ..services.paperwork.agenda import agenda_of
from ..services.paperwork.logos import logos
from ..services.participants import join_workshop, rejoin
from ..services.snapshots import external_url
from ..services.vocabulary import seminar_kind_names
from ..services.workshops import workshop_for_code
from .board import join_qr_svg
from .participant import TOKEN_MAX_AGE, token_cookie
from .seminar_forms import background_choices
from .throttle import client_address, slow_down_join_miss

bp = Blueprint("seminar_phone", __name__)


@bp.app_template_global()
def feedback_address(workshop: Workshop) -> str:
    """The feedback form's address as the screen prints it (without the scheme)."""
    return external_url("seminar_phone.feedback_form", code=workshop.code).split("://", 1)[-1]


@bp.app_template_global()
def feedback_qr(workshop: Workshop) -> Markup:
    """The feedback form's address as the screen's QR code."""
    return join_qr_svg(external_url("seminar_phone.feedback_form", code=workshop.code))


def _workshop(code: str) -> Workshop:
    """The workshop of a code: an open one, or a closed one this phone took part in."""
    workshop = workshop_for_code(code)
    if workshop is None:
        closed = db.session.scalar(sa.select(Workshop).where(
            Workshop.code == normalise_join_code(code)))
        if closed is not None and _participant(closed) is not None:
            workshop = closed
    if workshop is None:
        slow_down_join_miss()
        abort(404)
    return workshop


def _token(workshop: Workshop) -> str | None:
    return request.cookies.get(token_cookie(workshop))


def _participant(workshop: Workshop) -> Participant | None:
    return rejoin(_token(workshop), workshop)


def _no_store(page: Any) -> Any:
    response = current_app.make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response


def retention_text() -> str:
    """How long the list is kept, in years where the setting is whole years."""
    days = attendance.retention_days()
    if days % 365 == 0:
        return ngettext("%(num)d year", "%(num)d years", days // 365)
    return ngettext("%(num)d day", "%(num)d days", days)


def _person_form(values: dict[str, Any], error: ServiceError | None) -> dict[str, Any]:
    return {"values": values, "error": error, "backgrounds": background_choices(),
            "municipalities": attendance.known_municipalities(), "retention": retention_text()}


# -- registering on the list of participants ---------------------------------------------------


@bp.route("/j/<code>/register", methods=["GET", "POST"])
def register(code: str) -> ResponseReturnValue:
    workshop = _workshop(code)
    token = _token(workshop)
    if _participant(workshop) is None:
        flash(_("Please join the workshop first."), "info")
        return redirect(url_for("participant.join_code", code=workshop.code))
    entry = attendance.phone_entry(token)
    error = None
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            _entry, created = attendance.register_from_phone(token, values)
        except ServiceError as refused:
            error = refused
        else:
            flash(_("Thank you! You are on the list of participants.") if created else
                  _("Your details on the list are changed."), "success")
            return redirect(url_for("seminar_phone.register", code=workshop.code))
    elif entry is not None:
        values = {"name": entry.name, "organisation": entry.organisation,
                  "background": entry.background.value if entry.background else "",
                  "municipality": entry.municipality, "email": entry.email, "consent": "1"}
    page = render_template("seminar_phone/register.html", workshop=workshop,
                           seminar=workshop.seminar, entry=entry,
                           action=url_for("seminar_phone.register", code=workshop.code),
                           **_person_form(values, error))
    return _no_store((page, 400 if error else 200))


# -- feedback -------------------------------------------------------------------------------


def _answers_from(form: Any, questions: list[Any]) -> dict[str, str]:
    return {str(q.id): form.get(f"answers-{q.id}", "") for q in questions}


@bp.route("/j/<code>/feedback", methods=["GET", "POST"])
def feedback_form(code: str) -> ResponseReturnValue:
    """The big-button feedback form; a phone that never joined (it scanned the board's code)
    joins when it sends its answers."""
    workshop = _workshop(code)
    token = _token(workshop) if _participant(workshop) is not None else None
    questions = feedback.questions_of(workshop.seminar_id)
    error = None
    values: dict[str, Any] = {}
    new_token = None
    if request.method == "POST" and workshop.feedback_open:
        values = _answers_from(request.form, questions)
        try:
            if token is None:
                feedback.read_answers(questions, {"answers": values})  # check before joining
                _new, new_token = join_workshop(workshop.code, address=client_address(),
                                                for_feedback=True)
                token = new_token
            _response, created = feedback.answer_from_phone(token, {"answers": values})
        except ServiceError as refused:
            error = refused
        else:
            flash(_("Thank you for your feedback!") if created else
                  _("Thank you! Your new answers replace the earlier ones."), "success")
            response = redirect(url_for("seminar_phone.feedback_form", code=workshop.code))
            return _remember(response, workshop, new_token)
    elif token is not None:
        values = {str(key): str(value) for key, value in
                  (feedback.phone_answers(token) or {}).items()}
    page = render_template(
        "seminar_phone/feedback.html", workshop=workshop, seminar=workshop.seminar,
        questions=questions, values=values, error=error, answered=bool(values) and not error,
        options_of=feedback.options_of, question_text=feedback.question_text,
        scale_labels=feedback.scale_labels(), scale=SCALE)
    return _no_store((page, 400 if error else 200))


def _remember(response: BaseResponse, workshop: Workshop, token: str | None) -> BaseResponse:
    if token:
        response.set_cookie(token_cookie(workshop), token, max_age=TOKEN_MAX_AGE, httponly=True,
                            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


# -- registering in advance -------------------------------------------------------------------


@bp.route("/r/<key>", methods=["GET", "POST"])
def register_in_advance(key: str) -> ResponseReturnValue:
    seminar = attendance.open_registration(key)
    if seminar is None:
        slow_down_join_miss()
        abort(404)
    error = None
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = request.form.to_dict()
        try:
            entry = attendance.register_in_advance(key, values)
        except ServiceError as refused:
            error = refused
        else:
            return _no_store(render_template("seminar_phone/registered.html", seminar=seminar,
                                             name=entry.name))
    page = render_template("seminar_phone/advance.html", seminar=seminar,
                           items=agenda_of(seminar.id), logos=logos(),
                           kinds=seminar_kind_names(),
                           action=url_for("seminar_phone.register_in_advance", key=key),
                           **_person_form(values, error))
    return _no_store((page, 400 if error else 200))
