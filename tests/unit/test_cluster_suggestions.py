"""Specification of suggested clusters: average link on terms and themes, with titles."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.cluster_suggestions import (
    ClusterSuggestion,
    average_link_groups,
    cluster_title,
    suggest_clusters,
)
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
    assert suggest_clusters(dict(shuffled), "et") == suggest_clusters(terms, "et")


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


# --- which ideas, in what order ---------------------------------------------


def test_the_largest_suggestion_comes_first_then_the_one_with_the_oldest_idea() -> None:
    ideas = {1: ("kohvik",), 9: ("kohvik",), 2: ("buss",), 3: ("buss",),
             4: ("lift",), 5: ("lift",), 6: ("lift",)}
    assert [s.idea_ids for s in suggest_clusters(ideas, "et", themes=False)] == [
        (4, 5, 6), (1, 9), (2, 3)]


def test_ideas_that_share_only_a_theme_are_grouped_only_with_themes() -> None:
    ideas = {1: ("buss",), 2: ("takso",)}
    assert theme_terms(["buss"]) == theme_terms(["takso"]) == ("#transport",)
    assert suggest_clusters(ideas, "et") == [ClusterSuggestion("Transport", (1, 2))]
    assert suggest_clusters(ideas, "et", themes=False) == []


# Unit vectors: 1 and 2 are alike (0.8), 2 and 3 less (0.6), 1 and 3 not at all.
CHAIN = {1: {"x": 1.0}, 2: {"x": 0.8, "y": 0.6}, 3: {"y": 1.0}}


def test_two_ideas_exactly_as_alike_as_the_threshold_are_grouped() -> None:
    assert average_link_groups(CHAIN, 0.8) == [[1, 2], [3]]


def test_a_group_takes_an_idea_when_their_mean_similarity_reaches_the_threshold() -> None:
    """Once 1 and 2 are together, 3 is (0 + 0.6) / 2 = 0.3 like them."""
    assert average_link_groups(CHAIN, 0.3) == [[1, 2, 3]]
    assert average_link_groups(CHAIN, 0.35) == [[1, 2], [3]]


def test_a_group_is_judged_by_all_its_ideas_not_by_the_one_most_alike() -> None:
    """3 is like 1 (0.6) but nothing like 2, which joined 1 first: 0.3 on average."""
    found = {1: {"x": 0.8, "y": 0.6}, 2: {"x": 1.0}, 3: {"y": 1.0}}
    assert average_link_groups(found, 0.5) == [[1, 2], [3]]


def test_a_group_adds_up_what_each_of_its_ideas_shares_with_another() -> None:
    """1 and 2 (0.96) together are (0.6 + 0.8) / 2 = 0.7 like 3."""
    found = {1: {"x": 0.8, "y": 0.6}, 2: {"x": 0.6, "y": 0.8}, 3: {"y": 1.0}}
    assert average_link_groups(found, 0.65) == [[1, 2, 3]]


def test_two_groups_of_two_join_on_the_mean_over_all_four_pairs() -> None:
    """1 and 2 are one idea, 3 and 4 alike; across, only 1-3 and 2-3 share a term (0.36 each):
    0.72 over four pairs is 0.18."""
    found = {1: {"x": 0.8, "y": 0.6}, 2: {"x": 0.8, "y": 0.6}, 3: {"y": 0.6, "z": 0.8},
             4: {"z": 1.0}}
    assert average_link_groups(found, 0.18) == [[1, 2, 3, 4]]
    assert average_link_groups(found, 0.19) == [[1, 2], [3, 4]]


# --- titles ----------------------------------------------------------------


@pytest.mark.parametrize(("latin", "cyrillic", "language", "title"), [
    ("wifi", "интернет", "et", "Wifi"),
    ("wifiühendus", "интернет", "ru", "Интернет"),
])
def test_a_title_is_in_the_script_of_the_workshops_language_even_if_shorter(
        latin: str, cyrillic: str, language: str, title: str) -> None:
    group = [(latin, cyrillic), (latin, cyrillic)]
    assert cluster_title(group, dict(enumerate(group)), language) == title


def test_a_themes_name_is_readable_in_any_language() -> None:
    group = [("#transport", "autobussiliin"), ("#transport", "autobussiliin")]
    assert cluster_title(group, dict(enumerate(group)), "ru") == "Транспорт"


def test_a_term_shared_inside_the_group_comes_before_one_that_is_not() -> None:
    group = [("kohvik", "a"), ("kohvik", "b"), ("park",)]
    workshop = dict(enumerate([*group, ("kohvik",), ("kohvik",), ("kohvik",)]))
    assert cluster_title(group, workshop, "et") == "Kohvik"


@pytest.mark.parametrize(("pood", "apteek", "title"), [
    # "pood": 3 of the group's 3 ideas and 4 of the workshop's (9/4); "apteek" 2 and 2 (4/2).
    (4, 2, "Pood"),
    # 3 and 7 (9/7) against 2 and 3 (4/3).
    (7, 3, "Apteek"),
])
def test_a_title_is_the_term_most_shared_inside_the_group_and_rarest_outside(
        pood: int, apteek: int, title: str) -> None:
    group = [("pood", "apteek"), ("pood", "apteek"), ("pood",)]
    outside = [("pood",)] * (pood - 3) + [("apteek",)] * (apteek - 2)
    assert cluster_title(group, dict(enumerate([*group, *outside])), "et") == title


def test_of_equally_telling_terms_the_longer_names_the_group() -> None:
    group = [("õhtu", "kohvik"), ("õhtu", "kohvik")]
    assert cluster_title(group, dict(enumerate(group)), "et") == "Kohvik"
    assert cluster_title(group, dict(enumerate(group)), "et", {"kohvik"}) == "Õhtu"


def test_a_title_is_never_a_number_nor_taken_and_otherwise_numbered() -> None:
    group = [("2024", "kohvik"), ("2024", "kohvik")]
    assert cluster_title(group, dict(enumerate(group)), "et") == "Kohvik"
    assert cluster_title(group, dict(enumerate(group)), "et", {"kohvik"}) == "#1"
    assert cluster_title(group, dict(enumerate(group)), "et", {"kohvik", "#1", "#2"}) == "#3"


def test_suggestions_never_share_a_title_nor_take_a_clusters() -> None:
    ideas = {1: ("2024",), 2: ("2024",), 3: ("112",), 4: ("112",), 5: ("kohvik", "õhtu"),
             6: ("kohvik", "õhtu")}
    assert suggest_clusters(ideas, "et", themes=False, taken_titles=["KOHVIK"]) == [
        ClusterSuggestion("#1", (1, 2)), ClusterSuggestion("#2", (3, 4)),
        ClusterSuggestion("Õhtu", (5, 6))]
