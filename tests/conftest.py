"""Shared fixtures and factories: an app on a fresh migrated SQLite file, staff, workshops, phones."""

from __future__ import annotations

import functools
import itertools
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient

from app import create_app
from app.extensions import db, socketio
from app.models import Role, User, Workshop
from app.services import workshops
from app.services.access import staff_principal
from app.services.participants import join_workshop
from app.services.staff import create_token, create_user
from tests.live_server import scratch_postgres

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def app_config(database_uri: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SOCKETIO_ASYNC_MODE": "threading",
        "SOCKETIO_MESSAGE_QUEUE": None,
        # Send each tally and each phone event at once, so tests need not wait; the tests of
        # coalescing turn these on (test_publisher_batching.py).
        "TALLY_INTERVAL_SECONDS": 0,
        "PHONE_BATCH_SECONDS": 0,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "koosloome.test",
    }


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashes() -> Iterator[None]:
    """Hash staff passwords with few rounds: the same code path, without 0.15 s per user."""
    from werkzeug.security import generate_password_hash

    import app.models

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(app.models, "generate_password_hash",
                      functools.partial(generate_password_hash, method="pbkdf2:sha256:1000"))
        yield


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database migrated to head by Alembic; each test gets a copy of it."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.sqlite3"
    app = create_app(app_config(f"sqlite:///{path}"))
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        db.engine.dispose()
    return path


@pytest.fixture
def app(tmp_path: Path, migrated_database: Path, monkeypatch: pytest.MonkeyPatch
        ) -> Iterator[Flask]:
    path = tmp_path / "koosloome.sqlite3"
    shutil.copy(migrated_database, path)
    monkeypatch.setenv("KOOSLOOME_INSTANCE", str(tmp_path / "instance"))
    application = create_app(app_config(f"sqlite:///{path}"))

    @application.teardown_request
    def forget_request_globals(_error: BaseException | None) -> None:
        # The test holds one app context open and Flask reuses it for every request and
        # socket event; in production each gets a fresh one. Clear what extensions cache in
        # `g` (Flask-Login's user, Flask-Babel's locale) so requests do not leak into each other.
        g.__dict__.clear()

    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


# -- factories -----------------------------------------------------------------------------


def make_staff(role: str = "facilitator", email: str | None = None) -> User:
    return create_user(email or f"staff{next(_numbers)}@koosloome.test", role=role,
                       password=PASSWORD)


def make_workshop(staff: User | None = None, *, phase: str = "draft", **settings: Any
                  ) -> Workshop:
    """A seminar with one workshop, moved along the phases up to `phase`."""
    staff = staff or make_staff()
    principal = staff_principal(staff)
    seminar = workshops.create_seminar(principal, {"title": "Inspiratsiooniseminar Võrus",
                                                   "kind": "inspiration_seminar"})
    workshop = workshops.create_workshop(principal, seminar.id, {
        "title": "Töötuba", "prompt": "Kuidas võiksime …?", **settings})
    route = ["collecting", "voting", "results", "closed"]
    if phase == "grouping":
        route = ["collecting", "grouping"]
    for step in route[: route.index(phase) + 1] if phase != "draft" else []:
        workshops.set_phase(principal, workshop.id, step)
    return workshop


def new_client_id() -> str:
    return uuid.uuid4().hex


@dataclass
class Phone:
    """A participant's phone: the rejoin token and a connected socket."""

    participant_id: int
    token: str
    socket: SocketIOTestClient

    def emit(self, event: str, data: Any = None) -> Any:
        return self.socket.emit(event, data, callback=True)

    def events(self, name: str | None = None) -> list[dict[str, Any]]:
        received = self.socket.get_received()
        return [item for item in received if name is None or item["name"] == name]


def connect(app: Flask, auth: dict[str, Any] | None = None,
            flask_client: FlaskClient | None = None) -> SocketIOTestClient:
    return socketio.test_client(app, auth=auth, flask_test_client=flask_client)


def join_phone(app: Flask, workshop: Workshop, name: str = "") -> Phone:
    participant, token = join_workshop(workshop.code, name)
    socket = connect(app, {"token": token})
    phone = Phone(participant.id, token, socket)
    ack = phone.emit("join", {"workshop_id": workshop.id})
    assert ack["ok"], ack
    return phone


def staff_socket(app: Flask, user: User) -> SocketIOTestClient:
    socket = connect(app, {"api_token": create_token(user.email)})
    assert socket.is_connected()
    return socket


def login(client: FlaskClient, user: User) -> None:
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)


@pytest.fixture
def facilitator(app: Flask) -> User:
    return make_staff(Role.FACILITATOR.value)


# -- helpers shared by the integration tests -------------------------------------------------


def as_staff(user: User) -> Any:
    """The principal services expect for a staff member."""
    return staff_principal(user)


def move_to(workshop: Workshop, user: User, *phases: str) -> None:
    """Step a workshop through `phases` as `user`, the way a facilitator would."""
    for phase in phases:
        workshops.set_phase(staff_principal(user), workshop.id, phase)


def joined(socket: SocketIOTestClient, workshop: Workshop) -> SocketIOTestClient:
    """Send `join` for the workshop, check the ack, and forget what arrived so far."""
    ack = socket.emit("join", {"workshop_id": workshop.id}, callback=True)
    assert ack["ok"], ack
    socket.get_received()
    return socket


def console_socket(app: Flask, user: User, workshop: Workshop) -> SocketIOTestClient:
    """A facilitator's console: a staff socket in the workshop's room."""
    return joined(staff_socket(app, user), workshop)


def board_socket(app: Flask, workshop: Workshop) -> SocketIOTestClient:
    """The projected board: connected by its board key, in the workshop's room."""
    socket = connect(app, {"board_key": workshop.board_key})
    assert socket.is_connected()
    return joined(socket, workshop)


def payloads(socket: SocketIOTestClient | Phone, name: str | None = None
             ) -> list[dict[str, Any]]:
    """Drain what a socket received; the first argument of each event named `name`."""
    client = socket.socket if isinstance(socket, Phone) else socket
    return [item["args"][0] for item in client.get_received()
            if name is None or item["name"] == name]


def event_names(socket: SocketIOTestClient | Phone) -> list[str]:
    """Drain what a socket received; just the event names, in order."""
    client = socket.socket if isinstance(socket, Phone) else socket
    return [item["name"] for item in client.get_received()]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def staff_headers(user: User) -> dict[str, str]:
    """Authorization headers with a fresh API token of `user`."""
    return bearer(create_token(user.email))


def post_idea(phone: Phone, text: str = "Külabuss eakatele", **extra: Any) -> dict[str, Any]:
    """Post an idea from a phone and return its JSON (the ack must be ok)."""
    ack = phone.emit("idea:post", {"text": text, "client_id": new_client_id(), **extra})
    assert ack["ok"], ack
    return ack["idea"]


def cast(phone: Phone, idea_id: int, client_id: str | None = None) -> dict[str, Any]:
    return phone.emit("vote:cast", {"idea_id": idea_id,
                                    "client_id": client_id or new_client_id()})


# -- real services: PostgreSQL and Redis ------------------------------------------------------

POSTGRES_ADMIN_URL = os.environ.get("KOOSLOOME_TEST_POSTGRES",
                                    "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("KOOSLOOME_TEST_REDIS", "redis://127.0.0.1:6379/0")


def service_missing(reason: str) -> None:
    """Skip where a service is absent, but never under CI, where it must run."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import sqlalchemy as sa

    with ExitStack() as stack:
        try:
            url = stack.enter_context(scratch_postgres(POSTGRES_ADMIN_URL, "koosloome_test"))
        except sa.exc.OperationalError as error:
            service_missing(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}: {error}")
        yield url


@pytest.fixture
def pg_app(postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app on a migrated PostgreSQL database."""
    from flask_migrate import upgrade

    monkeypatch.setenv("KOOSLOOME_INSTANCE", str(tmp_path / "instance"))
    application = create_app(app_config(postgres_url))
    with application.app_context():
        upgrade()
        yield application
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.RedisError as error:
        service_missing(f"Redis is not reachable at {REDIS_URL}: {error}")
    return REDIS_URL
