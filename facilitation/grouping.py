"""Clusters of a workshop's ideas: their titles, their order, and the totals shown at results.

The suggested clusters come from facilitation.cluster_suggestions.
"""

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
        raise InvalidInput(field="title")
    title = " ".join(clean_text(value).split())
    if not 1 <= len(title) <= CLUSTER_TITLE_LIMIT:
        raise InvalidInput(f"the title must be 1 to {CLUSTER_TITLE_LIMIT} characters",
                           field="title")
    folded = normalise_for_search(title)
    if any(normalise_for_search(other) == folded for other in taken):
        raise InvalidInput(field="title")
    return title


def moved(order: Sequence[int], cluster_id: int, position: int) -> list[int]:
    """The clusters in their new order once ``cluster_id`` stands at ``position`` (0-based).

    A position past either end puts it first or last; the others keep their order.
    """
    if cluster_id not in order:
        raise InvalidInput(field="cluster_id")
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
