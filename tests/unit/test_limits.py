"""Token buckets allow bursts, refill over time and forget old keys."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.services.limits import Limiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_refused() -> None:
    limiter = Limiter(rate=1, burst=3, clock=Clock())
    assert [limiter.allow("phone") for _ in range(4)] == [True, True, True, False]


def test_tokens_come_back_at_the_rate() -> None:
    clock = Clock()
    limiter = Limiter(rate=2, burst=2, clock=clock)
    assert limiter.allow("a") and limiter.allow("a") and not limiter.allow("a")
    clock.now = 0.5
    assert limiter.allow("a")
    assert not limiter.allow("a")


def test_keys_do_not_share_a_bucket() -> None:
    limiter = Limiter(rate=0.1, burst=1, clock=Clock())
    assert limiter.allow("one")
    assert limiter.allow("two")
    assert not limiter.allow("one")


def test_blocked_reports_without_spending() -> None:
    limiter = Limiter(rate=1, burst=1, clock=Clock())
    assert not limiter.blocked("x")
    assert limiter.allow("x")
    assert limiter.blocked("x")
    assert limiter.blocked("x")


def test_the_oldest_keys_are_dropped_past_the_bound() -> None:
    limiter = Limiter(rate=0.001, burst=1, max_keys=2, clock=Clock())
    limiter.allow("first")
    limiter.allow("second")
    limiter.allow("third")
    assert limiter.allow("first"), "a forgotten key starts with a full bucket"


@given(st.lists(st.floats(min_value=0, max_value=5), min_size=1, max_size=60))
def test_never_more_tries_than_burst_plus_refill(gaps: list[float]) -> None:
    clock = Clock()
    limiter = Limiter(rate=2, burst=5, clock=clock)
    allowed = 0
    for gap in gaps:
        clock.now += gap
        allowed += limiter.allow("k")
    assert allowed <= 5 + 2 * clock.now + 1e-9
