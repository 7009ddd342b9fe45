"""Specification of a cooperation project's money: partners' budgets, lines and periods."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from facilitation.cooperation import (
    LineUse,
    PartnerBudget,
    Period,
    check_lines_fit,
    check_partner_budget,
    event_day,
    share,
)
from facilitation.errors import InvalidInput

D = Decimal
TARTUMAA = PartnerBudget(D("18000.00"), D("12743.68"), D("5256.32"))


def test_the_tartumaa_partner_of_the_founding_document_has_a_rate_of_70_80() -> None:
    check_partner_budget(TARTUMAA)
    assert TARTUMAA.support_rate == D("70.80")


def test_a_partner_that_knows_only_its_total_has_no_rate_yet() -> None:
    voru = PartnerBudget(D("42000.00"))
    check_partner_budget(voru)
    assert voru.support_rate is None


def test_a_split_that_does_not_add_up_is_refused_naming_the_total_and_the_figures() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_partner_budget(PartnerBudget(D("18000.00"), D("12743.68"), D("5256.00")))
    assert refused.value.field == "budget_total"
    assert "17999.68" in str(refused.value) and "18000.00" in str(refused.value)


def test_support_above_the_total_is_refused_naming_the_support() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_partner_budget(PartnerBudget(D("100.00"), D("100.01"), D("0.00")))
    assert refused.value.field == "support"


def test_support_may_be_the_whole_total() -> None:
    check_partner_budget(PartnerBudget(D("100.00"), D("100.00"), D("0.00")))
    assert PartnerBudget(D("100.00"), D("100.00")).support_rate == D("100.00")


def test_the_lines_may_not_plan_more_than_the_total_and_are_blamed_for_it() -> None:
    check_lines_fit(D("18000.00"), [D("5000.00"), D("13000.00")])
    with pytest.raises(InvalidInput) as refused:
        check_lines_fit(D("18000.00"), [D("5000.00"), D("13000.01")])
    assert refused.value.field == "planned"
    assert "18000.01" in str(refused.value) and "18000.00" in str(refused.value)


def test_lines_may_be_planned_while_the_partner_has_no_total_yet() -> None:
    check_lines_fit(D("0.00"), [D("5000.00")])
    check_lines_fit(D("18000.00"), [])


def test_a_line_spent_share_is_actual_against_planned() -> None:
    line = LineUse(planned=D("5000.00"), actual=D("1234.56"))
    assert line.spent_share == D("24.69")
    assert line.left == D("3765.44")
    assert LineUse(D("0.00"), D("10.00")).spent_share is None


def test_a_period_includes_both_ends_and_an_open_end_reaches_everything() -> None:
    period = Period(date(2024, 7, 1), date(2025, 6, 30))
    assert period.contains(date(2024, 7, 1)) and period.contains(date(2025, 6, 30))
    assert not period.contains(date(2025, 7, 1))
    assert Period(start=date(2025, 1, 1)).contains(date(2030, 1, 1))
    assert Period().contains(None) and not period.contains(None)


def test_an_undated_seminar_is_only_in_a_period_open_at_both_ends() -> None:
    assert Period().is_open and Period().contains(None)
    for half_open in (Period(start=date(2025, 1, 1)), Period(end=date(2025, 1, 1))):
        assert not half_open.is_open
        assert not half_open.contains(None)


def test_a_period_open_at_the_start_reaches_back_as_far_as_there_is_data() -> None:
    period = Period(end=date(2025, 6, 30))
    assert period.contains(date(2000, 1, 1)) and period.contains(date(2025, 6, 30))
    assert not period.contains(date(2025, 7, 1))


def test_a_period_of_one_day_is_a_period() -> None:
    day = Period(date(2025, 1, 1), date(2025, 1, 1))
    assert day.contains(date(2025, 1, 1)) and not day.contains(date(2025, 1, 2))


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        Period(date(2025, 1, 2), date(2025, 1, 1))
    assert refused.value.field == "to"


def test_a_seminar_counts_on_its_first_day_or_else_the_day_it_was_entered() -> None:
    assert event_day(date(2024, 9, 5), date(2024, 8, 1)) == date(2024, 9, 5)
    assert event_day(None, date(2024, 8, 1)) == date(2024, 8, 1)


def test_a_share_of_counts_is_printed_as_a_rate_is() -> None:
    assert share(1, 3) == D("33.33")
    assert share(0, 0) is None
