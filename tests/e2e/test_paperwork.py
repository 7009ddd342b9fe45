"""The seminar's paperwork in real browsers: a phone registers on the list of participants and
answers the feedback form (at 360 px, and at 320 px with 200 % zoom), the facilitator opens
feedback from the console and the screen shows its QR code, and staff keep the list, the
answers and the evidence pack. Every page is checked with axe-core; the phone's pages also
for their tap targets, text size and reflow."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    ADMIN_EMAIL,
    OVERFLOW,
    PHONE,
    PHONE_320_ZOOM_200,
    PROJECTOR,
    TAP_TARGETS,
    TEXT_SIZES,
    Site,
    assert_accessible,
    join_by_url,
    new_page,
    screenshot,
    staff_page,
    tr,
)

SIZES = {"360": PHONE, "320-zoom-200": PHONE_320_ZOOM_200}


def check_phone_page(page: Page, name: str) -> None:
    """Targets of at least 44 × 44 CSS px, no text under 18 px, no scrolling sideways, axe."""
    targets = page.evaluate(TAP_TARGETS)
    assert not targets["small"], f"{name}: tap targets under 44 × 44 CSS px: {targets['small']}"
    text = page.evaluate(TEXT_SIZES)
    assert text["body"] >= 18 and not text["small"], f"{name}: {text}"
    width = page.evaluate(OVERFLOW)
    assert width["scrollWidth"] <= width["clientWidth"], f"{name}: scrolls sideways: {width}"
    assert_accessible(page, name)
    screenshot(page, name)


@pytest.fixture(scope="module")
def workshop(site: Site) -> dict[str, Any]:
    made = site.new_workshop()
    site.phase(made, "collecting")
    return made


def phone_for(browser: Any, size: str, workshop: dict[str, Any]) -> Page:
    options = {"phone": True} if size == "360" else dict(SIZES[size])
    page = new_page(browser, locale="et-EE", **options)
    join_by_url(page, workshop)
    return page


@pytest.mark.parametrize("size", SIZES)
def test_a_phone_registers_as_a_participant_of_the_seminar(browser: Any, site: Site,
                                                           workshop: dict[str, Any],
                                                           size: str) -> None:
    phone = phone_for(browser, size, workshop)
    link = phone.get_by_role("link", name=tr("et", "Register as a participant of this seminar"))
    link.scroll_into_view_if_needed()
    link.click()
    expect(phone.locator("h1")).to_have_text(tr("et", "Register as a participant of this seminar"))
    check_phone_page(phone, f"paperwork-register-{size}-et")

    phone.fill("#name", f"Mari Maasikas {size}")
    phone.fill("#municipality", "Elva vald")
    phone.locator("button[type=submit]").click()  # without the consent
    expect(phone.locator("#consent-error")).to_be_visible()
    expect(phone.locator("input[name=consent]")).to_have_attribute("aria-invalid", "true")
    phone.locator("label.big-check").click()
    phone.locator("button[type=submit]").click()
    expect(phone.locator(".flash-success")).to_have_text(
        tr("et", "Thank you! You are on the list of participants."))
    expect(phone.locator("#name")).to_have_value(f"Mari Maasikas {size}")
    check_phone_page(phone, f"paperwork-registered-{size}-et")
    listed = site.api("GET", f"/api/v1/seminars/{workshop['seminar_id']}/attendees")
    assert f"Mari Maasikas {size}" in [a["name"] for a in listed["attendees"]]


def test_the_console_opens_feedback_and_the_screen_and_phones_follow(
        browser: Any, site: Site, workshop: dict[str, Any]) -> None:
    phones = {size: phone_for(browser, size, workshop) for size in SIZES}
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    console = staff_page(browser, site, lang="et")
    console.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    expect(board.locator(".board-feedback")).to_be_hidden()
    for phone in phones.values():
        expect(phone.locator(".seminar-step[data-feedback-open]")).to_be_hidden()

    console.get_by_role("button", name=tr("et", "Open feedback on the phones")).click()

    expect(console.locator("[data-feedback-status]")).to_have_text(tr("et", "Feedback is open."))
    expect(console.get_by_role("button", name=tr("et", "Close feedback"))).to_be_focused()
    expect(board.locator(".board-feedback")).to_be_visible()
    expect(board.locator(".board-join .join-code")).to_be_hidden()
    screenshot(board, "paperwork-board-feedback-et")
    assert_accessible(console, "paperwork-console-feedback-open-et")

    for size, phone in phones.items():
        link = phone.get_by_role("link", name=tr("et", "Give feedback on the seminar"))
        expect(link).to_be_visible()
        link.click()
        expect(phone.locator("h1")).to_have_text(tr("et", "Your feedback on the seminar"))
        check_phone_page(phone, f"paperwork-feedback-{size}-et")
        first = phone.locator("fieldset.scale").first
        first.locator("label.big-choice", has_text="4").click()
        expect(first.locator("input[value='4']")).to_be_checked()
        phone.locator("label.big-choice", has_text=tr("et", "Yes")).click()
        phone.locator("textarea").first.fill(f"Head näited ({size})")
        phone.get_by_role("button", name=tr("et", "Send my answers")).click()
        expect(phone.locator(".flash-success")).to_have_text(
            tr("et", "Thank you for your feedback!"))
        # Sending again replaces the set: still one set for this phone.
        phone.locator("fieldset.scale").first.locator("label.big-choice", has_text="5").click()
        phone.get_by_role("button", name=tr("et", "Send my answers again")).click()
        expect(phone.locator(".flash-success")).to_have_text(
            tr("et", "Thank you! Your new answers replace the earlier ones."))
        check_phone_page(phone, f"paperwork-feedback-sent-{size}-et")

    summary = site.api("GET", f"/api/v1/seminars/{workshop['seminar_id']}/feedback-summary")
    assert summary["phone"] == 2
    assert summary["questions"][0]["distribution"]["5"] == 2
    console.get_by_role("button", name=tr("et", "Close feedback")).click()
    expect(board.locator(".board-feedback")).to_be_hidden()
    expect(board.locator(".board-join .join-code")).to_be_visible()


def test_staff_keep_the_list_the_answers_and_the_evidence_pack(
        browser: Any, site: Site, workshop: dict[str, Any]) -> None:
    seminar = workshop["seminar_id"]
    staff = staff_page(browser, site, lang="et")
    staff.goto(f"{site.base_url}/seminars/{seminar}")
    assert_accessible(staff, "paperwork-seminar-et")
    staff.fill("#starts_at", "10:00")
    staff.fill("#ends_at", "10:30")
    staff.fill("#title", "Avasõnad")
    staff.fill("#speaker", "Kadri Kask")
    staff.get_by_role("button", name=tr("et", "Add to the agenda")).click()
    expect(staff.locator(".agenda-table")).to_contain_text("Kadri Kask")

    staff.goto(f"{site.base_url}/seminars/{seminar}/attendance")
    staff.get_by_role("button", name=tr("et", "Open the registration page")).click()
    address = staff.locator(".registration-url a").inner_text()
    visitor = new_page(browser, locale="et-EE", **PHONE_320_ZOOM_200)
    visitor.goto(address)
    check_phone_page(visitor, "paperwork-register-in-advance-320-zoom-200-et")
    visitor.fill("#name", "Jüri Eelregistreerunu")
    visitor.locator("label.big-check").click()
    visitor.get_by_role("button", name=tr("et", "Register")).click()
    expect(visitor.locator("h1")).to_contain_text("Jüri Eelregistreerunu")

    staff.fill("#name", "Maie Paberileht")
    staff.select_option("#background", "community")
    staff.get_by_role("button", name=tr("et", "Add to the list")).click()
    expect(staff.locator(".flash-success")).to_contain_text("Maie Paberileht")
    row = staff.locator("tr", has=staff.locator("th", has_text="Jüri Eelregistreerunu"))
    row.get_by_role("button", name=tr("et", "Check in")).click()
    expect(row.locator("td").nth(5)).to_have_text(tr("et", "yes"))
    assert_accessible(staff, "paperwork-attendance-et")
    screenshot(staff, "paperwork-attendance-et")

    staff.goto(f"{site.base_url}/seminars/{seminar}/feedback/paper")
    assert_accessible(staff, "paperwork-feedback-paper-et")
    staff.locator("fieldset").first.locator("label", has_text="3").first.click()
    staff.locator("textarea").first.fill("Kadri Kask rääkis hästi")
    staff.get_by_role("button", name=tr("et", "Save this form")).click()
    expect(staff.locator(".flash-success")).to_have_text(
        tr("et", "The paper form is saved. Type in the next one."))
    staff.goto(f"{site.base_url}/seminars/{seminar}/feedback")
    assert_accessible(staff, "paperwork-feedback-summary-et")
    answer = staff.locator(".open-answer", has_text="Kadri Kask rääkis hästi")
    answer.get_by_role("button", name=tr("et", "Hide from the summary")).click()
    expect(staff.locator(".open-answer.is-hidden", has_text="Kadri Kask")).to_have_count(1)
    screenshot(staff, "paperwork-feedback-summary-et")

    pdf = staff.request.get(f"{site.base_url}/api/v1/seminars/{seminar}/evidence.pdf")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    sheet = staff.request.get(f"{site.base_url}/seminars/{seminar}/sign-in-sheet.pdf")
    assert sheet.status == 200 and sheet.body().startswith(b"%PDF")


def test_the_budget_form_shows_the_sum_and_the_rate_while_typing(browser: Any,
                                                                 site: Site) -> None:
    admin = staff_page(browser, site, email=ADMIN_EMAIL, lang="et")
    admin.goto(f"{site.base_url}/proposals/new")
    live = admin.locator("#budget-live")
    admin.fill("#budget_total", "18 000")
    admin.fill("#support_requested", "12743,68")
    expect(live).to_contain_text("70,80")
    expect(live).to_contain_text(tr("et", "%(gap)s is still missing.", gap="5\u00a0256,32\u00a0€"))
    expect(live).to_have_class("budget-live is-off")
    admin.fill("#own_contribution_cash", "5256.32")
    expect(live).to_have_class("budget-live")
    admin.fill("#own_contribution_in_kind", "abc")
    expect(live).to_have_text(tr("et", "Write the amounts like 12 743,68 to see the sum."))
    assert_accessible(admin, "paperwork-proposal-budget-live-et")


@pytest.mark.parametrize("lang", ("et", "ru"))
def test_error_pages_are_styled_in_the_readers_language(browser: Any, site: Site,
                                                        lang: str) -> None:
    page = new_page(browser, locale={"et": "et-EE", "ru": "ru-RU"}[lang])
    answer = page.goto(f"{site.base_url}/no-such-page")
    assert answer is not None and answer.status == 404
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text(tr(lang, "We could not find this page"))
    assert_accessible(page, f"error-404-{lang}")
    screenshot(page, f"error-404-{lang}")
