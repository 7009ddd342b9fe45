"""How many requests and sockets one address may hold open at once on the bare server.

Each open HTTP request, long poll and WebSocket counts against its client's address
(REMOTE_ADDR, after ProxyFix) until its answer has been sent; one over
CONNECTIONS_PER_ADDRESS is answered 503 at once. A hall's phones share one address, so the
figure is generous (docs/operations.md); it stops one machine from holding thousands of
connections open, not a venue.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any

log = logging.getLogger(__name__)


class ConnectionsPerAddress:
    """WSGI middleware counting the open requests of each address."""

    def __init__(self, app: Callable[..., Iterable[bytes]], limit: int) -> None:
        self.app = app
        self.limit = limit
        self.open: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        if self.limit <= 0:
            return self.app(environ, start_response)
        address = environ.get("REMOTE_ADDR") or "unknown"
        with self._lock:
            if self.open[address] >= self.limit:
                full = True
            else:
                full = False
                self.open[address] += 1
        if full:
            log.warning("address %s holds %d open connections: refused one more", address,
                        self.limit)
            start_response("503 Service Unavailable", [
                ("Content-Type", "text/plain; charset=utf-8"), ("Retry-After", "5"),
                ("Connection", "close")])
            return [b"Too many open connections from this address. Try again soon."]
        try:
            answer = self.app(environ, start_response)
        except BaseException:
            self._release(address)
            raise
        return self._released_after(answer, address)

    def _released_after(self, answer: Iterable[bytes], address: str) -> Iterator[bytes]:
        try:
            yield from answer
        finally:
            close = getattr(answer, "close", None)
            if close is not None:
                close()
            self._release(address)

    def _release(self, address: str) -> None:
        with self._lock:
            self.open[address] -= 1
            if self.open[address] <= 0:
                del self.open[address]
