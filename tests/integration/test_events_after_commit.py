"""Events leave only after their change has committed; a refused operation sends nothing at all."""

from __future__ import annotations

import sqlite3

import pytest
import sqlalchemy as sa

from app.database import Transaction, connection_transaction, transaction
from app.events import Event, TallyChanged, register_receiver
from app.extensions import db, socketio
from app.models import Idea, Vote
from tests.conftest import (
    board_socket,
    cast,
    console_socket,
    join_phone,
    make_workshop,
    move_to,
    new_client_id,
    payloads,
    post_idea,
)


def screens(app, facilitator, workshop):
    """A phone, the board and a console in the workshop, with nothing received yet."""
    phone = join_phone(app, workshop)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    phone.events()
    return phone, board, console


def assert_silent(*sockets):
    for socket in sockets:
        assert payloads(socket) == []


def test_a_post_in_the_wrong_phase_emits_nothing(app, facilitator):
    workshop = make_workshop(facilitator, phase="voting")
    phone, board, console = screens(app, facilitator, workshop)

    ack = phone.emit("idea:post", {"text": "Liiga hilja", "client_id": new_client_id()})

    assert ack["error"]["code"] == "wrong_phase"
    assert_silent(phone, board, console)


def test_an_invalid_idea_emits_nothing(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", idea_max_length=20)
    phone, board, console = screens(app, facilitator, workshop)

    too_long = phone.emit("idea:post", {"text": "x" * 21, "client_id": new_client_id()})
    bad_group = phone.emit("idea:post", {"text": "Mõte", "target_groups": ["aliens"],
                                         "client_id": new_client_id()})

    assert too_long["error"]["field"] == "text"
    assert bad_group["error"]["field"] == "target_groups"
    assert_silent(phone, board, console)


def test_a_vote_in_the_wrong_phase_emits_no_tally(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone, board, console = screens(app, facilitator, workshop)
    idea = post_idea(phone)
    payloads(board), payloads(console), phone.events()

    ack = cast(phone, idea["id"])

    assert ack["error"]["code"] == "wrong_phase"
    assert_silent(phone, board, console)


@pytest.mark.parametrize("limit", ["vote_budget_exhausted", "idea_vote_limit"])
def test_a_refused_dot_emits_no_tally(app, facilitator, limit):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=2,
                             max_dots_per_idea=1 if limit == "idea_vote_limit" else 2)
    phone, board, console = screens(app, facilitator, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    cast(phone, idea["id"])
    if limit == "vote_budget_exhausted":
        cast(phone, idea["id"])
    payloads(board), payloads(console), phone.events()

    ack = cast(phone, idea["id"])

    assert ack["error"]["code"] == limit
    assert_silent(phone, board, console)


def test_a_refused_retract_emits_no_tally(app, facilitator):
    workshop = make_workshop(facilitator, phase="voting")
    phone, board, console = screens(app, facilitator, workshop)

    ack = phone.emit("vote:retract", {"idea_id": 1})

    assert ack["error"]["code"] == "not_found"
    assert_silent(phone, board, console)


def test_a_forbidden_transition_emits_nothing(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone, board, console = screens(app, facilitator, workshop)

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": "results"},
                       callback=True)

    assert ack["error"]["code"] == "invalid_transition"
    assert_silent(phone, board, console)


def test_a_forbidden_staff_event_from_a_phone_emits_nothing(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone, board, console = screens(app, facilitator, workshop)

    acks = [phone.emit("phase:set", {"workshop_id": workshop.id, "phase": "voting"}),
            phone.emit("timer:set", {"workshop_id": workshop.id, "seconds": 60})]

    assert [ack["error"]["code"] for ack in acks] == ["forbidden", "forbidden"]
    assert_silent(phone, board, console)


def test_a_bad_timer_emits_nothing(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone, board, console = screens(app, facilitator, workshop)

    ack = console.emit("timer:set", {"workshop_id": workshop.id, "seconds": -5},
                       callback=True)

    assert ack["error"] == {"code": "invalid_input", "field": "seconds",
                            "message": ack["error"]["message"]}
    assert_silent(phone, board, console)


# -- what a screen hears is already in the database -------------------------------------------


@pytest.fixture
def committed_at_emit(app, monkeypatch):
    """Record, for every emit, what a separate database connection sees at that moment."""
    path = db.engine.url.database
    seen = []
    original = socketio.emit

    def emit(event, data=None, *args, **kwargs):
        with sqlite3.connect(path) as reader:
            seen.append({
                "event": event, "data": data, "to": kwargs.get("to"),
                "ideas": {row[0]: row[1] for row in reader.execute("SELECT id, text FROM ideas")},
                "phase_seq": dict((row[0], (row[1], row[2])) for row in reader.execute(
                    "SELECT id, phase, seq FROM workshops")),
                "live_votes": reader.execute(
                    "SELECT count(*) FROM votes WHERE retracted_at IS NULL").fetchone()[0],
            })
        return original(event, data, *args, **kwargs)

    monkeypatch.setattr(socketio, "emit", emit)
    return seen


def test_every_event_reflects_what_is_already_committed(app, facilitator, committed_at_emit):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    console = console_socket(app, facilitator, workshop)

    idea = post_idea(phone, "Kinnitatud mõte")
    console.emit("idea:edit", {"idea_id": idea["id"], "text": "Kinnitatud ja parandatud"},
                 callback=True)
    console.emit("phase:set", {"workshop_id": workshop.id, "phase": "voting"}, callback=True)
    cast(phone, idea["id"])
    cast(phone, idea["id"])

    by_event = {}
    for record in committed_at_emit:
        by_event.setdefault(record["event"], []).append(record)
    assert set(by_event) >= {"idea:added", "idea:updated", "phase", "tally"}
    for record in committed_at_emit:
        data = record["data"]
        phase, seq = record["phase_seq"][workshop.id]
        assert data["seq"] == seq, record["event"]  # the number is the committed one
        if record["event"] in ("idea:added", "idea:updated") and "idea" in data \
                and "text" in data["idea"]:
            assert record["ideas"][data["idea"]["id"]] == data["idea"]["text"]
        if record["event"] == "phase":
            assert data["phase"] == phase
        if record["event"] == "tally" and "dots_cast" in data:
            assert data["dots_cast"] == record["live_votes"]
    staff_tallies = [r["data"] for r in by_event["tally"] if r["to"].endswith(":staff")]
    assert [tally["dots_cast"] for tally in staff_tallies][-2:] == [1, 2]


@pytest.mark.parametrize(("name", "data"), [
    ("idea:post", None), ("idea:post", "Mõte ilma ümbriseta"), ("vote:cast", [1]),
    ("vote:cast", {"idea_id": True}), ("vote:retract", None),
])
def test_a_malformed_event_is_answered_invalid_input_and_emits_nothing(
        app, facilitator, name, data):
    workshop = make_workshop(facilitator, phase="collecting")
    phone, board, console = screens(app, facilitator, workshop)

    ack = phone.emit(name, data)

    assert ack["ok"] is False and ack["error"]["code"] == "invalid_input"
    assert_silent(phone, board, console)


# -- the commit hook itself -----------------------------------------------------------------


def test_an_error_after_an_idea_event_is_queued_sends_nothing(app, facilitator, monkeypatch):
    """The idea's event is queued, then the change fails before its commit: nobody hears it."""
    workshop = make_workshop(facilitator, phase="collecting")
    phone, board, console = screens(app, facilitator, workshop)
    queue = Transaction.on_commit

    def queue_then_fail(self, *notices):
        queue(self, *notices)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Transaction, "on_commit", queue_then_fail)
    ack = phone.emit("idea:post", {"text": "Kaob ära", "client_id": new_client_id()})
    monkeypatch.undo()

    assert ack["ok"] is False
    assert_silent(phone, board, console)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 0
    # The next change is heard alone: nothing of the failed one was kept for it.
    post_idea(phone, "Jääb alles")
    assert [p["idea"]["text"] for p in payloads(board, "idea:added")] == ["Jääb alles"]


def test_an_error_after_a_dot_is_queued_sends_no_tally(app, facilitator, monkeypatch):
    workshop = make_workshop(facilitator, phase="collecting")
    phone, board, console = screens(app, facilitator, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    payloads(board), payloads(console), phone.events()
    queue = Transaction.on_commit

    def queue_then_fail(self, *notices):
        queue(self, *notices)
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Transaction, "on_commit", queue_then_fail)
    ack = cast(phone, idea["id"])
    monkeypatch.undo()

    assert ack["ok"] is False
    assert_silent(phone, board, console)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 0


@pytest.mark.parametrize("open_transaction", [transaction, connection_transaction])
def test_events_of_a_rolled_back_transaction_are_dropped_for_good(app, open_transaction):
    sent = []
    register_receiver(app, sent.extend)

    with pytest.raises(RuntimeError), open_transaction() as tx:
        tx.on_commit(Event(1, "lost"))
        raise RuntimeError("the change failed")
    with open_transaction() as tx:
        tx.on_commit(Event(1, "kept"))

    assert [event.name for event in sent] == ["kept"]


def test_events_leave_only_once_their_transaction_has_committed(app):
    sent = []
    register_receiver(app, sent.extend)

    with transaction() as tx:
        tx.on_commit(Event(1, "first"), TallyChanged(1))
        assert sent == []

    assert sent == [Event(1, "first"), TallyChanged(1)]


def test_a_failing_receiver_does_not_undo_the_committed_change(app, facilitator, caplog):
    """The change is in the database: the caller's answer stands, and the failure is logged."""
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)

    def broken(_notices):
        raise ConnectionError("message queue down")

    register_receiver(app, broken)
    ack = phone.emit("idea:post", {"text": "Ikka salvestatud", "client_id": new_client_id()})

    assert ack["ok"] is True
    assert db.session.get(Idea, ack["idea"]["id"]) is not None
    assert "could not be sent" in caplog.text
