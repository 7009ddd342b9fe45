"""Helpers for the real-browser tests: contexts, sign-in, axe-core, measurements, evidence.

The pages keep their Content-Security-Policy (`script-src 'self'`) in these tests, so
nothing here adds a <script> tag to a page: axe-core and the probes below run through
`page.evaluate` and init scripts, which the browser does not subject to the page's policy.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.live_server import Server

PROJECT = Path(__file__).resolve().parents[2]
AXE = PROJECT / "static" / "vendor" / "axe.min.js"
ARTIFACTS = PROJECT / "test-artifacts"
TRANSLATIONS = PROJECT / "translations"
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
# A 320 px wide phone at 200 % browser zoom. Browser zoom doubles the size of a CSS pixel,
# so the page is laid out in a 160 × 370 CSS px viewport drawn with four device pixels per
# CSS pixel; media queries, vw units and the meta viewport all see 160 px, as they do on a
# zoomed phone. (A CSS `zoom` on <html> would leave media queries at 320 px.)
PHONE_320_ZOOM_200 = {"viewport": {"width": 160, "height": 370}, "device_scale_factor": 4,
                      "is_mobile": True, "has_touch": True}
PHONE_320 = {"viewport": {"width": 320, "height": 740}, "device_scale_factor": 2,
             "is_mobile": True, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1920, "height": 1080}}
STAFF_PASSWORD = "live test password"
ADMIN_EMAIL = "admin@koosloome.test"
LOCALES = {"et": "et-EE", "en": "en-US", "ru": "ru-RU"}


@dataclass
class Site:
    """A running server with its staff accounts, and how to reach it."""

    server: Server
    login_email: str
    login_password: str
    workshop: dict[str, Any] = field(default_factory=dict)
    admin_email: str = ADMIN_EMAIL
    admin_token: str = ""
    routes: list[str] = field(default_factory=list)  # the app's GET rules (app.url_map)
    sessions: dict[str, Any] = field(default_factory=dict)  # signed-in storage, by email

    @property
    def base_url(self) -> str:
        return self.server.base_url

    def has_route(self, path: str) -> bool:
        """Whether the app has a GET route for this path (not whether the object exists)."""
        from werkzeug.exceptions import MethodNotAllowed, NotFound
        from werkzeug.routing import Map, Rule

        adapter = Map([Rule(rule) for rule in self.routes]).bind("localhost")
        try:
            adapter.match(path.split("?")[0], method="GET")
        except (NotFound, MethodNotAllowed):
            return False
        except Exception:  # a redirect (e.g. a missing trailing slash): the route is there
            return True
        return True

    def api(self, method: str, path: str, payload: dict[str, Any] | None = None,
            token: str | None = None) -> Any:
        return self.server.api(method, path, payload, token=token)

    def new_workshop(self, **settings: Any) -> dict[str, Any]:
        seminar = self.api("POST", "/api/v1/seminars",
                           {"title": "Inspiratsiooniseminar Räpinas", "kind": "inspiration_seminar"})
        return self.api("POST", f"/api/v1/seminars/{seminar['id']}/workshops", {
            "title": "Koosloome töötuba",
            "prompt": "Kuidas võiksime aidata eakatel kogukonnaellu kaasa lüüa?",
            **settings})

    def phase(self, workshop: dict[str, Any], phase: str) -> None:
        self.api("POST", f"/api/v1/workshops/{workshop['id']}/phase", {"phase": phase})

    def ideas(self, workshop: dict[str, Any]) -> list[dict[str, Any]]:
        """The database's truth as staff see it: every idea, always with its votes."""
        return list(self.api("GET", f"/api/v1/workshops/{workshop['id']}/ideas")["ideas"])

    def votes(self, workshop: dict[str, Any]) -> dict[str, int]:
        return {idea["text"]: idea["votes"] for idea in self.ideas(workshop)}


# -- contexts, pages, people ------------------------------------------------------------------

# Records every text that appears in a live region (aria-live, or a role that implies one),
# with the region's politeness, before the page's own scripts run.
LIVE_RECORDER = """(() => {
  const log = [];
  Object.defineProperty(window, "__announced", { value: log });
  const REGIONS = "[aria-live], [role=status], [role=alert], [role=log]";
  new MutationObserver((mutations) => {
    const regions = new Set();
    mutations.forEach((m) => {
      const node = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      const region = node && node.closest(REGIONS);
      if (region) regions.add(region);
    });
    regions.forEach((region) => {
      const text = region.textContent.replace(/\\s+/g, " ").trim();
      if (text) log.push({ text, id: region.id, live: region.getAttribute("aria-live"),
                           role: region.getAttribute("role") });
    });
  }).observe(document, { subtree: true, childList: true, characterData: true });
})();"""


# Every context the tests open, so that conftest can close them after each test or module.
CONTEXTS: list[Any] = []


def close_contexts_since(before: list[Any]) -> None:
    for context in [c for c in CONTEXTS if c not in before]:
        CONTEXTS.remove(context)
        context.close()


def new_context(browser: Any, *, locale: str = "et-EE", phone: bool = False,
                **options: Any) -> Any:
    settings: dict[str, Any] = {"locale": locale, "reduced_motion": "reduce"}
    if phone:
        settings.update(PHONE)
    else:
        settings["viewport"] = {"width": 1366, "height": 900}
    settings.update(options)
    context = browser.new_context(**settings)
    CONTEXTS.append(context)
    context.set_default_timeout(10_000)
    if settings.get("java_script_enabled", True):
        context.add_init_script(LIVE_RECORDER)
    return context


def new_page(browser: Any, **options: Any) -> Page:
    """A page in a context of its own (one person, one device)."""
    page: Page = new_context(browser, **options).new_page()
    return page


def sign_in(page: Any, site: Site, email: str | None = None) -> None:
    page.goto(site.base_url + "/login")
    page.fill("input[name=email]", email or site.login_email)
    page.fill("input[name=password]", site.login_password)
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_url("**/console/**")


def staff_page(browser: Any, site: Site, *, email: str | None = None, lang: str | None = None,
               **options: Any) -> Page:
    """A staff member's own browser, signed in: through the sign-in form the first time in a
    module, then with that session's cookies (as a second tab would be); `lang` sets the
    language the switch in the header would have set."""
    email = email or site.login_email
    state = site.sessions.get(email)
    if state is None:
        page = new_page(browser, **options)
        sign_in(page, site, email)
        site.sessions[email] = page.context.storage_state()
    else:
        page = new_page(browser, storage_state=state, **options)
    if lang:
        page.context.add_cookies([{"name": "koosloome_lang", "value": lang,
                                   "url": site.base_url}])
    return page


def join_by_url(page: Page, workshop: dict[str, Any], name: str = "") -> None:
    """Open the join link (the QR code's address) and join from the welcome page."""
    page.goto(workshop["join_url"])
    welcome_to_phone(page, name)


def join_by_code(page: Page, site: Site, code: str, name: str = "") -> None:
    """Type the code from the screen at /join, as a person without a QR reader does."""
    page.goto(site.base_url + "/join")
    page.fill("#code", code)
    page.locator(".join-form button[type=submit]").click()
    welcome_to_phone(page, name)


def welcome_to_phone(page: Page, name: str = "") -> None:
    page.wait_for_selector("#welcome-form")
    if name:
        page.fill("#name", name)
    page.locator("#welcome-form button[type=submit]").click()
    page.wait_for_selector("#phase-name")


def post_idea(page: Page, text: str, groups: tuple[str, ...] = ()) -> None:
    """Write an idea on the phone, tick its target-group chips and send it."""
    page.fill("#idea-text", text)
    if groups and page.locator("#idea-form .target-groups[open]").count() == 0:
        page.locator("#idea-form .target-groups > summary").click()  # folded on a phone
    for group in groups:
        page.locator(f"#idea-form .chip:has(input[value={group}])").click()
    page.locator("#idea-form button[type=submit]").click()
    # Sent and acknowledged: in "Your ideas" without the "waiting to be sent" badge.
    expect(page.locator("#my-ideas li", has_text=text).locator(".pending-badge")).to_be_hidden()


def vote_card(page: Page, text: str) -> Any:
    return page.locator("#vote-list li", has=page.locator(".idea-text", has_text=text))


def pending(page: Page, workshop: dict[str, Any]) -> list[dict[str, Any]]:
    """What the phone has queued and not yet had acknowledged (kept in localStorage)."""
    raw = page.evaluate("(key) => localStorage.getItem(key)",
                        f"koosloome:pending:{workshop['id']}")
    return list(json.loads(raw or "[]"))


def wait_sent(page: Page, workshop: dict[str, Any], timeout: float = 15_000) -> None:
    """Until every queued action of the phone is acknowledged by the server."""
    page.wait_for_function("(key) => (localStorage.getItem(key) || '[]') === '[]'",
                           arg=f"koosloome:pending:{workshop['id']}", timeout=timeout)


def phones_post(site: Site, workshop: dict[str, Any], texts: list[str] | tuple[str, ...],
                per_phone: int = 8) -> list[dict[str, Any]]:
    """Ideas posted from phones over real sockets, without a browser: a few people, each
    within their rate limit, in the order given. Returns each idea as its author's ack has it."""
    import uuid

    from tests.live_server import LiveClient

    ideas: list[dict[str, Any]] = []
    for start in range(0, len(texts), per_phone):
        joined = site.api("POST", "/api/v1/join", {"code": workshop["code"]})
        phone = LiveClient.connect(site.base_url, {"token": joined["token"]})
        try:
            for text in texts[start:start + per_phone]:
                ack = phone.call("idea:post", {"text": text, "client_id": uuid.uuid4().hex})
                assert ack["ok"], ack
                ideas.append(ack["idea"])
        finally:
            phone.close()
    return ideas


def staff_call(site: Site, event: str, payload: dict[str, Any]) -> dict[str, Any]:
    """One staff socket event with the facilitator's API token, as another console would send it."""
    from tests.live_server import LiveClient

    staff = LiveClient.connect(site.base_url, {"api_token": site.server.api_token})
    try:
        answer = staff.call(event, payload)
    finally:
        staff.close()
    assert answer["ok"], answer
    return answer


def fail_on_script_errors(page: Page) -> list[str]:
    """Collect the page's uncaught script errors (the caller asserts the list stays empty)."""
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


# -- live regions -----------------------------------------------------------------------------


def announcements(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate("() => window.__announced.slice()"))


def wait_announced(page: Page, text: str, timeout: float = 10_000) -> dict[str, Any]:
    """Until a live region has said `text`; the region's record (id, aria-live, role)."""
    page.wait_for_function(
        "(text) => window.__announced.some((a) => a.text.includes(text))", arg=text,
        timeout=timeout)
    return next(a for a in announcements(page) if text in a["text"])


def assert_announced_politely(page: Page, text: str, timeout: float = 10_000) -> None:
    said = wait_announced(page, text, timeout)
    assert said["live"] == "polite", f"{text!r} was said by a region that is not polite: {said}"


# -- translations -----------------------------------------------------------------------------


@functools.cache
def _catalogue(lang: str) -> Any:
    from babel.support import Translations

    return Translations.load(str(TRANSLATIONS), [lang])


def tr(lang: str, msgid: str, **params: Any) -> str:
    """The text a screen shows in `lang` for an English message id (from the catalogues)."""
    text = str(_catalogue(lang).gettext(msgid))
    return text % params if params else text


# -- axe-core ---------------------------------------------------------------------------------


@functools.cache
def _axe_source() -> str:
    return AXE.read_text(encoding="utf-8")


AXE_OPTIONS = """{resultTypes: ['violations'],
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa',
                                    'best-practice']}}"""


def start_axe(page: Any) -> None:
    """Load axe-core from static/vendor into the page and start it on the whole page; several
    pages can be checked at once (each in its own renderer), then see assert_accessible."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source() + "\n;undefined")
    page.evaluate(f"() => {{ window.__axeRun = axe.run(document, {AXE_OPTIONS}); }}")


def run_axe(page: Any) -> dict[str, Any]:
    """Run axe-core on the whole page (or finish the run start_axe began) and return its results."""
    if not page.evaluate("() => Boolean(window.__axeRun)"):
        start_axe(page)
    return dict(page.evaluate("""async () => {
        try { return await window.__axeRun; } finally { window.__axeRun = null; }
    }"""))


# Every lesser (minor or moderate) finding of the run; conftest prints them at the end.
AXE_FINDINGS: list[str] = []
AXE_PAGES: list[str] = []


def assert_accessible(page: Any, name: str) -> None:
    """No serious or critical axe finding; lesser findings are printed in full."""
    results = run_axe(page)
    violations = results["violations"]
    lesser = [v for v in violations if v["impact"] not in ("serious", "critical")]
    grave = [v for v in violations if v["impact"] in ("serious", "critical")]
    AXE_PAGES.append(name)
    for finding in lesser:
        line = (f"[axe {name}] {finding['impact']}: {finding['id']} — {finding['help']} "
                f"({len(finding['nodes'])} nodes: "
                f"{', '.join(' '.join(map(str, n['target'])) for n in finding['nodes'])})")
        AXE_FINDINGS.append(line)
        print(line)
    assert not grave, f"{name}: " + json.dumps(
        [{"id": v["id"], "impact": v["impact"], "help": v["help"],
          "nodes": [n["target"] for n in v["nodes"]][:5]} for v in grave], indent=1,
        ensure_ascii=False)


# -- evidence ---------------------------------------------------------------------------------


def screenshot(page: Any, name: str) -> None:
    """The whole page, one image pixel per CSS pixel, as test-artifacts/NAME.png."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True, scale="css",
                    animations="disabled")


# -- keyboard ---------------------------------------------------------------------------------


def focused(page: Page) -> dict[str, Any]:
    """The focused element: its description and whether its focus can be seen."""
    return dict(page.evaluate("""() => {
      const el = document.activeElement;
      if (!el || el === document.body) return { tag: "BODY", visible: false };
      const s = getComputedStyle(el);
      const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
      const shadow = s.boxShadow && s.boxShadow !== "none";
      const r = el.getBoundingClientRect();
      return { tag: el.tagName, id: el.id,
               text: (el.textContent || el.value || "").trim().slice(0, 60),
               focusVisible: el.matches(":focus-visible"),
               outline: `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
               shadow: s.boxShadow, visible: outline || Boolean(shadow),
               onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight };
    }"""))


def tab_to(page: Page, selector: str, *, limit: int = 80, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focus is on `selector`; check its focus shows."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => Boolean(document.activeElement && document.activeElement.matches(s))",
                         selector):
            assert_focus_visible(page)
            return
    raise AssertionError(f"{selector} was not reached with {limit} presses of {key}")


def assert_focus_visible(page: Page) -> None:
    where = focused(page)
    assert where.get("focusVisible"), f"focus is not :focus-visible: {where}"
    assert where["visible"], f"no visible focus indicator (outline or box-shadow): {where}"
    assert where["onScreen"], f"the focused element is off screen: {where}"


# -- measurements -----------------------------------------------------------------------------

# Every visible tap target: links, buttons, form fields; a box inside a <label> counts as its
# label (the chip), which is what a finger presses. An optional selector limits it to a part
# of the page (the console's own content, say).
TAP_TARGETS = """(root) => {
  const small = [];
  const seen = new Set();
  const shown = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && !el.closest(".visually-hidden");
  };
  const TARGETS = "a[href], button, input:not([type=hidden]), select, textarea, summary, "
    + "[role=button], label.chip";
  (root ? document.querySelector(root) : document).querySelectorAll(TARGETS).forEach((el) => {
    const target = (el.matches("input") && el.closest("label")) || el;
    if (seen.has(target) || !shown(target)) return;
    seen.add(target);
    const r = target.getBoundingClientRect();
    if (r.width < 44 - 0.01 || r.height < 44 - 0.01) {
      const text = target.textContent.trim().slice(0, 40);
      small.push(`${target.tagName}.${target.className} "${text}" `
                 + `${r.width.toFixed(1)}×${r.height.toFixed(1)}`);
    }
  });
  return { count: seen.size, small };
}"""

# The smallest text: the font size of every element that directly holds visible text.
TEXT_SIZES = """() => {
  const small = [];
  let checked = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    if (el.closest("script, template, .visually-hidden, [aria-hidden=true]")) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    checked += 1;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const text = node.textContent.trim().slice(0, 40);
    if (size < 18 - 0.01) small.push(`${el.tagName}.${el.className} "${text}" ${size}px`);
  }
  return { checked, small, body: parseFloat(getComputedStyle(document.body).fontSize) };
}"""

OVERFLOW = """() => {
  const root = document.documentElement;
  const wide = [];
  document.querySelectorAll("body *").forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > root.clientWidth + 0.5 && !el.closest(".visually-hidden")) {
      wide.push(`${el.tagName}#${el.id}.${el.className} right=${r.right.toFixed(1)}`);
    }
  });
  return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide: wide.slice(0, 8) };
}"""

# The contrast of an element's text against what is really behind it: the first opaque
# background up the tree, with any translucent layers in between blended over it.
CONTRAST = """(el) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3] + under[3] * (1 - top[3]);
    if (!a) return [0, 0, 0, 0];
    return [0, 1, 2].map((i) => (top[i] * top[3] + under[i] * under[3] * (1 - top[3])) / a).concat([a]);
  };
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] >= 1) break;
  }
  let bg = [255, 255, 255, 1];  // the canvas
  layers.reverse().forEach((layer) => { bg = over(layer, bg); });
  const fg = over(parse(getComputedStyle(el).color), bg);
  const lum = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
  return { ratio: (hi + 0.05) / (lo + 0.05), fontSize: parseFloat(getComputedStyle(el).fontSize),
           color: getComputedStyle(el).color,
           background: `rgb(${bg.slice(0, 3).map(Math.round).join(", ")})` };
}"""

# Motion still left on the page: any element whose transition or animation takes time.
MOTION = """() => {
  const seconds = (list) => list.split(",").map((v) => parseFloat(v) * (v.trim().endsWith("ms") ? 0.001 : 1));
  const moving = [];
  [document.documentElement, ...document.querySelectorAll("body, body *")].forEach((el) => {
    for (const pseudo of [null, "::before", "::after"]) {
      const s = getComputedStyle(el, pseudo);
      const t = Math.max(...seconds(s.transitionDuration));
      const a = s.animationName !== "none" ? Math.max(...seconds(s.animationDuration)) : 0;
      if (t > 0 || a > 0) {
        moving.push(`${el.tagName}.${el.className}${pseudo || ""} transition=${s.transitionDuration}`
                    + ` animation=${s.animationName} ${s.animationDuration}`);
      }
    }
  });
  return moving;
}"""
