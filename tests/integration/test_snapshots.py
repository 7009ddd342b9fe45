"""A phone coming back gets its own dots and ideas, typed as the API documents, on both
databases (the join path reads them on the driver's cursor, compiled once per dialect)."""

from __future__ import annotations

from app.extensions import socketio
from app.services.participants import join_workshop
from tests.conftest import make_staff, make_workshop, move_to, new_client_id


def test_a_rejoining_phone_gets_its_own_dots_and_ideas(any_app) -> None:
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting")
    _participant, token = join_workshop(workshop.code, "Mari")
    phone = socketio.test_client(any_app, auth={"token": token})
    assert phone.emit("join", {"workshop_id": workshop.id}, callback=True)["ok"]
    posted = [phone.emit("idea:post", {"text": text, "target_groups": ["elderly", "disabled"],
                                       "client_id": new_client_id()}, callback=True)["idea"]
              for text in ("Külabuss poodi ja arsti juurde", "Naabriabi ring")]
    move_to(workshop, staff, "voting")
    for idea in (posted[0], posted[0], posted[1]):
        ack = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": new_client_id()},
                         callback=True)
        assert ack["ok"], ack
    phone.disconnect()

    again = socketio.test_client(any_app, auth={"token": token})
    me = again.emit("join", {"workshop_id": workshop.id}, callback=True)["state"]["me"]

    assert me["my_votes"] == {str(posted[0]["id"]): 2, str(posted[1]["id"]): 1}
    assert me["votes_left"] == workshop.dots_per_participant - 3
    assert me["my_ideas"] == posted
    first = me["my_ideas"][0]
    assert first["hidden"] is False and first["target_groups"] == ["elderly", "disabled"]
    assert first["created_at"].endswith("Z") and first["details"] == ""
