"""Specification of idea text cleaning, validation and duplicate detection."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.errors import InvalidInput
from facilitation.ideas import (
    DEFAULT_IDEA_MAX_LENGTH,
    DETAILS_MAX_LENGTH,
    IDEA_MAX_LENGTH_LIMIT,
    IdeaDraft,
    TargetGroup,
    awaits_approval,
    clean_text,
    normalise_for_search,
    validate_idea,
)

# --- clean_text ------------------------------------------------------------


def test_limits_have_the_agreed_values() -> None:
    assert (IDEA_MAX_LENGTH_LIMIT, DEFAULT_IDEA_MAX_LENGTH, DETAILS_MAX_LENGTH) == (
        2000,
        280,
        4000,
    )


def test_clean_text_composes_to_nfc() -> None:
    assert clean_text("o\u0303un") == "\u00f5un"  # õun, "apple"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_clean_text_normalises_line_endings(newline: str) -> None:
    assert clean_text(f"one{newline}two") == "one\ntwo"


@pytest.mark.parametrize(
    "invisible",
    ["\u202e", "\u200b", "\u200d", "\ufeff", "\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800"],
)
def test_clean_text_removes_control_and_invisible_characters(invisible: str) -> None:
    assert clean_text(f"pin{invisible}k") == "pink"


def test_clean_text_collapses_spaces_and_tabs() -> None:
    assert clean_text("more \t  benches\u00a0 please") == "more benches please"


def test_a_tab_between_words_becomes_a_space() -> None:
    assert clean_text("more\tbenches") == "more benches"


def test_clean_text_strips_each_line_and_the_whole() -> None:
    assert clean_text("  \n  first  \n   second   \n ") == "first\nsecond"


def test_clean_text_keeps_at_most_one_blank_line() -> None:
    assert clean_text("a\n\n\n\n\nb\n \n \nc") == "a\n\nb\n\nc"


def test_clean_text_keeps_estonian_and_russian_letters() -> None:
    assert clean_text("Õhtune ühistransport – ночной автобус") == (
        "Õhtune ühistransport – ночной автобус"
    )


@pytest.mark.parametrize("value", [None, 42, b"bytes", ["text"]])
def test_clean_text_rejects_non_strings(value: object) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        clean_text(value)
    assert exc_info.value.field == "text"


# A mix of ordinary text and the characters most likely to trip the cleaner.
TRICKY = st.lists(
    st.one_of(
        st.characters(exclude_categories=()),
        st.sampled_from(
            [" ", "\t", "\n", "\r", "\r\n", "\u00a0", "\u2028", "\u200d", "\u0301", "\u0303", "e"]
        ),
    )
).map("".join)


@given(TRICKY)
def test_clean_text_is_idempotent(value: str) -> None:
    once = clean_text(value)
    assert clean_text(once) == once


@given(TRICKY)
def test_clean_text_leaves_no_control_characters_except_newline(value: str) -> None:
    cleaned = clean_text(value)
    for char in cleaned:
        assert char == "\n" or unicodedata.category(char) not in {"Cc", "Cf", "Cs"}
    assert cleaned == cleaned.strip()
    assert "\n\n\n" not in cleaned
    assert unicodedata.is_normalized("NFC", cleaned)


# --- validate_idea ---------------------------------------------------------


def test_valid_idea_is_cleaned() -> None:
    draft = validate_idea("  Rohkem  pinke  ", max_length=280, details=" bussipeatustesse ")
    assert draft == IdeaDraft(text="Rohkem pinke", details="bussipeatustesse", target_groups=())


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "\u200b\u202e"])
def test_empty_idea_is_rejected(text: str) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        validate_idea(text, max_length=280)
    assert exc_info.value.field == "text"


def test_non_string_idea_is_rejected() -> None:
    with pytest.raises(InvalidInput) as exc_info:
        validate_idea(None, max_length=280)
    assert exc_info.value.field == "text"


def test_idea_at_max_length_is_accepted() -> None:
    assert validate_idea("x" * 10, max_length=10).text == "x" * 10


def test_idea_over_max_length_is_rejected_naming_the_limit() -> None:
    with pytest.raises(InvalidInput) as exc_info:
        validate_idea("x" * 11, max_length=10)
    assert exc_info.value.field == "text"
    assert "10" in exc_info.value.detail


def test_idea_length_is_measured_after_cleaning() -> None:
    assert validate_idea("  " + "x" * 10 + "\u200b  ", max_length=10).text == "x" * 10


def test_idea_length_counts_composed_characters() -> None:
    assert validate_idea("o\u0303" * 5, max_length=5).text == "\u00f5" * 5


def test_an_idea_posted_without_details_has_empty_details() -> None:
    assert validate_idea("idea", max_length=280).details == ""


def test_missing_details_become_empty() -> None:
    assert validate_idea("idea", max_length=280, details=None).details == ""


def test_details_are_cleaned() -> None:
    assert validate_idea("idea", max_length=280, details="a\r\n\r\n\r\nb ").details == "a\n\nb"


def test_details_must_be_text() -> None:
    with pytest.raises(InvalidInput) as exc_info:
        validate_idea("idea", max_length=280, details=12)
    assert exc_info.value.field == "details"


def test_details_over_limit_are_rejected() -> None:
    validate_idea("idea", max_length=280, details="x" * DETAILS_MAX_LENGTH)
    with pytest.raises(InvalidInput) as exc_info:
        validate_idea("idea", max_length=280, details="x" * (DETAILS_MAX_LENGTH + 1))
    assert exc_info.value.field == "details"
    assert "4000" in exc_info.value.detail


def test_an_idea_posted_without_target_groups_has_none() -> None:
    assert validate_idea("idea", max_length=280).target_groups == ()


def test_an_unknown_target_group_is_named_in_the_refusal() -> None:
    with pytest.raises(InvalidInput) as exc_info:
        validate_idea("idea", max_length=280, target_groups=["elderly", "children"])
    assert exc_info.value.field == "target_groups"
    assert "'children'" in exc_info.value.detail


def test_target_groups_are_parsed_in_order() -> None:
    draft = validate_idea("idea", max_length=280, target_groups=["carers", "elderly"])
    assert draft.target_groups == (TargetGroup.CARERS, TargetGroup.ELDERLY)
    assert all(type(group) is TargetGroup for group in draft.target_groups)


def test_duplicate_target_groups_are_removed_keeping_first() -> None:
    draft = validate_idea(
        "idea", max_length=280, target_groups=("other", "disabled", "other", "disabled")
    )
    assert draft.target_groups == (TargetGroup.OTHER, TargetGroup.DISABLED)


def test_all_four_target_groups_are_allowed() -> None:
    draft = validate_idea("idea", max_length=280, target_groups=[g.value for g in TargetGroup])
    assert draft.target_groups == tuple(TargetGroup)


@pytest.mark.parametrize(
    "groups", ["elderly", None, {"elderly"}, ["children"], ["Elderly"], [1], [None]]
)
def test_invalid_target_groups_are_rejected(groups: object) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        validate_idea("idea", max_length=280, target_groups=groups)
    assert exc_info.value.field == "target_groups"


# --- search -------------------------------------------------


@pytest.mark.parametrize(
    ("upper", "lower"),
    [
        ("Õ", "õ"),
        ("Ü", "ü"),
        ("Ä", "ä"),
        ("Ö", "ö"),
        ("Š", "š"),
        ("Ž", "ž"),
        ("АВТОБУС", "автобус"),
    ],
)
def test_search_folds_case_for_estonian_and_russian(upper: str, lower: str) -> None:
    assert normalise_for_search(upper) == normalise_for_search(lower)


def test_search_treats_decomposed_and_composed_letters_alike() -> None:
    assert normalise_for_search("O\u0303UN") == normalise_for_search("õun")


# --- moderation --------------------------------------------------------------


@pytest.mark.parametrize(("moderation", "typed_by_staff", "waits"), [
    (True, False, True),  # a phone's idea in a moderated workshop
    (True, True, False),  # typed in from paper: the facilitator has read it
    (False, False, False),
    (False, True, False),
])
def test_only_a_phones_idea_in_a_moderated_workshop_waits_for_approval(
        moderation: bool, typed_by_staff: bool, waits: bool) -> None:
    assert awaits_approval(moderation=moderation, typed_by_staff=typed_by_staff) is waits
