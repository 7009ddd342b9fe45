"""Ideas whose text is HTML or script are shown as text, on every screen, in a real browser.

The pages' Content-Security-Policy would stop an inline handler even if the text got into
the page as HTML; these browsers bypass it (bypass_csp), so what is proven is the escaping
itself: Jinja's autoescape, `tojson` in the page data and `textContent` in the scripts.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    PROJECTOR,
    Site,
    join_by_url,
    new_page,
    post_idea,
    staff_page,
    tr,
    vote_card,
    wait_sent,
)

PAYLOADS = (
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '"><svg onload=window.__pwned=1>',
    "</script><script>window.__pwned=1</script>",
)
# Markup that would be there if an idea's text had been taken for HTML.
INJECTED = """() => {
  const found = [];
  document.querySelectorAll(".idea-text, option").forEach((el) => {
    if (el.children.length) found.push(el.outerHTML);
  });
  const MARKUP = "img, script:not([src]):not([type='application/json']), body svg";
  document.querySelectorAll(MARKUP).forEach((el) => {
    if (!el.closest(".board-qr, .corner-qr")) found.push(el.outerHTML.slice(0, 120));
  });
  return found;
}"""


def shows_literally(page: Page, where: str, name: str) -> None:
    for payload in PAYLOADS:
        texts = page.locator(f"{where} .idea-text").all_text_contents()
        assert payload in [text.strip() for text in texts], \
            f"{name}: {payload!r} is not shown as text in {where}: {texts}"
    assert page.evaluate(INJECTED) == [], f"{name}: markup from an idea got into the page"
    assert page.evaluate("() => typeof window.__pwned") == "undefined", f"{name}: a payload ran"


def test_html_and_script_in_ideas_are_shown_as_text(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    dialogs: list[str] = []

    def open_page(**options: Any) -> Page:
        page = new_page(browser, bypass_csp=True, **options)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        return page

    board = open_page(**PROJECTOR)
    board.goto(workshop["board_url"])
    console = staff_page(browser, site, bypass_csp=True)
    console.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    console.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    author = open_page(phone=True)
    join_by_url(author, workshop)
    reader = open_page(phone=True, locale="en-US")
    join_by_url(reader, workshop)

    for payload in PAYLOADS:
        post_idea(author, payload)
    stored = [idea["text"] for idea in site.ideas(workshop)]
    assert stored == list(PAYLOADS), "the server keeps the text exactly as written"

    screens = {"board": (board, "#wall-flow"), "console": (console, "#idea-list"),
               "author": (author, "#my-ideas"), "reader": (reader, "#idea-list")}
    for name, (page, where) in screens.items():
        expect(page.locator(f"{where} .idea-text")).to_have_count(len(PAYLOADS))
        shows_literally(page, where, f"{name} (live)")
        page.reload()  # the same ideas drawn by the server
        expect(page.locator(f"{where} .idea-text")).to_have_count(len(PAYLOADS))
        shows_literally(page, where, f"{name} (page load)")
    # The console's merge list names each idea by its text.
    options = console.locator("#merge-target option").all_text_contents()
    for payload in PAYLOADS:
        assert any(option.endswith(payload) for option in options), options

    site.phase(workshop, "voting")
    expect(author.locator("#vote-list li")).to_have_count(len(PAYLOADS))
    shows_literally(author, "#vote-list", "author (voting)")
    vote_card(author, PAYLOADS[1]).locator("button[value=cast]").click()
    wait_sent(author, workshop)
    site.phase(workshop, "results")
    for name, (page, where) in {"board": (board, "#wall-area"), "author": (author, "#result-list"),
                                "reader": (reader, "#result-list")}.items():
        expect(page.locator(f"{where} .idea-text")).to_have_count(len(PAYLOADS))
        shows_literally(page, where, f"{name} (results)")
    expect(reader.locator("#result-list .result-count").first).to_have_text(
        tr("en", "Dots: %(n)s", n=1))

    # The backlog, days later, shows the same text as text.
    admin = staff_page(browser, site, email=site.admin_email, bypass_csp=True)
    admin.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    if site.has_route("/backlog/"):
        admin.goto(f"{site.base_url}/backlog/?workshop_id={workshop['id']}")
        for payload in PAYLOADS:
            expect(admin.get_by_text(payload, exact=True).first).to_be_visible()
        assert admin.evaluate(INJECTED) == []
        idea_id = site.ideas(workshop)[1]["id"]
        admin.goto(f"{site.base_url}/backlog/ideas/{idea_id}")
        expect(admin.get_by_text(PAYLOADS[1], exact=True).first).to_be_visible()
        assert admin.evaluate(INJECTED) == []
        assert admin.evaluate("() => typeof window.__pwned") == "undefined"
    assert dialogs == [], f"a dialog opened: {dialogs}"
