"""Rate limits: each answers rate_limited, and what they refuse changes nothing."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Idea, Participant
from tests.conftest import (
    PASSWORD,
    join_phone,
    make_staff,
    make_workshop,
    new_client_id,
    staff_socket,
)


def test_a_phone_flooding_ideas_is_slowed_and_refused_ideas_are_not_stored(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    answers = [phone.emit("idea:post", {"text": f"Idee {n}", "client_id": new_client_id()})
               for n in range(14)]
    accepted = [a for a in answers if a["ok"]]
    refused = [a for a in answers if not a["ok"]]
    assert len(accepted) == 10
    assert {a["error"]["code"] for a in refused} == {"rate_limited"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 10


def test_a_phone_flooding_dots_is_refused_past_the_burst(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=100,
                             max_dots_per_idea=100)
    phone = join_phone(app, workshop)
    idea = phone.emit("idea:post", {"text": "Külabuss", "client_id": "x"})["idea"]
    staff_socket(app, facilitator).emit("phase:set", {"workshop_id": workshop.id,
                                                      "phase": "voting"}, callback=True)
    answers = [phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": new_client_id()})
               for _ in range(45)]
    codes = [a["error"]["code"] for a in answers if not a["ok"]]
    assert codes and set(codes) == {"rate_limited"}
    assert sum(a["ok"] for a in answers) < 45


def test_staff_typing_paper_ballots_fast_is_not_limited_like_a_phone(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = staff_socket(app, facilitator)
    answers = [console.emit("idea:post", {"workshop_id": workshop.id, "text": f"Paber {n}",
                                          "client_id": new_client_id()}, callback=True)
               for n in range(30)]
    assert all(a["ok"] for a in answers)


def test_guessing_join_codes_is_stopped_per_address(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    misses = [client.post("/join", data={"code": f"ZZZZ{n:02d}"}) for n in range(20)]
    assert {r.status_code for r in misses} == {400}

    refused = client.post("/api/v1/join", json={"code": workshop.code})
    assert refused.status_code == 429
    assert refused.get_json()["error"]["code"] == "rate_limited"
    assert client.get(f"/j/{workshop.code}").status_code == 429
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0

    other_address = client.post("/api/v1/join", json={"code": workshop.code},
                                environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other_address.status_code == 201


def test_a_hall_of_phones_on_one_address_joining_right_is_never_limited(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    answers = [client.post("/api/v1/join", json={"code": workshop.code}) for _ in range(60)]
    assert {r.status_code for r in answers} == {201}


def test_an_account_is_locked_after_five_wrong_passwords(app, client):
    user = make_staff(email="mari@vorumaa.ee")
    for _attempt in range(5):
        wrong = client.post("/login", data={"email": user.email, "password": "vale parool!"})
        assert wrong.status_code == 200
    locked = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "/console" not in locked.headers.get("Location", "")

    colleague = make_staff(email="juri@tartumaa.ee")
    assert client.post("/login", data={"email": colleague.email,
                                       "password": PASSWORD}).status_code == 302


def test_a_right_password_clears_the_failures(app, client):
    user = make_staff(email="kati@vorumaa.ee")
    for _attempt in range(4):
        client.post("/login", data={"email": user.email, "password": "vale parool!"})
    assert client.post("/login", data={"email": user.email,
                                       "password": PASSWORD}).status_code == 302
    client.post("/logout")
    for _attempt in range(4):
        client.post("/login", data={"email": user.email, "password": "vale parool!"})
    assert client.post("/login", data={"email": user.email,
                                       "password": PASSWORD}).status_code == 302
