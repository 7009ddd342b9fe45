"""A LEADER cooperation project: its partners' budgets, budget lines, reporting periods and
the indicators the founding document promises to count.

Each partner LAG has a budget: a total, the LEADER support and the own contribution. The
support rate is computed as for a proposal (facilitation.proposal_money), so 18,000.00 €
with 12,743.68 € of support is "70.80". A partner may know only its total yet (the lead
partner of the founding document gives 42,000 € and no split): support and own contribution
are then both zero, and there is no rate. Budget lines (an activity and its planned amount)
take actual costs; a line's share spent is actual against planned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from facilitation.errors import InvalidInput
from facilitation.proposal_money import ZERO, format_money, percentage
from facilitation.proposals import Fund, ProposalStatus

S = ProposalStatus

# A proposal whose support was granted, in full or in part (the amount is what was requested:
# a partly approved proposal's grant is not recorded, so this is an upper bound).
GRANTED: frozenset[ProposalStatus] = frozenset({S.APPROVED, S.PARTLY_APPROVED, S.IMPLEMENTATION,
                                                 S.COMPLETED})
# The project's stated aim: LAGs learn to use other funds beside LEADER.
OTHER_FUNDS: frozenset[Fund] = frozenset({Fund.ESF_PLUS, Fund.MULTI_FUND})


@dataclass(frozen=True)
class Period:
    """A reporting period, both ends included; an open end reaches as far as there is data."""

    start: date | None = None
    end: date | None = None

    def __post_init__(self) -> None:
        if self.start and self.end and self.end < self.start:
            raise InvalidInput(field="to")

    def contains(self, day: date | None) -> bool:
        """Whether a day falls in the period; an undated thing is in every open period only."""
        if day is None:
            return self.start is None and self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    @property
    def is_open(self) -> bool:
        return self.start is None and self.end is None


def event_day(starts_on: date | None, created_on: date) -> date:
    """The day a seminar counts in a period: its first day, or the day it was entered."""
    return starts_on or created_on


@dataclass(frozen=True)
class PartnerBudget:
    total: Decimal = ZERO
    support: Decimal = ZERO
    own_contribution: Decimal = ZERO

    @property
    def support_rate(self) -> Decimal | None:
        """LEADER support as a share of the total; None while the split is not known."""
        if self.support == ZERO and self.own_contribution == ZERO:
            return None
        return percentage(self.support, self.total)


def check_partner_budget(budget: PartnerBudget) -> None:
    """Support and own contribution add up to the total, to the cent, unless neither is known."""
    if budget.support == ZERO and budget.own_contribution == ZERO:
        return
    if budget.support > budget.total:
        raise InvalidInput(field="support")
    parts = budget.support + budget.own_contribution
    if parts != budget.total:
        raise InvalidInput(f"support + own contribution = {format_money(parts)}, not the total "
                           f"{format_money(budget.total)}", field="budget_total")


def check_lines_fit(budget_total: Decimal, planned: Iterable[Decimal]) -> None:
    """The lines may not plan more than the partner's total."""
    planned_total = sum(planned, ZERO)
    if budget_total > ZERO and planned_total > budget_total:
        raise InvalidInput(f"the lines plan {format_money(planned_total)}, more than the total "
                           f"{format_money(budget_total)}", field="planned")


@dataclass(frozen=True)
class LineUse:
    """A budget line planned against actual."""

    planned: Decimal
    actual: Decimal

    @property
    def spent_share(self) -> Decimal | None:
        return percentage(self.actual, self.planned)

    @property
    def left(self) -> Decimal:
        return self.planned - self.actual


def share(part: int, whole: int) -> Decimal | None:
    """A count as a percentage of another, as every share is printed."""
    return percentage(part, whole)
