"""Simulated phones, one board and one facilitator over real WebSockets, and the storms.

Everything goes through the public interface (docs/api.md): the HTTP API to set up the
workshop and to join, the phone page and its static files, and Socket.IO events with
acks. The database truth at the end comes from `GET /api/v1/workshops/ID/ideas` as staff.

Times are taken with one clock in this one process, so "board lag" (from the moment a
phone has its ack to the moment the board has the change) needs no clock sync. This
process competes with the server for the machine's cores; its own CPU use is reported
beside the server's.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import gc
import random
import re
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
import socketio

from .procstat import Usage
from .servers import Target

now = time.perf_counter
# How long a screen holds an early event waiting for the ones before it (GAP_WAIT_MS in
# static/js/sequence.js) before it asks for a fresh snapshot.
GAP_WAIT = 1.0

IDEA_WORDS = ("küla", "buss", "eakad", "hooldus", "kogukond", "toidu", "kojuvedu", "abi",
              "naabri", "raamatukogu", "transport", "ligipääs", "kaugtöö", "seltsimaja")


@dataclass
class Settings:
    phones: int = 100
    dots: int = 3
    max_per_idea: int = 2
    idea_window: float = 30.0  # every phone posts one idea at a random moment within this
    vote_window: float = 10.0  # every phone spends all its dots within this
    retry_share: float = 0.05  # actions sent again with the same client_id (a lost ack)
    double_tap_share: float = 0.05  # phones that send all their dots and one more at once
    reconnect_share: float = 1 / 3
    call_timeout: float = 20.0
    settle_timeout: float = 30.0
    http_connections: int = 0  # 0: no limit, every phone opens its own connections
    # Browsers offer permessage-deflate on every WebSocket, and the server takes it: each
    # message to a phone is then compressed for that phone.
    websocket_compression: bool = True
    seed: int = 1


def percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.4999)))
    return ordered[rank - 1]


@dataclass
class Result:
    """The figures of one scenario against one target."""

    scenario: str
    target: str
    phones: int
    actions: int = 0
    acks: list[float] = field(default_factory=list)  # seconds, every acknowledged call
    lags: list[float] = field(default_factory=list)  # seconds, ack -> board
    messages: int = 0
    duration: float = 0.0  # from the first action to the last ack
    server_cpu_percent: float = 0.0
    harness_cpu_percent: float = 0.0
    other_cpu_percent: float = 0.0  # other processes on the machine meanwhile
    steal_percent: float = 0.0  # the hypervisor running other guests on these cores
    peak_rss_mb: float = 0.0
    lost: int = 0
    duplicated: int = 0
    over_budget: int = 0
    errors: int = 0
    timeouts: int = 0
    checks: dict[str, bool] = field(default_factory=dict)
    notes: dict[str, Any] = field(default_factory=dict)

    def ack_ms(self, share: float) -> float | None:
        value = percentile(self.acks, share)
        return None if value is None else value * 1000

    def lag_ms(self, share: float) -> float | None:
        value = percentile(self.lags, share)
        return None if value is None else value * 1000

    @property
    def messages_per_second(self) -> float:
        return self.messages / self.notes.get("wall", self.duration or 1)

    @property
    def correct(self) -> bool:
        return not (self.lost or self.duplicated or self.over_budget or self.errors) and all(
            self.checks.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "target": self.target, "phones": self.phones,
            "actions": self.actions, "acks": len(self.acks),
            "ack_ms": {f"p{int(s * 100)}": self.ack_ms(s) for s in (0.5, 0.95, 0.99, 1.0)},
            "lag_ms": {f"p{int(s * 100)}": self.lag_ms(s) for s in (0.5, 0.95, 0.99, 1.0)},
            "messages_per_second": self.messages_per_second, "duration_s": self.duration,
            "server_cpu_percent": self.server_cpu_percent,
            "harness_cpu_percent": self.harness_cpu_percent,
            "other_cpu_percent": self.other_cpu_percent, "steal_percent": self.steal_percent,
            "peak_rss_mb": self.peak_rss_mb,
            "lost": self.lost, "duplicated": self.duplicated, "over_budget": self.over_budget,
            "errors": self.errors, "timeouts": self.timeouts, "checks": self.checks,
            "notes": self.notes,
        }


class CallFailed(Exception):
    pass


class Client:
    """One Socket.IO connection over a real WebSocket."""

    def __init__(self, run: Run, auth: dict[str, Any]) -> None:
        self.run = run
        self.auth = auth
        self.sio = self.new_socket()
        self.leaving = False
        self.last_seq = 0
        self.gaps = 0  # events that arrived before one with a lower seq
        self.resyncs = 0  # gaps that stayed open past GAP_WAIT
        self.ahead: dict[int, tuple[str, Any]] = {}
        self.gap_check: asyncio.TimerHandle | None = None

    def new_socket(self) -> socketio.AsyncClient:
        """A fresh Socket.IO client for this screen, its events routed here."""
        sio = self.run.new_socket()
        sio.on("*", self._on_event)
        sio.on("disconnect", self._on_disconnect)
        return sio

    def _on_event(self, event: str, data: Any = None) -> None:
        self.run.messages += 1
        if event == "batch" and isinstance(data, dict):  # several phone events in one message
            for name, payload in data.get("events") or []:
                self._apply(name, payload)
            return
        self._apply(event, data)

    def _on_disconnect(self, *_reason: Any) -> None:
        if not self.leaving:
            self.run.dropped += 1

    def _apply(self, event: str, data: Any) -> None:
        """Take events in seq order, as the screens' sequencer (static/js/sequence.js) does:
        one that comes early is held until those before it arrive; a gap still open after
        GAP_WAIT seconds counts as a resync (a screen would ask for a fresh snapshot), and
        what was held is then taken in order."""
        if not (isinstance(data, dict) and event != "tally" and isinstance(data.get("seq"), int)):
            self.received(event, data)
            return
        seq = data["seq"]
        if self.last_seq and seq <= self.last_seq:
            return  # already applied (or older than the snapshot)
        if self.last_seq and seq > self.last_seq + 1:
            self.gaps += 1
            self.ahead[seq] = (event, data)
            if self.gap_check is None:
                self.gap_check = asyncio.get_running_loop().call_later(GAP_WAIT,
                                                                       self._gap_timeout)
            return
        self.last_seq = seq
        self.received(event, data)
        self._drain()

    def _drain(self) -> None:
        while self.last_seq + 1 in self.ahead:
            self.last_seq += 1
            self.received(*self.ahead.pop(self.last_seq))
        if not self.ahead and self.gap_check is not None:
            self.gap_check.cancel()
            self.gap_check = None

    def _gap_timeout(self) -> None:
        self.gap_check = None
        if not self.ahead:
            return
        self.resyncs += 1
        for seq in sorted(self.ahead):
            self.last_seq = seq
            self.received(*self.ahead.pop(seq))

    def received(self, event: str, data: Any) -> None:
        pass

    async def connect(self, url: str) -> None:
        await self.sio.connect(url, auth=self.auth, transports=["websocket"],
                               wait_timeout=self.run.settings.call_timeout)
        # python-engineio's client gives up on a connection on which it has had nothing to
        # send for pingInterval + 5 s (its write loop), which a browser never does: while
        # one harness process decodes what a thousand phones receive, a server ping can wait
        # longer than that in its own queue. Let the write side wait a minute, as the read
        # side (pingInterval + pingTimeout) still watches for a dead server.
        self.sio.eio.ping_timeout = max(self.sio.eio.ping_timeout, 55)

    async def call(self, event: str, data: dict[str, Any], attempts: int = 3,
                   timeout: float | None = None) -> tuple[dict[str, Any], float, float]:
        """Emit and wait for the ack; on a time-out send the same again (the same client_id
        makes that safe). Returns the ack and when it was sent and answered."""
        started = now()
        for attempt in range(attempts):
            self.run.messages += 1
            try:
                ack = await self.sio.call(event, data,
                                          timeout=timeout or self.run.settings.call_timeout)
            except socketio.exceptions.TimeoutError:
                self.run.timeouts += 1
                if attempt == attempts - 1:
                    raise CallFailed(f"{event}: no ack") from None
                continue
            self.run.messages += 1
            if not isinstance(ack, dict):
                raise CallFailed(f"{event}: odd ack {ack!r}")
            return ack, started, now()
        raise AssertionError("unreachable")

    async def join(self, workshop_id: int) -> tuple[dict[str, Any], float, float]:
        ack, sent, answered = await self.call("join", {"workshop_id": workshop_id})
        if not ack.get("ok"):
            raise CallFailed(f"join refused: {ack}")
        self.last_seq = max(self.last_seq, int(ack.get("seq") or 0))
        for seq in [seq for seq in self.ahead if seq <= self.last_seq]:
            del self.ahead[seq]  # the snapshot holds them
        self._drain()
        return ack, sent, answered

    def drop(self) -> None:
        """Lose the connection the way a sleeping phone does: no goodbye, the TCP just ends."""
        self.leaving = True
        try:
            self.sio.eio.ws._conn.transport.abort()
        except AttributeError:
            asyncio.ensure_future(self.sio.disconnect())

    async def close(self) -> None:
        self.leaving = True
        with contextlib.suppress(Exception):  # closing anyway
            await asyncio.wait_for(self.sio.disconnect(), 5)


class Board(Client):
    """The projected board: records when each idea and each tally arrived."""

    def __init__(self, run: Run, auth: dict[str, Any]) -> None:
        super().__init__(run, auth)
        self.idea_seen: dict[int, float] = {}
        self.idea_order: list[int] = []
        self.seqs: list[int] = []
        self.votes: dict[str, int] = {}
        self.history: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.dots_cast: int | None = None
        self.participants: int | None = None
        self.tallies = 0
        self.phases: list[str] = []

    def received(self, event: str, data: Any) -> None:
        if not isinstance(data, dict):
            return
        t = now()
        if event != "tally" and isinstance(data.get("seq"), int):
            self.seqs.append(data["seq"])
        if event == "idea:added" and isinstance(data.get("idea"), dict):
            idea_id = data["idea"]["id"]
            self.idea_seen.setdefault(idea_id, t)
            self.idea_order.append(idea_id)
        elif event == "phase":
            self.phases.append(data.get("phase", ""))
        elif event == "tally":
            self.tallies += 1
            for idea_id, count in (data.get("votes") or {}).items():
                if self.votes.get(idea_id) != count:
                    self.votes[idea_id] = count
                    self.history[idea_id].append((count, t))
            if "dots_cast" in data:
                self.dots_cast = data["dots_cast"]
            if "participants" in data:
                self.participants = data["participants"]

    def first_seen_with(self, idea_id: int, count: int) -> float | None:
        """When the board first showed at least `count` dots on the idea."""
        history = self.history.get(str(idea_id), [])
        counts = [c for c, _t in history]
        # Counts only grow during a storm (no dot is taken back), so the first entry at or
        # over `count` is found by bisection; fall back to a scan should they not.
        index = bisect.bisect_left(counts, count)
        if counts == sorted(counts):
            return history[index][1] if index < len(history) else None
        for c, t in history:
            if c >= count:
                return t
        return None


class Phone(Client):
    def __init__(self, run: Run, index: int, token: str, participant_id: int) -> None:
        super().__init__(run, {"token": token})
        self.index = index
        self.token = token
        self.participant_id = participant_id
        self.votes: dict[str, int] = {}  # acknowledged client_id -> idea id
        self.phase = ""

    def received(self, event: str, data: Any) -> None:
        if event in ("phase", "state") and isinstance(data, dict):
            self.phase = data.get("phase") or data.get("workshop", {}).get("phase", "")


class Run:
    """One workshop on one target, with its phones, board and facilitator."""

    def __init__(self, target: Target, settings: Settings) -> None:
        self.target = target
        self.settings = settings
        self.random = random.Random(settings.seed)
        self.messages = 0
        self.timeouts = 0
        self.dropped = 0  # connections the server (or an overloaded harness) lost
        self.phones: list[Phone] = []
        self.ideas: list[int] = []
        self.workshop: dict[str, Any] = {}
        self.on_result: Any = None  # called with each scenario's result as soon as it is done
        # The baseline keeps no participants' state: its checks are only what it can answer.
        self.strict = target.name != "baseline"

    def new_socket(self) -> socketio.AsyncClient:
        """A Socket.IO client over a WebSocket that asks for what a browser asks for."""
        extra = {"compress": 15} if self.settings.websocket_compression else {}
        return socketio.AsyncClient(reconnection=False, http_session=self.ws_session,
                                    request_timeout=self.settings.call_timeout,
                                    websocket_extra_options=extra)

    async def __aenter__(self) -> Run:
        limit = self.settings.http_connections
        self.http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=limit, limit_per_host=limit),
            timeout=aiohttp.ClientTimeout(total=60), cookie_jar=aiohttp.DummyCookieJar())
        self.ws_session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=0), cookie_jar=aiohttp.DummyCookieJar())
        seminar = await self.api("POST", "/api/v1/seminars", {"title": "Koormustest",
                                                               "kind": "info_day"})
        self.workshop = await self.api("POST", f"/api/v1/seminars/{seminar['id']}/workshops", {
            "title": "Suur saal", "prompt": "Kuidas võiksime eakatel aidata?",
            "dots_per_participant": self.settings.dots,
            "max_dots_per_idea": self.settings.max_per_idea, "idea_max_length": 280})
        self.workshop_id = int(self.workshop["id"])
        self.code = self.workshop["code"]
        board_key = self.workshop["board_url"].rstrip("/").rsplit("/", 1)[-1]
        # The board on the last process and the facilitator on the first: with several
        # processes, what they see has crossed the message queue.
        self.board = Board(self, {"board_key": board_key})
        await self.board.connect(self.target.urls[-1])
        await self.board.join(self.workshop_id)
        self.facilitator = Client(self, {"api_token": self.target.api_token})
        await self.facilitator.connect(self.target.urls[0])
        await self.facilitator.join(self.workshop_id)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await asyncio.gather(*(c.close() for c in [*self.phones, self.board, self.facilitator]))
        await self.http.close()
        await self.ws_session.close()

    async def api(self, method: str, path: str, payload: dict[str, Any] | None = None,
                  token: str | None = None) -> Any:
        async with self.http.request(
                method, self.target.urls[0] + path, json=payload,
                headers={"Authorization": f"Bearer {token or self.target.api_token}"}) as response:
            if response.status >= 400:
                raise CallFailed(f"{method} {path}: {response.status} {await response.text()}")
            return await response.json()

    async def set_phase(self, phase: str) -> float:
        """Move the workshop on; returns how long until every phone had heard of it."""
        await self.ensure_watchers()
        started = now()
        # Once, with time to spare: a phase change is not idempotent (sent again after a slow
        # ack it would be refused as a transition to the phase the workshop is already in).
        ack, _sent, _answered = await self.facilitator.call(
            "phase:set", {"workshop_id": self.workshop_id, "phase": phase}, attempts=1,
            timeout=max(60.0, self.settings.call_timeout))
        if not ack.get("ok"):
            raise CallFailed(f"phase:set {phase}: {ack}")
        deadline = started + self.settings.settle_timeout
        while now() < deadline and not all(p.phase == phase for p in self.phones):
            await asyncio.sleep(0.05)
        return now() - started

    async def database_counts(self) -> tuple[dict[int, int], list[dict[str, Any]]]:
        """The truth: the ideas and their dots as staff see them through the API."""
        ideas = (await self.api("GET", f"/api/v1/workshops/{self.workshop_id}/ideas"))["ideas"]
        return {int(i["id"]): int(i.get("votes") or 0) for i in ideas}, ideas

    async def wait_until(self, condition: Any, timeout: float | None = None) -> bool:
        deadline = now() + (timeout or self.settings.settle_timeout)
        while now() < deadline:
            if condition():
                return True
            await asyncio.sleep(0.02)
        return bool(condition())

    async def ensure_watchers(self) -> None:
        """Board and facilitator reconnect and resync if they were dropped, as their pages do."""
        for client, url in ((self.board, self.target.urls[-1]),
                            (self.facilitator, self.target.urls[0])):
            if not client.sio.connected:
                client.sio = client.new_socket()
                await client.connect(url)
                await client.join(self.workshop_id)

    def start(self, scenario: str) -> tuple[Result, Usage, int, int]:
        if self.on_result:
            print(f"-- {scenario}: {self.settings.phones} phones, {self.target.name} …", flush=True)
        result = Result(scenario, self.target.name, self.settings.phones)
        self._dropped_before = self.dropped
        # The harness's own cyclic garbage collector stays off while a storm is measured, as
        # timeit's does, and runs between storms: with a thousand clients in this process
        # its full collections took 150-230 ms, and every ack and tally that came in
        # meanwhile was measured that much late, as if the server had been slow.
        gc.collect()
        gc.freeze()
        gc.disable()
        return result, Usage(self.target.pids).start(), self.messages, self.timeouts

    def finish(self, result: Result, usage: Usage, messages: int, timeouts: int) -> Result:
        usage.stop()
        gc.enable()
        gc.unfreeze()
        result.messages = self.messages - messages
        result.timeouts = self.timeouts - timeouts
        result.server_cpu_percent = usage.server_cpu_percent
        result.harness_cpu_percent = usage.harness_cpu_percent
        result.other_cpu_percent = usage.other_cpu_percent
        result.steal_percent = usage.steal_percent
        result.peak_rss_mb = usage.peak_rss
        result.notes["wall"] = round(usage.wall, 3)
        result.notes["connections dropped"] = self.dropped - self._dropped_before
        if self.on_result:
            self.on_result(result)
        return result

    # -- join storm ---------------------------------------------------------------------

    async def _fetch(self, url: str) -> tuple[int, str]:
        async with self.http.get(url, headers={"Accept-Encoding": "gzip"}) as response:
            return response.status, await response.text()

    async def _load_page(self, base: str, token: str) -> list[int]:
        """Load the phone page and everything it pulls in, as a phone with an empty cache."""
        statuses = []
        async with self.http.get(f"{base}/j/{self.code}", headers={
                "Cookie": f"koosloome_p{self.workshop_id}={token}",
                "Accept-Encoding": "gzip"}) as response:
            statuses.append(response.status)
            html = await response.text()
        seen: set[str] = set()
        pending = [urljoin(base + "/", path) for path in page_assets(html)]
        while pending and len(seen) < 50:
            batch = [url for url in dict.fromkeys(pending) if url not in seen]
            seen.update(batch)
            pending = []
            answers = await asyncio.gather(*(self._fetch(url) for url in batch))
            for url, (status, body) in zip(batch, answers, strict=True):
                statuses.append(status)
                if url.split("?")[0].endswith(".js") and status == 200:
                    pending += [urljoin(url, path) for path in module_imports(body)]
        return statuses

    async def join_storm(self, load_page: bool = True) -> Result:
        """Every phone joins at once: POST /api/v1/join, the phone page, the socket, `join`."""
        result, usage, messages, timeouts = self.start("join storm")
        count = self.settings.phones
        statuses: Counter[int] = Counter()
        arrived: list[float] = []
        started = now()

        async def arrive(index: int) -> Phone:
            base = self.target.url(index)
            async with self.http.post(base + "/api/v1/join", json={
                    "code": self.code, "name": f"Telefon {index}"}) as response:
                if response.status != 201:
                    raise CallFailed(f"join: {response.status}")
                joined = await response.json()
            if load_page:
                statuses.update(await self._load_page(base, joined["token"]))
            phone = Phone(self, index, joined["token"], joined["participant_id"])
            await phone.connect(base)
            _ack, sent, answered = await phone.join(self.workshop_id)
            result.acks.append(answered - sent)
            arrived.append(answered - started)
            return phone

        outcomes = await asyncio.gather(*(arrive(i) for i in range(count)),
                                        return_exceptions=True)
        self.phones = [p for p in outcomes if isinstance(p, Phone)]
        failures = [o for o in outcomes if not isinstance(o, Phone)]
        result.errors = len(failures)
        result.actions = count
        result.duration = max(arrived) if arrived else now() - started
        # The board learns the head count from the tally; it should reach every phone.
        if self.strict:
            settled = await self.wait_until(
                lambda: self.board.participants == len(self.phones), 10)
            result.checks["board counts every phone"] = settled
        result.checks["every phone joined"] = not failures
        result.notes["all joined in s"] = round(result.duration, 2)
        result.notes["phones with a compressed websocket"] = sum(
            1 for phone in self.phones if getattr(phone.sio.eio.ws, "compress", 0))
        result.notes["http statuses"] = dict(statuses)
        if failures:
            result.notes["first failures"] = sorted({repr(f)[:160] for f in failures})[:3]
        return self.finish(result, usage, messages, timeouts)

    # -- idea storm ---------------------------------------------------------------------

    async def idea_storm(self) -> Result:
        """Every phone posts one idea at a random moment within the idea window."""
        await self.set_phase("collecting")
        result, usage, messages, timeouts = self.start("idea storm")
        window = self.settings.idea_window
        acked: dict[int, float] = {}
        texts: dict[int, str] = {}
        retry_mismatch = 0
        started = now()

        async def post(phone: Phone, delay: float, retry: bool) -> None:
            nonlocal retry_mismatch
            await asyncio.sleep(delay)
            words = " ".join(self.random.choice(IDEA_WORDS) for _ in range(12))
            text = f"Idee {phone.index}: {words}"
            payload = {"text": text, "target_groups": ["elderly"], "client_id": uuid.uuid4().hex}
            ack, sent, answered = await phone.call("idea:post", payload)
            result.acks.append(answered - sent)
            if not ack.get("ok"):
                raise CallFailed(f"idea:post refused: {ack}")
            idea_id = int(ack["idea"]["id"])
            acked[idea_id] = answered
            texts[idea_id] = text
            if retry:  # the ack "got lost": the same again must be the same idea
                again, sent, answered = await phone.call("idea:post", payload)
                result.acks.append(answered - sent)
                if again.get("idea", {}).get("id") != idea_id or not again.get("duplicate"):
                    retry_mismatch += 1

        share = self.settings.retry_share
        outcomes = await asyncio.gather(*(
            post(phone, self.random.uniform(0, window), self.random.random() < share)
            for phone in self.phones), return_exceptions=True)
        result.duration = now() - started
        result.errors = sum(1 for o in outcomes if isinstance(o, BaseException))
        result.actions = len(self.phones)
        await self.wait_until(lambda: all(i in self.board.idea_seen for i in acked))
        self.ideas = sorted(acked)
        on_board = [i for i in acked if i in self.board.idea_seen]
        result.lags = [max(0.0, self.board.idea_seen[i] - acked[i]) for i in on_board]
        counts, stored = await self.database_counts()
        stored_texts = Counter(i["text"] for i in stored)
        result.lost = len(set(acked) - set(counts)) + len(set(acked) - set(on_board))
        result.duplicated = retry_mismatch + sum(stored_texts[t] - 1 for t in texts.values()
                                                 if stored_texts[t] > 1)
        seqs = self.board.seqs
        order = [i for i in self.board.idea_order if i in acked]
        result.checks["all ideas on the board"] = len(on_board) == len(acked)
        result.checks["board got them in order"] = (
            seqs == list(range(seqs[0], seqs[0] + len(seqs))) if seqs else True
        ) and order == sorted(order)
        result.notes["phones with events out of order"] = sum(1 for p in self.phones if p.gaps)
        result.notes["phones that had to resync"] = sum(1 for p in self.phones if p.resyncs)
        result.notes["board resyncs"] = self.board.resyncs
        return self.finish(result, usage, messages, timeouts)

    # -- vote storm ---------------------------------------------------------------------

    def _plan(self, weights: list[float]) -> list[int]:
        """The ideas one phone gives its dots to: popular ones more often, within the limit."""
        picks: Counter[int] = Counter()
        plan: list[int] = []
        for _attempt in range(1000):
            if len(plan) == self.settings.dots:
                break
            idea_id = self.random.choices(self.ideas, weights)[0]
            if picks[idea_id] < self.settings.max_per_idea:
                picks[idea_id] += 1
                plan.append(idea_id)
        return plan

    async def vote_storm(self) -> Result:
        """Every phone spends all its dots within the vote window, and tries one more."""
        phase_s = await self.set_phase("voting")
        result, usage, messages, timeouts = self.start("vote storm")
        result.notes["voting phase reached every phone in s"] = round(phase_s, 2)
        settings = self.settings
        weights = [1 / (rank + 1) ** 0.7 for rank in range(len(self.ideas))]
        acks_by_idea: dict[int, list[float]] = defaultdict(list)
        refused: Counter[str] = Counter()
        extra_accepted = 0
        retry_mismatch = 0
        started = now()

        async def cast(phone: Phone, idea_id: int, retry: bool, extra: bool = False) -> None:
            nonlocal extra_accepted, retry_mismatch
            client_id = uuid.uuid4().hex
            payload = {"idea_id": idea_id, "client_id": client_id}
            ack, sent, answered = await phone.call("vote:cast", payload)
            result.acks.append(answered - sent)
            if not ack.get("ok"):
                refused[str(ack.get("error", {}).get("code", "?"))] += 1
                return
            if extra:
                extra_accepted += 1
            phone.votes[client_id] = idea_id
            acks_by_idea[idea_id].append(answered)
            if retry:
                again, sent, answered = await phone.call("vote:cast", payload)
                result.acks.append(answered - sent)
                if not again.get("ok") or again.get("idea_id") != idea_id:
                    retry_mismatch += 1

        async def voter(phone: Phone) -> None:
            plan = self._plan(weights)
            spare = [i for i in self.ideas if i not in plan][:1] or plan[:1]
            if self.random.random() < settings.double_tap_share:
                # All dots and one more at the same instant: the budget must hold in the DB.
                await asyncio.sleep(self.random.uniform(0, settings.vote_window * 0.8))
                await asyncio.gather(*(cast(phone, i, False) for i in plan),
                                     cast(phone, spare[0], False, extra=True))
                return
            moments = sorted(self.random.uniform(0, settings.vote_window * 0.9)
                             for _ in plan)
            for idea_id, moment in zip(plan, moments, strict=True):
                await asyncio.sleep(max(0.0, started + moment - now()))
                await cast(phone, idea_id, self.random.random() < settings.retry_share)
            await cast(phone, spare[0], False, extra=True)  # over the budget: refused

        outcomes = await asyncio.gather(*(voter(p) for p in self.phones),
                                        return_exceptions=True)
        result.duration = now() - started
        result.errors = sum(1 for o in outcomes if isinstance(o, BaseException))
        expected: Counter[int] = Counter()
        for phone in self.phones:
            expected.update(phone.votes.values())
        total = sum(expected.values())
        result.actions = total
        await self.wait_until(lambda: self.board.dots_cast == total and all(
            self.board.votes.get(str(i), 0) >= n for i, n in expected.items()))
        counts, _stored = await self.database_counts()
        result.lost = sum(max(0, n - counts.get(i, 0)) for i, n in expected.items())
        result.duplicated = retry_mismatch + sum(max(0, counts.get(i, 0) - expected[i])
                                                 for i in counts)
        # Over budget: a phone with more acknowledged dots than it has (the extra cast after
        # its last dot, or one of its simultaneous casts, got through), or more dots in the
        # database than phones times dots.
        result.over_budget = sum(max(0, len(p.votes) - settings.dots) for p in self.phones) \
            + max(0, sum(counts.values()) - settings.dots * len(self.phones))
        result.notes["extra casts accepted"] = extra_accepted
        # Board lag: from each ack until the board showed at least as many dots on that idea
        # as had been acknowledged by then.
        for idea_id, moments in acks_by_idea.items():
            for rank, acked_at in enumerate(sorted(moments), start=1):
                seen = self.board.first_seen_with(idea_id, rank)
                if seen is not None:
                    result.lags.append(max(0.0, seen - acked_at))
        board = {int(i): n for i, n in self.board.votes.items() if n}
        result.checks["board's final tally equals the database"] = (
            board == {i: n for i, n in counts.items() if n}
            and self.board.dots_cast == sum(counts.values()))
        result.checks["every acknowledged dot reached the board"] = (
            len(result.lags) == total)
        result.notes["dots acknowledged"] = total
        result.notes["refused"] = dict(refused)
        result.notes["board tallies"] = self.board.tallies
        return self.finish(result, usage, messages, timeouts)

    # -- reconnect storm ----------------------------------------------------------------

    async def reconnect_storm(self) -> Result:
        """A third of the phones lose their connection and all come back at once."""
        await self.ensure_watchers()
        result, usage, messages, timeouts = self.start("reconnect storm")
        step = max(1, round(1 / self.settings.reconnect_share))
        leaving = self.phones[::step]
        for phone in leaving:
            phone.drop()
        started = now()
        mismatched = 0

        async def come_back(old: Phone) -> Phone:
            nonlocal mismatched
            phone = Phone(self, old.index, old.token, old.participant_id)
            phone.votes = old.votes
            await phone.connect(self.target.url(old.index))
            ack, sent, answered = await phone.join(self.workshop_id)
            result.acks.append(answered - sent)
            if not self.strict:
                return phone
            me = ack["state"].get("me", {})
            mine = Counter(str(i) for i in old.votes.values())
            if me.get("my_votes", {}) != dict(mine) or me.get("votes_left") != \
                    self.settings.dots - len(old.votes):
                mismatched += 1
            return phone

        outcomes = await asyncio.gather(*(come_back(p) for p in leaving),
                                        return_exceptions=True)
        result.duration = now() - started
        back = {p.index: p for p in outcomes if isinstance(p, Phone)}
        self.phones = [back.get(p.index, p) for p in self.phones]
        result.actions = len(leaving)
        result.errors = len(leaving) - len(back)
        result.lost = mismatched
        result.checks["every phone's dots in its fresh snapshot"] = mismatched == 0
        result.notes["back in s"] = round(result.duration, 2)
        return self.finish(result, usage, messages, timeouts)


# -- page weight ------------------------------------------------------------------------

ASSET = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']""")
IMPORT = re.compile(r"""(?:\bimport\s*(?:[\w*{}\s,]+from\s*)?|\bimport\s*\(\s*|\bfrom\s*)"""
                    r"""["']([^"']+\.m?js[^"']*)["']""")


def page_assets(html: str) -> list[str]:
    """Stylesheets, scripts and icons a page links to on its own site."""
    return [path for path in ASSET.findall(html)
            if path.startswith("/static/") or urlsplit(path).path.startswith("/static/")]


def module_imports(source: str) -> list[str]:
    return [path for path in IMPORT.findall(source) if not path.startswith(("http:", "https:"))]


HASHED = re.compile(r"[.\-_/][0-9a-f]{8,}[.\-_/]|[?&]v=[0-9a-f]{6,}")


async def page_weight(base: str, code: str, workshop_id: int, token: str) -> dict[str, Any]:
    """Bytes on the wire for a phone's first load, everything included, compressed as sent."""
    files: list[dict[str, Any]] = []
    headers = {"Accept-Encoding": "gzip, deflate, br"}
    async with aiohttp.ClientSession(auto_decompress=False,
                                     cookie_jar=aiohttp.DummyCookieJar()) as session:
        async def get(url: str, extra: dict[str, str] | None = None) -> tuple[bytes, str]:
            async with session.get(url, headers={**headers, **(extra or {})}) as response:
                raw = await response.read()
                encoding = response.headers.get("Content-Encoding", "")
                text = raw.decode("utf-8", "replace")
                if encoding == "gzip":
                    import gzip
                    text = gzip.decompress(raw).decode("utf-8", "replace")
                files.append({"path": urlsplit(url).path + (
                    "?" + urlsplit(url).query if urlsplit(url).query else ""),
                    "status": response.status, "bytes": len(raw),
                    "encoding": encoding or "identity",
                    "cache_control": response.headers.get("Cache-Control", ""),
                    "hashed": bool(HASHED.search(url))})
                return raw, text

        _raw, html = await get(f"{base}/j/{code}", {"Cookie": f"koosloome_p{workshop_id}={token}"})
        seen: set[str] = set()
        pending = [urljoin(base + "/", p) for p in page_assets(html)]
        while pending and len(seen) < 50:
            url = pending.pop(0)
            if url in seen:
                continue
            seen.add(url)
            _raw, text = await get(url)
            if urlsplit(url).path.endswith(".js"):
                pending += [urljoin(url, p) for p in module_imports(text)]
    static = [f for f in files[1:]]
    return {
        "total_bytes": sum(f["bytes"] for f in files),
        "files": files,
        "static_compressed": all(f["encoding"] != "identity" or f["bytes"] < 1024
                                 for f in files[1:]),
        "static_hashed_and_immutable": bool(static) and all(
            f["hashed"] and "immutable" in f["cache_control"] for f in static
            if f["status"] == 200),
    }
