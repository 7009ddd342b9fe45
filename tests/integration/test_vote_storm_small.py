"""A small vote storm through the load harness (tests/perf): 50 phones over real WebSockets
against the real server. Correctness only — nothing here depends on how fast it runs."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from tests.perf.bench import raise_open_file_limit, run_scenarios
from tests.perf.harness import Settings
from tests.perf.servers import koosloome_target

pytestmark = pytest.mark.live

PHONES, DOTS = 50, 3
T = TypeVar("T")


def in_own_thread(work: Callable[[], T]) -> T:
    """Run an asyncio harness on a thread of its own: the browser tests' Playwright keeps an
    event loop running on the main thread for the whole session."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # handed back to the test's thread
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(300)
    if failure:
        raise failure[0]
    assert outcome, "the harness did not finish within 300 s"
    return outcome[0]


def test_small_vote_storm_loses_nothing_and_counts_every_dot_once(tmp_path: Path) -> None:
    raise_open_file_limit()
    settings = Settings(phones=PHONES, dots=DOTS, max_per_idea=2, idea_window=2,
                        vote_window=3, retry_share=0.2, double_tap_share=0.2,
                        call_timeout=15, settle_timeout=20)
    with koosloome_target(tmp_path) as target:
        results = in_own_thread(lambda: asyncio.run(
            run_scenarios(target, settings, ("votes", "reconnect"))))[0]
    storm, reconnect = results

    assert storm.errors == 0, storm.notes
    assert storm.notes["dots acknowledged"] == PHONES * DOTS  # every phone spent every dot
    assert storm.lost == 0  # every acknowledged dot is in the database
    assert storm.duplicated == 0  # a retry with the same client_id counted once
    assert storm.over_budget == 0  # the budget held, simultaneous casts included
    assert storm.notes["refused"] == {"vote_budget_exhausted": PHONES}  # one extra each
    assert storm.checks["board's final tally equals the database"]
    assert storm.checks["every acknowledged dot reached the board"]

    assert reconnect.errors == 0
    assert reconnect.checks["every phone's dots in its fresh snapshot"]
