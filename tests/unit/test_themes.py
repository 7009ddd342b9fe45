"""Specification of the theme vocabulary: which terms carry which theme, and its names."""

from __future__ import annotations

import pytest

from facilitation.themes import THEMES, theme_terms, theme_title


@pytest.mark.parametrize(("term", "theme"), [
    ("invatakso", "transport"), ("маршрут", "transport"), ("travel", "transport"),
    ("üksildus", "company"), ("соседи", "company"), ("social", "company"),
    ("nutitelefon", "digital"), ("смартфон", "digital"), ("scam", "digital"),
    ("koduabi", "home_help"), ("уборка", "home_help"), ("chores", "home_help"),
    ("vererõhk", "health"), ("давление", "health"), ("swimming", "health"),
    ("käsitöö", "culture"), ("вязание", "culture"), ("crafts", "culture"),
    ("toidupank", "food"), ("обеды", "food"), ("groceries", "food"),
    ("omastehooldaja", "carers"), ("опекун", "carers"), ("respite", "carers"),
    ("kaldtee", "access"), ("пандус", "access"), ("deaf", "access"),
    ("infopäev", "information"), ("газета", "information"), ("number", "information"),
])
def test_a_term_that_begins_with_a_stem_of_a_theme_carries_that_theme(term: str,
                                                                      theme: str) -> None:
    assert theme_terms([term]) == (f"#{theme}",)


def test_a_term_carries_every_theme_it_belongs_to_once_in_order() -> None:
    # "tants" is both movement and culture.
    assert theme_terms(["tantsuring", "tants", "invatakso"]) == (
        "#culture", "#health", "#transport")


@pytest.mark.parametrize("term", ["kohvik", "mootorbuss", "bu", "", "#transport"])
def test_a_term_that_begins_with_no_stem_adds_no_theme(term: str) -> None:
    assert theme_terms([term]) == ()


def test_the_longest_stems_are_found_whole_and_at_the_start_of_a_longer_term() -> None:
    for stem, theme in (("induktsioonsilmus", "#access"), ("intergenerational", "#company")):
        assert theme_terms([stem]) == theme_terms([stem + "ega"]) == (theme,)
        assert theme_terms([stem[:-1]]) == ()


@pytest.mark.parametrize(("term", "language", "title"), [
    ("#transport", "et", "Transport"),
    ("#company", "ru", "Общение и одиночество"),
    ("#carers", "en", "Carers"),
    ("#information", "ru", "Информация"),
    # A language without names of its own gets the Estonian one.
    ("#home_help", "de", "Koduabi"),
])
def test_a_theme_term_is_titled_in_the_language_of_the_workshop(term: str, language: str,
                                                                 title: str) -> None:
    assert theme_title(term, language) == title


@pytest.mark.parametrize("term", ["transport", "#", "#unknown", "x#transport"])
def test_only_a_theme_term_has_a_theme_title(term: str) -> None:
    assert theme_title(term, "et") is None


def test_every_theme_has_a_name_in_each_language_and_its_own_key() -> None:
    assert len({theme.key for theme in THEMES}) == len(THEMES) == 10
    for theme in THEMES:
        assert all(theme.title(language) for language in ("et", "ru", "en"))
        assert theme_title(f"#{theme.key}", "en") == theme.names["en"]
