"""Workshop phases: the transitions a facilitator may make, and what each phase allows."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Idea, Vote, Workshop
from tests.conftest import (
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

PHASES = ["draft", "collecting", "grouping", "voting", "results", "closed"]

# The phase machine as DESIGN.md describes it, written out here as the specification.
ALLOWED = {
    ("draft", "collecting"), ("draft", "closed"),
    ("collecting", "grouping"), ("collecting", "voting"), ("collecting", "closed"),
    ("grouping", "voting"), ("grouping", "collecting"), ("grouping", "closed"),
    ("voting", "results"), ("voting", "collecting"), ("voting", "closed"),
    ("results", "voting"), ("results", "closed"),
}
FORBIDDEN = sorted({(a, b) for a in PHASES for b in PHASES} - ALLOWED)


def _ids(pairs):
    return [f"{a}->{b}" for a, b in pairs]


def _phase_and_seq(workshop_id):
    db.session.rollback()
    row = db.session.get(Workshop, workshop_id)
    return row.phase.value, row.seq


@pytest.mark.parametrize(("start", "target"), sorted(ALLOWED), ids=_ids(sorted(ALLOWED)))
def test_allowed_transition_via_phase_set_moves_the_workshop_and_tells_everyone(
        app, facilitator, start, target):
    workshop = make_workshop(facilitator, phase=start)
    _phase, seq_before = _phase_and_seq(workshop.id)
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": target}, callback=True)

    assert ack == {"ok": True, "phase": target, "seq": seq_before + 1}
    assert _phase_and_seq(workshop.id) == (target, seq_before + 1)
    events = payloads(console, "phase")
    assert [(e["phase"], e["seq"]) for e in events] == [(target, seq_before + 1)]


@pytest.mark.parametrize(("start", "target"), sorted(ALLOWED), ids=_ids(sorted(ALLOWED)))
def test_allowed_transition_via_http_api_moves_the_workshop(client, facilitator, start, target):
    workshop = make_workshop(facilitator, phase=start)
    _phase, seq_before = _phase_and_seq(workshop.id)

    response = client.post(f"/api/v1/workshops/{workshop.id}/phase", json={"phase": target},
                           headers=staff_headers(facilitator))

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["phase"] == target
    assert _phase_and_seq(workshop.id) == (target, seq_before + 1)


@pytest.mark.parametrize("start", PHASES)
def test_forbidden_transitions_via_phase_set_are_refused_and_change_nothing(
        app, facilitator, start):
    if start == "results":  # the door closes at results: the phone joined while voting
        workshop = make_workshop(facilitator, phase="voting")
        phone = join_phone(app, workshop)
        move_to(workshop, facilitator, "results")
    else:
        workshop = make_workshop(facilitator, phase=start)
        phone = join_phone(app, workshop) if start != "closed" else None  # a dead code
    before = _phase_and_seq(workshop.id)
    console = console_socket(app, facilitator, workshop)
    if phone:
        phone.events()
    targets = [target for (source, target) in FORBIDDEN if source == start]
    assert targets

    for target in targets:
        ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": target},
                           callback=True)

        assert ack["ok"] is False, target
        assert ack["error"]["code"] == "invalid_transition", target
        assert ack["error"]["message"]
        assert _phase_and_seq(workshop.id) == before, target
    assert payloads(console) == []
    assert phone is None or payloads(phone) == []


@pytest.mark.parametrize("start", PHASES)
def test_forbidden_transitions_via_http_api_answer_409_and_change_nothing(
        client, facilitator, start):
    workshop = make_workshop(facilitator, phase=start)
    before = _phase_and_seq(workshop.id)
    headers = staff_headers(facilitator)

    for target in [target for (source, target) in FORBIDDEN if source == start]:
        response = client.post(f"/api/v1/workshops/{workshop.id}/phase",
                               json={"phase": target}, headers=headers)

        assert response.status_code == 409, target
        assert response.get_json()["error"]["code"] == "invalid_transition", target
        assert _phase_and_seq(workshop.id) == before, target


def test_unknown_phase_name_is_invalid_input_naming_the_phase_field(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": "finished"},
                       callback=True)
    response = client.post(f"/api/v1/workshops/{workshop.id}/phase", json={"phase": "finished"},
                           headers=staff_headers(facilitator))

    assert ack["error"]["code"] == "invalid_input"
    assert ack["error"]["field"] == "phase"
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "phase"
    assert _phase_and_seq(workshop.id) == ("collecting", 1)


def test_phase_set_for_an_unknown_workshop_is_not_found(app, facilitator):
    workshop = make_workshop(facilitator)
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("phase:set", {"workshop_id": workshop.id + 1000, "phase": "collecting"},
                       callback=True)

    assert ack["error"]["code"] == "not_found"


# -- what each phase allows ---------------------------------------------------------------

ROUTES = {
    "draft": [],
    "grouping": ["collecting", "grouping"],
    "voting": ["collecting", "voting"],
    "results": ["collecting", "voting", "results"],
    "closed": ["collecting", "voting", "results", "closed"],
}


@pytest.mark.parametrize("phase", list(ROUTES))
def test_posting_an_idea_outside_collecting_is_wrong_phase(app, facilitator, phase):
    workshop = make_workshop(facilitator)
    phone = join_phone(app, workshop)  # joined in draft, so the phone is there in every phase
    move_to(workshop, facilitator, *ROUTES[phase])
    phone.events()

    ack = phone.emit("idea:post", {"text": "Liiga hilja", "client_id": new_client_id()})

    assert ack["ok"] is False
    assert ack["error"]["code"] == "wrong_phase"
    assert db.session.query(Idea).count() == 0


def test_posting_an_idea_while_collecting_is_accepted(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)

    idea = post_idea(phone, "Külabuss poodi ja apteeki")

    assert db.session.get(Idea, idea["id"]).text == "Külabuss poodi ja apteeki"


@pytest.mark.parametrize("phase", ["collecting", "grouping", "results", "closed"])
def test_casting_a_dot_outside_voting_is_wrong_phase(app, facilitator, phase):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    route = {"collecting": [], "grouping": ["grouping"], "results": ["voting", "results"],
             "closed": ["closed"]}[phase]
    move_to(workshop, facilitator, *route)

    ack = cast(phone, idea["id"])

    assert ack["ok"] is False
    assert ack["error"]["code"] == "wrong_phase"
    assert db.session.query(Vote).count() == 0


def voting_with_one_dot(app, facilitator):
    """A workshop in voting with one phone, whose idea has that phone's dot."""
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    assert cast(phone, idea["id"])["ok"]
    return workshop, phone, idea


@pytest.mark.parametrize("phase", ["results", "collecting"])
def test_retracting_a_dot_outside_voting_is_wrong_phase(app, facilitator, phase):
    workshop, phone, idea = voting_with_one_dot(app, facilitator)
    move_to(workshop, facilitator, phase)

    ack = phone.emit("vote:retract", {"idea_id": idea["id"], "client_id": new_client_id()})

    assert ack["error"]["code"] == "wrong_phase"
    assert db.session.query(Vote).filter(Vote.retracted_at.is_(None)).count() == 1


def test_stepping_back_from_grouping_to_collecting_opens_posting_again(app, facilitator):
    workshop = make_workshop(facilitator, phase="grouping")
    phone = join_phone(app, workshop)
    assert phone.emit("idea:post", {"text": "Hiljaks jäänud mõte",
                                    "client_id": new_client_id()})["error"]["code"] \
        == "wrong_phase"
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": "collecting"},
                       callback=True)

    assert ack["ok"] and ack["phase"] == "collecting"
    idea = post_idea(phone, "Hiljaks jäänud mõte")
    assert db.session.get(Idea, idea["id"]).workshop_id == workshop.id


def test_stepping_back_from_voting_to_collecting_stops_voting_and_keeps_cast_dots(
        app, facilitator):
    workshop, phone, idea = voting_with_one_dot(app, facilitator)
    console = console_socket(app, facilitator, workshop)

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": "collecting"},
                       callback=True)

    assert ack["ok"] and ack["phase"] == "collecting"
    assert post_idea(phone, "Veel üks mõte")["workshop_id"] == workshop.id
    assert cast(phone, idea["id"])["error"]["code"] == "wrong_phase"
    assert db.session.query(Vote).filter(Vote.retracted_at.is_(None)).count() == 1


def test_phones_hear_the_phase_change_with_their_own_view(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    post_idea(phone)
    phone.events()

    move_to(workshop, facilitator, "voting")

    (event,) = payloads(phone, "phase")
    assert event["phase"] == "voting"
    assert event["workshop"]["id"] == workshop.id
    assert "board_url" not in event["workshop"]  # the board's secret key stays with staff
    # The phone saw every idea come in while collecting: it keeps its list.
    assert "ideas" not in event


def test_phones_that_could_not_see_ideas_get_the_list_when_voting_starts(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", phones_see_ideas=False)
    phone = join_phone(app, workshop)
    post_idea(phone, "Naabriabi ring")
    post_idea(join_phone(app, workshop), "Kogukonnatakso")
    phone.events()

    move_to(workshop, facilitator, "voting")

    (event,) = payloads(phone, "phase")
    assert sorted(idea["text"] for idea in event["ideas"]) == ["Kogukonnatakso",
                                                               "Naabriabi ring"]


def test_phones_get_the_list_with_its_counts_at_results_and_without_when_voting_reopens(
        app, facilitator):
    workshop, phone, idea = voting_with_one_dot(app, facilitator)
    phone.events()

    move_to(workshop, facilitator, "results")
    (results,) = payloads(phone, "phase")
    assert [(i["id"], i["votes"]) for i in results["ideas"]] == [(idea["id"], 1)]

    move_to(workshop, facilitator, "voting")
    (voting,) = payloads(phone, "phase")
    assert [i["id"] for i in voting["ideas"]] == [idea["id"]]
    assert "votes" not in voting["ideas"][0]  # no live counts on phones while voting


def test_showing_results_stops_the_timer(app, facilitator):
    workshop = make_workshop(facilitator, phase="voting")
    console = console_socket(app, facilitator, workshop)
    assert console.emit("timer:set", {"workshop_id": workshop.id, "seconds": 600},
                        callback=True)["timer_ends_at"]

    console.emit("phase:set", {"workshop_id": workshop.id, "phase": "results"}, callback=True)

    db.session.rollback()
    assert db.session.get(Workshop, workshop.id).timer_ends_at is None
    (event,) = payloads(console, "phase")
    assert event["workshop"]["timer_ends_at"] is None
