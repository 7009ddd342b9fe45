"""The phone pages and the board page, used as plain HTML forms without any JavaScript."""

from __future__ import annotations

import re

import pytest
from flask_babel import gettext
from markupsafe import escape

from app.extensions import db
from app.models import Idea, Participant, Vote
from tests.conftest import (
    board_socket,
    join_phone,
    make_workshop,
    move_to,
    new_client_id,
    payloads,
    post_idea,
)

PROMPT = "Kuidas võiksime aidata eakatel kaasa lüüa?"


def field(name):
    """A form control named `name`, in either quoting style."""
    return re.compile(rf"""name=["']{re.escape(name)}["']""")


def page(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def path_of(response):
    """The path a redirect points at, whether or not Flask made it absolute."""
    target = response.headers["Location"]
    return "/" + target.split("://", 1)[1].split("/", 1)[1] if "://" in target else target


@pytest.fixture
def workshop(facilitator):
    return make_workshop(facilitator, phase="collecting", prompt=PROMPT,
                         dots_per_participant=3, max_dots_per_idea=2)


def joined_client(app, workshop, name="Mari"):
    """A phone's browser that has filled in the welcome form."""
    browser = app.test_client()
    response = browser.post(f"/j/{workshop.code}", data={"name": name})
    assert response.status_code == 302
    return browser


def token_cookie(browser, workshop):
    """The rejoin token the phone's browser keeps for this workshop, if any."""
    cookie = browser.get_cookie(f"koosloome_p{workshop.id}", domain="koosloome.test")
    return cookie.value if cookie else None


def participant_of(workshop):
    return db.session.query(Participant).filter_by(workshop_id=workshop.id).one()


# -- joining ----------------------------------------------------------------------------------


def test_the_join_page_asks_for_the_code(client):
    html = page(client.get("/join"))

    assert field("code").search(html)


def test_joining_with_a_bad_code_shows_the_form_again_with_a_message(app, client, workshop):
    with app.test_request_context("/join?lang=en"):
        message = str(escape(gettext(
            "We did not find a workshop with this code. Please check the code on the screen.")))

    response = client.post("/join?lang=en", data={"code": "ZZZZZZ"})

    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert 'value="ZZZZZZ"' in html  # what was typed stays in the box
    assert db.session.query(Participant).count() == 0


def test_joining_with_a_good_code_leads_to_the_workshop(client, workshop):
    response = client.post("/join", data={"code": workshop.code.lower()})

    assert response.status_code == 302
    assert path_of(response) == f"/j/{workshop.code}"


def test_a_join_link_with_the_code_in_the_query_leads_to_the_workshop(client, workshop):
    response = client.get(f"/join?code={workshop.code}")

    assert response.status_code == 302
    assert path_of(response) == f"/j/{workshop.code}"


def test_the_workshop_link_shows_the_welcome_form_to_a_newcomer(client, workshop):
    html = page(client.get(f"/j/{workshop.code}"))

    assert f"/j/{workshop.code}" in html
    assert field("name").search(html)
    assert not field("text").search(html)  # no idea form before joining


def test_a_typed_workshop_link_is_sent_to_its_canonical_address(client, workshop):
    response = client.get(f"/j/{workshop.code.lower()}")

    assert response.status_code == 302
    assert path_of(response) == f"/j/{workshop.code}"


def test_an_unknown_workshop_link_is_404(client):
    assert client.get("/j/ZZZZZZ").status_code == 404


def test_a_closed_workshops_link_and_code_say_it_has_ended_with_its_results(
        app, client, facilitator, workshop):
    phone = join_phone(app, workshop)
    post_idea(phone, "Ühine lõunasöök")
    move_to(workshop, facilitator, "voting", "results", "closed")

    for answer in (client.get(f"/j/{workshop.code}", headers={"Accept-Language": "en"}),
                   client.post("/join", data={"code": workshop.code.lower()},
                               headers={"Accept-Language": "en"}),
                   client.post(f"/j/{workshop.code}", data={"name": "Hilja"},
                               headers={"Accept-Language": "en"})):
        page = answer.get_data(as_text=True)
        assert answer.status_code == 410
        assert "This workshop has ended" in page and "Ühine lõunasöök" in page
        assert 'href="/join"' in page
        assert "join-code" not in page and "welcome-form" not in page
    estonian = client.get(f"/j/{workshop.code}", headers={"Accept-Language": "et"})
    assert "This workshop has ended" not in estonian.get_data(as_text=True)


def test_filling_in_the_welcome_form_sets_the_cookie_and_shows_the_phone_page(
        client, workshop):
    response = client.post(f"/j/{workshop.code}", data={"name": "Mari",
                                                        "background": "community"})

    assert response.status_code == 302
    assert path_of(response) == f"/j/{workshop.code}"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"koosloome_p{workshop.id}=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    participant = participant_of(workshop)
    assert (participant.display_name, participant.background.value) == ("Mari", "community")
    html = page(client.get(f"/j/{workshop.code}"))
    assert PROMPT in html
    assert field("text").search(html) and field("client_id").search(html)
    assert field("target_groups").search(html)


def test_a_welcome_form_with_a_bad_background_is_refused(client, workshop):
    response = client.post(f"/j/{workshop.code}", data={"background": "astronaut"})

    assert response.status_code == 400
    assert db.session.query(Participant).count() == 0


# -- ideas and dots -------------------------------------------------------------------------------


def test_posting_an_idea_from_the_form_adds_it_once(app, workshop):
    browser = joined_client(app, workshop)
    board = board_socket(app, workshop)
    form = {"text": "Külabuss poodi", "client_id": new_client_id(),
            "target_groups": ["elderly", "disabled"]}

    first = browser.post(f"/j/{workshop.code}/ideas", data=form)
    again = browser.post(f"/j/{workshop.code}/ideas", data=form)

    assert first.status_code == again.status_code == 302
    assert path_of(first) == f"/j/{workshop.code}"
    (idea,) = db.session.query(Idea).all()
    assert (idea.text, idea.target_groups) == ("Külabuss poodi", ["elderly", "disabled"])
    assert idea.participant_id == participant_of(workshop).id
    assert [e["idea"]["text"] for e in payloads(board, "idea:added")] == ["Külabuss poodi"]
    assert "Külabuss poodi" in page(browser.get(f"/j/{workshop.code}"))


def test_posting_an_idea_without_having_joined_adds_nothing(client, workshop):
    response = client.post(f"/j/{workshop.code}/ideas",
                           data={"text": "Anonüümne", "client_id": new_client_id()})

    assert response.status_code == 302
    assert path_of(response) == f"/j/{workshop.code}"
    assert db.session.query(Idea).count() == 0


def test_posting_an_idea_from_the_form_outside_collecting_adds_nothing(
        app, facilitator, workshop):
    browser = joined_client(app, workshop)
    move_to(workshop, facilitator, "voting")

    response = browser.post(f"/j/{workshop.code}/ideas",
                            data={"text": "Liiga hilja", "client_id": new_client_id()})

    assert response.status_code == 302
    assert db.session.query(Idea).count() == 0


def test_idea_text_is_escaped_on_the_phone_page(app, workshop):
    browser = joined_client(app, workshop)
    browser.post(f"/j/{workshop.code}/ideas",
                 data={"text": "<script>alert('x')</script> buss", "client_id": new_client_id()})

    html = page(browser.get(f"/j/{workshop.code}"))

    assert "<script>alert(" not in html
    assert db.session.query(Idea).one().text.startswith("<script>")


def test_casting_and_retracting_dots_from_the_form(app, facilitator, workshop):
    browser = joined_client(app, workshop)
    browser.post(f"/j/{workshop.code}/ideas",
                 data={"text": "Hääletame selle üle", "client_id": new_client_id()})
    idea = db.session.query(Idea).one()
    move_to(workshop, facilitator, "voting")
    html = page(browser.get(f"/j/{workshop.code}"))
    assert field("idea_id").search(html) and field("action").search(html)
    dot = {"idea_id": str(idea.id), "client_id": new_client_id(), "action": "cast"}

    cast = browser.post(f"/j/{workshop.code}/votes", data=dot)
    recast = browser.post(f"/j/{workshop.code}/votes", data=dot)
    browser.post(f"/j/{workshop.code}/votes", data={**dot, "client_id": new_client_id()})

    assert cast.status_code == recast.status_code == 302
    assert path_of(cast) == f"/j/{workshop.code}"
    assert db.session.query(Vote).filter(Vote.retracted_at.is_(None)).count() == 2

    retract = browser.post(f"/j/{workshop.code}/votes", data={
        "idea_id": str(idea.id), "client_id": new_client_id(), "action": "retract"})

    assert retract.status_code == 302
    assert db.session.query(Vote).filter(Vote.retracted_at.is_(None)).count() == 1
    assert db.session.query(Vote).count() == 2


def test_a_dot_over_the_limit_from_the_form_is_not_counted(app, facilitator, workshop):
    browser = joined_client(app, workshop)
    browser.post(f"/j/{workshop.code}/ideas",
                 data={"text": "Ainult kaks täppi", "client_id": new_client_id()})
    idea = db.session.query(Idea).one()
    move_to(workshop, facilitator, "voting")

    for _ in range(3):
        response = browser.post(f"/j/{workshop.code}/votes", data={
            "idea_id": str(idea.id), "client_id": new_client_id(), "action": "cast"})
        assert response.status_code == 302

    assert db.session.query(Vote).count() == 2  # max_dots_per_idea


def test_a_dot_for_a_made_up_idea_id_changes_nothing(app, facilitator, workshop):
    browser = joined_client(app, workshop)
    move_to(workshop, facilitator, "voting")

    response = browser.post(f"/j/{workshop.code}/votes",
                            data={"idea_id": "abc", "client_id": new_client_id()})

    assert response.status_code == 302
    assert db.session.query(Vote).count() == 0


# -- a phone that lost its cookie ---------------------------------------------------------------


def test_resume_restores_a_lost_cookie_from_the_token(app, workshop):
    browser = joined_client(app, workshop)
    token = token_cookie(browser, workshop)
    new_browser = app.test_client()
    assert not field("text").search(page(new_browser.get(f"/j/{workshop.code}")))

    response = new_browser.post(f"/j/{workshop.code}/resume", data={"token": token})

    assert response.status_code == 302
    assert token and token_cookie(new_browser, workshop) == token
    html = page(new_browser.get(f"/j/{workshop.code}"))
    assert field("text").search(html) and PROMPT in html
    assert db.session.query(Participant).count() == 1  # the same participant, not a new one


def test_resume_with_a_wrong_token_sets_no_cookie(app, facilitator, workshop):
    other = make_workshop(facilitator, phase="collecting")
    foreign_token = token_cookie(joined_client(app, other), other)
    browser = app.test_client()

    browser.post(f"/j/{workshop.code}/resume", data={"token": "made-up-token-123456"})
    browser.post(f"/j/{workshop.code}/resume", data={"token": foreign_token})

    assert foreign_token and token_cookie(browser, workshop) is None
    assert not field("text").search(page(browser.get(f"/j/{workshop.code}")))


# -- forms keep their CSRF protection -----------------------------------------------------------


def test_with_csrf_on_a_phone_form_needs_the_token_from_the_page(app, workshop):
    browser = joined_client(app, workshop)
    app.config["WTF_CSRF_ENABLED"] = True
    html = page(browser.get(f"/j/{workshop.code}"))
    token = re.search(r"""name=["']csrf_token["'] value=["']([^"']+)""", html).group(1)

    forged = browser.post(f"/j/{workshop.code}/ideas",
                          data={"text": "Võltsitud", "client_id": new_client_id()})
    genuine = browser.post(f"/j/{workshop.code}/ideas", data={
        "text": "Päris", "client_id": new_client_id(), "csrf_token": token})

    assert forged.status_code == 400
    assert genuine.status_code == 302
    assert [idea.text for idea in db.session.query(Idea)] == ["Päris"]


# -- the board ----------------------------------------------------------------------------------


def test_the_board_shows_the_join_code_the_prompt_and_a_qr_code(client, workshop):
    html = page(client.get(f"/board/{workshop.board_key}"))

    assert workshop.code in html
    assert PROMPT in html
    assert "<svg" in html


def test_an_unknown_board_key_is_404(client, workshop):
    assert client.get("/board/this-is-not-the-board-key").status_code == 404
