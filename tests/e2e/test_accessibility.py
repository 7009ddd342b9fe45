"""Accessibility measured in Chromium: axe-core on every page type in Estonian and English,
and what axe cannot see, measured on the rendered page.

- axe-core (WCAG 2.0–2.2 A/AA and best practice): no serious or critical violation on the
  join, welcome, phone (each phase), board (each phase), console (each phase), sign-in,
  workshop list, seminar and workshop forms, accessibility statement and the idea backlog,
  proposal, report, dashboard and admin pages. Lesser findings are printed in full (and
  listed at the end of the run, and in test-artifacts/axe-findings.txt).
- the phone view: every tap target at least 44 × 44 CSS px, no text under 18 px, no
  horizontal scrolling at 320 px, nor at 320 px with 200 % zoom;
- the board at 1920 × 1080: idea text at least 32 px with a contrast of at least 7:1;
- no motion when the system asks for reduced motion;
- the large-text and high-contrast switches survive a reload;
- the console on a 1366 × 768 laptop with the moderation queue, with forty ideas in five
  clusters (and suggestions open), and at results with its ranking: axe, and every target
  of its content at least 44 × 44 px.
Screenshots of the phone, the board and the console in each phase, in both languages, are
saved as test-artifacts/PHASE-SCREEN-LANG.png, and of those console states as
test-artifacts/console-STATE-LANG.png (with -first-screen.png, the view on opening).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.browser import (
    ARTIFACTS,
    CONTRAST,
    LOCALES,
    MOTION,
    OVERFLOW,
    PHONE_320,
    PHONE_320_ZOOM_200,
    PROJECTOR,
    TAP_TARGETS,
    TEXT_SIZES,
    Site,
    assert_accessible,
    join_by_url,
    new_page,
    phones_post,
    post_idea,
    screenshot,
    staff_page,
    start_axe,
    tr,
    vote_card,
    wait_sent,
)

PHASES = ("draft", "collecting", "grouping", "voting", "results", "closed")
PHASE_NAMES = {"draft": "Getting ready", "collecting": "Sharing ideas",
               "grouping": "Grouping ideas", "voting": "Voting", "results": "Results",
               "closed": "Finished"}
IDEAS = {
    "et": ("Külabuss, mis viib eakad kord nädalas poodi, apteeki ja raamatukokku",
           "Vabatahtlike kojukülastused üksi elavatele inimestele"),
    "en": ("A village bus that takes older people to the shop and the chemist every week",
           "Volunteers who visit people living alone at home"),
}


@dataclass
class Room:
    """One workshop with its screens: a 360 px phone, a smaller phone, the board, the console."""

    lang: str
    workshop: dict[str, Any]
    phone: Page
    small_phone: Page
    small_name: str
    board: Page
    console: Page
    ideas_posted: bool = False
    voted: bool = False

    @property
    def phones(self) -> dict[str, Page]:
        return {"phone": self.phone, self.small_name: self.small_phone}

    @property
    def screens(self) -> dict[str, Page]:
        return {"phone": self.phone, "board": self.board, "console": self.console}


@dataclass
class Rooms:
    site: Site
    rooms: list[Room]
    phase: str = "draft"
    done: set[str] = field(default_factory=set)

    def move_to(self, phase: str) -> None:
        while PHASES.index(self.phase) < PHASES.index(phase):
            self.phase = PHASES[PHASES.index(self.phase) + 1]
            for room in self.rooms:
                self.site.phase(room.workshop, self.phase)
            for room in self.rooms:
                for page in (*room.phones.values(), room.board, room.console):
                    expect(page.locator("#phase-name")).to_have_text(
                        tr(room.lang, PHASE_NAMES[self.phase]))
                if self.phase == "collecting" and not room.ideas_posted:
                    post_idea(room.phone, IDEAS[room.lang][0], ("elderly", "disabled"))
                    post_idea(room.small_phone, IDEAS[room.lang][1], ("other",))
                    room.ideas_posted = True
                if self.phase == "voting" and not room.voted:
                    first, second = IDEAS[room.lang]
                    vote_card(room.phone, first).locator("button[value=cast]").click()
                    vote_card(room.phone, second).locator("button[value=cast]").click()
                    vote_card(room.small_phone, first).locator("button[value=cast]").click()
                    wait_sent(room.phone, room.workshop)
                    wait_sent(room.small_phone, room.workshop)
                    room.voted = True


@pytest.fixture(scope="module")
def rooms(browser: Any, site: Site) -> Rooms:
    made = []
    # The Estonian room has visible counts; the English one votes blind.
    for lang, small, small_name in (("et", PHONE_320_ZOOM_200, "phone-320-zoom-200"),
                                    ("en", PHONE_320, "phone-320")):
        workshop = site.new_workshop(language=lang, blind_voting=lang == "en")
        phone = new_page(browser, phone=True, locale=LOCALES[lang])
        join_by_url(phone, workshop)
        small_phone = new_page(browser, locale=LOCALES[lang], **small)
        join_by_url(small_phone, workshop)
        # The board follows the workshop's language, whatever the hall's PC prefers.
        board = new_page(browser, locale="et-EE", **PROJECTOR)
        board.goto(workshop["board_url"])
        console = staff_page(browser, site, locale=LOCALES[lang], lang=lang)
        console.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
        made.append(Room(lang, workshop, phone, small_phone, small_name, board, console))
    return Rooms(site, made)


def check_phone_measures(page: Page, name: str) -> None:
    targets = page.evaluate(TAP_TARGETS)
    assert targets["count"] > 5, f"{name}: too few tap targets found ({targets})"
    assert not targets["small"], f"{name}: tap targets under 44 × 44 CSS px: {targets['small']}"
    text = page.evaluate(TEXT_SIZES)
    assert text["checked"] > 5 and text["body"] >= 18, f"{name}: {text}"
    assert not text["small"], f"{name}: text under 18 px: {text['small']}"
    width = page.evaluate(OVERFLOW)
    assert width["scrollWidth"] <= width["clientWidth"], f"{name}: scrolls sideways: {width}"


def check_board_ideas(board: Page, name: str) -> int:
    """Every idea on the board: text at least 24 px on a 1080 px tall screen (and as much in
    proportion on another), contrast at least 7:1."""
    checked = 0
    floor = 24 * board.viewport_size["height"] / 1080
    for text in board.locator("#wall-area .wall-card:not(.is-away) .idea-text, "
                              "#wall-area .podium-card .idea-text").all():
        if not text.is_visible():
            continue
        found = text.evaluate(CONTRAST)
        assert found["fontSize"] >= floor - 0.5, \
            f"{name}: idea text is {found['fontSize']} px: {found}"
        assert found["ratio"] >= 7, f"{name}: idea text contrast {found['ratio']:.2f}:1: {found}"
        checked += 1
    return checked


@pytest.mark.parametrize("phase", PHASES)
def test_each_phase_on_phone_board_and_console(rooms: Rooms, phase: str) -> None:
    rooms.move_to(phase)
    for room in rooms.rooms:  # axe checks the six screens at the same time
        for page in room.screens.values():
            start_axe(page)
    for room in rooms.rooms:
        for screen, page in room.screens.items():
            name = f"{phase}-{screen}-{room.lang}"
            expect(page.locator("html")).to_have_attribute("lang", room.lang)
            assert_accessible(page, name)
            screenshot(page, name)
            assert page.evaluate(MOTION) == [], f"{name}: motion despite reduced motion"
        for screen, page in room.phones.items():
            check_phone_measures(page, f"{phase}-{screen}-{room.lang}")
        if phase != "draft":
            assert check_board_ideas(room.board, f"{phase}-board-{room.lang}") == 2
        if phase in ("voting", "closed"):
            # The page as the server draws it (before any script runs, or after the phone
            # slept through the end of the workshop) is as accessible as the live one.
            name = f"{phase}-phone-reloaded-{room.lang}"
            room.phone.reload()
            expect(room.phone.locator("#phase-name")).to_have_text(tr(room.lang, PHASE_NAMES[phase]))
            expect(room.phone.locator("#result-list li" if phase == "closed" else "#vote-list li")
                   ).to_have_count(2)
            assert_accessible(room.phone, name)
            check_phone_measures(room.phone, name)


# -- pages around the workshop ---------------------------------------------------------------


@pytest.fixture(scope="module")
def people(browser: Any, site: Site) -> dict[str, Page]:
    """A visitor, a facilitator and an admin for each language, each with a browser of their own."""
    found: dict[str, Page] = {}
    for lang in ("et", "en"):
        found[f"visitor-{lang}"] = new_page(browser, locale=LOCALES[lang])
        found[f"staff-{lang}"] = staff_page(browser, site, locale=LOCALES[lang], lang=lang)
        found[f"admin-{lang}"] = staff_page(browser, site, email=site.admin_email,
                                            locale=LOCALES[lang], lang=lang)
    return found


@pytest.fixture(scope="module")
def records(site: Site) -> dict[str, Any]:
    """A seminar, a workshop, its ideas and a proposal, for the pages that show them."""
    workshop = site.new_workshop()
    seminar = site.api("GET", f"/api/v1/workshops/{workshop['id']}")["workshop"]["seminar_id"]
    lags = site.api("GET", "/api/v1/lags", token=site.admin_token)["lags"]
    ideas = site.api("GET", "/api/v1/ideas", token=site.admin_token)["ideas"]
    proposal = site.api("POST", "/api/v1/proposals", {
        "title": "Külabuss eakatele", "summary": "Kord nädalas poodi ja apteeki.",
        "lag_id": lags[0]["id"], "idea_ids": [ideas[0]["id"]], "fund": "leader",
        "applicant_name": "MTÜ Külaliikumine", "applicant_type": "ngo",
        "budget_total": "18000.00", "support_requested": "12743.68",
        "own_contribution_cash": "5256.32", "own_contribution_in_kind": "0.00"},
        token=site.admin_token)
    return {"workshop": workshop, "seminar_id": seminar, "lag_id": lags[0]["id"],
            "idea_id": ideas[0]["id"], "proposal_id": proposal["id"]}


ENTRY_PAGES = {
    # name: (who, path, what to do before the check)
    "join": ("visitor", "/join", None),
    "join-wrong-code": ("visitor", "/join", "wrong-code"),
    "welcome": ("visitor", "{join_path}", None),
    "login": ("visitor", "/login", None),
    "login-failed": ("visitor", "/login", "wrong-password"),
    "accessibility-statement": ("visitor", "/accessibility", None),
    "workshops": ("staff", "/console/", None),
    "seminar-form": ("staff", "/console/seminars/new", None),
    "seminar-form-errors": ("staff", "/console/seminars/new", "submit-empty"),
    "workshop-form": ("staff", "/console/seminars/{seminar_id}/workshops/new", None),
    "workshop-settings": ("staff", "/console/workshops/{workshop_id}/edit", None),
}
PIPELINE_PAGES = {
    "backlog": ("staff", "/backlog/"),
    "backlog-idea": ("admin", "/backlog/ideas/{idea_id}"),
    "backlog-duplicates": ("admin", "/backlog/duplicates"),
    "proposals": ("admin", "/proposals/"),
    "proposals-board": ("admin", "/proposals/board"),
    "proposal": ("admin", "/proposals/{proposal_id}"),
    "proposal-new": ("admin", "/proposals/new?idea_ids={idea_id}"),
    "dashboard": ("admin", "/proposals/dashboard"),
    "reports": ("staff", "/reports/"),
    "seminar-report": ("staff", "/reports/seminars/{seminar_id}"),
    "admin": ("admin", "/admin/"),
    "admin-lags": ("admin", "/admin/lags"),
    "admin-lag": ("admin", "/admin/lags/{lag_id}"),
    "admin-measures": ("admin", "/admin/measures"),
    "admin-measure-new": ("admin", "/admin/measures/new"),
    "admin-users": ("admin", "/admin/users"),
    "admin-user-new": ("admin", "/admin/users/new"),
}


def open_page(site: Site, page: Page, path: str, records: dict[str, Any]) -> None:
    values = {**records, "workshop_id": records["workshop"]["id"],
              "join_path": f"/j/{records['workshop']['code']}"}
    url = path.format(**values)
    # A renamed or removed route must fail here, never drop its accessibility check quietly.
    assert site.has_route(url), f"no route for GET {path} in app.url_map"
    response = page.goto(site.base_url + url)
    assert response is not None and response.status == 200, \
        f"GET {url} answered {response and response.status}"


@pytest.mark.parametrize("lang", ("et", "en"))
@pytest.mark.parametrize("name", ENTRY_PAGES)
def test_pages_around_the_workshop(site: Site, people: dict[str, Page],
                                   records: dict[str, Any], name: str, lang: str) -> None:
    who, path, action = ENTRY_PAGES[name]
    page = people[f"{who}-{lang}"]
    open_page(site, page, path, records)
    if action == "wrong-code":
        page.fill("#code", "ZZZZZZ")
        page.locator(".join-form button[type=submit]").click()
        expect(page.locator("#code")).to_have_attribute("aria-invalid", "true")
    elif action == "wrong-password":
        page.fill("input[name=email]", "nobody@koosloome.test")
        page.fill("input[name=password]", "not the password")
        page.locator("form button[type=submit]").click()
        expect(page.locator(".flash-error")).to_be_visible()
    elif action == "submit-empty":
        page.locator("main form button[type=submit]").click()
        expect(page.locator("[aria-invalid=true]").first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page, f"{name}-{lang}")
    if who == "visitor":
        screenshot(page, f"{name}-{lang}")


@pytest.mark.parametrize("lang", ("et", "en"))
@pytest.mark.parametrize("name", PIPELINE_PAGES)
def test_backlog_proposal_report_and_admin_pages(site: Site, people: dict[str, Page],
                                                 records: dict[str, Any], name: str,
                                                 lang: str) -> None:
    who, path = PIPELINE_PAGES[name]
    page = people[f"{who}-{lang}"]
    open_page(site, page, path, records)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    assert_accessible(page, f"{name}-{lang}")


# -- what axe cannot judge ---------------------------------------------------------------------


def test_reduced_motion_is_honoured(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    moving = new_page(browser, reduced_motion="no-preference", **PROJECTOR)
    still = new_page(browser, reduced_motion="reduce", **PROJECTOR)
    for board in (moving, still):
        board.goto(workshop["board_url"])
        expect(board.locator("#no-ideas")).to_be_visible()
    phone = new_page(browser, phone=True)
    join_by_url(phone, workshop)
    post_idea(phone, IDEAS["et"][0])
    # A new idea flashes in on the board; without the wish for less motion it animates...
    expect(moving.locator(".wall-card.is-new")).to_have_count(1)
    assert any("arrive" in found for found in moving.evaluate(MOTION)), "the probe sees motion"
    # ...and with it, nothing on the board, the phone or the console moves.
    expect(still.locator(".wall-card.is-new")).to_have_count(1)
    assert still.evaluate(MOTION) == []
    assert phone.evaluate(MOTION) == []


def test_large_text_and_high_contrast_persist_across_reload(browser: Any, site: Site) -> None:
    workshop = site.new_workshop()
    site.phase(workshop, "collecting")
    phone = new_page(browser, locale="et-EE", **PHONE_320_ZOOM_200)
    join_by_url(phone, workshop)
    html = phone.locator("html")
    phone.locator(".header-settings > summary").click()  # text size and contrast fold on a phone
    large = phone.locator(".pref-toggle[data-pref=text]")
    contrast = phone.locator(".pref-toggle[data-pref=contrast]")
    expect(large).to_have_text(tr("et", "Large text"))
    normal_size = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    large.click()
    contrast.click()
    for _ in range(2):  # as switched, and after loading the page again
        expect(html).to_have_attribute("data-text", "large")
        expect(html).to_have_attribute("data-contrast", "high")
        expect(large).to_have_attribute("aria-pressed", "true")
        expect(contrast).to_have_attribute("aria-pressed", "true")
        size = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        assert size >= normal_size * 1.2
        assert phone.evaluate("() => getComputedStyle(document.body).backgroundColor") == \
            "rgb(0, 0, 0)"
        phone.reload()
        phone.locator(".header-settings > summary").click()
    check_phone_measures(phone, "phone-large-text-high-contrast-320-zoom-200")
    assert_accessible(phone, "phone-large-text-high-contrast")
    screenshot(phone, "collecting-phone-large-text-high-contrast-et")
    large.click()
    contrast.click()
    phone.reload()
    expect(html).not_to_have_attribute("data-text", "large")
    expect(html).not_to_have_attribute("data-contrast", "high")
    expect(large).to_have_attribute("aria-pressed", "false")


# -- the console's wall: moderation, clusters, ranking ----------------------------------------

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
CLUSTER_TITLES = ("Transport", "Üksildus", "Digioskused", "Tervis ja liikumine", "Kultuur")
WALL = (
    "Külabuss, mis viib eakad kord nädalas poodi, apteeki ja raamatukokku",
    "Poeauto sõidab külast külla",
    "Vallabuss ka nädalavahetusel",
    "Sõidujagamine naabrite vahel: kes läheb linna, võtab teisi kaasa, ja vald hüvitab kütuse",
    "Taksotšekid liikumispuudega inimestele",
    "Bussiootepaviljonid pinkide ja katusega",
    "Arsti juurde sõit vabatahtliku autojuhiga",
    "Kaubik, mis toob apteegikaubad koju",
    "Vabatahtlike kojukülastused üksi elavatele inimestele",
    "Telefoniring: iga päev helistab keegi üksi elavale eakale",
    "Eakate klubi külamajas kord nädalas",
    "Põlvkondade kohvik, kus noored ja vanad saavad kokku",
    "Naabrivalve, mis märkab, kui keegi pole mitu päeva väljas käinud",
    "Leinatugi kogukonnas",
    "Ühised lõunasöögid koolimajas",
    "Mälestuste raamat: noored kirjutavad üles eakate lood, pildid ja laulud, ja see antakse "
    "välja kogu küla raamatuna, et lood ei kaoks ning noored ja vanad õpiksid üksteist "
    "tundma; raamatu esitlus on küla peol ja iga pere saab ühe eksemplari tasuta koju kaasa",
    "Nutitelefoni kursus raamatukogus",
    "Digiabi kord kuus vallamajas",
    "Noored õpetavad eakatele videokõnesid",
    "ID-kaardi ja Smart-ID abi",
    "Internetipanga turvalisuse koolitus",
    "Tahvelarvutite laenutus",
    "Kepikõnni rühm",
    "Tooliga võimlemine külamajas",
    "Mälutreening",
    "Terviseõde käib külas kord kuus",
    "Ujumisbuss spaasse",
    "Aiandusring kõrgpeenardega, mida saab teha ka ratastoolist",
    "Rahvatantsurühm eakatele",
    "Koorilaul",
    "Kinoõhtud külamajas subtiitritega",
    "Käsitööring",
    "Ühised ekskursioonid muuseumidesse",
    "Küla ajaloo õhtud",
    "Lumelükkamise abi talvel",
    "Küttepuude toomine ja lõhkumine",
    "Remondimeeste nimekiri, keda usaldada",
    "Kaltsuvaiba kudumine",
    "Jalgrattaparandus",
    "Toidupank",
)


def seed_wall(site: Site, **settings: Any) -> tuple[dict[str, Any], dict[str, int]]:
    """A workshop with the wall's forty ideas of mixed length, the first 34 in five clusters."""
    workshop = site.new_workshop(**settings)
    site.phase(workshop, "collecting")
    ideas = {idea["text"]: idea["id"] for idea in phones_post(site, workshop, WALL)}
    ids = [ideas[text] for text in WALL]
    for title, start, end in zip(CLUSTER_TITLES, (0, 8, 16, 22, 28), (8, 16, 22, 28, 34),
                                 strict=True):
        site.api("POST", f"/api/v1/workshops/{workshop['id']}/clusters",
                 {"title": title, "idea_ids": ids[start:end]})
    return workshop, ideas


def check_console(page: Page, name: str) -> None:
    """No serious axe finding, every target of the console's own content at least 44 × 44 px;
    screenshots of the whole page and of its first screen."""
    assert_accessible(page, name)
    targets = page.evaluate(TAP_TARGETS, "#main")
    assert not targets["small"], f"{name}: targets under 44 × 44 CSS px: {targets['small']}"
    screenshot(page, name)
    page.evaluate("() => window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTIFACTS / f"{name}-first-screen.png"), animations="disabled")


@pytest.mark.parametrize("lang", ("et", "en"))
def test_console_with_the_moderation_queue(browser: Any, site: Site, lang: str) -> None:
    workshop = site.new_workshop(moderation=True, language=lang)
    site.phase(workshop, "collecting")
    page = staff_page(browser, site, lang=lang, locale=LOCALES[lang], **LAPTOP)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    phones_post(site, workshop, WALL[:3])
    expect(page.locator("#pending-list li")).to_have_count(3)
    page.locator("#pending-list [data-pending-act=approve]").first.click()
    page.locator("#pending-list [data-pending-act=approve]").first.click()
    expect(page.locator("#idea-list .console-idea")).to_have_count(2)
    phones_post(site, workshop, WALL[3:7])
    expect(page.locator("#pending-list li")).to_have_count(5)
    page.locator("#pending-list [data-pending-act=edit]").first.click()
    page.fill("#paper-text", WALL[20])
    page.locator("#paper-idea-form button[type=submit]").click()
    expect(page.locator("#paper-status")).to_be_visible()
    check_console(page, f"console-collecting-moderation-{lang}")


@pytest.mark.parametrize("lang", ("et", "en"))
def test_console_grouping_forty_ideas_in_five_clusters(browser: Any, site: Site,
                                                       lang: str) -> None:
    workshop, _ideas = seed_wall(site, language=lang)
    site.phase(workshop, "grouping")
    page = staff_page(browser, site, lang=lang, locale=LOCALES[lang], **LAPTOP)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    expect(page.locator("#idea-list .cluster-group")).to_have_count(6)
    others = page.locator("#idea-list .cluster-group.is-other .select-box")
    others.nth(0).check()
    others.nth(1).check()
    page.locator("#move-target").select_option(index=1)
    page.locator("#move-button").click()
    expect(page.locator("#ideas-status")).to_be_visible()
    page.locator("#idea-list .cluster-group [data-cluster-act=rename]").first.click()
    page.locator("#suggest-button").click()
    expect(page.locator("#suggestions-status")).to_be_visible()
    check_console(page, f"console-grouping-clusters-{lang}")


@pytest.mark.parametrize("lang", ("et", "en"))
def test_console_at_results_with_the_ranking(browser: Any, site: Site, lang: str) -> None:
    workshop, ideas = seed_wall(site, language=lang, dots_per_participant=5, max_dots_per_idea=3)
    site.phase(workshop, "voting")
    ids = list(ideas.values())
    for voter in range(4):  # ties on purpose: 4 dots on two ideas, 2 on several
        joined = site.api("POST", "/api/v1/join", {"code": workshop["code"]})
        _cast_dots(site, joined["token"], [ids[0], ids[9], ids[voter + 16], ids[voter + 16],
                                           ids[30]])
    site.phase(workshop, "results")
    page = staff_page(browser, site, lang=lang, locale=LOCALES[lang], **LAPTOP)
    page.goto(f"{site.base_url}/console/workshops/{workshop['id']}")
    expect(page.locator("#ranking-list li")).to_have_count(len(WALL))
    expect(page.locator("#ranking-list .rank").first).to_have_text("1.")
    expect(page.locator("#ranking-list .rank").nth(1)).to_have_text("1.")
    check_console(page, f"console-results-ranking-{lang}")


def _cast_dots(site: Site, token: str, idea_ids: list[int]) -> None:
    import uuid

    from tests.live_server import LiveClient

    phone = LiveClient.connect(site.base_url, {"token": token})
    try:
        for idea_id in idea_ids:
            ack = phone.call("vote:cast", {"idea_id": idea_id, "client_id": uuid.uuid4().hex})
            assert ack["ok"], ack
    finally:
        phone.close()
