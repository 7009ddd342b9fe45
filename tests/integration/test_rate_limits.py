"""Rate limits: each answers rate_limited, and what they refuse changes nothing."""

from __future__ import annotations

import sqlalchemy as sa
from limits import parse

from app.extensions import db
from app.models import Idea, LoginAttempt, Participant
from app.services.limits import DEFAULT_RATES
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


def test_the_right_code_gets_in_after_25_misses_from_one_address(app, client, facilitator,
                                                                 pauses):
    """A hall shares one address and older people mistype: misses are slowed, never blocked."""
    workshop = make_workshop(facilitator, phase="collecting")
    phone = app.test_client()
    joined = phone.post("/api/v1/join", json={"code": workshop.code}).get_json()
    phone.set_cookie(f"koosloome_p{workshop.id}", joined["token"], domain="koosloome.test")
    misses = [client.post("/join", data={"code": f"ZZZZ{n:02d}"}) for n in range(25)]
    assert {r.status_code for r in misses} == {400}

    right = client.post("/api/v1/join", json={"code": workshop.code})
    page = client.get(f"/j/{workshop.code}")
    rejoined = phone.get(f"/j/{workshop.code}")

    assert right.status_code == 201
    assert page.status_code == 200
    assert rejoined.status_code == 200 and 'id="page-data"' in rejoined.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 2
    assert len(pauses) == 25, "only the misses were held back"


def test_misses_from_one_address_are_answered_ever_more_slowly(app, client, facilitator, pauses):
    make_workshop(facilitator, phase="collecting")
    for n in range(16):
        client.post("/api/v1/join", json={"code": f"ZZZZ{n:02d}"})
    client.post("/api/v1/join", json={"code": "ZZZZ99"}, environ_base={"REMOTE_ADDR": "10.1.2.3"})

    assert pauses[:10] == [0.0] * 10
    assert pauses[10:16] == [0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
    assert pauses[16] == 0.0, "another address has its own count"


def test_a_hall_of_phones_on_one_address_joining_right_is_never_limited(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    answers = [client.post("/api/v1/join", json={"code": workshop.code}) for _ in range(60)]
    assert {r.status_code for r in answers} == {201}


def test_joins_per_address_and_workshop_stop_at_the_documented_figure(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    other = make_workshop(facilitator, phase="collecting")
    app.extensions["koosloome_limits"].items["join"] = parse("3 per minute")

    answers = [client.post("/api/v1/join", json={"code": workshop.code}).status_code
               for _ in range(4)]
    elsewhere = client.post("/api/v1/join", json={"code": other.code})

    assert answers == [201, 201, 201, 429]
    assert elsewhere.status_code == 201
    assert DEFAULT_RATES["join"] == "300 per minute"


def test_a_known_staff_member_is_never_locked_out_only_slowed(app, client, pauses):
    user = make_staff(email="mari@vorumaa.ee")
    for _attempt in range(8):
        wrong = client.post("/login", data={"email": user.email, "password": "vale parool!"})
        assert wrong.status_code == 200
    right = client.post("/login", data={"email": user.email, "password": PASSWORD})

    assert right.status_code == 302 and "/console" in right.headers["Location"]
    assert pauses[:6] == [0.0] * 6
    assert pauses[6:9] == [1.0, 2.0, 4.0], "the right password waits as long as a guess would"


def test_failed_sign_ins_slow_down_per_address_too(app, client, pauses):
    for number in range(22):
        client.post("/login", data={"email": f"guess{number}@example.ee", "password": "x" * 12})
    assert pauses[20:22] == [0.0, 1.0]


def test_a_right_password_clears_the_accounts_failures(app, client, pauses):
    user = make_staff(email="kati@vorumaa.ee")
    for _attempt in range(4):
        client.post("/login", data={"email": user.email, "password": "vale parool!"})
    assert client.post("/login", data={"email": user.email,
                                       "password": PASSWORD}).status_code == 302
    client.post("/logout")
    for _attempt in range(5):
        client.post("/login", data={"email": user.email, "password": "vale parool!"})
    assert client.post("/login", data={"email": user.email,
                                       "password": PASSWORD}).status_code == 302
    assert max(pauses) == 0.0


def test_sign_in_attempts_are_kept_for_admins(app, client):
    user = make_staff(email="juri@tartumaa.ee")
    client.post("/login", data={"email": user.email, "password": "vale parool!"})
    client.post("/login", data={"email": user.email, "password": PASSWORD})

    attempts = db.session.scalars(sa.select(LoginAttempt).order_by(LoginAttempt.id)).all()

    assert [(a.email, a.succeeded) for a in attempts] == [(user.email, False), (user.email, True)]
    assert all(a.address for a in attempts)
