"""The console's details found when a workshop was run as a new facilitator would: the step
forward is the primary button, ideas go by their number in the workshop, a merge asks first
and shows what it did, an idea from paper is confirmed, the timer takes decimal minutes, and
at results the ideas are ranked with ties sharing a place.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    Site,
    assert_announced_politely,
    fail_on_script_errors,
    phones_post,
    staff_page,
    tr,
)
from tests.live_server import LiveClient

BUS = "Külabuss poodi ja apteeki"
SHOP = "Poeauto käib külades"
VISITS = "Vabatahtlikud käivad külas"
CLUB = "Eakate klubi"
BOOKS = "Raamatukogu toob raamatud koju"


def open_console(browser: Any, site: Site, workshop: dict[str, Any]) -> Page:
    page = staff_page(browser, site)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    expect(page.locator("#phase-name")).to_be_visible()
    return page


def card(page: Page, text: str) -> Any:
    return page.locator("#idea-list .console-idea", has=page.locator(".idea-text", has_text=text))


def phase_buttons(page: Page) -> list[tuple[str, str, str]]:
    """Each phase button: where it goes, what kind of step it is, and how it is styled."""
    return [(b.get_attribute("data-phase") or "", b.get_attribute("data-step") or "",
             "primary" if "primary" in (b.get_attribute("class") or "")
             else "danger" if "danger" in (b.get_attribute("class") or "") else "secondary")
            for b in page.locator("#phase-buttons button").all()]


def test_the_step_forward_is_the_primary_button(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    page = open_console(browser, site, workshop)
    expected = {
        "draft": [("collecting", "forward", "primary"), ("closed", "close", "danger")],
        "collecting": [("grouping", "forward", "primary"), ("voting", "skip", "secondary"),
                       ("closed", "close", "danger")],
        "grouping": [("voting", "forward", "primary"), ("collecting", "back", "secondary"),
                     ("closed", "close", "danger")],
        "voting": [("results", "forward", "primary"), ("collecting", "back", "secondary"),
                   ("closed", "close", "danger")],
        "results": [("voting", "back", "secondary"), ("closed", "close", "danger")],
    }
    for phase, buttons in expected.items():
        if phase != "draft":
            site.phase(workshop, phase)
        for reloaded in (False, True):  # as the script draws them, and as the server does
            expect(page.locator("#phase-name")).to_have_text(tr("et", _PHASES[phase]))
            expect(page.locator("#phase-buttons button")).to_have_count(len(buttons))
            assert phase_buttons(page) == buttons, (phase, reloaded)
            if not reloaded:
                page.reload()
    expect(page.locator("#phase-buttons [data-phase=voting]")).to_have_text(
        tr("et", "Back to: %(phase)s", phase=tr("et", "Voting")))


_PHASES = {"draft": "Getting ready", "collecting": "Sharing ideas", "grouping": "Grouping ideas",
           "voting": "Voting", "results": "Results"}


def test_a_merge_asks_first_and_shows_what_it_did(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    phones_post(site, workshop, [BUS, SHOP, VISITS])
    page = open_console(browser, site, workshop)
    errors = fail_on_script_errors(page)
    expect(page.locator("#idea-list .console-idea")).to_have_count(3)
    # The merge list names ideas by their number in the workshop.
    expect(page.locator("#merge-target option").nth(1)).to_have_text(f"#1: {BUS}")

    card(page, SHOP).locator(".select-box").check()
    card(page, VISITS).locator(".select-box").check()
    page.locator("#merge-target").select_option(label=f"#1: {BUS}")
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.locator("#merge-button").click()
    expect(page.locator("#idea-list .console-idea")).to_have_count(3)  # said no: nothing merged
    assert asked == [tr("et", "Merge %(sources)s into %(target)s? Their dots move to %(target)s, "
                              "and they leave the board.", sources="#2, #3", target="#1")]

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#merge-button").click()
    done = tr("et", "Merged %(sources)s into %(target)s. Dots moved: %(moved)s. Dots given "
                    "back: %(returned)s.", sources="#2, #3", target="#1", moved=0, returned=0)
    expect(page.locator("#ideas-status")).to_have_text(done)
    expect(page.locator("#ideas-status")).to_be_visible()
    assert_announced_politely(page, done)
    expect(page.locator("#idea-list .console-idea")).to_have_count(1)
    expect(card(page, BUS).locator(".merged-from")).to_have_text(
        tr("et", "Merged from %(numbers)s", numbers="#2, #3"))
    # The form starts afresh.
    expect(page.locator("#merge-target")).to_have_value("")
    expect(page.locator("#idea-list .select-box:checked")).to_have_count(0)
    expect(page.locator("#selection-count")).to_have_text(tr("et", "Selected: %(n)s", n=0))
    page.reload()  # the mark comes from the ideas themselves, not from this page's memory
    expect(card(page, BUS).locator(".merged-from")).to_have_text(
        tr("et", "Merged from %(numbers)s", numbers="#2, #3"))
    assert errors == []


def test_paper_ideas_are_confirmed_and_the_timer_takes_decimal_minutes(browser: Any,
                                                                      site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    phones_post(site, workshop, [BUS])
    page = open_console(browser, site, workshop)
    errors = fail_on_script_errors(page)

    page.fill("#paper-text", CLUB)
    page.locator("#paper-idea-form button[type=submit]").click()
    added = tr("et", "Added from paper as %(number)s: %(text)s", number="#2", text=CLUB)
    expect(page.locator("#paper-status")).to_have_text(added)
    assert_announced_politely(page, added)
    expect(card(page, CLUB).locator(".idea-number")).to_have_text("#2")

    for typed, clock in (("2,5", "2:30"), ("1.5", "1:30")):
        page.fill("#timer-minutes", typed)
        page.locator("#timer-form button[type=submit]").click()
        assert_announced_politely(page, tr("et", "Timer set: %(time)s", time=clock))
        expect(page.locator("#timer-minutes")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#timer-value")).to_have_text(re.compile(r"^1:[23]\d$"))
    page.fill("#timer-minutes", "kaks")
    page.locator("#timer-form button[type=submit]").click()
    expect(page.locator("#timer-minutes")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#timer-minutes-error")).to_have_text(tr(
        "et", "Write the minutes as a number from 0.5 to 180, for example 2.5 or 2,5."))
    expect(page.locator("#timer-minutes")).to_be_focused()
    assert errors == []


def cast(site: Site, workshop: dict[str, Any], ideas: dict[str, int], dots: list[str]) -> None:
    """One person joins and gives a dot to each idea named (an idea named twice gets two)."""
    joined = site.api("POST", "/api/v1/join", {"code": workshop["code"]})
    phone = LiveClient.connect(site.base_url, {"token": joined["token"]})
    try:
        for text in dots:
            ack = phone.call("vote:cast", {"idea_id": ideas[text], "client_id": uuid.uuid4().hex})
            assert ack["ok"], ack
    finally:
        phone.close()


def test_results_rank_ties_alike_and_lead_on(browser: Any, site: Site) -> None:
    workshop = site.new_workshop(dots_per_participant=3, max_dots_per_idea=2)
    site.phase(workshop, "collecting")
    ideas = {idea["text"]: idea["id"] for idea in phones_post(site, workshop,
                                                               [BUS, SHOP, VISITS, CLUB, BOOKS])}
    site.api("POST", f"/api/v1/workshops/{workshop['id']}/clusters",
             {"title": "Transport", "idea_ids": [ideas[BUS], ideas[SHOP]]})
    site.phase(workshop, "voting")
    cast(site, workshop, ideas, [VISITS, VISITS, BUS])
    cast(site, workshop, ideas, [BUS, CLUB])
    site.phase(workshop, "results")
    page = open_console(browser, site, workshop)
    errors = fail_on_script_errors(page)

    ranking = page.locator("#ranking-list li")
    expect(ranking.locator(".idea-text")).to_have_text([BUS, VISITS, CLUB, SHOP, BOOKS])
    expect(ranking.locator(".rank")).to_have_text(["1.", "1.", "3.", "4.", "4."])
    expect(ranking.locator(".vote-count")).to_have_text(["2", "2", "1", "0", "0"])
    expect(ranking.locator(".idea-number")).to_have_text(["#1", "#3", "#4", "#2", "#5"])
    assert [li.get_attribute("value") for li in ranking.all()] == ["1", "1", "3", "4", "4"]
    expect(ranking.nth(0).locator(".rank-cluster")).to_have_text("Transport")

    seminar_id = site.api("GET", f"/api/v1/workshops/{workshop['id']}")["workshop"]["seminar_id"]
    backlog = page.locator("#ranking-panel a", has_text=tr("et", "Take the ideas on in the backlog"))
    expect(backlog).to_have_attribute("href", f"/backlog/?workshop_id={workshop['id']}")
    report = page.locator("#ranking-panel a", has_text=tr("et", "Seminar report"))
    expect(report).to_have_attribute("href", f"/reports/seminars/{seminar_id}")
    report.click()
    expect(page).to_have_url(re.compile(rf"/reports/seminars/{seminar_id}$"))
    expect(page.locator("h1")).to_be_visible()
    page.go_back()
    backlog.click()
    expect(page).to_have_url(re.compile(rf"/backlog/\?workshop_id={workshop['id']}$"))
    expect(page.get_by_text(BUS).first).to_be_visible()
    assert errors == []


def test_a_paper_ballot_gives_its_dots_from_the_idea_cards(browser: Any, site: Site) -> None:
    workshop = site.new_workshop(dots_per_participant=3, max_dots_per_idea=2)
    site.phase(workshop, "collecting")
    phones_post(site, workshop, [BUS, SHOP])
    site.phase(workshop, "voting")
    page = open_console(browser, site, workshop)
    errors = fail_on_script_errors(page)
    page.fill("#ballot-name", "Leht 1")
    page.locator("#ballot-form button[type=submit]").click()
    expect(page.locator("#ballot-status")).to_have_text(
        tr("et", "Ballot %(name)s: dots left %(n)s", name="Leht 1", n=3))
    add = card(page, BUS).locator("[data-act=ballot-cast]")
    add.click()
    add.click()
    expect(card(page, BUS).locator(".ballot-dots")).to_have_text(
        tr("et", "This ballot: %(n)s", n=2))
    add.focus()  # a third dot on one idea is over the limit: refused, in words
    page.keyboard.press("Enter")
    assert_announced_politely(page, tr("et", "You can put at most %(n)s of your dots on one idea.",
                                       n=2))
    card(page, SHOP).locator("[data-act=ballot-cast]").click()
    expect(page.locator("#ballot-status")).to_have_text(
        tr("et", "Ballot %(name)s: dots left %(n)s", name="Leht 1", n=0))
    expect(card(page, BUS).locator(".vote-count")).to_have_text("2")
    assert site.votes(workshop) == {BUS: 2, SHOP: 1}
    assert errors == []
