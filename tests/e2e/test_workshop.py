"""A whole workshop in real browsers: a facilitator's console, the projected board, phones.

Each person is a browser context of their own (cookies, storage, network). Two phones are
360 × 740; one is a 320 px phone at 200 % browser zoom (see PHONE_320_ZOOM_200). What each
screen shows is checked at every step, and the votes against the database through the
staff API, which always sees the counts.
"""

from __future__ import annotations

import json
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    PHONE_320_ZOOM_200,
    PROJECTOR,
    Site,
    assert_announced_politely,
    join_by_code,
    join_by_url,
    new_page,
    pending,
    post_idea,
    screenshot,
    staff_page,
    tr,
    vote_card,
    wait_sent,
)

BUS = "Külabuss, mis viib eakad kord nädalas poodi ja apteeki"
VISITS = "Home visits by volunteers for people who live alone"
TIMETABLE = "Suure kirjaga bussiplaan igasse bussipeatusesse"


def console_for(browser: Any, site: Site, workshop: dict[str, Any]) -> Page:
    page = staff_page(browser, site)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    return page


def console_idea(console: Page, text: str) -> Any:
    return console.locator("#idea-list li", has=console.locator(".idea-text", has_text=text))


def tap(page: Page, text: str, action: str, times: int = 1) -> None:
    """Press a dot button on an idea's card ("cast" adds a dot, "retract" takes one back)."""
    button = vote_card(page, text).locator(f"button[value={action}]")
    for _ in range(times):
        button.click()


def check_phase(pages: dict[str, tuple[Page, str]], phase_name: str) -> None:
    for page, lang in pages.values():
        expect(page.locator("#phase-name")).to_have_text(tr(lang, phase_name))


def shoot(pages: dict[str, tuple[Page, str]], phase: str) -> None:
    for who, (page, lang) in pages.items():
        screenshot(page, f"workshop-{phase}-{who}-{lang}")


def test_a_whole_workshop(browser: Any, site: Site) -> None:
    workshop = site.new_workshop(blind_voting=True, dots_per_participant=5, max_dots_per_idea=3)
    console = console_for(browser, site, workshop)
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    dialogs: list[str] = []
    console.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))

    # Anna types the code from the screen, as she heard it: small letters, with a space.
    anna = new_page(browser, phone=True, locale="et-EE")
    code = workshop["code"]
    join_by_code(anna, site, f"{code[:3].lower()} {code[3:].lower()}")
    assert anna.url.endswith(f"/j/{code}")
    # Ben scans the QR code (its address is the join URL); his phone speaks English.
    ben = new_page(browser, phone=True, locale="en-US")
    join_by_url(ben, workshop)
    # Carl's phone is 320 px wide and zoomed to 200 %.
    carl = new_page(browser, locale="et-EE", **PHONE_320_ZOOM_200)
    join_by_url(carl, workshop, name="Carl")
    phones = {"anna": (anna, "et"), "ben": (ben, "en"), "carl": (carl, "et")}
    screens = {**phones, "board": (board, "et"), "console": (console, "et")}

    # -- draft: everyone is in, nothing to do yet ---------------------------------------------
    check_phase(screens, "Getting ready")
    expect(board.locator("#count-participants")).to_have_text(tr("et", "Joined: %(n)s", n=3))
    expect(console.locator("#count-participants")).to_have_text("3")
    expect(ben.get_by_text(tr("en", "The workshop starts soon. Keep this page open; it changes "
                                    "by itself."))).to_be_visible()
    for page, _lang in phones.values():
        expect(page.locator("#idea-form")).to_be_hidden()

    # -- collecting: ideas with their target groups appear everywhere, live --------------------
    console.locator("#phase-buttons [data-phase=collecting]").click()
    check_phase(screens, "Sharing ideas")
    for page, lang in phones.values():
        assert_announced_politely(page, tr(lang, "Now: %(phase)s",
                                           phase=tr(lang, "Sharing ideas")))
    assert_announced_politely(board, tr("et", "Now: %(phase)s", phase=tr("et", "Sharing ideas")))

    post_idea(anna, BUS, ("elderly", "disabled"))
    expect(board.locator("#wall-flow .idea-text", has_text=BUS)).to_be_visible()
    expect(console_idea(console, BUS).locator(".tags")).to_have_text(
        f"{tr('et', 'Older people')}, {tr('et', 'People with disabilities')}")
    # Everyone's ideas are on the phones too (the default), with the groups in their language.
    expect(ben.locator("#idea-list li", has_text=BUS).locator(".tags")).to_have_text(
        "Older people, People with disabilities")
    assert_announced_politely(board, tr("et", "New idea: %(text)s", text=BUS))
    assert_announced_politely(ben, tr("en", "New idea: %(text)s", text=BUS))

    post_idea(ben, VISITS, ("carers",))
    post_idea(carl, TIMETABLE, ("elderly", "other"))
    for text in (VISITS, TIMETABLE):
        expect(board.locator("#wall-flow .idea-text", has_text=text)).to_be_visible()
        expect(console_idea(console, text)).to_be_visible()
        expect(anna.locator("#idea-list .idea-text", has_text=text)).to_be_visible()
    expect(console.locator("#idea-count")).to_have_text("(3)")
    expect(anna.locator("#my-ideas li")).to_have_count(1)
    assert {idea["text"]: idea["target_groups"] for idea in site.ideas(workshop)} == {
        BUS: ["elderly", "disabled"], VISITS: ["carers"], TIMETABLE: ["elderly", "other"]}

    # -- voting: dots on the phones, counts on the console, hidden on the board (blind) --------
    console.locator("#phase-buttons [data-phase=voting]").click()
    check_phase(screens, "Voting")
    for page, lang in phones.values():
        expect(page.locator("#dots-left")).to_have_text(tr(lang, "Dots left: %(n)s", n=5))
        expect(page.locator("#vote-list li")).to_have_count(3)
    expect(board.locator("#counts-hidden")).to_have_text(
        tr("et", "Counts are hidden until the results."))

    tap(anna, BUS, "cast", 2)
    tap(anna, TIMETABLE, "cast")
    expect(anna.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=2))
    assert_announced_politely(anna, tr("et", "Dot added. Dots left: %(n)s", n=2))
    tap(anna, BUS, "retract")  # Anna changes her mind: one dot back from the bus
    expect(anna.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=3))
    assert_announced_politely(anna, tr("et", "Dot taken back. Dots left: %(n)s", n=3))
    expect(vote_card(anna, BUS).locator(".my-dots-text")).to_have_text(
        tr("et", "Your dots on this idea: %(n)s", n=1))
    expect(vote_card(anna, BUS).locator(".dot-marks")).to_have_text("●○○")
    tap(ben, BUS, "cast")
    tap(ben, VISITS, "cast", 2)
    tap(carl, BUS, "cast")
    expect(carl.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=4))
    for page, _lang in phones.values():
        wait_sent(page, workshop)

    expected = {BUS: 3, VISITS: 2, TIMETABLE: 1}
    assert site.votes(workshop) == expected
    for text, votes in expected.items():
        expect(console_idea(console, text).locator(".vote-count")).to_have_text(str(votes))
    expect(console.locator("#count-dots")).to_have_text("6")
    expect(console.locator("#count-voters")).to_have_text("3")
    expect(board.locator("#count-dots")).to_have_text(tr("et", "Dots given: %(n)s", n=6))
    # Blind voting: the board shows the turnout, never a count on an idea.
    expect(board.locator("#wall-flow .card-votes")).to_have_count(3)
    for votes in board.locator("#wall-flow .card-votes").all():
        expect(votes).to_be_hidden()
    shoot(screens, "voting")

    # -- results: the ranking, on the board and on every phone ----------------------------------
    console.locator("#phase-buttons [data-phase=results]").click()
    check_phase(screens, "Results")
    ranking = [BUS, VISITS, TIMETABLE]
    # The top places stand above the rest of the ranking, each with its place and its dots.
    expect(board.locator("#wall-area .idea-text")).to_have_text(ranking)
    expect(board.locator("#podium .card-votes strong")).to_have_text(["3", "2", "1"])
    expect(board.locator("#podium .card-rank")).to_have_text(["1.", "2.", "3."])
    for page, lang in phones.values():
        expect(page.locator("#result-list .idea-text")).to_have_text(ranking)
        expect(page.locator("#result-list .result-count")).to_have_text(
            [tr(lang, "Dots: %(n)s", n=n) for n in (3, 2, 1)])
    shoot(screens, "results")

    # -- closed: the facilitator confirms; everyone is thanked ---------------------------------
    console.locator("#phase-buttons [data-phase=closed]").click()
    check_phase(screens, "Finished")
    assert dialogs == [tr("et", "Move the workshop to: %(phase)s?", phase=tr("et", "Finished"))]
    for page, lang in phones.values():
        expect(page.get_by_text(tr(lang, "The workshop has finished. Thank you for taking part!"))
               ).to_be_visible()
        expect(page.locator("#result-list .idea-text")).to_have_text(ranking)
    expect(board.locator("#wall-area .idea-text")).to_have_text(ranking)
    expect(board.locator("#ended")).to_be_visible()
    assert site.votes(workshop) == expected


def participant_id(page: Page) -> int:
    data = json.loads(page.locator("#page-data").text_content() or "{}")
    return int(data["state"]["me"]["participant_id"])


def test_a_phone_that_goes_offline_catches_up_exactly_once(browser: Any, site: Site) -> None:
    workshop = site.new_workshop(blind_voting=False, dots_per_participant=5)
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    phone = new_page(browser, phone=True, locale="et-EE")
    join_by_url(phone, workshop)
    me = participant_id(phone)
    site.phase(workshop, "collecting")
    post_idea(phone, BUS)
    post_idea(phone, VISITS)
    site.phase(workshop, "voting")
    expect(phone.locator("#vote-list li")).to_have_count(2)
    tap(phone, BUS, "cast")
    wait_sent(phone, workshop)
    assert site.votes(workshop) == {BUS: 1, VISITS: 0}

    # The venue's Wi-Fi drops. The phone notices, says so, and keeps what is tapped.
    phone.context.set_offline(True)
    banner = phone.locator("#connection")
    expect(banner).to_have_text(tr("et", "No connection. We keep trying; nothing you sent is lost."))
    assert_announced_politely(phone, tr("et", "No connection. We keep trying; nothing you sent "
                                              "is lost."))
    tap(phone, VISITS, "cast")
    tap(phone, BUS, "retract")
    expect(phone.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=4))
    queued = pending(phone, workshop)
    assert [item["event"] for item in queued] == ["vote:cast", "vote:retract"]
    assert site.votes(workshop) == {BUS: 1, VISITS: 0}, "nothing reaches the server while offline"

    # Back online: the same participant rejoins and its queue is applied, each action once.
    phone.context.set_offline(False)
    wait_sent(phone, workshop)
    expect(banner).to_be_hidden()
    assert_announced_politely(phone, tr("et", "Connected again."))
    assert site.votes(workshop) == {BUS: 0, VISITS: 1}
    expect(board.locator("#count-participants")).to_have_text(tr("et", "Joined: %(n)s", n=1))

    def same_as_board() -> None:
        for text, votes in site.votes(workshop).items():
            expect(board.locator("#wall-flow li", has_text=text).locator(".card-votes strong")
                   ).to_have_text(str(votes))
            expect(vote_card(phone, text).locator(".my-dots-text")).to_have_text(
                tr("et", "Your dots on this idea: %(n)s", n=votes))
        left = 5 - sum(site.votes(workshop).values())
        expect(phone.locator("#dots-left")).to_have_text(tr("et", "Dots left: %(n)s", n=left))

    same_as_board()

    # The phone sleeps offline and its browser drops the page; a dot was tapped just before.
    phone.context.set_offline(True)
    tap(phone, BUS, "cast")
    assert len(pending(phone, workshop)) == 1
    assert site.votes(workshop) == {BUS: 0, VISITS: 1}
    context = phone.context
    phone.close()
    context.set_offline(False)
    phone = context.new_page()
    phone.goto(workshop["join_url"])  # the cookie brings it back as the same participant
    assert participant_id(phone) == me
    wait_sent(phone, workshop)
    assert site.votes(workshop) == {BUS: 1, VISITS: 1}
    same_as_board()

    # Loading the page again sends nothing twice.
    phone.reload()
    assert participant_id(phone) == me
    assert pending(phone, workshop) == []
    same_as_board()
    assert site.votes(workshop) == {BUS: 1, VISITS: 1}
    expect(board.locator("#count-participants")).to_have_text(tr("et", "Joined: %(n)s", n=1))
    expect(board.locator("#count-dots")).to_have_text(tr("et", "Dots given: %(n)s", n=2))


def test_the_timers_last_minute_is_announced_politely(browser: Any, site: Site) -> None:
    workshop = site.new_workshop(language="en")
    console = console_for(browser, site, workshop)
    board = new_page(browser, **PROJECTOR)
    board.goto(workshop["board_url"])
    phone = new_page(browser, phone=True, locale="ru-RU")
    join_by_url(phone, workshop)
    expect(phone.locator("html")).to_have_attribute("lang", "ru")
    # Every screen redraws on a live phase change: then each is connected.
    site.phase(workshop, "collecting")
    for page, lang in ((phone, "ru"), (board, "en"), (console, "et")):
        expect(page.locator("#phase-name")).to_have_text(tr(lang, "Sharing ideas"))
    # 63 seconds: each screen's countdown crosses into its last minute a few seconds later.
    site.api("POST", f"/api/v1/workshops/{workshop['id']}/timer", {"seconds": 63})
    expect(phone.locator("#timer")).to_be_visible()
    started = tr("ru", "Timer started: %(time)s", time="\0").split("\0")[0]
    assert_announced_politely(phone, started)
    for page, lang in ((phone, "ru"), (board, "en"), (console, "et")):
        # Bounded well inside the 63 s timer: a loaded machine may draw the tick late.
        assert_announced_politely(page, tr(lang, "One minute left."), timeout=40_000)
    expect(board.locator("#timer")).to_have_class("board-timer last-minute")
    expect(phone.locator("#timer")).to_have_class("timer last-minute")
