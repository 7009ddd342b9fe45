"""Cooperation projects: the founding document's project in the demo and its indicators, the
partners' budgets and lines, actual costs, and the reporting period of the indicators, the
dashboard and the exports."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import g
from openpyxl import load_workbook

from app.extensions import db
from app.models import (
    ActualCost,
    Attendee,
    BudgetLine,
    CooperationProject,
    FeedbackResponse,
    Lag,
    Proposal,
)
from app.services.demo import load_demo
from app.services.paperwork_demo import PROJECT_TITLE, load_paperwork_demo
from app.services.pipeline_demo import load_pipeline_demo
from tests.conftest import login, staff_headers
from tests.integration.pipeline_factories import (
    WORKED_BUDGET,
    make_lag,
    make_proposal,
    make_seminar,
    make_user,
)

PERIOD = "from=2024-07-01&to=2025-06-30"


@pytest.fixture
def demo(app):
    instance = Path(app.instance_path)
    load_demo(instance)
    load_pipeline_demo(instance)
    loaded = load_paperwork_demo()
    g.__dict__.clear()
    return loaded


def lag_id(name: str) -> int:
    return db.session.scalar(sa.select(Lag.id).where(Lag.name == name))


def test_the_demo_loads_the_founding_documents_project_once(app, demo):
    again = load_paperwork_demo()
    assert again.project.id == demo.project.id
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(model))
              for model in (CooperationProject, BudgetLine, ActualCost, Attendee,
                            FeedbackResponse)]
    assert counts == [1, 2, 2, 18, 11]
    project = demo.project
    assert (project.title, str(project.starts_on), str(project.ends_on)) == (
        PROJECT_TITLE, "2024-07-01", "2025-06-30")
    assert project.lead_lag.name == "Võrumaa Partnerluskogu"


def test_the_demo_projects_budgets_are_the_founding_documents(client, demo):
    admin = make_user("admin")
    body = client.get(f"/api/v1/projects/{demo.project.id}", headers=staff_headers(admin))
    partners = {p["lag_id"]: p for p in body.get_json()["partners"]}
    voru = partners[lag_id("Võrumaa Partnerluskogu")]
    tartu = partners[lag_id("Tartumaa Arendusselts")]
    assert (voru["lead"], voru["budget_total"], voru["support_rate"]) == (True, "42000.00", None)
    assert (tartu["budget_total"], tartu["support"], tartu["own_contribution"],
            tartu["support_rate"]) == ("18000.00", "12743.68", "5256.32", "70.80")
    assert [(line["planned"]) for line in tartu["lines"]] == ["5000.00", "13000.00"]


def test_the_indicators_of_the_demo_project_for_its_period(client, demo):
    admin = make_user("admin")
    found = client.get(f"/api/v1/projects/{demo.project.id}/indicators?{PERIOD}",
                       headers=staff_headers(admin)).get_json()
    assert found["events_by_kind"] == {"inspiration_seminar": 1, "study_trip": 1,
                                       "co_creation_workshop": 0, "info_day": 0, "other": 0}
    assert found["workshops"] == 1
    people = found["participants"]
    assert (people["total"], people["paper"], people["phone"], people["advance"],
            people["registered_not_present"]) == (17, 9, 6, 2, 1)
    assert people["by_background"] == {"community": 4, "entrepreneur": 3, "municipality": 4,
                                       "organisation": 5, "other": 1}
    assert people["by_lag"] == {str(lag_id("Võrumaa Partnerluskogu")): 5,
                                str(lag_id("Tartumaa Arendusselts")): 11, "unknown": 1}
    assert (found["ideas"], found["clusters"], found["proposals"]) == (5, 2, 1)
    assert found["proposals_by_status"]["submitted"] == 1
    assert found["proposals_by_fund"] == {"multi_fund": {"proposals": 1,
                                                         "support_requested": "7200.00"}}
    assert (found["other_funds_share"], found["support_requested"],
            found["support_granted"]) == ("100.00", "7200.00", "0.00")
    assert [(line["planned"], line["actual"], line["spent_share"])
            for line in found["budget_lines"]] == [("5000.00", "1180.00", "23.60"),
                                                   ("13000.00", "11420.00", "87.85")]
    feedback = found["feedback"]
    assert feedback["responses"] == 11
    assert (feedback["useful"]["mean"], feedback["capable"]["mean"]) == ("4.45", "4.00")


def test_a_reporting_period_narrows_every_figure(client, demo):
    admin = make_user("admin")
    url = f"/api/v1/projects/{demo.project.id}/indicators"
    spring = client.get(f"{url}?from=2025-01-01&to=2025-06-30",
                        headers=staff_headers(admin)).get_json()
    assert spring["events_by_kind"]["study_trip"] == 1
    assert spring["events_by_kind"]["inspiration_seminar"] == 0
    assert (spring["participants"]["total"], spring["ideas"], spring["proposals"]) == (6, 0, 0)
    assert [line["actual"] for line in spring["budget_lines"]] == ["0.00", "11420.00"]
    assert spring["feedback"]["useful"]["mean"] == "4.75"
    wrong = client.get(f"{url}?from=2025-06-30&to=2025-01-01", headers=staff_headers(admin))
    assert wrong.status_code == 400 and wrong.get_json()["error"]["field"] == "to"


def test_the_project_page_shows_charts_with_their_tables_and_exports_them(client, demo):
    admin = make_user("admin")
    login(client, admin)
    page = client.get(f"/projects/{demo.project.id}?{PERIOD}").get_data(as_text=True)
    for table in ("table-lines", "table-events", "table-backgrounds", "table-areas",
                  "table-statuses", "table-funds"):
        assert f'id="{table}"' in page and f'href="#{table}"' in page
    assert "70.80" in page and "Tartumaa Arendusselts" in page
    book = client.get(f"/api/v1/projects/{demo.project.id}/indicators.xlsx?{PERIOD}",
                      headers=staff_headers(admin))
    sheets = load_workbook(io.BytesIO(book.data))
    assert sheets.sheetnames == ["Indicators", "Budget lines", "Seminars"]
    figures = {row[0]: row[1] for row in sheets["Indicators"].iter_rows(min_row=3,
                                                                       values_only=True)}
    assert figures["Participants"] == 17
    assert figures["Took part without a phone (paper sign-in)"] == 9


def test_an_admin_sets_up_a_project_and_its_partners_keep_their_budgets(client, app):
    voru, tartu = make_lag("Võrumaa Partnerluskogu"), make_lag("Tartumaa Arendusselts")
    admin, coordinator = make_user("admin"), make_user("coordinator", tartu)
    body = {"title": "Koosloomest koostööni", "lead_lag_id": voru.id,
            "partner_lag_ids": [tartu.id], "starts_on": "2024-07-01", "ends_on": "2025-06-30",
            "partners": [{"lag_id": tartu.id, "budget_total": "18 000,00",
                          "support": "12743.68", "own_contribution": "5256,32",
                          "lines": [{"activity": "Seminarid", "planned": "5000"},
                                    {"activity": "Õppereis", "planned": "13000"}]}]}
    assert client.post("/api/v1/projects", json=body,
                       headers=staff_headers(coordinator)).status_code == 403
    made = client.post("/api/v1/projects", json=body, headers=staff_headers(admin))
    assert made.status_code == 201, made.get_json()
    partner = next(p for p in made.get_json()["partners"] if p["lag_id"] == tartu.id)
    assert partner["support_rate"] == "70.80"
    refused = client.post("/api/v1/projects", headers=staff_headers(admin), json={
        **body, "title": "Teine", "partners": [{"lag_id": tartu.id, "budget_total": "18000",
                                                "support": "12743.68",
                                                "own_contribution": "5256.00"}]})
    assert refused.get_json()["error"]["field"] == "budget_total"
    over = client.post("/api/v1/projects", headers=staff_headers(admin), json={
        **body, "title": "Kolmas", "partners": [{"lag_id": tartu.id, "budget_total": "100",
                                                 "lines": [{"activity": "A",
                                                            "planned": "101"}]}]})
    assert over.get_json()["error"]["field"] == "planned"

    login(client, coordinator)
    project_id = made.get_json()["id"]
    saved = client.post(f"/projects/{project_id}/partners/{partner['id']}", data={
        "budget_total": "20000", "support": "14000", "own_contribution": "6000"})
    assert saved.status_code == 302
    line_id = partner["lines"][0]["id"]
    cost = client.post(f"/projects/{project_id}/lines/{line_id}/costs", data={
        "spent_on": "2024-10-17", "amount": "1 180,00", "note": "Ruumi rent"})
    assert cost.status_code == 302
    assert db.session.scalar(sa.select(ActualCost.amount)) == pytest.approx(1180)
    other_partner = next(p for p in made.get_json()["partners"] if p["lag_id"] == voru.id)
    assert client.get(f"/projects/{project_id}/partners/{other_partner['id']}").status_code == 403


def test_a_seminar_belongs_to_a_project_and_one_of_its_lines(client, app):
    lag = make_lag("Tartumaa Arendusselts")
    admin = make_user("admin")
    made = client.post("/api/v1/projects", headers=staff_headers(admin), json={
        "title": "Projekt", "lead_lag_id": lag.id,
        "partners": [{"lag_id": lag.id, "budget_total": "5000",
                      "lines": [{"activity": "Seminarid", "planned": "5000"}]}]}).get_json()
    seminar = make_seminar("Seminar Elvas", lags=[lag])
    login(client, admin)
    line = made["partners"][0]["lines"][0]["id"]
    assert client.post(f"/seminars/{seminar.id}/funding", data={
        "project_id": str(made["id"]), "budget_line_id": str(line)}).status_code == 302
    page = client.get(f"/seminars/{seminar.id}").get_data(as_text=True)
    assert "Projekt" in page and "Seminarid" in page
    indicators = client.get(f"/api/v1/projects/{made['id']}/indicators",
                            headers=staff_headers(admin)).get_json()
    assert indicators["seminar_ids"] == [seminar.id]


# -- the reporting period on the dashboard and the exports --------------------------------------


@pytest.fixture
def two_years(app):
    """A proposal from a 2024 seminar and one from a 2026 seminar."""
    lag = make_lag("Tartumaa Arendusselts")
    coordinator = make_user("coordinator", lag)
    for year in (2024, 2026):
        seminar = make_seminar(f"Seminar {year}", lags=[lag], starts_on=date(year, 5, 5))
        make_proposal(coordinator, lag, title=f"Ettepanek {year}", seminar_id=seminar.id,
                      **WORKED_BUDGET)
    return coordinator


def test_the_dashboard_and_the_exports_take_the_same_period(client, two_years):
    login(client, two_years)
    whole = client.get("/proposals/dashboard").get_data(as_text=True)
    narrow = client.get("/proposals/dashboard?from=2024-01-01&to=2024-12-31").get_data(
        as_text=True)
    assert "Seminar 2026" in whole and "Seminar 2026" not in narrow and "Seminar 2024" in narrow
    assert 'href="/api/v1/exports/proposals.xlsx?from=2024-01-01&amp;to=2024-12-31"' in narrow
    rows = client.get("/api/v1/exports/proposals.csv?from=2024-01-01&to=2024-12-31",
                      headers=staff_headers(two_years)).get_data(as_text=True)
    assert "Ettepanek 2024" in rows and "Ettepanek 2026" not in rows
    listed = client.get("/api/v1/proposals?from=2026-01-01",
                        headers=staff_headers(two_years)).get_json()["proposals"]
    assert [p["title"] for p in listed] == ["Ettepanek 2026"]
    assert db.session.scalar(sa.select(sa.func.count(Proposal.id))) == 2
