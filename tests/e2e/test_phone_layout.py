"""The phone in the hand: the idea box and its send button on the first screen of a small phone,
buttons that keep their words whole in Russian, dots refused in words, and a closed workshop's
link that says the workshop has ended."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.browser import (
    OVERFLOW,
    PHONE_320_ZOOM_200,
    Site,
    assert_accessible,
    join_by_url,
    new_page,
    post_idea,
    screenshot,
    tr,
    vote_card,
    wait_sent,
)

# Every word of every button on one line: a word split across two lines has two boxes.
SPLIT_WORDS = """() => {
  const split = [];
  document.querySelectorAll("button, .button").forEach((button) => {
    if (!button.checkVisibility()) return;
    const walker = document.createTreeWalker(button, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const pattern = /\\S+/g;
      let match;
      while ((match = pattern.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  });
  return split;
}"""


@pytest.mark.parametrize("locale", ["et-EE", "ru-RU", "en-US"])
def test_the_idea_box_and_its_send_button_are_on_the_first_screen(browser: Any, site: Site,
                                                                     locale: str) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    phone = new_page(browser, phone=True, locale=locale)
    join_by_url(phone, workshop)
    send = phone.locator("#idea-form button[type=submit]").bounding_box()
    box = phone.locator("#idea-text").bounding_box()
    assert send is not None and box is not None
    assert send["y"] + send["height"] <= 740, f"the send button ends at {send['y']}"
    assert box["y"] >= 0
    screenshot(phone, f"phone-first-screen-{locale}")


def test_russian_buttons_keep_their_words_whole_at_360_and_320_at_200_percent(
        browser: Any, site: Site) -> None:
    workshop = site.new_workshop(dots_per_participant=3, max_dots_per_idea=2)
    site.phase(workshop, "collecting")
    wide, narrow = (new_page(browser, phone=True, locale="ru-RU"),
                    new_page(browser, locale="ru-RU", **PHONE_320_ZOOM_200))
    for page in (wide, narrow):
        join_by_url(page, workshop)
    post_idea(wide, "Автобус до магазина по четвергам")
    site.phase(workshop, "voting")
    for page, name in ((wide, "360"), (narrow, "320-zoom-200")):
        expect(page.locator("#vote-list .dot-add")).to_have_count(1)
        assert page.evaluate(SPLIT_WORDS) == [], f"{name}: a word is split inside a button"
        width = page.evaluate(OVERFLOW)
        assert width["scrollWidth"] <= width["clientWidth"], f"{name}: scrolls sideways: {width}"
        screenshot(page, f"phone-voting-ru-{name}")


def test_a_dot_that_cannot_be_given_says_why_in_words(browser: Any, site: Site) -> None:
    workshop = site.new_workshop(dots_per_participant=2, max_dots_per_idea=1)
    site.phase(workshop, "collecting")
    phone = new_page(browser, phone=True, locale="et-EE")
    join_by_url(phone, workshop)
    for text in ("Ühine aiapäev", "Raamatukogu buss", "Jalutusring"):
        post_idea(phone, text)
    site.phase(workshop, "voting")
    garden = vote_card(phone, "Ühine aiapäev")
    garden.locator(".dot-add").click()
    # At most one dot on an idea: the card says so.
    expect(garden.locator(".dot-why")).to_have_text(
        tr("et", "You can put at most %(n)s of your dots on one idea.", n=1))
    vote_card(phone, "Raamatukogu buss").locator(".dot-add").click()
    wait_sent(phone, workshop)
    # Every dot given: the list says how to move one, and a third dot is refused in words.
    expect(phone.locator("#dots-note")).to_have_text(
        tr("et", "All your dots are used. Take one back to give it to another idea."))
    walk = vote_card(phone, "Jalutusring")
    walk.locator(".dot-add").click(force=True)  # greyed, yet a finger can still tap it
    expect(walk.locator(".dot-why")).to_have_text(
        tr("et", "All your dots are used. Take one back to give it to another idea."))


def test_a_closed_workshops_link_says_it_has_ended_in_the_phones_language(
        browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    author = new_page(browser, phone=True, locale="et-EE")
    join_by_url(author, workshop)
    post_idea(author, "Kogukonnamaja kohvik")
    for phase in ("voting", "results", "closed"):
        site.phase(workshop, phase)
    for locale, lang in (("ru-RU", "ru"), ("et-EE", "et")):
        late = new_page(browser, phone=True, locale=locale)
        late.goto(workshop["join_url"])
        expect(late.locator("h1")).to_have_text(tr(lang, "This workshop has ended"))
        expect(late.locator(".result-list .idea-text")).to_have_text(["Kogukonnamaja kohvik"])
        expect(late.locator("a[href='/join']")).to_be_visible()
        assert_accessible(late, f"ended-{lang}")
        screenshot(late, f"phone-ended-{lang}")
