"""Search, money and the migration on both databases: SQLite here, PostgreSQL through pg_app.

SQLite's own lower() and LIKE fold only ASCII letters, so the backlog searches a case-folded
copy of each idea; these tests hold that to account for Estonian (and other) letters.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import Idea
from tests.conftest import staff_headers
from tests.integration.pipeline_factories import (
    WORKED_BUDGET,
    add_idea,
    make_closed_workshop,
    make_lag,
    make_seminar,
    make_user,
    move_proposal,
)

BEFORE_PIPELINE = "928fc15120f8"
IDEAS = ["ÕHTUNE KÜLABUSS poodi", "Õunaaed koolile", "Šokolaadi-päev ühistranspordiga",
         "Ärimees ÖÖBUSSIGA", "50% toetus eakatele", "snake_case_nimi", "Tavaline idee",
         "Жёлтый автобус"]


@pytest.fixture
def client_and_headers(any_app):
    coordinator = make_user("coordinator", make_lag("Võrumaa Partnerluskogu"))
    workshop = make_closed_workshop(make_seminar())
    for text in IDEAS:
        add_idea(workshop, text)
    return any_app.test_client(), staff_headers(coordinator)


def found(client_and_headers, query):
    client, headers = client_and_headers
    response = client.get("/api/v1/ideas", headers=headers, query_string={"q": query})
    assert response.status_code == 200, response.get_json()
    return sorted(idea["text"] for idea in response.get_json()["ideas"])


@pytest.mark.parametrize(("query", "expected"), [
    ("õhtune", ["ÕHTUNE KÜLABUSS poodi"]),
    ("ÕHTUNE", ["ÕHTUNE KÜLABUSS poodi"]),
    ("Õ", ["Õunaaed koolile", "ÕHTUNE KÜLABUSS poodi"]),
    ("õ", ["Õunaaed koolile", "ÕHTUNE KÜLABUSS poodi"]),
    ("Ü", ["Šokolaadi-päev ühistranspordiga", "ÕHTUNE KÜLABUSS poodi"]),
    ("külabuss", ["ÕHTUNE KÜLABUSS poodi"]),
    ("š", ["Šokolaadi-päev ühistranspordiga"]),
    ("Ä", ["Ärimees ÖÖBUSSIGA", "Šokolaadi-päev ühistranspordiga"]),
    ("ööbussiga", ["Ärimees ÖÖBUSSIGA"]),
    ("ЖЁЛТЫЙ", ["Жёлтый автобус"]),
    ("%", ["50% toetus eakatele"]),
    ("_", ["snake_case_nimi"]),
    ("e_a", []),
    ("külabuss poodi", ["ÕHTUNE KÜLABUSS poodi"]),
    ("poodi külabuss", ["ÕHTUNE KÜLABUSS poodi"]),
    ("külabuss kool", []),
])
def test_search_ignores_case_for_estonian_letters_on_both_databases(client_and_headers, query,
                                                                    expected):
    assert found(client_and_headers, query) == sorted(expected)


def test_money_survives_the_round_trip_to_the_cent(any_app):
    admin = make_user("admin")
    lag = make_lag("Tartumaa Arendusselts")
    client, headers = any_app.test_client(), staff_headers(admin)
    created = client.post("/api/v1/proposals", headers=headers, json={
        "title": "Külabuss", "lag_id": lag.id, **WORKED_BUDGET})
    assert created.status_code == 201, created.get_json()
    again = client.post("/api/v1/proposals", headers=headers, json={
        "title": "Teine", "lag_id": lag.id, "budget_total": "0.03",
        "support_requested": "0.01", "own_contribution_in_kind": "0.02"})
    db.session.expire_all()
    body = client.get(f"/api/v1/proposals/{created.get_json()['id']}", headers=headers).get_json()
    assert (body["budget_total"], body["support_requested"], body["own_contribution_cash"],
            body["support_rate"]) == ("18000.00", "12743.68", "5256.32", "70.80")
    assert again.get_json()["support_rate"] == "33.33"
    dashboard = client.get("/proposals/dashboard", headers=headers)
    assert dashboard.status_code == 200


def test_status_history_and_the_dashboard_work_on_both_databases(any_app):
    from app.services import reports
    from app.services.access import staff_principal

    admin = make_user("admin")
    lag = make_lag("Tartumaa Arendusselts")
    client, headers = any_app.test_client(), staff_headers(admin)
    proposal_id = client.post("/api/v1/proposals", headers=headers, json={
        "title": "Külabuss", "lag_id": lag.id, **WORKED_BUDGET}).get_json()["id"]
    from app.models import Proposal

    move_proposal(admin, db.session.get(Proposal, proposal_id), "developing", "ready",
                  "submitted")
    data = reports.dashboard(staff_principal(admin))
    assert data.total.values == [0, 0, 1, 1, 0, 0]
    assert [str(row.budget_total) for row in data.by_fund] == ["18000.00"]
    export = client.get("/api/v1/exports/proposals.csv", headers=headers)
    assert "12743.68" in export.get_data(as_text=True)


def test_the_migration_fills_the_search_text_of_ideas_already_stored(any_app):
    downgrade(revision=BEFORE_PIPELINE)
    db.session.remove()
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO seminars (title, kind, place, country, notes, created_at) "
            "VALUES ('Vana seminar', 'other', '', '', '', CURRENT_TIMESTAMP)"))
        connection.execute(sa.text(
            "INSERT INTO workshops (seminar_id, title, prompt, code, board_key, phase, "
            "dots_per_participant, max_dots_per_idea, blind_voting, phones_see_ideas, "
            "idea_max_length, language, seq, created_at) VALUES ((SELECT max(id) FROM seminars),"
            " 'Töötuba', 'Kuidas?', 'OLD123', 'old-board-key-123', 'closed', 5, 3, false, true,"
            " 280, 'et', 0, CURRENT_TIMESTAMP)"))
        connection.execute(sa.text(
            "INSERT INTO ideas (workshop_id, text, details, target_groups, theme, hidden, "
            "created_at, updated_at) VALUES ((SELECT max(id) FROM workshops), 'ÕHTUNE Buss', "
            "'ÜLE küla', '[]', '', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
    upgrade()
    idea = db.session.scalar(sa.select(Idea))
    assert idea.search_text == "õhtune buss üle küla"
    assert idea.triage.value == "new"
