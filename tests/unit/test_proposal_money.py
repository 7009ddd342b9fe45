"""Specification of a proposal's budget: money to the cent, the support rate and the measure's limit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import InvalidInput
from facilitation.proposal_money import (
    MAX_AMOUNT,
    Budget,
    check_budget,
    check_rate,
    format_money,
    max_support,
    parse_budget,
    parse_money,
    parse_rate,
    support_rate,
)

D = Decimal
WORKED = Budget(total=D("18000.00"), support_requested=D("12743.68"),
                own_contribution_cash=D("5256.32"))

cents = st.integers(min_value=0, max_value=int(MAX_AMOUNT * 100))


def euros(amount_in_cents: int) -> Decimal:
    return (D(amount_in_cents) / 100).quantize(D("0.01"))


# --- the worked figure from DESIGN.md ----------------------------------------------------------


def test_worked_figure_from_the_design_is_a_support_rate_of_70_80() -> None:
    check_budget(WORKED)
    assert WORKED.support_rate == D("70.80")
    assert format_money(WORKED.support_rate) == "70.80"


def test_worked_figure_read_from_api_strings_adds_up() -> None:
    budget = parse_budget({"budget_total": "18000.00", "support_requested": "12743.68",
                           "own_contribution_cash": "5256.32", "own_contribution_in_kind": "0"})
    assert budget == WORKED
    assert budget.own_contribution == D("5256.32")


def test_own_contribution_may_be_split_between_cash_and_in_kind() -> None:
    budget = parse_budget({"budget_total": "18000", "support_requested": "12743.68",
                           "own_contribution_cash": "4256.32",
                           "own_contribution_in_kind": "1000.00"})
    assert budget.support_rate == D("70.80")


# --- reading amounts ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "amount"), [
    ("12743.68", "12743.68"), ("12 743,68", "12743.68"), ("12\u00a0743,68", "12743.68"),
    ("18000", "18000.00"), ("0,5", "0.50"), ("7.1", "7.10"), (12743.68, "12743.68"),
    (18000, "18000.00"), (D("5256.32"), "5256.32"), (None, "0.00"), ("", "0.00"),
    (18000.0, "18000.00"),
])
def test_amounts_are_read_to_the_cent(text: object, amount: str) -> None:
    assert parse_money(text, field="budget_total") == D(amount)


@pytest.mark.parametrize("text", [
    "12743.681", "-5", "12,743.68", "1e3", "abc", "12.", ".5", "NaN", True, [], {},
    D("Infinity"), 0.001, "1234567890123", 1e16,
])
def test_anything_but_an_amount_in_euros_and_cents_is_refused_naming_the_field(
        text: object) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_money(text, field="support_requested")
    assert error.value.field == "support_requested"


def test_the_ceiling_itself_is_an_amount_and_one_cent_above_it_is_refused_naming_the_field(
        ) -> None:
    assert parse_money("999999999.99", field="budget_total") == MAX_AMOUNT
    assert parse_money("999 999 999,99", field="budget_total") == D("999999999.99")
    with pytest.raises(InvalidInput) as error:
        parse_money("1000000000.00", field="budget_total")
    assert error.value.field == "budget_total"


def test_exponent_notation_is_not_a_plain_amount_but_a_number_is_read_by_its_value() -> None:
    """Text must be written out ("1000"): "1E+3" is refused. A Decimal or a float carries no
    notation, only a value, so Decimal("1E+3") (what Decimal("1000").normalize() gives) is 1000.00
    as the JSON number 1e3 is."""
    for text in ("1E+3", "1e3", "1E3"):
        with pytest.raises(InvalidInput) as error:
            parse_money(text, field="budget_total")
        assert error.value.field == "budget_total"
    assert parse_money(D("1E+3"), field="budget_total") == D("1000.00")
    assert parse_money(D("1000").normalize(), field="budget_total") == D("1000.00")
    assert parse_money(1e3, field="budget_total") == D("1000.00")
    with pytest.raises(InvalidInput):
        parse_money(D("1E-3"), field="budget_total")  # 0.001: below the cent


BUDGET_FIELDS = ("budget_total", "support_requested", "own_contribution_cash",
                 "own_contribution_in_kind")


@pytest.mark.parametrize("field", BUDGET_FIELDS)
@pytest.mark.parametrize("wrong", ["-5", "12.345", "12,743.68", "abc", "1000000000.00", True,
                                   D("NaN")])
def test_a_budget_read_from_the_api_blames_the_field_that_is_wrong(field: str,
                                                                   wrong: object) -> None:
    data: dict[str, object] = {"budget_total": "0", "support_requested": "0",
                               "own_contribution_cash": "0", "own_contribution_in_kind": "0"}
    data[field] = wrong
    with pytest.raises(InvalidInput) as error:
        parse_budget(data)
    assert error.value.field == field


@pytest.mark.parametrize("field", BUDGET_FIELDS)
@pytest.mark.parametrize("wrong", [D("-0.01"), D("0.001")])
def test_a_negative_or_sub_cent_part_of_a_budget_is_blamed_on_its_own_field(
        field: str, wrong: Decimal) -> None:
    """Checked before the sum, so the caller learns which figure to fix, not that the sum is off."""
    parts = dict.fromkeys(BUDGET_FIELDS, D("0.00"))
    parts[field] = wrong
    with pytest.raises(InvalidInput) as error:
        check_budget(Budget(parts["budget_total"], parts["support_requested"],
                            parts["own_contribution_cash"], parts["own_contribution_in_kind"]))
    assert error.value.field == field


@pytest.mark.parametrize(("text", "rate"), [("90", "90.00"), ("70,5", "70.50"), ("100", "100.00"),
                                            (60, "60.00"), ("0", "0.00")])
def test_rates_are_percentages_with_two_decimals(text: object, rate: str) -> None:
    assert parse_rate(text, field="ngo") == D(rate)


@pytest.mark.parametrize("text", ["100.01", "-1", "90.001", "x", None, True])
def test_a_rate_outside_0_to_100_is_refused(text: object) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_rate(text, field="ngo")
    assert error.value.field == "ngo"


# --- the parts must add up ------------------------------------------------------------------------


def test_a_budget_one_cent_short_is_refused_naming_the_total() -> None:
    with pytest.raises(InvalidInput) as error:
        check_budget(Budget(D("18000.00"), D("12743.68"), D("5256.31")))
    assert error.value.field == "budget_total"
    assert "17999.99" in str(error.value)


def test_support_above_the_total_is_refused_naming_the_support() -> None:
    with pytest.raises(InvalidInput) as error:
        check_budget(Budget(D("100.00"), D("100.01")))
    assert error.value.field == "support_requested"


def test_an_empty_budget_is_an_idea_without_figures_and_has_no_rate() -> None:
    check_budget(Budget())
    assert Budget().is_empty
    assert Budget().support_rate is None


@given(total=cents, support=cents, cash=cents, in_kind=cents)
def test_budget_is_accepted_exactly_when_support_and_own_contribution_make_the_total(
        total: int, support: int, cash: int, in_kind: int) -> None:
    budget = Budget(euros(total), euros(support), euros(cash), euros(in_kind))
    adds_up = support + cash + in_kind == total
    if adds_up:
        check_budget(budget)
    else:
        with pytest.raises(InvalidInput):
            check_budget(budget)


@given(support=cents, cash=cents, in_kind=cents, off_by=st.sampled_from([-1, 1]))
def test_a_budget_off_by_one_cent_anywhere_is_refused(support: int, cash: int, in_kind: int,
                                                      off_by: int) -> None:
    total = support + cash + in_kind
    check_budget(Budget(euros(total), euros(support), euros(cash), euros(in_kind)))
    if total + off_by < 0:
        return
    with pytest.raises(InvalidInput):
        check_budget(Budget(euros(total + off_by), euros(support), euros(cash), euros(in_kind)))


@given(support=cents, cash=cents, in_kind=cents)
def test_parsing_the_formatted_amounts_gives_back_the_same_budget(support: int, cash: int,
                                                                  in_kind: int) -> None:
    total = support + cash + in_kind
    if total > MAX_AMOUNT * 100:
        return
    budget = Budget(euros(total), euros(support), euros(cash), euros(in_kind))
    fields = {"budget_total": format_money(budget.total),
              "support_requested": format_money(budget.support_requested),
              "own_contribution_cash": format_money(budget.own_contribution_cash),
              "own_contribution_in_kind": format_money(budget.own_contribution_in_kind)}
    assert parse_budget(fields) == budget


# --- support rate --------------------------------------------------------------------------------


@pytest.mark.parametrize(("support", "total", "rate"), [
    ("12743.68", "18000.00", "70.80"),
    ("1.00", "3.00", "33.33"),
    ("2.00", "3.00", "66.67"),
    ("1.00", "8.00", "12.50"),
    ("0.01", "200.00", "0.01"),  # 0.005 rounds half up
    ("0.01", "400.00", "0.00"),  # 0.0025 rounds down
    ("1.00", "800.00", "0.13"),  # 0.125: half up, not to the even 0.12
    ("0.00", "10.00", "0.00"),
    ("10.00", "10.00", "100.00"),
])
def test_support_rate_is_rounded_half_up_to_two_decimals(support: str, total: str,
                                                         rate: str) -> None:
    assert support_rate(D(support), D(total)) == D(rate)


@given(total=st.integers(min_value=1, max_value=10**11), share=st.integers(0, 10**6))
def test_support_rate_is_between_0_and_100_and_within_half_a_basis_point(total: int,
                                                                         share: int) -> None:
    support = total * share // 10**6
    rate = support_rate(euros(support), euros(total))
    assert rate is not None
    assert D(0) <= rate <= D(100)
    exact = D(support) * 100 / D(total)
    assert abs(rate - exact) <= D("0.005")


# --- the measure's maximum rate -------------------------------------------------------------------


def test_support_within_the_measures_limit_is_not_flagged() -> None:
    check = check_rate(WORKED, D("80.00"))
    assert check is not None
    assert check.max_support == D("14400.00")
    assert not check.exceeded


def test_support_above_the_measures_limit_is_flagged_with_the_excess() -> None:
    check = check_rate(WORKED, D("60.00"))
    assert check is not None
    assert check.exceeded
    assert check.max_support == D("10800.00")
    assert check.excess == D("1943.68")


def test_a_rate_just_over_the_limit_is_flagged_even_when_it_rounds_to_the_limit() -> None:
    # 70.80 % of 18,000.00 is 12,744.00; one cent more rounds to 70.80 % but is over the limit.
    assert not check_rate(Budget(D("18000.00"), D("12744.00"), D("5256.00")), D("70.80")).exceeded
    assert check_rate(Budget(D("18000.00"), D("12744.01"), D("5255.99")), D("70.80")).exceeded


def test_there_is_nothing_to_check_without_a_limit_or_a_total() -> None:
    assert check_rate(WORKED, None) is None
    assert check_rate(Budget(), D("90")) is None


def test_the_check_keeps_the_measures_rate_it_compared_with() -> None:
    """The export's max_support_rate column is read from the check."""
    check = check_rate(WORKED, D("72.50"))
    assert check is not None
    assert check.max_rate == D("72.50")
    assert check.support_requested == D("12743.68")


@pytest.mark.parametrize(("total", "rate", "allowed"), [
    ("18000.00", "90.00", "16200.00"), ("333.33", "50.00", "166.67"), ("0.01", "50.00", "0.01"),
    ("0.25", "50.00", "0.13"), ("0.45", "50.00", "0.23")])
def test_max_support_is_total_times_rate_rounded_half_up(total: str, rate: str,
                                                         allowed: str) -> None:
    assert max_support(D(total), D(rate)) == D(allowed)


@pytest.mark.parametrize(("amount", "text"), [
    ("12743.68", "12743.68"), ("18000", "18000.00"), ("0.125", "0.13"), ("0.135", "0.14"),
    ("2.005", "2.01"), ("0.004", "0.00"), ("1E+3", "1000.00"), ("999999999.99", "999999999.99")])
def test_money_text_has_two_decimals_a_point_no_separators_and_a_half_cent_rounds_up(
        amount: str, text: str) -> None:
    assert format_money(D(amount)) == text
