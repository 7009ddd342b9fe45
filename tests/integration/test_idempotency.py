"""Retries are safe: the same client_id twice is one idea or one dot, answered the same way."""

from __future__ import annotations

from app.extensions import db
from app.models import Idea, Vote
from tests.conftest import (
    board_socket,
    cast,
    console_socket,
    join_phone,
    make_workshop,
    move_to,
    new_client_id,
    payloads,
    post_idea,
)


def test_posting_the_same_idea_twice_with_one_client_id_makes_one_idea(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    message = {"text": "Ühistransport külast linna", "client_id": new_client_id()}

    first = phone.emit("idea:post", message)
    second = phone.emit("idea:post", message)

    assert first["ok"] and second["ok"]
    assert first["duplicate"] is False
    assert second["duplicate"] is True
    assert second["idea"]["id"] == first["idea"]["id"]
    assert second["idea"]["text"] == first["idea"]["text"]
    assert db.session.query(Idea).count() == 1


def test_a_retried_idea_post_sends_no_second_idea_added(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    message = {"text": "Ühistransport külast linna", "client_id": new_client_id()}

    phone.emit("idea:post", message)
    phone.emit("idea:post", message)

    for socket in (board, console, phone):
        assert len(payloads(socket, "idea:added")) == 1


def test_a_retry_with_a_changed_text_still_answers_the_original_idea(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    client_id = new_client_id()
    first = phone.emit("idea:post", {"text": "Esimene sõnastus", "client_id": client_id})

    again = phone.emit("idea:post", {"text": "Teine sõnastus", "client_id": client_id})

    assert again["duplicate"] is True
    assert again["idea"]["id"] == first["idea"]["id"]
    assert [idea.text for idea in db.session.query(Idea)] == ["Esimene sõnastus"]


def test_two_participants_may_use_the_same_client_id(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    one, two = join_phone(app, workshop), join_phone(app, workshop)
    client_id = new_client_id()

    first = one.emit("idea:post", {"text": "Minu mõte", "client_id": client_id})
    second = two.emit("idea:post", {"text": "Minu mõte", "client_id": client_id})

    assert first["duplicate"] is False and second["duplicate"] is False
    assert first["idea"]["id"] != second["idea"]["id"]
    assert db.session.query(Idea).count() == 2


def test_a_retried_idea_post_is_answered_even_after_collecting_ended(app, facilitator):
    """The first try committed; its retry must not be told "wrong phase"."""
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    message = {"text": "Viimasel hetkel", "client_id": new_client_id()}
    first = phone.emit("idea:post", message)
    move_to(workshop, facilitator, "voting")

    again = phone.emit("idea:post", message)

    assert again["ok"] and again["duplicate"] is True
    assert again["idea"]["id"] == first["idea"]["id"]


def test_casting_the_same_dot_twice_with_one_client_id_is_one_vote(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=5,
                             max_dots_per_idea=3)
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    client_id = new_client_id()

    first = cast(phone, idea["id"], client_id)
    second = cast(phone, idea["id"], client_id)

    assert first == second == {"ok": True, "idea_id": idea["id"], "votes_left": 4,
                               "my_votes": 1}
    assert db.session.query(Vote).count() == 1
    assert cast(phone, idea["id"])["votes_left"] == 3  # a new client id is a new dot


def test_a_retried_dot_does_not_count_against_the_budget(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=1,
                             max_dots_per_idea=1)
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    client_id = new_client_id()
    cast(phone, idea["id"], client_id)

    again = cast(phone, idea["id"], client_id)

    assert again["ok"] is True and again["votes_left"] == 0


def test_retracting_twice_with_one_client_id_takes_back_one_dot(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=5,
                             max_dots_per_idea=3)
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    for _ in range(3):
        cast(phone, idea["id"])
    message = {"idea_id": idea["id"], "client_id": new_client_id()}

    first = phone.emit("vote:retract", message)
    second = phone.emit("vote:retract", message)

    assert first == second == {"ok": True, "idea_id": idea["id"], "votes_left": 3,
                               "my_votes": 2}
    assert db.session.query(Vote).filter(Vote.retracted_at.is_(None)).count() == 2


def test_a_retried_dot_sends_no_second_tally(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    console = console_socket(app, facilitator, workshop)
    client_id = new_client_id()

    cast(phone, idea["id"], client_id)
    cast(phone, idea["id"], client_id)

    assert [t["votes"] for t in payloads(console, "tally")] == [{str(idea["id"]): 1}]


def test_a_client_id_that_is_too_long_is_invalid_input(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)

    ack = phone.emit("idea:post", {"text": "Mõte", "client_id": "x" * 65})

    assert ack["error"]["code"] == "invalid_input"
    assert ack["error"]["field"] == "client_id"
    assert db.session.query(Idea).count() == 0


def test_a_retried_dot_is_answered_even_after_voting_ended(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    client_id = new_client_id()
    first = cast(phone, idea["id"], client_id)
    move_to(workshop, facilitator, "results")

    again = cast(phone, idea["id"], client_id)

    assert again == first
    assert db.session.query(Vote).count() == 1
