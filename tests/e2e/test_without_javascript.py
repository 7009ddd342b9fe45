"""The phone view with JavaScript turned off: joining, posting an idea and casting (and
taking back) a dot all work with the plain HTML forms, and the database agrees.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from tests.e2e.browser import Site, new_page, screenshot, tr

IDEA = "Külapoe kojuveoteenus neile, kes ise poodi ei pääse"


def test_a_phone_without_javascript_posts_an_idea_and_casts_a_dot(browser: Any,
                                                                  site: Site) -> None:
    workshop = site.new_workshop(dots_per_participant=5)
    site.phase(workshop, "collecting")
    page = new_page(browser, phone=True, locale="et-EE", java_script_enabled=False)
    page.goto(workshop["join_url"])
    page.fill("#name", "Mari")
    page.locator("#welcome-form button[type=submit]").click()
    expect(page.locator("#idea-form")).to_be_visible()
    expect(page.locator(".display-prefs")).to_be_hidden()  # they need a script; not offered

    page.fill("#idea-text", IDEA)
    page.locator("#idea-form .target-groups > summary").click()  # opens without a script
    page.locator("#idea-form .chip:has(input[value=elderly])").click()
    page.locator("#idea-form .chip:has(input[value=disabled])").click()
    page.locator("#idea-form button[type=submit]").click()
    expect(page.locator(".flash-success")).to_have_text(
        tr("et", "Thank you! Your idea is on the board."))
    expect(page.locator("#my-ideas .idea-text")).to_have_text([IDEA])
    ideas = site.ideas(workshop)
    assert [(idea["text"], idea["target_groups"]) for idea in ideas] == [
        (IDEA, ["elderly", "disabled"])]

    site.phase(workshop, "voting")
    page.reload()  # without a script nothing changes by itself
    card = page.locator("#vote-list li", has_text=IDEA)
    expect(page.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=5))
    card.locator("button[value=cast]").click()
    expect(page.locator(".flash-success")).to_have_text(
        tr("et", "Dot added. Dots left: %(n)d", n=4))
    expect(card.locator(".my-dots-text")).to_have_text(
        tr("et", "Your dots on this idea: %(n)s", n=1))
    assert site.votes(workshop) == {IDEA: 1}
    card.locator("button[value=cast]").click()
    card.locator("button[value=retract]").click()
    expect(page.locator(".flash-success")).to_have_text(
        tr("et", "Dot taken back. Dots left: %(n)d", n=4))
    assert site.votes(workshop) == {IDEA: 1}
    screenshot(page, "voting-phone-without-javascript-et")
    page.reload()  # the page after the redirect: loading it again sends nothing
    assert site.votes(workshop) == {IDEA: 1}
    expect(page.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=4))
