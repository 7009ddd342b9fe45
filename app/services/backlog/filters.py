"""The backlog's filters: read from a query string, and as the conditions of a query."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from facilitation.ideas import TargetGroup
from facilitation.proposals import TriageState

from ...models import Idea, Workshop, seminar_lags
from .. import fields
from ..access import Principal
from ..idea_terms import search_condition
from ..paging import PER_PAGE, Q_LIMIT, ListFilters
from ..periods import seminars_in
from ..team import steered_workshops
from .access import own_workshops_only

MAX_PER_PAGE = 200
SORTS = ("dots", "newest", "oldest", "seminar")


@dataclass(frozen=True)
class BacklogFilters(ListFilters):
    lag_id: int | None = None
    seminar_id: int | None = None
    workshop_id: int | None = None
    target_group: str | None = None
    theme: str | None = None
    state: TriageState | None = None
    sort: str = "dots"


def parse_filters(args: Mapping[str, Any]) -> BacklogFilters:
    """Read the backlog's filters from query arguments; unknown arguments are ignored."""
    target_group = args.get("target_group") or None
    if target_group is not None and target_group not in {g.value for g in TargetGroup}:
        raise fields.invalid("target_group")
    sort = args.get("sort") or "dots"
    if sort not in SORTS:
        raise fields.invalid("sort")
    per_page = fields.optional_id(args, "per_page") or PER_PAGE
    if per_page > MAX_PER_PAGE:
        raise fields.invalid("per_page")
    period = fields.period(args)
    return BacklogFilters(
        lag_id=fields.optional_id(args, "lag_id"),
        seminar_id=fields.optional_id(args, "seminar_id"),
        workshop_id=fields.optional_id(args, "workshop_id"),
        target_group=target_group,
        theme=fields.text(args, "theme", limit=200) or None,
        state=fields.choice(args, "state", TriageState),
        # Text search (idea_terms.search_condition); blank is no filter, over 200 is refused.
        q=fields.text(args, "q", limit=Q_LIMIT),
        sort=sort,
        page=fields.optional_id(args, "page") or 1,
        per_page=per_page,
        period_from=period.start,
        period_to=period.end,
    )


def where(principal: Principal, filters: BacklogFilters, *, roots_only: bool = True
           ) -> list[sa.ColumnElement[bool]]:
    # An idea still waiting for the facilitator's approval never reached the wall.
    conditions: list[sa.ColumnElement[bool]] = [Idea.hidden.is_(False), Idea.pending.is_(False)]
    if roots_only:
        conditions.append(Idea.merged_into_id.is_(None))
    if own_workshops_only(principal):
        assert principal.user_id is not None
        conditions.append(steered_workshops(principal.user_id))
    if filters.lag_id is not None:
        conditions.append(Workshop.seminar_id.in_(
            sa.select(seminar_lags.c.seminar_id).where(seminar_lags.c.lag_id == filters.lag_id)))
    if filters.seminar_id is not None:
        conditions.append(Workshop.seminar_id == filters.seminar_id)
    if filters.workshop_id is not None:
        conditions.append(Idea.workshop_id == filters.workshop_id)
    if filters.target_group is not None:
        # The JSON list as text contains the quoted code; codes are a fixed set of words.
        conditions.append(sa.cast(Idea.target_groups, sa.Text).like(f'%"{filters.target_group}"%'))
    if filters.theme is not None:
        conditions.append(Idea.theme == filters.theme)
    if filters.state is not None:
        conditions.append(Idea.triage == filters.state)
    if filters.q:
        conditions.append(search_condition(filters.q))
    if not filters.period.is_open:
        conditions.append(Workshop.seminar_id.in_(seminars_in(filters.period)))
    return conditions
