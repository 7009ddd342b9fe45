"""Sends workshop events to their rooms, only ever after the change has committed.

Tallies are coalesced: a dot only marks its workshop as changed, and at most every
TALLY_INTERVAL_SECONDS one tally per changed workshop goes to the board and the staff.
Phones never get a per-dot message; they see counts in the snapshot and at results.
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

    def init_app(self, app: Flask) -> None:
        self._app = app
        self._dirty = set()
        self._loop_started = False

    @property
    def interval(self) -> float:
        assert self._app is not None
        return float(self._app.config["TALLY_INTERVAL_SECONDS"])

    def send(self, events: list[Event]) -> None:
        """Emit events whose transaction has committed."""
        for event in events:
            for audience, payload in event.payloads.items():
                if payload is not None:
                    socketio.emit(event.name, payload, to=room(event.workshop_id, audience))

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
