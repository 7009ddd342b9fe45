"""How alike two ideas are, from their terms: TF-IDF weighted cosine.

One measure for every suggestion: the phone's "similar ideas" hint, duplicates across
workshops in the backlog, and the cluster suggestions (facilitation.cluster_suggestions).
A term shared by few ideas says more than one that half the room uses ("eakas"), and
cosine keeps a long idea from matching everything. Inputs are terms from
``facilitation.terms`` (stored with each idea), so nothing here analyses text.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)
Vector = dict[str, float]

# Not tuned: the labelled set has no duplicates to tune on (docs/language.md). Cosine on
# TF-IDF is more lenient than word Jaccard on short texts; at 0.7 a synthetic backlog
# yields about as many pairs as the Jaccard 0.5 it replaces.
SIMILAR_IDEA_THRESHOLD = 0.3
DUPLICATE_THRESHOLD = 0.7
# The phone's hint: at most this many ideas, once a draft is at least this long.
HINT_LIMIT = 3
HINT_MIN_CHARACTERS = 12


@dataclass(frozen=True)
class DuplicatePair:
    """Two ideas of different workshops that say much the same (``idea_id < other_id``)."""

    idea_id: int
    other_id: int
    score: float


@dataclass(frozen=True)
class IdeaTerms:
    """An idea of the backlog as the duplicate search sees it."""

    workshop_id: int
    terms: tuple[str, ...]


def inverse_document_frequency(documents: Iterable[Collection[str]]) -> dict[str, float]:
    """Each term's weight, ``log((1 + n) / (1 + df)) + 1``: rarer terms weigh more, none zero."""
    frequency: Counter[str] = Counter()
    count = 0
    for terms in documents:
        count += 1
        frequency.update(set(terms))
    return {term: math.log((1 + count) / (1 + df)) + 1 for term, df in frequency.items()}


def vector(terms: Collection[str], idf: Mapping[str, float]) -> Vector:
    """Unit-length TF-IDF vector of a set of terms; a term unseen in ``idf`` gets the top weight."""
    unseen = max(idf.values(), default=1.0)
    weights = {term: idf.get(term, unseen) for term in set(terms)}
    norm = math.sqrt(sum(weight * weight for weight in weights.values()))
    if not norm:
        return {}
    return {term: weight / norm for term, weight in weights.items()}


def vectors(ideas: Mapping[Key, Collection[str]]) -> dict[Key, Vector]:
    """TF-IDF vectors of ideas, weighted by their own collection."""
    idf = inverse_document_frequency(ideas.values())
    return {key: vector(terms, idf) for key, terms in ideas.items()}


def cosine(a: Vector, b: Vector) -> float:
    """Cosine of two unit vectors, in [0, 1]."""
    if len(b) < len(a):
        a, b = b, a
    return min(1.0, sum(weight * b.get(term, 0.0) for term, weight in a.items()))


def similar_ideas(draft_terms: Collection[str], ideas: Mapping[int, Collection[str]], *,
                  limit: int = HINT_LIMIT, threshold: float = SIMILAR_IDEA_THRESHOLD
                  ) -> list[tuple[int, float]]:
    """The ideas most like a draft, ``(idea_id, score)`` best first (then by id), at most ``limit``."""
    idf = inverse_document_frequency([*ideas.values(), draft_terms])
    draft = vector(draft_terms, idf)
    if not draft:
        return []
    scored = [(idea_id, _rounded(cosine(draft, vector(terms, idf))))
              for idea_id, terms in ideas.items()]
    scored = [(idea_id, score) for idea_id, score in scored if score >= threshold]
    scored.sort(key=lambda pair: (-pair[1], pair[0]))
    return scored[:limit]


def pairwise_similarities(found: Mapping[Key, Vector]) -> dict[tuple[Key, Key], float]:
    """Every pair of keys that shares a term, with its cosine; pairs are ordered by position."""
    # Each term's keys are listed in the order of ``found``, so a pair's first key is the
    # earlier one.
    postings: dict[str, list[Key]] = defaultdict(list)
    for key, weights in found.items():
        for term in weights:
            postings[term].append(key)
    dots: dict[tuple[Key, Key], float] = defaultdict(float)
    for term, keys in postings.items():
        for i, first in enumerate(keys):
            first_weight = found[first][term]
            for second in keys[i + 1:]:
                dots[first, second] += first_weight * found[second][term]
    return {pair: min(1.0, dot) for pair, dot in dots.items()}


def duplicate_pairs(ideas: Mapping[int, IdeaTerms], threshold: float = DUPLICATE_THRESHOLD,
                    limit: int | None = None) -> list[DuplicatePair]:
    """Pairs of ideas from different workshops with cosine at least ``threshold``.

    Best first, then by id; ``idea_id < other_id`` in every pair. Exact, not sampled: each
    idea is indexed by its rarer terms only, leaving out as many of its most frequent
    terms as cannot reach ``threshold`` on their own (prefix filtering, as in AllPairs),
    so the frequent terms that would pair nearly everything are rarely scanned.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    found = vectors({idea_id: idea.terms for idea_id, idea in ideas.items()})
    rarity = inverse_document_frequency(idea.terms for idea in ideas.values())
    heaviest: dict[str, float] = defaultdict(float)
    for weights in found.values():
        for term, weight in weights.items():
            heaviest[term] = max(heaviest[term], weight)
    # Each idea probes the index of the ideas before it with all its terms, then joins the
    # index by its rare terms only: every pair is met once, from its later idea. The index
    # gives the dot product over the indexed terms; the unindexed rest of the other idea
    # can add at most its bound, so most candidates stop there.
    index: dict[str, list[tuple[int, float]]] = defaultdict(list)
    rest: dict[int, dict[str, float]] = {}
    rest_bound: dict[int, float] = {}
    pairs: list[DuplicatePair] = []
    for idea_id in sorted(found):
        weights, home = found[idea_id], ideas[idea_id].workshop_id
        partial: dict[int, float] = defaultdict(float)
        for term, weight in weights.items():
            for other_id, other_weight in index.get(term, ()):
                partial[other_id] += weight * other_weight
        for other_id, dot in partial.items():
            if dot + rest_bound[other_id] < threshold - 1e-9 or ideas[other_id].workshop_id == home:
                continue
            others_rest = rest[other_id]
            dot += sum(others_rest[term] * weights[term] for term in others_rest.keys() & weights.keys())
            if dot >= threshold - 1e-9:
                pairs.append(DuplicatePair(other_id, idea_id, _rounded(dot)))
        rest[idea_id], rest_bound[idea_id] = _unindexed(weights, rarity, heaviest, threshold)
        for term, weight in weights.items():
            if term not in rest[idea_id]:
                index[term].append((idea_id, weight))
    pairs.sort(key=lambda pair: (-pair.score, pair.idea_id, pair.other_id))
    return pairs[:limit]


def _rounded(score: float) -> float:
    # Equal scores summed in a different order differ in the last bits; rounding keeps
    # the order of equals to their ids, the same on every run and every platform.
    return round(score, 9)


def _unindexed(weights: Vector, rarity: Mapping[str, float], heaviest: Mapping[str, float],
               threshold: float) -> tuple[Vector, float]:
    """The most frequent terms of an idea whose dot product with any idea stays below
    ``threshold`` (bounded by Cauchy–Schwarz and by each term's heaviest weight anywhere),
    and that bound: a pair reaching the threshold must share one of the other terms."""
    rest: Vector = {}
    squares = heaviest_sum = bound = 0.0
    for term in sorted(weights, key=lambda term: (rarity[term], term)):
        weight = weights[term]
        next_squares, next_heaviest = squares + weight * weight, heaviest_sum + weight * heaviest[term]
        next_bound = min(math.sqrt(next_squares), next_heaviest)
        if next_bound >= threshold - 1e-9:
            break
        rest[term], squares, heaviest_sum, bound = weight, next_squares, next_heaviest, next_bound
    return rest, bound
