"""The database locked, failing mid-transaction or unreachable: a clear retryable error, no half-written rows,
and the server carries on by itself once the database is back.

SQLite is locked by a second connection holding BEGIN IMMEDIATE while the app waits only
SQLITE_BUSY_TIMEOUT_MS = 100 ms; a statement inside a transaction is made to fail; PostgreSQL
refuses new connections (and drops the ones the pool holds), and an app is pointed at a
port where nothing listens.
"""

from __future__ import annotations

import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_socketio import SocketIOTestClient
from socketio import packet

from app import create_app
from app.extensions import db, socketio
from app.models import Idea, Participant, Vote, Workshop
from tests.conftest import (
    POSTGRES_ADMIN_URL,
    app_config,
    bearer,
    join_phone,
    make_staff,
    make_workshop,
    move_to,
    new_client_id,
    post_idea,
)
from tests.live_server import free_port

BUSY_TIMEOUT_MS = 100
UNAVAILABLE = "unavailable"


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    """Autouse, so it is set before the app fixture reads the environment."""
    monkeypatch.setenv("SQLITE_BUSY_TIMEOUT_MS", str(BUSY_TIMEOUT_MS))


def database_path(app: Flask) -> Path:
    return Path(app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))


@contextmanager
def sqlite_locked(app: Flask) -> Iterator[sqlite3.Connection]:
    """Another process's writer holds the write lock for as long as the block runs."""
    db.session.rollback()  # the test's own reads must not hold it first
    holder = sqlite3.connect(database_path(app), isolation_level=None, timeout=5)
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield holder
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def rows(connection: sqlite3.Connection) -> dict[str, int]:
    return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("seminars", "workshops", "participants", "ideas", "votes")}


def db_counts() -> dict[str, Any]:
    """Read in a transaction of its own, ended at once: on SQLite it holds the write lock."""
    db.session.rollback()
    counts = {
        "participants": db.session.scalar(sa.select(sa.func.count()).select_from(Participant)),
        "ideas": db.session.scalar(sa.select(sa.func.count()).select_from(Idea)),
        "votes": db.session.scalar(sa.select(sa.func.count()).select_from(Vote)),
        "seqs": list(db.session.scalars(sa.select(Workshop.seq).order_by(Workshop.id))),
    }
    db.session.rollback()
    return counts


def unavailable_ack(ack: Any) -> bool:
    return isinstance(ack, dict) and ack.get("ok") is False \
        and ack["error"]["code"] == UNAVAILABLE and ack["error"]["message"]


def errors_logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]


class RecordingClient(SocketIOTestClient):
    """A test client that keeps the payload of a refused connection (connect_error)."""

    connect_errors: list[Any]

    def connect(self, namespace: str | None = None, query_string: str | None = None,
                headers: dict[str, str] | None = None, auth: Any = None) -> None:
        self.connect_errors = []
        server = self.socketio.server
        original = server._send_packet

        def record(eio_sid: str, pkt: packet.Packet) -> None:
            if eio_sid == self.eio_sid and pkt.packet_type == packet.CONNECT_ERROR:
                self.connect_errors.append(pkt.data.get("data"))
            original(eio_sid, pkt)

        server._send_packet = record
        try:
            super().connect(namespace, query_string, headers, auth)
        finally:
            server._send_packet = original


def voting_room(app: Flask) -> tuple[Any, Any, dict[str, Any]]:
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting", dots_per_participant=3)
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, staff, "voting")
    return workshop, phone, idea


# -- SQLite locked past the busy timeout ------------------------------------------------------


def test_a_dot_cast_while_sqlite_is_locked_is_unavailable_then_counts_once(app, caplog):
    workshop, phone, idea = voting_room(app)
    client_id = new_client_id()
    with sqlite_locked(app) as holder:
        before = rows(holder)
        answers = [phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": client_id})
                   for _ in range(3)]
        assert rows(holder) == before
    assert all(unavailable_ack(ack) for ack in answers), answers

    retried = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": client_id})
    again = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": client_id})
    assert retried == again == {"ok": True, "idea_id": idea["id"], "votes_left": 2, "my_votes": 1}
    assert db_counts()["votes"] == 1
    assert errors_logged(caplog) == []


def test_an_idea_posted_while_sqlite_is_locked_is_unavailable_then_stored_once(app, caplog):
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting")
    phone = join_phone(app, workshop)
    payload = {"text": "Külabuss poodi", "client_id": new_client_id()}
    before = db_counts()
    with sqlite_locked(app):
        ack = phone.emit("idea:post", payload)
    assert unavailable_ack(ack), ack
    assert db_counts() == before

    first, second = phone.emit("idea:post", payload), phone.emit("idea:post", payload)
    assert first["ok"] and second["ok"] and second["duplicate"] is True
    assert first["idea"]["id"] == second["idea"]["id"]
    assert db_counts()["ideas"] == before["ideas"] + 1
    assert errors_logged(caplog) == []


def test_the_api_answers_503_unavailable_while_sqlite_is_locked(app, client, caplog):
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting")
    from app.services.staff import create_token

    token = create_token(staff.email)
    workshop_id, code = workshop.id, workshop.code
    before = db_counts()
    with sqlite_locked(app):
        joined = client.post("/api/v1/join", json={"code": code})
        phase = client.post(f"/api/v1/workshops/{workshop_id}/phase", json={"phase": "voting"},
                            headers=bearer(token))
        seminar = client.post("/api/v1/seminars", json={"title": "Lukus"}, headers=bearer(token))
    for response in (joined, phase, seminar):
        assert response.status_code == 503, response.get_data(as_text=True)
        assert response.get_json()["error"]["code"] == UNAVAILABLE
        assert response.headers["Retry-After"]
    assert db_counts() == before
    db.session.rollback()
    assert db.session.get(Workshop, workshop_id).phase.value == "collecting"
    db.session.rollback()

    assert client.post("/api/v1/join", json={"code": code}).status_code == 201
    assert client.post(f"/api/v1/workshops/{workshop_id}/phase", json={"phase": "voting"},
                       headers=bearer(token)).status_code == 200
    assert errors_logged(caplog) == []


def test_phone_pages_answer_503_with_a_plain_message_while_sqlite_is_locked(app, client, caplog):
    workshop, phone, idea = voting_room(app)
    code = workshop.code
    with sqlite_locked(app):
        page = client.get(f"/j/{code}")
        form = client.post(f"/j/{code}/votes", data={
            "idea_id": str(idea["id"]), "action": "cast", "client_id": new_client_id()})
        health = client.get("/healthz")
    for response in (page, form, health):
        assert response.status_code == 503
        assert "<script" not in response.get_data(as_text=True)
        assert response.headers["Retry-After"]
    assert page.get_data(as_text=True).count("<h1>") == 1
    assert db_counts()["votes"] == 0
    assert client.get("/healthz").status_code == 200
    assert errors_logged(caplog) == []


def test_connecting_while_sqlite_is_locked_is_refused_as_unavailable_then_works(app, caplog):
    workshop, phone, _idea = voting_room(app)
    with sqlite_locked(app):
        refused = RecordingClient(app, socketio, auth={"token": phone.token})
    assert not refused.is_connected()
    assert [error["code"] for error in refused.connect_errors] == [UNAVAILABLE]

    retried = RecordingClient(app, socketio, auth={"token": phone.token})
    assert retried.is_connected()
    assert retried.emit("join", {"workshop_id": workshop.id}, callback=True)["ok"]
    assert errors_logged(caplog) == []


def test_every_socket_event_answers_unavailable_while_sqlite_is_locked(app, caplog):
    """Staff events too: each one refused with the same code and nothing changed."""
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting")
    phone = join_phone(app, workshop)
    first, second = post_idea(phone, "Esimene mõte"), post_idea(phone, "Teine mõte")
    from tests.conftest import staff_socket

    console = staff_socket(app, staff)
    events = {
        "join": {"workshop_id": workshop.id},
        "idea:post": {"workshop_id": workshop.id, "text": "Paberilt", "client_id": "p1"},
        "phase:set": {"workshop_id": workshop.id, "phase": "voting"},
        "timer:set": {"workshop_id": workshop.id, "seconds": 60},
        "idea:hide": {"idea_id": first["id"]},
        "idea:edit": {"idea_id": first["id"], "text": "Muudetud"},
        "idea:merge": {"target_id": first["id"], "source_ids": [second["id"]]},
        "ballot:add": {"workshop_id": workshop.id},
        "idea:approve": {"workshop_id": workshop.id, "idea_ids": [first["id"]]},
        "idea:reject": {"workshop_id": workshop.id, "idea_ids": [first["id"]]},
        "cluster:create": {"workshop_id": workshop.id, "title": "Liikumine"},
        "cluster:update": {"cluster_id": 1, "title": "Transport"},
        "cluster:delete": {"cluster_id": 1},
        "idea:cluster": {"idea_ids": [first["id"]], "cluster_id": None},
        "idea:similar": {"text": "Esimene mõte jälle"},
        "vote:cast": {"idea_id": first["id"], "participant_id": phone.participant_id},
        "vote:retract": {"idea_id": first["id"], "participant_id": phone.participant_id},
        "workshop:update": {"workshop_id": workshop.id, "joining_open": False},
        "participants:list": {"workshop_id": workshop.id},
        "participants:remove": {"workshop_id": workshop.id, "inactive": True},
    }
    registered = set(socketio.server.handlers["/"]) - {"connect", "disconnect", "*"}
    assert registered == set(events), "a new socket event needs a row here"
    before = db_counts()
    # The hint is a phone's: staff are refused it before the database is asked.
    senders = {"idea:similar": phone.socket}
    with sqlite_locked(app):
        answers = {name: senders.get(name, console).emit(name, data, callback=True)
                   for name, data in events.items()}
    assert {name for name, ack in answers.items() if not unavailable_ack(ack)} == set(), answers
    assert db_counts() == before
    assert console.emit("timer:set", events["timer:set"], callback=True)["ok"]
    assert errors_logged(caplog) == []


# -- a statement fails in the middle of a transaction ---------------------------------------


@contextmanager
def failing_statement(pattern: str) -> Iterator[list[str]]:
    """Make the next statement matching `pattern` fail as a broken disk or connection would."""
    fired: list[str] = []

    def fail(_conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any,
             _many: bool) -> tuple[str, Any]:
        if not fired and re.match(pattern, statement.strip(), re.IGNORECASE):
            fired.append(statement)
            raise sqlite3.OperationalError("disk I/O error")
        return statement, parameters

    sa.event.listen(db.engine, "before_cursor_execute", fail, retval=True)
    try:
        yield fired
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", fail)


def test_an_idea_whose_transaction_fails_half_way_leaves_nothing_behind(app, caplog):
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting")
    phone = join_phone(app, workshop)
    payload = {"text": "Pool salvestatud?", "client_id": new_client_id()}
    before = db_counts()
    # The idea row is inserted first; the workshop's seq is written after it, at commit.
    with failing_statement(r"UPDATE workshops") as fired:
        ack = phone.emit("idea:post", payload)
    assert fired, "the fault was injected after the idea's INSERT"
    assert unavailable_ack(ack), ack
    assert db_counts() == before
    assert phone.events("idea:added") == []

    retried = phone.emit("idea:post", payload)
    assert retried["ok"] and retried["duplicate"] is False
    assert db_counts()["ideas"] == before["ideas"] + 1
    assert errors_logged(caplog) == []


def test_a_dot_whose_insert_fails_after_the_voter_was_locked_leaves_nothing_behind(app, caplog):
    workshop, phone, idea = voting_room(app)
    db.session.rollback()
    seen = db.session.get(Participant, phone.participant_id).last_seen_at
    with failing_statement(r"INSERT INTO votes") as fired:
        ack = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": "dot-1"})
    assert fired and unavailable_ack(ack), ack
    db.session.rollback()
    assert db_counts()["votes"] == 0
    assert db.session.get(Participant, phone.participant_id).last_seen_at == seen
    assert phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": "dot-1"})["ok"]
    assert db_counts()["votes"] == 1
    assert errors_logged(caplog) == []


# -- PostgreSQL refusing connections, and not there at all ------------------------------------


@contextmanager
def postgres_refusing(database: str) -> Iterator[None]:
    """New connections refused and every open one dropped, as in a restart or a failover."""
    from app.config import database_url

    admin = sa.create_engine(database_url(POSTGRES_ADMIN_URL), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false'))
            connection.execute(sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": database})
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true'))
        admin.dispose()


def test_postgresql_going_away_is_unavailable_and_the_server_recovers_by_itself(
        pg_app, caplog):
    app = pg_app
    workshop, phone, idea = voting_room(app)
    client = app.test_client()
    client_id = new_client_id()
    code = workshop.code
    name = sa.engine.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).database
    with postgres_refusing(name):
        dropped = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": client_id})
        refused = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": client_id})
        api = client.post("/api/v1/join", json={"code": code})
        connecting = RecordingClient(app, socketio, auth={"token": phone.token})
    assert unavailable_ack(dropped), dropped
    assert unavailable_ack(refused), refused
    assert api.status_code == 503 and api.get_json()["error"]["code"] == UNAVAILABLE
    assert not connecting.is_connected()
    assert [error["code"] for error in connecting.connect_errors] == [UNAVAILABLE]

    # Back again: the pool reconnects by itself and the retry counts once.
    ack = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": client_id})
    assert ack == {"ok": True, "idea_id": idea["id"], "votes_left": 2, "my_votes": 1}
    assert phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": client_id}) == ack
    assert db_counts()["votes"] == 1
    assert client.post("/api/v1/join", json={"code": code}).status_code == 201
    assert errors_logged(caplog) == []


@pytest.fixture
def nowhere_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Flask]:
    """The app pointed at a PostgreSQL port where nothing listens."""
    monkeypatch.setenv("KOOSLOOME_INSTANCE", str(tmp_path / "instance"))
    application = create_app(app_config(
        f"postgresql://koosloome@127.0.0.1:{free_port()}/koosloome?connect_timeout=2"))
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def test_postgresql_unreachable_gives_503_and_a_refused_connection_never_a_traceback(
        nowhere_app, caplog):
    client = nowhere_app.test_client()
    token = "kl_" + "x" * 40
    answers = {
        "join": client.post("/api/v1/join", json={"code": "WB7SSD"}),
        "seminars": client.get("/api/v1/seminars", headers=bearer(token)),
        "ideas": client.get("/api/v1/ideas", headers=bearer(token)),
        "proposal": client.post("/api/v1/proposals", json={"title": "x"}, headers=bearer(token)),
    }
    for name, response in answers.items():
        assert response.status_code == 503, (name, response.get_data(as_text=True))
        assert response.get_json()["error"]["code"] == UNAVAILABLE, name
    assert client.get("/healthz").status_code == 503
    assert client.get("/j/WB7SSD").status_code == 503

    socket = RecordingClient(nowhere_app, socketio, auth={"token": "t" * 43})
    assert not socket.is_connected()
    assert [error["code"] for error in socket.connect_errors] == [UNAVAILABLE]
    assert errors_logged(caplog) == []
