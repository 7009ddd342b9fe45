"""CSV and XLSX exports of ideas and proposals: the lists' filters, typed cells, headers, no formulas."""

from __future__ import annotations

import csv
import io
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import g
from openpyxl import load_workbook

from app import create_app
from app.extensions import db
from app.services.exports import neutralise
from app.services.vocabulary import field_names
from tests.conftest import app_config, staff_headers
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

PROJECT = Path(__file__).resolve().parents[2]
IDEA_COLUMNS = ["id", "text", "details", "target_groups", "theme", "state", "votes",
                "seminar_id", "seminar_title", "seminar_starts_on", "workshop_id",
                "workshop_title", "prompt", "created_at", "proposal_ids", "merged_idea_ids"]
FORMULAS = ["=HYPERLINK(\"http://x\")", "+372 555 1234", "-5 kraadi", "@SUM(A1)"]


@pytest.fixture
def headers(coordinator):
    return {**staff_headers(coordinator), "Accept-Language": "en"}


def read_csv(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads õ and ü right
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def read_xlsx(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.get_data())).active


@pytest.fixture
def backlog_ideas(coordinator):
    seminar = make_seminar("Inspiratsiooniseminar Võrus", starts_on=date(2026, 12, 3))
    workshop = make_closed_workshop(seminar, "Koosloome töötuba")
    bus = add_idea(workshop, "Külabuss õhtuti", dots=4, target_groups=["elderly", "carers"])
    trail = add_idea(workshop, "Matkarada", dots=1, details="Ratastooliga")
    formula_ideas = [add_idea(workshop, text) for text in FORMULAS]
    return bus, trail, formula_ideas


# -- ideas -----------------------------------------------------------------------------------


def test_ideas_csv_has_machine_headers_and_the_backlogs_order(client, headers, backlog_ideas):
    bus, trail, _formulas = backlog_ideas
    rows = read_csv(client.get("/api/v1/exports/ideas.csv", headers=headers))
    assert list(rows[0]) == IDEA_COLUMNS
    assert [row["id"] for row in rows[:2]] == [str(bus.id), str(trail.id)]
    first = rows[0]
    assert first["text"] == "Külabuss õhtuti"
    assert first["votes"] == "4"
    assert first["target_groups"] == "elderly;carers"
    assert first["state"] == "new"
    assert first["seminar_starts_on"] == "2026-12-03"
    assert first["workshop_title"] == "Koosloome töötuba"
    assert first["created_at"].endswith("Z")


def test_ideas_csv_neutralises_formulas(client, headers, backlog_ideas):
    rows = read_csv(client.get("/api/v1/exports/ideas.csv", headers=headers))
    texts = {row["text"] for row in rows}
    for formula in FORMULAS:
        assert "'" + formula in texts
        assert formula not in texts


@pytest.mark.parametrize(("value", "safe"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@x", "'@x"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("tere", "tere"), ("Õ=1", "Õ=1"), ("", "")])
def test_neutralise_prefixes_cells_a_spreadsheet_would_run(value, safe):
    assert neutralise(value) == safe


def test_ideas_exports_take_the_same_filters_as_the_backlog(client, headers, backlog_ideas,
                                                           coordinator):
    bus, trail, _formulas = backlog_ideas
    client.post("/api/v1/ideas/triage", headers=headers,
                json={"action": "shortlist", "idea_ids": [trail.id]})
    rows = read_csv(client.get("/api/v1/exports/ideas.csv", headers=headers,
                               query_string={"state": "shortlisted"}))
    assert [row["id"] for row in rows] == [str(trail.id)]
    rows = read_csv(client.get("/api/v1/exports/ideas.csv", headers=headers,
                               query_string={"q": "KÜLABUSS"}))
    assert [row["id"] for row in rows] == [str(bus.id)]
    sheet = read_xlsx(client.get("/api/v1/exports/ideas.xlsx", headers=headers,
                                 query_string={"target_group": "carers"}))
    assert [row[0].value for row in sheet.iter_rows(min_row=3)] == [bus.id]


def test_an_export_with_a_bad_filter_answers_a_json_error(client, headers):
    response = client.get("/api/v1/exports/ideas.csv", headers=headers,
                          query_string={"state": "maybe"})
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "state"
    assert client.get("/api/v1/exports/ideas.pdf", headers=headers).status_code == 404
    assert client.get("/api/v1/exports/ideas.csv").status_code == 401


def test_ideas_xlsx_has_typed_cells_and_two_header_rows(client, headers, backlog_ideas):
    bus, _trail, _formulas = backlog_ideas
    sheet = read_xlsx(client.get("/api/v1/exports/ideas.xlsx", headers=headers))
    labels = [cell.value for cell in sheet[1]]
    machine = [cell.value for cell in sheet[2]]
    assert machine == IDEA_COLUMNS
    assert labels[:3] == ["ID", "Idea", "Details"]
    assert sheet.freeze_panes == "A3"
    first = {name: cell for name, cell in zip(machine, sheet[3], strict=True)}
    assert first["id"].value == bus.id and first["id"].data_type == "n"
    assert first["votes"].value == 4 and first["votes"].data_type == "n"
    assert first["seminar_starts_on"].value == datetime(2026, 12, 3)
    assert first["seminar_starts_on"].is_date
    assert first["created_at"].is_date
    assert first["text"].value == "Külabuss õhtuti"


def test_ideas_xlsx_keeps_formula_like_text_as_text(client, headers, backlog_ideas):
    sheet = read_xlsx(client.get("/api/v1/exports/ideas.xlsx", headers=headers))
    cells = {row[1].value: row[1] for row in sheet.iter_rows(min_row=3)}
    for formula in FORMULAS:
        assert cells[formula].data_type == "s", formula


def test_a_facilitator_exports_only_their_own_workshops(client):
    facilitator = make_user("facilitator")
    seminar = make_seminar()
    add_idea(make_closed_workshop(seminar, owner=facilitator), "Minu")
    add_idea(make_closed_workshop(seminar), "Teiste")
    rows = read_csv(client.get("/api/v1/exports/ideas.csv", headers=staff_headers(facilitator)))
    assert [row["text"] for row in rows] == ["Minu"]


# -- proposals -------------------------------------------------------------------------------


@pytest.fixture
def proposal(coordinator, backlog_ideas):
    lag = coordinator.lag
    measure = make_measure(lag, "1", ngo="80.00")
    return make_proposal(coordinator, lag, title="=Külabuss", idea_ids=[backlog_ideas[0].id],
                         measure_id=measure.id, applicant_type="ngo", fund="leader",
                         call_deadline="2027-04-15", next_step_due="2027-01-20",
                         **WORKED_BUDGET)


def test_proposals_csv_has_money_as_text_with_two_decimals(client, headers, proposal):
    other = make_proposal(make_user("admin"), make_lag("Võru"), title="Teine")
    move_proposal(make_user("admin"), other, "developing")
    rows = read_csv(client.get("/api/v1/exports/proposals.csv", headers=headers,
                               query_string={"status": "idea"}))
    assert len(rows) == 1
    row = rows[0]
    assert row["title"] == "'=Külabuss"
    assert (row["budget_total"], row["support_requested"], row["own_contribution_cash"],
            row["own_contribution_in_kind"], row["support_rate"], row["max_support_rate"]) == (
        "18000.00", "12743.68", "5256.32", "0.00", "70.80", "80.00")
    assert row["status"] == "idea"
    assert row["status_label"] == "Project idea"
    assert row["call_deadline"] == "2027-04-15"
    assert row["idea_ids"] == str(proposal.ideas[0].id)
    assert row["measure_code"] == "1"
    assert row["next_step_overdue"] in ("true", "false")


def test_proposals_xlsx_has_numbers_and_dates_not_text(client, headers, proposal):
    sheet = read_xlsx(client.get("/api/v1/exports/proposals.xlsx", headers=headers))
    machine = [cell.value for cell in sheet[2]]
    row = {name: cell for name, cell in zip(machine, sheet[3], strict=True)}
    assert row["title"].value == "=Külabuss" and row["title"].data_type == "s"
    assert row["budget_total"].value == 18000
    assert row["budget_total"].data_type == "n"
    assert row["budget_total"].number_format == "#,##0.00"
    assert row["support_requested"].value == pytest.approx(12743.68)
    assert row["support_rate"].value == pytest.approx(70.8)
    assert row["call_deadline"].value == datetime(2027, 4, 15) and row["call_deadline"].is_date
    assert row["next_step_overdue"].data_type == "b"
    labels = [cell.value for cell in sheet[1]]
    assert labels[machine.index("budget_total")] == "Total eligible cost (€)"


# -- Estonian headers --------------------------------------------------------------------------


@pytest.fixture
def estonian_app(tmp_path, migrated_database, monkeypatch):
    """The app with the project's catalogues compiled, as `make setup` does before the tests."""
    folder = tmp_path / "translations"
    for language in ("et", "en", "ru"):
        source = PROJECT / "translations" / language / "LC_MESSAGES" / "messages.po"
        target = folder / language / "LC_MESSAGES"
        target.mkdir(parents=True)
        with source.open("rb") as po, (target / "messages.mo").open("wb") as mo:
            write_mo(mo, read_po(po, locale=language))
    path = tmp_path / "koosloome.sqlite3"
    shutil.copy(migrated_database, path)
    monkeypatch.setenv("KOOSLOOME_INSTANCE", str(tmp_path / "instance"))
    application = create_app({**app_config(f"sqlite:///{path}"),
                              "BABEL_TRANSLATION_DIRECTORIES": str(folder)})

    @application.teardown_request
    def forget_request_globals(_error: BaseException | None) -> None:
        g.__dict__.clear()  # as the app fixture does: no locale leaks into the next request

    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()


def test_xlsx_headers_are_estonian_when_the_interface_is(estonian_app):
    coordinator = make_user("coordinator", make_lag("Tartumaa Arendusselts"), language="et")
    make_proposal(coordinator, coordinator.lag, title="Külabuss", **WORKED_BUDGET)
    client = estonian_app.test_client()
    response = client.get("/api/v1/exports/proposals.xlsx",
                          headers={**staff_headers(coordinator), "Accept-Language": "et"})
    sheet = read_xlsx(response)
    labels = dict(zip([c.value for c in sheet[2]], [c.value for c in sheet[1]], strict=True))
    assert labels["title"] == "Pealkiri"
    with (PROJECT / "translations" / "et" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        estonian = read_po(po, locale="et")
    with estonian_app.test_request_context("/?lang=en"):
        english_labels = field_names()
    for name, label in labels.items():
        assert label == estonian.get(english_labels[name]).string, name
    english = read_xlsx(client.get("/api/v1/exports/proposals.xlsx", query_string={"lang": "en"},
                                   headers=staff_headers(coordinator)))
    assert english["A1"].value == "ID" and english["B1"].value == "Title"
    assert [c.value for c in english[2]] == [c.value for c in sheet[2]]
