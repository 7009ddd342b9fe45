"""Shared fixtures and factories: an app on a fresh migrated SQLite file, staff, workshops, phones."""

from __future__ import annotations

import itertools
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient

from app import create_app
from app.extensions import db, socketio
from app.models import Role, User, Workshop
from app.services import workshops
from app.services.access import staff_principal
from app.services.participants import join_workshop
from app.services.staff import create_token, create_user

PASSWORD = "correct horse battery"
_numbers = itertools.count(1)


def app_config(database_uri: str) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_uri,
        "SOCKETIO_ASYNC_MODE": "threading",
        "SOCKETIO_MESSAGE_QUEUE": None,
        "TALLY_INTERVAL_SECONDS": 0,  # send each tally at once, so tests need not wait
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "koosloome.test",
    }


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
