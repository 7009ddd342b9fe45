"""A cooperation project's indicators, for the whole project or a reporting period.

What the founding document promises to count: the events held by kind; the participants by
background and LAG area, and how many took part without a phone; the ideas, their groups and
the proposals by status; the proposals by fund with the share that uses ESF+ or multi-fund
money; the support requested and granted; each budget line planned against actual; and the
feedback means. A seminar counts in a period on its first day (or the day it was entered);
an actual cost on the day it was spent; everything that came from a seminar counts with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import sqlalchemy as sa

from facilitation.attendance import AttendanceCounts, add_counts, count_attendance
from facilitation.cooperation import (
    GRANTED,
    OTHER_FUNDS,
    LineUse,
    PartnerBudget,
    Period,
    event_day,
    share,
)
from facilitation.feedback import MEAN_INDICATORS, ScaleSummary, summarise_scale
from facilitation.phases import Phase
from facilitation.proposal_money import ZERO
from facilitation.proposals import Fund, ProposalStatus

from ...extensions import db
from ...models import (
    ActualCost,
    Attendee,
    BudgetLine,
    Cluster,
    CooperationProject,
    Idea,
    Lag,
    ProjectPartner,
    Proposal,
    Seminar,
    SeminarFunding,
    SeminarKind,
    Workshop,
)
from ..access import Principal
from ..paperwork.attendance import facts, lag_areas
from ..paperwork.feedback import responses_in, scale_answers
from .access import get_project


@dataclass(frozen=True)
class FundRow:
    fund: Fund
    proposals: int
    support_requested: Decimal


@dataclass(frozen=True)
class LineRow:
    partner: ProjectPartner
    line: BudgetLine
    use: LineUse


@dataclass(frozen=True)
class PartnerRow:
    partner: ProjectPartner
    budget: PartnerBudget
    planned: Decimal
    actual: Decimal


@dataclass(frozen=True)
class Indicators:
    project: CooperationProject
    period: Period
    seminars: list[Seminar]
    events_by_kind: dict[SeminarKind, int]
    workshops: int
    attendance: AttendanceCounts
    lag_names: dict[int, str]
    ideas: int
    clusters: int
    proposals_by_status: dict[ProposalStatus, int]
    proposals_by_fund: list[FundRow]
    support_requested: Decimal
    support_granted: Decimal
    partners: list[PartnerRow]
    lines: list[LineRow]
    feedback_responses: int
    feedback: dict[str, ScaleSummary]

    @property
    def proposals(self) -> int:
        return sum(self.proposals_by_status.values())

    @property
    def other_funds(self) -> int:
        return sum(row.proposals for row in self.proposals_by_fund if row.fund in OTHER_FUNDS)

    @property
    def other_funds_share(self) -> Decimal | None:
        """The share of proposals that use ESF+ or multi-fund money, a stated aim."""
        return share(self.other_funds, self.proposals)

    @property
    def budget_total(self) -> Decimal:
        return sum((row.budget.total for row in self.partners), ZERO)

    @property
    def actual_total(self) -> Decimal:
        return sum((row.actual for row in self.partners), ZERO)


def project_seminars(project_id: int, period: Period) -> list[Seminar]:
    """The project's seminars held in the period, first day first."""
    seminars = db.session.scalars(
        sa.select(Seminar).join(SeminarFunding, SeminarFunding.seminar_id == Seminar.id)
        .where(SeminarFunding.project_id == project_id)
        .order_by(Seminar.starts_on.asc().nulls_last(), Seminar.id))
    return [seminar for seminar in seminars
            if period.contains(event_day(seminar.starts_on, seminar.created_at.date()))]


def _count(query: sa.Select) -> int:
    return db.session.scalar(query) or 0


def indicators(principal: Principal, project_id: object, period: Period) -> Indicators:
    project = get_project(principal, project_id)
    seminars = project_seminars(project.id, period)
    ids = [seminar.id for seminar in seminars]
    in_seminars = Workshop.seminar_id.in_(ids)
    events = dict.fromkeys(SeminarKind, 0)
    for seminar in seminars:
        events[seminar.kind] += 1
    areas = lag_areas()
    attendance = add_counts(
        count_attendance([facts(row) for row in group], areas) for group in _lists(ids))
    proposals = list(db.session.scalars(sa.select(Proposal).where(Proposal.seminar_id.in_(ids))))
    by_status = {status: 0 for status in ProposalStatus}
    by_fund: dict[Fund, list[Decimal]] = {}
    for proposal in proposals:
        by_status[proposal.status] += 1
        by_fund.setdefault(proposal.fund, []).append(proposal.support_requested)
    partners, lines = _money(project, period)
    return Indicators(
        project=project, period=period, seminars=seminars, events_by_kind=events,
        workshops=_count(sa.select(sa.func.count(Workshop.id)).where(
            in_seminars, Workshop.phase != Phase.DRAFT)),
        attendance=attendance,
        lag_names=dict(db.session.execute(sa.select(Lag.id, Lag.name)).all()),
        ideas=_count(sa.select(sa.func.count(Idea.id)).join(Workshop).where(
            in_seminars, Idea.hidden.is_(False), Idea.merged_into_id.is_(None))),
        clusters=_count(sa.select(sa.func.count(Cluster.id)).join(Workshop).where(in_seminars)),
        proposals_by_status=by_status,
        proposals_by_fund=[FundRow(fund, len(by_fund[fund]), sum(by_fund[fund], ZERO))
                           for fund in Fund if fund in by_fund],
        support_requested=sum((p.support_requested for p in proposals), ZERO),
        support_granted=sum((p.support_requested for p in proposals if p.status in GRANTED),
                            ZERO),
        partners=partners, lines=lines,
        feedback_responses=responses_in(ids),
        feedback={key.value: summarise_scale(scale_answers(ids, key)) for key in MEAN_INDICATORS})


def _lists(seminar_ids: list[int]) -> list[list[Attendee]]:
    by_seminar: dict[int, list[Attendee]] = {seminar_id: [] for seminar_id in seminar_ids}
    if seminar_ids:
        for row in db.session.scalars(sa.select(Attendee).where(
                Attendee.seminar_id.in_(seminar_ids))):
            by_seminar[row.seminar_id].append(row)
    return list(by_seminar.values())


def _money(project: CooperationProject, period: Period) -> tuple[list[PartnerRow], list[LineRow]]:
    """Each partner's budget and each line's costs spent in the period."""
    spent: dict[int, Decimal] = {}
    for line_id, spent_on, amount in db.session.execute(
            sa.select(ActualCost.line_id, ActualCost.spent_on, ActualCost.amount)
            .join(BudgetLine).join(ProjectPartner)
            .where(ProjectPartner.project_id == project.id)):
        if period.contains(spent_on):
            spent[line_id] = spent.get(line_id, ZERO) + amount
    partners, lines = [], []
    for partner in project.partners:
        budget = PartnerBudget(partner.budget_total, partner.support, partner.own_contribution)
        for line in partner.lines:
            lines.append(LineRow(partner, line, LineUse(line.planned, spent.get(line.id, ZERO))))
        partners.append(PartnerRow(partner, budget,
                                   sum((line.planned for line in partner.lines), ZERO),
                                   sum((spent.get(line.id, ZERO) for line in partner.lines),
                                       ZERO)))
    return partners, lines
