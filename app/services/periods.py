"""Reporting periods in queries: which seminars, and what came from them, fall in a period.

The rule is facilitation.cooperation's: a seminar counts on its first day (or the day it was
entered); its ideas and proposals count with it; a proposal not from a seminar counts on
the day it was made. The dashboard, the exports and a project's indicators all use it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from facilitation.cooperation import Period

from ..models import Proposal, Seminar


def seminar_day() -> sa.ColumnElement[date]:
    return sa.func.coalesce(Seminar.starts_on, sa.func.date(Seminar.created_at),
                            type_=sa.Date)


def _within(day: sa.ColumnElement[date], period: Period) -> sa.ColumnElement[bool]:
    conditions = []
    if period.start is not None:
        conditions.append(day >= period.start)
    if period.end is not None:
        conditions.append(day <= period.end)
    return sa.and_(sa.true(), *conditions)


def seminars_in(period: Period) -> sa.Select[Any]:
    """The ids of the seminars held in the period."""
    return sa.select(Seminar.id).where(_within(seminar_day(), period))


def proposal_in(period: Period) -> sa.ColumnElement[bool]:
    """A proposal from a seminar held in the period, or made in it when from no seminar."""
    made_on = sa.func.date(Proposal.created_at, type_=sa.Date)
    return sa.or_(Proposal.seminar_id.in_(seminars_in(period)),
                  sa.and_(Proposal.seminar_id.is_(None), _within(made_on, period)))
