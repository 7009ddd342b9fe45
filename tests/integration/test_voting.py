"""Dot voting: the budget, the per-idea limit, taking dots back, and who may see counts when."""

from __future__ import annotations

from app.extensions import db
from app.models import Vote
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
)


def voting_workshop(app, facilitator, *, ideas=2, **settings):
    """A workshop with `ideas` ideas posted by one phone, moved on to voting."""
    workshop = make_workshop(facilitator, phase="collecting", **settings)
    author = join_phone(app, workshop, "Autor")
    idea_ids = [post_idea(author, f"Idee number {n}")["id"] for n in range(ideas)]
    move_to(workshop, facilitator, "voting")
    return workshop, idea_ids


def live_votes(participant_id=None):
    query = db.session.query(Vote).filter(Vote.retracted_at.is_(None))
    if participant_id is not None:
        query = query.filter(Vote.participant_id == participant_id)
    return query.count()


# -- budget and limits ----------------------------------------------------------------------


def test_each_dot_cast_answers_the_dots_left(app, facilitator):
    workshop, (first, second) = voting_workshop(app, facilitator, dots_per_participant=3,
                                                max_dots_per_idea=2)
    phone = join_phone(app, workshop)

    acks = [cast(phone, first), cast(phone, second), cast(phone, first)]

    assert [ack["votes_left"] for ack in acks] == [2, 1, 0]
    assert [ack["my_votes"] for ack in acks] == [1, 1, 2]
    assert all(ack["ok"] and ack["idea_id"] in (first, second) for ack in acks)
    assert live_votes(phone.participant_id) == 3


def test_vote_is_rejected_when_dots_are_spent(app, facilitator):
    workshop, (first, second) = voting_workshop(app, facilitator, dots_per_participant=2,
                                                max_dots_per_idea=2)
    phone = join_phone(app, workshop)
    assert cast(phone, first)["ok"] and cast(phone, second)["votes_left"] == 0

    ack = cast(phone, first)

    assert ack["ok"] is False
    assert ack["error"]["code"] == "vote_budget_exhausted"
    assert ack["error"]["message"]
    assert live_votes(phone.participant_id) == 2


def test_vote_is_rejected_when_the_idea_already_has_the_most_dots_one_may_give(
        app, facilitator):
    workshop, (first, second) = voting_workshop(app, facilitator, dots_per_participant=5,
                                                max_dots_per_idea=2)
    phone = join_phone(app, workshop)
    assert cast(phone, first)["ok"] and cast(phone, first)["ok"]

    ack = cast(phone, first)

    assert ack["error"]["code"] == "idea_vote_limit"
    assert live_votes(phone.participant_id) == 2
    assert cast(phone, second)["votes_left"] == 2  # the other idea still takes a dot


def test_budget_and_limit_are_per_participant(app, facilitator):
    workshop, (idea,) = voting_workshop(app, facilitator, ideas=1, dots_per_participant=1,
                                        max_dots_per_idea=1)
    phones = [join_phone(app, workshop) for _ in range(3)]

    acks = [cast(phone, idea) for phone in phones]

    assert [ack["votes_left"] for ack in acks] == [0, 0, 0]
    assert live_votes() == 3


def test_retracting_a_dot_gives_it_back(app, facilitator):
    workshop, (first, _second) = voting_workshop(app, facilitator, dots_per_participant=3,
                                                 max_dots_per_idea=3)
    phone = join_phone(app, workshop)
    cast(phone, first)
    assert cast(phone, first)["votes_left"] == 1

    ack = phone.emit("vote:retract", {"idea_id": first, "client_id": new_client_id()})

    assert ack == {"ok": True, "idea_id": first, "votes_left": 2, "my_votes": 1}
    assert live_votes(phone.participant_id) == 1
    retracted = db.session.query(Vote).filter(Vote.retracted_at.is_not(None)).all()
    assert len(retracted) == 1  # the dot is kept as history, not deleted
    assert cast(phone, first)["votes_left"] == 1


def test_a_dot_given_back_can_be_spent_when_the_budget_was_exhausted(app, facilitator):
    workshop, (first, second) = voting_workshop(app, facilitator, dots_per_participant=1,
                                                max_dots_per_idea=1)
    phone = join_phone(app, workshop)
    cast(phone, first)
    assert cast(phone, second)["error"]["code"] == "vote_budget_exhausted"

    phone.emit("vote:retract", {"idea_id": first})

    assert cast(phone, second)["votes_left"] == 0


def test_retracting_with_nothing_to_retract_is_not_found(app, facilitator):
    workshop, (first, second) = voting_workshop(app, facilitator)
    phone = join_phone(app, workshop)
    cast(phone, first)

    ack = phone.emit("vote:retract", {"idea_id": second, "client_id": new_client_id()})

    assert ack["ok"] is False
    assert ack["error"]["code"] == "not_found"
    assert live_votes(phone.participant_id) == 1


def test_retracting_someone_elses_dot_is_not_found(app, facilitator):
    workshop, (idea, _other) = voting_workshop(app, facilitator)
    voter, bystander = join_phone(app, workshop), join_phone(app, workshop)
    cast(voter, idea)

    ack = bystander.emit("vote:retract", {"idea_id": idea})

    assert ack["error"]["code"] == "not_found"
    assert live_votes(voter.participant_id) == 1


def test_vote_on_a_hidden_idea_is_not_found(app, facilitator):
    workshop, (idea, _other) = voting_workshop(app, facilitator)
    idea_service.hide_idea(as_staff(facilitator), {"idea_id": idea})
    phone = join_phone(app, workshop)

    ack = cast(phone, idea)

    assert ack["error"]["code"] == "not_found"
    assert live_votes() == 0


def test_vote_on_a_merged_idea_is_not_found(app, facilitator):
    workshop, (target, source) = voting_workshop(app, facilitator)
    idea_service.merge_ideas(as_staff(facilitator), {"target_id": target,
                                                     "source_ids": [source]})
    phone = join_phone(app, workshop)

    ack = cast(phone, source)

    assert ack["error"]["code"] == "not_found"
    assert cast(phone, target)["ok"]


def test_vote_on_another_workshops_idea_is_not_found(app, facilitator):
    workshop, _ideas = voting_workshop(app, facilitator)
    _elsewhere, (foreign,) = voting_workshop(app, facilitator, ideas=1)
    phone = join_phone(app, workshop)

    ack = cast(phone, foreign)

    assert ack["error"]["code"] == "not_found"
    assert live_votes(phone.participant_id) == 0


def test_vote_on_an_idea_that_does_not_exist_is_not_found(app, facilitator):
    workshop, (idea, _other) = voting_workshop(app, facilitator)
    phone = join_phone(app, workshop)

    assert cast(phone, idea + 999)["error"]["code"] == "not_found"


def test_vote_without_an_idea_id_is_invalid_input(app, facilitator):
    workshop, _ideas = voting_workshop(app, facilitator)
    phone = join_phone(app, workshop)

    ack = phone.emit("vote:cast", {"idea_id": "first", "client_id": new_client_id()})

    assert ack["error"] == {"code": "invalid_input", "field": "idea_id",
                            "message": ack["error"]["message"]}


# -- who sees counts when -------------------------------------------------------------------


def test_board_and_staff_get_live_counts_while_voting_without_blind_voting(app, facilitator):
    workshop, (first, second) = voting_workshop(app, facilitator, blind_voting=False)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    phone = join_phone(app, workshop)
    payloads(board), payloads(console)

    cast(phone, first)
    cast(phone, first)
    cast(phone, second)

    board_tallies, staff_tallies = payloads(board, "tally"), payloads(console, "tally")
    assert [t["votes"] for t in board_tallies] == [
        {str(first): 1}, {str(first): 2}, {str(first): 2, str(second): 1}]
    assert [t["votes"] for t in staff_tallies] == [t["votes"] for t in board_tallies]
    assert board_tallies[-1]["dots_cast"] == 3 and board_tallies[-1]["voters"] == 1
    assert payloads(phone, "tally") == []  # a dot never fans out to the phones


def test_blind_voting_hides_counts_from_the_board_but_not_from_staff(app, facilitator):
    workshop, (idea, _other) = voting_workshop(app, facilitator, blind_voting=True)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    phone = join_phone(app, workshop)
    payloads(board), payloads(console)

    cast(phone, idea)

    (board_tally,) = payloads(board, "tally")
    (staff_tally,) = payloads(console, "tally")
    assert "votes" not in board_tally
    assert board_tally["dots_cast"] == 1  # turnout is fine to show; which idea is not
    assert staff_tally["votes"] == {str(idea): 1}
    board_state = board.emit("join", {"workshop_id": workshop.id}, callback=True)["state"]
    staff_state = console.emit("join", {"workshop_id": workshop.id}, callback=True)["state"]
    assert board_state["counts_visible"] is False
    assert all("votes" not in item for item in board_state["ideas"])
    assert staff_state["counts_visible"] is True
    assert {item["id"]: item["votes"] for item in staff_state["ideas"]}[idea] == 1


def test_phones_see_no_counts_while_voting(app, facilitator):
    workshop, (idea, _other) = voting_workshop(app, facilitator, blind_voting=False)
    phone = join_phone(app, workshop)
    cast(phone, idea)

    state = phone.emit("join", {"workshop_id": workshop.id})["state"]

    assert state["counts_visible"] is False
    assert state["ideas"] and all("votes" not in item for item in state["ideas"])
    assert state["me"]["my_votes"] == {str(idea): 1}
    assert state["me"]["votes_left"] == workshop.dots_per_participant - 1


def test_results_phase_reveals_counts_to_phones_and_board_in_the_phase_event(
        app, facilitator):
    workshop, (first, second) = voting_workshop(app, facilitator, blind_voting=True,
                                                dots_per_participant=3, max_dots_per_idea=2)
    phones = [join_phone(app, workshop) for _ in range(2)]
    cast(phones[0], first)
    cast(phones[0], first)
    cast(phones[1], second)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    for phone in phones:
        phone.events()

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": "results"},
                       callback=True)

    for phone in phones:
        (event,) = payloads(phone, "phase")
        assert event["phase"] == "results" and event["seq"] == ack["seq"]
        assert event["counts_visible"] is True
        assert {item["id"]: item["votes"] for item in event["ideas"]} == {first: 2, second: 1}
    board_events = payloads(board)
    (board_phase,) = [e for e in board_events if "phase" in e and "ideas" in e]
    assert {item["id"]: item["votes"] for item in board_phase["ideas"]} == {first: 2, second: 1}
    assert any(e.get("votes") == {str(first): 2, str(second): 1} for e in board_events)


def test_blind_voting_shows_counts_again_when_results_reopen_to_voting_for_staff_only(
        app, facilitator):
    workshop, (idea, _other) = voting_workshop(app, facilitator, blind_voting=True)
    phone = join_phone(app, workshop)
    cast(phone, idea)
    move_to(workshop, facilitator, "results", "voting")
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)

    cast(phone, idea)

    assert "votes" not in payloads(board, "tally")[-1]
    assert payloads(console, "tally")[-1]["votes"] == {str(idea): 2}
