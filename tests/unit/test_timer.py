"""Specification of facilitator countdown timer validation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from facilitation.errors import InvalidInput
from facilitation.timer import MAX_TIMER_SECONDS, check_timer_seconds, timer_end

NOW = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def test_max_timer_is_three_hours() -> None:
    assert MAX_TIMER_SECONDS == 10_800


@pytest.mark.parametrize("value", [0, 1, 300, MAX_TIMER_SECONDS])
def test_whole_seconds_within_range_are_accepted(value: int) -> None:
    assert check_timer_seconds(value) == value


@pytest.mark.parametrize(
    "value", [-1, MAX_TIMER_SECONDS + 1, True, False, 1.5, 60.0, "60", None, [60]]
)
def test_timer_seconds_outside_range_or_not_int_are_rejected(value: object) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        check_timer_seconds(value)
    assert exc_info.value.field == "seconds"
    assert exc_info.value.code == "invalid_input"


def test_zero_seconds_clears_the_timer() -> None:
    assert timer_end(NOW, 0) is None


def test_timer_ends_the_given_seconds_after_now() -> None:
    assert timer_end(NOW, 90) == NOW + timedelta(seconds=90)


def test_timer_end_keeps_the_timezone_of_now() -> None:
    end = timer_end(NOW, 60)
    assert end is not None
    assert end.tzinfo is UTC


def test_timer_end_rejects_invalid_seconds() -> None:
    with pytest.raises(InvalidInput):
        timer_end(NOW, -5)
