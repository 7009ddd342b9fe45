"""Duplicate suggestions: similar ideas from different workshops, to merge."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from facilitation.duplicates import IdeaText, duplicate_pairs
from facilitation.proposals import TriageState

from ...extensions import db
from ...models import Idea, Workshop
from ..access import Principal
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


def duplicate_suggestions(principal: Principal, filters: BacklogFilters,
                          threshold: float = 0.5) -> list[DuplicateSuggestion]:
    """Similar ideas from different workshops among those the filters select (not archived)."""
    check_editor(principal)
    conditions = where(principal, filters)
    if filters.state is None:
        conditions.append(Idea.triage != TriageState.ARCHIVED)
    texts = db.session.execute(
        sa.select(Idea.id, Idea.workshop_id, Idea.text)
        .join(Workshop, Workshop.id == Idea.workshop_id).where(*conditions)
        .order_by(Idea.id.desc()).limit(DUPLICATE_SCAN_LIMIT))
    pairs = duplicate_pairs({idea_id: IdeaText(workshop_id, text)
                             for idea_id, workshop_id, text in texts},
                            threshold, limit=DUPLICATE_LIMIT)
    wanted = sorted({i for pair in pairs for i in (pair.idea_id, pair.other_id)})
    rows: dict[int, BacklogRow] = {}
    for chunk in chunks(wanted):
        for result in db.session.execute(rows_query(principal, BacklogFilters())
                                         .where(Idea.id.in_(chunk))):
            row = row_of(result)
            rows[row.idea.id] = row
    return [DuplicateSuggestion(rows[p.idea_id], rows[p.other_id], p.score) for p in pairs
            if p.idea_id in rows and p.other_id in rows]
