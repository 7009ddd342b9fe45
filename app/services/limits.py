"""Rate limits: how often a participant, a staff member or an address may try something.

Counted with the `limits` package (the engine under Flask-Limiter), in a moving window. Kept
in the process's memory by default; where several server processes share a Redis message
queue, in that Redis (RATE_LIMIT_STORAGE_URL, by default the queue's URL), so a limit holds
across processes: a phone that reconnects to another process meets the same count.

Socket events are counted per participant (or staff member, or board) and per address,
never per connection, so reconnecting resets nothing. A venue's phones share one address,
so the per-address limits are generous; docs/operations.md has the figures. Failed join
codes and sign-ins are counted too, for the growing delay (`growing_delay`) that slows a
guesser; they never block.
"""

from __future__ import annotations

import logging
from typing import Any

from limits import RateLimitItem, parse
from limits.errors import StorageError
from limits.storage import MemoryStorage, Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)

DEFAULT_RATES: dict[str, str] = {
    # Socket events per participant: a phone posts a few ideas and taps a dot a few times a
    # second at most.
    "socket:idea": "10 per 20 seconds",
    "socket:vote": "30 per 4 seconds",
    "socket:other": "40 per 4 seconds",
    # The phone's "similar ideas" hint: asked after a pause in typing, so about once a second
    # at the most from a fast typist.
    "socket:hint": "10 per 10 seconds",
    # Per staff member: consoles type in paper ballots quickly.
    "socket:staff": "200 per 4 seconds",
    # Per address, every participant behind it together: a hall of 300 phones on one Wi-Fi,
    # each sending an idea or two in the first minute of collecting.
    "address:idea": "600 per minute",
    "address:vote": "3000 per minute",
    "address:other": "3000 per minute",
    "address:hint": "3000 per minute",
    # New participants per address and workshop: a hall of 300 joining at once.
    "join": "300 per minute",
    # Counters for the growing delays (never refused on their own).
    "join:miss": "100000 per 15 minutes",
    "login:account": "100000 per hour",
    "login:address": "100000 per hour",
}


def growing_delay(failures: int, *, free: int, base: float, ceiling: float) -> float:
    """Seconds to hold an answer back after `failures` recent failures: none for the first
    `free`, then `base`, doubling each time, at most `ceiling`."""
    over = failures - free
    if over <= 0:
        return 0.0
    return min(ceiling, base * 2 ** min(over - 1, 30))


class QuietMemoryStorage(MemoryStorage):
    """The limits package's memory storage, without a timer thread started on every hit.

    MemoryStorage starts a threading.Timer to expire old entries whenever none is running:
    under eventlet that is a greenlet switch in the middle of a hit, and on SQLite (whose
    calls block the whole process) a switch while a transaction holds the write lock stops
    the server until the busy timeout. Expired counts are dropped when read, as before;
    old window entries are swept every SWEEP_EVERY hits instead (Limits.hit).
    """

    SWEEP_EVERY = 4096

    def _MemoryStorage__schedule_expiry(self) -> None:  # the base class's private hook
        return None

    def sweep(self) -> None:
        self._MemoryStorage__expire_events()  # type: ignore[attr-defined]


class Limits:
    """The named limits of the application, on one storage.

    A hit may wait on the network (Redis): never call these with a database transaction open
    (on SQLite it would hold the write lock meanwhile).
    """

    def __init__(self, rates: dict[str, str], *, enabled: bool = True,
                 storage_url: str | None = None, key_prefix: str = "koosloome") -> None:
        self.enabled = enabled
        self.items: dict[str, RateLimitItem] = {name: parse(rate) for name, rate in rates.items()}
        self.storage: Storage = _storage(storage_url, key_prefix)
        self.limiter = MovingWindowRateLimiter(self.storage)
        self._hits = 0

    def hit(self, name: str, key: str) -> bool:
        """Count one try; False when it is one too many (it is not counted then)."""
        if not self.enabled:
            return True
        self._hits += 1
        if self._hits % QuietMemoryStorage.SWEEP_EVERY == 0 and isinstance(
                self.storage, QuietMemoryStorage):
            self.storage.sweep()
        try:
            return self.limiter.hit(self.items[name], name, key)
        except StorageError as error:  # a limit's store down must not stop the workshop
            log.warning("rate limit %s not checked: %s", name, error)
            return True

    def count(self, name: str, key: str) -> int:
        """How many tries are counted in the window now."""
        if not self.enabled:
            return 0
        item = self.items[name]
        try:
            stats = self.limiter.get_window_stats(item, name, key)
        except StorageError as error:
            log.warning("rate limit %s not read: %s", name, error)
            return 0
        return item.amount - stats.remaining

    def clear(self, name: str, key: str) -> None:
        try:
            self.limiter.clear(self.items[name], name, key)
        except StorageError as error:
            log.warning("rate limit %s not cleared: %s", name, error)

    def reset(self) -> None:
        self.storage.reset()


def _storage(url: str | None, key_prefix: str) -> Storage:
    if not url or url.startswith("memory"):
        return QuietMemoryStorage()
    options: dict[str, Any] = {"wrap_exceptions": True}
    if url.startswith(("redis://", "rediss://")):
        options["key_prefix"] = key_prefix
    storage = storage_from_string(url, **options)
    assert isinstance(storage, Storage)
    return storage


def limits() -> Limits:
    from flask import current_app

    found: Limits = current_app.extensions["koosloome_limits"]
    return found
