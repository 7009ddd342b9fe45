"""A rule's refusal reaches the API caller as a 400 that blames the field the rule named."""

from __future__ import annotations

from app.models import Lag, User
from tests.conftest import make_staff, make_workshop, staff_headers
from tests.integration.pipeline_factories import WORKED_BUDGET, make_lag, make_proposal, make_user


def refused_field(response) -> str:
    assert response.status_code == 400, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "invalid_input"
    assert error["message"]
    return error["field"]


def test_a_negative_own_contribution_is_refused_naming_that_field(client, coordinator: User,
                                                                  lag: Lag) -> None:
    proposal = make_proposal(coordinator, lag, **WORKED_BUDGET)
    response = client.patch(f"/api/v1/proposals/{proposal.id}", headers=staff_headers(coordinator),
                            json={"own_contribution_cash": "-5256.32"})
    assert refused_field(response) == "own_contribution_cash"


def test_support_edited_above_the_stored_total_is_blamed_on_the_support(
        client, coordinator: User, lag: Lag) -> None:
    proposal = make_proposal(coordinator, lag, **WORKED_BUDGET)
    response = client.patch(f"/api/v1/proposals/{proposal.id}", headers=staff_headers(coordinator),
                            json={"support_requested": "18000.01"})
    assert refused_field(response) == "support_requested"


def test_a_partners_support_above_its_total_is_blamed_on_the_support(client, app) -> None:
    voru, tartu = make_lag("Võrumaa Partnerluskogu"), make_lag("Tartumaa Arendusselts")
    response = client.post("/api/v1/projects", headers=staff_headers(make_user("admin")), json={
        "title": "Koosloomest koostööni", "lead_lag_id": voru.id, "partner_lag_ids": [tartu.id],
        "partners": [{"lag_id": tartu.id, "budget_total": "100.00", "support": "100.01"}]})
    assert refused_field(response) == "support"


def test_a_timer_past_three_hours_is_refused_naming_the_seconds(client, app) -> None:
    staff = make_staff()
    workshop = make_workshop(staff, phase="collecting")
    response = client.post(f"/api/v1/workshops/{workshop.id}/timer",
                           headers=staff_headers(staff), json={"seconds": 3 * 3600 + 1})
    assert refused_field(response) == "seconds"
