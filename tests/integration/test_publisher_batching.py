"""Coalescing: a dot storm reaches the board as a few tallies, an idea burst reaches phones as one
`batch`, and a phase change is never held back.

The other in-process tests send every event at once (TALLY_INTERVAL_SECONDS and
PHONE_BATCH_SECONDS are 0); these turn coalescing on, as a real server runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from app.models import User, Workshop
from app.realtime.publisher import publisher
from tests.conftest import (
    Phone,
    board_socket,
    cast,
    join_phone,
    make_workshop,
    move_to,
    new_client_id,
    post_idea,
)

WINDOW = 0.3


@pytest.fixture
def coalescing(app: Flask) -> Flask:
    app.config.update(TALLY_INTERVAL_SECONDS=0.1, PHONE_BATCH_SECONDS=WINDOW)
    return app


def collect_until(socket: Any, done: Callable[[list[dict[str, Any]]], bool],
                  timeout: float = 5.0) -> list[dict[str, Any]]:
    """What a socket receives, gathered until `done` holds of it (failing after `timeout`)."""
    client = socket.socket if isinstance(socket, Phone) else socket
    received: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout
    while not done(received):
        assert time.monotonic() < deadline, f"timed out; received {received}"
        received.extend(client.get_received())
        time.sleep(0.01)
    return received


def phone_events(received: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    """The events a phone got, a `batch` opened into the events it carries."""
    found: list[tuple[str, dict[str, Any]]] = []
    for item in received:
        payload = item["args"][0]
        if item["name"] == "batch":
            found.extend((name, event) for name, event in payload["events"])
        else:
            found.append((item["name"], payload))
    return found


def quiet(workshop: Workshop) -> None:
    """Wait until the window opened by the set-up's events has passed."""
    deadline = time.monotonic() + 5
    while publisher.holds_phone_events(workshop.id):
        assert time.monotonic() < deadline, "the phones' window never closed"
        time.sleep(0.01)


def idea_burst(phone: Phone, count: int) -> list[int]:
    return [post_idea(phone, f"Mõte number {n}")["id"] for n in range(count)]


def test_a_quiet_workshop_hears_each_idea_at_once_by_its_own_name(coalescing, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    author, reader = join_phone(coalescing, workshop), join_phone(coalescing, workshop)
    quiet(workshop)
    reader.events()

    idea = post_idea(author)

    assert [(item["name"], item["args"][0]["idea"]["id"]) for item in reader.events()] == [
        ("idea:added", idea["id"])]


def test_a_burst_of_ideas_reaches_phones_as_one_batch_in_seq_order(coalescing, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    author, reader = join_phone(coalescing, workshop), join_phone(coalescing, workshop)
    quiet(workshop)
    reader.events()

    ids = idea_burst(author, 5)
    received = collect_until(reader, lambda got: len(phone_events(got)) >= 5)

    assert [item["name"] for item in received] == ["idea:added", "batch"]
    batch = received[1]["args"][0]
    events = phone_events(received)
    assert [event["idea"]["id"] for _name, event in events] == ids
    seqs = [event["seq"] for _name, event in events]
    assert seqs == list(range(seqs[0], seqs[0] + 5))
    assert batch["seq"] == seqs[-1] and batch["workshop_id"] == workshop.id


def test_the_board_is_never_batched(coalescing, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    author = join_phone(coalescing, workshop)
    board = board_socket(coalescing, workshop)

    ids = idea_burst(author, 4)

    assert [item["args"][0]["idea"]["id"] for item in board.get_received()
            if item["name"] == "idea:added"] == ids


def test_a_phase_change_goes_out_at_once_with_what_was_held(coalescing, facilitator: User):
    workshop = make_workshop(facilitator, phase="collecting")
    author, reader = join_phone(coalescing, workshop), join_phone(coalescing, workshop)
    quiet(workshop)
    reader.events()
    coalescing.config["PHONE_BATCH_SECONDS"] = 30  # nothing would leave by the window alone
    ids = idea_burst(author, 3)

    move_to(workshop, facilitator, "voting")

    received = reader.events()
    assert [item["name"] for item in received] == ["idea:added", "batch"]
    events = phone_events([{"name": item["name"], "args": item["args"]} for item in received])
    assert [name for name, _event in events] == ["idea:added"] * 3 + ["phase"]
    assert [event["idea"]["id"] for name, event in events if name == "idea:added"] == ids


def test_a_dot_storm_reaches_the_board_as_few_tallies_with_the_final_count(
        coalescing, facilitator):
    workshop: Workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=5,
                                       max_dots_per_idea=5)
    phones = [join_phone(coalescing, workshop) for _ in range(4)]
    idea = post_idea(phones[0])
    move_to(workshop, facilitator, "voting")
    board = board_socket(coalescing, workshop)

    for phone in phones:
        for _dot in range(5):
            assert cast(phone, idea["id"], new_client_id())["ok"]

    def final(received: list[dict[str, Any]]) -> bool:
        tallies = [item["args"][0] for item in received if item["name"] == "tally"]
        return bool(tallies) and tallies[-1]["votes"].get(str(idea["id"])) == 20

    tallies = [item for item in collect_until(board, final) if item["name"] == "tally"]
    assert len(tallies) < 20
    assert tallies[-1]["args"][0]["dots_cast"] == 20
    assert tallies[-1]["args"][0]["voters"] == 4
