"""A facilitator and three phones through a whole workshop over Flask-SocketIO's test client."""

from __future__ import annotations

from app.extensions import db
from app.models import Vote
from tests.conftest import join_phone, make_workshop, new_client_id, staff_socket


def test_whole_workshop_from_collecting_to_results(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", dots_per_participant=3,
                             max_dots_per_idea=2)
    console = staff_socket(app, facilitator)
    assert console.emit("join", {"workshop_id": workshop.id}, callback=True)["ok"]
    phones = [join_phone(app, workshop, f"P{n}") for n in range(3)]

    ideas = []
    for number, phone in enumerate(phones):
        ack = phone.emit("idea:post", {"text": f"Idee {number}", "client_id": new_client_id(),
                                       "target_groups": ["elderly"]})
        assert ack["ok"], ack
        ideas.append(ack["idea"]["id"])

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": "voting"},
                       callback=True)
    assert ack == {"ok": True, "phase": "voting", "seq": ack["seq"]}

    for phone in phones:
        for idea_id in ideas:
            ack = phone.emit("vote:cast", {"idea_id": idea_id, "client_id": new_client_id()})
            assert ack["ok"], ack
    assert ack["votes_left"] == 0

    console.emit("phase:set", {"workshop_id": workshop.id, "phase": "results"}, callback=True)
    results = [e for e in phones[0].events("phase") if e["args"][0]["phase"] == "results"]
    counts = {idea["id"]: idea["votes"] for idea in results[-1]["args"][0]["ideas"]}
    assert counts == {idea_id: 3 for idea_id in ideas}
    assert db.session.query(Vote).count() == 9
