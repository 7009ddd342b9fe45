"""Who may do what: sockets authorize every event, the API every request, the console every page."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Idea, Participant, Vote, Workshop
from app.services import team
from app.services.staff import create_token
from tests.conftest import (
    PASSWORD,
    as_staff,
    bearer,
    board_socket,
    connect,
    console_socket,
    join_phone,
    login,
    make_staff,
    make_workshop,
    move_to,
    new_client_id,
    payloads,
    post_idea,
    staff_headers,
    staff_socket,
)

# -- sockets --------------------------------------------------------------------------------


def staff_only_events(workshop, idea_id, other_id):
    return {
        "phase:set": {"workshop_id": workshop.id, "phase": "voting"},
        "timer:set": {"workshop_id": workshop.id, "seconds": 60},
        "idea:hide": {"idea_id": idea_id},
        "idea:edit": {"idea_id": idea_id, "text": "Ümber kirjutatud"},
        "idea:merge": {"target_id": idea_id, "source_ids": [other_id]},
        "ballot:add": {"workshop_id": workshop.id, "name": "Paber"},
    }


@pytest.mark.parametrize("name", ["phase:set", "timer:set", "idea:hide", "idea:edit",
                                  "idea:merge", "ballot:add"])
def test_a_participant_cannot_use_facilitator_events(app, facilitator, name):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea, other = post_idea(phone, "Minu mõte"), post_idea(phone, "Teine mõte")
    console = console_socket(app, facilitator, workshop)
    seq = db.session.get(Workshop, workshop.id).seq

    ack = phone.emit(name, staff_only_events(workshop, idea["id"], other["id"])[name])

    assert ack["ok"] is False
    assert ack["error"]["code"] == "forbidden"
    db.session.rollback()
    row = db.session.get(Workshop, workshop.id)
    assert (row.phase.value, row.seq, row.timer_ends_at) == ("collecting", seq, None)
    ideas = {i.id: i for i in db.session.query(Idea)}
    assert ideas[idea["id"]].text == "Minu mõte" and not ideas[idea["id"]].hidden
    assert ideas[other["id"]].merged_into_id is None
    assert db.session.query(Participant).filter(Participant.on_paper.is_(True)).count() == 0
    assert payloads(console) == []


def test_a_participant_cannot_join_another_workshop(app, facilitator):
    mine = make_workshop(facilitator, phase="collecting")
    theirs = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, mine)

    ack = phone.emit("join", {"workshop_id": theirs.id})
    post_idea(join_phone(app, theirs), "Teise töötoa mõte")

    assert ack == {"ok": False, "error": {"code": "forbidden", "message": ack["error"]["message"]}}
    assert payloads(phone, "idea:added") == []  # still not in the other room


def test_a_participants_idea_always_lands_in_their_own_workshop(app, facilitator):
    mine = make_workshop(facilitator, phase="collecting")
    theirs = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, mine)

    idea = post_idea(phone, "Kuhu see läheb?", workshop_id=theirs.id)

    assert idea["workshop_id"] == mine.id
    assert db.session.get(Idea, idea["id"]).workshop_id == mine.id
    assert db.session.query(Idea).filter(Idea.workshop_id == theirs.id).count() == 0


def test_a_participant_cannot_vote_as_someone_else(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone, other = join_phone(app, workshop), join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")

    ack = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": new_client_id(),
                                   "participant_id": other.participant_id})

    assert ack["ok"]
    (vote,) = db.session.query(Vote).all()
    assert vote.participant_id == phone.participant_id


def test_a_board_cannot_post_or_vote(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop))
    board = board_socket(app, workshop)

    posted = board.emit("idea:post", {"text": "Tahvli mõte", "client_id": new_client_id(),
                                      "workshop_id": workshop.id}, callback=True)
    move_to(workshop, facilitator, "voting")
    voted = board.emit("vote:cast", {"idea_id": idea["id"], "client_id": new_client_id()},
                       callback=True)
    retracted = board.emit("vote:retract", {"idea_id": idea["id"]}, callback=True)
    phase = board.emit("phase:set", {"workshop_id": workshop.id, "phase": "results"},
                       callback=True)

    assert [ack["error"]["code"] for ack in (posted, voted, retracted, phase)] == [
        "forbidden"] * 4
    assert db.session.query(Idea).count() == 1
    assert db.session.query(Vote).count() == 0


def test_a_board_cannot_join_another_workshop(app, facilitator):
    workshop = make_workshop(facilitator)
    other = make_workshop(facilitator)
    board = board_socket(app, workshop)

    ack = board.emit("join", {"workshop_id": other.id}, callback=True)

    assert ack["error"]["code"] == "forbidden"


def test_connecting_with_wrong_credentials_is_refused(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    wrong = [
        {"token": "not-a-real-rejoin-token"},
        {"board_key": "not-the-board-key-at-all"},
        {"api_token": "kl_not-a-real-api-token"},
        {"token": workshop.board_key},  # a secret of another kind is no token
        {"api_token": join_phone(app, workshop).token},
        {"token": 12345},
        {},
        None,
    ]

    for auth in wrong:
        assert not connect(app, auth).is_connected(), auth


def test_connecting_with_a_deactivated_staff_members_token_is_refused(app):
    user = make_staff()
    token = create_token(user.email)
    user.active = False
    db.session.commit()

    assert not connect(app, {"api_token": token}).is_connected()


def test_a_signed_in_browser_connects_as_staff_by_its_session_cookie(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    login(client, facilitator)

    socket = connect(app, flask_client=client)
    ack = socket.emit("phase:set", {"workshop_id": workshop.id, "phase": "voting"},
                      callback=True)

    assert socket.is_connected()
    assert ack["ok"] and ack["phase"] == "voting"


# -- HTTP API ---------------------------------------------------------------------------------


ANONYMOUS_CALLS = [
    ("get", "/api/v1/seminars"),
    ("get", "/api/v1/seminars/{seminar}"),
    ("post", "/api/v1/seminars"),
    ("post", "/api/v1/seminars/{seminar}/workshops"),
    ("get", "/api/v1/workshops/{workshop}"),
    ("get", "/api/v1/workshops/{workshop}/ideas"),
    ("post", "/api/v1/workshops/{workshop}/phase"),
    ("patch", "/api/v1/workshops/{workshop}"),
]


def test_anonymous_api_calls_are_unauthenticated(client, facilitator):
    workshop = make_workshop(facilitator)

    for method, path in ANONYMOUS_CALLS:
        url = path.format(seminar=workshop.seminar_id, workshop=workshop.id)
        response = getattr(client, method)(url, json={"title": "Uus", "prompt": "Kuidas?",
                                                      "phase": "collecting"})

        assert response.status_code == 401, url
        assert response.get_json()["error"]["code"] == "unauthenticated"
    assert db.session.query(Workshop).count() == 1
    assert db.session.get(Workshop, workshop.id).phase.value == "draft"


def test_an_unknown_bearer_token_is_unauthenticated(client):
    response = client.get("/api/v1/seminars", headers=bearer("kl_nobody-has-this-token"))

    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


def test_a_participant_token_reads_its_own_workshop_but_not_another(client, facilitator):
    mine = make_workshop(facilitator, phase="collecting")
    theirs = make_workshop(facilitator, phase="collecting")
    joined = client.post("/api/v1/join", json={"code": mine.code, "name": "Mari"}).get_json()
    headers = bearer(joined["token"])

    own = client.get(f"/api/v1/workshops/{mine.id}", headers=headers)
    own_ideas = client.get(f"/api/v1/workshops/{mine.id}/ideas", headers=headers)
    other = client.get(f"/api/v1/workshops/{theirs.id}", headers=headers)
    other_ideas = client.get(f"/api/v1/workshops/{theirs.id}/ideas", headers=headers)

    assert own.status_code == 200
    assert own.get_json()["workshop"]["id"] == mine.id
    assert own.get_json()["me"]["participant_id"] == joined["participant_id"]
    assert own.get_json()["me"]["display_name"] == "Mari"
    assert "board_url" not in own.get_json()["workshop"]
    assert own_ideas.status_code == 200
    assert other.status_code == 403 and other_ideas.status_code == 403
    assert other.get_json()["error"]["code"] == "forbidden"


def test_a_participant_token_cannot_use_staff_api(client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    joined = client.post("/api/v1/join", json={"code": workshop.code}).get_json()
    headers = bearer(joined["token"])

    listed = client.get("/api/v1/seminars", headers=headers)
    phase = client.post(f"/api/v1/workshops/{workshop.id}/phase", json={"phase": "voting"},
                        headers=headers)
    seminar = client.post("/api/v1/seminars", json={"title": "Minu seminar"}, headers=headers)

    assert (listed.status_code, phase.status_code, seminar.status_code) == (403, 403, 403)
    assert phase.get_json()["error"]["code"] == "forbidden"
    assert db.session.get(Workshop, workshop.id).phase.value == "collecting"


def test_a_staff_api_token_works_on_the_api(client, facilitator):
    headers = staff_headers(facilitator)

    created = client.post("/api/v1/seminars", json={"title": "Õppereis Soome",
                                                    "kind": "study_trip"}, headers=headers)
    listed = client.get("/api/v1/seminars", headers=headers)

    assert created.status_code == 201
    assert [s["title"] for s in listed.get_json()["seminars"]] == ["Õppereis Soome"]


def test_with_csrf_on_a_cookie_post_needs_the_csrf_token_but_a_bearer_post_does_not(
        app, client, facilitator):
    login(client, facilitator)
    app.config["WTF_CSRF_ENABLED"] = True
    script = app.test_client()  # a script: its token, no cookie

    without = client.post("/api/v1/seminars", json={"title": "Ilma tokenita"})
    with_bearer = script.post("/api/v1/seminars", json={"title": "Tokeniga"},
                              headers=staff_headers(facilitator))

    assert without.status_code == 403
    assert without.get_json()["error"]["code"] == "forbidden"
    assert with_bearer.status_code == 201
    assert with_bearer.get_json()["title"] == "Tokeniga"


def test_with_csrf_a_cookie_post_needs_the_csrf_token_whatever_the_authorization_header_says(
        app, client, facilitator):
    login(client, facilitator)
    app.config["WTF_CSRF_ENABLED"] = True

    made_up = client.post("/api/v1/seminars", json={"title": "Võltsitud"},
                          headers={"Authorization": "Bearer made-up-by-a-forged-page"})
    real_token_too = client.post("/api/v1/seminars", json={"title": "Küpsis ja token"},
                                 headers=staff_headers(facilitator))

    assert made_up.status_code == 403 and made_up.get_json()["error"]["code"] == "forbidden"
    assert real_token_too.status_code == 403


def test_with_csrf_on_a_cookie_post_with_the_csrf_token_is_accepted(app, client, facilitator):
    login(client, facilitator)
    app.config["WTF_CSRF_ENABLED"] = True
    token = csrf_token_of(app, client)

    response = client.post("/api/v1/seminars", json={"title": "Küpsisega"},
                           headers={"X-CSRFToken": token})

    assert response.status_code == 201, response.get_json()


def csrf_token_of(app, client):
    """The CSRF token a page would embed for this browser session."""
    from flask import session
    from flask_wtf.csrf import generate_csrf

    with client.session_transaction() as stored:
        saved = dict(stored)
    with app.test_request_context():
        session.update(saved)
        token = generate_csrf()
        raw = session["csrf_token"]
    with client.session_transaction() as stored:
        stored["csrf_token"] = raw
    return token


def test_joining_over_the_api_needs_no_csrf_token(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    app.config["WTF_CSRF_ENABLED"] = True

    response = client.post("/api/v1/join", json={"code": workshop.code})

    assert response.status_code == 201


# -- console pages and signing in -------------------------------------------------------------


def test_console_pages_redirect_to_login_when_not_signed_in(client, facilitator):
    workshop = make_workshop(facilitator)

    for path in ["/console/", "/console/seminars/new", f"/console/workshops/{workshop.id}",
                 f"/console/workshops/{workshop.id}/edit"]:
        response = client.get(path)

        assert response.status_code == 302, path
        assert response.headers["Location"].split("?")[0].endswith("/login")


def test_login_with_a_wrong_password_does_not_sign_in(client, facilitator):
    response = client.post("/login", data={"email": facilitator.email,
                                           "password": "wrong password entirely"})

    assert response.status_code == 200  # the form again, with a message
    assert client.get("/console/").status_code == 302


def test_login_with_an_unknown_email_does_not_sign_in(client):
    response = client.post("/login", data={"email": "nobody@koosloome.test",
                                           "password": PASSWORD})

    assert response.status_code == 200
    assert client.get("/console/").status_code == 302


def test_login_with_the_right_password_opens_the_console(client, facilitator):
    response = client.post("/login", data={"email": facilitator.email.upper(),
                                           "password": PASSWORD})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/console/")
    assert client.get("/console/").status_code == 200


def test_login_returns_to_the_page_asked_for_but_never_off_site(client, facilitator):
    workshop = make_workshop(facilitator)
    data = {"email": facilitator.email, "password": PASSWORD}

    inside = client.post(f"/login?next=/console/workshops/{workshop.id}", data=data)
    client.post("/logout")
    outside = client.post("/login?next=//evil.example/phish", data=data)

    assert inside.headers["Location"].endswith(f"/console/workshops/{workshop.id}")
    assert outside.headers["Location"].endswith("/console/")


def test_a_deactivated_account_cannot_sign_in(client):
    user = make_staff()
    user.active = False
    db.session.commit()

    client.post("/login", data={"email": user.email, "password": PASSWORD})

    assert client.get("/console/").status_code == 302


def test_logout_ends_the_session(client, facilitator):
    login(client, facilitator)
    assert client.get("/console/").status_code == 200

    response = client.post("/logout")

    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login")
    assert client.get("/console/").status_code == 302


def test_a_signed_in_session_works_on_the_api_without_a_token(client, facilitator):
    login(client, facilitator)

    response = client.get("/api/v1/seminars")

    assert response.status_code == 200


def test_a_team_members_socket_can_act_on_the_workshop_without_joining_it(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=1,
                             max_dots_per_idea=1)
    colleague = make_staff()
    outsider = staff_socket(app, make_staff())
    team.add_co_facilitator(as_staff(facilitator), workshop.id, colleague.id)
    socket = staff_socket(app, colleague)

    refused = outsider.emit("phase:set", {"workshop_id": workshop.id, "phase": "voting"},
                            callback=True)
    ack = socket.emit("phase:set", {"workshop_id": workshop.id, "phase": "voting"},
                      callback=True)

    assert refused["error"]["code"] == "forbidden"
    assert ack["ok"]


def test_a_phone_and_a_board_join_their_own_workshop_without_naming_it(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    board = connect(app, {"board_key": workshop.board_key})

    phone_ack = phone.emit("join")
    board_ack = board.emit("join", {}, callback=True)

    assert phone_ack["ok"] and phone_ack["state"]["workshop"]["id"] == workshop.id
    assert board_ack["ok"] and board_ack["state"]["workshop"]["id"] == workshop.id


def test_a_staff_socket_must_name_the_workshop_it_joins(app, facilitator):
    socket = staff_socket(app, facilitator)

    ack = socket.emit("join", {}, callback=True)

    assert ack["error"] == {"code": "invalid_input", "field": "workshop_id",
                            "message": ack["error"]["message"]}


def test_an_unknown_caller_hears_unauthenticated_before_anything_about_the_body(client):
    response = client.post("/api/v1/seminars", data="not json")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthenticated"


def test_an_unknown_socket_event_is_answered_too(app, facilitator):
    from tests.conftest import staff_socket

    socket = staff_socket(app, facilitator)
    ack = socket.emit("no:such:event", {"x": 1}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "invalid_input"


def test_a_participant_merging_is_forbidden_whatever_the_payload(app, facilitator):
    from tests.conftest import join_phone, make_workshop

    phone = join_phone(app, make_workshop(facilitator, phase="collecting"))
    ack = phone.emit("idea:merge", {"target_id": 1, "source_ids": "nonsense"})
    assert ack["error"]["code"] == "forbidden"
