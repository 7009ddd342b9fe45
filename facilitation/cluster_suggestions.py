"""Suggested clusters for a workshop's ideas: average-link grouping on term similarity.

Average link joins two groups only when their ideas are alike on the whole, so one idea
that mentions both buses and loneliness does not chain the two themes together, as
single link on shared words does. Groups of one are left out: an idea that fits nowhere
is not suggested anywhere, and every idea is in at most one suggestion.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from facilitation.morphology import RUSSIAN
from facilitation.similarity import Vector, inverse_document_frequency, pairwise_similarities, vector
from facilitation.terms import script
from facilitation.themes import THEME_TERM_PREFIX, theme_terms, theme_title

# Both tuned on the tuning workshop of tests/data/labelled_ideas.json (docs/language.md).
CLUSTER_THRESHOLD = 0.2
# A shared theme counts this many times a shared term of the same rarity: ideas on one
# theme share few words, and the theme is what a cluster on the wall is about.
THEME_WEIGHT = 3.0
TITLE_MAX_LENGTH = 80


@dataclass(frozen=True)
class ClusterSuggestion:
    """A proposed cluster: a title and its ideas (ids ascending)."""

    title: str
    idea_ids: tuple[int, ...]


def suggest_clusters(ideas: Mapping[int, Collection[str]], language: str, *,
                     threshold: float = CLUSTER_THRESHOLD, themes: bool = True,
                     taken_titles: Collection[str] = ()) -> list[ClusterSuggestion]:
    """Clusters of two or more ideas, largest first, for ideas given as ``{id: terms}``.

    With ``themes`` each idea's terms also carry the themes of facilitation.themes that
    they belong to. Titles come from the most telling shared term (a theme's name in
    ``language``, or a term in ``language``'s script), capitalised, unique ignoring case
    and distinct from ``taken_titles`` (the workshop's clusters).
    """
    ideas = {i: with_themes(ideas[i]) if themes else tuple(ideas[i]) for i in sorted(ideas)}
    groups = [group for group in average_link_groups(cluster_vectors(ideas), threshold)
              if len(group) > 1]
    groups.sort(key=lambda group: (-len(group), group[0]))
    taken = {title.casefold() for title in taken_titles}
    suggestions = []
    for group in groups:
        title = cluster_title([ideas[i] for i in group], ideas, language, taken)
        taken.add(title.casefold())
        suggestions.append(ClusterSuggestion(title, tuple(group)))
    return suggestions


def with_themes(terms: Collection[str]) -> tuple[str, ...]:
    """The terms and the ``#theme`` terms they belong to."""
    return (*terms, *theme_terms(terms))


def cluster_vectors(ideas: Mapping[int, Collection[str]],
                    theme_weight: float = THEME_WEIGHT) -> dict[int, Vector]:
    """TF-IDF vectors of a workshop's ideas, ``#theme`` terms weighted up by ``theme_weight``."""
    idf = {term: weight * theme_weight if term.startswith(THEME_TERM_PREFIX) else weight
           for term, weight in inverse_document_frequency(ideas.values()).items()}
    return {idea_id: vector(terms, idf) for idea_id, terms in ideas.items()}


def average_link_groups(found: Mapping[int, Vector], threshold: float) -> list[list[int]]:
    """Agglomerative grouping: merge the two groups with the highest mean pairwise cosine
    while it is at least ``threshold``. Deterministic: ties go to the lowest ids."""
    similarities = pairwise_similarities({i: found[i] for i in sorted(found)})
    members: dict[int, list[int]] = {i: [i] for i in found}
    # Sum of pairwise similarities between two live groups, keyed by each group's id
    # (its smallest idea id); missing means no shared term, a sum of zero.
    links: dict[int, dict[int, float]] = {i: {} for i in found}
    for (first, second), score in similarities.items():
        links[first][second] = links[second][first] = score
    heap = [(-score, min(pair), max(pair)) for pair, score in similarities.items()
            if score >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, first, second = heapq.heappop(heap)
        if first not in members or second not in members:
            continue
        current = links[first][second] / (len(members[first]) * len(members[second]))
        if abs(current + negative) > 1e-12:
            continue  # stale: one of the groups has grown since this entry was pushed
        _merge(first, second, members, links)
        for other, total in links[first].items():
            mean = total / (len(members[first]) * len(members[other]))
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(first, other), max(first, other)))
    return [sorted(group) for group in members.values()]


def _merge(keep: int, gone: int, members: dict[int, list[int]],
           links: dict[int, dict[int, float]]) -> None:
    members[keep].extend(members.pop(gone))
    for other, total in links.pop(gone).items():
        if other == keep:
            continue
        del links[other][gone]
        links[keep][other] = links[keep].get(other, 0.0) + total
        links[other][keep] = links[keep][other]
    del links[keep][gone]


def cluster_title(group: Sequence[Collection[str]], workshop: Mapping[int, Collection[str]],
                  language: str, taken: Collection[str] = ()) -> str:
    """The term most particular to ``group`` within the workshop, as a capitalised word.

    A term scores (ideas of the group that have it)² / (ideas of the workshop that have it):
    shared inside the group, rare outside it. Terms in the workshop's script come first.
    """
    inside = Counter(term for terms in group for term in set(terms))
    everywhere = Counter(term for terms in workshop.values() for term in set(terms))
    wanted = "cyrillic" if language == RUSSIAN else "latin"

    def rank(term: str) -> tuple[bool, bool, float, int, str]:
        readable = theme_title(term, language) is not None or script(term) == wanted
        return (not readable, inside[term] < 2,
                -inside[term] ** 2 / everywhere[term], -len(term), term)

    for term in sorted((term for term in inside if not term.isdigit()), key=rank):
        title = theme_title(term, language) or (term[:1].upper() + term[1:])[:TITLE_MAX_LENGTH]
        if title.casefold() not in taken:
            return title
    return _numbered_title(taken)


def _numbered_title(taken: Collection[str]) -> str:
    number = 1
    while f"#{number}" in taken:
        number += 1
    return f"#{number}"
