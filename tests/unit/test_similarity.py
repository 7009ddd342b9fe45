"""Specification of term similarity: the phone's hint and duplicates across workshops."""

from __future__ import annotations

from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from facilitation.similarity import (
    DuplicatePair,
    IdeaTerms,
    cosine,
    duplicate_pairs,
    similar_ideas,
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
