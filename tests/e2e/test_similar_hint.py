"""The phone's "similar ideas" hint in a real browser: it comes after a pause in typing, under
the send button (which stays where the finger is), large, announced politely once, and gone
when the idea is sent."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import (
    Site,
    assert_accessible,
    assert_announced_politely,
    join_by_url,
    new_page,
    post_idea,
    screenshot,
    tr,
)

POSTED = "Külabuss, mis viib eakad kord nädalas poodi ja apteeki"
DRAFT = "külabussid eakatele poodi"


def test_a_phone_typing_an_idea_like_one_on_the_wall_is_shown_it(browser: Any,
                                                                 site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    author = new_page(browser, phone=True)
    join_by_url(author, workshop)
    post_idea(author, POSTED)
    post_idea(author, "Kaldtee raamatukokku")

    phone = new_page(browser, phone=True)
    join_by_url(phone, workshop)
    send = phone.locator("#idea-form button[type=submit]")
    before = send.bounding_box()
    phone.locator("#idea-text").press_sequentially(DRAFT, delay=20)

    hint = phone.locator("#similar-hint")
    expect(hint).to_be_visible()
    expect(hint.locator("li")).to_have_count(1)
    expect(hint.locator("li")).to_contain_text(POSTED)
    expect(hint).to_contain_text(tr("et", "Similar ideas already on the wall:"))
    assert send.bounding_box() == before, "the hint moved the send button"
    box = hint.bounding_box()
    assert before is not None and box is not None and box["y"] >= before["y"] + before["height"]
    size = hint.locator("li").evaluate("(item) => parseFloat(getComputedStyle(item).fontSize)")
    assert size >= 18
    assert_announced_politely(phone, tr("et", "Similar ideas already on the wall: %(n)s", n=1))
    said = [a for a in phone.evaluate("() => window.__announced.slice()")
            if a["id"] == "similar-hint-announcer"]
    assert len(said) == 1, f"announced on every keystroke: {said}"
    screenshot(phone, "phone-similar-hint-et")
    assert_accessible(phone, "phone: similar ideas hint")

    phone.locator("#idea-form button[type=submit]").click()
    expect(hint).to_be_hidden()
    expect(phone.locator("#my-ideas li", has_text=DRAFT)).to_be_visible()
