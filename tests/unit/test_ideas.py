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
    clean_text,
    normalise_for_search,
    similar_pairs,
    similarity,
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


# --- search and similarity -------------------------------------------------


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


def test_identical_ideas_are_fully_similar() -> None:
    assert similarity("More benches at bus stops", "more BENCHES at bus stops!") == 1.0


def test_unrelated_ideas_are_not_similar() -> None:
    assert similarity("more benches", "free coffee") == 0.0


def test_similarity_is_jaccard_over_words_of_three_or_more_letters() -> None:
    # {benches, bus, stops} vs {benches, near, stops}: 2 shared of 4 distinct.
    assert similarity("benches at bus stops", "benches near stops") == pytest.approx(0.5)


def test_similarity_ignores_punctuation_and_case() -> None:
    assert similarity("Pingid, palun!", "pingid palun") == 1.0


def test_similarity_of_text_without_long_words_is_zero() -> None:
    assert similarity("a b c", "a b c") == 0.0
    assert similarity("", "anything here") == 0.0


def test_similarity_works_for_estonian_and_russian() -> None:
    assert similarity("ÕHTUNE BUSS", "õhtune buss") == 1.0
    assert similarity("Ночной автобус", "ночной АВТОБУС") == 1.0


@given(st.text(), st.text())
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert score == similarity(b, a)


def test_similar_pairs_lists_close_ideas_best_first() -> None:
    texts = {
        3: "more benches at bus stops",
        1: "more benches at the bus stops",
        2: "benches near stops please",
        4: "free coffee for volunteers",
    }
    # 1-3 share 4 of 5 words; 2-3 share 2 of 6; 1-2 share only 2 of 7 (below 0.3).
    pairs = similar_pairs(texts, threshold=0.3)
    assert [(a, b) for a, b, _ in pairs] == [(1, 3), (2, 3)]
    assert [score for *_, score in pairs] == pytest.approx([0.8, 1 / 3])


def test_similar_pairs_uses_a_default_threshold_of_one_half() -> None:
    texts = {1: "benches at bus stops", 2: "benches near stops", 3: "benches coffee tea"}
    assert similar_pairs(texts) == [(1, 2, 0.5)]


def test_similar_pairs_of_fewer_than_two_ideas_is_empty() -> None:
    assert similar_pairs({}) == []
    assert similar_pairs({1: "benches"}) == []


@given(st.dictionaries(st.integers(0, 20), st.text(max_size=30), max_size=8), st.floats(0, 1))
def test_similar_pairs_are_ordered_and_above_threshold(
    texts: dict[int, str], threshold: float
) -> None:
    pairs = similar_pairs(texts, threshold)
    for a, b, score in pairs:
        assert a < b
        assert score >= threshold
        assert score == similarity(texts[a], texts[b])
    assert [s for *_, s in pairs] == sorted((s for *_, s in pairs), reverse=True)
