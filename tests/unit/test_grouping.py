"""Specification of clusters: their titles, their order in the row, and their dots at results."""

from __future__ import annotations

import pytest

from facilitation.errors import InvalidInput
from facilitation.grouping import CLUSTER_TITLE_LIMIT, clean_cluster_title, cluster_totals, moved

# --- titles ----------------------------------------------------------------


def test_a_cluster_title_is_at_most_80_characters() -> None:
    assert CLUSTER_TITLE_LIMIT == 80


def test_a_cluster_title_is_trimmed_and_kept_on_one_line() -> None:
    assert clean_cluster_title("  Ühis\ttransport \n ja  \r\n  teed  ") == "Ühis transport ja teed"


def test_a_cluster_title_loses_invisible_characters_and_is_composed() -> None:
    assert clean_cluster_title("\u202eTrans\u200bport O\u0303htul") == "Transport Õhtul"


@pytest.mark.parametrize("title", ["", "   ", "\n\t", "\u200b\u202e"])
def test_a_cluster_title_may_not_be_empty(title: str) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        clean_cluster_title(title)
    assert exc_info.value.field == "title"


@pytest.mark.parametrize("title", [None, 7, ["Transport"], b"Transport"])
def test_a_cluster_title_must_be_text(title: object) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        clean_cluster_title(title)
    assert exc_info.value.field == "title"


def test_a_cluster_title_of_one_or_80_characters_is_accepted() -> None:
    assert clean_cluster_title("A") == "A"
    assert clean_cluster_title("x" * 80) == "x" * 80


def test_a_cluster_title_over_80_characters_is_rejected() -> None:
    with pytest.raises(InvalidInput) as exc_info:
        clean_cluster_title("x" * 81)
    assert exc_info.value.field == "title"
    assert "80" in exc_info.value.detail


def test_a_cluster_title_is_measured_once_its_spaces_are_collapsed() -> None:
    assert clean_cluster_title("x" * 40 + "      " + "y" * 39) == "x" * 40 + " " + "y" * 39


@pytest.mark.parametrize("title", ["Transport", "TRANSPORT", "transport", "  Trans\u200bport "])
def test_two_clusters_may_not_share_a_title_whatever_the_case(title: str) -> None:
    with pytest.raises(InvalidInput) as exc_info:
        clean_cluster_title(title, ["Üksildus", "Transport"])
    assert exc_info.value.field == "title"


def test_estonian_and_russian_titles_are_compared_ignoring_case_too() -> None:
    with pytest.raises(InvalidInput):
        clean_cluster_title("ÕHTUD", ["õhtud"])
    with pytest.raises(InvalidInput):
        clean_cluster_title("Транспорт", ["ТРАНСПОРТ"])


def test_a_title_unlike_every_other_cluster_is_accepted() -> None:
    assert clean_cluster_title("Transport", ["Üksildus", "Transpordid"]) == "Transport"


# --- order -----------------------------------------------------------------


def test_a_cluster_moves_to_the_given_place_counted_from_0() -> None:
    assert moved([1, 2, 3, 4], 4, 0) == [4, 1, 2, 3]
    assert moved([1, 2, 3, 4], 1, 2) == [2, 3, 1, 4]
    assert moved([1, 2, 3, 4], 1, 3) == [2, 3, 4, 1]


def test_moving_a_cluster_keeps_the_others_in_their_order() -> None:
    assert moved([5, 3, 9, 1], 9, 1) == [5, 9, 3, 1]


def test_a_cluster_moved_to_its_own_place_stays_there() -> None:
    assert moved([1, 2, 3], 2, 1) == [1, 2, 3]


def test_a_place_past_the_end_puts_the_cluster_last() -> None:
    assert moved([1, 2, 3], 1, 3) == [2, 3, 1]
    assert moved([1, 2, 3], 1, 99) == [2, 3, 1]


def test_a_place_before_the_start_puts_the_cluster_first() -> None:
    assert moved([1, 2, 3], 3, -1) == [3, 1, 2]
    assert moved([1, 2, 3], 3, -99) == [3, 1, 2]


def test_only_a_cluster_in_the_row_can_be_moved() -> None:
    with pytest.raises(InvalidInput) as exc_info:
        moved([1, 2, 3], 4, 0)
    assert exc_info.value.field == "cluster_id"


# --- results ---------------------------------------------------------------


def test_at_results_each_cluster_shows_the_dots_of_its_ideas() -> None:
    cluster_of = {1: 10, 2: 10, 3: 20, 4: None, 5: None}
    votes = {1: 3, 2: 4, 3: 2, 4: 1, 5: 5}
    assert cluster_totals(cluster_of, votes) == {10: 7, 20: 2, None: 6}


def test_an_idea_without_dots_adds_nothing_and_its_cluster_still_shows_0() -> None:
    assert cluster_totals({1: 10, 2: 20, 3: 20}, {3: 2}) == {10: 0, 20: 2}


def test_dots_on_ideas_outside_the_workshops_clusters_are_not_counted() -> None:
    assert cluster_totals({1: 10}, {1: 1, 99: 8}) == {10: 1}
