"""Clusters: the facilitator groups the room's ideas under named headings, and every screen follows.

A cluster is {id, workshop_id, title, position, idea_ids}; titles are 1–80 characters and
unique in a workshop whatever their case; clusters change while collecting, grouping and
voting; every change is sequenced; at results a cluster's title becomes its ideas' theme.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Cluster, Idea
from app.services import clusters
from app.services.errors import ServiceError
from app.services.snapshots import clusters_of
from tests.conftest import (
    as_staff,
    board_socket,
    console_socket,
    join_phone,
    make_staff,
    make_workshop,
    move_to,
    post_idea,
    staff_headers,
)

SEQUENCED = ("idea:added", "idea:updated", "phase", "timer", "state", "cluster:added",
             "cluster:updated", "cluster:removed")


def sequenced(socket: Any) -> list[tuple[str, dict[str, Any]]]:
    client = getattr(socket, "socket", socket)
    return [(item["name"], item["args"][0]) for item in client.get_received()
            if item["name"] in SEQUENCED]


def room(app, facilitator, phase="collecting", **settings):
    workshop = make_workshop(facilitator, phase=phase if phase != "grouping" else "collecting",
                             **settings)
    phone = join_phone(app, workshop)
    ideas = [post_idea(phone, text) for text in (
        "Külabuss poodi", "Bussiliin arsti juurde", "Kohvik üksikutele eakatele")]
    if phase == "grouping":
        move_to(workshop, facilitator, "grouping")
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    phone.events()
    return workshop, phone, board, console, ideas


def test_a_cluster_made_from_the_console_reaches_every_screen_in_order(app, facilitator):
    workshop, phone, board, console, ideas = room(app, facilitator, phase="grouping")
    seq = workshop.seq

    ack = console.emit("cluster:create", {"workshop_id": workshop.id, "title": "Transport",
                                          "idea_ids": [ideas[0]["id"], ideas[1]["id"]]},
                       callback=True)

    assert ack["ok"], ack
    cluster = ack["cluster"]
    assert cluster == {"id": cluster["id"], "workshop_id": workshop.id, "title": "Transport",
                       "position": 0, "idea_ids": [ideas[0]["id"], ideas[1]["id"]]}
    for screen in (console, board, phone):
        events = sequenced(screen)
        assert [name for name, _ in events] == ["cluster:added", "idea:updated", "idea:updated"]
        assert [payload["seq"] for _, payload in events] == [seq + 1, seq + 2, seq + 3]
        assert [payload["idea"]["cluster_id"] for _, payload in events[1:]] == [
            cluster["id"], cluster["id"]]


def test_phones_that_may_not_see_ideas_get_only_the_seq_of_a_cluster(app, facilitator):
    workshop, phone, board, console, ideas = room(app, facilitator, phones_see_ideas=False)

    console.emit("cluster:create", {"workshop_id": workshop.id, "title": "Üksildus"},
                 callback=True)

    (name, payload), = sequenced(phone)
    assert name == "cluster:added" and "cluster" not in payload
    assert sequenced(board)[0][1]["cluster"]["title"] == "Üksildus"


@pytest.mark.parametrize("title", ["transport", "TRANSPORT", "  Transport  "])
def test_a_title_another_cluster_has_is_refused_whatever_its_case(app, facilitator, title):
    workshop, phone, board, console, _ideas = room(app, facilitator)
    console.emit("cluster:create", {"workshop_id": workshop.id, "title": "Transport"},
                 callback=True)
    sequenced(board), sequenced(console)

    ack = console.emit("cluster:create", {"workshop_id": workshop.id, "title": title},
                       callback=True)

    assert ack["error"]["code"] == "invalid_input" and ack["error"]["field"] == "title"
    assert sequenced(board) == [] and sequenced(console) == []


@pytest.mark.parametrize("title", ["", "   ", "x" * 81, 42, None])
def test_a_title_must_be_one_to_eighty_characters_of_text(app, facilitator, title):
    workshop, *_rest, console, _ideas = room(app, facilitator)
    ack = console.emit("cluster:create", {"workshop_id": workshop.id, "title": title},
                       callback=True)
    assert ack["error"]["field"] == "title"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cluster)) == 0


def test_the_same_title_may_be_used_in_another_workshop(app, facilitator):
    first = make_workshop(facilitator, phase="collecting")
    second = make_workshop(facilitator, phase="collecting")
    for workshop in (first, second):
        clusters.create_cluster(as_staff(facilitator), {"workshop_id": workshop.id,
                                                        "title": "Transport"})
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cluster)) == 2


@pytest.mark.parametrize("phase", ["draft", "results", "closed"])
def test_clusters_change_only_while_collecting_grouping_or_voting(app, facilitator, phase):
    workshop = make_workshop(facilitator, phase=phase)
    console = console_socket(app, facilitator, workshop)
    ack = console.emit("cluster:create", {"workshop_id": workshop.id, "title": "Transport"},
                       callback=True)
    assert ack["error"]["code"] == "wrong_phase"


def test_a_cluster_made_while_voting_can_be_renamed_after_a_step_back(app, facilitator):
    workshop, *_rest, console, ideas = room(app, facilitator)
    move_to(workshop, facilitator, "voting")
    made = console.emit("cluster:create", {"workshop_id": workshop.id, "title": "Liikumine"},
                        callback=True)["cluster"]
    move_to(workshop, facilitator, "results")

    refused = console.emit("cluster:update", {"cluster_id": made["id"], "title": "Transport"},
                           callback=True)

    assert refused["error"]["code"] == "wrong_phase"


def test_another_workshops_cluster_and_ideas_are_not_found(app, facilitator):
    workshop, *_rest, console, ideas = room(app, facilitator)
    other = make_workshop(facilitator, phase="collecting")
    theirs = clusters.create_cluster(as_staff(facilitator), {"workshop_id": other.id,
                                                             "title": "Teine"})
    mine = clusters.create_cluster(as_staff(facilitator), {"workshop_id": workshop.id,
                                                           "title": "Minu"})
    other_idea = post_idea(join_phone(app, other), "Teise töötoa mõte")

    into_theirs = console.emit("idea:cluster", {"idea_ids": [ideas[0]["id"]],
                                                "cluster_id": theirs.id}, callback=True)
    their_idea = console.emit("idea:cluster", {"idea_ids": [ideas[0]["id"], other_idea["id"]],
                                               "cluster_id": mine.id}, callback=True)
    created_with_theirs = console.emit("cluster:create", {
        "workshop_id": workshop.id, "title": "Segu", "idea_ids": [other_idea["id"]]},
        callback=True)

    assert into_theirs["error"]["code"] == "not_found"
    assert their_idea["error"]["code"] == "not_found"
    assert created_with_theirs["error"]["code"] == "not_found"
    assert db.session.get(Idea, ideas[0]["id"]).cluster_id is None
    assert db.session.get(Idea, other_idea["id"]).cluster_id is None


def test_ideas_move_between_clusters_and_out_of_any(app, facilitator):
    workshop, phone, board, console, ideas = room(app, facilitator, phase="grouping")
    first = console.emit("cluster:create", {"workshop_id": workshop.id, "title": "Transport",
                                            "idea_ids": [ideas[0]["id"]]}, callback=True)
    second = console.emit("cluster:create", {"workshop_id": workshop.id, "title": "Seltskond"},
                          callback=True)
    sequenced(board)

    moved = console.emit("idea:cluster", {"idea_ids": [ideas[0]["id"], ideas[2]["id"]],
                                          "cluster_id": second["cluster"]["id"]}, callback=True)
    out = console.emit("idea:cluster", {"idea_ids": [ideas[2]["id"]], "cluster_id": None},
                       callback=True)

    assert [idea["cluster_id"] for idea in moved["ideas"]] == [second["cluster"]["id"]] * 2
    assert out["ideas"][0]["cluster_id"] is None
    assert [(name, p["idea"]["id"], p["idea"]["cluster_id"]) for name, p in sequenced(board)] == [
        ("idea:updated", ideas[0]["id"], second["cluster"]["id"]),
        ("idea:updated", ideas[2]["id"], second["cluster"]["id"]),
        ("idea:updated", ideas[2]["id"], None)]
    listed = {c["title"]: c["idea_ids"] for c in clusters_of(workshop, _staff())}
    assert listed == {"Transport": [], "Seltskond": [ideas[0]["id"]]}
    assert first["ok"]


def _staff():
    from facilitation.phases import Audience

    return Audience.STAFF


def test_deleting_a_cluster_leaves_its_ideas_in_no_cluster(app, facilitator):
    workshop, phone, board, console, ideas = room(app, facilitator, phase="grouping")
    made = console.emit("cluster:create", {"workshop_id": workshop.id, "title": "Transport",
                                           "idea_ids": [ideas[0]["id"], ideas[1]["id"]]},
                        callback=True)["cluster"]
    sequenced(board)

    ack = console.emit("cluster:delete", {"cluster_id": made["id"]}, callback=True)

    assert ack == {"ok": True, "cluster_id": made["id"]}
    events = sequenced(board)
    assert [name for name, _ in events] == ["idea:updated", "idea:updated", "cluster:removed"]
    assert events[-1][1]["cluster_id"] == made["id"]
    assert db.session.get(Idea, ideas[0]["id"]).cluster_id is None
    assert db.session.get(Cluster, made["id"]) is None


def test_moving_a_cluster_renumbers_the_row(app, facilitator):
    workshop, phone, board, console, _ideas = room(app, facilitator, phase="grouping")
    made = [console.emit("cluster:create", {"workshop_id": workshop.id, "title": title},
                         callback=True)["cluster"] for title in ("A", "B", "C")]
    sequenced(board)

    ack = console.emit("cluster:update", {"cluster_id": made[2]["id"], "position": 0},
                       callback=True)

    assert ack["cluster"]["position"] == 0
    order = [c["title"] for c in clusters_of(workshop, _staff())]
    assert order == ["C", "A", "B"]
    updated = {p["cluster"]["title"]: p["cluster"]["position"] for _, p in sequenced(board)}
    assert updated == {"C": 0, "A": 1, "B": 2}


def test_the_snapshot_carries_the_clusters_for_every_screen_that_sees_ideas(app, facilitator):
    workshop, phone, board, console, ideas = room(app, facilitator, phase="grouping")
    clusters.create_cluster(as_staff(facilitator), {"workshop_id": workshop.id,
                                                    "title": "Transport",
                                                    "idea_ids": [ideas[1]["id"]]})

    for screen in (board, console, phone.socket):
        state = screen.emit("join", {"workshop_id": workshop.id}, callback=True)["state"]
        assert [(c["title"], c["idea_ids"]) for c in state["clusters"]] == [
            ("Transport", [ideas[1]["id"]])]


def test_at_results_an_idea_without_a_theme_takes_its_clusters_title(app, facilitator):
    workshop, *_rest, console, ideas = room(app, facilitator, phase="grouping")
    made = clusters.create_cluster(as_staff(facilitator), {
        "workshop_id": workshop.id, "title": "Transport",
        "idea_ids": [ideas[0]["id"], ideas[1]["id"]]})
    themed = db.session.get(Idea, ideas[1]["id"])
    themed.theme = "Liikumisvõimalused"
    db.session.commit()

    move_to(workshop, facilitator, "voting", "results")

    db.session.expire_all()
    assert [db.session.get(Idea, idea["id"]).theme for idea in ideas] == [
        "Transport", "Liikumisvõimalused", ""]
    assert made.id


def test_the_rest_api_lists_makes_changes_and_removes_clusters(app, facilitator):
    workshop, *_rest, ideas = room(app, facilitator, phase="grouping")
    client, headers = app.test_client(), staff_headers(facilitator)
    base = f"/api/v1/workshops/{workshop.id}"

    made = client.post(f"{base}/clusters", headers=headers,
                       json={"title": "Transport", "idea_ids": [ideas[0]["id"]]})
    cluster = made.get_json()
    renamed = client.patch(f"/api/v1/clusters/{cluster['id']}", headers=headers,
                           json={"title": "Liikumine"})
    assigned = client.post(f"{base}/clusters/assign", headers=headers,
                           json={"idea_ids": [ideas[1]["id"]], "cluster_id": cluster["id"]})
    listed = client.get(f"{base}/clusters", headers=headers).get_json()
    removed = client.delete(f"/api/v1/clusters/{cluster['id']}", headers=headers)

    assert made.status_code == 201 and cluster["idea_ids"] == [ideas[0]["id"]]
    assert renamed.get_json()["title"] == "Liikumine"
    assert [idea["cluster_id"] for idea in assigned.get_json()["ideas"]] == [cluster["id"]]
    assert listed == {"clusters": [{"id": cluster["id"], "workshop_id": workshop.id,
                                    "title": "Liikumine", "position": 0,
                                    "idea_ids": [ideas[0]["id"], ideas[1]["id"]]}]}
    assert removed.status_code == 204
    assert client.get(f"{base}/clusters", headers=headers).get_json() == {"clusters": []}


def test_a_duplicate_title_over_the_api_is_invalid_input_naming_the_title(app, facilitator):
    workshop, *_rest = room(app, facilitator)
    client, headers = app.test_client(), staff_headers(facilitator)
    url = f"/api/v1/workshops/{workshop.id}/clusters"
    client.post(url, headers=headers, json={"title": "Üksildus"})

    again = client.post(url, headers=headers, json={"title": "ÜKSILDUS"})

    assert again.status_code == 400
    assert again.get_json()["error"]["field"] == "title"


def test_suggestions_change_nothing_and_put_each_idea_in_at_most_one(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    texts = ["Bussiliin külast linna", "Külabuss poodi ja tagasi", "Buss arsti juurde külast",
             "Kohvik eakatele kohtumiseks", "Eakatele kohvik ja jutuajamine",
             "Tasuta wifi raamatukogus"]
    for text in texts:
        post_idea(phone, text)
    client, headers = app.test_client(), staff_headers(facilitator)

    answer = client.get(f"/api/v1/workshops/{workshop.id}/cluster-suggestions", headers=headers)

    suggested = answer.get_json()["clusters"]
    assert answer.status_code == 200 and suggested
    placed = [idea_id for cluster in suggested for idea_id in cluster["idea_ids"]]
    assert len(placed) == len(set(placed))
    assert all(cluster["title"] for cluster in suggested)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Cluster)) == 0


# -- no sequence of operations breaks the grouping ------------------------------------------


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["create", "rename", "move", "delete", "assign", "unassign"]),
    st.integers(0, 1),   # which workshop the caller names
    st.integers(0, 5),   # which cluster (of every cluster made so far, either workshop's)
    st.lists(st.integers(0, 5), max_size=3),  # which ideas (of both workshops')
    st.sampled_from(["Transport", "transport", "Üksildus", "Abi", "x" * 81, ""]),
    st.integers(-1, 4)), max_size=18)


def apply(staff: Any, action: str, workshop_id: int, cluster_id: int, idea_ids: list[int],
          title: str, position: int) -> Any:
    if action == "create":
        return clusters.create_cluster(staff, {"workshop_id": workshop_id, "title": title,
                                               "idea_ids": idea_ids})
    if action == "rename":
        return clusters.update_cluster(staff, {"cluster_id": cluster_id, "title": title})
    if action == "move":
        return clusters.update_cluster(staff, {"cluster_id": cluster_id, "position": position})
    if action == "delete":
        return clusters.delete_cluster(staff, {"cluster_id": cluster_id})
    return clusters.assign_ideas(staff, {"idea_ids": idea_ids, "cluster_id": cluster_id
                                         if action == "assign" else None})


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(operations=OPERATIONS)
def test_no_sequence_of_cluster_operations_puts_an_idea_in_another_workshops_cluster(
        app, operations):
    staff = as_staff(make_staff())
    workshops = [make_workshop(None, phase="collecting") for _ in range(2)]
    idea_ids = [post_idea(join_phone(app, workshop), f"Mõte {n}")["id"]
                for workshop in workshops for n in range(3)]
    made: list[int] = []
    for action, which, cluster_pick, idea_picks, title, position in operations:
        cluster_id = made[cluster_pick % len(made)] if made else 0
        chosen = [idea_ids[pick] for pick in idea_picks]
        try:
            result = apply(staff, action, workshops[which].id, cluster_id, chosen, title,
                           position)
        except ServiceError:
            db.session.rollback()
            continue
        if action == "create":
            made.append(result.id)

    db.session.expire_all()
    rows = db.session.execute(sa.select(Idea.workshop_id, Cluster.workshop_id)
                              .join(Cluster, Cluster.id == Idea.cluster_id)).all()
    assert all(idea_home == cluster_home for idea_home, cluster_home in rows)
    for workshop in workshops:
        titles = [t.casefold() for t in db.session.scalars(
            sa.select(Cluster.title).where(Cluster.workshop_id == workshop.id))]
        assert len(titles) == len(set(titles))
        positions = sorted(db.session.scalars(
            sa.select(Cluster.position).where(Cluster.workshop_id == workshop.id)))
        assert len(positions) == len(set(positions))
