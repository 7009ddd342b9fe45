"""Facilitator countdown timer validation."""

from __future__ import annotations

from datetime import datetime, timedelta

from facilitation.errors import InvalidInput

MAX_TIMER_SECONDS = 3 * 3600


def check_timer_seconds(value: object) -> int:
    """Return ``value`` if it is an int in 0..MAX_TIMER_SECONDS (0 clears the timer)."""
    # bool is an int subclass; a JSON true must not become a 1-second timer.
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_TIMER_SECONDS:
        raise InvalidInput(field="seconds")
    return value


def timer_end(now: datetime, seconds: int) -> datetime | None:
    """Return when a timer started at ``now`` ends, or None when ``seconds`` is 0."""
    seconds = check_timer_seconds(seconds)
    if seconds == 0:
        return None
    return now + timedelta(seconds=seconds)
