"""Reading the backlog: a page of ideas with their dots, proposals and merged sources, one idea,
and the dots of given ideas.

An idea's dots are its live dots plus those of the ideas merged into it ("keep every
source"), counted by the database in the same query as the list, never row by row."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so

from facilitation.proposals import ProposalStatus

from ...extensions import db
from ...models import Idea, Proposal, Seminar, Vote, Workshop, proposal_ideas
from ..access import Principal
from ..errors import ServiceError
from ..paging import page_count
from .access import check_reader
from .filters import BacklogFilters, where


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
        return page_count(self.total, self.filters.per_page)


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


def _order(sort: str, dots: sa.ColumnElement[int]) -> list[Any]:
    newest = [Idea.created_at.desc(), Idea.id.desc()]
    if sort == "newest":
        return newest
    if sort == "oldest":
        return [Idea.created_at.asc(), Idea.id.asc()]
    if sort == "seminar":
        return [Seminar.starts_on.desc().nulls_last(), Seminar.id.desc(), dots.desc(), *newest]
    return [dots.desc(), *newest]


def rows_query(principal: Principal, filters: BacklogFilters, *, roots_only: bool = True
                ) -> sa.Select:
    dots = dots_column()
    return (sa.select(Idea, dots, Workshop.title, Workshop.prompt, Seminar.id,
                      Seminar.title, Seminar.starts_on)
            .join(Workshop, Workshop.id == Idea.workshop_id)
            .join(Seminar, Seminar.id == Workshop.seminar_id)
            .where(*where(principal, filters, roots_only=roots_only))
            .order_by(*_order(filters.sort, dots)))


def row_of(result: Any) -> BacklogRow:
    idea, dots, workshop_title, prompt, seminar_id, seminar_title, starts_on = result
    return BacklogRow(idea, int(dots), workshop_title, prompt, seminar_id, seminar_title,
                      starts_on)


def list_backlog(principal: Principal, filters: BacklogFilters) -> BacklogPage:
    """One page of backlog ideas with their dots, proposals and merged sources (3 queries)."""
    check_reader(principal)
    total = db.session.scalar(
        sa.select(sa.func.count(Idea.id)).join(Workshop, Workshop.id == Idea.workshop_id)
        .where(*where(principal, filters))) or 0
    query = rows_query(principal, filters).limit(filters.per_page).offset(
        (filters.page - 1) * filters.per_page)
    rows = [row_of(result) for result in db.session.execute(query)]
    attach_links(rows)
    return BacklogPage(rows, total, filters)


def all_backlog_rows(principal: Principal, filters: BacklogFilters) -> list[BacklogRow]:
    """Every row the filters select, for the exports (no paging)."""
    check_reader(principal)
    rows = [row_of(result) for result in db.session.execute(rows_query(principal, filters))]
    attach_links(rows)
    return rows


def attach_links(rows: list[BacklogRow]) -> None:
    by_id = {row.idea.id: row for row in rows}
    if not by_id:
        return
    for chunk in chunks(list(by_id)):
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


def chunks(ids: list[int], size: int = 900) -> list[list[int]]:
    # SQLite allows a limited number of bound parameters per statement.
    return [ids[start:start + size] for start in range(0, len(ids), size)]


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
        rows_query(principal, BacklogFilters(), roots_only=False).where(Idea.id == idea_id)
    ).first()
    if result is None:
        raise ServiceError("not_found")
    row = row_of(result)
    attach_links([row])
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


def themes() -> list[str]:
    """The themes in use, for the filter."""
    return list(db.session.scalars(sa.select(Idea.theme).where(Idea.theme != "").distinct()
                                   .order_by(Idea.theme)))
