"""Fifty dots at once from one participant (many tabs, many connections) never exceed the budget.

Each cast runs in its own thread on its own Socket.IO connection of the same participant,
all released together by a barrier, on SQLite (BEGIN IMMEDIATE) and on PostgreSQL (the
voter's row lock). The two-process version over Redis is in test_scale_out.py.
"""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from app.extensions import db
from app.models import Idea, Vote
from app.services import votes
from tests.conftest import (
    connect,
    join_phone,
    make_staff,
    make_workshop,
    move_to,
    new_client_id,
    post_idea,
    staff_socket,
)

CASTS = 50
BUDGET = 5
BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def any_app(request: pytest.FixtureRequest) -> Flask:
    """The app on SQLite, then on PostgreSQL (skipped without it, failing under CI)."""
    app: Flask = request.getfixturevalue("app" if request.param == "sqlite" else "pg_app")
    return app


def voting_workshop(app: Flask, ideas: int = 3) -> tuple[Any, Any, list[int]]:
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting", dots_per_participant=BUDGET,
                             max_dots_per_idea=BUDGET)
    phone = join_phone(app, workshop)
    idea_ids = [post_idea(phone, f"Idee number {n}")["id"] for n in range(ideas)]
    move_to(workshop, staff, "voting")
    return workshop, phone, idea_ids


@pytest.fixture(autouse=True)
def overlap(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many casts were inside the service at the same moment, at most."""
    seen = {"now": 0, "most": 0}
    lock = threading.Lock()
    original = votes.cast_vote

    def counted(*args: Any) -> Any:
        with lock:
            seen["now"] += 1
            seen["most"] = max(seen["most"], seen["now"])
        try:
            return original(*args)
        finally:
            with lock:
                seen["now"] -= 1

    monkeypatch.setattr(votes, "cast_vote", counted)
    return seen


def all_at_once(app: Flask, token: str, workshop_id: int,
                payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Send each payload as `vote:cast` on a connection of its own, all released together.

    The server would let one token hold only SOCKETS_PER_CREDENTIAL sockets and count its
    dots against one rate limit, refusing most of these before the service: both are lifted
    here, so fifty casts really race inside it (test_connection_caps.py tests the caps)."""
    app.config["SOCKETS_PER_CREDENTIAL"] = 0
    app.extensions["koosloome_limits"].enabled = False
    tabs = [connect(app, {"token": token}) for _ in payloads]
    for tab in tabs:
        assert tab.emit("join", {"workshop_id": workshop_id}, callback=True)["ok"]
    db.session.rollback()  # the test's own session must not hold a lock while they run
    answers: list[dict[str, Any] | BaseException] = [RuntimeError("no answer")] * len(payloads)
    start = threading.Barrier(len(payloads))

    def cast(number: int) -> None:
        start.wait()
        try:
            answers[number] = tabs[number].emit("vote:cast", payloads[number], callback=True)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            answers[number] = error

    threads = [threading.Thread(target=cast, args=(n,)) for n in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(isinstance(answer, dict) for answer in answers), answers
    return answers  # type: ignore[return-value]


def live_dots(participant_id: int) -> int:
    db.session.rollback()
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Vote).where(
        Vote.participant_id == participant_id, Vote.retracted_at.is_(None)))
    db.session.rollback()
    return int(count or 0)


def test_fifty_casts_at_once_spend_exactly_the_budget(any_app, overlap):
    workshop, phone, idea_ids = voting_workshop(any_app)
    payloads = [{"idea_id": idea_ids[n % len(idea_ids)], "client_id": new_client_id()}
                for n in range(CASTS)]

    answers = all_at_once(any_app, phone.token, workshop.id, payloads)

    accepted = [a for a in answers if a["ok"]]
    codes = Counter(a["error"]["code"] for a in answers if not a["ok"])
    assert len(accepted) == BUDGET
    assert codes == {"vote_budget_exhausted": CASTS - BUDGET}
    assert sorted(a["votes_left"] for a in accepted) == list(range(BUDGET))
    assert live_dots(phone.participant_id) == BUDGET
    assert overlap["most"] > 1, "the casts really ran at the same time"
    print(f"\n{CASTS} casts, {BUDGET} accepted, at most {overlap['most']} inside the service at once")


def test_fifty_casts_on_one_idea_at_once_stop_at_the_per_idea_limit(any_app):
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting", dots_per_participant=10,
                             max_dots_per_idea=3)
    phone = join_phone(any_app, workshop)
    idea_id = post_idea(phone)["id"]
    move_to(workshop, staff, "voting")
    payloads = [{"idea_id": idea_id, "client_id": new_client_id()} for _ in range(CASTS)]

    answers = all_at_once(any_app, phone.token, workshop.id, payloads)

    assert sum(a["ok"] for a in answers) == 3
    assert Counter(a["error"]["code"] for a in answers if not a["ok"]) == {
        "idea_vote_limit": CASTS - 3}
    assert live_dots(phone.participant_id) == 3


def test_fifty_retries_of_one_dot_at_once_are_one_dot(any_app):
    workshop, phone, idea_ids = voting_workshop(any_app)
    payload = {"idea_id": idea_ids[0], "client_id": new_client_id()}

    answers = all_at_once(any_app, phone.token, workshop.id, [payload] * CASTS)

    assert all(a["ok"] for a in answers), Counter(str(a.get("error")) for a in answers)
    assert {(a["idea_id"], a["votes_left"], a["my_votes"]) for a in answers} == {
        (idea_ids[0], BUDGET - 1, 1)}
    assert live_dots(phone.participant_id) == 1


def test_phone_and_facilitator_console_at_once_keep_a_paper_ballot_in_budget(any_app):
    """Two consoles typing the same paper ballot in at once: still one budget."""
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting", dots_per_participant=BUDGET,
                             max_dots_per_idea=BUDGET)
    phone = join_phone(any_app, workshop)
    idea_id = post_idea(phone)["id"]
    move_to(workshop, staff, "voting")
    consoles = [staff_socket(any_app, staff) for _ in range(2)]
    ballot = consoles[0].emit("ballot:add", {"workshop_id": workshop.id}, callback=True)
    ballot_id = ballot["ballot"]["id"]
    db.session.rollback()
    answers: list[dict[str, Any]] = []
    lock = threading.Lock()
    start = threading.Barrier(len(consoles))

    def type_in(console: Any) -> None:
        start.wait()
        for _ in range(CASTS // len(consoles)):
            ack = console.emit("vote:cast", {"idea_id": idea_id, "participant_id": ballot_id,
                                             "client_id": new_client_id()}, callback=True)
            with lock:
                answers.append(ack)

    threads = [threading.Thread(target=type_in, args=(c,)) for c in consoles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert len(answers) == CASTS
    assert sum(a["ok"] for a in answers) == BUDGET
    assert live_dots(ballot_id) == BUDGET
    db.session.rollback()
    assert db.session.get(Idea, idea_id) is not None
