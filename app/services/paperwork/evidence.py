"""The evidence pack of a seminar: everything its payment claim needs, gathered for one PDF.

The cover (the logos, the seminar, its cooperation project and LAGs), the agenda, the list
of participants with its counts, the feedback summary, each workshop's question, its groups
of ideas and its complete ranking (ties share a rank, as on the seminar report), and the
proposals that came from the seminar with their status.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from facilitation.grouping import cluster_totals

from ...extensions import db
from ...models import AgendaItem, Cluster, Idea, Logo, Seminar, SeminarFunding, User
from ..access import Principal
from ..proposals import local_today
from ..reports import SeminarReport, seminar_report
from .access import kept_seminar
from .agenda import agenda_of
from .attendance import Attendance, attendance_of
from .feedback import FeedbackSummary, summary_of
from .logos import logos


@dataclass(frozen=True)
class IdeaGroup:
    """A group of a workshop's ideas (made in the grouping phase), with its ideas' ids and
    their dots together, as the board shows each cluster's total at results."""

    title: str
    idea_ids: list[int]
    dots: int = 0


@dataclass(frozen=True)
class EvidencePack:
    seminar: Seminar
    funding: SeminarFunding | None
    logos: list[Logo]
    agenda: list[AgendaItem]
    attendance: Attendance
    feedback: FeedbackSummary
    report: SeminarReport
    groups: dict[int, list[IdeaGroup]]  # by workshop id
    workshops_left_out: int  # a facilitator's pack shows only their own workshops
    made_on: date
    made_by: str

    def group_of(self, workshop_id: int, idea_id: int) -> str:
        for group in self.groups.get(workshop_id, []):
            if idea_id in group.idea_ids:
                return group.title
        return ""


def idea_groups(workshop_ids: list[int], dots: Mapping[int, int] | None = None
                ) -> dict[int, list[IdeaGroup]]:
    """The groups of these workshops' ideas, in their order on the wall, each with its ideas'
    dots together (``dots``: by idea id, as the ranking counts them)."""
    if not workshop_ids:
        return {}
    members: dict[int, list[int]] = defaultdict(list)
    cluster_of: dict[int, int | None] = {}
    for cluster_id, idea_id in db.session.execute(
            sa.select(Idea.cluster_id, Idea.id).where(
                Idea.workshop_id.in_(workshop_ids), Idea.cluster_id.is_not(None),
                Idea.hidden.is_(False), Idea.merged_into_id.is_(None)).order_by(Idea.id)):
        if cluster_id is not None:
            members[cluster_id].append(idea_id)
            cluster_of[idea_id] = cluster_id
    totals = cluster_totals(cluster_of, dots or {})
    found: dict[int, list[IdeaGroup]] = defaultdict(list)
    for cluster in db.session.scalars(sa.select(Cluster).where(
            Cluster.workshop_id.in_(workshop_ids)).order_by(Cluster.position, Cluster.id)):
        found[cluster.workshop_id].append(
            IdeaGroup(cluster.title, members.get(cluster.id, []), totals.get(cluster.id, 0)))
    return dict(found)


def evidence_pack(principal: Principal, seminar_id: object) -> EvidencePack:
    seminar = kept_seminar(principal, seminar_id)
    report = seminar_report(principal, seminar.id)
    user = db.session.get(User, principal.user_id) if principal.user_id else None
    return EvidencePack(
        seminar=seminar,
        funding=db.session.get(SeminarFunding, seminar.id),
        logos=logos(),
        agenda=agenda_of(seminar.id),
        attendance=attendance_of(seminar),
        feedback=summary_of(seminar),
        report=report,
        groups=idea_groups([part.workshop.id for part in report.workshops],
                           {ranked.row.idea.id: ranked.row.dots
                            for part in report.workshops for ranked in part.ideas}),
        workshops_left_out=len(seminar.workshops) - len(report.workshops),
        made_on=local_today(),
        made_by=(user.name or user.email) if user else "")
