"""Two server processes on one PostgreSQL and one Redis share a workshop."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import socketio

from tests.live_server import (
    LiveClient,
    Server,
    free_port,
    prepare_database,
    running_server,
    server_env,
    wait_until,
)

pytestmark = pytest.mark.live


@pytest.fixture
def two_servers(tmp_path: Path, postgres_url: str, redis_url: str) -> Iterator[list[Server]]:
    env = server_env(tmp_path / "instance", database_url=postgres_url, message_queue=redis_url,
                     SOCKETIO_CHANNEL=f"koosloome-test-{uuid.uuid4().hex[:8]}")
    token = prepare_database(env)
    with ExitStack() as stack:
        servers = []
        for number in range(2):
            process_env = {**env, "PORT": str(free_port())}
            process = stack.enter_context(
                running_server(process_env, tmp_path / f"server{number}.log"))
            servers.append(Server(f"http://127.0.0.1:{process_env['PORT']}", process_env,
                                  token, process))
        yield servers


def open_voting(server: Server, dots: int) -> tuple[dict, int]:
    seminar = server.api("POST", "/api/v1/seminars", {"title": "Maapäev", "kind": "other"})
    workshop = server.api("POST", f"/api/v1/seminars/{seminar['id']}/workshops", {
        "title": "Suur saal", "prompt": "Kuidas?", "dots_per_participant": dots,
        "max_dots_per_idea": dots})
    server.api("POST", f"/api/v1/workshops/{workshop['id']}/phase", {"phase": "collecting"})
    joined = server.api("POST", "/api/v1/join", {"code": workshop["code"]})
    phone = LiveClient.connect(server.base_url, {"token": joined["token"]})
    phone.call("join", {"workshop_id": workshop["id"]})
    idea = phone.call("idea:post", {"text": "Külabuss", "client_id": "one"})["idea"]
    phone.close()
    server.api("POST", f"/api/v1/workshops/{workshop['id']}/phase", {"phase": "voting"})
    return {**workshop, "token": joined["token"]}, idea["id"]


def test_board_on_one_process_sees_a_dot_cast_on_the_other(two_servers: list[Server]) -> None:
    first, second = two_servers
    workshop, idea_id = open_voting(first, dots=3)
    board = LiveClient.connect(second.base_url,
                               {"board_key": workshop["board_url"].rsplit("/", 1)[-1]})
    assert board.call("join", {"workshop_id": workshop["id"]})["ok"]
    phone = LiveClient.connect(first.base_url, {"token": workshop["token"]})
    assert phone.call("join", {"workshop_id": workshop["id"]})["ok"]

    ack = phone.call("vote:cast", {"idea_id": idea_id, "client_id": uuid.uuid4().hex})
    assert ack["ok"] and ack["votes_left"] == 2
    wait_until(lambda: (board.last("tally") or {}).get("votes") == {str(idea_id): 1},
               what="the other process's board to show the dot")
    phone.close()
    board.close()


def test_budget_holds_when_one_participant_votes_on_both_processes_at_once(
        two_servers: list[Server]) -> None:
    dots = 5
    workshop, idea_id = open_voting(two_servers[0], dots=dots)
    phones = [LiveClient.connect(server.base_url, {"token": workshop["token"]})
              for server in two_servers for _copy in range(2)]
    for phone in phones:
        assert phone.call("join", {"workshop_id": workshop["id"]})["ok"]
    answers: list[dict] = []
    lock = threading.Lock()
    start = threading.Barrier(len(phones))

    def vote(phone: LiveClient) -> None:
        start.wait()
        for _attempt in range(dots):
            ack = phone.call("vote:cast", {"idea_id": idea_id, "client_id": uuid.uuid4().hex})
            with lock:
                answers.append(ack)

    threads = [threading.Thread(target=vote, args=(phone,)) for phone in phones]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    accepted = [a for a in answers if a["ok"]]
    refused = [a for a in answers if not a["ok"]]
    assert len(answers) == dots * len(phones)
    assert len(accepted) == dots
    assert {a["error"]["code"] for a in refused} == {"vote_budget_exhausted"}
    snapshot = two_servers[1].api("GET", f"/api/v1/workshops/{workshop['id']}")
    assert snapshot["dots_cast"] == dots
    for phone in phones:
        phone.close()


def disconnected(client: LiveClient) -> bool:
    return not client.sio.connected


def test_a_revocation_on_one_process_disconnects_sockets_on_the_other(
        two_servers: list[Server]) -> None:
    """Removing a phone and giving the board a new key, asked of process 1, close the phone's
    and the board's sockets held by process 2, through Redis; their next try is refused."""
    first, second = two_servers
    workshop, _idea_id = open_voting(first, dots=3)
    board_key = workshop["board_url"].rsplit("/", 1)[-1]
    phone = LiveClient.connect(second.base_url, {"token": workshop["token"]})
    board = LiveClient.connect(second.base_url, {"board_key": board_key})
    bystander = LiveClient.connect(second.base_url, {"api_token": second.api_token})
    for client in (phone, board, bystander):
        assert client.call("join", {"workshop_id": workshop["id"]})["ok"]
    participant_id = phone.call("join", {"workshop_id": workshop["id"]})["state"]["me"][
        "participant_id"]

    started = time.monotonic()
    removed = first.api("POST", f"/api/v1/workshops/{workshop['id']}/participants/remove",
                        {"participant_ids": [participant_id]})
    wait_until(lambda: disconnected(phone), what="the removed phone to be disconnected")
    phone_seconds = time.monotonic() - started
    started = time.monotonic()
    first.api("POST", f"/api/v1/workshops/{workshop['id']}/board-key")
    wait_until(lambda: disconnected(board), what="the old board to be disconnected")
    board_seconds = time.monotonic() - started

    assert removed == {"removed": 1}
    assert bystander.sio.connected, "a socket on another credential stays"
    with pytest.raises(socketio.exceptions.ConnectionError):
        LiveClient.connect(second.base_url, {"token": workshop["token"]})
    with pytest.raises(socketio.exceptions.ConnectionError):
        LiveClient.connect(second.base_url, {"board_key": board_key})
    print(f"disconnected across processes after {phone_seconds:.2f} s (phone) and "
          f"{board_seconds:.2f} s (board)")
    bystander.close()
