"""Event numbers: every workshop event carries seq = previous + 1, so a client can spot a gap."""

from __future__ import annotations

from app.extensions import db
from app.models import Workshop
from tests.conftest import (
    board_socket,
    cast,
    console_socket,
    join_phone,
    make_workshop,
    move_to,
    payloads,
    post_idea,
    staff_headers,
)

SEQUENCED = ("idea:added", "idea:updated", "phase", "timer", "state")


def current_seq(workshop_id):
    db.session.rollback()
    return db.session.get(Workshop, workshop_id).seq


def sequenced(socket):
    """(name, seq) of every numbered event the socket received, in order."""
    client = getattr(socket, "socket", socket)
    return [(item["name"], item["args"][0]["seq"]) for item in client.get_received()
            if item["name"] in SEQUENCED]


def test_each_workshop_event_carries_the_previous_seq_plus_one(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    start = console.emit("join", {"workshop_id": workshop.id}, callback=True)["seq"]
    console.get_received()

    idea = post_idea(phone, "Esimene mõte")
    post_idea(phone, "Teine mõte")
    console.emit("idea:edit", {"idea_id": idea["id"], "text": "Esimene mõte, parandatud"},
                 callback=True)
    console.emit("idea:hide", {"idea_id": idea["id"]}, callback=True)
    console.emit("timer:set", {"workshop_id": workshop.id, "seconds": 300}, callback=True)
    console.emit("phase:set", {"workshop_id": workshop.id, "phase": "voting"}, callback=True)

    expected = [("idea:added", start + 1), ("idea:added", start + 2),
                ("idea:updated", start + 3), ("idea:updated", start + 4),
                ("timer", start + 5), ("phase", start + 6)]
    assert sequenced(console) == expected
    assert sequenced(board) == expected
    assert sequenced(phone) == expected
    assert current_seq(workshop.id) == start + 6


def test_join_ack_seq_equals_the_workshops_current_seq(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    author = join_phone(app, workshop)
    post_idea(author)
    post_idea(author)
    move_to(workshop, facilitator, "voting")
    seq = current_seq(workshop.id)
    assert seq == 4  # collecting, two ideas, voting

    phone = join_phone(app, workshop)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)

    for socket in (phone.socket, board, console):
        ack = socket.emit("join", {"workshop_id": workshop.id}, callback=True)
        assert ack["ok"] and ack["seq"] == seq
        assert ack["state"]["workshop"]["phase"] == "voting"


def test_a_tally_carries_the_current_seq_without_advancing_it(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    seq = current_seq(workshop.id)

    cast(phone, idea["id"])
    cast(phone, idea["id"])
    join_phone(app, workshop)  # a newcomer changes the turnout, so a tally follows too

    for socket in (board, console):
        tallies = payloads(socket, "tally")
        assert len(tallies) == 3
        assert {tally["seq"] for tally in tallies} == {seq}
    assert current_seq(workshop.id) == seq


def test_phase_event_after_dots_still_follows_on_from_the_last_numbered_event(
        app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    seq = current_seq(workshop.id)
    cast(phone, idea["id"])
    console = console_socket(app, facilitator, workshop)
    phone.events()

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": "results"},
                       callback=True)

    assert ack["seq"] == seq + 1
    assert [e["seq"] for e in payloads(phone, "phase")] == [seq + 1]


def test_phones_that_may_not_see_ideas_still_get_idea_added_with_just_the_seq(
        app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", phones_see_ideas=False)
    author, neighbour = join_phone(app, workshop), join_phone(app, workshop)
    board = board_socket(app, workshop)
    seq = current_seq(workshop.id)

    idea = post_idea(author, "Salajane mõte")

    for phone in (author, neighbour):
        (event,) = payloads(phone, "idea:added")
        assert event == {"seq": seq + 1, "workshop_id": workshop.id}
    (on_board,) = payloads(board, "idea:added")
    assert on_board["seq"] == seq + 1
    assert on_board["idea"]["text"] == "Salajane mõte" and on_board["idea"]["id"] == idea["id"]
    state = neighbour.emit("join", {"workshop_id": workshop.id})["state"]
    assert state["ideas"] == []


def test_phones_that_may_see_ideas_get_the_idea_in_idea_added(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", phones_see_ideas=True)
    author, neighbour = join_phone(app, workshop), join_phone(app, workshop)

    post_idea(author, "Avalik mõte")

    (event,) = payloads(neighbour, "idea:added")
    assert event["idea"]["text"] == "Avalik mõte"
    assert "on_behalf" not in event["idea"]  # staff-only detail


def test_seq_is_counted_per_workshop(app, facilitator):
    first = make_workshop(facilitator, phase="collecting")
    second = make_workshop(facilitator, phase="collecting")
    here = join_phone(app, first)
    there = join_phone(app, second)
    before = current_seq(first.id)

    post_idea(there, "Teise töötoa mõte")
    post_idea(there, "Veel üks")

    assert current_seq(first.id) == before
    assert payloads(here) == []
    assert [e["seq"] for e in payloads(there, "idea:added")] == [2, 3]


def test_changing_settings_sends_a_fresh_state_with_the_next_seq(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    seq = current_seq(workshop.id)

    response = client.patch(f"/api/v1/workshops/{workshop.id}",
                            json={"prompt": "Kuidas võiksime liikumist lihtsamaks teha?"},
                            headers=staff_headers(facilitator))

    assert response.status_code == 200
    (state,) = payloads(phone, "state")
    assert state["seq"] == seq + 1
    assert state["workshop"]["prompt"] == "Kuidas võiksime liikumist lihtsamaks teha?"


def test_timer_event_tells_when_the_timer_ends_and_zero_clears_it(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    console = console_socket(app, facilitator, workshop)
    seq = current_seq(workshop.id)

    started = console.emit("timer:set", {"workshop_id": workshop.id, "seconds": 120},
                           callback=True)
    cleared = console.emit("timer:set", {"workshop_id": workshop.id, "seconds": 0},
                           callback=True)

    assert started["ok"] and started["timer_ends_at"].endswith("Z")
    assert cleared == {"ok": True, "timer_ends_at": None}
    events = payloads(phone, "timer")
    assert [e["seq"] for e in events] == [seq + 1, seq + 2]
    assert events[0]["timer_ends_at"] == started["timer_ends_at"]
    assert events[0]["server_time"] < events[0]["timer_ends_at"]
    assert events[1]["timer_ends_at"] is None
    assert db.session.get(Workshop, workshop.id).timer_ends_at is None


def test_joining_a_workshop_that_is_not_there_keeps_the_console_where_it_was(app, facilitator):
    """A refused join changes nothing: the console still hears its own workshop."""
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)
    ack = console.emit("join", {"workshop_id": 2**31 - 2}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "not_found"
    console.get_received()
    phone = join_phone(app, workshop)
    post_idea(phone, "Kogukonnaaed hooldekodu juures")
    assert [name for name, _seq in sequenced(console)] == ["idea:added"]
