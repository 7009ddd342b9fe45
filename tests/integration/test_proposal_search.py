"""The proposal list's search, on both databases (SQLite here, PostgreSQL through pg_app).

A proposal is found when every query word begins a term of its title and summary or of one
of its source ideas (lemmas and compound parts, facilitation.terms), as the backlog finds
ideas: a coordinator who types "eakad" finds "Päevakeskus eakatele".
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import ProposalTerm
from app.services import proposals
from app.services.access import staff_principal
from tests.conftest import staff_headers
from tests.integration.pipeline_factories import (
    add_idea,
    make_closed_workshop,
    make_lag,
    make_proposal,
    make_seminar,
    make_user,
)

BEFORE_PROPOSAL_TERMS = "1932d8cc4d27"


@pytest.fixture
def world(any_app):
    lag = make_lag("Võrumaa Partnerluskogu")
    coordinator = make_user("coordinator", lag)
    workshop = make_closed_workshop(make_seminar())
    transport = add_idea(workshop, "Vallabussid käivad harva")
    make_proposal(coordinator, lag, title="Päevakeskus eakatele",
                  summary="Omastehooldajate tugigrupp kord kuus")
    make_proposal(coordinator, lag, title="Kogukonna sõidujagamine",
                  idea_ids=[transport.id])
    make_proposal(coordinator, lag, title="Trepitõstuk raamatukokku")
    return any_app.test_client(), staff_headers(coordinator), coordinator


def titles(world, query, path="/api/v1/proposals"):
    client, headers, _user = world
    response = client.get(path, headers=headers, query_string={"q": query})
    assert response.status_code == 200, response.get_json()
    return sorted(p["title"] for p in response.get_json()["proposals"])


@pytest.mark.parametrize(("query", "expected"), [
    # An inflected form of a title word, and the parts of a compound in the summary.
    ("eakad", ["Päevakeskus eakatele"]),
    ("EAKATE", ["Päevakeskus eakatele"]),
    ("hooldaja", ["Päevakeskus eakatele"]),
    ("tugigrupid", ["Päevakeskus eakatele"]),
    # A word of a source idea finds the proposal made from it.
    ("buss", ["Kogukonna sõidujagamine"]),
    ("vallabuss", ["Kogukonna sõidujagamine"]),
    # One word may match the title, another a source idea; every word must match something.
    ("kogukond bussid", ["Kogukonna sõidujagamine"]),
    ("kogukond raamatukogu", []),
    ("raamat", ["Trepitõstuk raamatukokku"]),
    ("trepp", ["Trepitõstuk raamatukokku"]),
    ("%", []),
])
def test_a_query_finds_proposals_by_their_words_and_their_ideas_words(world, query, expected):
    assert titles(world, query) == sorted(expected)


@pytest.mark.parametrize("query", ["", "  "])
def test_an_empty_query_is_no_filter(world, query):
    assert len(titles(world, query)) == 3


def test_a_query_over_two_hundred_characters_is_refused_naming_q(world):
    client, headers, _user = world
    response = client.get("/api/v1/proposals", headers=headers, query_string={"q": "a" * 201})
    assert response.status_code == 400
    assert response.get_json()["error"] | {"message": ""} == {
        "code": "invalid_input", "field": "q", "message": ""}


def test_an_edit_of_the_title_or_summary_is_what_search_finds(world):
    client, headers, coordinator = world
    found = client.get("/api/v1/proposals", headers=headers,
                       query_string={"q": "trepitõstuk"}).get_json()["proposals"]
    response = client.patch(f"/api/v1/proposals/{found[0]['id']}", headers=headers,
                            json={"title": "Kaldtee kultuurimajja"})
    assert response.status_code == 200, response.get_json()
    assert titles(world, "trepitõstuk") == []
    assert titles(world, "kaldtee") == ["Kaldtee kultuurimajja"]
    assert titles(world, "kultuurimaja") == ["Kaldtee kultuurimajja"]


def test_the_list_page_the_board_and_the_export_take_the_same_search(world):
    client, headers, _user = world
    page = client.get("/proposals/", headers=headers, query_string={"q": "eakad"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Päevakeskus eakatele" in html and "Trepitõstuk raamatukokku" not in html
    assert 'name="q"' in html and 'value="eakad"' in html
    board = client.get("/proposals/board", headers=headers,
                       query_string={"q": "eakad"}).get_data(as_text=True)
    assert "Päevakeskus eakatele" in board and "Trepitõstuk raamatukokku" not in board
    export = client.get("/api/v1/exports/proposals.csv", headers=headers,
                        query_string={"q": "eakad"}).get_data(as_text=True)
    assert "Päevakeskus eakatele" in export and "Trepitõstuk" not in export


def test_the_migration_fills_the_terms_of_proposals_already_stored(any_app):
    lag = make_lag("Tartumaa Arendusselts")
    coordinator = make_user("coordinator", lag)
    proposal = make_proposal(coordinator, lag, title="Vallabussid eakatele",
                             summary="Omastehooldajate tugigrupp")
    proposal_id = proposal.id
    db.session.remove()
    downgrade(revision=BEFORE_PROPOSAL_TERMS)
    with db.engine.connect() as connection:
        assert "proposal_terms" not in sa.inspect(connection).get_table_names()
    upgrade()
    terms = set(db.session.scalars(
        sa.select(ProposalTerm.term).where(ProposalTerm.proposal_id == proposal_id)))
    assert {"vallabuss", "buss", "eakas", "omastehooldaja", "hooldaja", "tugigrupp"} <= terms
    page = proposals.list_proposals(staff_principal(coordinator),
                                    proposals.parse_filters({"q": "bussid"}))
    assert [p.id for p in page.proposals] == [proposal_id]
