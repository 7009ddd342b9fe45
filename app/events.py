"""Workshop events: what a change tells the screens, sent only once the change has committed.

A service builds its events inside the transaction that makes the change and queues them on
that transaction (``Transaction.on_commit`` in ``app.database``). When the transaction commits,
they are handed to the receiver the app registered (the publisher); when it rolls back, they
are dropped. So a refused or failed change is never seen, and no service sends anything itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from facilitation.phases import Audience

log = logging.getLogger(__name__)
RECEIVER_KEY = "koosloome_events"


@dataclass
class Event:
    """One event for one workshop, with the payload each audience may see (None: not sent)."""

    workshop_id: int
    name: str
    payloads: dict[Audience, dict[str, Any] | None] = field(default_factory=dict)


@dataclass(frozen=True)
class TallyChanged:
    """A workshop's dot counts or turnout changed; the board hears of it, coalesced."""

    workshop_id: int


Notice = Event | TallyChanged
Receiver = Callable[[Sequence[Notice]], None]


def register_receiver(app: Flask, receiver: Receiver) -> None:
    """Name what gets this app's committed events."""
    app.extensions[RECEIVER_KEY] = receiver


def deliver(notices: Sequence[Notice]) -> None:
    """Hand committed events to the app's receiver.

    The change is already in the database, so a failure to send is logged, never raised:
    the caller's answer stands, and screens that miss an event resync on the gap in `seq`.
    """
    if not notices:
        return
    receiver: Receiver | None = current_app.extensions.get(RECEIVER_KEY)
    if receiver is None:
        return
    try:
        receiver(notices)
    except Exception:
        log.exception("events of a committed change could not be sent")
