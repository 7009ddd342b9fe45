"""Moderation in the console: ideas from phones wait in a queue until the facilitator approves
them (as they are, or edited), or rejects them; several are approved at once. Nothing waiting
reaches the board or the console's list of ideas.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    PROJECTOR,
    Site,
    assert_announced_politely,
    fail_on_script_errors,
    new_page,
    phones_post,
    staff_page,
    tr,
)

NAME = "Helistage Marile, tel 5555 1234, ta viib eakaid arsti juurde"
FIXED = "Vabatahtlik autojuht viib eakaid arsti juurde"
RUDE = "Kõik on mõttetu"
CLUB = "Eakate klubi külamajas"
BUS = "Külabuss poodi"
BOOKS = "Raamatud koju"


def pending_item(page: Page, text: str) -> Any:
    return page.locator("#pending-list li", has=page.locator(".idea-text", has_text=text))


def test_ideas_wait_for_approval_then_reach_the_board(browser: Any, site: Site) -> None:
    workshop = site.new_workshop(moderation=True)
    site.phase(workshop, "collecting")
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    page = staff_page(browser, site)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    errors = fail_on_script_errors(page)
    expect(page.locator("#moderation-panel")).to_be_visible()
    expect(page.locator("#no-pending")).to_be_visible()

    phones_post(site, workshop, [CLUB, NAME, RUDE])
    expect(page.locator("#pending-list li")).to_have_count(3)
    expect(page.locator("#pending-count")).to_have_text("(3)")
    assert_announced_politely(page, tr("et", "New ideas waiting for approval: %(n)s", n=3))
    # Waiting ideas are in the queue only: not in the list of ideas, not on the board.
    expect(page.locator("#idea-list .console-idea")).to_have_count(0)
    expect(page.locator("#no-ideas")).to_be_visible()
    expect(board.locator("#no-ideas")).to_be_visible()

    # Approve one: it gets its number and reaches the board; the focus goes on to the next.
    pending_item(page, CLUB).locator("[data-pending-act=approve]").click()
    approved = tr("et", "Approved, now on the board: %(numbers)s", numbers="#1")
    expect(page.locator("#moderation-status")).to_have_text(approved)
    assert_announced_politely(page, approved)
    expect(page.locator("#idea-list .console-idea .idea-text")).to_have_text([CLUB])
    expect(page.locator("#idea-list .console-idea .idea-number")).to_have_text(["#1"])
    expect(board.locator("#wall-flow .idea-text")).to_have_text([CLUB])
    expect(pending_item(page, NAME).locator("[data-pending-act=approve]")).to_be_focused()

    # Edit, then approve: the phone number never reaches the wall.
    item = pending_item(page, NAME)
    item.locator("[data-pending-act=edit]").click()
    expect(item.locator(".pending-edit-text")).to_be_focused()
    expect(item.locator(".pending-edit-text")).to_have_value(NAME)
    item.locator(".pending-edit-text").fill(FIXED)
    item.locator(".pending-edit button[type=submit]").click()
    expect(board.locator("#wall-flow .idea-text", has_text=FIXED)).to_be_visible()
    expect(page.locator("#idea-list .console-idea", has_text=FIXED).locator(".idea-number")
           ).to_have_text("#2")

    # Reject: kept, hidden, and never on the board.
    pending_item(page, RUDE).locator("[data-pending-act=reject]").click()
    expect(page.locator("#moderation-status")).to_have_text(
        tr("et", "Rejected and kept hidden: %(text)s", text=RUDE))
    expect(page.locator("#pending-list li")).to_have_count(0)
    expect(page.locator("#no-pending")).to_be_visible()
    expect(page.locator("#moderation-title")).to_be_focused()
    rejected = page.locator("#idea-list .console-idea", has_text=RUDE)
    expect(rejected.locator(".badge-hidden")).to_be_visible()
    expect(board.locator("#wall-flow .idea-text")).to_have_count(2)
    stored = {idea["text"]: idea for idea in site.ideas(workshop)}
    assert stored[RUDE]["hidden"] and not stored[RUDE]["pending"]
    assert NAME not in stored and stored[FIXED]["number"] == 2

    # Several at once: select all, approve the selected.
    phones_post(site, workshop, [BUS, BOOKS])
    expect(page.locator("#pending-list li")).to_have_count(2)
    page.locator("#pending-select-all").check()
    page.locator("#approve-selected").click()
    expect(page.locator("#moderation-status")).to_have_text(
        tr("et", "Approved, now on the board: %(numbers)s", numbers="#3, #4"))
    expect(page.locator("#pending-list li")).to_have_count(0)
    expect(board.locator("#wall-flow .idea-text")).to_have_count(4)
    expect(page.locator("#idea-count")).to_have_text("(5)")
    assert errors == []


def test_without_moderation_there_is_no_queue(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    page = staff_page(browser, site)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    phones_post(site, workshop, [CLUB])
    expect(page.locator("#idea-list .console-idea .idea-text")).to_have_text([CLUB])
    expect(page.locator("#moderation-panel")).to_be_hidden()
