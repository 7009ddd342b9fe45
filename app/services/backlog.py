"""The idea backlog: every idea of every seminar in one list, to filter, triage and merge.

An idea's dots are its live dots plus those of the ideas merged into it ("keep every
source"), counted by the database in the same query as the list, never row by row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from math import ceil
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitation.duplicates import IdeaText, duplicate_pairs
from facilitation.ideas import TargetGroup, normalise_for_search
from facilitation.phases import Phase
from facilitation.proposals import ProposalStatus, TriageAction, TriageState, merged_triage, triage_after

from ..database import transaction
from ..extensions import db
from ..models import Idea, Proposal, Role, Seminar, Vote, Workshop, proposal_ideas, seminar_lags, utcnow
from . import fields
from .access import Principal, check_staff
from .errors import ServiceError
from .snapshots import iso

PER_PAGE = 50
MAX_PER_PAGE = 200
SORTS = ("dots", "newest", "oldest", "seminar")
# A workshop still running is steered from its console: the backlog leaves it alone.
LIVE_PHASES = frozenset({Phase.COLLECTING, Phase.GROUPING, Phase.VOTING})
DUPLICATE_LIMIT = 50
DUPLICATE_SCAN_LIMIT = 20_000


# -- who may do what -----------------------------------------------------------------------


def check_reader(principal: Principal) -> None:
    """Every staff member reads the backlog (a facilitator only their own workshops)."""
    check_staff(principal)


def check_editor(principal: Principal) -> None:
    """Triage and merges are for coordinators and admins."""
    check_staff(principal)
    if principal.role not in (Role.ADMIN, Role.COORDINATOR):
        raise ServiceError("forbidden")


def _own_workshops_only(principal: Principal) -> bool:
    return principal.role is Role.FACILITATOR


# -- filters -------------------------------------------------------------------------------


@dataclass(frozen=True)
class BacklogFilters:
    lag_id: int | None = None
    seminar_id: int | None = None
    workshop_id: int | None = None
    target_group: str | None = None
    theme: str | None = None
    state: TriageState | None = None
    q: str = ""
    sort: str = "dots"
    page: int = 1
    per_page: int = PER_PAGE

    def query_args(self, **changes: Any) -> dict[str, Any]:
        """The filters as URL query arguments (for links to other pages and the exports)."""
        values = {"lag_id": self.lag_id, "seminar_id": self.seminar_id,
                  "workshop_id": self.workshop_id, "target_group": self.target_group,
                  "theme": self.theme, "state": self.state.value if self.state else None,
                  "q": self.q or None, "sort": self.sort if self.sort != "dots" else None,
                  "page": self.page if self.page != 1 else None,
                  "per_page": self.per_page if self.per_page != PER_PAGE else None}
        values.update(changes)
        return {key: value for key, value in values.items() if value is not None}


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
    return BacklogFilters(
        lag_id=fields.optional_id(args, "lag_id"),
        seminar_id=fields.optional_id(args, "seminar_id"),
        workshop_id=fields.optional_id(args, "workshop_id"),
        target_group=target_group,
        theme=fields.text(args, "theme", limit=200) or None,
        state=fields.choice(args, "state", TriageState),
        q=fields.text(args, "q", limit=200),
        sort=sort,
        page=fields.optional_id(args, "page") or 1,
        per_page=per_page,
    )


def like_pattern(query: str) -> str:
    """A LIKE pattern matching ``query`` anywhere, with % and _ taken literally."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(query: str) -> sa.ColumnElement[bool]:
    """Every word of the query appears in the idea, whatever its case ("Õ" finds "õ")."""
    words = normalise_for_search(query).split()
    return sa.and_(*(Idea.search_text.like(like_pattern(word), escape="\\") for word in words))


def dots_column() -> sa.ColumnElement[int]:
    """Live dots of the idea in the outer query: its own plus those of the ideas merged into it.

    Two correlated counts, each an index look-up (votes by workshop, retraction and idea;
    ideas by merged_into_id), so sorting ten thousand ideas by dots stays fast on SQLite,
    whose planner would otherwise scan a grouped subquery once per idea.
    """
    own = (sa.select(sa.func.count(Vote.id))
           .where(Vote.workshop_id == Idea.workshop_id, Vote.retracted_at.is_(None),
                  Vote.idea_id == Idea.id).scalar_subquery())
    child = so.aliased(Idea)
    merged = (sa.select(sa.func.count(Vote.id)).select_from(child)
              .join(Vote, sa.and_(Vote.workshop_id == child.workshop_id,
                                  Vote.retracted_at.is_(None), Vote.idea_id == child.id))
              .where(child.merged_into_id == Idea.id).scalar_subquery())
    return (own + merged).label("dots")


def _where(principal: Principal, filters: BacklogFilters, *, roots_only: bool = True
           ) -> list[sa.ColumnElement[bool]]:
    conditions: list[sa.ColumnElement[bool]] = [Idea.hidden.is_(False)]
    if roots_only:
        conditions.append(Idea.merged_into_id.is_(None))
    if _own_workshops_only(principal):
        conditions.append(Workshop.created_by_id == principal.user_id)
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
    return conditions


# -- the list ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalLink:
    id: int
    title: str
    status: ProposalStatus


@dataclass(frozen=True)
class MergedSource:
    id: int
    workshop_id: int
    text: str


@dataclass
class BacklogRow:
    idea: Idea
    dots: int
    workshop_title: str
    prompt: str
    seminar_id: int
    seminar_title: str
    seminar_starts_on: date | None
    proposals: list[ProposalLink] = field(default_factory=list)
    merged: list[MergedSource] = field(default_factory=list)


@dataclass(frozen=True)
class BacklogPage:
    rows: list[BacklogRow]
    total: int
    filters: BacklogFilters

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.filters.per_page))


def _order(sort: str, dots: sa.ColumnElement[int]) -> list[Any]:
    newest = [Idea.created_at.desc(), Idea.id.desc()]
    if sort == "newest":
        return newest
    if sort == "oldest":
        return [Idea.created_at.asc(), Idea.id.asc()]
    if sort == "seminar":
        return [Seminar.starts_on.desc().nulls_last(), Seminar.id.desc(), dots.desc(), *newest]
    return [dots.desc(), *newest]


def _rows_query(principal: Principal, filters: BacklogFilters, *, roots_only: bool = True
                ) -> sa.Select:
    dots = dots_column()
    return (sa.select(Idea, dots, Workshop.title, Workshop.prompt, Seminar.id,
                      Seminar.title, Seminar.starts_on)
            .join(Workshop, Workshop.id == Idea.workshop_id)
            .join(Seminar, Seminar.id == Workshop.seminar_id)
            .where(*_where(principal, filters, roots_only=roots_only))
            .order_by(*_order(filters.sort, dots)))


def _row(result: Any) -> BacklogRow:
    idea, dots, workshop_title, prompt, seminar_id, seminar_title, starts_on = result
    return BacklogRow(idea, int(dots), workshop_title, prompt, seminar_id, seminar_title,
                      starts_on)


def list_backlog(principal: Principal, filters: BacklogFilters) -> BacklogPage:
    """One page of backlog ideas with their dots, proposals and merged sources (3 queries)."""
    check_reader(principal)
    total = db.session.scalar(
        sa.select(sa.func.count(Idea.id)).join(Workshop, Workshop.id == Idea.workshop_id)
        .where(*_where(principal, filters))) or 0
    query = _rows_query(principal, filters).limit(filters.per_page).offset(
        (filters.page - 1) * filters.per_page)
    rows = [_row(result) for result in db.session.execute(query)]
    _attach_links(rows)
    return BacklogPage(rows, total, filters)


def all_backlog_rows(principal: Principal, filters: BacklogFilters) -> list[BacklogRow]:
    """Every row the filters select, for the exports (no paging)."""
    check_reader(principal)
    rows = [_row(result) for result in db.session.execute(_rows_query(principal, filters))]
    _attach_links(rows)
    return rows


def _attach_links(rows: list[BacklogRow]) -> None:
    by_id = {row.idea.id: row for row in rows}
    if not by_id:
        return
    for chunk in _chunks(list(by_id)):
        links = db.session.execute(
            sa.select(proposal_ideas.c.idea_id, Proposal.id, Proposal.title, Proposal.status)
            .join(Proposal, Proposal.id == proposal_ideas.c.proposal_id)
            .where(proposal_ideas.c.idea_id.in_(chunk)).order_by(Proposal.id))
        for idea_id, proposal_id, title, status in links:
            by_id[idea_id].proposals.append(ProposalLink(proposal_id, title, status))
        merged = db.session.execute(
            sa.select(Idea.merged_into_id, Idea.id, Idea.workshop_id, Idea.text)
            .where(Idea.merged_into_id.in_(chunk)).order_by(Idea.id))
        for target_id, idea_id, workshop_id, text in merged:
            assert target_id is not None  # the query selects merged ideas only
            by_id[target_id].merged.append(MergedSource(idea_id, workshop_id, text))


def _chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    # SQLite allows a limited number of bound parameters per statement.
    return [ids[start:start + size] for start in range(0, len(ids), size)]


def backlog_idea_json(row: BacklogRow) -> dict[str, Any]:
    """An idea as the backlog shows it: the workshop's fields plus dots, state and links."""
    idea = row.idea
    return {
        "id": idea.id,
        "workshop_id": idea.workshop_id,
        "text": idea.text,
        "details": idea.details,
        "target_groups": list(idea.target_groups or []),
        "theme": idea.theme,
        "cluster_id": idea.cluster_id,
        "hidden": idea.hidden,
        "merged_into_id": idea.merged_into_id,
        "state": idea.triage.value,
        "votes": row.dots,
        "seminar_id": row.seminar_id,
        "seminar_title": row.seminar_title,
        "workshop_title": row.workshop_title,
        "prompt": row.prompt,
        "created_at": iso(idea.created_at),
        "proposal_ids": [link.id for link in row.proposals],
        "merged_idea_ids": [source.id for source in row.merged],
    }


# -- one idea --------------------------------------------------------------------------------


@dataclass(frozen=True)
class IdeaDetail:
    row: BacklogRow
    own_dots: int
    sources: list[tuple[Idea, int, str]]  # merged idea, its own dots, its workshop's title
    merged_into: Idea | None


def idea_detail(principal: Principal, idea_id: int) -> IdeaDetail:
    """An idea with where it came from, its dots, the ideas merged into it and its proposals."""
    check_reader(principal)
    result = db.session.execute(
        _rows_query(principal, BacklogFilters(), roots_only=False).where(Idea.id == idea_id)
    ).first()
    if result is None:
        raise ServiceError("not_found")
    row = _row(result)
    _attach_links([row])
    own = own_dots([idea_id, *(source.id for source in row.merged)])
    sources = []
    if row.merged:
        found = db.session.execute(
            sa.select(Idea, Workshop.title).join(Workshop, Workshop.id == Idea.workshop_id)
            .where(Idea.id.in_([source.id for source in row.merged])).order_by(Idea.id))
        sources = [(idea, own.get(idea.id, 0), title) for idea, title in found]
    merged_into = (db.session.get(Idea, row.idea.merged_into_id)
                   if row.idea.merged_into_id else None)
    return IdeaDetail(row, own.get(idea_id, 0), sources, merged_into)


def own_dots(idea_ids: list[int]) -> dict[int, int]:
    """Each idea's own live dots, without those of ideas merged into it."""
    if not idea_ids:
        return {}
    rows = db.session.execute(
        sa.select(Vote.idea_id, sa.func.count()).where(Vote.idea_id.in_(idea_ids),
                                                      Vote.retracted_at.is_(None))
        .group_by(Vote.idea_id))
    return {idea_id: count for idea_id, count in rows}


def combined_dots(idea_ids: list[int]) -> dict[int, int]:
    """Backlog dots (own plus merged ideas') of the given ideas."""
    if not idea_ids:
        return {}
    rows = db.session.execute(sa.select(Idea.id, dots_column()).where(Idea.id.in_(idea_ids)))
    return {idea_id: count for idea_id, count in rows}


# -- triage ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BulkResult:
    changed: int
    unchanged: int


def _selected(idea_ids: list[int], field_name: str = "idea_ids") -> list[Idea]:
    """The backlog ideas with these ids (not hidden, not merged), or a refusal naming the field."""
    if not idea_ids:
        raise fields.invalid(field_name)
    ideas = list(db.session.scalars(sa.select(Idea).where(
        Idea.id.in_(idea_ids), Idea.merged_into_id.is_(None), Idea.hidden.is_(False))))
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


def themes() -> list[str]:
    """The themes in use, for the filter."""
    return list(db.session.scalars(sa.select(Idea.theme).where(Idea.theme != "").distinct()
                                   .order_by(Idea.theme)))


# -- duplicates across workshops ------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateSuggestion:
    first: BacklogRow
    second: BacklogRow
    score: float


def duplicate_suggestions(principal: Principal, filters: BacklogFilters,
                          threshold: float = 0.5) -> list[DuplicateSuggestion]:
    """Similar ideas from different workshops among those the filters select (not archived)."""
    check_editor(principal)
    conditions = _where(principal, filters)
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
    for chunk in _chunks(wanted):
        for result in db.session.execute(_rows_query(principal, BacklogFilters())
                                         .where(Idea.id.in_(chunk))):
            row = _row(result)
            rows[row.idea.id] = row
    return [DuplicateSuggestion(rows[p.idea_id], rows[p.other_id], p.score) for p in pairs
            if p.idea_id in rows and p.other_id in rows]


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
