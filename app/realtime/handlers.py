"""Socket.IO event handlers: identify the caller, call one service, answer with an ack.

Every client→server event answers ``{"ok": true, ...}`` or
``{"ok": false, "error": {"code", "message"}}``; handlers never emit by themselves.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import g, request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, join_room, leave_room

from facilitation.phases import Audience

from ..database import UNAVAILABLE_ERRORS
from ..extensions import db, socketio
from ..i18n import select_locale
from ..models import Participant
from ..services import clusters, fields, hints, ideas, participants, votes, workshops
from ..services.access import (
    ANONYMOUS,
    Principal,
    board_principal,
    check_can_see_workshop,
    participant_for_token,
    participant_principal,
    staff_principal,
    user_for_api_token,
)
from ..services.errors import ServiceError
from ..services.limits import limits
from ..services.snapshots import idea_json, iso, snapshot
from .rooms import room

log = logging.getLogger(__name__)
PRINCIPAL_KEY = "koosloome_principal"
ROOMS_KEY = "koosloome_rooms"
# Every event of a connection runs on its handshake's request, so its language is chosen once.
LOCALE_KEY = "koosloome_locale"
Handler = Callable[[Principal, Any], dict[str, Any]]


def _identify(auth: object) -> Principal:
    credentials = auth if isinstance(auth, dict) else {}
    if "token" in credentials:
        participant = participant_for_token(credentials["token"])
        return participant_principal(participant) if participant else ANONYMOUS
    if "api_token" in credentials:
        user = user_for_api_token(credentials["api_token"])
        return staff_principal(user) if user else ANONYMOUS
    if "board_key" in credentials:
        return board_principal(credentials["board_key"]) or ANONYMOUS
    if current_user.is_authenticated:
        return staff_principal(current_user)
    return ANONYMOUS


def refused(error: ServiceError) -> ConnectionRefusedError:
    """The client's `connect_error` gets the message, and `data` = {"code", "message"}."""
    body = error.as_json()["error"]
    return ConnectionRefusedError(body["message"], body)


@socketio.on("connect")
def on_connect(auth: object = None) -> None:
    try:
        principal = _identify(auth)
    except UNAVAILABLE_ERRORS as error:
        # Expected and answered (the client retries): a line in the log, not a traceback.
        log.warning("database unavailable during connect: %s", str(error).splitlines()[0])
        raise refused(ServiceError("unavailable")) from None
    finally:
        db.session.rollback()
    if principal is ANONYMOUS:
        raise refused(ServiceError("unauthenticated"))
    session[PRINCIPAL_KEY] = principal.as_dict()
    session[ROOMS_KEY] = []
    session[LOCALE_KEY] = select_locale()


def current_principal() -> Principal:
    return Principal.from_dict(session.get(PRINCIPAL_KEY))


def error_ack(error: ServiceError) -> dict[str, Any]:
    return {"ok": False, **error.as_json()}


def _bucket(name: str, principal: Principal) -> str:
    if principal.is_staff:
        return "socket:staff"
    return {"idea:post": "socket:idea", "idea:similar": "socket:hint", "vote:cast": "socket:vote",
            "vote:retract": "socket:vote"}.get(name, "socket:other")


def event(name: str) -> Callable[[Handler], Handler]:
    """Register a handler that gets the caller and the payload and returns the ack's fields."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def wrapper(data: Any = None) -> dict[str, Any]:
            principal = current_principal()
            g.locale = session.get(LOCALE_KEY)
            if not limits().allow(_bucket(name, principal), request.sid):  # type: ignore[attr-defined]
                return error_ack(ServiceError("rate_limited"))
            try:
                return {"ok": True, **handler(principal, data)}
            except ServiceError as error:
                return error_ack(error)
            except UNAVAILABLE_ERRORS as error:
                log.warning("database unavailable during %s: %s", name,
                            str(error).splitlines()[0])
                return error_ack(ServiceError("unavailable"))
            finally:
                if db.session.registry.has():  # a dot runs outside the session
                    db.session.rollback()

        socketio.on_event(name, wrapper)
        return handler

    return decorate


@event("join")
def on_join(principal: Principal, data: Any) -> dict[str, Any]:
    payload = fields.fields_of(data)
    workshop_id = fields.required_id({"workshop_id": principal.workshop_id, **payload},
                                     "workshop_id")
    check_can_see_workshop(principal, workshop_id)
    # Enter the room before reading the workshop, so no event can fall between the snapshot
    # and the room; a workshop that is not there leaves the rooms as they were.
    previous = session.get(ROOMS_KEY, [])
    target = room(workshop_id, principal.audience)
    join_room(target)
    try:
        workshop = workshops.get_workshop(workshop_id)
    except ServiceError:
        if target not in previous:
            leave_room(target)
        raise
    for name in previous:
        if name != target:
            leave_room(name)
    session[ROOMS_KEY] = [target]
    seq = workshop.seq
    participant = None
    if principal.participant_id is not None:
        participant = db.session.get(Participant, principal.participant_id)
    state = snapshot(workshop, principal.audience, participant)
    if principal.is_staff:
        state["ballots"] = workshops.ballots_json(workshop)
    return {"state": state, "seq": seq}


@event("idea:post")
def on_idea_post(principal: Principal, data: Any) -> dict[str, Any]:
    idea, created = ideas.post_idea(principal, data)
    return {"idea": idea_json(idea, audience=principal.audience), "duplicate": not created}


@event("idea:similar")
def on_idea_similar(principal: Principal, data: Any) -> dict[str, Any]:
    return {"ideas": hints.similar_posted_ideas(principal, data)}


@event("vote:cast")
def on_vote_cast(principal: Principal, data: Any) -> dict[str, Any]:
    return votes.cast_vote(principal, data).as_json()


@event("vote:retract")
def on_vote_retract(principal: Principal, data: Any) -> dict[str, Any]:
    return votes.retract_vote(principal, data).as_json()


@event("phase:set")
def on_phase_set(principal: Principal, data: Any) -> dict[str, Any]:
    payload = fields.fields_of(data)
    workshop = workshops.set_phase(principal, payload.get("workshop_id"), payload.get("phase"))
    return {"phase": workshop.phase.value, "seq": workshop.seq}


@event("timer:set")
def on_timer_set(principal: Principal, data: Any) -> dict[str, Any]:
    payload = fields.fields_of(data)
    workshop = workshops.set_timer(principal, payload.get("workshop_id"), payload.get("seconds"))
    return {"timer_ends_at": iso(workshop.timer_ends_at)}


@event("idea:hide")
def on_idea_hide(principal: Principal, data: Any) -> dict[str, Any]:
    return {"idea": idea_json(ideas.hide_idea(principal, data), audience=Audience.STAFF)}


@event("idea:edit")
def on_idea_edit(principal: Principal, data: Any) -> dict[str, Any]:
    return {"idea": idea_json(ideas.edit_idea(principal, data), audience=Audience.STAFF)}


@event("idea:merge")
def on_idea_merge(principal: Principal, data: Any) -> dict[str, Any]:
    target, counts = ideas.merge_ideas(principal, data)
    return {"idea": idea_json(target, audience=Audience.STAFF), **counts}


@event("idea:approve")
def on_idea_approve(principal: Principal, data: Any) -> dict[str, Any]:
    approved = ideas.moderate_ideas(principal, {**fields.fields_of(data), "approve": True})
    return {"ideas": [idea_json(idea, audience=Audience.STAFF) for idea in approved]}


@event("idea:reject")
def on_idea_reject(principal: Principal, data: Any) -> dict[str, Any]:
    rejected = ideas.moderate_ideas(principal, {**fields.fields_of(data), "approve": False})
    return {"ideas": [idea_json(idea, audience=Audience.STAFF) for idea in rejected]}


@event("cluster:create")
def on_cluster_create(principal: Principal, data: Any) -> dict[str, Any]:
    return {"cluster": clusters.staff_json(clusters.create_cluster(principal, data))}


@event("cluster:update")
def on_cluster_update(principal: Principal, data: Any) -> dict[str, Any]:
    return {"cluster": clusters.staff_json(clusters.update_cluster(principal, data))}


@event("cluster:delete")
def on_cluster_delete(principal: Principal, data: Any) -> dict[str, Any]:
    return {"cluster_id": clusters.delete_cluster(principal, data)}


@event("idea:cluster")
def on_idea_cluster(principal: Principal, data: Any) -> dict[str, Any]:
    moved = clusters.assign_ideas(principal, data)
    return {"ideas": [idea_json(idea, audience=Audience.STAFF) for idea in moved]}


@event("ballot:add")
def on_ballot_add(principal: Principal, data: Any) -> dict[str, Any]:
    payload = fields.fields_of(data)
    ballot = participants.add_paper_ballot(principal, payload.get("workshop_id"),
                                           payload.get("name"))
    return {"ballot": workshops.ballot_json(workshops.get_workshop(ballot.workshop_id), ballot)}


@socketio.on("disconnect")
def on_disconnect(*_reason: Any) -> None:
    for name in ("socket:idea", "socket:hint", "socket:vote", "socket:other", "socket:staff"):
        limits().forget(name, request.sid)  # type: ignore[attr-defined]


@socketio.on("*")
def on_unknown_event(name: str, data: Any = None) -> dict[str, Any]:
    """Every event gets an answer, even one this server does not know."""
    return error_ack(ServiceError("invalid_input", field="event"))


@socketio.on_error_default
def on_unexpected_error(error: Exception) -> dict[str, Any]:
    log.exception("socket event %s failed", request.event.get("message") if hasattr(
        request, "event") else "?", exc_info=error)
    db.session.rollback()
    return error_ack(ServiceError("unavailable"))
