"""Sends committed workshop events to their rooms.

It gets the events of each committed change from the commit hook (``app.events``); nothing
else calls it with an event. Each event goes to the room of each audience that may see it.

Tallies are coalesced: a dot only marks its workshop as changed, and at most every
TALLY_INTERVAL_SECONDS one tally per changed workshop goes to the board and the staff
(0: at once, for tests).
Phones never get a per-dot message; they see counts in the snapshot and at results.

Events for the phones' room are coalesced too, because a room of a thousand phones turns
every idea into a thousand sends. The first event after a quiet spell goes out at once,
by its own name; what follows within PHONE_BATCH_SECONDS (0: never held) is held and sent as one `batch`
({"workshop_id", "seq", "events": [[name, payload], ...]}, in seq order) when the window
ends, or at once, with everything held before it, when a phase or state change arrives.
A quiet workshop therefore sees exactly the events it saw before; a burst of a thousand
ideas costs each phone about one message a second instead of a thousand.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

from flask import Flask

from facilitation.phases import Audience

from ..counts import tally_event
from ..events import Event, Notice, TallyChanged, register_receiver
from ..extensions import socketio
from .rooms import room

log = logging.getLogger(__name__)
# Sent to phones at once (with whatever is held before them), never held back.
URGENT = frozenset({"phase", "state"})


class Publisher:
    def __init__(self) -> None:
        self._app: Flask | None = None
        self._dirty: set[int] = set()
        self._lock = threading.Lock()
        self._loop_started = False
        self._held: dict[int, list[tuple[str, dict[str, Any]]]] = {}  # workshop -> phone events
        # Loops started for an earlier app (tests make one per test) end instead of acting
        # on this one's state.
        self._epoch = 0

    def init_app(self, app: Flask) -> None:
        with self._lock:
            self._app = app
            self._dirty = set()
            self._loop_started = False
            self._held = {}
            self._epoch += 1
        register_receiver(app, self.publish)

    @property
    def interval(self) -> float:
        assert self._app is not None
        return float(self._app.config["TALLY_INTERVAL_SECONDS"])

    @property
    def phone_window(self) -> float:
        """How long phone events are held once a burst starts (0: never held)."""
        assert self._app is not None
        return float(self._app.config["PHONE_BATCH_SECONDS"])

    def publish(self, notices: Sequence[Notice]) -> None:
        """Send the events of one committed change, and note the workshops whose counts changed."""
        self.send([notice for notice in notices if isinstance(notice, Event)])
        for workshop_id in dict.fromkeys(notice.workshop_id for notice in notices
                                         if isinstance(notice, TallyChanged)):
            self.tally_changed(workshop_id)

    def send(self, events: Sequence[Event]) -> None:
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
            socketio.start_background_task(self._phone_window_loop, workshop_id, self._epoch)
        self._emit_to_phones(workshop_id, flush)

    def holds_phone_events(self, workshop_id: int) -> bool:
        """Whether a burst's window is open for the workshop's phones (events are held)."""
        with self._lock:
            return workshop_id in self._held

    def _phone_window_loop(self, workshop_id: int, epoch: int) -> None:
        """Send what was held every window until a window passes with nothing to send."""
        while True:
            socketio.sleep(self.phone_window)
            with self._lock:
                if epoch != self._epoch:
                    return
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
            socketio.start_background_task(self._run, self._epoch)

    def flush(self) -> bool:
        """Send one tally for every workshop whose counts changed since the last flush.

        Returns whether there was anything to send."""
        with self._lock:
            dirty, self._dirty = self._dirty, set()
        for workshop_id in sorted(dirty):
            try:
                self.send_tally(workshop_id)
            except Exception:  # a failed tally must not stop the loop; the next one corrects it
                log.exception("tally for workshop %s failed", workshop_id)
        return bool(dirty)

    def send_tally(self, workshop_id: int) -> None:
        self.send([tally_event(workshop_id)])

    def _run(self, epoch: int) -> None:
        """Send tallies every interval until an interval passes with no change."""
        assert self._app is not None
        app = self._app
        while True:
            socketio.sleep(self.interval)
            if epoch != self._epoch:
                return
            with app.app_context():
                if self.flush():
                    continue
            with self._lock:
                if epoch != self._epoch:
                    return
                if not self._dirty:
                    self._loop_started = False
                    return

publisher = Publisher()
