"""Someone in the room stuffing the workshop with participants: the team sees it and removes them.
Limits count per participant and per address, never per connection."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Idea, Participant, Vote, utcnow
from tests.conftest import (
    board_socket,
    cast,
    connect,
    console_socket,
    join_phone,
    make_workshop,
    move_to,
    new_client_id,
    payloads,
    post_idea,
    staff_headers,
)


def count(table: type) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0


def test_a_burst_of_joins_shows_in_the_consoles_sparkline_and_count(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", expected_participants=40)
    for _ in range(12):
        client.post("/api/v1/join", json={"code": workshop.code})

    state = console_socket(app, facilitator, workshop).emit(
        "join", {"workshop_id": workshop.id}, callback=True)["state"]

    assert state["participants"] == 12
    assert sum(state["joins"]["counts"]) == 12 and state["joins"]["bucket_seconds"] == 60
    assert state["workshop"]["settings"]["expected_participants"] == 40


def test_removing_those_who_joined_after_a_time_takes_their_ideas_and_dots(app, client,
                                                                          facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=3)
    honest = join_phone(app, workshop)
    kept = post_idea(honest, "Külabuss eakatele")
    cutoff = utcnow() + timedelta(milliseconds=5)
    while utcnow() <= cutoff:
        pass  # the script's phones join strictly after the cut-off
    stuffers = [join_phone(app, workshop) for _ in range(4)]
    spam = [post_idea(phone, f"Reklaam {n}") for n, phone in enumerate(stuffers)]
    move_to(workshop, facilitator, "voting")
    assert cast(honest, spam[0]["id"])["ok"]
    assert all(cast(phone, spam[0]["id"])["ok"] for phone in stuffers)

    answer = client.post(f"/api/v1/workshops/{workshop.id}/participants/remove",
                         json={"joined_after": cutoff.isoformat() + "Z"},
                         headers=staff_headers(facilitator))

    assert answer.status_code == 200 and answer.get_json() == {"removed": 4}
    assert [i.id for i in db.session.scalars(sa.select(Idea))] == [kept["id"]]
    assert count(Participant) == 1 and count(Vote) == 0, "the honest dot went back with the idea"
    for phone in stuffers:
        assert not phone.socket.is_connected()
        assert not connect(app, {"token": phone.token}).is_connected()
    assert honest.emit("join", {"workshop_id": workshop.id})["state"]["me"]["votes_left"] == 3


def test_removing_those_who_did_nothing_keeps_everyone_who_took_part(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    active = join_phone(app, workshop)
    post_idea(active, "Minu mõte")
    idle = [join_phone(app, workshop) for _ in range(3)]
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("participants:remove", {"workshop_id": workshop.id, "inactive": True},
                       callback=True)

    assert ack == {"ok": True, "removed": 3}
    assert [p.id for p in db.session.scalars(sa.select(Participant))] == [active.participant_id]
    assert all(not phone.socket.is_connected() for phone in idle)


def test_removing_one_participant_brings_back_the_ideas_merged_into_theirs(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    spammer, other = join_phone(app, workshop), join_phone(app, workshop)
    target, source = post_idea(spammer, "Kahtlane"), post_idea(other, "Hea mõte")
    console = console_socket(app, facilitator, workshop)
    console.emit("idea:merge", {"target_id": target["id"], "source_ids": [source["id"]]},
                 callback=True)

    ack = console.emit("participants:remove", {"workshop_id": workshop.id,
                                               "participant_ids": [spammer.participant_id]},
                       callback=True)
    listed = console.emit("participants:list", {"workshop_id": workshop.id},
                          callback=True)["participants"]

    assert ack["removed"] == 1
    back = db.session.get(Idea, source["id"])
    assert back.merged_into_id is None and db.session.get(Idea, target["id"]) is None
    assert [(p["id"], p["ideas"]) for p in listed] == [(other.participant_id, 1)]


def test_after_a_removal_every_screen_gets_a_fresh_state_to_resync_from(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    stuffer, reader = join_phone(app, workshop), join_phone(app, workshop)
    post_idea(stuffer, "Reklaam")
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    reader.events()

    console.emit("participants:remove", {"workshop_id": workshop.id,
                                         "participant_ids": [stuffer.participant_id]},
                 callback=True)

    for screen in (board, reader):
        (state,) = payloads(screen, "state")
        assert state["resync"] is True and state["ideas"] == []
        assert state["seq"] == db.session.get(type(workshop), workshop.id).seq


def test_naming_no_one_to_remove_or_two_ways_at_once_is_invalid_input(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)
    for payload in ({}, {"inactive": True, "participant_ids": [1]},
                    {"joined_after": "eile"}):
        ack = console.emit("participants:remove", {"workshop_id": workshop.id, **payload},
                           callback=True)
        assert ack["error"]["code"] == "invalid_input", payload


def test_the_idea_limit_follows_the_participant_across_reconnections(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    first = [phone.emit("idea:post", {"text": f"Idee {n}", "client_id": new_client_id()})
             for n in range(10)]
    again = connect(app, {"token": phone.token})
    refused = again.emit("idea:post", {"text": "Veel üks", "client_id": new_client_id()},
                         callback=True)

    assert all(a["ok"] for a in first)
    assert refused["error"]["code"] == "rate_limited"
    assert count(Idea) == 10


def test_many_participants_behind_one_address_share_a_generous_idea_limit(app, facilitator):
    from limits import parse

    app.extensions["koosloome_limits"].items["address:idea"] = parse("5 per minute")
    workshop = make_workshop(facilitator, phase="collecting")
    phones = [join_phone(app, workshop) for _ in range(6)]

    answers = [phone.emit("idea:post", {"text": "Sama aadress", "client_id": new_client_id()})
               for phone in phones]

    assert [a["ok"] for a in answers] == [True] * 5 + [False]
    assert answers[5]["error"]["code"] == "rate_limited"
