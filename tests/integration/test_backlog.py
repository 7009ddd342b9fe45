"""The idea backlog: one list across seminars, its filters, triage, merges and duplicate suggestions."""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Idea, IdeaTerm, Participant, Vote
from app.services import backlog
from app.services import ideas as idea_service
from app.services.access import staff_principal
from app.services.errors import ServiceError
from facilitation.terms import idea_terms
from tests.conftest import as_staff, make_workshop, staff_headers
from tests.integration.pipeline_factories import (
    add_idea,
    make_closed_workshop,
    make_lag,
    make_proposal,
    make_seminar,
    make_user,
)


@pytest.fixture
def coordinator(app):
    return make_user("coordinator", make_lag("Võrumaa Partnerluskogu"))


@pytest.fixture
def headers(coordinator):
    return staff_headers(coordinator)


def ideas(client, headers, **query):
    response = client.get("/api/v1/ideas", headers=headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def texts(client, headers, **query):
    return [idea["text"] for idea in ideas(client, headers, **query)["ideas"]]


# -- one list across seminars ---------------------------------------------------------------


def test_the_backlog_lists_ideas_of_every_seminar_best_dotted_first(client, headers):
    spring = make_closed_workshop(make_seminar("Kevadseminar"))
    autumn = make_closed_workshop(make_seminar("Sügisseminar"))
    add_idea(spring, "Külabuss", dots=3)
    add_idea(autumn, "Matkarada", dots=5)
    add_idea(autumn, "Tugirühm")
    add_idea(autumn, "Peidetud", hidden=True, dots=9)

    body = ideas(client, headers)
    assert [(i["text"], i["votes"]) for i in body["ideas"]] == [
        ("Matkarada", 5), ("Külabuss", 3), ("Tugirühm", 0)]
    first = body["ideas"][0]
    assert first["seminar_title"] == "Sügisseminar"
    assert first["workshop_title"] == "Töötuba"
    assert first["prompt"].startswith("Kuidas võiksime")
    assert first["state"] == "new"
    assert (body["total"], body["page"], body["pages"]) == (3, 1, 1)


def test_retracted_dots_do_not_count(client, headers):
    workshop = make_closed_workshop(make_seminar())
    idea = add_idea(workshop, "Külabuss", dots=2)
    db.session.execute(sa.update(Vote).where(Vote.idea_id == idea.id, Vote.id == sa.select(
        sa.func.min(Vote.id)).scalar_subquery()).values(retracted_at=datetime(2026, 12, 3)))
    db.session.commit()
    assert ideas(client, headers)["ideas"][0]["votes"] == 1


def test_filters_select_by_lag_seminar_workshop_target_group_theme_and_state(
        client, headers, coordinator):
    voru, tartu = make_lag("Võru"), make_lag("Tartu")
    at_voru = make_closed_workshop(make_seminar("Võru seminar", lags=[voru]))
    shared = make_seminar("Ühisseminar", lags=[voru, tartu])
    at_shared = make_closed_workshop(shared, "Esimene")
    second_at_shared = make_closed_workshop(shared, "Teine")
    bus = add_idea(at_voru, "Külabuss", target_groups=["elderly"], theme="Liikumine")
    trail = add_idea(at_shared, "Matkarada", target_groups=["disabled", "elderly"])
    carers = add_idea(second_at_shared, "Tugirühm", target_groups=["carers"],
                      theme="Liikumine")
    backlog.triage(staff_principal(coordinator), {"action": "shortlist",
                                                   "idea_ids": [trail.id]})

    assert set(texts(client, headers, lag_id=voru.id)) == {"Külabuss", "Matkarada", "Tugirühm"}
    assert set(texts(client, headers, lag_id=tartu.id)) == {"Matkarada", "Tugirühm"}
    assert set(texts(client, headers, seminar_id=shared.id)) == {"Matkarada", "Tugirühm"}
    assert texts(client, headers, workshop_id=second_at_shared.id) == ["Tugirühm"]
    assert set(texts(client, headers, target_group="elderly")) == {"Külabuss", "Matkarada"}
    assert set(texts(client, headers, theme="Liikumine")) == {"Külabuss", "Tugirühm"}
    assert texts(client, headers, state="shortlisted") == ["Matkarada"]
    assert texts(client, headers, state="shortlisted", lag_id=tartu.id,
                 target_group="elderly") == ["Matkarada"]
    assert {bus.id, carers.id} == {i["id"] for i in ideas(client, headers, state="new")["ideas"]}


@pytest.mark.parametrize("query", [{"state": "maybe"}, {"target_group": "youth"},
                                   {"sort": "random"}, {"per_page": "500"}, {"lag_id": "-1"},
                                   {"page": "0"}])
def test_bad_filters_are_refused_naming_them(client, headers, query):
    response = client.get("/api/v1/ideas", headers=headers, query_string=query)
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == next(iter(query))


def test_sorting_by_date_and_by_seminar(client, headers):
    old = make_closed_workshop(make_seminar("Vana", starts_on=date(2025, 5, 1)))
    new = make_closed_workshop(make_seminar("Uus", starts_on=date(2026, 12, 3)))
    base = datetime(2026, 1, 1)
    add_idea(old, "Esimene", created_at=base, dots=1)
    add_idea(new, "Teine", created_at=base + timedelta(days=1))
    add_idea(old, "Kolmas", created_at=base + timedelta(days=2), dots=4)

    assert texts(client, headers, sort="newest") == ["Kolmas", "Teine", "Esimene"]
    assert texts(client, headers, sort="oldest") == ["Esimene", "Teine", "Kolmas"]
    assert texts(client, headers, sort="seminar") == ["Teine", "Kolmas", "Esimene"]
    assert texts(client, headers, sort="dots") == ["Kolmas", "Esimene", "Teine"]


def test_the_backlog_is_paginated(client, headers):
    workshop = make_closed_workshop(make_seminar())
    for n in range(7):
        add_idea(workshop, f"Idee {n}", dots=n)
    body = ideas(client, headers, per_page=3, page=2)
    assert [i["text"] for i in body["ideas"]] == ["Idee 3", "Idee 2", "Idee 1"]
    assert (body["total"], body["pages"], body["per_page"]) == (7, 3, 3)
    assert ideas(client, headers, per_page=3, page=9)["ideas"] == []


# -- search --------------------------------------------------------------------------------------


def stored_terms(idea_id):
    return set(db.session.scalars(sa.select(IdeaTerm.term).where(IdeaTerm.idea_id == idea_id)))


def test_an_ideas_terms_are_stored_when_posted_and_recomputed_when_edited(app, coordinator):
    workshop = make_workshop(coordinator, phase="collecting")
    idea, _new = idea_service.post_idea(as_staff(coordinator), {
        "workshop_id": workshop.id, "text": "ÕHTUNE Külabuss", "details": "Ühistransport"})
    assert {"õhtune", "külabuss", "buss", "ühistransport"} <= stored_terms(idea.id)
    idea_service.edit_idea(as_staff(coordinator), {"idea_id": idea.id,
                                                   "text": "Omastehooldajate tugigrupp"})
    terms = stored_terms(idea.id)
    assert {"omastehooldaja", "hooldaja", "tugigrupp", "ühistransport"} <= terms
    assert "külabuss" not in terms


# -- triage ----------------------------------------------------------------------------------------


def test_bulk_triage_changes_what_it_may_and_counts_the_rest(client, headers, coordinator):
    workshop = make_closed_workshop(make_seminar())
    new, archived, promoted = (add_idea(workshop, text)
                               for text in ("Uus", "Arhiivis", "Ettepanekus"))
    who = staff_principal(coordinator)
    backlog.triage(who, {"action": "archive", "idea_ids": [archived.id]})
    make_proposal(make_user("admin"), make_lag("Tartu"), idea_ids=[promoted.id])

    response = client.post("/api/v1/ideas/triage", headers=headers, json={
        "action": "shortlist", "idea_ids": [new.id, archived.id, promoted.id]})

    assert response.get_json() == {"changed": 2, "unchanged": 1}
    states = {i["text"]: i["state"] for i in ideas(client, headers)["ideas"]}
    assert states == {"Uus": "shortlisted", "Arhiivis": "shortlisted", "Ettepanekus": "promoted"}


@pytest.mark.parametrize("body", [{"action": "promote", "idea_ids": [1]},
                                  {"action": "archive", "idea_ids": []},
                                  {"action": "archive", "idea_ids": [999]},
                                  {"action": "archive", "idea_ids": "1"}])
def test_bad_triage_requests_change_nothing(client, headers, body):
    add_idea(make_closed_workshop(make_seminar()), "Idee")
    response = client.post("/api/v1/ideas/triage", headers=headers, json=body)
    assert response.status_code == 400
    assert ideas(client, headers)["ideas"][0]["state"] == "new"


def test_a_theme_is_set_on_the_selected_ideas_and_offered_as_a_filter(client, headers):
    workshop = make_closed_workshop(make_seminar())
    first, second = add_idea(workshop, "Üks"), add_idea(workshop, "Kaks")
    response = client.post("/api/v1/ideas/theme", headers=headers,
                           json={"theme": " Liikumine ", "idea_ids": [first.id, second.id]})
    assert response.get_json() == {"changed": 2, "unchanged": 0}
    assert backlog.themes() == ["Liikumine"]


# -- merging across workshops ---------------------------------------------------------------------


def test_a_merge_keeps_every_source_with_its_dots_and_adds_them_up(client, headers):
    seminar = make_seminar()
    kept = add_idea(make_closed_workshop(seminar), "Külabuss eakatele", dots=3)
    other = add_idea(make_closed_workshop(seminar), "Külabuss vanadele", dots=2)
    third = add_idea(make_closed_workshop(make_seminar("Teine")), "Buss poodi", dots=1)
    votes_before = db.session.scalar(sa.select(sa.func.count(Vote.id)))

    response = client.post("/api/v1/ideas/merge", headers=headers,
                           json={"target_id": kept.id, "source_ids": [other.id, third.id]})

    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["votes"] == 6
    assert body["own_votes"] == 3
    assert body["merged_idea_ids"] == [other.id, third.id]
    assert [i["id"] for i in ideas(client, headers)["ideas"]] == [kept.id]
    assert db.session.scalar(sa.select(sa.func.count(Vote.id))) == votes_before
    assert db.session.scalar(sa.select(sa.func.count(Vote.id)).where(
        Vote.idea_id == other.id)) == 2
    source = client.get(f"/api/v1/ideas/{other.id}", headers=headers).get_json()
    assert (source["merged_into_id"], source["own_votes"]) == (kept.id, 2)


def test_merging_a_merged_idea_again_brings_its_sources_along(client, headers):
    seminar = make_seminar()
    a, b, c = (add_idea(make_closed_workshop(seminar), t, dots=1) for t in ("A idee", "B idee",
                                                                          "C idee"))
    client.post("/api/v1/ideas/merge", headers=headers, json={"target_id": b.id,
                                                               "source_ids": [c.id]})
    response = client.post("/api/v1/ideas/merge", headers=headers,
                           json={"target_id": a.id, "source_ids": [b.id]})
    assert response.get_json()["votes"] == 3
    assert sorted(response.get_json()["merged_idea_ids"]) == sorted([b.id, c.id])


def test_a_merge_keeps_the_furthest_triage_state(client, headers, coordinator):
    seminar = make_seminar()
    kept = add_idea(make_closed_workshop(seminar), "Uus idee")
    other = add_idea(make_closed_workshop(seminar), "Valitud idee")
    backlog.triage(staff_principal(coordinator), {"action": "shortlist",
                                                   "idea_ids": [other.id]})
    body = client.post("/api/v1/ideas/merge", headers=headers,
                       json={"target_id": kept.id, "source_ids": [other.id]}).get_json()
    assert body["state"] == "shortlisted"


def test_ideas_of_a_running_workshop_are_not_merged_from_the_backlog(client, headers):
    from facilitation.phases import Phase

    seminar = make_seminar()
    live = add_idea(make_closed_workshop(seminar, phase=Phase.VOTING), "Külabuss")
    done = add_idea(make_closed_workshop(seminar), "Külabuss veel")
    response = client.post("/api/v1/ideas/merge", headers=headers,
                           json={"target_id": done.id, "source_ids": [live.id]})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "wrong_phase"
    assert db.session.get(Idea, live.id).merged_into_id is None


def test_similar_ideas_from_different_workshops_are_suggested(coordinator):
    seminar = make_seminar()
    one = add_idea(make_closed_workshop(seminar), "Külabuss eakatele poodi ja apteeki", dots=2)
    two = add_idea(make_closed_workshop(seminar), "KÜLABUSS eakatele poodi")
    add_idea(make_closed_workshop(seminar), "Matkarada ratastoolidele")
    suggestions = backlog.duplicate_suggestions(staff_principal(coordinator),
                                                backlog.BacklogFilters())
    assert [(s.first.idea.id, s.second.idea.id) for s in suggestions] == [(one.id, two.id)]
    assert suggestions[0].first.dots == 2


def test_a_facilitator_gets_no_duplicate_suggestions(app):
    with pytest.raises(ServiceError) as error:
        backlog.duplicate_suggestions(staff_principal(make_user("facilitator")),
                                      backlog.BacklogFilters())
    assert error.value.code == "forbidden"


# -- one idea -----------------------------------------------------------------------------------


def test_an_idea_links_back_to_its_seminar_workshop_prompt_and_proposals(client, headers):
    workshop = make_closed_workshop(make_seminar("Inspiratsiooniseminar"))
    idea = add_idea(workshop, "Külabuss", dots=4)
    proposal = make_proposal(make_user("admin"), make_lag("Tartu"), idea_ids=[idea.id])
    body = client.get(f"/api/v1/ideas/{idea.id}", headers=headers).get_json()
    assert body["seminar_id"] == workshop.seminar_id
    assert body["workshop_id"] == workshop.id
    assert body["prompt"] == workshop.prompt
    assert body["votes"] == 4
    assert body["proposal_ids"] == [proposal.id]
    assert body["state"] == "promoted"


# -- fast with 10,000 ideas --------------------------------------------------------------------------


def _many_ideas(count: int) -> None:
    seminars = [make_seminar(f"Seminar {n}") for n in range(10)]
    workshops = [make_closed_workshop(seminars[n % 10], f"Töötuba {n}") for n in range(40)]
    words = ["külabuss", "Õhtune", "matkarada", "tugirühm", "ÜHISTRANSPORT", "eakad",
             "ratastool", "päevakeskus", "noored", "kool"]
    rows = []
    for n in range(count):
        text = f"{words[n % 10]} {words[(n * 7) % 10]} idee {n}"
        rows.append({"workshop_id": workshops[n % 40].id, "text": text, "details": "",
                     "target_groups": ["elderly"] if n % 3 else ["carers"], "theme": "",
                     "hidden": False,
                     "triage": "new", "created_at": datetime(2026, 1, 1) + timedelta(minutes=n),
                     "updated_at": datetime(2026, 1, 1)})
    db.session.execute(sa.insert(Idea), rows)
    db.session.execute(sa.insert(IdeaTerm), [
        {"idea_id": idea_id, "term": term}
        for idea_id, text in db.session.execute(sa.select(Idea.id, Idea.text))
        for term in idea_terms(text, "et")])
    ballots = [{"workshop_id": w.id, "on_paper": True, "display_name": "",
                "created_at": datetime(2026, 1, 1), "last_seen_at": datetime(2026, 1, 1)}
               for w in workshops for _ in range(5)]
    db.session.execute(sa.insert(Participant), ballots)
    idea_rows = db.session.execute(sa.select(Idea.id, Idea.workshop_id)).all()
    ballot_of = {}
    for participant_id, workshop_id in db.session.execute(
            sa.select(Participant.id, Participant.workshop_id)):
        ballot_of.setdefault(workshop_id, participant_id)
    votes = [{"workshop_id": workshop_id, "participant_id": ballot_of[workshop_id],
              "idea_id": idea_id, "created_at": datetime(2026, 1, 1)}
             for idea_id, workshop_id in idea_rows for _ in range(idea_id % 4)]
    db.session.execute(sa.insert(Vote), votes)
    db.session.commit()


def test_the_backlog_stays_fast_with_ten_thousand_ideas(client, headers):
    _many_ideas(10_000)
    started = time.perf_counter()
    body = ideas(client, headers, per_page=50)
    first_page = time.perf_counter() - started
    assert body["total"] == 10_000
    assert len(body["ideas"]) == 50
    assert body["ideas"][0]["votes"] == 3
    started = time.perf_counter()
    found = ideas(client, headers, q="ÕHTUNE TUGIRÜHM", target_group="elderly",
                  sort="newest")
    searching = time.perf_counter() - started
    assert found["total"] > 0
    assert all("õhtune" in i["text"].lower() for i in found["ideas"])
    assert first_page < 2.0 and searching < 2.0, (first_page, searching)


def test_a_backlog_page_costs_the_same_few_queries_however_many_rows(app, client, headers):
    workshop = make_closed_workshop(make_seminar())
    for n in range(60):
        add_idea(workshop, f"Idee {n}", dots=n % 3)
    ideas(client, headers, per_page=5)  # the first request also loads the signed-in user
    statements = []

    def count(*_args):
        statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    try:
        ideas(client, headers, per_page=50)
        per_page_50 = len(statements)
        statements.clear()
        ideas(client, headers, per_page=5)
        per_page_5 = len(statements)
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", count)
    assert per_page_50 == per_page_5 <= 8
