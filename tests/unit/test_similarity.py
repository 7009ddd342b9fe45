"""Specification of term similarity: the phone's hint and duplicates across workshops."""

from __future__ import annotations

import math
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.similarity import (
    DuplicatePair,
    IdeaTerms,
    _unindexed,
    cosine,
    duplicate_pairs,
    inverse_document_frequency,
    pairwise_similarities,
    similar_ideas,
    vector,
    vectors,
)
from facilitation.terms import idea_terms

POSTED = {
    1: "Külabuss eakatele poodi",
    2: "Bussiliin eakatele hooldekodu juurde",
    3: "Käsitööring raamatukogus",
    4: "Külabussid käiksid ka pühapäeval",
    5: "Omastehooldajate tugigrupp",
    6: "Külabuss eakatele apteeki",
}


def test_the_hint_shows_at_most_three_similar_ideas_best_first() -> None:
    terms = {i: idea_terms(text) for i, text in POSTED.items()}
    hint = similar_ideas(idea_terms("külabussi võiks eakatele"), terms)
    assert len(hint) == 3
    assert [idea_id for idea_id, _ in hint][0] == 1
    assert {idea_id for idea_id, _ in hint} <= {1, 2, 4, 6}
    assert [score for _, score in hint] == sorted((score for _, score in hint), reverse=True)


def test_the_hint_is_empty_for_a_draft_like_nothing_posted() -> None:
    terms = {i: idea_terms(text) for i, text in POSTED.items()}
    assert similar_ideas(idea_terms("kaldtee kirikusse"), terms) == []
    assert similar_ideas(idea_terms("🙂"), terms) == []


def test_ties_in_the_hint_go_to_the_older_idea() -> None:
    same = {3: ("buss",), 1: ("buss",), 2: ("buss",), 4: ("buss",)}
    assert [idea_id for idea_id, _ in similar_ideas(("buss",), same)] == [1, 2, 3]


def test_duplicates_come_from_different_workshops_best_first() -> None:
    ideas = {
        1: IdeaTerms(10, idea_terms("Külabuss eakatele poodi")),
        2: IdeaTerms(20, idea_terms("Külabussid eakatele poodi ja apteeki")),
        3: IdeaTerms(10, idea_terms("Külabuss eakatele poodi")),
        4: IdeaTerms(30, idea_terms("Kaldtee raamatukokku")),
    }
    pairs = duplicate_pairs(ideas, threshold=0.5)
    assert [(p.idea_id, p.other_id) for p in pairs] == [(1, 2), (2, 3)]
    assert pairs[0].score == pairs[1].score


def test_ideas_of_the_same_workshop_are_left_to_the_live_merge() -> None:
    same = idea_terms("Külabuss eakatele")
    assert duplicate_pairs({1: IdeaTerms(10, same), 2: IdeaTerms(10, same)}) == []


def test_ideas_without_terms_are_never_suggested() -> None:
    ideas = {1: IdeaTerms(1, idea_terms("🙂")), 2: IdeaTerms(2, idea_terms("🙂")),
             3: IdeaTerms(3, ())}
    assert duplicate_pairs(ideas) == []


def test_the_limit_keeps_the_best_pairs() -> None:
    ideas = {n: IdeaTerms(n, idea_terms("sama idee kõigile")) for n in range(1, 6)}
    assert len(duplicate_pairs(ideas, limit=3)) == 3


vocabulary = st.sampled_from(["buss", "eakas", "pood", "apteek", "käsitöö", "ring",
                              "hooldaja", "lift", "kohvik", "õhtu", "küla", "tool"])


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.integers(1, 50),
                       st.tuples(st.integers(1, 4), st.lists(vocabulary, max_size=6)), max_size=30),
       st.sampled_from([0.3, 0.5, 0.7, 1.0]))
def test_prefix_filtering_finds_exactly_what_comparing_every_pair_finds(
        raw: dict[int, tuple[int, list[str]]], threshold: float) -> None:
    ideas = {i: IdeaTerms(workshop, tuple(terms)) for i, (workshop, terms) in raw.items()}
    found = vectors({i: idea.terms for i, idea in ideas.items()})
    expected = sorted(
        (DuplicatePair(a, b, round(cosine(found[a], found[b]), 9))
         for a, b in combinations(sorted(ideas), 2)
         if ideas[a].workshop_id != ideas[b].workshop_id
         and cosine(found[a], found[b]) >= threshold - 1e-9),
        key=lambda p: (-p.score, p.idea_id, p.other_id))
    actual = duplicate_pairs(ideas, threshold)
    assert [(p.idea_id, p.other_id) for p in actual] == [(p.idea_id, p.other_id) for p in expected]
    assert all(abs(a.score - e.score) < 1e-9 for a, e in zip(actual, expected, strict=True))


# --- weights ---------------------------------------------------------------


def test_a_term_weighs_log_of_ideas_over_ideas_with_it_plus_one() -> None:
    """log((1 + n) / (1 + df)) + 1: a term in every idea weighs 1, a rare one more."""
    idf = inverse_document_frequency([("buss", "eakas"), ("eakas",), ("lift",)])
    assert idf == pytest.approx({"eakas": math.log(4 / 3) + 1, "buss": math.log(4 / 2) + 1,
                                 "lift": math.log(4 / 2) + 1})
    assert inverse_document_frequency([("buss", "buss")]) == {"buss": 1.0}


def test_a_term_no_idea_has_yet_weighs_as_much_as_the_rarest() -> None:
    found = vector(("buss", "kohvik", "kohvik"), {"buss": 1.0, "lift": 3.0})
    assert found == pytest.approx({"buss": 1 / math.sqrt(10), "kohvik": 3 / math.sqrt(10)})


def test_without_weights_every_term_weighs_the_same() -> None:
    assert vector(("buss", "lift"), {}) == pytest.approx({"buss": 0.5 ** 0.5, "lift": 0.5 ** 0.5})


def test_an_idea_without_terms_has_no_vector() -> None:
    assert vector((), {"buss": 1.0}) == {}


# The squares of these weights, normalised, sum to 1.0000000000000002.
ROUNDED_UP = vector(("t0", "t1"), {"t0": 1.0, "t1": 2.5})


def test_no_idea_is_more_than_wholly_like_another() -> None:
    assert cosine(ROUNDED_UP, ROUNDED_UP) == 1.0
    assert pairwise_similarities({1: ROUNDED_UP, 2: dict(ROUNDED_UP)}) == {(1, 2): 1.0}


def test_pairs_are_named_in_the_order_the_ideas_come() -> None:
    found = {3: {"buss": 1.0}, 1: {"buss": 0.6, "lift": 0.8}, 2: {"kohvik": 1.0}}
    assert pairwise_similarities(found) == pytest.approx({(3, 1): 0.6})


def test_the_hint_keeps_an_idea_exactly_at_the_threshold() -> None:
    assert similar_ideas(("buss",), {1: ("buss",)}, threshold=1.0) == [(1, 1.0)]


# --- duplicates ------------------------------------------------------------


@pytest.mark.parametrize("threshold", [0, -0.5, 1.01, 2])
def test_a_duplicate_threshold_must_be_above_0_and_at_most_1(threshold: float) -> None:
    with pytest.raises(ValueError, match=r"^threshold must be in \(0, 1\]$"):
        duplicate_pairs({}, threshold)


def test_pairs_with_equal_scores_come_in_the_order_of_their_ids() -> None:
    ideas = {4: IdeaTerms(2, ("buss",)), 1: IdeaTerms(1, ("buss",)), 3: IdeaTerms(1, ("buss",)),
             2: IdeaTerms(2, ("buss",))}
    assert duplicate_pairs(ideas) == [DuplicatePair(1, 2, 1.0), DuplicatePair(1, 4, 1.0),
                                      DuplicatePair(2, 3, 1.0), DuplicatePair(3, 4, 1.0)]


def test_a_three_letter_word_makes_a_duplicate_like_any_other() -> None:
    ideas = {1: IdeaTerms(1, idea_terms("Uus tee")), 2: IdeaTerms(2, idea_terms("uus TEE"))}
    assert idea_terms("tee") == ("tee",)
    assert [(p.idea_id, p.other_id) for p in duplicate_pairs(ideas)] == [(1, 2)]


@pytest.mark.parametrize(("heaviest", "rest", "bound"), [
    # Each term's heaviest weight anywhere is 1: the Cauchy-Schwarz bound decides.
    ({"z": 1.0, "y": 1.0, "c": 1.0}, {"z": 0.2, "y": 0.3}, math.sqrt(0.13)),
    # Lighter everywhere else: the sum of weight x heaviest decides.
    ({"z": 0.5, "y": 0.5, "c": 1.0}, {"z": 0.2, "y": 0.3}, 0.25),
])
def test_the_index_leaves_out_the_most_frequent_terms_that_cannot_reach_the_threshold(
        heaviest: dict[str, float], rest: dict[str, float], bound: float) -> None:
    weights = {"c": 0.9327, "y": 0.3, "z": 0.2}
    rarity = {"z": 1.0, "y": 1.5, "c": 3.0}  # z is in the most ideas
    found_rest, found_bound = _unindexed(weights, rarity, heaviest, 0.5)
    assert found_rest == rest
    assert found_bound == pytest.approx(bound)
