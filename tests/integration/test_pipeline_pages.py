"""The follow-up pages: backlog, making and following a proposal, the board, reports, dashboard, admin."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.models import Idea, Lag, Measure, Proposal, User
from app.services import reports
from app.services.access import staff_principal
from app.services.proposals import local_today
from tests.conftest import PASSWORD, login
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

PAGES = ["/backlog/", "/backlog/duplicates", "/proposals/", "/proposals/mine", "/proposals/board",
         "/proposals/new", "/proposals/dashboard", "/reports/"]


@pytest.fixture
def signed_in(client, coordinator):
    login(client, coordinator)
    return client


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def test_every_page_needs_a_signed_in_staff_member(client):
    for url in PAGES + ["/admin/"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("url", PAGES)
def test_pages_hold_no_inline_script_or_style(signed_in, url):
    html = page(signed_in, url)
    assert " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert re.search(r'<link rel="stylesheet" href="/static/css/pipeline\.(\w+\.)?css">', html)


# -- the backlog page --------------------------------------------------------------------------


def test_the_backlog_page_lists_ideas_with_links_back_and_accessible_tables(signed_in):
    seminar = make_seminar("Inspiratsiooniseminar")
    workshop = make_closed_workshop(seminar, "Koosloome töötuba")
    idea = add_idea(workshop, "Külabuss <b>eakatele</b>", dots=3)
    html = page(signed_in, "/backlog/")
    assert "Külabuss &lt;b&gt;eakatele&lt;/b&gt;" in html
    assert f'href="/backlog/ideas/{idea.id}"' in html
    assert f'href="/reports/seminars/{seminar.id}"' in html
    assert "<caption" in html and 'scope="col"' in html and 'scope="row"' in html
    assert "/api/v1/exports/ideas.xlsx" in html
    assert re.search(r'<script type="module" src="/static/build/backlog\.(\w+\.)?js">', html)


def test_the_backlog_search_box_ignores_estonian_case(signed_in):
    workshop = make_closed_workshop(make_seminar())
    add_idea(workshop, "Õhtune külabuss")
    add_idea(workshop, "Matkarada")
    html = page(signed_in, "/backlog/?q=%C3%95HTUNE+K%C3%9CLABUSS")
    assert "Õhtune külabuss" in html and "Matkarada" not in html


def test_bulk_actions_shortlist_and_hand_the_ideas_to_a_new_proposal(signed_in):
    workshop = make_closed_workshop(make_seminar())
    first, second = add_idea(workshop, "Üks", dots=1), add_idea(workshop, "Kaks", dots=5)
    response = signed_in.post("/backlog/actions", data={
        "idea_ids": [str(first.id), str(second.id)], "action": "shortlist"})
    assert response.status_code == 302
    db.session.expire_all()
    assert {db.session.get(Idea, i).triage.value for i in (first.id, second.id)} == {
        "shortlisted"}
    response = signed_in.post("/backlog/actions", data={
        "idea_ids": [str(first.id), str(second.id)], "action": "propose"})
    assert response.headers["Location"].startswith("/proposals/new?idea_ids=")


def test_a_bulk_action_without_ticked_ideas_says_so(signed_in):
    response = signed_in.post("/backlog/actions", data={"action": "archive"},
                              follow_redirects=True)
    assert "Tick at least one idea first." in response.get_data(as_text=True)


def test_the_idea_page_shows_its_origin_dots_and_merged_sources(signed_in, coordinator):
    seminar = make_seminar("Kevadseminar")
    kept = add_idea(make_closed_workshop(seminar, "Esimene"), "Külabuss", dots=2)
    other = add_idea(make_closed_workshop(seminar, "Teine"), "Buss eakatele", dots=3)
    signed_in.post("/backlog/merge", data={"target_id": str(kept.id),
                                           "source_ids": [str(kept.id), str(other.id)]})
    html = page(signed_in, f"/backlog/ideas/{kept.id}")
    assert "Kevadseminar" in html and "Esimene" in html
    assert ">5<" in html.replace(" ", "")
    assert "Buss eakatele" in html


# -- making a proposal ---------------------------------------------------------------------------


def test_make_a_proposal_prefills_from_the_best_dotted_idea(signed_in, lag):
    seminar = make_seminar("Inspiratsiooniseminar", lags=[lag])
    workshop = make_closed_workshop(seminar)
    small = add_idea(workshop, "Sõbrapäevad", dots=1, target_groups=["carers"])
    best = add_idea(workshop, "Külabuss, mis viib eakad poodi", dots=7,
                    target_groups=["elderly"])
    html = page(signed_in, f"/proposals/new?idea_ids={small.id}&idea_ids={best.id}")
    assert 'value="Külabuss, mis viib eakad poodi"' in html
    assert "(dots: 7)" in html and "(dots: 1)" in html
    assert re.search(rf'<option selected value="{seminar.id}">', html)
    assert re.search(rf'value="{best.id}" checked|checked[^>]*value="{best.id}"', html)


def test_saving_a_new_proposal_links_the_ideas_and_opens_its_page(signed_in, lag):
    workshop = make_closed_workshop(make_seminar(lags=[lag]))
    idea = add_idea(workshop, "Külabuss", dots=2)
    response = signed_in.post(f"/proposals/new?idea_ids={idea.id}", data={
        "title": "Külabuss", "idea_ids": [str(idea.id)], "seminar_id": str(workshop.seminar_id),
        "lag_id": str(lag.id), "fund": "leader", "applicant_type": "ngo",
        "budget_total": "18 000,00", "support_requested": "12 743,68",
        "own_contribution_cash": "5256,32", "own_contribution_in_kind": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    proposal = db.session.query(Proposal).one()
    assert response.headers["Location"] == f"/proposals/{proposal.id}"
    assert proposal.workshop_id == workshop.id
    assert [i.id for i in proposal.ideas] == [idea.id]
    html = page(signed_in, f"/proposals/{proposal.id}")
    assert "70,80" in html or "70.80" in html


def test_a_budget_that_does_not_add_up_is_shown_beside_the_field(signed_in, lag):
    response = signed_in.post("/proposals/new", data={
        "title": "Külabuss", "lag_id": str(lag.id), "fund": "leader",
        "budget_total": "18000", "support_requested": "12743.68",
        "own_contribution_cash": "5000"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r'id="budget_total"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*'
                     r'id="budget_total"', html)
    assert "Total eligible cost" in html and "budget_total-error" in html
    assert db.session.query(Proposal).count() == 0


def test_a_coordinator_may_not_save_a_proposal_for_another_lag(signed_in):
    other = make_lag("Võrumaa Partnerluskogu")
    response = signed_in.post("/proposals/new", data={"title": "X", "lag_id": str(other.id),
                                                      "fund": "leader"})
    assert "your own local action group" in response.get_data(as_text=True)
    assert db.session.query(Proposal).count() == 0


# -- following a proposal -------------------------------------------------------------------------


def test_the_proposal_page_shows_budget_warning_overdue_step_history_and_next_statuses(
        signed_in, coordinator, lag):
    measure = make_measure(lag, "1", ngo="60.00")
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    proposal = make_proposal(coordinator, lag, title="Külabuss", measure_id=measure.id,
                             applicant_type="ngo", next_step="Helistada vallale",
                             next_step_due=yesterday, **WORKED_BUDGET)
    move_proposal(coordinator, proposal, "developing")
    html = page(signed_in, f"/proposals/{proposal.id}")
    assert "Support above the measure" in html
    assert "The next step is overdue." in html
    assert "Helistada vallale" in html
    options = re.findall(r'<option value="(\w+)"', html.split('name="status"', 1)[1].split(
        "</select>", 1)[0])
    assert options == ["ready", "on_hold", "dropped"]
    assert "Being developed" in html and "Project idea" in html  # the history


def test_changing_the_status_from_the_page_records_the_note(signed_in, coordinator, lag):
    proposal = make_proposal(coordinator, lag)
    response = signed_in.post(f"/proposals/{proposal.id}/status",
                              data={"status": "developing", "note": "Taotleja leitud"},
                              follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Status changed" in html and "Taotleja leitud" in html
    response = signed_in.post(f"/proposals/{proposal.id}/status", data={"status": "completed"},
                              follow_redirects=True)
    assert "cannot move" in response.get_data(as_text=True)
    assert db.session.get(Proposal, proposal.id).status.value == "developing"


def test_comments_from_the_page_join_the_history(signed_in, coordinator, lag):
    proposal = make_proposal(coordinator, lag)
    html = signed_in.post(f"/proposals/{proposal.id}/comments", data={"note": "Hea mõte"},
                          follow_redirects=True).get_data(as_text=True)
    assert "Comment added." in html and "Hea mõte" in html


def test_editing_keeps_the_budget_and_records_the_change(signed_in, coordinator, lag):
    proposal = make_proposal(coordinator, lag, title="Vana", **WORKED_BUDGET)
    form = page(signed_in, f"/proposals/{proposal.id}/edit")
    assert 'value="18000.00"' in form
    response = signed_in.post(f"/proposals/{proposal.id}/edit", data={
        "title": "Uus pealkiri", "lag_id": str(lag.id), "fund": "leader",
        "coordinator_id": str(coordinator.id), "budget_total": "18000.00", "support_requested": "12743.68",
        "own_contribution_cash": "5256.32", "own_contribution_in_kind": "0.00"})
    assert response.status_code == 302
    db.session.expire_all()
    saved = db.session.get(Proposal, proposal.id)
    assert saved.title == "Uus pealkiri"
    assert saved.events[-1].changes == ["title"]


def test_a_facilitator_reads_a_proposal_without_edit_controls(client, coordinator, lag):
    proposal = make_proposal(coordinator, lag)
    login(client, make_user("facilitator"))
    html = page(client, f"/proposals/{proposal.id}")
    assert "/edit" not in html and 'name="status"' not in html
    page(client, f"/proposals/{proposal.id}/edit", status=403)


def test_the_board_has_a_column_per_status_and_marks_overdue_steps(signed_in, coordinator, lag):
    late = make_proposal(coordinator, lag, title="Hiline",
                         next_step_due=(local_today() - timedelta(days=2)).isoformat())
    move_proposal(coordinator, make_proposal(coordinator, lag, title="Arendamisel"),
                  "developing")
    html = page(signed_in, "/proposals/board")
    assert html.count('class="pipeline-column ') == 12
    idea_column = html.split('id="column-idea"', 1)[1].split("</section>", 1)[0]
    assert "Hiline" in idea_column and "is-overdue" in idea_column
    assert "Arendamisel" in html.split('id="column-developing"', 1)[1].split("</section>")[0]
    assert late.id


def test_my_proposals_lists_only_those_i_am_responsible_for(signed_in, coordinator, lag):
    make_proposal(coordinator, lag, title="Minu")
    make_proposal(make_user("admin"), lag, title="Kellegi teise")
    html = page(signed_in, "/proposals/mine")
    assert "Minu" in html and "Kellegi teise" not in html


# -- the seminar report ----------------------------------------------------------------------------


def test_the_seminar_report_ranks_ideas_and_lists_its_proposals(signed_in, coordinator, lag):
    seminar = make_seminar("Inspiratsiooniseminar Võrus", lags=[lag], starts_on=date(2026, 12, 3))
    workshop = make_closed_workshop(seminar, "Koosloome töötuba")
    add_idea(workshop, "Teine koht", dots=3)
    add_idea(workshop, "Esimene koht", dots=7)
    add_idea(workshop, "Jagatud teine", dots=3)
    add_idea(workshop, "Peidetud", dots=9, hidden=True)
    proposal = make_proposal(coordinator, lag, title="Külabussi ettepanek",
                             seminar_id=seminar.id, **WORKED_BUDGET)
    move_proposal(coordinator, proposal, "developing", "ready", "submitted")

    html = page(signed_in, f"/reports/seminars/{seminar.id}")

    assert "Inspiratsiooniseminar Võrus" in html and "Koosloome töötuba" in html
    assert workshop.prompt in html
    ranked = re.findall(r'<td class="num">(\d+)</td>\s*<th scope="row" class="idea-cell">([^<]+)',
                        html)
    assert ranked == [("1", "Esimene koht"), ("2", "Jagatud teine"), ("2", "Teine koht")]
    assert "Peidetud" not in html
    assert "Külabussi ettepanek" in html and "Application submitted" in html
    assert "18,000.00" in html or "18 000,00" in html or "18\u00a0000,00" in html
    assert "data-print" in html and re.search(r"/static/build/report\.(\w+\.)?js", html)


def test_the_report_prints_on_a4():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "pipeline.css").read_text()
    assert "@page { size: A4" in css
    print_rules = css.split("@media print", 1)[1]
    assert ".site-header" in print_rules and ".pipeline-nav" in print_rules


def test_an_unknown_seminar_has_no_report(signed_in):
    page(signed_in, "/reports/seminars/4242", status=404)


# -- the dashboard ------------------------------------------------------------------------------


def test_the_dashboard_counts_the_funnel_per_lag_and_seminar(app, coordinator, lag):
    other = make_lag("Võrumaa Partnerluskogu")
    admin = make_user("admin")
    seminar = make_seminar("Ühisseminar", lags=[lag, other])
    workshop = make_closed_workshop(seminar)
    ideas = [add_idea(workshop, f"Idee {n}") for n in range(4)]
    submitted = make_proposal(coordinator, lag, seminar_id=seminar.id, idea_ids=[ideas[0].id])
    move_proposal(coordinator, submitted, "developing", "ready", "submitted", "on_hold",
                  "dropped")
    done = make_proposal(admin, other, seminar_id=seminar.id, cooperation_lag_ids=[lag.id],
                         idea_ids=[ideas[1].id], fund="esf_plus", **WORKED_BUDGET)
    move_proposal(admin, done, "developing", "ready", "submitted", "evaluation",
                  "partly_approved", "implementation", "completed")

    data = reports.dashboard(staff_principal(admin))

    expected_lag = [4, 2, 2, 2, 1, 1]  # ideas, shortlisted (promoted), proposals, submitted, ...
    by_lag = {row.label: row.values for row in data.by_lag}
    assert by_lag == {lag.name: expected_lag, other.name: [4, 2, 1, 1, 1, 1]}
    assert [row.values for row in data.by_seminar] == [expected_lag]
    assert data.total.values == expected_lag
    assert [(row.key, row.proposals, str(row.budget_total)) for row in data.by_fund] == [
        ("leader", 1, "0.00"), ("esf_plus", 1, "18000.00")]
    assert {row.key: str(row.support_requested) for row in data.by_status} == {
        "dropped": "0.00", "completed": "12743.68"}


def test_the_dashboard_page_draws_charts_with_a_table_for_each(signed_in, coordinator, lag):
    make_proposal(coordinator, lag, **WORKED_BUDGET)
    html = page(signed_in, "/proposals/dashboard")
    charts = re.findall(r"<svg [^>]*>", html)
    assert charts and all('aria-hidden="true"' in svg for svg in charts)
    for target in re.findall(r'<a href="#(table-[\w-]+)">', html):
        assert f'id="{target}"' in html
    assert html.count("<caption") >= 5


# -- admin --------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["coordinator", "facilitator"])
def test_admin_pages_are_for_admins_only(client, role):
    login(client, make_user(role))
    for url in ("/admin/", "/admin/lags", "/admin/measures", "/admin/users", "/admin/users/new"):
        assert client.get(url).status_code == 403, url


@pytest.fixture
def admin_client(client):
    admin = make_user("admin")
    login(client, admin)
    client.admin = admin  # type: ignore[attr-defined]
    return client


def test_an_admin_adds_a_lag_and_a_measure_with_its_maximum_rates(admin_client):
    response = admin_client.post("/admin/lags", data={"name": "Valgamaa Partnerluskogu",
                                                      "region": "Valga maakond"})
    assert response.status_code == 302
    lag = db.session.query(Lag).filter_by(name="Valgamaa Partnerluskogu").one()
    response = admin_client.post("/admin/measures/new", data={
        "lag_id": str(lag.id), "code": "2.1", "name": "Kogukonnateenused", "rate_ngo": "90",
        "rate_company": "72,5", "rate_person": "", "active": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]
    measure = db.session.query(Measure).one()
    assert measure.max_rates == {"ngo": "90.00", "company": "72.50"}
    html = page(admin_client, "/admin/measures")
    assert "2.1 Kogukonnateenused" in html and "72.50" in html


def test_a_rate_above_100_is_refused_beside_its_field(admin_client):
    lag = make_lag("Valga")
    response = admin_client.post("/admin/measures/new", data={
        "lag_id": str(lag.id), "code": "1", "name": "Meede", "rate_ngo": "120"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "rate_ngo-error" in html
    assert db.session.query(Measure).count() == 0


def test_an_admin_creates_changes_and_deactivates_a_staff_account(admin_client, client, lag):
    response = admin_client.post("/admin/users/new", data={
        "email": "Mari@Tartumaa.ee", "name": "Mari", "role": "facilitator",
        "lag_id": "", "password": PASSWORD})
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="mari@tartumaa.ee").one()
    response = admin_client.post(f"/admin/users/{user.id}", data={
        "name": "Mari Maasikas", "role": "coordinator", "lag_id": str(lag.id), "active": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    user = db.session.get(User, user.id)
    assert (user.name, user.role.value, user.lag_id, user.active) == (
        "Mari Maasikas", "coordinator", lag.id, True)
    admin_client.post(f"/admin/users/{user.id}", data={"name": "Mari Maasikas",
                                                      "role": "coordinator", "lag_id": ""})
    db.session.expire_all()
    assert db.session.get(User, user.id).active is False
    admin_client.post("/logout")
    refused = admin_client.post("/login", data={"email": "mari@tartumaa.ee",
                                                "password": PASSWORD})
    assert refused.status_code == 200


def test_an_admin_cannot_lock_themself_out(admin_client):
    admin = admin_client.admin  # type: ignore[attr-defined]
    html = admin_client.post(f"/admin/users/{admin.id}", data={
        "name": "Haldur", "role": "coordinator", "lag_id": "", "active": "y"}).get_data(
        as_text=True)
    assert "role-error" in html
    db.session.expire_all()
    assert db.session.get(User, admin.id).role.value == "admin"
