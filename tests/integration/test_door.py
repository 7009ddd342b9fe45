"""The door: a facilitator closes joining when the hall is in; joined phones still get back in."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Participant, Workshop
from tests.conftest import (
    board_socket,
    connect,
    console_socket,
    join_phone,
    make_workshop,
    payloads,
    staff_headers,
)


def close_door(client, facilitator, workshop, open_: bool = False):
    response = client.patch(f"/api/v1/workshops/{workshop.id}", json={"joining_open": open_},
                            headers=staff_headers(facilitator))
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def participants() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) or 0


def test_a_workshop_starts_with_the_door_open(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    answer = client.get(f"/api/v1/workshops/{workshop.id}", headers=staff_headers(facilitator))
    assert answer.get_json()["workshop"]["joining_open"] is True


def test_a_closed_door_answers_joining_closed_and_lets_nobody_new_in(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    assert close_door(client, facilitator, workshop)["joining_open"] is False

    refused = client.post("/api/v1/join", json={"code": workshop.code})

    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "joining_closed"
    assert participants() == 0


def test_a_new_phone_at_a_closed_door_gets_a_page_in_its_language(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    close_door(client, facilitator, workshop)

    page = client.get(f"/j/{workshop.code}", headers={"Accept-Language": "et"})
    form = client.post(f"/j/{workshop.code}", data={"name": "Mari"},
                       headers={"Accept-Language": "en"})

    assert page.status_code == 409
    assert "Liitumine on praegu suletud" in page.get_data(as_text=True)
    assert form.status_code == 409
    assert "Joining is closed for now" in form.get_data(as_text=True)
    assert participants() == 0


def test_a_phone_that_joined_before_the_door_closed_still_gets_in(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    joined = client.post("/api/v1/join", json={"code": workshop.code}).get_json()
    client.set_cookie(f"koosloome_p{workshop.id}", joined["token"], domain="koosloome.test")
    close_door(client, facilitator, workshop)

    page = client.get(f"/j/{workshop.code}")
    phone = connect(app, {"token": joined["token"]})
    ack = phone.emit("join", {"workshop_id": workshop.id}, callback=True)
    resumed = app.test_client().post(f"/j/{workshop.code}/resume", data={"token": joined["token"]})

    assert page.status_code == 200 and 'id="page-data"' in page.get_data(as_text=True)
    assert ack["ok"] and ack["state"]["workshop"]["joining_open"] is False
    assert resumed.status_code == 302 and "koosloome_p" in resumed.headers.get("Set-Cookie", "")


def test_closing_the_door_from_the_console_tells_every_screen(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)
    board = board_socket(app, workshop)
    phone = join_phone(app, workshop)
    phone.events()

    ack = console.emit("workshop:update", {"workshop_id": workshop.id, "joining_open": False},
                       callback=True)

    assert ack["ok"] and ack["workshop"]["joining_open"] is False
    assert db.session.get(Workshop, workshop.id).joining_open is False
    for screen in (board, phone):
        (state,) = payloads(screen, "state")
        assert state["workshop"]["joining_open"] is False


def test_opening_the_door_again_lets_new_phones_in(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    close_door(client, facilitator, workshop)
    close_door(client, facilitator, workshop, open_=True)

    assert client.post("/api/v1/join", json={"code": workshop.code}).status_code == 201


def test_the_door_must_be_a_boolean(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    answer = client.patch(f"/api/v1/workshops/{workshop.id}", json={"joining_open": "no"},
                          headers=staff_headers(facilitator))
    assert answer.status_code == 400
    assert answer.get_json()["error"]["field"] == "joining_open"
