"""The wall on a real projector's screen: 6, 40 and 150 ideas at 1920×1080 and 1280×720, in every
phase. No idea's text is overlapped or cut off, the type is never under the floor the back of
the hall can read, every idea is on the wall within one turn of the pages, tied ideas share a
place, and a finished workshop invites nobody to join. The screenshots stay in test-artifacts/.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import Site, new_page, screenshot
from tests.live_server import LiveClient

SCREENS = {"1920x1080": (1920, 1080), "1280x720": (1280, 720)}
COUNTS = (6, 40, 150)
CLUSTERS = ("Transport", "Üksildus ja seltskond", "Digioskused", "Kodu ja abi",
            "Tervis ja liikumine")
WORDS = ("eakatele", "külabuss", "naabriabi", "kogukonnamaja", "omastehooldajad", "ratastool",
         "raamatukogu", "nutitelefon", "jalutusring", "kohvik", "vallavalitsus", "vabatahtlikud",
         "puudega", "inimestele", "poodi", "arsti", "juurde", "koos", "iga", "nädal", "ja",
         "lastelastega", "käsitöö", "toidukord", "transport", "abi", "kodus", "ühine")
# A wall's facts, read in the page: the wall's box, the type size, and each card on the page
# now (with whether its text is cut short by the clamp).
WALL_FACTS = """() => {
  const wall = document.getElementById("wall").getBoundingClientRect();
  const cards = [...document.querySelectorAll("#wall-flow .wall-card")].map((card) => {
    const box = card.getBoundingClientRect();
    const text = card.querySelector(".card-text");
    return {key: card.dataset.key, away: card.classList.contains("is-away"),
            left: box.left, top: box.top, right: box.right, bottom: box.bottom,
            font: parseFloat(getComputedStyle(text).fontSize),
            clamped: text.scrollHeight > text.clientHeight + 2,
            rank: card.querySelector(".card-rank").hidden ? null
                  : card.querySelector(".card-rank").textContent,
            votes: Number(card.querySelector(".card-votes strong").textContent)};
  });
  const podium = [...document.querySelectorAll("#podium .podium-card")].map((card) => ({
    rank: card.querySelector(".card-rank").textContent,
    votes: Number(card.querySelector(".card-votes strong").textContent),
    font: parseFloat(getComputedStyle(card.querySelector(".card-text")).fontSize)}));
  const pages = document.getElementById("pages").hidden ? 1
    : Number(document.getElementById("page-short").textContent.split("/")[1]);
  const page = document.getElementById("pages").hidden ? 1
    : Number(document.getElementById("page-short").textContent.split("/")[0]);
  return {wall: {left: wall.left, top: wall.top, right: wall.right, bottom: wall.bottom},
          cards, podium, pages, page,
          spotlight: document.getElementById("spotlight").hidden ? null
            : document.getElementById("spotlight-text").textContent};
}"""


def idea_text(rng: random.Random, number: int) -> str:
    """Ideas as people type them: mostly a line or two, some the full 280 characters."""
    length = rng.choice([3, 4, 5, 6, 8, 10, 12, 15, 20]) if number % 15 else 60
    text = " ".join(rng.choice(WORDS) for _ in range(length)).capitalize()
    return f"{text}."[:280]


def make_wall(site: Site, count: int) -> dict[str, Any]:
    """A workshop with `count` ideas of mixed length, grouped into clusters, with dots."""
    server = site.server
    seminar = server.api("POST", "/api/v1/seminars", {"title": f"Sein {count}",
                                                      "kind": "co_creation_workshop"})
    workshop = server.api("POST", f"/api/v1/seminars/{seminar['id']}/workshops", {
        "title": f"Töötuba {count} ideega", "dots_per_participant": 100,
        "max_dots_per_idea": 100,
        "prompt": "Kuidas võiksime aidata eakatel ja puudega inimestel külas paremini elada?"})
    console = LiveClient.connect(server.base_url, {"api_token": server.api_token})
    workshop_id = workshop["id"]
    assert console.call("join", {"workshop_id": workshop_id})["ok"]
    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "collecting"})["ok"]
    rng = random.Random(count)
    ideas = []
    for number in range(count):
        ack = console.call("idea:post", {"workshop_id": workshop_id,
                                         "text": idea_text(rng, number),
                                         "client_id": uuid.uuid4().hex})
        assert ack["ok"], ack
        ideas.append(ack["idea"]["id"])
    return {"id": workshop_id, "code": workshop["code"], "board_url": workshop["board_url"],
            "ideas": ideas, "console": console, "rng": rng}


def group_and_vote(wall: dict[str, Any]) -> None:
    """Clusters for most ideas, then dots from paper ballots, with ties among them."""
    console, workshop_id, ideas, rng = wall["console"], wall["id"], wall["ideas"], wall["rng"]
    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "grouping"})["ok"]
    shares = [ideas[index::len(CLUSTERS) + 1] for index in range(len(CLUSTERS) + 1)]
    for title, members in zip(CLUSTERS[: max(2, len(ideas) // 20)], shares, strict=False):
        ack = console.call("cluster:create", {"workshop_id": workshop_id, "title": title,
                                              "idea_ids": members})
        assert ack["ok"], ack
    assert console.call("phase:set", {"workshop_id": workshop_id, "phase": "voting"})["ok"]
    ballots = [console.call("ballot:add", {"workshop_id": workshop_id})["ballot"]["id"]
               for _ in range(3)]
    # The first two ideas tie for first place, the next two for third.
    plan = {ideas[0]: 9, ideas[1]: 9, ideas[2]: 6, ideas[3]: 6}
    for idea_id in ideas[4:]:
        plan[idea_id] = rng.choice([0, 0, 1, 2, 3])
    spent = dict.fromkeys(ballots, 0)
    for idea_id, dots in plan.items():
        for _ in range(dots):
            ballot = min(spent, key=spent.get)
            spent[ballot] += 1
            ack = console.call("vote:cast", {"idea_id": idea_id, "participant_id": ballot,
                                             "client_id": uuid.uuid4().hex})
            assert ack["ok"], ack


@pytest.fixture(scope="module")
def walls(site: Site) -> Iterator[dict[int, dict[str, Any]]]:
    made = {count: make_wall(site, count) for count in COUNTS}
    yield made
    for wall in made.values():
        wall["console"].close()


def open_board(browser: Any, wall: dict[str, Any], screen: str) -> Page:
    width, height = SCREENS[screen]
    page = new_page(browser, viewport={"width": width, "height": height})
    page.goto(wall["board_url"])
    expect(page.locator("#wall-flow .wall-card").first).to_be_attached()
    page.wait_for_function("() => document.getElementById('wall-flow').style.fontSize !== ''")
    return page


def check_page(facts: dict[str, Any], floor: float) -> list[str]:
    """What is wrong on the page shown: a card overlapped, cut off by the wall, or too small."""
    wall, problems = facts["wall"], []
    shown = [card for card in facts["cards"] if not card["away"]]
    for card in shown:
        if card["font"] < floor - 0.5:
            problems.append(f"{card['key']}: {card['font']} px type under the {floor:.1f} px floor")
        if (card["left"] < wall["left"] - 1 or card["right"] > wall["right"] + 1
                or card["top"] < wall["top"] - 1 or card["bottom"] > wall["bottom"] + 1):
            problems.append(f"{card['key']}: cut off by the wall's edge")
    for index, first in enumerate(shown):
        for second in shown[index + 1:]:
            if (first["left"] < second["right"] - 1 and second["left"] < first["right"] - 1
                    and first["top"] < second["bottom"] - 1
                    and second["top"] < first["bottom"] - 1):
                problems.append(f"{first['key']} and {second['key']} overlap")
    return problems


def read_every_page(page: Page, floor: float, name: str = "board"
                    ) -> tuple[set[str], list[str], set[str]]:
    """Turn every page with the clicker's key; what was shown, what was wrong, what was read
    in full in the band below the wall."""
    facts = page.evaluate(WALL_FACTS)
    seen: set[str] = set()
    problems: list[str] = []
    spotlit: set[str] = set()
    for turn in range(facts["pages"]):
        if turn:
            page.keyboard.press("PageDown")
            page.wait_for_function(f"() => document.getElementById('page-short')"
                                   f".textContent.startsWith('{turn + 1}/')")
        facts = page.evaluate(WALL_FACTS)
        found = check_page(facts, floor)
        if found:  # the page as the room saw it, to look at
            screenshot(page, f"{name}-page-{turn + 1}-problem")
        problems += found
        seen |= {card["key"] for card in facts["cards"] if not card["away"]}
        if facts["spotlight"]:
            spotlit.add(facts["spotlight"])
    return seen, problems, spotlit


def assert_wall_reads_well(browser: Any, wall: dict[str, Any], screen: str, name: str
                           ) -> dict[str, Any]:
    page = open_board(browser, wall, screen)
    floor = 24 * SCREENS[screen][1] / 1080
    screenshot(page, f"board-wall-{name}-{screen}")
    seen, problems, _spotlit = read_every_page(page, floor, f"board-wall-{name}-{screen}")
    assert problems == [], problems
    facts = page.evaluate(WALL_FACTS)
    on_wall = {card["key"] for card in facts["cards"]}
    assert seen == on_wall, "an idea was never on the wall in a whole turn of the pages"
    facts["page"] = page
    return facts


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("count", COUNTS)
def test_every_idea_is_on_the_wall_readable_while_collecting(browser, walls, count, screen):
    facts = assert_wall_reads_well(browser, walls[count], screen, f"collecting-{count}")
    assert len(facts["cards"]) == count
    page = facts["page"]
    expect(page.locator("#join-panel")).to_be_visible()
    expect(page.locator(".join-code")).to_have_text(walls[count]["code"])


def test_a_wall_that_needs_pages_says_which_page_and_can_be_paused(browser, walls):
    page = open_board(browser, walls[150], "1280x720")
    expect(page.locator("#pages")).to_be_visible()
    assert page.locator("#page-short").text_content().startswith("1/")
    page.locator("#page-pause").click()
    expect(page.locator("#page-pause")).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("PageDown")
    assert page.locator("#page-short").text_content().startswith("2/")
    page.keyboard.press("PageUp")
    assert page.locator("#page-short").text_content().startswith("1/")


@pytest.mark.parametrize("screen", SCREENS)
def test_voting_shows_every_idea_under_its_cluster_and_the_code_in_a_corner(
        browser, walls, screen):
    for count in COUNTS:
        wall = walls[count]
        if "grouped" not in wall:
            group_and_vote(wall)
            wall["grouped"] = True
        facts = assert_wall_reads_well(browser, wall, screen, f"voting-{count}")
        page = facts["page"]
        expect(page.locator("#join-corner")).to_be_visible()
        expect(page.locator("#join-panel")).to_be_hidden()
        assert page.locator(".wall-heading:visible").count() >= 1
        assert len(facts["cards"]) == count


@pytest.mark.parametrize("screen", SCREENS)
def test_results_rank_every_idea_with_ties_sharing_a_place(browser, walls, screen):
    for count in COUNTS:
        wall = walls[count]
        if wall.get("phase") != "results":
            assert wall["console"].call("phase:set", {"workshop_id": wall["id"],
                                                      "phase": "results"})["ok"]
            wall["phase"] = "results"
        facts = assert_wall_reads_well(browser, wall, screen, f"results-{count}")
        places = [(card["rank"], card["votes"]) for card in facts["podium"]]
        places += [(card["rank"], card["votes"]) for card in facts["cards"]]
        assert len(places) == count
        assert places[:4] == [("1.", 9), ("1.", 9), ("3.", 6), ("3.", 6)]
        for (rank, votes), (next_rank, next_votes) in zip(places, places[1:], strict=False):
            assert next_votes <= votes
            assert (next_rank == rank) == (next_votes == votes)
        if facts["cards"]:
            assert facts["podium"][0]["font"] >= max(card["font"] for card in facts["cards"])
        page = facts["page"]
        expect(page.locator("#cluster-totals li").first).to_be_visible()
        expect(page.locator("#join-panel")).to_be_hidden()
        expect(page.locator("#join-corner")).to_be_hidden()


def test_a_closed_workshop_says_it_has_ended_and_shows_no_code(browser, walls):
    wall = walls[40]
    if wall.get("phase") != "results":
        group_and_vote(wall)
        assert wall["console"].call("phase:set", {"workshop_id": wall["id"],
                                                  "phase": "results"})["ok"]
    assert wall["console"].call("phase:set", {"workshop_id": wall["id"], "phase": "closed"})["ok"]
    wall["phase"] = "closed"
    page = open_board(browser, wall, "1920x1080")
    screenshot(page, "board-wall-closed-1920x1080")
    expect(page.locator("#ended")).to_be_visible()
    assert wall["code"] not in page.locator("body").inner_text()
