"""Moderation: where the workshop asks for it, a phone's idea waits for the facilitator before the
board and the other phones see it; ideas are numbered 1, 2, … within their workshop as they
reach the wall."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Idea
from app.services import ideas as idea_service
from tests.conftest import (
    as_staff,
    board_socket,
    cast,
    console_socket,
    join_phone,
    make_workshop,
    move_to,
    new_client_id,
    payloads,
    post_idea,
    staff_headers,
)


def moderated(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", moderation=True)
    author, other = join_phone(app, workshop), join_phone(app, workshop)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    other.events()
    return workshop, author, other, board, console


def test_moderation_is_off_unless_the_facilitator_turns_it_on(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone, board = join_phone(app, workshop), board_socket(app, workshop)

    idea = post_idea(phone)

    assert workshop.moderation is False and idea["pending"] is False
    assert [p["idea"]["id"] for p in payloads(board, "idea:added")] == [idea["id"]]


def test_a_phones_idea_waits_unseen_by_the_board_and_other_phones(app, facilitator):
    workshop, author, other, board, console = moderated(app, facilitator)

    idea = post_idea(author, "Minu nimi on Mari, helistage 5555 5555")

    assert idea["pending"] is True and idea["number"] is None
    staff_view, = payloads(console, "idea:added")
    assert staff_view["idea"]["pending"] is True
    for screen in (board, other):
        got = payloads(screen, "idea:added")
        assert got == [{"seq": staff_view["seq"], "workshop_id": workshop.id}]
    state = board.emit("join", {"workshop_id": workshop.id}, callback=True)["state"]
    assert state["ideas"] == []
    mine = author.emit("join", {"workshop_id": workshop.id})["state"]["me"]["my_ideas"]
    assert [(i["id"], i["pending"]) for i in mine] == [(idea["id"], True)]


def test_approved_ideas_reach_the_wall_numbered_in_the_order_approved(app, facilitator):
    workshop, author, other, board, console = moderated(app, facilitator)
    first, second = post_idea(author, "Esimene"), post_idea(author, "Teine")
    payloads(board), payloads(console), other.events()

    ack = console.emit("idea:approve", {"workshop_id": workshop.id,
                                        "idea_ids": [second["id"], first["id"]]}, callback=True)

    assert ack["ok"], ack
    assert [(i["id"], i["number"], i["pending"]) for i in ack["ideas"]] == [
        (second["id"], 1, False), (first["id"], 2, False)]
    shown = payloads(board, "idea:added")
    assert [(p["idea"]["text"], p["idea"]["number"]) for p in shown] == [("Teine", 1),
                                                                         ("Esimene", 2)]
    assert [p["args"][0]["idea"]["id"] for p in other.events("idea:added")] == [
        second["id"], first["id"]]


def test_a_rejected_idea_is_kept_hidden_and_never_reaches_the_wall(app, facilitator):
    workshop, author, other, board, console = moderated(app, facilitator)
    idea = post_idea(author, "Reklaam: odavad aknad")
    payloads(board), author.events()

    ack = console.emit("idea:reject", {"workshop_id": workshop.id, "idea_ids": [idea["id"]]},
                       callback=True)

    assert ack["ok"] and ack["ideas"][0]["hidden"] is True
    stored = db.session.get(Idea, idea["id"])
    db.session.refresh(stored)
    assert stored.hidden and not stored.pending and stored.number is None
    update, = [p["args"][0] for p in author.events("idea:updated")]
    assert update["idea"] == {"id": idea["id"], "workshop_id": workshop.id, "hidden": True,
                              "merged_into_id": None}
    assert payloads(board, "idea:added") == []


def test_an_idea_typed_in_by_the_facilitator_needs_no_approval(app, facilitator):
    workshop, author, other, board, console = moderated(app, facilitator)

    ack = console.emit("idea:post", {"workshop_id": workshop.id, "text": "Paberilt",
                                     "client_id": new_client_id()}, callback=True)

    assert ack["idea"]["pending"] is False and ack["idea"]["number"] == 1
    assert [p["idea"]["text"] for p in payloads(board, "idea:added")] == ["Paberilt"]


def test_a_waiting_idea_cannot_be_given_a_dot(app, facilitator):
    workshop, author, other, *_screens = moderated(app, facilitator)
    idea = post_idea(author)
    move_to(workshop, facilitator, "voting")

    assert cast(other, idea["id"])["error"]["code"] == "not_found"


def test_only_waiting_ideas_of_the_named_workshop_can_be_approved(app, facilitator):
    workshop, author, other, board, console = moderated(app, facilitator)
    waiting = post_idea(author)
    elsewhere = make_workshop(facilitator, phase="collecting", moderation=True)
    theirs = post_idea(join_phone(app, elsewhere))
    idea_service.moderate_ideas(as_staff(facilitator), {"workshop_id": workshop.id,
                                                        "idea_ids": [waiting["id"]]})
    payloads(board)

    again = console.emit("idea:approve", {"workshop_id": workshop.id,
                                          "idea_ids": [waiting["id"]]}, callback=True)
    other_workshops = console.emit("idea:approve", {"workshop_id": workshop.id,
                                                    "idea_ids": [theirs["id"]]}, callback=True)
    nothing = console.emit("idea:approve", {"workshop_id": workshop.id, "idea_ids": []},
                           callback=True)

    for ack in (again, other_workshops, nothing):
        assert ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == "idea_ids"
    assert payloads(board) == []
    assert db.session.get(Idea, theirs["id"]).pending is True


def test_the_api_approves_and_rejects_in_bulk(app, facilitator):
    workshop, author, *_screens = moderated(app, facilitator)
    ids = [post_idea(author, f"Mõte {n}")["id"] for n in range(3)]
    client, headers = app.test_client(), staff_headers(facilitator)
    base = f"/api/v1/workshops/{workshop.id}/ideas"

    approved = client.post(f"{base}/approve", headers=headers, json={"idea_ids": ids[:2]})
    rejected = client.post(f"{base}/reject", headers=headers, json={"idea_ids": ids[2:]})

    assert [i["number"] for i in approved.get_json()["ideas"]] == [1, 2]
    assert [i["hidden"] for i in rejected.get_json()["ideas"]] == [True]


def test_ideas_are_numbered_within_their_own_workshop(app, facilitator):
    first = make_workshop(facilitator, phase="collecting")
    second = make_workshop(facilitator, phase="collecting")
    phone_a, phone_b = join_phone(app, first), join_phone(app, second)

    numbers = [post_idea(phone_a)["number"], post_idea(phone_b)["number"],
               post_idea(phone_a)["number"]]

    assert numbers == [1, 1, 2]
    assert db.session.scalar(sa.select(sa.func.max(Idea.number))
                             .where(Idea.workshop_id == first.id)) == 2
