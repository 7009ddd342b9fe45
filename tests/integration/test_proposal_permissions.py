"""Who may read and change proposals and the backlog: the permission matrix, enforced in services.

A coordinator edits the proposals of their own LAG (a cooperation proposal of two LAGs by
the coordinators of both); an admin edits everything; a facilitator only reads; nobody
signed out gets anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from app.models import Lag, Proposal, User
from app.services import backlog, proposals
from app.services.access import ANONYMOUS, staff_principal
from app.services.errors import ServiceError
from tests.conftest import staff_headers
from tests.integration.pipeline_factories import (
    add_idea,
    make_closed_workshop,
    make_lag,
    make_proposal,
    make_seminar,
    make_user,
)

ACTORS = ["admin", "coordinator_a", "coordinator_b", "coordinator_without_lag", "facilitator",
          "anonymous"]
PROPOSALS = ["of_a", "of_b", "cooperation_b_with_a"]

# Expected answer of the API for changing (PATCH, status, comment) each proposal.
MAY_EDIT = {
    ("admin", "of_a"), ("admin", "of_b"), ("admin", "cooperation_b_with_a"),
    ("coordinator_a", "of_a"), ("coordinator_a", "cooperation_b_with_a"),
    ("coordinator_b", "of_b"), ("coordinator_b", "cooperation_b_with_a"),
}


@dataclass
class World:
    lag_a: Lag
    lag_b: Lag
    users: dict[str, User]
    proposals: dict[str, Proposal]

    def headers(self, actor: str) -> dict[str, str]:
        return {} if actor == "anonymous" else staff_headers(self.users[actor])


@pytest.fixture
def world(app) -> World:
    lag_a, lag_b = make_lag("Võrumaa Partnerluskogu"), make_lag("Tartumaa Arendusselts")
    users = {
        "admin": make_user("admin"),
        "coordinator_a": make_user("coordinator", lag_a),
        "coordinator_b": make_user("coordinator", lag_b),
        "coordinator_without_lag": make_user("coordinator"),
        "facilitator": make_user("facilitator", lag_a),
    }
    admin = users["admin"]
    return World(lag_a, lag_b, users, {
        "of_a": make_proposal(admin, lag_a, title="Võrumaa külabuss"),
        "of_b": make_proposal(admin, lag_b, title="Tartumaa tugirühm"),
        "cooperation_b_with_a": make_proposal(admin, lag_b, title="Ühine õppereis",
                                              cooperation_lag_ids=[lag_a.id]),
    })


def _expected_edit(actor: str, name: str) -> int:
    if actor == "anonymous":
        return 401
    return 200 if (actor, name) in MAY_EDIT else 403


MATRIX = [(actor, name) for actor in ACTORS for name in PROPOSALS]


@pytest.mark.parametrize(("actor", "name"), MATRIX, ids=[f"{a}-{n}" for a, n in MATRIX])
def test_every_staff_member_reads_every_proposal(client, world, actor, name):
    proposal = world.proposals[name]
    response = client.get(f"/api/v1/proposals/{proposal.id}", headers=world.headers(actor))
    assert response.status_code == (401 if actor == "anonymous" else 200)


@pytest.mark.parametrize(("actor", "name"), MATRIX, ids=[f"{a}-{n}" for a, n in MATRIX])
def test_editing_a_proposal_follows_the_matrix(client, world, actor, name):
    proposal = world.proposals[name]
    response = client.patch(f"/api/v1/proposals/{proposal.id}", headers=world.headers(actor),
                            json={"next_step": "Helistada taotlejale"})
    assert response.status_code == _expected_edit(actor, name), response.get_json()


@pytest.mark.parametrize(("actor", "name"), MATRIX, ids=[f"{a}-{n}" for a, n in MATRIX])
def test_moving_a_proposal_follows_the_matrix(client, world, actor, name):
    proposal = world.proposals[name]
    response = client.post(f"/api/v1/proposals/{proposal.id}/status",
                           headers=world.headers(actor), json={"status": "developing"})
    assert response.status_code == _expected_edit(actor, name), response.get_json()


@pytest.mark.parametrize(("actor", "name"), MATRIX, ids=[f"{a}-{n}" for a, n in MATRIX])
def test_commenting_on_a_proposal_follows_the_matrix(client, world, actor, name):
    proposal = world.proposals[name]
    response = client.post(f"/api/v1/proposals/{proposal.id}/comments",
                           headers=world.headers(actor), json={"note": "Hea mõte"})
    expected = _expected_edit(actor, name)
    assert response.status_code == (201 if expected == 200 else expected)


CREATE = {
    # actor: (lead LAG, cooperation LAGs) → status
    ("admin", "a", ""): 201, ("admin", "b", ""): 201,
    ("coordinator_a", "a", ""): 201, ("coordinator_a", "b", ""): 403,
    # A coordinator leads only with their own LAG, even as the partner of another.
    ("coordinator_a", "b", "a"): 403, ("coordinator_a", "a", "b"): 201,
    ("coordinator_b", "a", ""): 403, ("coordinator_b", "b", ""): 201,
    ("coordinator_without_lag", "a", ""): 403, ("facilitator", "a", ""): 403,
    ("anonymous", "a", ""): 401,
}


@pytest.mark.parametrize(("actor", "lead", "partners"), sorted(CREATE),
                         ids=[f"{a}-lead_{lead}-with_{p or 'none'}" for a, lead, p in
                              sorted(CREATE)])
def test_making_a_proposal_follows_the_matrix(client, world, actor, lead, partners):
    lag = {"a": world.lag_a, "b": world.lag_b}
    data = {"title": "Uus ettepanek", "lag_id": lag[lead].id,
            "cooperation_lag_ids": [lag[p].id for p in partners]}
    response = client.post("/api/v1/proposals", headers=world.headers(actor), json=data)
    assert response.status_code == CREATE[(actor, lead, partners)], response.get_json()


def test_a_coordinator_cannot_hand_their_proposal_to_another_lag(client, world):
    proposal = world.proposals["of_a"]
    response = client.patch(f"/api/v1/proposals/{proposal.id}",
                            headers=world.headers("coordinator_a"),
                            json={"lag_id": world.lag_b.id})
    assert response.status_code == 403
    assert proposals.get_proposal(staff_principal(world.users["admin"]),
                                  proposal.id).lag_id == world.lag_a.id


def test_a_coordinator_cannot_make_another_lag_lead_even_staying_a_partner(client, world):
    proposal = world.proposals["of_a"]
    handed = {"lag_id": world.lag_b.id, "cooperation_lag_ids": [world.lag_a.id]}
    refused = client.patch(f"/api/v1/proposals/{proposal.id}",
                           headers=world.headers("coordinator_a"), json=handed)
    by_admin = client.patch(f"/api/v1/proposals/{proposal.id}",
                            headers=world.headers("admin"), json=handed)

    assert refused.status_code == 403
    assert by_admin.status_code == 200, by_admin.get_json()
    assert by_admin.get_json()["lag_id"] == world.lag_b.id
    assert by_admin.get_json()["cooperation_lag_ids"] == [world.lag_a.id]


def test_a_coordinator_names_only_a_coordinator_of_the_proposals_lags_as_responsible(
        client, world):
    other = client.post("/api/v1/proposals", headers=world.headers("coordinator_b"),
                        json={"title": "Võõras vastutaja", "lag_id": world.lag_b.id,
                              "coordinator_id": world.users["coordinator_a"].id})
    own = client.post("/api/v1/proposals", headers=world.headers("coordinator_b"),
                      json={"title": "Oma vastutaja", "lag_id": world.lag_b.id,
                            "coordinator_id": world.users["coordinator_b"].id})

    assert other.status_code == 400
    assert other.get_json()["error"]["field"] == "coordinator_id"
    assert own.status_code == 201


def test_the_lead_lag_is_never_also_a_cooperation_partner(client, world):
    response = client.post("/api/v1/proposals", headers=world.headers("coordinator_a"),
                           json={"title": "Koostöö", "lag_id": world.lag_a.id,
                                 "cooperation_lag_ids": [world.lag_a.id, world.lag_b.id]})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["cooperation_lag_ids"] == [world.lag_b.id]


def test_a_coordinator_may_create_a_proposal_for_their_lag_without_naming_it(client, world):
    response = client.post("/api/v1/proposals", headers=world.headers("coordinator_b"),
                           json={"title": "Tugirühm"})
    assert response.status_code == 201
    assert response.get_json()["lag_id"] == world.lag_b.id
    assert response.get_json()["coordinator_id"] == world.users["coordinator_b"].id


# -- the services themselves refuse, whatever the caller -----------------------------------


@pytest.mark.parametrize("actor", ["coordinator_b", "facilitator", "coordinator_without_lag"])
def test_services_refuse_changes_outside_the_actors_lag(world, actor):
    who = staff_principal(world.users[actor])
    proposal = world.proposals["of_a"]
    for change in (lambda: proposals.update_proposal(who, proposal.id, {"title": "X"}),
                   lambda: proposals.change_status(who, proposal.id, {"status": "developing"}),
                   lambda: proposals.add_comment(who, proposal.id, {"note": "X"})):
        with pytest.raises(ServiceError) as error:
            change()
        assert error.value.code == "forbidden"


def test_services_refuse_everything_to_nobody(world):
    with pytest.raises(ServiceError) as error:
        proposals.get_proposal(ANONYMOUS, world.proposals["of_a"].id)
    assert error.value.code == "unauthenticated"


# -- the backlog -------------------------------------------------------------------------------


BACKLOG_EDIT = {"admin": 200, "coordinator_a": 200, "coordinator_b": 200,
                "coordinator_without_lag": 200, "facilitator": 403, "anonymous": 401}


@pytest.mark.parametrize("actor", ACTORS)
def test_triage_is_for_coordinators_and_admins(client, world, actor):
    workshop = make_closed_workshop(make_seminar())
    idea = add_idea(workshop, "Külabuss")
    response = client.post("/api/v1/ideas/triage", headers=world.headers(actor),
                           json={"action": "shortlist", "idea_ids": [idea.id]})
    assert response.status_code == BACKLOG_EDIT[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_merging_backlog_ideas_is_for_coordinators_and_admins(client, world, actor):
    seminar = make_seminar()
    first = add_idea(make_closed_workshop(seminar), "Külabuss eakatele")
    second = add_idea(make_closed_workshop(seminar), "Külabuss vanadele")
    response = client.post("/api/v1/ideas/merge", headers=world.headers(actor),
                           json={"target_id": first.id, "source_ids": [second.id]})
    assert response.status_code == BACKLOG_EDIT[actor]


def test_a_facilitator_sees_only_the_ideas_of_their_own_workshops(client, world):
    facilitator = world.users["facilitator"]
    seminar = make_seminar()
    mine = add_idea(make_closed_workshop(seminar, owner=facilitator), "Minu töötoa idee")
    add_idea(make_closed_workshop(seminar, owner=world.users["admin"]), "Teise töötoa idee")

    body = client.get("/api/v1/ideas", headers=world.headers("facilitator")).get_json()
    assert [idea["id"] for idea in body["ideas"]] == [mine.id]
    everything = client.get("/api/v1/ideas", headers=world.headers("coordinator_b")).get_json()
    assert everything["total"] == 2


def test_a_facilitator_cannot_open_another_workshops_idea(world):
    other = add_idea(make_closed_workshop(make_seminar(), owner=world.users["admin"]), "Idee")
    with pytest.raises(ServiceError) as error:
        backlog.idea_detail(staff_principal(world.users["facilitator"]), other.id)
    assert error.value.code == "not_found"


def test_nobody_signed_out_reads_the_backlog(client, world):
    assert client.get("/api/v1/ideas").status_code == 401
