"""Specification of suggested clusters: average link on terms and themes, with titles."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.cluster_suggestions import ClusterSuggestion, suggest_clusters
from facilitation.terms import idea_terms
from facilitation.themes import theme_terms

WORKSHOP = {
    1: "Külabuss eakatele poodi ja apteeki",
    2: "Bussiliin võiks peatuda hooldekodu juures",
    3: "Invatakso puuetega inimestele",
    4: "Käsitööring, kus kootakse sokke",
    5: "Eakate käsitöö laat jõulude ajal",
    6: "Kudumisring raamatukogus",
    7: "Omastehooldajate tugigrupp",
    8: "Asendushooldaja, et omastehooldaja saaks puhata",
    9: "Lift vallamajja",
}


def suggestions(texts: dict[int, str], language: str = "et") -> list[ClusterSuggestion]:
    return suggest_clusters({i: idea_terms(text, language) for i, text in texts.items()}, language)


def test_ideas_on_one_theme_are_suggested_together_and_others_left_out() -> None:
    found = {s.idea_ids for s in suggestions(WORKSHOP)}
    assert {(1, 2, 3), (4, 5, 6), (7, 8)} <= found
    assert all(9 not in ids for ids in found)


def test_unrelated_ideas_are_not_grouped_together() -> None:
    unrelated = {1: "Kaldtee raamatukokku", 2: "Sooja lõuna kojuvedu",
                 3: "Nutitelefoni kursus", 4: "Kepikõnni grupp"}
    assert suggestions(unrelated) == []


def test_titles_name_the_theme_in_the_workshop_language() -> None:
    titles = {s.idea_ids: s.title for s in suggestions(WORKSHOP)}
    assert titles[(1, 2, 3)] == "Transport"
    assert titles[(4, 5, 6)] == "Kultuur ja käsitöö"
    russian = {1: "Автобус для пожилых", 2: "Социальное такси для инвалидов",
               3: "Хор для пожилых людей", 4: "Кружок вязания и рукоделия"}
    assert {s.title for s in suggestions(russian, "ru")} == {"Транспорт", "Культура и рукоделие"}


def test_without_a_theme_the_title_is_the_most_telling_shared_term_capitalised() -> None:
    ideas = {1: ("kohvik", "õhtu"), 2: ("kohvik", "laupäev"), 3: ("park",)}
    assert suggest_clusters(ideas, "et", themes=False, threshold=0.1) == [
        ClusterSuggestion("Kohvik", (1, 2))]


def test_titles_are_unique_ignoring_case_and_avoid_the_workshops_clusters() -> None:
    ideas = {1: ("kohvik", "õhtu"), 2: ("kohvik", "õhtu"), 3: ("kohvik", "hommik"),
             4: ("kohvik", "hommik")}
    titles = [s.title for s in suggest_clusters(ideas, "et", themes=False, threshold=0.6,
                                                taken_titles=["KOHVIK"])]
    assert len(titles) == 2
    assert len({title.casefold() for title in titles}) == 2
    assert "kohvik" not in {title.casefold() for title in titles}


def test_the_suggestions_do_not_depend_on_the_order_ideas_arrive_in() -> None:
    terms = {i: idea_terms(text) for i, text in WORKSHOP.items()}
    shuffled = list(terms.items())
    random.Random(7).shuffle(shuffled)
    assert suggest_clusters(dict(shuffled)) == suggest_clusters(terms)


vocabulary = st.sampled_from(["buss", "takso", "käsitöö", "kudumine", "hooldaja", "lift",
                              "kohvik", "eakas", "õhtu", "raamatukogu"])


@given(st.dictionaries(st.integers(1, 60), st.lists(vocabulary, max_size=4), max_size=40),
       st.sampled_from([0.05, 0.2, 0.5]))
@settings(max_examples=100, deadline=None)
def test_each_idea_is_in_at_most_one_suggestion_of_two_or_more(
        ideas: dict[int, list[str]], threshold: float) -> None:
    found = suggest_clusters(ideas, "et", threshold=threshold)
    placed = [idea_id for s in found for idea_id in s.idea_ids]
    assert len(placed) == len(set(placed))
    assert set(placed) <= set(ideas)
    assert all(len(s.idea_ids) >= 2 and list(s.idea_ids) == sorted(s.idea_ids) for s in found)
    assert all(1 <= len(s.title) <= 80 for s in found)


def test_themes_are_found_by_the_start_of_a_term() -> None:
    assert theme_terms(["bussiliin", "eakas"]) == ("#transport",)
    assert theme_terms(["kohvik"]) == ()
