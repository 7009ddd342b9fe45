"""The baseline: a bare Flask-SocketIO server on eventlet that only acknowledges and broadcasts.

It speaks just enough of Koosloome's public interface (the same HTTP paths, socket event
names and payload shapes) for the load harness to drive it unchanged, but it keeps
everything in memory, has no database, no templates, no authorization beyond a lookup,
and no coalescing: every dot is broadcast to the board's room at once, every idea to the
board's and the phones' rooms. What Koosloome costs on top of this is what our code costs.

    python tests/perf/baseline_server.py --port 5100
"""

from __future__ import annotations

import eventlet

eventlet.monkey_patch()

import argparse  # noqa: E402
import itertools  # noqa: E402
import resource  # noqa: E402
import secrets  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from typing import Any  # noqa: E402

from flask import Flask, Response, jsonify, request, session  # noqa: E402
from flask_socketio import ConnectionRefusedError, SocketIO, emit, join_room  # noqa: E402

app = Flask(__name__)
app.config["SECRET_KEY"] = "baseline"
socketio = SocketIO(app, async_mode="eventlet", ping_interval=20, ping_timeout=20)

STAFF_TOKEN = "kl_baseline"
WORKSHOP_ID = 1
BOARD_KEY = "baseline-board-key"
CODE = "BASE01"
_ids = itertools.count(1)
_seq = itertools.count(1)
phase = "draft"
participants: dict[str, int] = {}  # token -> participant id
ideas: dict[int, dict[str, Any]] = {}
# Keyed as the clients send them: a client id and an idea id are whatever the payload holds.
idea_by_client: dict[tuple[int, Any], int] = {}
vote_by_client: dict[tuple[int, Any], tuple[Any, int]] = {}
dots: dict[int, Counter[Any]] = defaultdict(Counter)  # participant -> idea -> dots
tally: Counter[Any] = Counter()
DOTS, MAX_PER_IDEA = 3, 3

PAGE = ("<!doctype html><html lang=et><meta charset=utf-8><title>Baseline</title>"
        "<p>Baseline phone page</p></html>")


def _staff() -> bool:
    return request.headers.get("Authorization", "") == f"Bearer {STAFF_TOKEN}"


@app.get("/healthz")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.post("/api/v1/seminars")
def seminar() -> tuple[Response, int]:
    return jsonify({"id": 1}), 201


@app.post("/api/v1/seminars/<int:seminar_id>/workshops")
def workshop(seminar_id: int) -> tuple[Response, int]:
    global DOTS, MAX_PER_IDEA
    data = request.get_json()
    DOTS = int(data.get("dots_per_participant", 3))
    MAX_PER_IDEA = int(data.get("max_dots_per_idea", 3))
    return jsonify({"id": WORKSHOP_ID, "code": CODE, "phase": phase,
                    "join_url": f"{request.host_url}j/{CODE}",
                    "board_url": f"{request.host_url}board/{BOARD_KEY}"}), 201


@app.post("/api/v1/workshops/<int:workshop_id>/phase")
def set_phase(workshop_id: int) -> Response:
    global phase
    phase = request.get_json()["phase"]
    socketio.emit("phase", {"seq": next(_seq), "phase": phase}, to="all")
    return jsonify({"id": workshop_id, "phase": phase})


@app.get("/api/v1/workshops/<int:workshop_id>/ideas")
def list_ideas(workshop_id: int) -> Response:
    return jsonify({"ideas": [{**idea, "votes": tally[idea_id]}
                              for idea_id, idea in sorted(ideas.items())]})


@app.post("/api/v1/join")
def join_http() -> tuple[Response, int]:
    token = secrets.token_urlsafe(24)
    participants[token] = next(_ids)
    return jsonify({"participant_id": participants[token], "token": token,
                    "workshop_id": WORKSHOP_ID}), 201


@app.get("/j/<code>")
def phone_page(code: str) -> str:
    return PAGE


@socketio.on("connect")
def connect(auth: Any = None) -> None:
    auth = auth if isinstance(auth, dict) else {}
    if auth.get("board_key") == BOARD_KEY:
        session["who"] = "board"
    elif auth.get("api_token") == STAFF_TOKEN:
        session["who"] = "staff"
    elif auth.get("token") in participants:
        session["who"] = "phone"
        session["pid"] = participants[auth["token"]]
    else:
        raise ConnectionRefusedError({"code": "unauthenticated"})


@socketio.on("join")
def join(data: Any) -> dict[str, Any]:
    join_room(session["who"])
    join_room("all")
    return {"ok": True, "seq": 0, "state": {"phase": phase}}


@socketio.on("phase:set")
def phase_set(data: dict[str, Any]) -> dict[str, Any]:
    global phase
    if session.get("who") != "staff":
        return {"ok": False, "error": {"code": "forbidden", "message": ""}}
    phase = data["phase"]
    seq = next(_seq)
    emit("phase", {"seq": seq, "phase": phase}, to="all")
    return {"ok": True, "phase": phase, "seq": seq}


@socketio.on("idea:post")
def idea_post(data: dict[str, Any]) -> dict[str, Any]:
    key = (session.get("pid", 0), data.get("client_id"))
    if key in idea_by_client:
        return {"ok": True, "idea": ideas[idea_by_client[key]], "duplicate": True}
    idea_id = len(ideas) + 1
    idea = {"id": idea_id, "workshop_id": WORKSHOP_ID, "text": data.get("text", ""),
            "target_groups": data.get("target_groups", [])}
    ideas[idea_id] = idea
    idea_by_client[key] = idea_id
    payload = {"seq": next(_seq), "workshop_id": WORKSHOP_ID, "idea": idea}
    emit("idea:added", payload, to="board")
    emit("idea:added", payload, to="staff")
    emit("idea:added", payload, to="phone")
    return {"ok": True, "idea": idea, "duplicate": False}


@socketio.on("vote:cast")
def vote_cast(data: dict[str, Any]) -> dict[str, Any]:
    pid, idea_id = session.get("pid", 0), data.get("idea_id")
    mine = dots[pid]
    key = (pid, data.get("client_id"))
    if key in vote_by_client:
        idea_id, _ = vote_by_client[key]
        return {"ok": True, "idea_id": idea_id, "votes_left": DOTS - sum(mine.values()),
                "my_votes": mine[idea_id]}
    if sum(mine.values()) >= DOTS:
        return {"ok": False, "error": {"code": "vote_budget_exhausted", "message": ""}}
    if mine[idea_id] >= MAX_PER_IDEA:
        return {"ok": False, "error": {"code": "idea_vote_limit", "message": ""}}
    mine[idea_id] += 1
    tally[idea_id] += 1
    vote_by_client[key] = (idea_id, 1)
    # No coalescing: one broadcast per dot.
    emit("tally", {"seq": 0, "workshop_id": WORKSHOP_ID,
                   "votes": {str(idea_id): tally[idea_id]},
                   "dots_cast": sum(tally.values())}, to="board")
    return {"ok": True, "idea_id": idea_id, "votes_left": DOTS - sum(mine.values()),
            "my_votes": mine[idea_id]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5100)
    args = parser.parse_args()
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    # The same connection cap as `koosloome serve`, so eventlet's default of 1,024 limits neither.
    socketio.run(app, host=args.host, port=args.port, log_output=False,
                 max_size=max(100, min(20000, hard - 64)))


if __name__ == "__main__":
    main()
