"""A workshop belongs to its team: its maker, co-facilitators, admins. Others watch, or nothing."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Idea, Participant, Vote, Workshop
from app.services import participants, team
from app.services.errors import ServiceError
from tests.conftest import (
    as_staff,
    console_socket,
    join_phone,
    login,
    make_staff,
    make_workshop,
    move_to,
    new_client_id,
    post_idea,
    staff_headers,
    staff_socket,
)
from tests.integration.pipeline_factories import make_lag, make_user


def rows() -> tuple[int, ...]:
    db.session.rollback()
    return tuple(db.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0
                 for table in (Idea, Participant, Vote))


def test_a_facilitator_of_another_lag_cannot_steer_close_or_stuff_the_workshop(app, client):
    owner = make_user("facilitator", make_lag("Võrumaa Partnerluskogu"))
    stranger = make_user("facilitator", make_lag("Tartumaa Arendusselts"))
    workshop = make_workshop(owner, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone, "Külabuss")
    ballot = participants.add_paper_ballot(as_staff(owner), workshop.id, "Paber")
    move_to(workshop, owner, "voting")
    socket = staff_socket(app, stranger)
    before, seq = rows(), db.session.get(Workshop, workshop.id).seq

    answers = {name: socket.emit(name, payload, callback=True) for name, payload in {
        "phase:set": {"workshop_id": workshop.id, "phase": "closed"},
        "timer:set": {"workshop_id": workshop.id, "seconds": 60},
        "ballot:add": {"workshop_id": workshop.id, "name": "Võõras"},
        "vote:cast": {"idea_id": idea["id"], "participant_id": ballot.id,
                      "client_id": new_client_id()},
        "idea:hide": {"idea_id": idea["id"]},
        "idea:edit": {"idea_id": idea["id"], "text": "Ümber kirjutatud"},
        "workshop:update": {"workshop_id": workshop.id, "joining_open": False},
        "participants:remove": {"workshop_id": workshop.id, "inactive": True},
    }.items()}
    hidden = client.get(f"/api/v1/workshops/{workshop.id}/ideas", headers=staff_headers(stranger))

    assert {name: ack["error"]["code"] for name, ack in answers.items()} == dict.fromkeys(
        answers, "forbidden")
    assert hidden.status_code == 403
    assert rows() == before
    stored = db.session.get(Workshop, workshop.id)
    assert (stored.phase.value, stored.seq, stored.joining_open) == ("voting", seq, True)


def test_a_co_facilitator_the_maker_added_steers_too(app, facilitator):
    colleague = make_staff()
    workshop = make_workshop(facilitator, phase="collecting")
    team.add_co_facilitator(as_staff(facilitator), workshop.id, colleague.id)
    console = console_socket(app, colleague, workshop)

    ack = console.emit("phase:set", {"workshop_id": workshop.id, "phase": "voting"},
                       callback=True)

    assert ack["ok"], ack
    assert team.team_json(workshop)["co_facilitators"][0]["id"] == colleague.id


def test_only_the_maker_or_an_admin_changes_the_team(app, facilitator):
    colleague, third = make_staff(), make_staff()
    admin = make_staff("admin")
    workshop = make_workshop(facilitator)
    team.add_co_facilitator(as_staff(facilitator), workshop.id, colleague.id)

    try:
        team.add_co_facilitator(as_staff(colleague), workshop.id, third.id)
    except ServiceError as error:
        refused = error.code
    team.add_co_facilitator(as_staff(admin), workshop.id, third.id)
    team.remove_co_facilitator(as_staff(facilitator), workshop.id, colleague.id)

    assert refused == "forbidden"
    assert [m["id"] for m in team.team_json(workshop)["co_facilitators"]] == [third.id]


def test_the_team_is_changed_from_the_console_with_a_form(app, client, facilitator):
    colleague = make_staff()
    workshop = make_workshop(facilitator)
    login(client, facilitator)

    added = client.post(f"/console/workshops/{workshop.id}/team",
                        data={"user_id": str(colleague.id)})
    page = client.get(f"/console/workshops/{workshop.id}").get_data(as_text=True)
    removed = client.post(f"/console/workshops/{workshop.id}/team/{colleague.id}/remove")

    assert added.status_code == removed.status_code == 302
    assert colleague.name in page
    assert team.co_facilitator_ids(workshop.id) == set()


def test_watching_staff_see_the_board_view_and_the_team_sees_hidden_ideas(app, client,
                                                                          facilitator):
    lag = make_lag("Võrumaa Partnerluskogu")
    coordinator = make_user("coordinator", lag)
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    shown, hidden = post_idea(phone, "Näha"), post_idea(phone, "Telefoninumber 5555 5555")
    console_socket(app, facilitator, workshop).emit("idea:hide", {"idea_id": hidden["id"]},
                                                    callback=True)

    watched = client.get(f"/api/v1/workshops/{workshop.id}/ideas",
                         headers=staff_headers(coordinator)).get_json()["ideas"]
    steered = client.get(f"/api/v1/workshops/{workshop.id}/ideas",
                         headers=staff_headers(facilitator)).get_json()["ideas"]
    snapshot = client.get(f"/api/v1/workshops/{workshop.id}",
                          headers=staff_headers(coordinator)).get_json()
    login(client, coordinator)
    console = client.get(f"/console/workshops/{workshop.id}").get_data(as_text=True)

    assert [i["id"] for i in watched] == [shown["id"]]
    assert {i["id"] for i in steered} == {shown["id"], hidden["id"]}
    assert "board_url" not in snapshot["workshop"] and "ballots" not in snapshot
    assert 'id="watching-note"' in console and workshop.board_key not in console
    # Nothing only the team may do is offered: the page is marked as watched (the phase
    # buttons, timer, paper ballots and idea tools are hidden) and links to no settings.
    assert 'class="staff console watching"' in console
    assert f"/console/workshops/{workshop.id}/edit" not in console


def test_a_facilitators_backlog_holds_the_workshops_they_help_run(app, client, facilitator):
    colleague = make_user("facilitator", make_lag("Tartumaa Arendusselts"))
    workshop = make_workshop(facilitator, phase="collecting")
    post_idea(join_phone(app, workshop), "Ühine ettevõtmine")
    move_to(workshop, facilitator, "voting", "results", "closed")
    before = client.get("/api/v1/ideas", headers=staff_headers(colleague)).get_json()["total"]

    team.add_co_facilitator(as_staff(facilitator), workshop.id, colleague.id)
    after = client.get("/api/v1/ideas", headers=staff_headers(colleague)).get_json()["total"]

    assert (before, after) == (0, 1)


def test_an_admin_reopens_a_closed_workshop_to_its_results_and_the_team_cannot(
        app, client, facilitator):
    admin = make_staff("admin")
    workshop = make_workshop(facilitator, phase="closed")

    by_team = client.post(f"/api/v1/workshops/{workshop.id}/phase", json={"phase": "results"},
                          headers=staff_headers(facilitator))
    login(client, admin)
    by_admin = client.post(f"/console/workshops/{workshop.id}/reopen")

    assert by_team.status_code == 409
    assert by_team.get_json()["error"]["code"] == "invalid_transition"
    assert by_admin.status_code == 302
    assert db.session.get(Workshop, workshop.id).phase.value == "results"


def test_paper_ballots_stop_at_the_workshops_cap_and_show_who_added_them(app, facilitator):
    workshop = make_workshop(facilitator, phase="voting", paper_ballot_limit=2)
    console = console_socket(app, facilitator, workshop)

    answers = [console.emit("ballot:add", {"workshop_id": workshop.id}, callback=True)
               for _ in range(3)]

    assert [a["ok"] for a in answers] == [True, True, False]
    assert answers[2]["error"] == {**answers[2]["error"], "code": "limit_reached",
                                   "field": "paper_ballot_limit"}
    assert {a["ballot"]["added_by"] for a in answers[:2]} == {facilitator.name}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 2


def test_the_paper_ballot_cap_is_three_hundred_unless_set():
    from app.services.workshops import DEFAULT_PAPER_BALLOT_LIMIT

    assert DEFAULT_PAPER_BALLOT_LIMIT == 300
