"""The real `koosloome serve` in a subprocess, driven over real WebSockets by python-socketio clients."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import socketio

pytestmark = pytest.mark.live
KOOSLOOME = str(Path(sys.executable).with_name("koosloome"))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what or condition}")


@dataclass
class Server:
    base_url: str
    database: Path
    env: dict[str, str]
    process: subprocess.Popen[bytes]
    api_token: str

    def api(self, method: str, path: str, payload: dict[str, Any] | None = None,
            token: str | None = None) -> Any:
        request = urllib.request.Request(
            self.base_url + path, method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {token or self.api_token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


def cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    result = subprocess.run([KOOSLOOME, *args], env=env, input=stdin.encode(),
                            capture_output=True, timeout=60, check=True)
    return result.stdout.decode()


@pytest.fixture(params=["eventlet"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Server]:
    yield from start_server(tmp_path, request.param)


def start_server(tmp_path: Path, async_mode: str) -> Iterator[Server]:
    port = free_port()
    database = tmp_path / "live.sqlite3"
    env = {**os.environ, "KOOSLOOME_INSTANCE": str(tmp_path / "instance"),
           "DATABASE_URL": f"sqlite:///{database}", "SOCKETIO_ASYNC_MODE": async_mode,
           "SECRET_KEY": "live-test", "TALLY_INTERVAL_SECONDS": "0.1"}
    cli(env, "init-db")
    cli(env, "create-user", "live@koosloome.test", "--role", "facilitator",
        stdin="live test password\n")
    token = cli(env, "create-token", "live@koosloome.test").strip()
    log = (tmp_path / "server.log").open("wb")
    process = subprocess.Popen([KOOSLOOME, "serve", "--port", str(port), "--quiet"], env=env,
                               stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(base_url + "/healthz"), 30, "the server to start")
        yield Server(base_url, database, env, process, token)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status == 200
    except OSError:
        return False


@dataclass
class LiveClient:
    """A python-socketio client over a real WebSocket that records what it receives."""

    sio: socketio.Client
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def connect(cls, base_url: str, auth: dict[str, Any]) -> LiveClient:
        client = cls(socketio.Client(reconnection=False))
        for name in ("idea:added", "idea:updated", "phase", "tally", "timer", "state"):
            client.sio.on(name, client._recorder(name))
        client.sio.connect(base_url, auth=auth, transports=["websocket"], wait_timeout=10)
        return client

    def _recorder(self, name: str) -> Callable[[dict[str, Any]], None]:
        def record(data: dict[str, Any]) -> None:
            with self.lock:
                self.received.append((name, data))
        return record

    def call(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        answer = self.sio.call(event, data, timeout=10)
        assert isinstance(answer, dict)
        return answer

    def last(self, name: str) -> dict[str, Any] | None:
        with self.lock:
            matching = [data for event, data in self.received if event == name]
        return matching[-1] if matching else None

    def seqs(self) -> list[int]:
        with self.lock:
            return [data["seq"] for event, data in self.received if event != "tally"]


def run_workshop(server: Server, phones: int = 3, dots: int = 3) -> None:
    seminar = server.api("POST", "/api/v1/seminars", {"title": "Live", "kind": "study_trip"})
    workshop = server.api("POST", f"/api/v1/seminars/{seminar['id']}/workshops", {
        "title": "Live workshop", "prompt": "Kuidas?", "dots_per_participant": dots,
        "max_dots_per_idea": 2})
    workshop_id = workshop["id"]
    board_key = workshop["board_url"].rsplit("/", 1)[-1]
    console = LiveClient.connect(server.base_url, {"api_token": server.api_token})
    board = LiveClient.connect(server.base_url, {"board_key": board_key})
    assert console.call("join", {"workshop_id": workshop_id})["ok"]
    assert board.call("join", {"workshop_id": workshop_id})["ok"]
    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "collecting"})["ok"]

    people = []
    for number in range(phones):
        joined = server.api("POST", "/api/v1/join", {"code": workshop["code"],
                                                     "name": f"Phone {number}"})
        phone = LiveClient.connect(server.base_url, {"token": joined["token"]})
        ack = phone.call("join", {"workshop_id": workshop_id})
        assert ack["ok"] and ack["state"]["me"]["votes_left"] == dots
        people.append(phone)

    idea_ids = []
    for number, phone in enumerate(people):
        client_id = uuid.uuid4().hex
        ack = phone.call("idea:post", {"text": f"Idea {number}", "client_id": client_id})
        assert ack["ok"], ack
        retry = phone.call("idea:post", {"text": f"Idea {number}", "client_id": client_id})
        assert retry["idea"]["id"] == ack["idea"]["id"] and retry["duplicate"]
        idea_ids.append(ack["idea"]["id"])
    wait_until(lambda: len([1 for e, _ in board.received if e == "idea:added"]) == phones,
               what="every idea on the board")

    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "voting"})["ok"]
    for phone in people:
        for turn in range(dots):
            ack = phone.call("vote:cast", {"idea_id": idea_ids[turn % len(idea_ids)],
                                           "client_id": uuid.uuid4().hex})
            assert ack["ok"], ack
        refused = phone.call("vote:cast", {"idea_id": idea_ids[0],
                                           "client_id": uuid.uuid4().hex})
        assert refused["error"]["code"] == "vote_budget_exhausted"

    expected_dots = phones * dots
    wait_until(lambda: (board.last("tally") or {}).get("dots_cast") == expected_dots,
               what="the board's tally to count every dot")
    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "results"})["ok"]
    wait_until(lambda: (people[0].last("phase") or {}).get("phase") == "results",
               what="phones to see the results")

    shown = {idea["id"]: idea["votes"] for idea in people[0].last("phase")["ideas"]
             if idea["votes"]}
    with sqlite3.connect(server.database) as connection:
        stored = dict(connection.execute(
            "SELECT idea_id, count(*) FROM votes WHERE workshop_id = ? "
            "AND retracted_at IS NULL GROUP BY idea_id", (workshop_id,)).fetchall())
    assert shown == stored
    assert sum(stored.values()) == expected_dots
    assert board.last("tally")["votes"] == {str(k): v for k, v in stored.items()}
    seqs = board.seqs()
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
    for client in (console, board, *people):
        client.sio.disconnect()


def test_whole_workshop_over_real_websockets_matches_the_database(server: Server) -> None:
    run_workshop(server, phones=4, dots=3)


def test_gevent_server_runs_a_workshop_too(tmp_path: Path) -> None:
    for live in start_server(tmp_path, "gevent"):
        run_workshop(live, phones=2, dots=2)
