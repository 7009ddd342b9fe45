"""Grouping ideas into clusters from the console, as the room watches the board.

Three ways to move ideas, each tried here: the keyboard alone (tick ideas, press a cluster's
number, or choose "Move to"), dragging with a mouse, and accepting suggested clusters. What
the console shows is checked against the board in another browser, and against the database
through the staff API.
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
    fail_on_script_errors,
    new_page,
    phones_post,
    staff_page,
    tab_to,
    tr,
)

BUS = "Külabuss viib eakad kord nädalas poodi"
SHOP = "Poeauto sõidab külast külla"
VISITS = "Vabatahtlikud käivad üksi elavatel inimestel külas"
COMPUTER = "Arvutikursus eakatele raamatukogus"


def console_for(browser: Any, site: Site, workshop: dict[str, Any]) -> Page:
    page = staff_page(browser, site)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    expect(page.locator("#phase-name")).to_be_visible()
    return page


def exactly(text: str) -> re.Pattern[str]:
    return re.compile(f"^{re.escape(text)}$")


def group(page: Page, title: str) -> Any:
    """A cluster's group in the console's list: its heading and its ideas."""
    return page.locator("#idea-list .cluster-group",
                        has=page.locator(".cluster-title", has_text=exactly(title)))


def idea_in(page: Page, title: str, text: str) -> Any:
    return group(page, title).locator(".console-idea", has=page.locator(".idea-text",
                                                                         has_text=text))


def card(page: Page, text: str) -> Any:
    return page.locator("#idea-list .console-idea", has=page.locator(".idea-text", has_text=text))


def board_group(board: Page, title: str) -> Any:
    """A cluster's group on the board's wall, by its heading."""
    return board.locator("#wall-flow .wall-group",
                         has=board.locator(".heading-title", has_text=exactly(title)))


def clusters(site: Site, workshop: dict[str, Any]) -> dict[str, list[str]]:
    """The database's clusters: each title with the texts of its ideas."""
    texts = {idea["id"]: idea["text"] for idea in site.ideas(workshop)}
    found = site.api("GET", f"/api/v1/workshops/{workshop['id']}/clusters")["clusters"]
    return {c["title"]: sorted(texts[i] for i in c["idea_ids"]) for c in found}


def test_grouping_with_the_keyboard_alone(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    phones_post(site, workshop, [BUS, VISITS, SHOP, COMPUTER])
    site.phase(workshop, "grouping")
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    page = console_for(browser, site, workshop)
    errors = fail_on_script_errors(page)
    expect(page.locator("#idea-list .console-idea")).to_have_count(4)
    # Ideas go by their number in the workshop, never by a database id.
    expect(card(page, BUS).locator(".idea-number")).to_have_text("#1")

    # A cluster: type its title, press Enter. It takes the key 1.
    tab_to(page, "#cluster-title")
    page.keyboard.type("Transport")
    page.keyboard.press("Enter")
    expect(group(page, "Transport").locator(".cluster-key")).to_have_text("1")
    expect(page.locator("#ideas-status")).to_have_text(
        tr("et", "Cluster created: %(title)s", title="Transport"))
    assert_announced_politely(page, tr("et", "Cluster created: %(title)s", title="Transport"))
    expect(page.locator("#cluster-title")).to_be_focused()  # ready for the next one
    page.keyboard.type("Üksildus")
    page.keyboard.press("Enter")
    expect(group(page, "Üksildus").locator(".cluster-key")).to_have_text("2")

    # Tick two ideas with Space, then press 1: both go under "Transport", here and on the board.
    tab_to(page, f"{card_selector(page, BUS)} .select-box")
    page.keyboard.press("Space")
    tab_to(page, f"{card_selector(page, SHOP)} .select-box")
    page.keyboard.press("Space")
    expect(page.locator("#selection-count")).to_have_text(tr("et", "Selected: %(n)s", n=2))
    page.keyboard.press("1")
    expect(idea_in(page, "Transport", BUS)).to_be_visible()
    expect(idea_in(page, "Transport", SHOP)).to_be_visible()
    moved = tr("et", "Moved to %(cluster)s: %(numbers)s", cluster="Transport", numbers="#1, #3")
    expect(page.locator("#ideas-status")).to_have_text(moved)
    assert_announced_politely(page, moved)
    expect(page.locator("#idea-list .select-box:checked")).to_have_count(0)
    # The focus goes on to the next idea still to be sorted, so a pile is sorted key by key.
    expect(card(page, COMPUTER).locator(".select-box")).to_be_focused()
    assert_focus_visible(page)
    expect(board_group(board, "Transport").locator(".idea-text")).to_have_text([BUS, SHOP])
    expect(board_group(board, tr("et", "Other ideas")).locator(".idea-text")).to_have_text(
        [VISITS, COMPUTER])

    # With nothing ticked, a number moves the idea the focus is on.
    tab_to(page, f"{card_selector(page, VISITS)} .select-box", backwards=True)
    page.keyboard.press("2")
    expect(idea_in(page, "Üksildus", VISITS)).to_be_visible()
    expect(board_group(board, "Üksildus").locator(".idea-text")).to_have_text([VISITS])

    # "Move to": tick an idea, choose the place with the arrow keys, press the button.
    expect(card(page, COMPUTER).locator(".select-box")).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, "#move-target", backwards=True)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#move-target option:checked")).to_have_text(
        tr("et", "%(key)s: %(title)s", key=2, title="Üksildus"))
    tab_to(page, "#move-button")
    page.keyboard.press("Enter")
    expect(idea_in(page, "Üksildus", COMPUTER)).to_be_visible()
    expect(page.locator("#move-target")).to_have_value("")

    # 0 takes an idea out of every cluster.
    tab_to(page, f"{card_selector(page, COMPUTER)} .select-box")
    page.keyboard.press("0")
    expect(idea_in(page, tr("et", "Other ideas"), COMPUTER)).to_be_visible()
    assert clusters(site, workshop) == {"Transport": sorted([BUS, SHOP]), "Üksildus": [VISITS]}

    # Rename from the heading: Enter opens the field, Enter saves; the board follows.
    tab_to(page, f"{group_selector(page, 'Üksildus')} [data-cluster-act=rename]", backwards=True)
    page.keyboard.press("Enter")
    expect(group(page, "Üksildus").locator(".rename-input")).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("Üksildus ja külastused")
    page.keyboard.press("Enter")
    expect(group(page, "Üksildus ja külastused")).to_be_visible()
    expect(group(page, "Üksildus ja külastused").locator("[data-cluster-act=rename]")).to_be_focused()
    expect(board_group(board, "Üksildus ja külastused")).to_be_visible()

    # A title another cluster has is refused beside the field, naming what is wrong.
    page.keyboard.press("Enter")
    page.keyboard.press("Control+A")
    page.keyboard.type("TRANSPORT")
    page.keyboard.press("Enter")
    rename = group(page, "Üksildus ja külastused").locator(".rename-input")
    expect(rename).to_have_attribute("aria-invalid", "true")
    expect(group(page, "Üksildus ja külastused").locator(".rename-error")).to_have_text(
        tr("et", "Another cluster is already called “%(title)s”.", title="TRANSPORT"))
    page.keyboard.press("Escape")

    # Reorder: "Move up" puts the second cluster first; the keys follow the new order.
    tab_to(page, f"{group_selector(page, 'Üksildus ja külastused')} [data-cluster-act=up]")
    page.keyboard.press("Enter")
    expect(page.locator("#idea-list .cluster-title")).to_have_text(
        ["Üksildus ja külastused", "Transport", tr("et", "Other ideas")])
    expect(group(page, "Transport").locator(".cluster-key")).to_have_text("2")
    expect(group(page, "Üksildus ja külastused").locator("[data-cluster-act=up]")).to_be_focused()
    expect(board.locator("#wall-flow .heading-title")).to_have_text(
        ["Üksildus ja külastused", "Transport", tr("et", "Other ideas")])

    # Delete: asked first; its ideas stay, under "Other".
    page.once("dialog", lambda dialog: dialog.accept())
    tab_to(page, f"{group_selector(page, 'Transport')} [data-cluster-act=delete]")
    page.keyboard.press("Enter")
    expect(group(page, "Transport")).to_have_count(0)
    expect(idea_in(page, tr("et", "Other ideas"), BUS)).to_be_visible()
    expect(board_group(board, "Transport")).to_have_count(0)
    assert clusters(site, workshop) == {"Üksildus ja külastused": [VISITS]}
    assert errors == []


def card_selector(page: Page, text: str) -> str:
    """A CSS selector for an idea's card in the console, by its text."""
    key = page.locator("#idea-list .console-idea", has=page.locator(
        ".idea-text", has_text=text)).get_attribute("data-key")
    return f'#idea-list .console-idea[data-key="{key}"]'


def group_selector(page: Page, title: str) -> str:
    key = group(page, title).get_attribute("data-key")
    return f'#idea-list .cluster-group[data-key="{key}"]'


def test_a_title_the_server_refuses_is_shown_beside_its_field(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    page = console_for(browser, site, workshop)
    page.fill("#cluster-title", "Straße")
    page.locator("#cluster-form button[type=submit]").click()
    expect(group(page, "Straße")).to_be_visible()
    # The same title to the server (it folds case as Unicode does), not to a plain lower case.
    page.fill("#cluster-title", "STRASSE")
    page.locator("#cluster-form button[type=submit]").click()
    expect(page.locator("#cluster-title")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#cluster-title")).to_have_attribute("aria-describedby",
                                                             "cluster-title-error")
    expect(page.locator("#cluster-title-error")).to_contain_text(tr("et", "title"))
    expect(page.locator("#cluster-title")).to_be_focused()
    page.fill("#cluster-title", "Tänav")
    expect(page.locator("#cluster-title-error")).to_be_hidden()
    expect(page.locator("#cluster-title")).not_to_have_attribute("aria-invalid", "true")


def test_ideas_are_dragged_into_clusters_one_or_several_at_once(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    phones_post(site, workshop, [BUS, VISITS, SHOP, COMPUTER])
    for title in ("Transport", "Üksildus"):
        site.api("POST", f"/api/v1/workshops/{workshop['id']}/clusters", {"title": title})
    page = console_for(browser, site, workshop)
    errors = fail_on_script_errors(page)
    expect(group(page, "Transport")).to_be_visible()

    card(page, BUS).drag_to(group(page, "Transport").locator(".cluster-heading"))
    expect(idea_in(page, "Transport", BUS)).to_be_visible()
    # Tick two, drag one of them: both go.
    card(page, VISITS).locator(".select-box").check()
    card(page, COMPUTER).locator(".select-box").check()
    card(page, COMPUTER).drag_to(group(page, "Üksildus"))
    expect(idea_in(page, "Üksildus", VISITS)).to_be_visible()
    expect(idea_in(page, "Üksildus", COMPUTER)).to_be_visible()
    assert_announced_politely(page, tr("et", "Moved to %(cluster)s: %(numbers)s",
                                       cluster="Üksildus", numbers="#2, #4"))
    # Onto "Other": out of every cluster.
    card(page, COMPUTER).drag_to(group(page, tr("et", "Other ideas")))
    expect(idea_in(page, tr("et", "Other ideas"), COMPUTER)).to_be_visible()
    assert clusters(site, workshop) == {"Transport": [BUS], "Üksildus": [VISITS]}
    assert errors == []


def test_suggested_clusters_change_nothing_until_accepted(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    ideas = ["Külabuss viib eakad poodi", "Külabuss viib eakad apteeki",
             "Külabuss viib eakad raamatukokku", "Kojukülastused üksi elavatele eakatele",
             "Vabatahtlike kojukülastused üksi elavatele", "Arvutikursus"]
    phones_post(site, workshop, ideas)
    suggested = site.api("GET", f"/api/v1/workshops/{workshop['id']}/cluster-suggestions")
    assert len(suggested["clusters"]) == 2, suggested
    site.phase(workshop, "grouping")
    page = console_for(browser, site, workshop)
    errors = fail_on_script_errors(page)

    page.locator("#suggest-button").click()
    suggestions = page.locator("#suggestion-list .suggestion")
    expect(suggestions).to_have_count(2)
    expect(page.locator("#suggestions-title")).to_be_focused()
    assert_announced_politely(page, tr("et", "Suggested clusters: %(n)s. Nothing changes until "
                                             "you accept one.", n=2))
    assert clusters(site, workshop) == {}
    first = suggestions.nth(0)
    expect(first.locator(".suggestion-ideas .idea-text")).to_have_text(ideas[:3])
    expect(first.locator(".suggestion-ideas .idea-number")).to_have_text(["#1", "#2", "#3"])

    # Edit: a title of the room's own, and one idea left out; then accept.
    first.locator(".suggestion-title").fill("Liikumine")
    first.locator(".suggestion-ideas input").nth(2).uncheck()
    first.locator("[data-suggestion-act=accept]").click()
    expect(group(page, "Liikumine").locator(".idea-text")).to_have_text(ideas[:2])
    expect(suggestions).to_have_count(1)
    expect(page.locator("#suggestions-status")).to_have_text(
        tr("et", "Cluster created: %(title)s. Ideas in it: %(n)s.", title="Liikumine", n=2))
    assert clusters(site, workshop) == {"Liikumine": sorted(ideas[:2])}

    # Discard the other: nothing is made.
    title = suggestions.nth(0).locator(".suggestion-title").input_value()
    suggestions.nth(0).locator("[data-suggestion-act=discard]").click()
    expect(suggestions).to_have_count(0)
    expect(page.locator("#suggestions-status")).to_have_text(
        tr("et", "Suggestion discarded: %(title)s", title=title))
    assert clusters(site, workshop) == {"Liikumine": sorted(ideas[:2])}
    page.locator("#suggestions-close").click()
    expect(page.locator("#suggestions")).to_be_hidden()
    expect(page.locator("#suggest-button")).to_be_focused()
    assert errors == []
