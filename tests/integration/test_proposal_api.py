"""The proposals API: making a proposal from ideas, its budget, its status path, its history, lists."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import product

import pytest

from app.extensions import db
from app.models import Idea, ProposalEvent
from app.services.proposals import local_today
from tests.conftest import login, staff_headers
from tests.integration.pipeline_factories import (
    WORKED_BUDGET,
    add_idea,
    make_closed_workshop,
    make_lag,
    make_measure,
    make_proposal,
    make_seminar,
    make_user,
    move_proposal,
)


@pytest.fixture
def headers(coordinator):
    return staff_headers(coordinator)


def assert_error(response, status, code, field=None):
    assert response.status_code == status, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == code
    assert error["message"]
    if field is not None:
        assert error["field"] == field
    return error


# -- making a proposal ----------------------------------------------------------------------


def test_a_proposal_made_from_ideas_carries_their_origin_dots_and_the_worked_budget(
        client, headers, lag):
    seminar = make_seminar(lags=[lag])
    workshop = make_closed_workshop(seminar)
    bus = add_idea(workshop, "Külabuss eakatele", dots=7)
    helpers = add_idea(workshop, "Sõbrapäevad", dots=3)
    measure = make_measure(lag, "1", ngo="80.00")

    response = client.post("/api/v1/proposals", headers=headers, json={
        "title": "Külabuss", "idea_ids": [helpers.id, bus.id], "measure_id": measure.id,
        "applicant_name": "MTÜ Külaliikumine", "applicant_type": "ngo", **WORKED_BUDGET})

    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["status"] == "idea"
    assert body["lag_id"] == lag.id
    assert (body["seminar_id"], body["workshop_id"]) == (seminar.id, workshop.id)
    assert body["idea_ids"] == [bus.id, helpers.id]
    assert {idea["id"]: idea["votes"] for idea in body["ideas"]} == {bus.id: 7, helpers.id: 3}
    assert body["budget_total"] == "18000.00"
    assert body["support_requested"] == "12743.68"
    assert body["own_contribution_cash"] == "5256.32"
    assert body["own_contribution_in_kind"] == "0.00"
    assert body["support_rate"] == "70.80"
    assert body["max_support_rate"] == "80.00"
    assert body["support_rate_exceeded"] is False
    assert [event["kind"] for event in body["events"]] == ["created"]
    db.session.expire_all()
    assert {db.session.get(Idea, i).triage.value for i in (bus.id, helpers.id)} == {"promoted"}


def test_support_above_the_measures_rate_is_flagged_but_saved(client, headers, lag):
    measure = make_measure(lag, "2", company="60.00")
    response = client.post("/api/v1/proposals", headers=headers, json={
        "title": "Ettevõte", "measure_id": measure.id, "applicant_type": "company",
        **WORKED_BUDGET})
    assert response.status_code == 201
    assert response.get_json()["support_rate_exceeded"] is True
    assert response.get_json()["max_support_rate"] == "60.00"


def test_a_budget_that_does_not_add_up_is_refused_naming_the_field(client, headers):
    response = client.post("/api/v1/proposals", headers=headers, json={
        "title": "Külabuss", **WORKED_BUDGET, "own_contribution_cash": "5256.31"})
    error = assert_error(response, 400, "invalid_input", "budget_total")
    assert "Total eligible cost" in error["message"]
    digits = "".join(ch for ch in error["message"] if ch.isdigit())
    assert "1799999" in digits and "1800000" in digits  # the sum and the total, in any locale


def test_an_amount_with_three_decimals_is_refused_naming_the_field(client, headers):
    response = client.post("/api/v1/proposals", headers=headers, json={
        "title": "Külabuss", **WORKED_BUDGET, "support_requested": "12743.681"})
    error = assert_error(response, 400, "invalid_input", "support_requested")
    assert "Support requested" in error["message"]


def test_support_above_the_total_is_refused(client, headers):
    response = client.post("/api/v1/proposals", headers=headers, json={
        "title": "Külabuss", "budget_total": "100", "support_requested": "100.01"})
    assert_error(response, 400, "invalid_input", "support_requested")


@pytest.mark.parametrize(("field", "value"), [
    ("title", ""), ("title", "x" * 301), ("fund", "eafrd"), ("applicant_type", "club"),
    ("target_groups", ["youth"]), ("call_deadline", "15.04.2027"), ("lag_id", 999),
    ("measure_id", 999), ("idea_ids", [999]), ("coordinator_id", 999), ("workshop_id", 999),
    ("cooperation_lag_ids", "1"), ("status", "submitted"),
])
def test_invalid_fields_are_refused_by_name(client, headers, field, value):
    response = client.post("/api/v1/proposals", headers=headers,
                           json={"title": "Külabuss", field: value})
    assert_error(response, 400, "invalid_input", field)


def test_a_measure_of_another_lag_is_refused(client, headers):
    other = make_measure(make_lag("Muu"), "9")
    response = client.post("/api/v1/proposals", headers=headers,
                           json={"title": "Külabuss", "measure_id": other.id})
    assert_error(response, 400, "invalid_input", "measure_id")


def test_a_request_without_a_json_object_is_refused(client, headers):
    response = client.post("/api/v1/proposals", headers=headers, data="[]",
                           content_type="application/json")
    assert_error(response, 400, "invalid_input")


# -- editing --------------------------------------------------------------------------------


def test_patch_changes_only_the_given_fields_and_records_which(client, headers, coordinator, lag):
    proposal = make_proposal(coordinator, lag, applicant_name="MTÜ Küla", **WORKED_BUDGET)
    response = client.patch(f"/api/v1/proposals/{proposal.id}", headers=headers, json={
        "next_step": "Helistada vallale", "next_step_due": "2027-01-20",
        "support_requested": "12000.00", "own_contribution_cash": "6000.00",
        "note": "Vald lubas omafinantseeringu"})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["applicant_name"] == "MTÜ Küla"
    assert body["support_rate"] == "66.67"
    assert body["next_step_due"] == "2027-01-20"
    edit = body["events"][-1]
    assert edit["kind"] == "edited"
    assert set(edit["changes"]) == {"next_step", "next_step_due", "support_requested",
                                    "own_contribution_cash"}
    assert edit["note"] == "Vald lubas omafinantseeringu"


def test_patch_checks_the_budget_against_the_stored_parts(client, headers, coordinator, lag):
    proposal = make_proposal(coordinator, lag, **WORKED_BUDGET)
    response = client.patch(f"/api/v1/proposals/{proposal.id}", headers=headers,
                            json={"budget_total": "20000.00"})
    assert_error(response, 400, "invalid_input", "budget_total")


def test_patch_refuses_a_status_change(client, headers, coordinator, lag):
    proposal = make_proposal(coordinator, lag)
    response = client.patch(f"/api/v1/proposals/{proposal.id}", headers=headers,
                            json={"status": "submitted"})
    assert_error(response, 400, "invalid_input", "status")


def test_patching_the_source_ideas_promotes_new_ones_and_returns_dropped_ones(
        client, headers, coordinator, lag):
    workshop = make_closed_workshop(make_seminar())
    first, second = add_idea(workshop, "Üks"), add_idea(workshop, "Kaks")
    proposal = make_proposal(coordinator, lag, idea_ids=[first.id])
    response = client.patch(f"/api/v1/proposals/{proposal.id}", headers=headers,
                            json={"idea_ids": [second.id]})
    assert response.get_json()["idea_ids"] == [second.id]
    db.session.expire_all()
    assert db.session.get(Idea, first.id).triage.value == "shortlisted"
    assert db.session.get(Idea, second.id).triage.value == "promoted"


def test_get_returns_404_for_an_unknown_proposal(client, headers):
    assert_error(client.get("/api/v1/proposals/4242", headers=headers), 404, "not_found")


# -- the status path --------------------------------------------------------------------------

STATUSES = ["idea", "developing", "ready", "submitted", "evaluation", "approved",
            "partly_approved", "rejected", "implementation", "completed", "on_hold", "dropped"]
# How to reach each status from "idea" (on hold is entered from "idea", so it returns there).
ROUTE = {
    "idea": [], "developing": ["developing"], "ready": ["developing", "ready"],
    "submitted": ["developing", "ready", "submitted"],
    "evaluation": ["developing", "ready", "submitted", "evaluation"],
    "approved": ["developing", "ready", "submitted", "evaluation", "approved"],
    "partly_approved": ["developing", "ready", "submitted", "evaluation", "partly_approved"],
    "rejected": ["developing", "ready", "submitted", "evaluation", "rejected"],
    "implementation": ["developing", "ready", "submitted", "evaluation", "approved",
                       "implementation"],
    "completed": ["developing", "ready", "submitted", "evaluation", "approved",
                  "implementation", "completed"],
    "on_hold": ["on_hold"], "dropped": ["dropped"],
}
OPEN = ["idea", "developing", "ready", "submitted", "evaluation", "approved", "partly_approved",
        "implementation"]
ALLOWED = {
    ("idea", "developing"), ("developing", "ready"), ("ready", "submitted"),
    ("ready", "developing"), ("submitted", "evaluation"), ("evaluation", "approved"),
    ("evaluation", "partly_approved"), ("evaluation", "rejected"),
    ("approved", "implementation"), ("partly_approved", "implementation"),
    ("implementation", "completed"), ("rejected", "developing"), ("rejected", "dropped"),
    ("on_hold", "dropped"), ("on_hold", "idea"),  # back to where it was held
    *((status, "on_hold") for status in OPEN), *((status, "dropped") for status in OPEN),
}
PAIRS = sorted(product(STATUSES, STATUSES))


@pytest.mark.parametrize(("start", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_every_status_change_follows_the_allowed_paths(client, headers, coordinator, lag,
                                                       start, target):
    proposal = move_proposal(coordinator, make_proposal(coordinator, lag), *ROUTE[start])
    events_before = len(proposal.events)

    response = client.post(f"/api/v1/proposals/{proposal.id}/status", headers=headers,
                           json={"status": target, "note": "Otsus koosolekul"})

    if (start, target) in ALLOWED:
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        assert body["status"] == target
        event = body["events"][-1]
        assert (event["kind"], event["from_status"], event["to_status"], event["note"]) == (
            "status", start, target, "Otsus koosolekul")
        assert event["user_id"] == coordinator.id and event["created_at"]
    else:
        error = assert_error(response, 409, "invalid_transition", "status")
        assert error["message"]
        db.session.expire_all()
        assert db.session.query(ProposalEvent).filter_by(
            proposal_id=proposal.id).count() == events_before


@pytest.mark.parametrize("left", OPEN)
def test_a_proposal_on_hold_returns_to_the_status_it_left(client, headers, coordinator, lag,
                                                          left):
    proposal = move_proposal(coordinator, make_proposal(coordinator, lag), *ROUTE[left],
                             "on_hold")
    body = client.get(f"/api/v1/proposals/{proposal.id}", headers=headers).get_json()
    assert body["held_from"] == left
    assert body["allowed_statuses"] == sorted(
        {left, "dropped"}, key=STATUSES.index)
    wrong = next(status for status in OPEN if status != left)
    assert client.post(f"/api/v1/proposals/{proposal.id}/status", headers=headers,
                       json={"status": wrong}).status_code == 409
    back = client.post(f"/api/v1/proposals/{proposal.id}/status", headers=headers,
                       json={"status": left})
    assert back.status_code == 200
    assert back.get_json()["held_from"] is None


def test_an_unknown_status_is_invalid_input_not_a_transition(client, headers, coordinator, lag):
    proposal = make_proposal(coordinator, lag)
    response = client.post(f"/api/v1/proposals/{proposal.id}/status", headers=headers,
                           json={"status": "finished"})
    assert_error(response, 400, "invalid_input", "status")


def test_comments_join_the_history(client, headers, coordinator, lag):
    proposal = make_proposal(coordinator, lag)
    response = client.post(f"/api/v1/proposals/{proposal.id}/comments", headers=headers,
                           json={"note": "Taotleja helistas"})
    assert response.status_code == 201
    assert response.get_json()["kind"] == "comment"
    events = client.get(f"/api/v1/proposals/{proposal.id}",
                        headers=headers).get_json()["events"]
    assert [(e["kind"], e["note"]) for e in events] == [("created", ""),
                                                        ("comment", "Taotleja helistas")]
    assert_error(client.post(f"/api/v1/proposals/{proposal.id}/comments", headers=headers,
                             json={"note": "  "}), 400, "invalid_input", "note")


# -- lists ---------------------------------------------------------------------------------------


def test_the_list_filters_by_status_lag_fund_and_overdue_steps(client, headers, coordinator,
                                                               lag):
    other = make_lag("Võrumaa Partnerluskogu")
    admin = make_user("admin")
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    late = make_proposal(coordinator, lag, title="Hiline", next_step="Helistada",
                         next_step_due=yesterday)
    on_time = make_proposal(coordinator, lag, title="Õigel ajal", fund="esf_plus",
                            next_step_due=(local_today() + timedelta(days=3)).isoformat())
    shared = make_proposal(admin, other, title="Koostöö", cooperation_lag_ids=[lag.id])
    elsewhere = make_proposal(admin, other, title="Mujal")
    done = move_proposal(admin, make_proposal(admin, other, title="Loobutud",
                                              next_step_due=yesterday), "dropped")

    def ids(**query):
        body = client.get("/api/v1/proposals", headers=headers, query_string=query).get_json()
        return sorted(p["id"] for p in body["proposals"])

    assert ids() == sorted(p.id for p in (late, on_time, shared, elsewhere, done))
    assert ids(lag_id=lag.id) == sorted([late.id, on_time.id, shared.id])
    assert ids(fund="esf_plus") == [on_time.id]
    assert ids(overdue="1") == [late.id]
    assert ids(status="dropped") == [done.id]
    assert ids(mine="1") == sorted([late.id, on_time.id])
    body = client.get("/api/v1/proposals", headers=headers).get_json()
    assert {p["id"]: p["next_step_overdue"] for p in body["proposals"]}[late.id] is True


def test_the_list_is_paginated(client, headers, coordinator, lag):
    for n in range(5):
        make_proposal(coordinator, lag, title=f"Ettepanek {n}")
    body = client.get("/api/v1/proposals", headers=headers,
                      query_string={"per_page": 2, "page": 3, "sort": "title"}).get_json()
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (3, 2, 5, 3)
    assert [p["title"] for p in body["proposals"]] == ["Ettepanek 4"]


@pytest.mark.parametrize("query", [{"status": "finished"}, {"overdue": "maybe"},
                                   {"per_page": "100000"}, {"lag_id": "x"}])
def test_bad_list_filters_are_refused(client, headers, query):
    assert client.get("/api/v1/proposals", headers=headers,
                      query_string=query).status_code == 400


def test_lags_and_measures_are_listed_for_scripts(client, headers, lag):
    measure = make_measure(lag, "1.1", ngo="90.00")
    lags = client.get("/api/v1/lags", headers=headers).get_json()["lags"]
    assert [item["name"] for item in lags] == [lag.name]
    measures = client.get("/api/v1/measures", headers=headers).get_json()["measures"]
    assert measures == [{"id": measure.id, "lag_id": lag.id, "code": "1.1", "name": "Meede 1.1",
                         "max_rates": {"ngo": "90.00"}, "active": True}]


# -- authentication ------------------------------------------------------------------------------


def test_a_cookie_session_must_send_its_csrf_token(app, client, coordinator):
    login(client, coordinator)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post("/api/v1/proposals", json={"title": "Külabuss"})
        assert_error(refused, 403, "forbidden")
        token = client.get("/backlog/").get_data(as_text=True).split(
            'name="csrf_token" value="', 1)[1].split('"', 1)[0]
        accepted = client.post("/api/v1/proposals", json={"title": "Külabuss"},
                               headers={"X-CSRFToken": token})
        assert accepted.status_code == 201, accepted.get_json()
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_a_bearer_token_needs_no_csrf_token(app, client, headers):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        assert client.post("/api/v1/proposals", headers=headers,
                           json={"title": "Külabuss"}).status_code == 201
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_an_unknown_token_is_unauthenticated(client):
    assert_error(client.get("/api/v1/proposals", headers={"Authorization": "Bearer kl_nope"}),
                 401, "unauthenticated")


def test_dates_in_the_answer_are_iso(client, headers, coordinator, lag):
    proposal = make_proposal(coordinator, lag, call_deadline=date(2027, 4, 15).isoformat())
    body = client.get(f"/api/v1/proposals/{proposal.id}", headers=headers).get_json()
    assert body["call_deadline"] == "2027-04-15"
    assert body["created_at"].endswith("Z")
