"""Budget math of a LEADER proposal: money to the cent, the support rate and the measure's limit.

All amounts are ``Decimal`` with two decimals and every rounding is ROUND_HALF_UP, the way
the paying agency and a spreadsheet round. Floats never enter a calculation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from facilitation.errors import InvalidInput

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal(100)
# Far above any LEADER project; keeps the integer-cent column and the spreadsheet safe.
MAX_AMOUNT = Decimal("999999999.99")

# Digits with an optional decimal part of one or two digits, after spaces are removed and a
# decimal comma (Estonian habit: "12 743,68") became a point.
_AMOUNT = re.compile(r"\d{1,12}(\.\d{1,2})?")
_RATE = re.compile(r"\d{1,3}(\.\d{1,2})?")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def _number_text(value: object, *, field: str) -> str:
    if isinstance(value, bool):
        raise InvalidInput(field=field)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidInput(field=field)
        # A Decimal has a value, not a notation: Decimal("1E+3") is written out as "1000".
        return f"{value:f}"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        # repr() is the shortest text that reads back as the same float: 12743.68, not 12743.6799…
        return repr(value)
    if isinstance(value, str):
        return _SPACES.sub("", value).replace(",", ".")
    raise InvalidInput(field=field)


def parse_money(value: object, *, field: str) -> Decimal:
    """Read an amount in euros to the cent: "12743.68", "12 743,68", 12743.68 or Decimal.

    ``None`` and "" are zero. Negative amounts, more than two decimals and anything that is
    not a plain number raise ``InvalidInput`` naming ``field``.
    """
    if value is None or value == "":
        return ZERO
    text = _number_text(value, field=field)
    if not _AMOUNT.fullmatch(text):
        raise InvalidInput(field=field)
    amount = Decimal(text).quantize(CENT)
    if amount > MAX_AMOUNT:
        raise InvalidInput(field=field)
    return amount


def parse_rate(value: object, *, field: str) -> Decimal:
    """Read a percentage between 0 and 100 with at most two decimals ("90", "70,5")."""
    text = _number_text(value, field=field)
    if not _RATE.fullmatch(text):
        raise InvalidInput(field=field)
    rate = Decimal(text).quantize(CENT)
    if rate > HUNDRED:
        raise InvalidInput(field=field)
    return rate


def format_money(amount: Decimal) -> str:
    """The API's money text: two decimals, a point, no thousands separator ("12743.68")."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):f}"


@dataclass(frozen=True)
class Budget:
    """Total eligible cost split into support requested and own contribution (cash, in kind)."""

    total: Decimal = ZERO
    support_requested: Decimal = ZERO
    own_contribution_cash: Decimal = ZERO
    own_contribution_in_kind: Decimal = ZERO

    @property
    def own_contribution(self) -> Decimal:
        return self.own_contribution_cash + self.own_contribution_in_kind

    @property
    def support_rate(self) -> Decimal | None:
        return support_rate(self.support_requested, self.total)

    @property
    def is_empty(self) -> bool:
        return self.total == ZERO and self.support_requested == ZERO and self.own_contribution == ZERO


def parse_budget(data: dict[str, object]) -> Budget:
    """Read the four API fields of a budget and check that they add up."""
    budget = Budget(
        total=parse_money(data.get("budget_total"), field="budget_total"),
        support_requested=parse_money(data.get("support_requested"), field="support_requested"),
        own_contribution_cash=parse_money(data.get("own_contribution_cash"),
                                          field="own_contribution_cash"),
        own_contribution_in_kind=parse_money(data.get("own_contribution_in_kind"),
                                             field="own_contribution_in_kind"),
    )
    check_budget(budget)
    return budget


def check_budget(budget: Budget) -> None:
    """Support requested plus own contribution (cash and in kind) must be the total, to the cent.

    A budget of all zeros is an idea without figures yet, and passes.
    """
    for field, amount in (("budget_total", budget.total),
                          ("support_requested", budget.support_requested),
                          ("own_contribution_cash", budget.own_contribution_cash),
                          ("own_contribution_in_kind", budget.own_contribution_in_kind)):
        if amount < ZERO or amount != amount.quantize(CENT):
            raise InvalidInput(field=field)
    if budget.support_requested > budget.total:
        raise InvalidInput(field="support_requested")
    parts = budget.support_requested + budget.own_contribution
    if parts != budget.total:
        raise InvalidInput(
            f"support requested + own contribution = {format_money(parts)}, "
            f"not the total eligible cost {format_money(budget.total)}",
            field="budget_total")


def support_rate(support: Decimal, total: Decimal) -> Decimal | None:
    """Support as a percentage of the total, two decimals, half up; None without a total."""
    return percentage(support, total)


def percentage(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
    """``part`` as a percentage of ``whole``, two decimals, half up; None when whole is 0.

    The one rounding of every share the pages print: a support rate, a budget line's share
    spent, the share of proposals that use ESF+ money.
    """
    if whole <= 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(CENT, rounding=ROUND_HALF_UP)


def max_support(total: Decimal, max_rate: Decimal) -> Decimal:
    """The most support a measure allows on this total: total × rate, to the cent, half up."""
    return (total * max_rate / HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class RateCheck:
    """How a budget compares with the measure's maximum support rate for the applicant type."""

    max_rate: Decimal
    max_support: Decimal
    support_requested: Decimal

    @property
    def exceeded(self) -> bool:
        return self.support_requested > self.max_support

    @property
    def excess(self) -> Decimal:
        return max(ZERO, self.support_requested - self.max_support)


def check_rate(budget: Budget, max_rate: Decimal | None) -> RateCheck | None:
    """Compare the support with the limit; None when there is no limit or no total to judge.

    Exceeding the limit is a warning, not an error: a coordinator may record what an
    applicant asks for before talking it down.
    """
    if max_rate is None or budget.total <= ZERO:
        return None
    return RateCheck(max_rate=max_rate, max_support=max_support(budget.total, max_rate),
                     support_requested=budget.support_requested)
