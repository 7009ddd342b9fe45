"""What the LAGs report: one seminar on paper, and the pipeline's funnel and money on the dashboard."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from facilitation.proposals import (
    FUNNEL,
    Fund,
    FunnelStage,
    ProposalStatus,
    TriageState,
    idea_stages,
    proposal_stages,
)
from facilitation.voting import rank

from ..extensions import db
from ..models import (
    Idea,
    Lag,
    Proposal,
    ProposalEvent,
    Role,
    Seminar,
    Workshop,
    proposal_lags,
    seminar_lags,
)
from .access import Principal, check_staff
from .backlog import BacklogFilters, BacklogRow, all_backlog_rows, check_reader
from .errors import ServiceError
from .proposals import ProposalFilters, list_proposals

# -- the seminar report --------------------------------------------------------------------


@dataclass(frozen=True)
class RankedRow:
    rank: int
    row: BacklogRow


@dataclass(frozen=True)
class WorkshopReport:
    workshop: Workshop
    ideas: list[RankedRow]

    @property
    def dots(self) -> int:
        return sum(ranked.row.dots for ranked in self.ideas)


@dataclass(frozen=True)
class SeminarReport:
    seminar: Seminar
    workshops: list[WorkshopReport]
    proposals: list[Proposal]

    @property
    def idea_count(self) -> int:
        return sum(len(workshop.ideas) for workshop in self.workshops)

    @property
    def budget_total(self) -> Decimal:
        return sum((p.budget_total for p in self.proposals), Decimal("0.00"))

    @property
    def support_requested(self) -> Decimal:
        return sum((p.support_requested for p in self.proposals), Decimal("0.00"))


def seminar_report(principal: Principal, seminar_id: int) -> SeminarReport:
    """The seminar, each workshop's ideas ranked by dots, and the proposals that came from it."""
    check_reader(principal)
    seminar = db.session.get(Seminar, seminar_id)
    if seminar is None:
        raise ServiceError("not_found")
    rows = all_backlog_rows(principal, BacklogFilters(seminar_id=seminar_id, sort="dots"))
    by_workshop: dict[int, list[BacklogRow]] = defaultdict(list)
    for row in rows:
        by_workshop[row.idea.workshop_id].append(row)
    workshops = []
    for workshop in seminar.workshops:
        ideas = by_workshop.get(workshop.id, [])
        if principal.role is Role.FACILITATOR and workshop.created_by_id != principal.user_id:
            continue  # a facilitator reads only their own workshops
        by_id = {row.idea.id: row for row in ideas}
        ranking = rank({row.idea.id: row.dots for row in ideas}, [row.idea.id for row in ideas])
        workshops.append(WorkshopReport(workshop, [RankedRow(place.rank, by_id[place.idea_id])
                                                   for place in ranking]))
    proposals = list_proposals(principal, ProposalFilters(seminar_id=seminar_id, sort="title"),
                               paged=False).proposals
    return SeminarReport(seminar, workshops, proposals)


# -- the dashboard -------------------------------------------------------------------------


@dataclass
class FunnelRow:
    """How far the ideas of one LAG or seminar got: a count per funnel stage."""

    key: int | None
    label: str
    counts: dict[FunnelStage, int] = field(default_factory=lambda: dict.fromkeys(FUNNEL, 0))

    def add(self, stages: Iterable[FunnelStage], times: int = 1) -> None:
        for stage in stages:
            self.counts[stage] += times

    @property
    def values(self) -> list[int]:
        return [self.counts[stage] for stage in FUNNEL]


@dataclass(frozen=True)
class BudgetRow:
    key: str
    proposals: int
    budget_total: Decimal
    support_requested: Decimal


@dataclass(frozen=True)
class Dashboard:
    total: FunnelRow
    by_lag: list[FunnelRow]
    by_seminar: list[FunnelRow]
    by_fund: list[BudgetRow]
    by_status: list[BudgetRow]


def _idea_counts() -> list[tuple[int, TriageState, int]]:
    """Backlog ideas per seminar and triage state (one grouped query)."""
    rows = db.session.execute(
        sa.select(Workshop.seminar_id, Idea.triage, sa.func.count(Idea.id))
        .join(Workshop, Workshop.id == Idea.workshop_id)
        .where(Idea.hidden.is_(False), Idea.pending.is_(False), Idea.merged_into_id.is_(None))
        .group_by(Workshop.seminar_id, Idea.triage))
    return [(seminar_id, triage, count) for seminar_id, triage, count in rows]


def _proposal_stages() -> list[tuple[int, int | None, int, frozenset[FunnelStage]]]:
    """(proposal id, seminar id, lead LAG id, stages reached) for every proposal."""
    history: dict[int, set[ProposalStatus]] = defaultdict(set)
    for proposal_id, status in db.session.execute(
            sa.select(ProposalEvent.proposal_id, ProposalEvent.to_status)
            .where(ProposalEvent.to_status.is_not(None))):
        if status is not None:
            history[proposal_id].add(status)
    result = []
    for proposal_id, seminar_id, lag_id, status in db.session.execute(
            sa.select(Proposal.id, Proposal.seminar_id, Proposal.lag_id, Proposal.status)):
        result.append((proposal_id, seminar_id, lag_id,
                       proposal_stages({status, *history[proposal_id]})))
    return result


def dashboard(principal: Principal) -> Dashboard:
    """The funnel ideas → shortlisted → proposals → submitted → approved → completed, per
    LAG and per seminar, and the money by fund and by status (a handful of grouped queries)."""
    check_staff(principal)
    lags = {lag.id: FunnelRow(lag.id, lag.name)
            for lag in db.session.scalars(sa.select(Lag).order_by(Lag.name))}
    seminars = {seminar_id: FunnelRow(seminar_id, title) for seminar_id, title in
                db.session.execute(sa.select(Seminar.id, Seminar.title).order_by(
                    Seminar.starts_on.desc().nulls_last(), Seminar.id.desc()))}
    organisers: dict[int, list[int]] = defaultdict(list)
    for seminar_id, lag_id in db.session.execute(sa.select(seminar_lags.c.seminar_id,
                                                           seminar_lags.c.lag_id)):
        organisers[seminar_id].append(lag_id)
    partners: dict[int, list[int]] = defaultdict(list)
    for proposal_id, lag_id in db.session.execute(sa.select(proposal_lags.c.proposal_id,
                                                            proposal_lags.c.lag_id)):
        partners[proposal_id].append(lag_id)
    total = FunnelRow(None, "")
    for seminar_id, triage, count in _idea_counts():
        stages = idea_stages(triage)
        total.add(stages, count)
        seminars[seminar_id].add(stages, count)
        for lag_id in organisers[seminar_id]:
            lags[lag_id].add(stages, count)
    for proposal_id, seminar_id, lag_id, stages in _proposal_stages():
        total.add(stages)
        if seminar_id is not None:
            seminars[seminar_id].add(stages)
        for each in {lag_id, *partners[proposal_id]}:
            lags[each].add(stages)
    return Dashboard(total, list(lags.values()),
                     [row for row in seminars.values() if any(row.values)],
                     _money_by(Proposal.fund, [f.value for f in Fund]),
                     _money_by(Proposal.status, [s.value for s in ProposalStatus]))


def _money_by(column: Any, order: list[str]) -> list[BudgetRow]:
    rows = {
        str(getattr(key, "value", key)): BudgetRow(
            str(getattr(key, "value", key)), count, total or Decimal("0.00"),
            support or Decimal("0.00"))
        for key, count, total, support in db.session.execute(
            sa.select(column, sa.func.count(Proposal.id), sa.func.sum(Proposal.budget_total),
                      sa.func.sum(Proposal.support_requested)).group_by(column))}
    return [rows[key] for key in order if key in rows]
