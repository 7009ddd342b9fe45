"""Property-based fuzzing of every socket event and every API endpoint (hypothesis).

Whatever arrives — wrong types, missing and extra fields, huge and empty strings, control
characters, lone surrogates, characters from every Unicode plane, NaN and infinities,
numbers past 64 bits, deeply nested JSON, unknown event names — the answer is `ok` or one of
the documented error codes, a refused call changes no row, nothing is logged as an error
(no unhandled exception), and the server goes on serving.

Socket events are taken from the handlers the server registered, API routes from
`app.url_map`, so a new event or endpoint is fuzzed without a change here.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import urllib.parse
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db, socketio
from app.services import clusters
from app.services.access import staff_principal
from app.services.errors import STATUS_BY_CODE
from app.services.staff import create_token
from tests.conftest import (
    board_socket,
    join_phone,
    make_staff,
    make_workshop,
    post_idea,
    staff_socket,
)

DOCUMENTED_CODES = frozenset(STATUS_BY_CODE)
DOCUMENTED_STATUSES = frozenset({200, 201, *STATUS_BY_CODE.values(), 405, 413, 415})
SETTINGS = settings(
    max_examples=int(os.environ.get("KOOSLOOME_FUZZ_EXAMPLES", "100")), deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large, HealthCheck.filter_too_much])
VOLATILE_COLUMNS = {"last_seen_at", "last_used_at", "last_login_at"}
SPECIAL_TEXT = [
    "", " ", "\t\n\r", "\x00", "a\x00b", "\x1b[31m", "\u202eevil", "\u200b", "\ufeff",
    "\ud800", "a\udfffb", "\uffff", "\U0010ffff", "\U000f0000", "😀" * 10, "𝕏𝔂𝔃",
    "õäöüšž ÕÄÖÜŠŽ", "Съешь же ещё", "<script>alert(1)</script>", "'; DROP TABLE votes; --",
    "%s%n%x", "${jndi:ldap://x}", "../../etc/passwd", "NaN", "null", "true", "0", "-1",
    "9" * 40, "x" * 3000, "ä" * 70_000, "\n" * 5000,
]


def text() -> st.SearchStrategy[str]:
    """Text from every plane (surrogates included), and the strings that break things."""
    return st.one_of(
        st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF,
                              exclude_categories=()), max_size=40),
        st.sampled_from(SPECIAL_TEXT))


def scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(), st.booleans(),
        st.integers(min_value=-(2 ** 70), max_value=2 ** 70),
        st.sampled_from([0, -1, 1, 2 ** 31, 2 ** 63, 2 ** 64, 10 ** 30]),
        st.floats(allow_nan=True, allow_infinity=True), text())


def nested(depth: int) -> Any:
    value: Any = "syvalt"
    for level in range(depth):
        value = [value] if level % 2 else {"x": value}
    return value


def json_values() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.recursive(scalars(), lambda inner: st.one_of(
            st.lists(inner, max_size=4), st.dictionaries(text(), inner, max_size=4)),
            max_leaves=10),
        st.integers(min_value=20, max_value=400).map(nested))


def payloads(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Any]:
    """Any JSON at all, or an object with some of the expected fields (plausible or not)
    and some that nobody expects."""
    plausible_or_not = {name: st.one_of(strategy, json_values())
                        for name, strategy in fields.items()}
    return st.one_of(
        json_values(),
        st.builds(lambda known, extra: {**extra, **known},
                  st.fixed_dictionaries({}, optional=plausible_or_not),
                  st.dictionaries(text(), json_values(), max_size=3)))


def fingerprint(app: Flask) -> str:
    """Every row of every table, minus the columns that only note when someone was seen."""
    db.session.rollback()
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    digest = hashlib.sha256()
    with closing(sqlite3.connect(path)) as connection:
        for (table,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')
                       if row[1] not in VOLATILE_COLUMNS]
            listed = ", ".join(f'"{c}"' for c in columns)
            for row in connection.execute(f'SELECT {listed} FROM "{table}" ORDER BY rowid'):
                digest.update(repr((table, row)).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def logged_errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [f"{r.name}: {r.getMessage()[:300]}" for r in caplog.records
            if r.levelno >= logging.ERROR]


# -- socket events --------------------------------------------------------------------------


@pytest.fixture
def live_room(app: Flask) -> dict[str, Any]:
    """A collecting workshop with a phone, a console and a board, and limits off (they would
    answer rate_limited, which is documented, but then nothing else would be fuzzed)."""
    app.extensions["koosloome_limits"].enabled = False
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting")
    phone = join_phone(app, workshop)
    ideas = [post_idea(phone, f"Mõte {n}")["id"] for n in range(3)]
    groups = [clusters.create_cluster(staff_principal(staff), {
        "workshop_id": workshop.id, "title": title}).id for title in ("Liikumine", "Seltskond")]
    return {"workshop": workshop.id, "ideas": ideas, "clusters": groups,
            "participant": phone.participant_id,
            "sockets": {"phone": phone.socket, "staff": staff_socket(app, staff),
                        "board": board_socket(app, workshop)},
            "phone_token": phone.token}


def socket_event_names() -> list[str]:
    return sorted(set(socketio.server.handlers["/"]) - {"connect", "disconnect", "*"})


def test_the_fuzzer_knows_every_event_the_server_registered(app):
    assert socket_event_names() == sorted([
        "ballot:add", "cluster:create", "cluster:delete", "cluster:update", "idea:approve",
        "idea:cluster", "idea:edit", "idea:hide", "idea:merge", "idea:post", "idea:reject",
        "idea:similar", "join", "participants:list", "participants:remove", "phase:set",
        "timer:set", "vote:cast", "vote:retract", "workshop:update"]), \
        "a new event: give it plausible fields in socket_calls()"


def mutated(valid: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[Any]:
    """A valid payload, often left alone, otherwise with fields dropped, replaced by any JSON
    value, or joined by fields nobody expects; now and then no object at all."""

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        payload = dict(draw(valid))
        for _ in range(draw(st.integers(min_value=0, max_value=3))):
            action = draw(st.sampled_from(["drop", "replace", "extra"]))
            if action == "drop" and payload:
                payload.pop(draw(st.sampled_from(sorted(payload))))
            elif action == "replace" and payload:
                payload[draw(st.sampled_from(sorted(payload)))] = draw(json_values())
            else:
                payload[draw(text())] = draw(json_values())
        return payload

    return st.one_of(build(), build(), build(), json_values())


def socket_calls(room: dict[str, Any]) -> st.SearchStrategy[tuple[str, str, Any]]:
    workshop = st.just(room["workshop"])
    idea = st.sampled_from(room["ideas"])
    cluster = st.sampled_from(room["clusters"])
    client_id = st.one_of(st.uuids().map(str), text())
    valid = {
        "join": st.fixed_dictionaries({"workshop_id": workshop}),
        "idea:post": st.fixed_dictionaries(
            {"text": text(), "client_id": client_id, "workshop_id": workshop},
            optional={"details": text(), "target_groups": st.lists(st.sampled_from(
                ["elderly", "disabled", "carers", "other"]), max_size=4)}),
        "idea:similar": st.fixed_dictionaries({"text": text()}),
        "vote:cast": st.fixed_dictionaries({"idea_id": idea, "client_id": client_id},
                                           optional={"participant_id": st.just(
                                               room["participant"])}),
        "vote:retract": st.fixed_dictionaries({"idea_id": idea},
                                              optional={"client_id": client_id}),
        "phase:set": st.fixed_dictionaries({"workshop_id": workshop, "phase": st.sampled_from(
            ["draft", "collecting", "grouping", "voting", "results", "closed"])}),
        "timer:set": st.fixed_dictionaries({"workshop_id": workshop,
                                            "seconds": st.integers(-10, 20_000)}),
        "idea:hide": st.fixed_dictionaries({"idea_id": idea},
                                           optional={"hidden": st.booleans()}),
        "idea:edit": st.fixed_dictionaries({"idea_id": idea}, optional={
            "text": text(), "details": text(), "target_groups": st.lists(text(), max_size=3)}),
        "idea:merge": st.fixed_dictionaries({"target_id": idea,
                                             "source_ids": st.lists(idea, max_size=3)}),
        "ballot:add": st.fixed_dictionaries({"workshop_id": workshop},
                                            optional={"name": text()}),
        "idea:approve": st.fixed_dictionaries({"workshop_id": workshop,
                                               "idea_ids": st.lists(idea, max_size=3)}),
        "idea:reject": st.fixed_dictionaries({"workshop_id": workshop,
                                              "idea_ids": st.lists(idea, max_size=3)}),
        "cluster:create": st.fixed_dictionaries({"workshop_id": workshop, "title": text()},
                                                optional={"idea_ids": st.lists(idea,
                                                                               max_size=3)}),
        "cluster:update": st.fixed_dictionaries({"cluster_id": cluster}, optional={
            "title": text(), "position": st.integers(-5, 100)}),
        "cluster:delete": st.fixed_dictionaries({"cluster_id": cluster}),
        "idea:cluster": st.fixed_dictionaries({"idea_ids": st.lists(idea, max_size=3),
                                               "cluster_id": st.one_of(cluster, st.none())}),
        "workshop:update": st.fixed_dictionaries({"workshop_id": workshop}, optional={
            "joining_open": st.booleans(), "title": text(),
            "expected_participants": st.one_of(st.none(), st.integers(-5, 20_000)),
            "paper_ballot_limit": st.integers(-5, 10_000)}),
        "participants:list": st.fixed_dictionaries({"workshop_id": workshop}),
        "participants:remove": st.fixed_dictionaries({"workshop_id": workshop}, optional={
            "participant_ids": st.lists(st.just(room["participant"]), max_size=2),
            "joined_after": st.one_of(text(), st.just("2999-01-01T00:00:00Z")),
            "inactive": st.booleans()}),
    }
    assert sorted(valid) == socket_event_names()
    known = st.sampled_from(socket_event_names()).flatmap(
        lambda name: st.tuples(st.just(name), mutated(valid[name])))
    unknown = st.tuples(st.one_of(text(), st.sampled_from([
        "connect", "disconnect", "connect_error", "message", "json", "*", "join ", "JOIN"])),
        json_values())
    return st.tuples(st.sampled_from(["phone", "staff", "board"]),
                     st.one_of(known, known, known, unknown)).map(
        lambda call: (call[0], *call[1]))


def test_every_socket_event_answers_ok_or_a_documented_code_and_refusals_change_nothing(
        app, live_room, caplog):
    sockets = live_room["sockets"]
    seen: dict[str, int] = {}

    @SETTINGS
    @given(call=socket_calls(live_room))
    def check(call: tuple[str, str, Any]) -> None:
        who, name, payload = call
        caplog.clear()
        socket = sockets[who]
        assert socket.is_connected(), f"the {who} socket was dropped by an earlier call"
        before = fingerprint(app)
        ack = socket.emit(name, payload, callback=True)
        socket.get_received()
        assert isinstance(ack, dict) and isinstance(ack.get("ok"), bool), (name, ack)
        if not ack["ok"]:
            error = ack["error"]
            assert error["code"] in DOCUMENTED_CODES, (name, ack)
            assert isinstance(error["message"], str) and error["message"], (name, ack)
            assert fingerprint(app) == before, f"{name} {payload!r} was refused but changed rows"
        outcome = "ok" if ack["ok"] else ack["error"]["code"]
        seen[outcome] = seen.get(outcome, 0) + 1
        assert logged_errors(caplog) == []

    check()
    print(f"\nsocket fuzz outcomes: {seen}")
    assert set(seen) >= {"ok", "invalid_input", "forbidden"}, seen
    # Still serving: a phone rejoins and everyone's join answers.
    for socket in sockets.values():
        assert socket.emit("join", {"workshop_id": live_room["workshop"]}, callback=True)["ok"]
    assert logged_errors(caplog) == []


def test_an_event_named_like_the_servers_own_handlers_is_an_unknown_event(app, live_room):
    """A phone naming its event "disconnect" used to reset its own rate limits (and
    "connect" re-identified the connection); now both are events the server does not know."""
    app.extensions["koosloome_limits"].enabled = True
    phone = live_room["sockets"]["phone"]
    for name in ("disconnect", "connect", "connect_error"):
        ack = phone.emit(name, {"token": live_room["phone_token"]}, callback=True)
        assert ack == {"ok": False, "error": {"code": "invalid_input", "field": "event",
                                              "message": ack["error"]["message"]}}
        assert phone.is_connected()
    posted = [phone.emit("idea:post", {"text": f"Üle piiri {n}", "client_id": f"flood-{n}"},
                         callback=True) for n in range(12)]
    phone.emit("disconnect", None, callback=True)
    after = [phone.emit("idea:post", {"text": f"Veel {n}", "client_id": f"more-{n}"},
                        callback=True) for n in range(3)]
    assert sum(a["ok"] for a in posted) == 10  # the burst; the fixture posted with limits off
    assert [a["error"]["code"] for a in after] == ["rate_limited"] * 3


# -- the HTTP API ---------------------------------------------------------------------------


@pytest.fixture
def api_world(app: Flask) -> dict[str, Any]:
    app.extensions["koosloome_limits"].enabled = False
    admin = make_staff("admin")
    workshop = make_workshop(admin, phase="collecting")
    phone = join_phone(app, workshop)
    ideas = [post_idea(phone, f"Mõte {n}")["id"] for n in range(2)]
    return {"ids": [workshop.id, workshop.seminar_id, *ideas],
            "code": workshop.code,
            "tokens": {"admin": create_token(admin.email),
                       "facilitator": create_token(make_staff("facilitator").email),
                       "participant": phone.token, "garbage": "kl_" + "z" * 40}}


def api_routes(app: Flask) -> list[tuple[str, str]]:
    return sorted((method, rule.rule) for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/api/")
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def path_for(rule: str, draw: st.DrawFn, ids: list[int]) -> str:
    """Fill a rule's variables: known ids, ids that do not exist, and text where text goes."""
    parts = []
    for piece in rule.replace(">", "<").split("<"):
        if piece.startswith("int:"):
            parts.append(str(draw(st.one_of(st.sampled_from(ids), st.sampled_from(
                [0, 999_999, 2 ** 63, 2 ** 64, 10 ** 30])))))
        elif piece in ("kind", "file_format"):
            parts.append(urllib.parse.quote(draw(st.one_of(
                st.sampled_from(["ideas", "proposals", "csv", "xlsx", "CSV", "exe"]), text()))
                .encode("utf-8", "surrogatepass"), safe=""))
        else:
            parts.append(piece)
    return "".join(parts)


@st.composite
def api_calls(draw: st.DrawFn, routes: list[tuple[str, str]], world: dict[str, Any]
              ) -> tuple[str, str, dict[str, Any]]:
    method, rule = draw(st.sampled_from(routes))
    path = path_for(rule, draw, world["ids"])
    keys = st.sampled_from(["lag_id", "seminar_id", "workshop_id", "state", "q", "page",
                            "per_page", "sort", "status", "fund", "overdue", "mine",
                            "target_group", "theme", "measure_id", "coordinator_id"])
    query = draw(st.dictionaries(st.one_of(keys, text()), text(), max_size=4))
    if query:
        path += "?" + urllib.parse.urlencode(
            {k.encode("utf-8", "surrogatepass"): v.encode("utf-8", "surrogatepass")
             for k, v in query.items()})
    who = draw(st.sampled_from(["admin", "facilitator", "participant", "garbage", None]))
    headers = {"Authorization": f"Bearer {world['tokens'][who]}"} if who else {}
    fields = {"code": st.one_of(st.just(world["code"]), text()), "title": text(),
              "phase": st.sampled_from(["collecting", "voting", "closed", "x"]),
              "seconds": st.integers(-5, 20_000), "name": text(), "lag_ids": json_values(),
              "idea_ids": st.lists(st.sampled_from(world["ids"]), max_size=3),
              "status": st.sampled_from(["developing", "approved", "x"]), "note": text(),
              "budget_total": st.one_of(text(), st.floats()), "settings": json_values()}
    body = draw(st.one_of(
        st.none(),
        payloads(fields).map(lambda v: ("json", v)),
        st.binary(max_size=200).map(lambda b: ("raw", b)),
        st.sampled_from([("raw", b"{"), ("raw", b'{"code": '), ("raw", b"\xff\xfe"),
                         ("raw", b"[" * 50_000 + b"]" * 50_000)]),
        st.dictionaries(text(), text(), max_size=3).map(lambda f: ("form", f))))
    options: dict[str, Any] = {"headers": headers}
    if body and body[0] == "json":
        options["data"] = json.dumps(body[1], ensure_ascii=True, allow_nan=True)
        options["content_type"] = draw(st.sampled_from(["application/json", "text/plain"]))
    elif body and body[0] == "raw":
        options["data"] = body[1]
        options["content_type"] = "application/json"
    elif body:
        options["data"] = {k.encode("utf-8", "surrogatepass"): v.encode("utf-8", "surrogatepass")
                           for k, v in body[1].items()}
    return method, path, options


def test_every_api_endpoint_answers_a_documented_status_and_refusals_change_nothing(
        app, client, api_world, caplog):
    routes = api_routes(app)
    seen: dict[int, int] = {}

    @SETTINGS
    @given(call=api_calls(routes, api_world))
    def check(call: tuple[str, str, dict[str, Any]]) -> None:
        method, path, options = call
        caplog.clear()
        before = fingerprint(app)
        response = client.open(path, method=method, **options)
        status = response.status_code
        seen[status] = seen.get(status, 0) + 1
        assert status in DOCUMENTED_STATUSES, (method, path, status, response.get_data()[:300])
        if status >= 400:
            body = response.get_json(silent=True)
            assert isinstance(body, dict), (method, path, status, response.get_data()[:300])
            assert body["error"]["code"] in DOCUMENTED_CODES, (method, path, body)
        if status >= 400 or method == "GET":
            assert fingerprint(app) == before, f"{method} {path} -> {status} changed rows"
        assert logged_errors(caplog) == []

    check()
    print(f"\nAPI fuzz statuses: {dict(sorted(seen.items()))}")
    assert {400, 401, 404} <= set(seen), seen
    assert client.get("/api/v1/seminars", headers={
        "Authorization": f"Bearer {api_world['tokens']['admin']}"}).status_code == 200
    assert logged_errors(caplog) == []


def test_a_request_body_over_max_content_length_is_refused_unread(app, client):
    response = client.post("/api/v1/join", data=b"{" + b" " * (1024 * 1024) + b"}",
                           content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "invalid_input"


def test_the_fuzzers_documented_codes_are_the_documented_ones():
    documented = Path(__file__).resolve().parents[2] / "docs" / "api.md"
    table = documented.read_text()
    for code in DOCUMENTED_CODES:
        assert f"`{code}`" in table, f"{code} is answered but not in docs/api.md"
