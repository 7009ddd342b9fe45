"""Keyboard only: the facilitator's console and the phone, without a mouse or a finger.

Every step moves the focus with Tab / Shift+Tab and acts with Enter, Space or Escape; at
every stop the focused element must match :focus-visible and show an outline of at least
2 px (or a box-shadow), and be on screen.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    PROJECTOR,
    Site,
    assert_announced_politely,
    assert_focus_visible,
    focused,
    new_page,
    sign_in,
    tab_to,
    tr,
    wait_sent,
)

PAPER_IDEA = "Eakate klubi külamajas kord nädalas"
EDITED = "Eakate ja noorte ühine klubi külamajas kord nädalas"


def console_idea(page: Page, text: str) -> Any:
    return page.locator("#idea-list li", has=page.locator(".idea-text", has_text=text))


def test_the_console_works_with_the_keyboard_alone(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    page = new_page(browser)
    sign_in(page, site)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    expect(page.locator("#phase-name")).to_have_text(tr("et", "Getting ready"))
    # Someone joins; the console counts them live, so its connection is up.
    site.api("POST", "/api/v1/join", {"code": workshop["code"]})
    expect(page.locator("#count-participants")).to_have_text("1")

    # The first Tab shows the skip link; Enter takes the focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == tr("et", "Skip to main content")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()

    # Phases: a button per next phase; the focus stays in the row when it is redrawn.
    tab_to(page, "#phase-buttons [data-phase=collecting]")
    page.keyboard.press("Enter")
    expect(page.locator("#phase-name")).to_have_text(tr("et", "Sharing ideas"))
    expect(board.locator("#phase-name")).to_have_text(tr("et", "Sharing ideas"))
    expect(page.locator("#phase-buttons button").first).to_be_focused()
    assert_focus_visible(page)
    assert_announced_politely(page, tr("et", "Now: %(phase)s", phase=tr("et", "Sharing ideas")))

    # An idea from paper: type it, tick a chip with Space, send it with Enter.
    tab_to(page, "#paper-text")
    page.keyboard.type(PAPER_IDEA)
    tab_to(page, "#paper-idea-form input[value=elderly]")
    page.keyboard.press("Space")
    expect(page.locator("#paper-idea-form input[value=elderly]")).to_be_checked()
    tab_to(page, "#paper-idea-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(console_idea(page, PAPER_IDEA).locator(".badge-paper")).to_be_visible()
    expect(board.locator("#wall-flow .idea-text", has_text=PAPER_IDEA)).to_be_visible()

    # The timer: a preset with Space, a typed time with Enter, then cleared.
    tab_to(page, "#timer-buttons [data-seconds='60']", backwards=True)
    page.keyboard.press("Space")
    expect(page.locator("#timer-state")).to_have_text(tr("et", "Time left"))
    expect(board.locator("#timer")).to_be_visible()
    tab_to(page, "#timer-minutes")
    page.keyboard.type("2")
    page.keyboard.press("Enter")
    assert_announced_politely(page, tr("et", "Timer set: %(time)s", time="2:00"))
    expect(page.locator("#timer-value")).to_have_text(re.compile(r"^(2:00|1:5\d)$"))
    tab_to(page, "#timer-buttons [data-seconds='0']", backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator("#timer-state")).to_have_text(tr("et", "No timer running."))
    expect(board.locator("#timer")).to_be_hidden()

    # Hide and show an idea; the focus stays on the button that changed its name.
    idea = console_idea(page, PAPER_IDEA)
    tab_to(page, "#idea-list [data-act=hide]")
    page.keyboard.press("Enter")
    expect(idea.locator(".badge-hidden")).to_be_visible()
    expect(idea.locator("[data-act=hide]")).to_have_text(tr("et", "Show again"))
    expect(idea.locator("[data-act=hide]")).to_be_focused()
    assert_focus_visible(page)
    expect(board.locator("#wall-flow .idea-text", has_text=PAPER_IDEA)).to_have_count(0)
    page.keyboard.press("Enter")
    expect(idea.locator(".badge-hidden")).to_be_hidden()
    expect(board.locator("#wall-flow .idea-text", has_text=PAPER_IDEA)).to_be_visible()

    # Edit: Enter opens the editor with the focus in the text; Escape closes it again.
    tab_to(page, "#idea-list [data-act=edit]")
    page.keyboard.press("Enter")
    expect(idea.locator(".edit-text")).to_be_focused()
    expect(idea.locator("[data-act=edit]")).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")
    expect(idea.locator(".idea-edit")).to_be_hidden()
    expect(idea.locator("[data-act=edit]")).to_be_focused()
    page.keyboard.press("Enter")
    expect(idea.locator(".edit-text")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type(EDITED)
    tab_to(page, "#idea-list .idea-edit button[type=submit]")
    page.keyboard.press("Enter")
    edited = console_idea(page, EDITED)
    expect(edited.locator(".idea-edit")).to_be_hidden()
    expect(edited.locator("[data-act=edit]")).to_be_focused()
    assert_focus_visible(page)
    assert_announced_politely(page, tr("et", "Idea saved."))
    expect(board.locator("#wall-flow .idea-text", has_text=EDITED)).to_be_visible()

    # On to voting, still by keyboard.
    tab_to(page, "#phase-buttons [data-phase=voting]", backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator("#phase-name")).to_have_text(tr("et", "Voting"))
    expect(board.locator("#phase-name")).to_have_text(tr("et", "Voting"))


def test_the_phone_works_with_the_keyboard_alone(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    page = new_page(browser, phone=True, locale="et-EE")
    page.goto(workshop["join_url"])
    tab_to(page, "#name")
    page.keyboard.type("Mari")
    page.keyboard.press("Enter")  # sends the welcome form
    expect(page.locator("#idea-form")).to_be_visible()

    tab_to(page, "#idea-text")
    page.keyboard.type(PAPER_IDEA)
    # The target groups are folded on a phone: Enter on their summary opens them.
    tab_to(page, "#idea-form .target-groups > summary")
    page.keyboard.press("Enter")
    tab_to(page, "#idea-form input[value=elderly]")
    page.keyboard.press("Space")
    expect(page.locator("#idea-form input[value=elderly]")).to_be_checked()
    tab_to(page, "#idea-form button[type=submit]")
    page.keyboard.press("Enter")
    sent = page.locator("#my-ideas li", has_text=PAPER_IDEA)
    expect(sent.locator(".pending-badge")).to_be_hidden()
    assert_announced_politely(page, tr("et", "Thank you! Your idea was sent."))
    assert site.ideas(workshop)[0]["target_groups"] == ["elderly"]

    site.phase(workshop, "voting")
    add = page.locator("#vote-list .dot-add")
    expect(add).to_have_count(1)
    tab_to(page, "#vote-list .dot-add")
    page.keyboard.press("Enter")
    expect(page.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=4))
    expect(add).to_be_focused()  # the card was redrawn in place; the focus did not jump
    assert_focus_visible(page)
    page.keyboard.press("Space")
    expect(page.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=3))
    tab_to(page, "#vote-list .dot-remove")
    page.keyboard.press("Enter")
    expect(page.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=4))
    assert_announced_politely(page, tr("et", "Dot taken back. Dots left: %(n)s", n=4))
    wait_sent(page, workshop)
    assert site.votes(workshop) == {PAPER_IDEA: 1}
