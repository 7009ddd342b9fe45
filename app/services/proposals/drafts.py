"""Making a proposal from backlog ideas: what it starts with."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ...extensions import db
from ...models import Idea, Workshop
from ..access import Principal
from ..backlog.queries import combined_dots
from ..errors import ServiceError
from .access import edit_scope
from .reading import TEXT_LIMITS


@dataclass(frozen=True)
class ProposalDraft:
    """What a new proposal starts with when made from backlog ideas."""

    title: str
    summary: str
    seminar_id: int | None
    workshop_id: int | None
    lag_id: int | None
    target_groups: list[str]
    ideas: list[tuple[Idea, int]]


def _short_title(text: str, limit: int = 120) -> str:
    first_line = text.split("\n", 1)[0].strip()
    if len(first_line) <= limit:
        return first_line
    cut = first_line[:limit].rsplit(" ", 1)[0].rstrip(",.;:–-")
    return cut + "…"


def draft_from_ideas(principal: Principal, idea_ids: list[int]) -> ProposalDraft:
    """Prefill a proposal: the best-dotted idea gives the title and the origin."""
    scope = edit_scope(principal)
    if not scope.may_create:
        raise ServiceError("forbidden")
    ideas = list(db.session.scalars(sa.select(Idea).where(Idea.id.in_(idea_ids))
                                    .order_by(Idea.id))) if idea_ids else []
    if not ideas:
        return ProposalDraft("", "", None, None, scope.lag_id, [], [])
    dots = combined_dots([idea.id for idea in ideas])
    ranked = sorted(ideas, key=lambda idea: (-dots.get(idea.id, 0), idea.id))
    best = ranked[0]
    workshop = db.session.get(Workshop, best.workshop_id)
    assert workshop is not None
    lag_id = scope.lag_id or next((lag.id for lag in workshop.seminar.lags), None)
    groups = list(dict.fromkeys(g for idea in ranked for g in (idea.target_groups or [])))
    summary = "\n".join(f"– {idea.text}" for idea in ranked)
    return ProposalDraft(_short_title(best.text), summary[:TEXT_LIMITS["summary"]],
                         workshop.seminar_id, workshop.id, lag_id, groups,
                         [(idea, dots.get(idea.id, 0)) for idea in ranked])
