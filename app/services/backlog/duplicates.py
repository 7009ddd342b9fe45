"""Duplicate suggestions: similar ideas from different workshops, to merge.

The same similarity as every other suggestion (facilitation.similarity): TF-IDF cosine on
the ideas' stored terms, so "Külabuss eakatele" and "külabussid eakatele" are one idea.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from facilitation.proposals import TriageState
from facilitation.similarity import DUPLICATE_THRESHOLD, DuplicatePair, IdeaTerms, duplicate_pairs

from ...extensions import db
from ...models import Idea, Workshop
from ..access import Principal
from ..idea_terms import terms_of
from .access import check_editor
from .filters import BacklogFilters, where
from .queries import BacklogRow, chunks, row_of, rows_query

DUPLICATE_LIMIT = 50
DUPLICATE_SCAN_LIMIT = 20_000


@dataclass(frozen=True)
class DuplicateSuggestion:
    first: BacklogRow
    second: BacklogRow
    score: float


def duplicate_pairs_of(principal: Principal, filters: BacklogFilters,
                       threshold: float = DUPLICATE_THRESHOLD) -> list[DuplicatePair]:
    """Pairs of similar ideas from different workshops among those the filters select (not
    archived, unless the filters ask for archived ones), best first."""
    check_editor(principal)
    conditions = where(principal, filters)
    if filters.state is None:
        conditions.append(Idea.triage != TriageState.ARCHIVED)
    selected = (sa.select(Idea.id).join(Workshop, Workshop.id == Idea.workshop_id)
                .where(*conditions).order_by(Idea.id.desc()).limit(DUPLICATE_SCAN_LIMIT))
    workshop_of = {idea_id: workshop_id for idea_id, workshop_id in db.session.execute(
        sa.select(Idea.id, Idea.workshop_id).where(Idea.id.in_(selected)))}
    return duplicate_pairs({idea_id: IdeaTerms(workshop_of[idea_id], found)
                            for idea_id, found in terms_of(selected).items()
                            if idea_id in workshop_of},
                           threshold, limit=DUPLICATE_LIMIT)


def duplicate_suggestions(principal: Principal, filters: BacklogFilters,
                          threshold: float = DUPLICATE_THRESHOLD) -> list[DuplicateSuggestion]:
    """The pairs of ``duplicate_pairs_of`` with each idea's backlog row (dots, seminar)."""
    pairs = duplicate_pairs_of(principal, filters, threshold)
    wanted = sorted({i for pair in pairs for i in (pair.idea_id, pair.other_id)})
    rows: dict[int, BacklogRow] = {}
    for chunk in chunks(wanted):
        for result in db.session.execute(rows_query(principal, BacklogFilters())
                                         .where(Idea.id.in_(chunk))):
            row = row_of(result)
            rows[row.idea.id] = row
    return [DuplicateSuggestion(rows[p.idea_id], rows[p.other_id], p.score) for p in pairs
            if p.idea_id in rows and p.other_id in rows]
