"""The real `koosloome serve` in a subprocess, driven over real WebSockets by python-socketio clients."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path

import pytest

from tests.live_server import LiveClient, Server, live_server, wait_until

pytestmark = pytest.mark.live


def create_workshop(server: Server, dots: int, max_per_idea: int = 2) -> dict:
    seminar = server.api("POST", "/api/v1/seminars", {"title": "Live", "kind": "study_trip"})
    return server.api("POST", f"/api/v1/seminars/{seminar['id']}/workshops", {
        "title": "Live workshop", "prompt": "Kuidas?", "dots_per_participant": dots,
        "max_dots_per_idea": max_per_idea})


def join(server: Server, workshop: dict, name: str) -> LiveClient:
    joined = server.api("POST", "/api/v1/join", {"code": workshop["code"], "name": name})
    phone = LiveClient.connect(server.base_url, {"token": joined["token"]})
    assert phone.call("join", {"workshop_id": workshop["id"]})["ok"]
    return phone


def run_workshop(server: Server, phones: int, dots: int) -> dict[int, int]:
    """A whole workshop; returns the counts the phones saw at results."""
    workshop = create_workshop(server, dots)
    workshop_id = workshop["id"]
    board_key = workshop["board_url"].rsplit("/", 1)[-1]
    console = LiveClient.connect(server.base_url, {"api_token": server.api_token})
    board = LiveClient.connect(server.base_url, {"board_key": board_key})
    assert console.call("join", {"workshop_id": workshop_id})["ok"]
    assert board.call("join", {"workshop_id": workshop_id})["ok"]
    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "collecting"})["ok"]
    people = [join(server, workshop, f"Phone {n}") for n in range(phones)]

    idea_ids = []
    for number, phone in enumerate(people):
        client_id = uuid.uuid4().hex
        ack = phone.call("idea:post", {"text": f"Idea {number}", "client_id": client_id})
        assert ack["ok"], ack
        retry = phone.call("idea:post", {"text": f"Idea {number}", "client_id": client_id})
        assert retry["idea"]["id"] == ack["idea"]["id"] and retry["duplicate"]
        idea_ids.append(ack["idea"]["id"])
    wait_until(lambda: board.count("idea:added") == phones, what="every idea on the board")

    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "voting"})["ok"]
    for phone in people:
        for turn in range(dots):
            ack = phone.call("vote:cast", {"idea_id": idea_ids[turn % len(idea_ids)],
                                           "client_id": uuid.uuid4().hex})
            assert ack["ok"], ack
        refused = phone.call("vote:cast", {"idea_id": idea_ids[0],
                                           "client_id": uuid.uuid4().hex})
        assert refused["error"]["code"] == "vote_budget_exhausted"

    expected = phones * dots
    wait_until(lambda: (board.last("tally") or {}).get("dots_cast") == expected,
               what="the board's tally to count every dot")
    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "results"})["ok"]
    wait_until(lambda: (people[0].last("phase") or {}).get("phase") == "results",
               what="phones to see the results")
    shown = {idea["id"]: idea["votes"] for idea in people[0].last("phase")["ideas"]
             if idea["votes"]}
    assert board.last("tally")["votes"] == {str(k): v for k, v in shown.items()}
    seqs = board.seqs()
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), "board events skipped a seq"
    for client in (console, board, *people):
        client.close()
    assert sum(shown.values()) == expected
    return shown


def stored_counts(server: Server) -> dict[int, int]:
    database = server.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(database) as connection:
        return dict(connection.execute(
            "SELECT idea_id, count(*) FROM votes WHERE retracted_at IS NULL "
            "GROUP BY idea_id").fetchall())


def test_whole_workshop_over_real_websockets_matches_the_database(tmp_path: Path) -> None:
    with live_server(tmp_path) as server:
        shown = run_workshop(server, phones=4, dots=3)
        assert shown == stored_counts(server)


def test_gevent_server_runs_a_workshop_too(tmp_path: Path) -> None:
    with live_server(tmp_path, async_mode="gevent") as server:
        shown = run_workshop(server, phones=2, dots=2)
        assert shown == stored_counts(server)


def test_a_burst_of_ideas_reaches_a_phone_once_each_in_seq_order(tmp_path: Path) -> None:
    """On the real server, phones' events are coalesced: the first at once, the rest in `batch`es."""
    with live_server(tmp_path) as server:
        workshop = create_workshop(server, dots=3)
        console = LiveClient.connect(server.base_url, {"api_token": server.api_token})
        assert console.call("join", {"workshop_id": workshop["id"]})["ok"]
        assert console.call("phase:set", {"workshop_id": workshop["id"],
                                          "phase": "collecting"})["ok"]
        phone = join(server, workshop, "Lugeja")
        ids = []
        for number in range(12):
            ack = console.call("idea:post", {"workshop_id": workshop["id"],
                                             "text": f"Paberilt {number}",
                                             "client_id": uuid.uuid4().hex})
            assert ack["ok"], ack
            ids.append(ack["idea"]["id"])

        def added() -> list[int]:
            return [data["idea"]["id"] for event, data in phone.opened() if event == "idea:added"]

        wait_until(lambda: len(added()) >= len(ids), what="every idea on the phone")
        assert added() == ids
        assert phone.count("batch") >= 1, "a burst of twelve ideas came one message each"
        seqs = phone.seqs()
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), "a seq was skipped"
        for client in (console, phone):
            client.close()
