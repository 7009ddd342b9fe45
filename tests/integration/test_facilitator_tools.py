"""The facilitator's tools: hide, edit, merge, paper ballots and ideas typed in on someone's behalf."""

from __future__ import annotations

from app.extensions import db
from app.models import Idea, Participant, Vote
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


def live_dots(participant_id=None, idea_id=None):
    query = db.session.query(Vote).filter(Vote.retracted_at.is_(None))
    if participant_id is not None:
        query = query.filter(Vote.participant_id == participant_id)
    if idea_id is not None:
        query = query.filter(Vote.idea_id == idea_id)
    return query.count()


def votes_left(phone, workshop):
    return phone.emit("join", {"workshop_id": workshop.id})["state"]["me"]["votes_left"]


# -- hide and edit --------------------------------------------------------------------------


def test_hiding_an_idea_takes_its_text_off_phones_and_board(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    author, neighbour = join_phone(app, workshop), join_phone(app, workshop)
    idea = post_idea(author, "Sobimatu tekst")
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    neighbour.events()

    ack = console.emit("idea:hide", {"idea_id": idea["id"]}, callback=True)

    assert ack["ok"] and ack["idea"]["hidden"] is True
    for socket in (neighbour, board):
        (event,) = payloads(socket, "idea:updated")
        assert event["idea"]["id"] == idea["id"]
        assert event["idea"]["hidden"] is True
        assert "text" not in event["idea"]
    (staff_event,) = payloads(console, "idea:updated")
    assert staff_event["idea"]["text"] == "Sobimatu tekst"  # staff still see what they hid
    assert db.session.get(Idea, idea["id"]).hidden is True
    board_state = board.emit("join", {"workshop_id": workshop.id}, callback=True)["state"]
    phone_state = neighbour.emit("join", {"workshop_id": workshop.id})["state"]
    assert board_state["ideas"] == [] and phone_state["ideas"] == []
    assert [i["id"] for i in console.emit("join", {"workshop_id": workshop.id},
                                          callback=True)["state"]["ideas"]] == [idea["id"]]


def test_a_hidden_idea_can_be_shown_again(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone, "Vahepeal peidus")
    console = console_socket(app, facilitator, workshop)
    console.emit("idea:hide", {"idea_id": idea["id"]}, callback=True)
    phone.events()

    ack = console.emit("idea:hide", {"idea_id": idea["id"], "hidden": False}, callback=True)

    assert ack["idea"]["hidden"] is False
    (event,) = payloads(phone, "idea:updated")
    assert event["idea"]["text"] == "Vahepeal peidus"


def test_editing_an_idea_changes_its_text_everywhere(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone, "Kirjaviga sees")
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    phone.events()

    ack = console.emit("idea:edit", {"idea_id": idea["id"], "text": "Kirjaviga parandatud",
                                     "target_groups": ["carers"]}, callback=True)

    assert ack["ok"] and ack["idea"]["text"] == "Kirjaviga parandatud"
    stored = db.session.get(Idea, idea["id"])
    assert (stored.text, stored.target_groups) == ("Kirjaviga parandatud", ["carers"])
    for socket in (phone, board, console):
        (event,) = payloads(socket, "idea:updated")
        assert event["idea"]["text"] == "Kirjaviga parandatud"


def test_editing_an_idea_to_empty_text_is_invalid_input(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop), "Hea mõte")
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("idea:edit", {"idea_id": idea["id"], "text": "   "}, callback=True)

    assert ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == "text"
    assert db.session.get(Idea, idea["id"]).text == "Hea mõte"
    assert payloads(console) == []


def test_hiding_an_unknown_idea_is_not_found(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("idea:hide", {"idea_id": 4242}, callback=True)

    assert ack["error"]["code"] == "not_found"


def test_ideas_of_a_closed_workshop_can_no_longer_be_changed(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop), "Lõplik")
    move_to(workshop, facilitator, "closed")
    console = console_socket(app, facilitator, workshop)

    hidden = console.emit("idea:hide", {"idea_id": idea["id"]}, callback=True)
    edited = console.emit("idea:edit", {"idea_id": idea["id"], "text": "Muudetud"},
                          callback=True)

    assert hidden["error"]["code"] == edited["error"]["code"] == "wrong_phase"
    stored = db.session.get(Idea, idea["id"])
    assert (stored.text, stored.hidden) == ("Lõplik", False)


# -- merge --------------------------------------------------------------------------------------


def test_merging_moves_dots_to_the_target_within_the_per_idea_limit(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=5,
                             max_dots_per_idea=2)
    author = join_phone(app, workshop)
    target = post_idea(author, "Külabuss")["id"]
    source = post_idea(author, "Buss, mis sõidab külast poodi")["id"]
    move_to(workshop, facilitator, "voting")
    keen, moderate = join_phone(app, workshop), join_phone(app, workshop)
    for idea_id in (target, target, source, source):
        assert cast(keen, idea_id)["ok"]
    assert cast(moderate, source)["ok"]
    assert votes_left(keen, workshop) == 1
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("idea:merge", {"target_id": target, "source_ids": [source]},
                       callback=True)

    assert ack["ok"] and ack["idea"]["id"] == target
    assert (ack["moved"], ack["returned"]) == (1, 2)
    assert live_dots(keen.participant_id, target) == 2  # never over max_dots_per_idea
    assert live_dots(moderate.participant_id, target) == 1
    assert live_dots(idea_id=source) == 0
    assert votes_left(keen, workshop) == 3  # the two extra dots came back
    assert votes_left(moderate, workshop) == 4
    assert db.session.get(Idea, source).merged_into_id == target
    assert db.session.get(Idea, target).merged_into_id is None


def test_merging_tells_the_screens_and_sends_a_fresh_tally(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    author = join_phone(app, workshop)
    target, first, second = (post_idea(author, f"Mõte {n}")["id"] for n in range(3))
    move_to(workshop, facilitator, "voting")
    cast(author, first)
    cast(author, second)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    author.events()

    console.emit("idea:merge", {"target_id": target, "source_ids": [first, second]},
                 callback=True)

    updates = payloads(board)
    merged = [e["idea"] for e in updates if "idea" in e]
    assert sorted(idea["id"] for idea in merged) == [first, second]
    assert all(idea["merged_into_id"] == target and "text" not in idea for idea in merged)
    assert updates[-1]["votes"] == {str(target): 2}
    assert len(payloads(author, "idea:updated")) == 2
    assert payloads(console, "tally")[-1]["votes"] == {str(target): 2}


def test_merging_an_idea_into_itself_is_refused(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop))["id"]
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("idea:merge", {"target_id": idea, "source_ids": [idea]}, callback=True)

    assert ack["error"]["code"] == "invalid_input"
    assert db.session.get(Idea, idea).merged_into_id is None


def test_merging_ideas_of_another_workshop_is_refused(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    other = make_workshop(facilitator, phase="collecting")
    target = post_idea(join_phone(app, workshop))["id"]
    foreign = post_idea(join_phone(app, other))["id"]
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("idea:merge", {"target_id": target, "source_ids": [foreign]},
                       callback=True)

    assert ack["error"]["code"] == "invalid_input"
    assert db.session.get(Idea, foreign).merged_into_id is None


# -- paper ballots and ideas on someone's behalf -------------------------------------------------


def test_a_paper_ballot_gets_dots_under_the_same_budget(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=2,
                             max_dots_per_idea=1)
    author = join_phone(app, workshop)
    first, second, third = (post_idea(author, f"Paberi mõte {n}")["id"] for n in range(3))
    move_to(workshop, facilitator, "voting")
    console = console_socket(app, facilitator, workshop)

    added = console.emit("ballot:add", {"workshop_id": workshop.id, "name": "Härra Tamm"},
                         callback=True)
    ballot = added["ballot"]["id"]

    def vote(idea_id):
        return console.emit("vote:cast", {"idea_id": idea_id, "participant_id": ballot,
                                          "client_id": new_client_id()}, callback=True)

    assert added["ok"] and added["ballot"]["votes_left"] == 2
    assert vote(first)["votes_left"] == 1
    assert vote(first)["error"]["code"] == "idea_vote_limit"
    assert vote(second)["votes_left"] == 0
    assert vote(third)["error"]["code"] == "vote_budget_exhausted"
    assert live_dots(ballot) == 2
    stored = db.session.get(Participant, ballot)
    assert stored.on_paper is True and stored.display_name == "Härra Tamm"
    assert {v.cast_by_user_id for v in db.session.query(Vote)} == {facilitator.id}
    ballots = console.emit("join", {"workshop_id": workshop.id}, callback=True)["state"][
        "ballots"]
    assert ballots == [{"id": ballot, "display_name": "Härra Tamm", "votes_left": 0,
                        "my_votes": {str(first): 1, str(second): 1},
                        "added_by": facilitator.name}]
    assert added["ballot"]["added_by"] == facilitator.name


def test_staff_can_take_a_dot_back_from_a_paper_ballot(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop))["id"]
    move_to(workshop, facilitator, "voting")
    console = console_socket(app, facilitator, workshop)
    ballot = console.emit("ballot:add", {"workshop_id": workshop.id}, callback=True)["ballot"]
    console.emit("vote:cast", {"idea_id": idea, "participant_id": ballot["id"],
                               "client_id": new_client_id()}, callback=True)

    ack = console.emit("vote:retract", {"idea_id": idea, "participant_id": ballot["id"]},
                       callback=True)

    assert ack["ok"] and ack["votes_left"] == workshop.dots_per_participant
    assert live_dots(ballot["id"]) == 0


def test_paper_ballots_are_numbered_when_unnamed(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)

    names = [console.emit("ballot:add", {"workshop_id": workshop.id}, callback=True)[
        "ballot"]["display_name"] for _ in range(2)]

    assert names == ["#1", "#2"]


def test_staff_cannot_vote_with_a_phone_participants_id(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)["id"]
    move_to(workshop, facilitator, "voting")
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("vote:cast", {"idea_id": idea, "participant_id": phone.participant_id,
                                     "client_id": new_client_id()}, callback=True)

    assert ack["error"]["code"] == "forbidden"
    assert live_dots() == 0
    assert cast(phone, idea)["votes_left"] == workshop.dots_per_participant - 1


def test_staff_voting_without_a_ballot_is_invalid_input(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop))["id"]
    move_to(workshop, facilitator, "voting")
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("vote:cast", {"idea_id": idea, "client_id": new_client_id()},
                       callback=True)

    assert ack["error"]["code"] == "invalid_input"
    assert ack["error"]["field"] == "participant_id"


def test_staff_posts_an_idea_on_someones_behalf(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("idea:post", {"workshop_id": workshop.id, "text": "Paberilt: päevakeskus",
                                     "client_id": new_client_id(),
                                     "target_groups": ["elderly"]}, callback=True)

    assert ack["ok"] and ack["duplicate"] is False
    assert ack["idea"]["on_behalf"] is True
    stored = db.session.get(Idea, ack["idea"]["id"])
    assert (stored.workshop_id, stored.author_user_id, stored.participant_id) == (
        workshop.id, facilitator.id, None)
    (event,) = payloads(phone, "idea:added")
    assert event["idea"]["text"] == "Paberilt: päevakeskus"
    assert "on_behalf" not in event["idea"]
    assert payloads(console, "idea:added")[0]["idea"]["on_behalf"] is True


def test_an_idea_posted_by_a_phone_is_not_on_behalf(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)

    post_idea(join_phone(app, workshop), "Ise kirjutatud")

    (event,) = payloads(console, "idea:added")
    assert event["idea"]["on_behalf"] is False


def test_staff_posting_still_obeys_the_phase(app, facilitator):
    workshop = make_workshop(facilitator, phase="voting")
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("idea:post", {"workshop_id": workshop.id, "text": "Liiga hilja",
                                     "client_id": new_client_id()}, callback=True)

    assert ack["error"]["code"] == "wrong_phase"
    assert db.session.query(Idea).count() == 0


def test_staff_posting_without_a_workshop_is_invalid_input(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("idea:post", {"text": "Kuhu?", "client_id": new_client_id()},
                       callback=True)

    assert ack["error"] == {"code": "invalid_input", "field": "workshop_id",
                            "message": ack["error"]["message"]}
