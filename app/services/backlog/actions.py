"""Changing the backlog: triage (shortlist, archive, restore), themes, and merging ideas of
finished workshops."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from facilitation.phases import Phase
from facilitation.proposals import TriageAction, merged_triage, triage_after

from ...database import transaction
from ...extensions import db
from ...models import Idea, Workshop, utcnow
from .. import fields
from ..access import Principal
from ..errors import ServiceError
from .access import check_editor

# A workshop still running is steered from its console: the backlog leaves it alone.
LIVE_PHASES = frozenset({Phase.COLLECTING, Phase.GROUPING, Phase.VOTING})


@dataclass(frozen=True)
class BulkResult:
    changed: int
    unchanged: int


def _selected(idea_ids: list[int], field_name: str = "idea_ids") -> list[Idea]:
    """The backlog ideas with these ids (not hidden, not merged), or a refusal naming the field."""
    if not idea_ids:
        raise fields.invalid(field_name)
    ideas = list(db.session.scalars(sa.select(Idea).where(
        Idea.id.in_(idea_ids), Idea.merged_into_id.is_(None), Idea.hidden.is_(False),
        Idea.pending.is_(False))))
    if len(ideas) != len(idea_ids):
        raise fields.invalid(field_name)
    return ideas


def triage(principal: Principal, data: Mapping[str, Any]) -> BulkResult:
    """Shortlist, archive or restore the selected ideas; a promoted idea keeps its place."""
    check_editor(principal)
    action = fields.choice(data, "action", TriageAction)
    if action is None:
        raise fields.invalid("action")
    idea_ids = fields.id_list(data.get("idea_ids"), "idea_ids")
    changed = 0
    with transaction():
        ideas = _selected(idea_ids)
        for idea in ideas:
            after = triage_after(idea.triage, action)
            if after is not None:
                idea.triage = after
                changed += 1
    return BulkResult(changed, len(ideas) - changed)


def set_theme(principal: Principal, data: Mapping[str, Any]) -> BulkResult:
    """Give the selected ideas one theme (an empty theme clears it)."""
    check_editor(principal)
    theme = fields.text(data, "theme", limit=200)
    idea_ids = fields.id_list(data.get("idea_ids"), "idea_ids")
    changed = 0
    with transaction():
        ideas = _selected(idea_ids)
        for idea in ideas:
            if idea.theme != theme:
                idea.theme = theme
                changed += 1
    return BulkResult(changed, len(ideas) - changed)


def merge(principal: Principal, data: Mapping[str, Any]) -> Idea:
    """Merge ideas of finished workshops into one: every source stays, with its own dots.

    The sources disappear from the backlog list and are shown under the idea kept; their
    dots are added to its count. Ideas already merged into a source follow it.
    """
    check_editor(principal)
    target_id = fields.as_id(data.get("target_id"), "target_id")
    source_ids = [i for i in fields.id_list(data.get("source_ids"), "source_ids", limit=50)
                  if i != target_id]
    if not source_ids:
        raise fields.invalid("source_ids")
    with transaction():
        ideas = {idea.id: idea for idea in _selected([target_id, *source_ids], "source_ids")}
        phases = db.session.scalars(sa.select(Workshop.phase).where(
            Workshop.id.in_({idea.workshop_id for idea in ideas.values()})))
        if any(phase in LIVE_PHASES for phase in phases):
            raise ServiceError("wrong_phase")
        target = ideas[target_id]
        target.triage = merged_triage([idea.triage for idea in ideas.values()])
        now = utcnow()
        db.session.execute(sa.update(Idea).where(Idea.merged_into_id.in_(source_ids))
                           .values(merged_into_id=target_id, updated_at=now))
        for source_id in source_ids:
            ideas[source_id].merged_into_id = target_id
            ideas[source_id].updated_at = now
    return target
