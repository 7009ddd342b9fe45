"""Disconnecting every socket of a revoked credential, on every server process.

Each connection enters, at connect, one room per credential it stands on (`credential_room`):
its staff user, the user's cookie sessions, its API token, its participant, the phones of
its workshop, its board key. Revoking one closes that room with python-socketio's own
`close_room`, which the message queue (Redis) carries to every process like an emit; each
process then disconnects its own members of the room before closing it. Flask-SocketIO's
`disconnect(sid)` reaches only sockets whose sid is known, and no process knows the sids of
another's; the room is the name every process shares.
"""

from __future__ import annotations

import logging
from typing import Any

import socketio

log = logging.getLogger(__name__)
PREFIX = "revocable:"


def credential_room(kind: str, key: object) -> str:
    """The room of one credential: kind is user, user-sessions, api-token, participant,
    workshop-phones or board."""
    return f"{PREFIX}{kind}:{key}"


def _disconnect_members(manager: Any, room: str, namespace: str | None) -> None:
    """Disconnect this process's sockets in a credential room."""
    namespace = namespace or "/"
    members = list(manager.get_participants(namespace, room))
    for sid, _eio_sid in members:
        try:
            manager.server.disconnect(sid, namespace=namespace, ignore_queue=True)
        except Exception:  # one socket's failure must not keep the others connected
            log.exception("could not disconnect %s of revoked %s", sid, room)
    if members:
        log.info("revoked %s: %d socket(s) disconnected", room, len(members))


class RevokingManager(socketio.Manager):
    """One process: closing a credential room disconnects its members."""

    def close_room(self, room: str, namespace: str | None) -> None:
        if room.startswith(PREFIX):
            _disconnect_members(self, room, namespace)
        super().close_room(room, namespace)


class RevokingRedisManager(socketio.RedisManager):
    """Several processes: every process, told through Redis, disconnects its own members."""

    def _handle_close_room(self, message: dict[str, Any]) -> None:
        room = message.get("room")
        if isinstance(room, str) and room.startswith(PREFIX):
            _disconnect_members(self, room, message.get("namespace"))
        super()._handle_close_room(message)


def client_manager(message_queue: str | None, channel: str) -> socketio.Manager | None:
    """The manager for the configured queue; None leaves the choice to Flask-SocketIO."""
    if not message_queue:
        return RevokingManager()
    if message_queue.startswith(("redis://", "rediss://")):
        return RevokingRedisManager(message_queue, channel=channel)
    log.warning("message queue %s is not Redis: revoked sockets on other processes are not "
                "disconnected (their next event is still refused)", message_queue.split(":")[0])
    return None
