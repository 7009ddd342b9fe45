"""The transport, on the real eventlet server: message size, Origin checks, malformed packets.

A message bigger than SOCKETIO_MAX_HTTP_BUFFER_SIZE is refused before the app sees it (the
WebSocket is closed; a long-polling POST gets 413), a page from another site cannot open a
Socket.IO connection unless SOCKETIO_CORS_ALLOWED_ORIGINS lists it, and packets no client
would send (deeply nested JSON, broken framing) close only their own connection. After each,
the same server keeps serving everyone else and has logged no traceback.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import shutil
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import socketio

from app import create_app
from app.extensions import db
from app.services.staff import create_token, create_user
from tests.conftest import app_config
from tests.live_server import (
    STAFF_EMAIL,
    LiveClient,
    Server,
    free_port,
    running_server,
    server_env,
    wait_until,
)

pytestmark = pytest.mark.live
LIMIT = 65536  # SOCKETIO_MAX_HTTP_BUFFER_SIZE's default
EMBEDDING_SITE = "https://tv.vorumaa.example"


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path
             ) -> tuple[Path, dict[str, str], str]:
    """One migrated database with a facilitator, shared by the servers of this module (made
    in-process from the session's migrated copy: three CLI runs cost more than the tests)."""
    folder = tmp_path_factory.mktemp("transport")
    env = server_env(folder / "instance")
    database = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    database.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(migrated_database, database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KOOSLOOME_INSTANCE", env["KOOSLOOME_INSTANCE"])
        app = create_app(app_config(env["DATABASE_URL"]))
    with app.app_context():
        create_user(STAFF_EMAIL, role="facilitator", password="Talvine metsarada seitse")
        token = create_token(STAFF_EMAIL)
        db.session.remove()
        db.engine.dispose()
    return folder, env, token


@contextmanager
def serving(prepared: tuple[Path, dict[str, str], str], name: str, **settings: str
            ) -> Iterator[Server]:
    folder, env, token = prepared
    env = {**env, **settings, "PORT": str(free_port())}
    with running_server(env, folder / f"{name}.log") as process:
        yield Server(f"http://127.0.0.1:{env['PORT']}", {**env, "LOG": str(folder / f"{name}.log")},
                     token, process)


@pytest.fixture(scope="module")
def server(prepared: tuple[Path, dict[str, str], str]) -> Iterator[Server]:
    with serving(prepared, "default") as running:
        yield running


@pytest.fixture(scope="module")
def listing_server(prepared: tuple[Path, dict[str, str], str]) -> Iterator[Server]:
    with serving(prepared, "listing", SOCKETIO_CORS_ALLOWED_ORIGINS=(
            f"{EMBEDDING_SITE}, https://other.example")) as running:
        yield running


def server_log(server: Server) -> str:
    return Path(server.env["LOG"]).read_text(errors="replace")


def collecting_phone(server: Server) -> tuple[dict[str, Any], str]:
    seminar = server.api("POST", "/api/v1/seminars", {"title": "Transport", "kind": "other"})
    workshop = server.api("POST", f"/api/v1/seminars/{seminar['id']}/workshops", {
        "title": "Suured sõnumid", "prompt": "Kuidas?", "idea_max_length": 2000})
    server.api("POST", f"/api/v1/workshops/{workshop['id']}/phase", {"phase": "collecting"})
    token = server.api("POST", "/api/v1/join", {"code": workshop["code"]})["token"]
    return workshop, token


def phone(server: Server, token: str, workshop: dict[str, Any], *, transport: str = "websocket",
          origin: str | None = None) -> LiveClient:
    """A phone's connection; `origin` is the Origin header a browser on that site would send."""
    options: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if origin is not None and transport == "websocket":
        options["websocket_extra_options"] = {"origin": origin}  # else it adds its own
    elif origin is not None:
        headers["Origin"] = origin
    client = LiveClient(socketio.Client(reconnection=False, **options))
    client.sio.connect(server.base_url, auth={"token": token}, wait_timeout=10,
                       transports=[transport], headers=headers)
    assert client.call("join", {"workshop_id": workshop["id"]})["ok"]
    return client


def still_serving(server: Server, workshop: dict[str, Any], token: str) -> None:
    """A fresh phone connects and posts; the HTTP side answers too."""
    fresh = phone(server, token, workshop)
    ack = fresh.call("idea:post", {"text": "Ikka töötab", "client_id": uuid.uuid4().hex})
    assert ack["ok"], ack
    fresh.close()
    with urllib.request.urlopen(f"{server.base_url}/healthz", timeout=5) as response:
        assert response.status == 200


def no_traceback(server: Server) -> None:
    log = server_log(server)
    assert "Traceback" not in log, log[-3000:]


# -- size ---------------------------------------------------------------------------------


def test_a_message_over_the_limit_closes_the_websocket_and_the_server_keeps_serving(server):
    workshop, token = collecting_phone(server)
    sender = phone(server, token, workshop)
    bystander = phone(server, token, workshop)

    # Just under the limit reaches the app, which refuses the idea as too long.
    near = sender.call("idea:post", {"text": "x" * (LIMIT - 200), "client_id": "near"})
    assert near["ok"] is False and near["error"]["code"] == "invalid_input"
    with pytest.raises(socketio.exceptions.SocketIOError):
        sender.call("idea:post", {"text": "x" * (LIMIT + 1), "client_id": "over"}, timeout=2)
    wait_until(lambda: not sender.sio.connected, 10, "the server to close the connection")

    assert bystander.call("idea:post", {"text": "Naaber", "client_id": "b1"})["ok"]
    bystander.close()
    still_serving(server, workshop, token)
    ideas = server.api("GET", f"/api/v1/workshops/{workshop['id']}/ideas")["ideas"]
    assert all(len(idea["text"]) < 1000 for idea in ideas)
    no_traceback(server)


def announce_body(server: Server, path: str, length: int) -> tuple[int, bytes]:
    """Send only the headers of a POST of `length` bytes: a server that checks the size
    answers before reading a byte of the body."""
    connection = http.client.HTTPConnection(server.base_url.removeprefix("http://"), timeout=10)
    try:
        connection.putrequest("POST", path)
        connection.putheader("Content-Type", "application/json")
        connection.putheader("Content-Length", str(length))
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_a_long_polling_post_over_the_limit_is_refused_with_413_at_once(server):
    workshop, token = collecting_phone(server)
    base = "/socket.io/?EIO=4&transport=polling"
    with urllib.request.urlopen(server.base_url + base, timeout=5) as response:
        session = f"{base}&sid={json.loads(response.read().decode()[1:])['sid']}"
    started = time.monotonic()
    status, _body = announce_body(server, session, LIMIT + 1)
    assert status == 413
    assert time.monotonic() - started < 5, "answered, not left hanging"
    # A poll at the limit still goes through to Engine.IO (a ping answer, "3").
    request = urllib.request.Request(server.base_url + session, method="POST", data=b"3",
                                     headers={"Content-Type": "text/plain;charset=UTF-8"})
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    still_serving(server, workshop, token)
    no_traceback(server)


def test_an_http_body_over_max_content_length_is_refused_with_413(server):
    status, body = announce_body(server, "/api/v1/join", 2 * 1024 * 1024)
    assert status == 413
    assert json.loads(body)["error"]["code"] == "invalid_input"
    with urllib.request.urlopen(f"{server.base_url}/healthz", timeout=5) as response:
        assert response.status == 200


# -- malformed packets --------------------------------------------------------------------


@pytest.mark.parametrize("raw", [
    '2["idea:post",' + "[" * 20000 + "]" * 20000 + "]",   # nested past the JSON parser's depth
    '2["idea:post",{"text": "katki"',                       # cut off
    '9["idea:post"]',                                        # no such packet type
    '2{"not": "a list"}',                                    # an event that is not a list
    "21x[]",                                                 # a broken ack id
    "3999[]",                                                # an answer to nothing asked
    "0/elsewhere,{}",                                        # a namespace that does not exist
    '51-["idea:post",{"_placeholder":true,"num":0}]',       # binary, its attachment never sent
    '2["vote:cast",{"idea_id":1e400,"client_id":NaN}]',     # numbers JSON does not have
], ids=["deep-json", "truncated", "bad-type", "not-a-list", "bad-ack-id", "unknown-ack",
        "unknown-namespace", "binary-without-attachment", "infinity-and-nan"])
def test_a_malformed_packet_harms_only_its_own_connection(server, raw):
    workshop, token = collecting_phone(server)
    sender = phone(server, token, workshop)
    # The client library may refuse to send it at all; the server is not at stake then.
    with contextlib.suppress(socketio.exceptions.SocketIOError, ValueError, UnicodeError):
        sender.sio.eio.send(raw)
    # Whatever became of the sender, everyone else goes on.
    still_serving(server, workshop, token)
    if sender.sio.connected:
        sender.close()
    no_traceback(server)


# -- origins ------------------------------------------------------------------------------


def test_a_socket_from_another_site_is_refused_and_the_own_site_is_accepted(server):
    workshop, token = collecting_phone(server)
    for transport in ("websocket", "polling"):
        for foreign in ("https://evil.example", server.base_url.replace("127.0.0.1", "localhost"),
                        "null"):
            with pytest.raises(socketio.exceptions.ConnectionError):
                phone(server, token, workshop, transport=transport, origin=foreign)
        own = phone(server, token, workshop, transport=transport, origin=server.base_url)
        own.close()
    no_traceback(server)


def test_listed_origins_are_accepted_besides_the_own_site(listing_server):
    server = listing_server
    workshop, token = collecting_phone(server)
    for transport in ("websocket", "polling"):
        for origin in (EMBEDDING_SITE, "https://other.example", server.base_url):
            client = phone(server, token, workshop, transport=transport, origin=origin)
            assert client.call("idea:post", {"text": f"Saidilt {origin}",
                                             "client_id": uuid.uuid4().hex})["ok"]
            client.close()
        for origin in ("https://evil.example", "https://tv.vorumaa.example.evil.example",
                       "http://tv.vorumaa.example"):
            with pytest.raises(socketio.exceptions.ConnectionError):
                phone(server, token, workshop, transport=transport, origin=origin)
    no_traceback(server)
