"""Workshop events in seq order on every screen, whatever order the network brings them in.

With several server processes, events committed a few milliseconds apart on two processes
can arrive swapped. The screens' sequencer (static/js/sequence.js, the module every live
screen uses) holds an early event until the ones before it arrive and asks for a fresh
snapshot only when a gap stays open. Run here in Chromium, as the pages run it.
"""

from __future__ import annotations

from typing import Any

from tests.e2e.browser import Site, new_page

# Feeds the sequencer a script of events and reports what it applied and when it resynced.
DRIVE = """async ([steps, wait]) => {
  const { sequencer } = await import("/static/js/sequence.js");
  const applied = [];
  let resyncs = 0;
  const order = sequencer({
    apply: (name, msg) => applied.push(name === "tally" ? `tally@${msg.seq}` : msg.seq),
    resync: () => { resyncs += 1; },
    wait,
  });
  for (const [name, seq, pause] of steps) {
    if (name === "reset") order.reset(seq);
    else order.receive(name, { seq, workshop_id: 1 });
    if (pause) await new Promise((done) => setTimeout(done, pause));
  }
  return { applied, resyncs, seq: order.seq };
}"""


def drive(page: Any, steps: list[tuple[str, int, int]], wait: int = 300) -> dict[str, Any]:
    return dict(page.evaluate(DRIVE, [steps, wait]))


def test_events_that_arrive_swapped_are_applied_in_order_without_a_resync(
        browser: Any, site: Site) -> None:
    page = new_page(browser)
    page.goto(site.base_url + "/accessibility")
    result = drive(page, [("reset", 10, 0), ("idea:added", 12, 0), ("tally", 12, 0),
                          ("idea:added", 13, 0), ("idea:added", 11, 500)])
    # The tally reflected seq 12; seq 13 came in before it could be shown, so it is dropped
    # (the next tally, with seq 13, brings the counts).
    assert result == {"applied": [11, 12, 13], "resyncs": 0, "seq": 13}, result


def test_a_tally_waits_for_the_event_it_follows(browser: Any, site: Site) -> None:
    page = new_page(browser)
    page.goto(site.base_url + "/accessibility")
    result = drive(page, [("reset", 5, 0), ("tally", 6, 0), ("phase", 6, 500)])
    assert result == {"applied": [6, "tally@6"], "resyncs": 0, "seq": 6}, result


def test_a_gap_that_stays_open_asks_for_a_fresh_snapshot_once(browser: Any, site: Site) -> None:
    page = new_page(browser)
    page.goto(site.base_url + "/accessibility")
    result = drive(page, [("reset", 20, 0), ("idea:added", 22, 0), ("idea:added", 23, 600)],
                   wait=300)
    assert result == {"applied": [], "resyncs": 1, "seq": 20}, result


def test_old_and_repeated_events_are_ignored(browser: Any, site: Site) -> None:
    page = new_page(browser)
    page.goto(site.base_url + "/accessibility")
    result = drive(page, [("reset", 7, 0), ("idea:added", 7, 0), ("idea:added", 8, 0),
                          ("idea:added", 8, 0), ("tally", 7, 0), ("tally", 8, 100)])
    assert result == {"applied": [8, "tally@8"], "resyncs": 0, "seq": 8}, result
