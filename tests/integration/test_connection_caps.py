"""What the bare server protects against on its own: sockets per credential, connections per
address, slow and silent clients, Engine.IO sessions that never sign in. The live tests run
the real `koosloome serve` with small figures and wait for each condition, bounded in time."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from app.web.connections import ConnectionsPerAddress
from tests.conftest import connect, join_phone, make_workshop
from tests.live_server import LiveClient, live_server, wait_until


def test_a_sixth_socket_on_one_token_is_refused(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    more = [connect(app, {"token": phone.token}) for _ in range(5)]

    assert [s.is_connected() for s in more] == [True] * 4 + [False]
    more[0].disconnect()
    assert connect(app, {"token": phone.token}).is_connected(), "a closed one frees its place"


def test_one_address_holds_at_most_the_cap_of_open_requests():
    started: list[str] = []

    def slow_app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        started.append(environ["REMOTE_ADDR"])
        yield b"ok"

    guarded = ConnectionsPerAddress(slow_app, limit=2)
    replies: list[str] = []

    def start(status, headers):
        replies.append(status)

    def call(address):
        return iter(guarded({"REMOTE_ADDR": address}, start))

    first, second = call("10.0.0.1"), call("10.0.0.1")
    next(first), next(second)  # both being answered, neither finished
    third = list(call("10.0.0.1"))
    elsewhere = list(call("10.0.0.2"))
    list(first)
    after = list(call("10.0.0.1"))

    assert replies[2].startswith("503") and third[0].startswith(b"Too many")
    assert elsewhere == [b"ok"] and after == [b"ok"]
    assert guarded.open == {"10.0.0.1": 1}  # `second` is still open


def raw_connection(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never finished
    return sock


def closed_by_server(sock: socket.socket) -> bool:
    try:
        return sock.recv(1) == b""
    except TimeoutError:
        return False
    except OSError:
        return True


@pytest.mark.live
def test_the_live_server_closes_half_sent_requests_and_silent_sessions(tmp_path: Path) -> None:
    with live_server(tmp_path, HTTP_SOCKET_TIMEOUT="2", SOCKET_SIGN_IN_SECONDS="1") as server:
        port = int(server.env["PORT"])
        half_sent = [raw_connection(port) for _ in range(20)]
        for sock in half_sent:
            sock.settimeout(0.2)
        wait_until(lambda: all(closed_by_server(sock) for sock in half_sent), 20,
                   "the half-sent requests to be closed")
        with urllib.request.urlopen(f"{server.base_url}/socket.io/?EIO=4&transport=polling",
                                    timeout=5) as answer:
            sid = answer.read().decode().split('"sid":"', 1)[1].split('"', 1)[0]

        def session_gone() -> bool:
            try:
                urllib.request.urlopen(
                    f"{server.base_url}/socket.io/?EIO=4&transport=polling&sid={sid}", timeout=25)
            except urllib.error.HTTPError as error:
                return error.code == 400
            return False

        wait_until(session_gone, 20, "the session that never signed in to be closed")
        assert urllib.request.urlopen(f"{server.base_url}/healthz", timeout=5).status == 200
        for sock in half_sent:
            sock.close()


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.live
def test_the_live_server_caps_the_connections_of_one_address(tmp_path: Path) -> None:
    with live_server(tmp_path, CONNECTIONS_PER_ADDRESS="3") as server:
        phones = [LiveClient.connect(server.base_url, {"api_token": server.api_token})
                  for _ in range(3)]
        assert status_of(f"{server.base_url}/healthz") == 503
        phones[0].close()
        wait_until(lambda: status_of(f"{server.base_url}/healthz") == 200, 15,
                   "a closed socket to free its place")
        for phone in phones[1:]:
            phone.close()
