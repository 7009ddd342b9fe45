"""Socket.IO event handlers: identify the caller, call one service, answer with an ack.

Every client→server event answers ``{"ok": true, ...}`` or
``{"ok": false, "error": {"code", "message"}}``; handlers never emit by themselves.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import current_app, g, request, session
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, disconnect, join_room, leave_room

from facilitation.phases import Audience

from ..database import UNAVAILABLE_ERRORS
from ..extensions import db, socketio
from ..i18n import select_locale
from ..models import Participant
from ..services import clusters, fields, hints, ideas, joiners, participants, votes, workshops
from ..services.access import (
    ANONYMOUS,
    Principal,
    PrincipalKind,
    api_token_principal,
    board_principal,
    check_can_see_workshop,
    check_participant_present,
    participant_for_token,
    participant_principal,
    session_principal,
    still_valid,
)
from ..services.errors import ServiceError
from ..services.limits import limits
from ..services.snapshots import idea_json, iso, snapshot, workshop_json
from ..services.team import audience_for, check_can_watch
from .revocation import credential_room
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
        return api_token_principal(credentials["api_token"]) or ANONYMOUS
    if "board_key" in credentials:
        return board_principal(credentials["board_key"]) or ANONYMOUS
    if current_user.is_authenticated:
        return session_principal(current_user)
    return ANONYMOUS


def credential_rooms(principal: Principal) -> list[str]:
    """The rooms a revocation closes for this connection (app/realtime/revocation.py); the
    first is the one credential whose sockets are counted against SOCKETS_PER_CREDENTIAL."""
    if principal.kind is PrincipalKind.PARTICIPANT:
        return [credential_room("participant", principal.participant_id),
                credential_room("workshop-phones", principal.workshop_id)]
    if principal.kind is PrincipalKind.BOARD:
        return [credential_room("board", principal.workshop_id)]
    if principal.token_id is not None:
        return [credential_room("api-token", principal.token_id),
                credential_room("user", principal.user_id)]
    return [credential_room("user-sessions", principal.user_id),
            credential_room("user", principal.user_id)]


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
    rooms = credential_rooms(principal)
    cap = current_app.config["SOCKETS_PER_CREDENTIAL"]
    if cap and sum(1 for _member in socketio.server.manager.get_participants("/", rooms[0])) >= cap:
        raise refused(ServiceError("rate_limited"))
    for name in rooms:
        join_room(name)
    session[PRINCIPAL_KEY] = principal.as_dict()
    session[ROOMS_KEY] = []
    session[LOCALE_KEY] = select_locale()


def current_principal() -> Principal:
    return Principal.from_dict(session.get(PRINCIPAL_KEY))


def error_ack(error: ServiceError) -> dict[str, Any]:
    return {"ok": False, **error.as_json()}


def _kind(name: str) -> str:
    return {"idea:post": "idea", "idea:similar": "hint", "vote:cast": "vote",
            "vote:retract": "vote"}.get(name, "other")


def _within_limits(name: str, principal: Principal) -> bool:
    """Counted per participant (or staff member, or board) and per address, never per
    connection: a new connection starts from the same counts."""
    if principal.is_staff:
        return limits().hit("socket:staff", f"user:{principal.user_id}")
    kind = _kind(name)
    who = (f"participant:{principal.participant_id}" if principal.participant_id is not None
           else f"board:{principal.workshop_id}")
    return limits().hit(f"socket:{kind}", who) and limits().hit(
        f"address:{kind}", request.remote_addr or "unknown")


def _revoked(principal: Principal) -> bool:
    """Staff and boards stand on credentials that can be revoked while a socket is open; a
    phone's are checked by the service it calls (its participant must still be there)."""
    return principal.kind in (PrincipalKind.STAFF, PrincipalKind.BOARD) and \
        not still_valid(principal)


def event(name: str) -> Callable[[Handler], Handler]:
    """Register a handler that gets the caller and the payload and returns the ack's fields."""

    def decorate(handler: Handler) -> Handler:
        @functools.wraps(handler)
        def wrapper(data: Any = None) -> dict[str, Any]:
            principal = current_principal()
            g.locale = session.get(LOCALE_KEY)
            try:
                # The limits first: they may wait on Redis, and no transaction may be open
                # meanwhile (on SQLite it would hold the write lock).
                if not _within_limits(name, principal):
                    return error_ack(ServiceError("rate_limited"))
                if _revoked(principal):
                    disconnect()
                    return error_ack(ServiceError("unauthenticated"))
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
    check_participant_present(principal)
    audience = principal.audience
    if principal.is_staff:  # the team sees the staff view, other staff watch the board's
        watched = workshops.get_workshop(workshop_id)
        check_can_watch(principal, watched)
        audience = audience_for(principal, watched)
        db.session.rollback()  # read it again once in the room
    # Enter the room before reading the workshop, so no event can fall between the snapshot
    # and the room; a workshop that is not there leaves the rooms as they were.
    previous = session.get(ROOMS_KEY, [])
    target = room(workshop_id, audience)
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
    state = snapshot(workshop, audience, participant)
    if audience is Audience.STAFF:
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


@event("workshop:update")
def on_workshop_update(principal: Principal, data: Any) -> dict[str, Any]:
    payload = dict(fields.fields_of(data))
    workshop = workshops.update_workshop(principal, payload.pop("workshop_id", None), payload)
    return {"workshop": workshop_json(workshop, Audience.STAFF), "seq": workshop.seq}


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


@event("participants:list")
def on_participants_list(principal: Principal, data: Any) -> dict[str, Any]:
    payload = fields.fields_of(data)
    return {"participants": joiners.participants_json(principal, payload.get("workshop_id"))}


@event("participants:remove")
def on_participants_remove(principal: Principal, data: Any) -> dict[str, Any]:
    payload = dict(fields.fields_of(data))
    removed = joiners.remove_participants(principal, payload.pop("workshop_id", None), payload)
    return {"removed": removed}


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
