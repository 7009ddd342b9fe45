"""Specification of cross-workshop duplicate suggestions in the backlog."""

from __future__ import annotations

import time
from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.duplicates import DuplicatePair, IdeaText, duplicate_pairs, similarity


def test_similar_ideas_from_different_workshops_are_suggested_best_first() -> None:
    ideas = {
        1: IdeaText(10, "Külabuss eakatele poodi, apteeki ja raamatukokku"),
        2: IdeaText(20, "KÜLABUSS eakatele poodi"),
        3: IdeaText(20, "Matkarada ratastooliga liikujatele"),
        4: IdeaText(30, "Ligipääsetav matkarada ratastooliga liikujatele"),
    }
    pairs = duplicate_pairs(ideas, threshold=0.5)
    assert [(p.idea_id, p.other_id) for p in pairs] == [(3, 4), (1, 2)]
    assert pairs[0].score == 0.75 == similarity(ideas[3].text, ideas[4].text)


def test_ideas_of_the_same_workshop_are_left_to_the_live_merge() -> None:
    ideas = {1: IdeaText(10, "Külabuss eakatele"), 2: IdeaText(10, "Külabuss eakatele")}
    assert duplicate_pairs(ideas) == []


def test_ideas_without_words_of_three_letters_are_never_suggested() -> None:
    ideas = {1: IdeaText(1, "ok"), 2: IdeaText(2, "ok"), 3: IdeaText(3, "")}
    assert duplicate_pairs(ideas) == []


def test_the_limit_keeps_the_best_pairs() -> None:
    ideas = {n: IdeaText(n, "sama idee kõigile") for n in range(1, 6)}
    assert len(duplicate_pairs(ideas, limit=3)) == 3


vocabulary = st.sampled_from(["külabuss", "eakad", "matkarada", "ratastool", "õhtu", "Õhtu",
                              "tugirühm", "apteek", "pood", "kool", "noored", "päev"])
texts = st.lists(vocabulary, min_size=0, max_size=6).map(" ".join)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(st.integers(1, 40), st.tuples(st.integers(1, 4), texts), max_size=25),
       st.sampled_from([0.3, 0.5, 0.75, 1.0]))
def test_prefix_filtering_finds_exactly_what_comparing_every_pair_finds(
        raw: dict[int, tuple[int, str]], threshold: float) -> None:
    ideas = {idea_id: IdeaText(workshop, text) for idea_id, (workshop, text) in raw.items()}
    expected = sorted(
        (DuplicatePair(a, b, similarity(ideas[a].text, ideas[b].text))
         for a, b in combinations(sorted(ideas), 2)
         if ideas[a].workshop_id != ideas[b].workshop_id
         and similarity(ideas[a].text, ideas[b].text) >= threshold),
        key=lambda p: (-p.score, p.idea_id, p.other_id))
    assert duplicate_pairs(ideas, threshold) == expected


def test_ten_thousand_ideas_are_not_compared_pair_by_pair() -> None:
    # Fifty million comparisons would take minutes; prefix filtering takes a second or two.
    # The bound is loose so a busy CI machine does not fail it, yet catches a quadratic scan.
    words = [f"sõna{n}" for n in range(3000)] + ["eakad", "külabuss", "teenus"]
    ideas = {n: IdeaText(n % 50, " ".join(words[(n * k) % len(words)] for k in (1, 7, 13, 29))
                         + " eakad teenus") for n in range(10_000)}
    started = time.perf_counter()
    duplicate_pairs(ideas, limit=50)
    assert time.perf_counter() - started < 15


# --- the score -------------------------------------------------------------


def test_identical_ideas_are_fully_similar() -> None:
    assert similarity("More benches at bus stops", "more BENCHES at bus stops!") == 1.0


def test_unrelated_ideas_are_not_similar() -> None:
    assert similarity("more benches", "free coffee") == 0.0


def test_similarity_is_jaccard_over_words_of_three_or_more_letters() -> None:
    # {benches, bus, stops} vs {benches, near, stops}: 2 shared of 4 distinct.
    assert similarity("benches at bus stops", "benches near stops") == pytest.approx(0.5)


def test_similarity_ignores_punctuation_and_case() -> None:
    assert similarity("Pingid, palun!", "pingid palun") == 1.0


def test_similarity_of_text_without_long_words_is_zero() -> None:
    assert similarity("a b c", "a b c") == 0.0
    assert similarity("", "anything here") == 0.0


def test_similarity_works_for_estonian_and_russian() -> None:
    assert similarity("ÕHTUNE BUSS", "õhtune buss") == 1.0
    assert similarity("Ночной автобус", "ночной АВТОБУС") == 1.0


@given(st.text(), st.text())
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == similarity(b, a)
