"""The text analysis wired into the app: terms stored by every writer of an idea's text, the
phone's "similar ideas" hint, duplicate and cluster suggestions from the stored terms, and
the analyser loaded before the server listens."""

from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

import facilitation.terms
from app.cli import commands
from app.extensions import db
from app.models import Idea, IdeaTerm, Workshop
from app.services import backlog, clusters, idea_terms, workshops
from app.services.demo import load_demo
from app.services.limits import limits
from facilitation.morphology import PlainWords
from facilitation.phases import Phase
from tests.conftest import (
    as_staff,
    console_socket,
    join_phone,
    login,
    make_workshop,
    new_client_id,
    post_idea,
    staff_headers,
)
from tests.integration.pipeline_factories import (
    add_idea,
    make_closed_workshop,
    make_lag,
    make_seminar,
    make_user,
)


def stored_terms(idea_id: int) -> set[str]:
    db.session.rollback()  # read what is committed
    return set(db.session.scalars(sa.select(IdeaTerm.term).where(IdeaTerm.idea_id == idea_id)))


# -- every writer of an idea's text stores its terms ---------------------------------------------


def test_an_idea_posted_from_a_phone_is_stored_with_its_lemmas_and_compound_parts(app,
                                                                                  facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop), "Omastehooldajate tugigrupp vallamajas")
    assert {"omastehooldaja", "hooldaja", "tugigrupp", "grupp", "vallamaja", "maja"} <= (
        stored_terms(idea["id"]))


def test_an_idea_typed_in_from_paper_is_stored_with_its_terms(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)
    ack = console.emit("idea:post", {"workshop_id": workshop.id, "text": "Külabussid eakatele",
                                     "details": "Ka raamatukokku", "client_id": new_client_id()},
                       callback=True)
    assert ack["ok"], ack
    assert {"külabuss", "buss", "eakas", "raamatukogu"} <= stored_terms(ack["idea"]["id"])


def test_an_edit_from_the_console_recomputes_the_terms_in_the_same_change(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop), "Külabuss eakatele")
    console = console_socket(app, facilitator, workshop)
    ack = console.emit("idea:edit", {"idea_id": idea["id"], "text": "Kaldtee raamatukokku"},
                       callback=True)
    assert ack["ok"], ack
    terms = stored_terms(idea["id"])
    assert {"kaldtee", "raamatukogu"} <= terms
    assert not {"külabuss", "buss", "eakas"} & terms


def test_an_edit_refused_leaves_the_terms_as_they_were(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    idea = post_idea(join_phone(app, workshop), "Külabuss eakatele")
    before = stored_terms(idea["id"])
    console = console_socket(app, facilitator, workshop)
    ack = console.emit("idea:edit", {"idea_id": idea["id"], "text": ""}, callback=True)
    assert ack["ok"] is False
    assert stored_terms(idea["id"]) == before


def test_the_demo_ideas_are_stored_with_their_terms(app, tmp_path):
    load_demo(tmp_path)
    db.session.remove()
    ideas = set(db.session.scalars(sa.select(Idea.id)))
    with_terms = set(db.session.scalars(sa.select(IdeaTerm.idea_id).distinct()))
    assert ideas and with_terms == ideas


# -- search -------------------------------------------------------------------------------------


def test_the_backlog_page_finds_inflected_forms(app, client):
    coordinator = make_user("coordinator", make_lag())
    workshop = make_closed_workshop(make_seminar())
    add_idea(workshop, "Eakatele tasuta sõit", details="Omastehooldajate jaoks ka")
    add_idea(workshop, "Kaldtee raamatukokku")
    login(client, coordinator)
    page = client.get("/backlog/", query_string={"q": "eakad hooldaja"}).get_data(as_text=True)
    assert "Eakatele tasuta sõit" in page and "Kaldtee raamatukokku" not in page


def test_the_exports_filter_by_the_same_search(app, client):
    coordinator = make_user("coordinator", make_lag())
    workshop = make_closed_workshop(make_seminar())
    add_idea(workshop, "Puuetega inimestele ujumine")
    add_idea(workshop, "Kaldtee raamatukokku")
    export = client.get("/api/v1/exports/ideas.csv", headers=staff_headers(coordinator),
                        query_string={"q": "puudega inimesed"}).get_data(as_text=True)
    assert "Puuetega inimestele ujumine" in export and "Kaldtee" not in export


# -- duplicates across workshops --------------------------------------------------------------


def test_the_duplicates_api_pairs_inflected_forms_from_different_workshops(app, client):
    coordinator = make_user("coordinator", make_lag())
    seminar = make_seminar()
    first, second, third = (make_closed_workshop(seminar) for _ in range(3))
    one = add_idea(first, "Külabuss eakatele poodi ja apteeki")
    two = add_idea(second, "Külabussid eakatele, poodi ning apteeki")
    add_idea(first, "Külabuss eakatele poodi ja apteeki jälle")  # the same workshop as `one`
    add_idea(third, "Kaldtee raamatukokku")
    response = client.get("/api/v1/ideas/duplicates", headers=staff_headers(coordinator))
    assert response.status_code == 200, response.get_json()
    pairs = response.get_json()["pairs"]
    assert {(pair["idea_id"], pair["other_id"]) for pair in pairs} >= {(one.id, two.id)}
    assert all(pair["idea_id"] < pair["other_id"] and 0 < pair["score"] <= 1 for pair in pairs)
    workshop_of = {one.id: first.id, two.id: second.id}
    assert all(workshop_of.get(pair["idea_id"]) != workshop_of.get(pair["other_id"])
               for pair in pairs)


def test_the_duplicates_api_takes_the_backlogs_filters(app, client):
    coordinator = make_user("coordinator", make_lag())
    seminar, other = make_seminar(), make_seminar()
    add_idea(make_closed_workshop(seminar), "Külabuss eakatele poodi")
    add_idea(make_closed_workshop(other), "Külabussid eakatele poodi")
    headers = staff_headers(coordinator)
    everything = client.get("/api/v1/ideas/duplicates", headers=headers).get_json()["pairs"]
    one_seminar = client.get("/api/v1/ideas/duplicates", headers=headers,
                             query_string={"seminar_id": seminar.id}).get_json()["pairs"]
    assert len(everything) == 1 and one_seminar == []
    refused = client.get("/api/v1/ideas/duplicates", headers=headers,
                         query_string={"q": "x" * 201})
    assert refused.get_json()["error"]["field"] == "q"


def test_the_duplicates_page_and_the_api_show_the_same_pairs(app, client):
    coordinator = make_user("coordinator", make_lag())
    seminar = make_seminar()
    one = add_idea(make_closed_workshop(seminar), "Omastehooldajate tugigrupp")
    two = add_idea(make_closed_workshop(seminar), "Tugigrupp omastehooldajale")
    pairs = backlog.duplicate_suggestions(as_staff(coordinator), backlog.BacklogFilters())
    assert [(pair.first.idea.id, pair.second.idea.id) for pair in pairs] == [(one.id, two.id)]


# -- cluster suggestions ------------------------------------------------------------------------


def test_cluster_suggestions_group_a_theme_and_name_it_in_the_workshops_language(app,
                                                                                 facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    texts = ["Külabuss eakatele poodi", "Bussiliin hooldekodu juurde",
             "Invatakso puuetega inimestele", "Käsitööring raamatukogus",
             "Kudumisring kord nädalas", "Eakate käsitöö laat"]
    ids = [post_idea(phone, text)["id"] for text in texts]
    suggested = clusters.suggestions(as_staff(facilitator), workshop.id)
    groups = {tuple(each["idea_ids"]): each["title"] for each in suggested}
    assert groups.get(tuple(ids[:3])) == "Transport"
    assert groups.get(tuple(ids[3:])) == "Kultuur ja käsitöö"


def test_cluster_suggestions_never_repeat_a_title_the_workshop_has(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    ids = [post_idea(phone, text)["id"] for text in
           ("Külabuss eakatele poodi", "Bussiliin hooldekodu juurde", "Invatakso vallas")]
    clusters.create_cluster(as_staff(facilitator), {"workshop_id": workshop.id,
                                                    "title": "TRANSPORT"})
    suggested = clusters.suggestions(as_staff(facilitator), workshop.id)
    assert [each["idea_ids"] for each in suggested] == [ids]
    assert suggested[0]["title"].casefold() != "transport"


# -- the phone's hint ---------------------------------------------------------------------------


def test_a_phone_typing_an_idea_hears_of_up_to_three_similar_ones_best_first(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    author = join_phone(app, workshop)
    posted = {text: post_idea(author, text) for text in (
        "Külabuss eakatele poodi", "Külabussid võiksid käia ka pühapäeviti",
        "Külabuss apteeki", "Kaldtee raamatukokku", "Bussiliin eakatele")}
    typing = join_phone(app, workshop)
    ack = typing.emit("idea:similar", {"text": "külabussi eakatele poodi ka"})
    assert ack["ok"], ack
    assert 1 <= len(ack["ideas"]) <= 3
    first = posted["Külabuss eakatele poodi"]
    assert ack["ideas"][0] == {"id": first["id"], "number": first["number"],
                               "text": "Külabuss eakatele poodi"}
    assert posted["Kaldtee raamatukokku"]["id"] not in {idea["id"] for idea in ack["ideas"]}


def test_the_hint_stays_quiet_for_a_short_draft_or_one_like_nothing_posted(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    post_idea(phone, "Külabuss eakatele poodi")
    assert phone.emit("idea:similar", {"text": "külabuss"}) == {"ok": True, "ideas": []}
    assert phone.emit("idea:similar", {"text": "Matkarada ratastooliga"}) == {
        "ok": True, "ideas": []}


def test_the_hint_shows_only_ideas_the_phone_may_see_in_its_own_workshop(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    other = make_workshop(facilitator, phase="collecting")
    post_idea(join_phone(app, other), "Külabuss eakatele poodi")
    phone = join_phone(app, workshop)
    hidden = post_idea(phone, "Külabuss eakatele poodi ja apteeki")
    console = console_socket(app, facilitator, workshop)
    assert console.emit("idea:hide", {"idea_id": hidden["id"]}, callback=True)["ok"]
    workshops.update_workshop(as_staff(facilitator), workshop.id, {"moderation": True})
    waiting = post_idea(phone, "Külabuss eakatele poodi")
    assert waiting["pending"]
    ack = phone.emit("idea:similar", {"text": "Külabuss eakatele poodi"})
    assert ack == {"ok": True, "ideas": []}


def test_the_hint_sees_an_idea_posted_a_moment_ago(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    post_idea(phone, "Kaldtee raamatukokku")
    assert phone.emit("idea:similar", {"text": "Külabuss eakatele poodi"})["ideas"] == []
    newest = post_idea(join_phone(app, workshop), "Külabuss eakatele poodi")
    ideas = phone.emit("idea:similar", {"text": "Külabuss eakatele poodi"})["ideas"]
    assert [idea["id"] for idea in ideas] == [newest["id"]]


def test_a_phone_that_may_not_see_others_ideas_is_refused_the_hint(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", phones_see_ideas=False)
    phone = join_phone(app, workshop)
    post_idea(phone, "Külabuss eakatele poodi")
    ack = phone.emit("idea:similar", {"text": "Külabuss eakatele poodi"})
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"


def test_the_hint_is_refused_before_the_workshop_starts(app, facilitator):
    workshop = make_workshop(facilitator)
    phone = join_phone(app, workshop)
    ack = phone.emit("idea:similar", {"text": "Külabuss eakatele poodi"})
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"
    assert db.session.get(Workshop, workshop.id).phase is Phase.DRAFT


def test_staff_and_the_board_get_no_hint(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    console = console_socket(app, facilitator, workshop)
    ack = console.emit("idea:similar", {"text": "Külabuss eakatele poodi"}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "forbidden"


def test_a_draft_longer_than_the_workshop_allows_is_refused_naming_text(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting", idea_max_length=50)
    ack = join_phone(app, workshop).emit("idea:similar", {"text": "buss " * 20})
    assert ack["ok"] is False and ack["error"]["field"] == "text"


def test_a_phone_asking_for_hints_too_fast_is_slowed_without_touching_its_posting(app,
                                                                                  facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    answers = [phone.emit("idea:similar", {"text": f"Külabuss eakatele {n}"})
               for n in range(15)]
    assert {a["error"]["code"] for a in answers if not a["ok"]} == {"rate_limited"}
    assert phone.emit("idea:post", {"text": "Külabuss", "client_id": new_client_id()})["ok"]
    limits().reset()


# -- the analyser is loaded before the server listens -------------------------------------------


def test_serve_loads_the_text_analysis_before_it_listens(app, monkeypatch):
    order: list[str] = []
    monkeypatch.setattr(idea_terms, "warm_up", lambda languages: order.append(
        f"warm up {' '.join(languages)}") or "plain")
    monkeypatch.setattr(commands.socketio, "run", lambda *args, **kwargs: order.append("listen"))
    monkeypatch.setattr(commands, "_tune_garbage_collector", lambda: None)
    app.config["SOCKETIO_ASYNC_MODE"] = "threading"
    result = app.test_cli_runner().invoke(args=["serve", "--port", "5999"])
    assert result.exit_code == 0, result.output
    assert order == ["warm up et en", "listen"]
    assert "Text analysis (plain, et en) ready" in result.output


def test_the_languages_loaded_at_start_are_those_of_the_stored_workshops(app, facilitator):
    make_workshop(facilitator, language="ru")
    assert idea_terms.languages_in_use() == ("et", "ru", "en")
    assert idea_terms.languages_in_use(["en"]) == ("en",)


def test_an_analyser_that_cannot_load_still_lets_ideas_be_posted_and_found(app, facilitator,
                                                                          monkeypatch, caplog):
    def broken() -> PlainWords:
        raise ImportError("no dictionaries here")

    monkeypatch.setattr(facilitation.terms, "_default", facilitation.terms.TextAnalyser(broken))
    with caplog.at_level(logging.ERROR, logger="facilitation.terms"):
        idea_terms.warm_up_text_analysis()
        workshop = make_workshop(facilitator, phase="collecting")
        idea = post_idea(join_phone(app, workshop), "Külabuss eakatele")
    assert stored_terms(idea["id"]) == {"külabuss", "eakatele"}
    assert len([r for r in caplog.records if "could not load" in r.getMessage()]) == 1


@pytest.fixture(autouse=True)
def _forget_rate_limits(app):
    yield
    limits().reset()
