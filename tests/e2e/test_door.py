"""The door in real browsers: the facilitator closes joining from the console, the screen says
so and stops showing the code, a new phone is told kindly while a phone that joined earlier
comes back; opening it again brings the code back. At results the door is closed by itself,
and with feedback open a newcomer is sent to the feedback form. Staff outside the team watch
the console without its controls."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import (
    PHONE_320_ZOOM_200,
    PROJECTOR,
    Site,
    assert_accessible,
    join_by_url,
    new_page,
    phones_post,
    screenshot,
    staff_page,
    tr,
)

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
WATCHER = "kati@tartumaa.test"


def test_closing_the_door_turns_new_phones_away_and_the_screen_says_so(
        browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    joined = new_page(browser, phone=True)
    join_by_url(joined, workshop)
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    expect(board.locator("#join-panel .join-code")).to_have_text(workshop["code"])
    console = staff_page(browser, site, lang="et")
    console.goto(f"{site.base_url}/console/workshops/{workshop['id']}")

    console.get_by_role("button", name=tr("et", "Close joining")).click()

    expect(console.locator("#door-state")).to_have_text(
        tr("et", "Closed: only phones that have already joined get in."))
    expect(board.locator("#door-closed")).to_have_text(tr("et", "Joining is closed."))
    expect(board.locator("#join-panel")).to_be_hidden()
    screenshot(board, "door-closed-board-et")
    newcomer = new_page(browser, **PHONE_320_ZOOM_200)
    answer = newcomer.goto(workshop["join_url"])
    assert answer is not None and answer.status == 409
    expect(newcomer.locator("h2")).to_have_text(tr("et", "Joining is closed for now"))
    assert_accessible(newcomer, "door-closed-phone-320-zoom-200-et")
    screenshot(newcomer, "door-closed-phone-320-zoom-200-et")
    joined.reload()  # a phone that joined earlier still gets in
    expect(joined.locator("#idea-text")).to_be_visible()

    console.get_by_role("button", name=tr("et", "Open joining again")).click()

    expect(board.locator("#door-closed")).to_be_hidden()
    expect(board.locator("#join-panel .join-code")).to_have_text(workshop["code"])
    newcomer.goto(workshop["join_url"])
    expect(newcomer.locator("#name")).to_be_visible()


def test_at_results_the_code_leaves_the_screen_and_a_newcomer_is_sent_to_feedback(
        browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    site.phase(workshop, "voting")
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    expect(board.locator("#join-corner")).to_be_visible()

    site.phase(workshop, "results")

    expect(board.locator("#join-corner")).to_be_hidden()
    expect(board.locator("#door-closed")).to_be_hidden()  # nothing to join at results
    newcomer = new_page(browser, phone=True)
    newcomer.goto(workshop["join_url"])
    expect(newcomer.locator("h2")).to_have_text(tr("et", "The workshop is showing its results"))
    site.api("POST", f"/api/v1/workshops/{workshop['id']}/feedback", {"open": True})
    newcomer.reload()
    newcomer.get_by_role("link", name=tr("et", "Give feedback on the seminar")).click()
    expect(newcomer.locator("h1")).to_have_text(tr("et", "Your feedback on the seminar"))
    assert_accessible(newcomer, "door-results-feedback-phone-et")


def test_a_coordinator_watches_a_console_with_nothing_to_steer(browser: Any, site: Site) -> None:
    admin = staff_page(browser, site, email=site.admin_email, **LAPTOP)
    admin.goto(f"{site.base_url}/admin/users/new")
    admin.fill("input[name=email]", WATCHER)
    admin.fill("input[name=name]", "Kati Kaasvaatleja")
    admin.locator("select[name=role]").select_option("coordinator")
    admin.fill("input[name=password]", site.login_password)
    admin.locator("main form button[type=submit]").click()
    expect(admin.locator(".flash-success")).to_be_visible()
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    phones_post(site, workshop, ["Külabuss eakatele", "Ühised lõunasöögid külamajas"])

    watcher = new_page(browser, **LAPTOP)
    watcher.goto(f"{site.base_url}/login")
    watcher.fill("input[name=email]", WATCHER)
    watcher.fill("input[name=password]", site.login_password)
    watcher.locator("main form button[type=submit]").click()
    watcher.goto(f"{site.base_url}/console/workshops/{workshop['id']}")

    expect(watcher.locator("#watching-note")).to_be_visible()
    expect(watcher.locator("#idea-list .console-idea")).to_have_count(2)
    for control in ("#phase-buttons", "#timer-title", "#door-button", ".selection-bar",
                    "#idea-list .idea-actions", "#idea-list .select-idea"):
        expect(watcher.locator(control).first).to_be_hidden()
    expect(watcher.get_by_role("link", name=tr("et", "Edit settings"))).to_have_count(0)
    assert_accessible(watcher, "console-watching-et")
    screenshot(watcher, "console-watching-et")
