"""Rate limits (the `limits` package, in memory here) and the growing delay for guessers."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.services.limits import DEFAULT_RATES, Limits, growing_delay


def test_a_participants_ideas_are_allowed_up_to_the_limit_then_refused() -> None:
    limits = Limits({"socket:idea": "3 per minute"})
    answers = [limits.hit("socket:idea", "participant:1") for _ in range(4)]
    assert answers == [True, True, True, False]


def test_keys_do_not_share_a_count() -> None:
    limits = Limits({"socket:idea": "1 per minute"})
    assert limits.hit("socket:idea", "participant:1")
    assert limits.hit("socket:idea", "participant:2")
    assert not limits.hit("socket:idea", "participant:1")


def test_count_reads_without_spending_and_clear_forgets() -> None:
    limits = Limits({"login:account": "100 per hour"})
    for _ in range(3):
        limits.hit("login:account", "mari@vorumaa.ee")
    assert limits.count("login:account", "mari@vorumaa.ee") == 3
    assert limits.count("login:account", "mari@vorumaa.ee") == 3
    limits.clear("login:account", "mari@vorumaa.ee")
    assert limits.count("login:account", "mari@vorumaa.ee") == 0


def test_turned_off_limits_allow_everything() -> None:
    limits = Limits({"socket:idea": "1 per minute"}, enabled=False)
    assert all(limits.hit("socket:idea", "p") for _ in range(5))


def test_every_default_rate_is_readable() -> None:
    limits = Limits(DEFAULT_RATES)
    assert set(limits.items) == set(DEFAULT_RATES)


def test_the_delay_is_none_for_the_free_failures_then_doubles() -> None:
    delays = [growing_delay(n, free=3, base=0.5, ceiling=4) for n in range(9)]
    assert delays == [0, 0, 0, 0, 0.5, 1, 2, 4, 4]


@given(st.integers(min_value=0, max_value=10_000), st.integers(min_value=0, max_value=50))
def test_the_delay_never_shrinks_with_more_failures_and_stays_under_its_ceiling(
        failures: int, free: int) -> None:
    now = growing_delay(failures, free=free, base=1, ceiling=30)
    later = growing_delay(failures + 1, free=free, base=1, ceiling=30)
    assert 0 <= now <= later <= 30
