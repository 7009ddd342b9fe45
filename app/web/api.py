"""The HTTP JSON API, /api/v1. Errors are {"error": {"code", "message"}} with a fitting status."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from facilitation.phases import Audience

from ..extensions import csrf
from ..services import fields, ideas, participants, workshops
from ..services.access import (
    ANONYMOUS,
    Principal,
    check_can_see_workshop,
    check_staff,
    participant_for_token,
    participant_principal,
    staff_principal,
)
from ..services.errors import ServiceError
from ..services.snapshots import idea_json, ideas_for, seminar_json, snapshot, workshop_json
from .throttle import check_join_allowed, note_join_miss

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

HTTP_CODES = {400: "invalid_input", 401: "unauthenticated", 403: "forbidden", 404: "not_found",
              405: "invalid_input", 413: "invalid_input", 415: "invalid_input",
              429: "rate_limited", 503: "unavailable"}


def _bearer() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


@bp.before_request
def protect_cookie_sessions() -> None:
    """A browser session must send its CSRF token; a Bearer token needs none.

    Only a signed-in session can be ridden by a forged request: a caller with no
    credentials at all is answered "unauthenticated" by the service, not "forbidden".
    """
    if request.method not in ("GET", "HEAD", "OPTIONS") and _bearer() is None \
            and request.endpoint != "api.join" and current_app.config["WTF_CSRF_ENABLED"] \
            and current_user.is_authenticated:
        csrf.protect()


def principal() -> Principal:
    if current_user.is_authenticated:
        return staff_principal(current_user)
    token = _bearer()
    if token:
        participant = participant_for_token(token)
        if participant is not None:
            return participant_principal(participant)
    return ANONYMOUS


def body() -> dict[str, Any]:
    """The JSON object sent; an unknown caller hears that first, before any word on the body."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # nested deeper than the parser goes: silent= catches only ValueError
        data = None
    if request.endpoint != "api.join" and principal() is ANONYMOUS:
        raise ServiceError("unauthenticated")
    return fields.payload(data, field="body")


@bp.errorhandler(ServiceError)
def service_error(error: ServiceError) -> tuple[Response, int]:
    return jsonify(error.as_json()), error.status


@bp.errorhandler(CSRFError)
def csrf_error(error: CSRFError) -> tuple[Response, int]:
    return jsonify(ServiceError("forbidden", error.description).as_json()), 403


@bp.errorhandler(HTTPException)
def http_error(error: HTTPException) -> tuple[Response, int]:
    status = error.code or 500
    return jsonify(ServiceError(HTTP_CODES.get(status, "invalid_input")).as_json()), status


@bp.app_errorhandler(404)
@bp.app_errorhandler(405)
def unrouted_error(error: HTTPException) -> tuple[Response, int] | HTTPException:
    """A URL under /api/v1 that matches no route is not in the blueprint yet answers JSON."""
    if request.path == bp.url_prefix or request.path.startswith(f"{bp.url_prefix}/"):
        return http_error(error)
    return error


@bp.post("/seminars")
def create_seminar() -> tuple[dict[str, Any], int]:
    return seminar_json(workshops.create_seminar(principal(), body())), 201


@bp.get("/seminars")
def list_seminars() -> dict[str, Any]:
    check_staff(principal())
    return {"seminars": [seminar_json(seminar) for seminar in workshops.list_seminars()]}


@bp.get("/seminars/<int:seminar_id>")
def get_seminar(seminar_id: int) -> dict[str, Any]:
    check_staff(principal())
    return seminar_json(workshops.get_seminar(seminar_id))


@bp.post("/seminars/<int:seminar_id>/workshops")
def create_workshop(seminar_id: int) -> tuple[dict[str, Any], int]:
    workshop = workshops.create_workshop(principal(), seminar_id, body())
    return workshop_json(workshop, Audience.STAFF), 201


def _visible_workshop(workshop_id: int) -> tuple[Principal, workshops.Workshop]:
    who = principal()
    check_can_see_workshop(who, workshop_id)
    return who, workshops.get_workshop(workshop_id)


@bp.get("/workshops/<int:workshop_id>")
def get_workshop(workshop_id: int) -> dict[str, Any]:
    who, workshop = _visible_workshop(workshop_id)
    participant = None
    if who.participant_id is not None:
        participant = participant_for_token(_bearer())
    return {**snapshot(workshop, who.audience, participant), "seq": workshop.seq}


@bp.patch("/workshops/<int:workshop_id>")
def update_workshop(workshop_id: int) -> dict[str, Any]:
    workshop = workshops.update_workshop(principal(), workshop_id, body())
    return workshop_json(workshop, Audience.STAFF)


@bp.post("/workshops/<int:workshop_id>/phase")
def set_phase(workshop_id: int) -> dict[str, Any]:
    workshop = workshops.set_phase(principal(), workshop_id, body().get("phase"))
    return workshop_json(workshop, Audience.STAFF)


@bp.post("/workshops/<int:workshop_id>/timer")
def set_timer(workshop_id: int) -> dict[str, Any]:
    workshop = workshops.set_timer(principal(), workshop_id, body().get("seconds"))
    return workshop_json(workshop, Audience.STAFF)


@bp.get("/workshops/<int:workshop_id>/ideas")
def list_ideas(workshop_id: int) -> dict[str, Any]:
    who, workshop = _visible_workshop(workshop_id)
    return {"ideas": ideas_for(workshop, who.audience)}


@bp.post("/workshops/<int:workshop_id>/ideas/approve")
def approve_ideas(workshop_id: int) -> dict[str, Any]:
    approved = ideas.moderate_ideas(principal(), {**body(), "workshop_id": workshop_id,
                                                  "approve": True})
    return {"ideas": [idea_json(idea, audience=Audience.STAFF) for idea in approved]}


@bp.post("/workshops/<int:workshop_id>/ideas/reject")
def reject_ideas(workshop_id: int) -> dict[str, Any]:
    rejected = ideas.moderate_ideas(principal(), {**body(), "workshop_id": workshop_id,
                                                  "approve": False})
    return {"ideas": [idea_json(idea, audience=Audience.STAFF) for idea in rejected]}


@bp.post("/join")
def join() -> tuple[dict[str, Any], int]:
    data = body()
    check_join_allowed()
    try:
        participant, token = participants.join_workshop(data.get("code"), data.get("name"),
                                                        data.get("background"))
    except ServiceError as error:
        if error.code == "not_found":
            note_join_miss()
        raise
    return {"participant_id": participant.id, "token": token,
            "workshop_id": participant.workshop_id}, 201
