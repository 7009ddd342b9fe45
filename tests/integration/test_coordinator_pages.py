"""The coordinator's pages as a new user found them, fixed: where they land, the backlog's bar,
the budget form, the status form, the pipeline board, the charts, the spreadsheets' words and
the error pages."""

from __future__ import annotations

import io
import re

import pytest
from flask import Flask
from openpyxl import load_workbook

from tests.conftest import login, make_workshop, staff_headers
from tests.integration.pipeline_factories import (
    WORKED_BUDGET,
    add_idea,
    make_closed_workshop,
    make_lag,
    make_proposal,
    make_seminar,
    make_user,
    move_proposal,
)


@pytest.fixture
def lag(app):
    return make_lag("Tartumaa Arendusselts")


@pytest.mark.parametrize(("role", "start"), [("coordinator", "/backlog/"),
                                             ("facilitator", "/console/"),
                                             ("admin", "/console/")])
def test_each_role_lands_where_its_work_is(client, lag, role, start):
    user = make_user(role, lag)
    signed_in = client.post("/login", data={"email": user.email,
                                            "password": "correct horse battery"})
    assert signed_in.headers["Location"] == start
    assert client.get("/").headers["Location"] == start


def test_the_backlog_bar_stays_in_view_and_names_the_ideas_it_changed(client, lag):
    coordinator = make_user("coordinator", lag)
    workshop = make_closed_workshop(make_seminar(lags=[lag]))
    ideas = [add_idea(workshop, text) for text in ("Külabuss eakatele", "Sõbrapäevad")]
    login(client, coordinator)
    page = client.get("/backlog/").get_data(as_text=True)
    assert 'class="card bulk-actions"' in page
    css = client.get("/static/css/pipeline.css").get_data(as_text=True)
    assert re.search(r"\.bulk-actions \{\s*position: sticky; bottom: 0", css)
    done = client.post("/backlog/actions", data={
        "action": "shortlist", "idea_ids": [str(idea.id) for idea in ideas]},
        follow_redirects=True).get_data(as_text=True)
    assert "Shortlisted: “Külabuss eakatele”; “Sõbrapäevad”." in done


def test_the_budget_form_sums_and_rates_while_typing(client, lag):
    coordinator = make_user("coordinator", lag)
    login(client, coordinator)
    form = client.get("/proposals/new").get_data(as_text=True)
    assert 'id="budget-live" role="status"' in form
    assert re.search(r'<script type="module" src="/static/build/budget\.[0-9a-f]+\.js">', form)
    script = client.get("/static/js/budget.js").get_data(as_text=True)
    assert "rateHundredths" in script and "10000" in script


def test_the_status_form_pre_selects_the_next_forward_status(client, lag):
    coordinator = make_user("coordinator", lag)
    proposal = make_proposal(coordinator, lag, **WORKED_BUDGET)
    move_proposal(coordinator, proposal, "developing", "ready")
    login(client, coordinator)
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert re.search(r'<option selected value="submitted">', page)
    assert not re.search(r'<option selected value="developing">', page)
    move_proposal(coordinator, proposal, "submitted", "evaluation", "rejected")
    page = client.get(f"/proposals/{proposal.id}").get_data(as_text=True)
    assert re.search(r'<option selected value="">', page), "nothing chosen after a rejection"


def test_the_pipeline_board_shows_every_status_with_its_count_and_only_filled_columns(
        client, lag):
    coordinator = make_user("coordinator", lag)
    make_proposal(coordinator, lag, title="Esimene")
    move_proposal(coordinator, make_proposal(coordinator, lag, title="Teine"), "developing")
    login(client, coordinator)
    page = client.get("/proposals/board").get_data(as_text=True)
    assert page.count('class="pipeline-column ') == 2
    assert "Project idea: 1" in page and "Being developed: 1" in page
    assert "Completed: 0" in page and 'href="#column-developing"' in page


def test_the_dashboards_charts_write_their_labels_as_page_text(client, lag):
    coordinator = make_user("coordinator", lag)
    make_proposal(coordinator, lag, **WORKED_BUDGET)
    login(client, coordinator)
    page = client.get("/proposals/dashboard").get_data(as_text=True)
    assert '<span class="chart-label">LEADER (EAFRD)</span>' in page
    assert not re.search(r"<svg[^>]*>(?:(?!</svg>).)*<text", page, re.S)


def test_the_spreadsheet_for_people_shows_words_and_the_csv_keeps_codes(client, lag):
    coordinator = make_user("coordinator", lag)
    make_proposal(coordinator, lag, **WORKED_BUDGET, applicant_type="ngo",
                  target_groups=["elderly", "disabled"])
    workshop = make_closed_workshop(make_seminar(lags=[lag]))
    add_idea(workshop, "Külabuss", target_groups=["elderly", "disabled"])
    headers = staff_headers(coordinator)
    book = load_workbook(io.BytesIO(client.get("/api/v1/exports/proposals.xlsx",
                                               headers=headers).data))
    sheet = book.active
    columns = [cell.value for cell in sheet[2]]
    row = {name: cell.value for name, cell in zip(columns, sheet[3], strict=True)}
    assert (row["status"], row["fund"], row["applicant_type"], row["target_groups"]) == (
        "Project idea", "LEADER (EAFRD)", "Non-profit association",
        "Older people; People with disabilities")
    ideas = load_workbook(io.BytesIO(client.get("/api/v1/exports/ideas.xlsx",
                                                headers=headers).data)).active
    names = [cell.value for cell in ideas[2]]
    idea = {name: cell.value for name, cell in zip(names, ideas[3], strict=True)}
    assert idea["state"] == "New" and idea["target_groups"].startswith("Older people")
    csv = client.get("/api/v1/exports/proposals.csv", headers=headers).get_data(as_text=True)
    assert ",idea," in csv and ",ngo," in csv and "elderly;disabled" in csv


def test_a_coordinator_of_another_lag_sees_a_styled_translated_refusal(client, lag):
    owner = make_user("coordinator", lag)
    proposal = make_proposal(owner, lag)
    other = make_user("coordinator", make_lag("Võrumaa Partnerluskogu"), language="et")
    login(client, other)
    refused = client.get(f"/proposals/{proposal.id}/edit")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert '<html lang="et">' in page and "koosloome" in page and "Forbidden" not in page
    assert "Teil ei ole lubatud seda lehte avada" in page


@pytest.mark.parametrize(("path", "method", "status"), [
    ("/no-such-page", "get", 404), ("/proposals/", "put", 405), ("/login", "delete", 405)])
def test_every_missing_or_wrong_page_is_styled(client, path, method, status):
    answer = getattr(client, method)(path, headers={"Accept-Language": "ru"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == status
    assert '<html lang="ru">' in page and 'class="skip-link"' in page
    assert "Not Found" not in page and "Method Not Allowed" not in page


def test_an_unknown_address_under_the_api_stays_json(client):
    answer = client.get("/api/v1/no-such-thing")
    assert answer.status_code == 404
    assert answer.get_json()["error"]["code"] == "not_found"


def test_a_server_error_is_styled_without_asking_the_database(app: Flask, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom-for-the-test")
    def boom() -> str:
        raise RuntimeError("broken on purpose")

    answer = client.get("/boom-for-the-test", headers={"Accept-Language": "en"})
    assert answer.status_code == 500
    page = answer.get_data(as_text=True)
    assert "Something went wrong on our side" in page and "broken on purpose" not in page
    assert make_workshop  # the page needs no workshop; kept import for the suite's factories
