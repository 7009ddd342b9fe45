"""Run the real `koosloome serve` in subprocesses and talk to it like phones do.

Used by the live integration tests and by the load harness in tests/perf/.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import socketio

KOOSLOOME = str(Path(sys.executable).with_name("koosloome"))
STAFF_EMAIL = "live@koosloome.test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until(condition: Callable[[], bool], timeout: float = 15.0, what: str = "") -> None:
    """Poll a condition until it holds, failing after a bounded time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")


def server_env(instance: Path, *, async_mode: str = "eventlet", database_url: str | None = None,
               message_queue: str | None = None, **extra: str) -> dict[str, str]:
    env = {**os.environ, "KOOSLOOME_INSTANCE": str(instance),
           "DATABASE_URL": database_url or f"sqlite:///{instance / 'live.sqlite3'}",
           "SOCKETIO_ASYNC_MODE": async_mode, "SECRET_KEY": "live-test",
           "TALLY_INTERVAL_SECONDS": "0.1", **extra}
    if message_queue:
        env["SOCKETIO_MESSAGE_QUEUE"] = message_queue
    return env


def cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    result = subprocess.run([KOOSLOOME, *args], env=env, input=stdin.encode(),
                            capture_output=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError(f"koosloome {' '.join(args)} failed:\n{result.stderr.decode()}")
    return result.stdout.decode()


def prepare_database(env: dict[str, str]) -> str:
    """Migrate, add a facilitator and return a fresh API token for them."""
    cli(env, "init-db")
    cli(env, "create-user", STAFF_EMAIL, "--role", "facilitator", stdin="Talvine metsarada seitse\n")
    return cli(env, "create-token", STAFF_EMAIL).strip()


def answers(url: str) -> bool:
    """Whether a GET of the URL is answered 200 within a second."""
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ask a process to stop; kill it if it has not within ten seconds."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@contextmanager
def running_server(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Start `koosloome serve` on the port in env["PORT"]; stop it afterwards."""
    port = env["PORT"]
    with log_path.open("ab") as log:
        process = subprocess.Popen([KOOSLOOME, "serve", "--port", port, "--quiet"], env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
        try:
            # Before it listens the server reads the text analysis's dictionaries: seconds
            # on an idle machine, several times that on a busy one.
            wait_until(lambda: process.poll() is None and answers(
                f"http://127.0.0.1:{port}/healthz"), 60, f"the server on port {port}")
            yield process
        finally:
            stop(process)


@dataclass
class Server:
    base_url: str
    env: dict[str, str]
    api_token: str
    process: subprocess.Popen[bytes] | None = None

    def api(self, method: str, path: str, payload: dict[str, Any] | None = None,
            token: str | None = None) -> Any:
        request = urllib.request.Request(
            self.base_url + path, method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={"Content-Type": "application/json",
                     "Authorization": f"Bearer {token or self.api_token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.loads(response.read())


@contextmanager
def live_server(tmp_path: Path, **options: Any) -> Iterator[Server]:
    """A migrated database and one running server process."""
    env = server_env(tmp_path / "instance", **options)
    token = prepare_database(env)
    env["PORT"] = str(free_port())
    with running_server(env, tmp_path / "server.log") as process:
        yield Server(f"http://127.0.0.1:{env['PORT']}", env, token, process)


@dataclass
class LiveClient:
    """A python-socketio client over a real WebSocket that records what it receives."""

    sio: socketio.Client
    received: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    EVENTS = ("idea:added", "idea:updated", "phase", "tally", "timer", "state", "batch")

    @classmethod
    def connect(cls, base_url: str, auth: dict[str, Any]) -> LiveClient:
        client = cls(socketio.Client(reconnection=False))
        for name in cls.EVENTS:
            client.sio.on(name, client._recorder(name))
        client.sio.connect(base_url, auth=auth, transports=["websocket"], wait_timeout=10)
        return client

    def _recorder(self, name: str) -> Callable[[dict[str, Any]], None]:
        def record(data: dict[str, Any]) -> None:
            with self.lock:
                self.received.append((name, data))
        return record

    def call(self, event: str, data: dict[str, Any], timeout: float = 10) -> dict[str, Any]:
        answer = self.sio.call(event, data, timeout=timeout)
        assert isinstance(answer, dict)
        return answer

    def last(self, name: str) -> dict[str, Any] | None:
        with self.lock:
            matching = [data for event, data in self.received if event == name]
        return matching[-1] if matching else None

    def count(self, name: str) -> int:
        with self.lock:
            return sum(1 for event, _data in self.received if event == name)

    def seqs(self) -> list[int]:
        """The seq of every sequenced event received, a `batch` counted as the events it holds."""
        return [data["seq"] for event, data in self.opened() if event != "tally"]

    def opened(self) -> list[tuple[str, dict[str, Any]]]:
        """What was received, each `batch` opened into the events it carries, in order."""
        with self.lock:
            received = list(self.received)
        found: list[tuple[str, dict[str, Any]]] = []
        for event, data in received:
            if event == "batch":
                found.extend((name, payload) for name, payload in data["events"])
            else:
                found.append((event, data))
        return found

    def close(self) -> None:
        self.sio.disconnect()


@contextmanager
def scratch_postgres(admin_url: str, prefix: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database named `prefix_<random>`, dropped afterwards.

    Raises SQLAlchemy's OperationalError when the server cannot be reached."""
    import sqlalchemy as sa

    from app.config import database_url

    admin = sa.create_engine(database_url(admin_url), isolation_level="AUTOCOMMIT")
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except BaseException:
        admin.dispose()
        raise
    url = sa.engine.make_url(database_url(admin_url)).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

