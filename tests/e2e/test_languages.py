"""Languages in the browser: the phone follows the browser's language and has a visible
switch; the board follows the workshop's language setting; the accessibility statement
exists in Estonian and English. Expected texts come from the compiled catalogues.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    LOCALES,
    PROJECTOR,
    Site,
    join_by_url,
    new_page,
    tr,
)

NAMES = {"et": "Eesti", "en": "English", "ru": "Русский"}


@pytest.fixture(scope="module")
def workshop(site: Site) -> dict[str, Any]:
    found = site.new_workshop()
    site.phase(found, "collecting")
    return found


def check_phone_language(page: Page, lang: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("#phase-name")).to_have_text(tr(lang, "Sharing ideas"))
    expect(page.locator("#idea-form button[type=submit]")).to_have_text(tr(lang, "Send idea"))
    expect(page.locator("#idea-form .chip").first).to_have_text(tr(lang, "Older people"))
    expect(page.locator("label[for=idea-text]")).to_have_text(tr(lang, "Your idea"))


@pytest.mark.parametrize("lang", ("et", "en", "ru"))
def test_the_phone_follows_the_browsers_language(browser: Any, site: Site,
                                                 workshop: dict[str, Any], lang: str) -> None:
    page = new_page(browser, phone=True, locale=LOCALES[lang])
    page.goto(site.base_url + "/join")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text(tr(lang, "Join a workshop"))
    join_by_url(page, workshop)
    check_phone_language(page, lang)
    if lang != "en":  # the catalogue really translates: the text is not the English original
        assert tr(lang, "Send idea") != "Send idea"


def test_the_phone_has_a_visible_language_switch_that_works(browser: Any,
                                                            workshop: dict[str, Any]) -> None:
    page = new_page(browser, phone=True, locale="et-EE")
    join_by_url(page, workshop)
    check_phone_language(page, "et")
    switch = page.get_by_role("navigation", name=tr("et", "Language"))
    expect(switch).to_be_visible()
    for lang, name in NAMES.items():
        link = switch.get_by_role("link", name=name)
        expect(link).to_be_visible()
        expect(link).to_have_attribute("lang", lang)  # read out in its own language
    expect(switch.get_by_role("link", name="Eesti")).to_have_attribute("aria-current", "true")

    switch.get_by_role("link", name="English").click()
    check_phone_language(page, "en")
    assert page.url == workshop["join_url"], "the switch brings the phone back to its page"
    switch = page.get_by_role("navigation", name="Language")
    expect(switch.get_by_role("link", name="English")).to_have_attribute("aria-current", "true")
    page.reload()  # the choice is kept
    check_phone_language(page, "en")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Русский").click()
    check_phone_language(page, "ru")


def test_the_board_follows_the_workshops_language(browser: Any, site: Site) -> None:
    english = site.new_workshop(language="en")
    # The hall's PC prefers Estonian; the facilitator chose English for this board.
    board = new_page(browser, locale="et-EE", **PROJECTOR)
    board.goto(english["board_url"])
    expect(board.locator("html")).to_have_attribute("lang", "en")
    expect(board.locator("#join-title")).to_have_text("Join with your phone")
    expect(board.locator("#phase-name")).to_have_text("Getting ready")
    estonian = site.new_workshop(language="et")
    other = new_page(browser, locale="en-US", **PROJECTOR)
    other.goto(estonian["board_url"])
    expect(other.locator("html")).to_have_attribute("lang", "et")
    expect(other.locator("#join-title")).to_have_text(tr("et", "Join with your phone"))
    # Changed while the board is up: the board redraws itself in the new language.
    site.api("PATCH", f"/api/v1/workshops/{english['id']}", {"language": "ru"})
    expect(board.locator("html")).to_have_attribute("lang", "ru")
    expect(board.locator("#join-title")).to_have_text(tr("ru", "Join with your phone"))
    expect(board.locator("#phase-name")).to_have_text(tr("ru", "Getting ready"))


@pytest.mark.parametrize("lang", ("et", "en"))
def test_the_accessibility_statement_exists_in_estonian_and_english(
        browser: Any, site: Site, workshop: dict[str, Any], lang: str) -> None:
    page = new_page(browser, phone=True, locale=LOCALES[lang])
    join_by_url(page, workshop)
    page.get_by_role("link", name=tr(lang, "Accessibility statement")).click()
    expect(page).to_have_url(site.base_url + "/accessibility")
    expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator("h1")).to_have_text(tr(lang, "Accessibility statement"))
    for heading in ("Compliance status", "Non-accessible content", "How we tested",
                    "Feedback and contact", "Enforcement procedure"):
        expect(page.get_by_role("heading", name=tr(lang, heading))).to_be_visible()
    if lang == "et":
        assert tr("et", "Accessibility statement") != "Accessibility statement"
