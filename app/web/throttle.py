"""Slowing guessers down without locking anyone out: join codes per client address, sign-ins
per account and address. A wrong answer is held back a while, growing with the recent
misses; a right code is never held or refused (services/limits.py counts)."""

from __future__ import annotations

from flask import request

from ..extensions import db, socketio
from ..services.limits import growing_delay, limits

# Wrong join codes from one address before its misses slow down, and how much: a hall of
# phones shares the address, and older people mistype.
FREE_MISSES = 10
MISS_DELAY_BASE = 0.5
MISS_DELAY_CEILING = 30.0


def client_address() -> str:
    return request.remote_addr or "unknown"


def pause(seconds: float) -> None:
    """Hold this answer back, letting the server serve everyone else meanwhile."""
    if seconds > 0:
        socketio.sleep(seconds)


def release_database() -> None:
    """End the request's database transaction before waiting (on the limits' Redis, or a
    pause): under eventlet an open SQLite transaction would hold the write lock meanwhile."""
    db.session.rollback()


def slow_down_join_miss() -> float:
    """Count a wrong code from this address and hold its answer back; returns the delay."""
    address = client_address()
    release_database()
    limits().hit("join:miss", address)
    delay = growing_delay(limits().count("join:miss", address), free=FREE_MISSES,
                          base=MISS_DELAY_BASE, ceiling=MISS_DELAY_CEILING)
    pause(delay)
    return delay
