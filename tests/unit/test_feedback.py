"""Specification of the feedback form's rules: the answers each kind takes, and the summary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import InvalidInput
from facilitation.feedback import (
    DEFAULT_QUESTIONS,
    MAX_OPTIONS,
    OPEN_ANSWER_LIMIT,
    OPTION_LIMIT,
    USE_IDEAS_OPTIONS,
    DefaultQuestion,
    QuestionKind,
    ScaleSummary,
    check_answer,
    check_options,
    combined_mean,
    mean,
    summarise_choice,
    summarise_scale,
)


def test_the_default_form_asks_the_five_questions_of_the_guidance() -> None:
    assert [(q.key, q.kind) for q in DEFAULT_QUESTIONS] == [
        (DefaultQuestion.USEFUL, QuestionKind.SCALE),
        (DefaultQuestion.CAPABLE, QuestionKind.SCALE),
        (DefaultQuestion.USE_IDEAS, QuestionKind.CHOICE),
        (DefaultQuestion.MOST_USEFUL, QuestionKind.OPEN),
        (DefaultQuestion.IMPROVE, QuestionKind.OPEN)]
    assert USE_IDEAS_OPTIONS == ("yes", "maybe", "no")


@pytest.mark.parametrize("value", [1, 3, 5, "4", " 2 ", "04"])
def test_a_scale_answer_is_a_whole_number_from_one_to_five(value: object) -> None:
    assert check_answer(QuestionKind.SCALE, value) == int(str(value).strip())


@pytest.mark.parametrize("value", [0, 6, -1, 2.5, True, "viis", "10", "004", "4" * 5000, "-3",
                                   [3], {"n": 3}])
def test_a_scale_answer_out_of_range_or_of_another_kind_is_refused(value: object) -> None:
    with pytest.raises(InvalidInput):
        check_answer(QuestionKind.SCALE, value)


@pytest.mark.parametrize("kind", list(QuestionKind))
@pytest.mark.parametrize("value", [None, ""])
def test_every_question_may_be_left_out(kind: QuestionKind, value: object) -> None:
    assert check_answer(kind, value, USE_IDEAS_OPTIONS) is None


def test_a_choice_is_one_of_the_options() -> None:
    assert check_answer(QuestionKind.CHOICE, "maybe", USE_IDEAS_OPTIONS) == "maybe"
    for wrong in ("perhaps", 1, ["yes"]):
        with pytest.raises(InvalidInput):
            check_answer(QuestionKind.CHOICE, wrong, USE_IDEAS_OPTIONS)


def test_an_open_answer_is_text_of_limited_length() -> None:
    assert check_answer(QuestionKind.OPEN, "Külabuss") == "Külabuss"
    longest = "x" * OPEN_ANSWER_LIMIT
    assert check_answer(QuestionKind.OPEN, longest) == longest
    with pytest.raises(InvalidInput):
        check_answer(QuestionKind.OPEN, "x" * (OPEN_ANSWER_LIMIT + 1))
    with pytest.raises(InvalidInput):
        check_answer(QuestionKind.OPEN, 5)


def test_a_choice_needs_two_different_options_and_other_kinds_none() -> None:
    assert check_options(QuestionKind.CHOICE, ["Jah", "Ei", "Jah", ""]) == ("Jah", "Ei")
    assert check_options(QuestionKind.SCALE, ["Jah", "Ei"]) == ()
    assert check_options(QuestionKind.OPEN, ["Jah"]) == ()


@pytest.mark.parametrize("labels", [
    [], ["Jah"], ["Jah", "Jah", ""], [f"Valik {n}" for n in range(MAX_OPTIONS + 1)],
    ["Jah", "x" * (OPTION_LIMIT + 1)]])
def test_too_few_too_many_or_too_long_options_are_refused_naming_the_options(
        labels: list[str]) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_options(QuestionKind.CHOICE, labels)
    assert refused.value.field == "options"


def test_a_choice_may_have_up_to_ten_options_of_up_to_120_characters() -> None:
    most = [f"Valik {n}" for n in range(MAX_OPTIONS)]
    assert check_options(QuestionKind.CHOICE, most) == tuple(most)
    longest = ("Jah", "x" * OPTION_LIMIT)
    assert check_options(QuestionKind.CHOICE, list(longest)) == longest
    assert (MAX_OPTIONS, OPTION_LIMIT) == (10, 120)


def test_the_mean_is_rounded_half_up_to_two_decimals() -> None:
    assert mean([4, 5, 5]) == Decimal("4.67")
    assert mean([1, 2]) == Decimal("1.50")
    assert mean([]) is None


def test_a_scale_summary_counts_every_step_in_order() -> None:
    summary = summarise_scale([5, 4, 4, 2])
    assert summary == ScaleSummary(4, Decimal("3.75"), {1: 0, 2: 1, 3: 0, 4: 2, 5: 1})


def test_a_choice_summary_keeps_the_options_order() -> None:
    assert summarise_choice(["no", "yes", "yes", "other"], USE_IDEAS_OPTIONS) == {
        "yes": 2, "maybe": 0, "no": 1}


@given(st.lists(st.lists(st.integers(1, 5), max_size=30), max_size=6))
def test_seminars_together_give_the_mean_of_every_answer(groups: list[list[int]]) -> None:
    together = combined_mean(summarise_scale(group) for group in groups)
    everything = [value for group in groups for value in group]
    assert together.answered == len(everything)
    assert together.mean == mean(everything)


def test_seminars_together_add_up_how_many_gave_each_value() -> None:
    together = combined_mean([summarise_scale([5, 4]), summarise_scale([4, 1]), summarise_scale([])])
    assert together == ScaleSummary(4, Decimal("3.50"), {1: 1, 2: 0, 3: 0, 4: 2, 5: 1})
    assert combined_mean([]) == ScaleSummary(0, None, {1: 0, 2: 0, 3: 0, 4: 0, 5: 0})
