"""Sends workshop events to their rooms, only ever after the change has committed.

Tallies are coalesced: a dot only marks its workshop as changed, and at most every
TALLY_INTERVAL_SECONDS one tally per changed workshop goes to the board and the staff.
Phones never get a per-dot message; they see counts in the snapshot and at results.

Events for the phones' room are coalesced too, because a room of a thousand phones turns
every idea into a thousand sends. The first event after a quiet spell goes out at once,
by its own name; what follows within PHONE_BATCH_SECONDS is held and sent as one `batch`
({"workshop_id", "seq", "events": [[name, payload], ...]}, in seq order) when the window
ends, or at once, with everything held before it, when a phase or state change arrives.
A quiet workshop therefore sees exactly the events it saw before; a burst of a thousand
ideas costs each phone about one message a second instead of a thousand.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Any

from flask import Flask

from facilitation.phases import Audience, counts_visible

from ..extensions import db, socketio
from ..models import Workshop
from ..services.snapshots import turnout, vote_counts
from .rooms import room

log = logging.getLogger(__name__)
PHONE_BATCH_SECONDS = 1.0
# Sent to phones at once (with whatever is held before them), never held back.
URGENT = frozenset({"phase", "state"})


@dataclass
class Event:
    """One event for one workshop, with the payload each audience may see (None: not sent)."""

    workshop_id: int
    name: str
    payloads: dict[Audience, dict[str, Any] | None] = field(default_factory=dict)


class Publisher:
    def __init__(self) -> None:
        self._app: Flask | None = None
        self._dirty: set[int] = set()
        self._lock = threading.Lock()
        self._loop_started = False
        self._held: dict[int, list[tuple[str, dict[str, Any]]]] = {}  # workshop -> phone events

    def init_app(self, app: Flask) -> None:
        self._app = app
        self._dirty = set()
        self._loop_started = False
        self._held = {}

    @property
    def interval(self) -> float:
        assert self._app is not None
        return float(self._app.config["TALLY_INTERVAL_SECONDS"])

    @property
    def phone_window(self) -> float:
        """How long phone events are held once a burst starts (0: never held)."""
        assert self._app is not None
        if self.interval <= 0:
            return 0.0
        return float(self._app.config.get("PHONE_BATCH_SECONDS", PHONE_BATCH_SECONDS))

    def send(self, events: list[Event]) -> None:
        """Emit events whose transaction has committed."""
        for event in events:
            for audience, payload in event.payloads.items():
                if payload is None:
                    continue
                if audience is Audience.PARTICIPANT and self.phone_window > 0:
                    self._to_phones(event.workshop_id, event.name, payload)
                else:
                    socketio.emit(event.name, payload, to=room(event.workshop_id, audience))

    def _to_phones(self, workshop_id: int, name: str, payload: dict[str, Any]) -> None:
        """Send at once when the phones' room is quiet; otherwise hold for the next batch."""
        with self._lock:
            held = self._held.get(workshop_id)
            if held is None:  # quiet: send now and open a window for what may follow
                self._held[workshop_id] = []
                start, flush = True, [(name, payload)]
            elif name in URGENT:
                self._held[workshop_id] = []
                start, flush = False, [*held, (name, payload)]
            else:
                held.append((name, payload))
                return
        if start:  # before the emit, so a failed emit cannot leave the window open for good
            socketio.start_background_task(self._phone_window_loop, workshop_id)
        self._emit_to_phones(workshop_id, flush)

    def _phone_window_loop(self, workshop_id: int) -> None:
        """Send what was held every window until a window passes with nothing to send."""
        while True:
            socketio.sleep(self.phone_window)
            with self._lock:
                held = self._held.get(workshop_id) or []
                if held:
                    self._held[workshop_id] = []
                else:
                    self._held.pop(workshop_id, None)
            if not held:
                return
            try:
                self._emit_to_phones(workshop_id, held)
            except Exception:  # the next window must still come; phones resync on a gap
                log.exception("phone batch for workshop %s failed", workshop_id)

    def _emit_to_phones(self, workshop_id: int, events: list[tuple[str, dict[str, Any]]]) -> None:
        target = room(workshop_id, Audience.PARTICIPANT)
        if len(events) == 1:
            name, payload = events[0]
            socketio.emit(name, payload, to=target)
        elif events:
            ordered = sorted(events, key=lambda event: event[1].get("seq", 0))
            socketio.emit("batch", {"workshop_id": workshop_id,
                                    "seq": ordered[-1][1].get("seq", 0),
                                    "events": [[n, p] for n, p in ordered]}, to=target)

    def tally_changed(self, workshop_id: int) -> None:
        """Note that a workshop's counts changed; the board hears of it within one interval."""
        if self.interval <= 0:
            self.send_tally(workshop_id)
            return
        with self._lock:
            self._dirty.add(workshop_id)
            start = not self._loop_started
            self._loop_started = True
        if start:
            socketio.start_background_task(self._run)

    def flush(self) -> None:
        """Send one tally for every workshop whose counts changed since the last flush."""
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        for workshop_id in sorted(dirty):
            try:
                self.send_tally(workshop_id)
            except Exception:  # a failed tally must not stop the loop; the next one corrects it
                log.exception("tally for workshop %s failed", workshop_id)

    def send_tally(self, workshop_id: int) -> None:
        self.send([tally_event(workshop_id)])

    def _run(self) -> None:
        assert self._app is not None
        while True:
            socketio.sleep(self.interval)
            with self._app.app_context():
                self.flush()


def tally_event(workshop_id: int) -> Event:
    """Read the counts in one short transaction and build the tally for board and staff.

    A tally does not advance the workshop's seq: it carries the seq of the last event it
    reflects, so a client that has not seen that event yet knows to resync.
    """
    try:
        workshop = db.session.get(Workshop, workshop_id)
        if workshop is None:
            return Event(workshop_id, "tally")
        counts = vote_counts(workshop_id)
        summary = turnout(workshop_id)
        seq = workshop.seq
        board_sees = counts_visible(workshop.phase, blind_voting=workshop.blind_voting,
                                    audience=Audience.BOARD)
    finally:
        db.session.rollback()  # end the read transaction before anything is sent
    votes = {str(idea_id): count for idea_id, count in counts.items()}
    base = {"seq": seq, "workshop_id": workshop_id, **summary}
    return Event(workshop_id, "tally", {
        Audience.STAFF: {**base, "votes": votes},
        Audience.BOARD: {**base, "votes": votes} if board_sees else base,
    })


publisher = Publisher()
