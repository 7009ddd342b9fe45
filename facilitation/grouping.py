"""Clusters of a workshop's ideas: their titles, their order, and the totals shown at results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from facilitation.errors import InvalidInput
from facilitation.ideas import clean_text, normalise_for_search

CLUSTER_TITLE_LIMIT = 80
MAX_CLUSTERS = 60


def clean_cluster_title(value: object, taken: Iterable[str] = ()) -> str:
    """A cluster's title on one line, 1–80 characters, unlike every title in ``taken``.

    Titles are compared ignoring case ("Transport" and "TRANSPORT" are one title), so the
    room never sees two columns of the same name.
    """
    if not isinstance(value, str):
        raise InvalidInput("the title must be text", field="title")
    title = " ".join(clean_text(value).split())
    if not 1 <= len(title) <= CLUSTER_TITLE_LIMIT:
        raise InvalidInput(f"the title must be 1 to {CLUSTER_TITLE_LIMIT} characters",
                           field="title")
    folded = normalise_for_search(title)
    if any(normalise_for_search(other) == folded for other in taken):
        raise InvalidInput("another cluster already has this title", field="title")
    return title


def moved(order: Sequence[int], cluster_id: int, position: int) -> list[int]:
    """The clusters in their new order once ``cluster_id`` stands at ``position`` (0-based).

    A position past either end puts it first or last; the others keep their order.
    """
    if cluster_id not in order:
        raise InvalidInput("no such cluster", field="cluster_id")
    rest = [other for other in order if other != cluster_id]
    place = min(max(position, 0), len(rest))
    return [*rest[:place], cluster_id, *rest[place:]]


def cluster_totals(cluster_of: Mapping[int, int | None], votes: Mapping[int, int]
                   ) -> dict[int | None, int]:
    """Dots per cluster (None: the ideas in no cluster), from each idea's cluster and dots."""
    totals: dict[int | None, int] = {}
    for idea_id, cluster_id in cluster_of.items():
        totals[cluster_id] = totals.get(cluster_id, 0) + votes.get(idea_id, 0)
    return totals


def suggest_clusters(words_of: Mapping[int, frozenset[str]], *, threshold: float = 0.2,
                     smallest: int = 2) -> list[tuple[str, list[int]]]:
    """Proposed clusters of ideas, from the words each idea uses (ids in posting order).

    Average-link grouping on the Jaccard similarity of the ideas' words: two groups join
    while the mean similarity of their ideas' pairs reaches ``threshold``. Groups smaller
    than ``smallest`` are left out (an idea that fits nowhere is suggested nowhere), so each
    idea is in at most one suggestion. A suggestion's title is the word most of its ideas
    share; the largest groups come first.
    """
    ids = [idea_id for idea_id in words_of if words_of[idea_id]]
    similarity = {(a, b): _jaccard(words_of[a], words_of[b])
                  for index, a in enumerate(ids) for b in ids[index + 1:]}
    groups: list[list[int]] = [[idea_id] for idea_id in ids]

    def link(first: list[int], second: list[int]) -> float:
        pairs = [similarity[(a, b) if (a, b) in similarity else (b, a)]
                 for a in first for b in second]
        return sum(pairs) / len(pairs)

    while len(groups) > 1:
        best, pair = 0.0, (0, 0)
        for i, first in enumerate(groups):
            for j in range(i + 1, len(groups)):
                score = link(first, groups[j])
                if score > best:
                    best, pair = score, (i, j)
        if best < threshold:
            break
        i, j = pair
        groups[i] = sorted(groups[i] + groups[j], key=ids.index)
        del groups[j]
    kept = [group for group in groups if len(group) >= smallest]
    kept.sort(key=lambda group: (-len(group), ids.index(group[0])))
    return [(_title_of(group, words_of), group) for group in kept]


def _jaccard(first: frozenset[str], second: frozenset[str]) -> float:
    return len(first & second) / len(first | second) if first and second else 0.0


def _title_of(group: Sequence[int], words_of: Mapping[int, frozenset[str]]) -> str:
    counts: dict[str, int] = {}
    for idea_id in group:
        for word in words_of[idea_id]:
            counts[word] = counts.get(word, 0) + 1
    word = min(counts, key=lambda each: (-counts[each], -len(each), each))
    return word[:1].upper() + word[1:]
