"""Nothing acknowledged is lost: a killed server, and backups taken while it runs."""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import socketio

from tests.live_server import (
    LiveClient,
    Server,
    cli,
    free_port,
    prepare_database,
    running_server,
    server_env,
    wait_until,
)

pytestmark = pytest.mark.live
PHONES = 12
DOTS = 4


def voting_workshop(server: Server, phones: int) -> tuple[dict, list[str], list[int]]:
    seminar = server.api("POST", "/api/v1/seminars", {"title": "Rikked", "kind": "other"})
    workshop = server.api("POST", f"/api/v1/seminars/{seminar['id']}/workshops", {
        "title": "Katkestus", "prompt": "Kuidas?", "dots_per_participant": DOTS,
        "max_dots_per_idea": DOTS})
    server.api("POST", f"/api/v1/workshops/{workshop['id']}/phase", {"phase": "collecting"})
    tokens = [server.api("POST", "/api/v1/join", {"code": workshop["code"]})["token"]
              for _ in range(phones)]
    author = LiveClient.connect(server.base_url, {"token": tokens[0]})
    author.call("join", {"workshop_id": workshop["id"]})
    ideas = [author.call("idea:post", {"text": f"Idee {n}", "client_id": f"idea-{n}"})["idea"]["id"]
             for n in range(3)]
    author.close()
    server.api("POST", f"/api/v1/workshops/{workshop['id']}/phase", {"phase": "voting"})
    return workshop, tokens, ideas


def count(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as connection:
        return int(connection.execute(sql).fetchone()[0])


def test_acknowledged_dots_survive_sigkill_and_retries_count_once(tmp_path: Path) -> None:
    env = server_env(tmp_path / "instance", PORT=str(free_port()))
    database = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    token = prepare_database(env)
    base_url = f"http://127.0.0.1:{env['PORT']}"
    acked: dict[str, dict] = {}
    sent: list[tuple[int, str, int]] = []  # (phone, client_id, idea_id)
    lock = threading.Lock()

    with running_server(env, tmp_path / "first.log") as process:
        server = Server(base_url, env, token, process)
        workshop, tokens, ideas = voting_workshop(server, PHONES)
        phones = [LiveClient.connect(base_url, {"token": t}) for t in tokens]
        for phone in phones:
            phone.call("join", {"workshop_id": workshop["id"]})

        def storm(number: int, phone: LiveClient) -> None:
            for turn in range(DOTS):
                client_id = f"p{number}-dot{turn}"
                idea_id = ideas[(number + turn) % len(ideas)]
                with lock:
                    sent.append((number, client_id, idea_id))
                try:
                    ack = phone.call("vote:cast", {"idea_id": idea_id, "client_id": client_id},
                                     timeout=3)
                except (socketio.exceptions.SocketIOError, OSError):
                    return
                with lock:
                    acked[client_id] = ack
                time.sleep(0.05)

        threads = [threading.Thread(target=storm, args=(n, p)) for n, p in enumerate(phones)]
        for thread in threads:
            thread.start()
        wait_until(lambda: len(acked) >= PHONES, what="the storm to be under way")
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        for thread in threads:
            thread.join(15)
        for phone in phones:
            phone.sio.disconnect()

    acknowledged = {client_id for client_id, ack in acked.items() if ack.get("ok")}
    assert acknowledged, "some dots were acknowledged before the kill"
    assert len(acknowledged) < PHONES * DOTS, "the kill came in the middle of the storm"

    with running_server(env, tmp_path / "second.log"):
        phones = [LiveClient.connect(base_url, {"token": t}) for t in tokens]
        for phone in phones:
            assert phone.call("join", {"workshop_id": workshop["id"]})["ok"]
        replies = {}
        for number, client_id, idea_id in sent:
            replies[client_id] = phones[number].call(
                "vote:cast", {"idea_id": idea_id, "client_id": client_id})
        for phone in phones:
            phone.close()

    assert all(reply["ok"] for reply in replies.values()), replies
    for client_id in acknowledged:
        assert replies[client_id]["idea_id"] == acked[client_id]["idea_id"]
    stored = count(database, "SELECT count(*) FROM votes WHERE retracted_at IS NULL")
    distinct = count(database, "SELECT count(DISTINCT client_id) FROM votes")
    assert stored == distinct == len(sent), "every dot once: none lost, none doubled"
    over = count(database, f"SELECT count(*) FROM (SELECT participant_id FROM votes "
                           f"GROUP BY participant_id HAVING count(*) > {DOTS})")
    assert over == 0


def test_backup_while_serving_restores_every_row(tmp_path: Path) -> None:
    env = server_env(tmp_path / "instance", PORT=str(free_port()))
    token = prepare_database(env)
    base_url = f"http://127.0.0.1:{env['PORT']}"
    copy = tmp_path / "backup" / "koosloome.sqlite3"
    with running_server(env, tmp_path / "server.log") as process:
        server = Server(base_url, env, token, process)
        workshop, tokens, ideas = voting_workshop(server, 6)
        phones = [LiveClient.connect(base_url, {"token": t}) for t in tokens]
        stop = threading.Event()

        def keep_voting() -> None:
            for number, phone in enumerate(phones):
                phone.call("join", {"workshop_id": workshop["id"]})
                for turn in range(DOTS):
                    if stop.is_set():
                        return
                    phone.call("vote:cast", {"idea_id": ideas[turn % 3],
                                             "client_id": f"b{number}-{turn}"})

        voter = threading.Thread(target=keep_voting)
        voter.start()
        output = cli(env, "backup", str(copy))
        stop.set()
        voter.join(30)
        for phone in phones:
            phone.close()
    assert "Backed up" in output
    with sqlite3.connect(copy) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        dots_in_copy = connection.execute(
            "SELECT count(*) FROM votes WHERE retracted_at IS NULL").fetchone()[0]
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert {"workshops", "participants", "ideas", "votes", "users"} <= set(tables)

    restored = {**env, "DATABASE_URL": f"sqlite:///{copy}", "PORT": str(free_port())}
    with running_server(restored, tmp_path / "restored.log") as process:
        server = Server(f"http://127.0.0.1:{restored['PORT']}", restored, token, process)
        snapshot = server.api("GET", f"/api/v1/workshops/{workshop['id']}")
    assert snapshot["dots_cast"] == dots_in_copy
    assert len(snapshot["ideas"]) == 3
    assert snapshot["participants"] == 6
