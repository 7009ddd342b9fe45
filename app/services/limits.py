"""Token buckets: how often one connection, address or account may try something.

Kept in the memory of each server process. That suffices for what they guard
(bursts from one connection, guessing join codes, guessing passwords): a guesser
spread over several processes still meets a bucket in each.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class TokenBucket:
    """Holds up to `burst` tokens and gains `rate` per second; each try spends one."""

    rate: float
    burst: float
    tokens: float
    updated: float

    def take(self, now: float, cost: float = 1.0) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens < cost:
            return False
        self.tokens -= cost
        return True

    def wait_time(self, now: float, cost: float = 1.0) -> float:
        """Seconds until a try of `cost` would be allowed."""
        available = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        return max(0.0, (cost - available) / self.rate)


class Limiter:
    """A bucket per key, for at most `max_keys` keys (the least recently used are dropped)."""

    def __init__(self, rate: float, burst: float, *, max_keys: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = burst
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str, cost: float = 1.0) -> bool:
        with self._lock:
            return self._bucket(key).take(self.clock(), cost)

    def blocked(self, key: str) -> bool:
        """Whether the next try would be refused, without spending anything."""
        with self._lock:
            bucket = self._buckets.get(key)
            return bucket is not None and bucket.wait_time(self.clock()) > 0

    def forget(self, key: str) -> None:
        with self._lock:
            self._buckets.pop(key, None)

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()

    def _bucket(self, key: str) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self.rate, self.burst, self.burst, self.clock())
            self._buckets[key] = bucket
            if len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        return bucket


@dataclass(frozen=True)
class Rate:
    """`burst` tries at once, then `per_second` more each second."""

    burst: float
    per_second: float


DEFAULT_RATES: dict[str, Rate] = {
    # Socket events, per connection. A phone taps a dot a few times a second at most.
    "socket:idea": Rate(burst=10, per_second=0.5),
    "socket:vote": Rate(burst=30, per_second=8),
    # The phone's "similar ideas" hint: asked after a pause in typing, so about once a second
    # at the most from a fast typist.
    "socket:hint": Rate(burst=10, per_second=1),
    "socket:other": Rate(burst=40, per_second=10),
    # Staff consoles type in paper ballots quickly.
    "socket:staff": Rate(burst=200, per_second=50),
    # Failed join codes per client address: a venue shares one address, so only misses count.
    "join:miss": Rate(burst=20, per_second=0.2),
    # Failed sign-ins: per account (the lockout) and per address.
    "login:account": Rate(burst=5, per_second=1 / 60),
    "login:address": Rate(burst=30, per_second=0.2),
}


class Limits:
    """The named limiters of one server process."""

    def __init__(self, rates: dict[str, Rate], enabled: bool = True) -> None:
        self.enabled = enabled
        self._limiters = {name: Limiter(rate.per_second, rate.burst)
                          for name, rate in rates.items()}

    def allow(self, name: str, key: str) -> bool:
        return not self.enabled or self._limiters[name].allow(key)

    def blocked(self, name: str, key: str) -> bool:
        return self.enabled and self._limiters[name].blocked(key)

    def forget(self, name: str, key: str) -> None:
        self._limiters[name].forget(key)

    def reset(self) -> None:
        for limiter in self._limiters.values():
            limiter.reset()


def limits() -> Limits:
    from flask import current_app

    found: Limits = current_app.extensions["koosloome_limits"]
    return found
