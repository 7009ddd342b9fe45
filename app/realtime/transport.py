"""The Socket.IO transport's edges: packets no client would send, and oversized polls.

python-socketio decodes every incoming packet before any handler runs. Nested past the JSON
parser's depth, cut off, of an unknown type, or an event that is not a list with a name
first, it raised inside Engine.IO, which logged a traceback for each one: any page could
fill the log. Such a packet now becomes a disconnect of its sender's namespace and one
warning line, and the server carries on. An event a client names "connect" or "disconnect"
(or "*") reached the server's own handlers of those names; it is now an unknown event.

A long-polling POST bigger than SOCKETIO_MAX_HTTP_BUFFER_SIZE made Engine.IO close the
session and then wait, forever, for a poll that never comes (python-engineio 4.x), holding
the request open. It is answered 413 before Engine.IO sees it; WebSocket frames over the
limit are refused by the WebSocket itself.

Every packet is encoded and decoded with orjson, and the check python-socketio makes of
every outgoing payload for binary parts (a recursive walk in Python, run once per ack and
per emit) is skipped, because no Koosloome event carries bytes. A rejoining phone's ack
holds every idea of the workshop, so in a reconnect storm encoding is most of the work.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

import orjson
from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from socketio import packet

log = logging.getLogger(__name__)
KNOWN_TYPES = frozenset({packet.CONNECT, packet.DISCONNECT, packet.EVENT, packet.ACK,
                         packet.BINARY_EVENT, packet.BINARY_ACK})
# Names python-socketio gives to its own handlers. It would run them for a client's event of
# that name too: "disconnect" reset the connection's rate limits, "connect" re-identified it,
# "*" (the catch-all) was called with its arguments shifted and raised.
RESERVED_EVENTS = frozenset({"connect", "connect_error", "disconnect", "*"})


def _encode_default(value: Any) -> str:
    if hasattr(value, "__html__") or type(value).__name__ == "LazyString":
        return str(value)  # a lazily translated string
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class WireJSON:
    """The `json` of Socket.IO packets: orjson, with the standard library's leniency kept."""

    @staticmethod
    def dumps(data: Any, **_options: Any) -> str:
        return orjson.dumps(data, default=_encode_default,
                            option=orjson.OPT_NON_STR_KEYS).decode()

    @staticmethod
    def loads(text: str | bytes, **_options: Any) -> Any:
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            # What orjson refuses and the standard library reads (NaN, Infinity) is read as
            # before; what neither reads raises, and the packet is refused below.
            return json.loads(text)


class GuardedPacket(packet.Packet):
    json = WireJSON
    uses_binary_events = False  # no event carries bytes: skip the walk looking for them

    def decode(self, encoded_packet: Any) -> int:
        try:
            attachments = int(super().decode(encoded_packet) or 0)
        except Exception as error:  # noqa: BLE001 - whatever the decoder trips over
            return self._refuse(f"{type(error).__name__}: {str(error)[:100]}")
        kind: Any = self.packet_type
        data: Any = self.data
        if kind not in KNOWN_TYPES:
            return self._refuse(f"unknown packet type {str(kind)[:20]!r}")
        is_event = kind in (packet.EVENT, packet.BINARY_EVENT)
        if is_event and not (isinstance(data, list) and data and isinstance(data[0], str)):
            return self._refuse("an event must be a list that starts with its name")
        if kind in (packet.ACK, packet.BINARY_ACK) and not isinstance(data, list):
            return self._refuse("an acknowledgement must be a list")
        if is_event and data[0] in RESERVED_EVENTS:
            # Answered like any other event the server does not know (invalid_input).
            log.warning("client event named %r refused", data[0])
            data[0] = f"reserved:{data[0]}"
        return attachments

    def _refuse(self, reason: str) -> int:
        log.warning("malformed Socket.IO packet refused, closing its namespace: %s", reason)
        namespace: Any = getattr(self, "namespace", None)
        self.packet_type = packet.DISCONNECT
        self.namespace = namespace if isinstance(namespace, str) else None
        self.data = None
        self.id = None
        return 0


class OversizedPollGuard:
    """WSGI middleware: a Socket.IO POST whose body is over the limit gets 413 at once."""

    def __init__(self, app: Callable[..., Iterable[bytes]], limit: int,
                 path: str = "/socket.io") -> None:
        self.app = app
        self.limit = limit
        self.path = path.rstrip("/")

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") == "POST" and (
                environ.get("PATH_INFO", "") + "/").startswith(self.path + "/"):
            length = environ.get("CONTENT_LENGTH") or "0"
            if not length.isdigit() or int(length) > self.limit:
                log.warning("Socket.IO poll of %s bytes refused (limit %d)", length[:20],
                            self.limit)
                start_response("413 Payload Too Large", [("Content-Type", "text/plain"),
                                                         ("Connection", "close")])
                return [b"Payload too large"]
        return self.app(environ, start_response)


class SocketEventSessions(SecureCookieSessionInterface):
    """The cookie session, not decoded again for every Socket.IO event.

    Flask-SocketIO runs each event in a request context made from the connection's
    handshake, whose push opens (verifies and decodes) the session cookie, and then swaps
    in its own per-connection session, kept in the handshake's environ as
    "saved_session" since the connect handler ran. Once that copy exists, the cookie is
    not read again: a request context gets an empty session that is never used. Plain
    HTTP requests, and the connect handler itself, open the cookie as before.
    """

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if "saved_session" in request.environ:
            return self.session_class()
        return super().open_session(app, request)
