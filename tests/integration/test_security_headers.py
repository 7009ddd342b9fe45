"""What every page tells the browser: a Content-Security-Policy without inline script, frames only
from this site (the board also from BOARD_FRAME_ANCESTORS), cookies HttpOnly and SameSite
(and Secure behind HTTPS); and what the join pages tell people about their data.

Every GET route in `app.url_map` is fetched, signed out and signed in as an admin.
"""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from facilitation.codes import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, join_code_space
from tests.conftest import PASSWORD, join_phone, login, make_staff, make_workshop, post_idea
from tests.integration.pipeline_factories import make_lag, make_measure, make_proposal

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
EMBEDDER = "https://tv.vorumaa.example"


def csp(response: TestResponse) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    directives: dict[str, list[str]] = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


# The Socket.IO transport's path is a route only so that events can be routed; Engine.IO
# answers every request to it, and what it sends is not a page.
TRANSPORT = "socketio_transport"


def get_paths(app: Flask, ids: dict[str, object]) -> list[str]:
    """Every GET route with its variables filled in from the world below."""
    paths = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods or rule.endpoint == TRANSPORT:
            continue
        values = {name: ids[name] for name in rule.arguments}
        paths.append(app.url_map.bind("koosloome.test").build(rule.endpoint, values))
    return paths

@pytest.fixture
def world(app: Flask) -> dict[str, object]:
    admin = make_staff("admin")
    workshop = make_workshop(admin, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    lag = make_lag()
    measure = make_measure(lag)
    proposal = make_proposal(admin, lag)
    return {"admin": admin, "workshop": workshop, "phone": phone, "ids": {
        "code": workshop.code, "board_key": workshop.board_key, "workshop_id": workshop.id,
        "seminar_id": workshop.seminar_id, "idea_id": idea["id"], "proposal_id": proposal.id,
        "lag_id": lag.id, "measure_id": measure.id, "user_id": admin.id, "filename": "css/koosloome.css",
        "kind": "ideas", "file_format": "csv"}}


def fetch_all(app: Flask, client: FlaskClient, world: dict[str, object]
              ) -> dict[str, TestResponse]:
    return {path: client.get(path) for path in get_paths(app, world["ids"])}  # type: ignore[arg-type]


def is_board(path: str) -> bool:
    return path.startswith("/board/")


def check_headers(path: str, response: TestResponse, board_ancestors: list[str]) -> list[str]:
    problems = []
    policy = csp(response)
    scripts = policy.get("script-src") or policy.get("default-src") or []
    if not policy:
        problems.append("no Content-Security-Policy")
    if "'unsafe-inline'" in scripts or "'unsafe-eval'" in scripts or "*" in scripts:
        problems.append(f"script-src allows {scripts}")
    if policy.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    expected = ["'self'", *board_ancestors] if is_board(path) else ["'self'"]
    if policy.get("frame-ancestors") != expected:
        problems.append(f"frame-ancestors {policy.get('frame-ancestors')} != {expected}")
    framing = response.headers.get("X-Frame-Options")
    if (is_board(path) and board_ancestors) and framing is not None:
        problems.append("X-Frame-Options would stop the listed sites from embedding the board")
    elif not (is_board(path) and board_ancestors) and framing != "SAMEORIGIN":
        problems.append(f"X-Frame-Options {framing!r}")
    if response.headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if response.mimetype == "text/html":
        problems += [f"inline: {snippet}" for snippet in inline_code(response.get_data(as_text=True))]
    return problems


def inline_code(html: str) -> list[str]:
    """Script the CSP would block anyway, caught here before a browser has to."""
    found = []
    for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", html, re.S | re.I):
        attributes, body = match.groups()
        runs_inline = "src=" not in attributes and 'type="application/json"' not in attributes
        if runs_inline or ("src=" in attributes and body.strip()):
            found.append(match.group(0)[:80])
    found += re.findall(r"\son[a-z]+\s*=\s*[\"'][^\"']*", html, re.I)
    found += re.findall(r"(?:href|src|action)\s*=\s*[\"']\s*javascript:", html, re.I)
    found += re.findall(r"\sstyle\s*=\s*[\"']", html, re.I)
    return found


def test_every_page_has_a_strict_policy_signed_out_and_signed_in(app, client, world):
    responses = fetch_all(app, client, world)
    login(client, world["admin"])  # type: ignore[arg-type]
    signed_in = fetch_all(app, client, world)
    problems = {f"{who} {path} ({response.status_code})": found
                for who, pages in (("anonymous", responses), ("admin", signed_in))
                for path, response in pages.items()
                if (found := check_headers(path, response, []))}
    assert not problems, problems
    get_rules = {rule.rule for rule in app.url_map.iter_rules()
                 if "GET" in rule.methods and rule.endpoint != TRANSPORT}
    assert len(responses) == len(get_rules), "every GET route was fetched, each at its own path"
    assert {r.status_code for r in signed_in.values()} <= {200, 302}, {
        p: r.status_code for p, r in signed_in.items() if r.status_code not in (200, 302)}


def test_error_pages_and_api_answers_carry_the_policy_too(app, client):
    for response in (client.get("/no/such/page"), client.get("/api/v1/seminars"),
                     client.post("/api/v1/join", json={"code": "AAAAAA"}),
                     client.get("/board/not-a-key")):
        assert check_headers(response.request.path, response, []) == [], response.request.path


def test_the_board_may_be_framed_by_the_listed_sites_and_nothing_else_may(app, client, world):
    app.config["BOARD_FRAME_ANCESTORS"] = [EMBEDDER]
    responses = fetch_all(app, client, world)
    problems = {path: found for path, response in responses.items()
                if (found := check_headers(path, response, [EMBEDDER]))}
    assert not problems, problems
    board = responses[f"/board/{world['ids']['board_key']}"]  # type: ignore[index]
    assert csp(board)["frame-ancestors"] == ["'self'", EMBEDDER]
    assert "X-Frame-Options" not in board.headers


def test_no_template_has_inline_script_or_style():
    problems = {str(path.relative_to(TEMPLATES)): found for path in TEMPLATES.rglob("*.html")
                if (found := inline_code(path.read_text()))}
    assert not problems, problems


# -- cookies --------------------------------------------------------------------------------


def cookies_set_by(response: TestResponse) -> list[SimpleCookie]:
    jars = []
    for header in response.headers.getlist("Set-Cookie"):
        jar: SimpleCookie = SimpleCookie()
        jar.load(header)
        jars.append(jar)
    return jars


def every_cookie(app: Flask, client: FlaskClient, world: dict[str, object]) -> dict[str, str]:
    """Walk the ways a browser gets cookies: language, joining, signing in, flashing, out."""
    workshop = world["workshop"]
    answers = [
        client.get("/lang/en?next=/join"),
        client.get("/login"),
        client.post(f"/j/{workshop.code}", data={"name": "Mari"}),  # type: ignore[attr-defined]
        client.post(f"/j/{workshop.code}/ideas", data={  # type: ignore[attr-defined]
            "text": "Küpsiste mõte", "client_id": "cookie-1"}),
        client.post("/login", data={"email": world["admin"].email,  # type: ignore[attr-defined]
                                    "password": PASSWORD}),
        client.get("/console/"),
        client.post("/logout"),
    ]
    headers: dict[str, str] = {}
    for response in answers:
        for header in response.headers.getlist("Set-Cookie"):
            headers[header.split("=", 1)[0]] = header
    return headers


@pytest.mark.parametrize("secure", [False, True], ids=["http", "https"])
def test_every_cookie_is_httponly_and_samesite_and_secure_behind_https(app, client, world, secure):
    app.config["SESSION_COOKIE_SECURE"] = secure
    app.config["REMEMBER_COOKIE_SECURE"] = secure
    cookies = every_cookie(app, client, world)
    assert {"session", "koosloome_lang", f"koosloome_p{world['workshop'].id}"} <= set(cookies)  # type: ignore[attr-defined]
    for name, header in cookies.items():
        flags = {part.strip().split("=")[0].lower(): part.strip() for part in header.split(";")}
        assert "httponly" in flags, f"{name} is readable by scripts: {header}"
        assert flags.get("samesite", "").lower() in ("samesite=lax", "samesite=strict"), header
        assert ("secure" in flags) is secure, f"{name}: Secure should be {secure}: {header}"


# -- sessions and codes ---------------------------------------------------------------------


def test_a_session_cookie_cannot_be_forged_or_replayed_after_sign_out(app, client, world):
    login(client, world["admin"])  # type: ignore[arg-type]
    assert client.get("/console/").status_code == 200
    client.set_cookie("session", "eyJfdXNlcl9pZCI6IjEifQ.forged.signature", domain="koosloome.test")
    assert client.get("/console/").status_code == 302


def test_join_codes_and_secrets_are_as_strong_as_docs_operations_says(app, world):
    workshop = world["workshop"]
    assert join_code_space() == len(JOIN_CODE_ALPHABET) ** JOIN_CODE_LENGTH == 32 ** 6
    assert not set("01IO") & set(JOIN_CODE_ALPHABET)
    assert len(workshop.board_key) == 32  # type: ignore[attr-defined]  # token_urlsafe(24): 192 bits
    phone = world["phone"]
    assert len(phone.token) == 43  # type: ignore[attr-defined]  # token_urlsafe(32): 256 bits
    from app.extensions import db
    from app.models import Participant

    stored = db.session.get(Participant, phone.participant_id).token_hash  # type: ignore[attr-defined]
    assert stored != phone.token and len(stored) == 64  # type: ignore[attr-defined]  # SHA-256 hex
    operations = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()
    for figure in ("1,073,741,824", "192 bits", "256 bits", "SHA-256"):
        assert figure in operations, f"docs/operations.md should give {figure}"


# -- what the join pages say ----------------------------------------------------------------


@pytest.mark.parametrize("days", [180, 30, 1])
def test_the_join_pages_say_what_is_kept_and_for_how_long(app, client, world, days):
    app.config["PARTICIPANT_RETENTION_DAYS"] = days
    code = world["workshop"].code  # type: ignore[attr-defined]
    for language in ("et", "en", "ru"):
        for path in ("/join", f"/j/{code}"):
            html = client.get(f"{path}?lang={language}").get_data(as_text=True)
            assert re.search(rf"\b{days}\b", html), f"{path} in {language} gives no retention"
    english = client.get(f"/j/{code}?lang=en").get_data(as_text=True)
    assert "What we keep" in english
    assert f"deleted within {days} {'day' if days == 1 else 'days'} after" in english
    russian = client.get(f"/j/{code}?lang=ru").get_data(as_text=True)
    assert f"через {days} {RUSSIAN_DAYS[days]} после" in russian and "дн." not in russian


RUSSIAN_DAYS = {180: "дней", 30: "дней", 1: "день"}


# -- where redirects may go -----------------------------------------------------------------

OFF_SITE = ["//evil.example", "/\\evil.example", "/\t/evil.example", "/\n/evil.example",
            "https://evil.example", "javascript:alert(1)", " //evil.example", "\\\\evil.example"]


@pytest.mark.parametrize("target", OFF_SITE, ids=[repr(t) for t in OFF_SITE])
def test_next_addresses_never_leave_the_site(app, client, world, target):
    """A backslash or a tab reads as a slash in browsers: `/\\evil` is `//evil`."""
    language = client.get("/lang/en", query_string={"next": target})
    assert language.headers["Location"] == "/"
    signed_in = client.post("/login", query_string={"next": target}, data={
        "email": world["admin"].email, "password": PASSWORD})  # type: ignore[attr-defined]
    assert signed_in.headers["Location"] == "/console/"


def test_next_addresses_on_the_site_are_kept(app, client, world):
    assert client.get("/lang/en?next=/backlog/%3Fq%3Dbuss").headers["Location"] == \
        "/backlog/?q=buss"
