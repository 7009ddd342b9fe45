"""Specification of the text analysis: idea text into terms, queries into prefixes."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from facilitation.morphology import PlainWords, WordAnalysis, split_compound
from facilitation.terms import (
    DEFAULT_MORPHOLOGY,
    MAX_TERM_LENGTH,
    QueryWord,
    TextAnalyser,
    detect_language,
    idea_terms,
    matches,
    prefix_range,
    query_words,
    script,
    warm_up,
)


def finds(query: str, idea: str, language: str = "et") -> bool:
    return matches(query_words(query, language), idea_terms(idea, language))


@pytest.mark.parametrize(("query", "idea"), [
    ("eakad", "Külabuss eakatele poodi"),
    ("eakad", "Eakaid võiks tasuta sõidutada"),
    ("eakad", "Eakate võimlemine"),
    ("puudega inimesed", "Ujumine puuetega inimestele"),
    ("hooldaja", "OMASTEHOOLDAJATE TUGIGRUPP kord kuus"),
    ("buss", "Bussiliin võiks peatuda hooldekodu juures"),
    ("raamatukogu", "Trepitõstuk raamatukokku"),
    ("kogukond", "Koorilaul kogukonnamajas"),
    ("vald", "Vallabussid käivad harva"),
    ("kogukonnamaja", "Общие обеды в kogukonnamaja"),
    ("omastehool", "omastehooldaja infopäev"),
])
def test_inflected_and_compound_estonian_forms_are_found(query: str, idea: str) -> None:
    assert finds(query, idea)


@pytest.mark.parametrize(("query", "idea"), [
    ("пожилые", "Автобус для пожилых людей"),
    ("инвалиды", "Социальное такси для инвалидов"),
    ("пенсионер", "Доставка обедов одиноким пенсионерам"),
])
def test_inflected_russian_forms_are_found(query: str, idea: str) -> None:
    assert finds(query, idea, "ru")


@pytest.mark.parametrize(("query", "idea"), [
    ("carer", "Support group for family carers"),
    ("meal", "Hot meals delivered to people living alone"),
    ("village hall", "Shared lunches in the village hall"),
])
def test_inflected_english_forms_are_found(query: str, idea: str) -> None:
    assert finds(query, idea, "en")


def test_every_query_word_must_be_found() -> None:
    assert not finds("puudega lapsed", "Ujumine puuetega inimestele")


def test_a_compound_in_the_query_does_not_match_its_parts_alone() -> None:
    assert not finds("bussipeatus", "Külabuss eakatele")


def test_stop_words_are_not_terms() -> None:
    assert idea_terms("ja et ka kui the and для") == ()


def test_a_query_of_stop_words_alone_is_kept() -> None:
    assert [word.word for word in query_words("ja")] == ["ja"]


@pytest.mark.parametrize("text", ["🧓🚌❤️", "12345 65+", "wifiга Ωμέγα", "", "   ", "___", "%_%"])
def test_text_without_known_words_falls_back_to_plain_case_folded_words(text: str) -> None:
    terms = idea_terms(text)
    assert all(term == term.casefold() for term in terms)
    assert set(terms) <= set(text.casefold().replace("_", " ").replace("+", " ").split())


def test_mixed_scripts_in_one_word_stay_one_plain_term() -> None:
    assert "wifiга" in idea_terms("Курсы wifiга")


@given(st.text(max_size=80))
@settings(max_examples=200, deadline=None)
def test_no_text_makes_the_analysis_raise(text: str) -> None:
    terms = idea_terms(text)
    assert list(terms) == sorted(set(terms))
    matches(query_words(text), terms)


def test_the_same_text_always_gives_the_same_terms() -> None:
    text = "Omastehooldajate tugigrupp ja bussiliin kogukonnamajja"
    assert idea_terms(text) == idea_terms(text) == tuple(sorted(idea_terms(text)))


@pytest.mark.parametrize(("text", "hint", "language"), [
    ("Автобус для пожилых", None, "ru"),
    ("Free bus rides for pensioners", "et", "en"),
    ("Külabuss eakatele", "en", "et"),
    ("Smart-ID", "en", "en"),
    ("Smart-ID", None, "et"),
])
def test_the_language_comes_from_the_text_then_the_workshop(text: str, hint: str | None,
                                                            language: str) -> None:
    assert detect_language(text, hint) == language


class Failing:
    name = "failing"

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        raise RuntimeError("native code fell over")


def test_an_analyser_that_cannot_load_falls_back_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    loads = []

    def load() -> PlainWords:
        loads.append(1)
        raise ImportError("no estnltk here")

    analyser = TextAnalyser(load)
    with caplog.at_level(logging.ERROR, logger="facilitation.terms"):
        first = analyser.terms("Külabuss Eakatele")
        second = analyser.terms("Külabuss eakatele")
    assert first == second == ("eakatele", "külabuss")
    assert len(loads) == 1
    assert len([r for r in caplog.records if "could not load" in r.getMessage()]) == 1


def test_an_analyser_failing_on_a_text_falls_back_and_logs_once(caplog: pytest.LogCaptureFixture) -> None:
    analyser = TextAnalyser(Failing)
    with caplog.at_level(logging.ERROR, logger="facilitation.terms"):
        assert analyser.terms("Bussiliin eakatele") == ("bussiliin", "eakatele")
        assert analyser.terms("Bussiliin eakatele") == ("bussiliin", "eakatele")
    assert len(caplog.records) == 1


def test_the_analyser_loads_once_across_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    loads = []

    def load() -> PlainWords:
        loads.append(1)
        return PlainWords()

    analyser = TextAnalyser(load)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: analyser.terms("idee"), range(32)))
    assert len(loads) == 1


def test_compounds_split_into_known_words() -> None:
    known = {"bussi", "liin", "kogukonna", "maja"}
    lemma = {"bussi": "buss", "kogukonna": "kogukond"}
    assert split_compound("bussiliin", known.__contains__, lambda w: lemma.get(w, w)) == [
        "buss", "liin"]
    assert split_compound("maja", known.__contains__, lambda w: w) == []


# Letters from several scripts, the characters LIKE would treat specially, and the code points
# at the edges of the ranges: before the surrogates, after them, and the last of all.
term = st.text(alphabet="abõšжя%_\\\ud7ff\ue000\U0010ffff", min_size=1, max_size=6)


@given(st.lists(term, max_size=6), term)
@settings(max_examples=300, deadline=None)
def test_a_prefix_range_in_sqlite_finds_exactly_what_matches_finds(terms: list[str],
                                                                   prefix: str) -> None:
    # The one string range cannot hold: U+10FFFF alone, then more of it; no word has it.
    assume(not any(t.startswith(prefix + "\U0010ffff") for t in terms)
           or prefix.strip("\U0010ffff"))
    query = (QueryWord(prefix, (prefix,)),)
    low, high = prefix_range(prefix)
    with sqlite3.connect(":memory:") as connection:
        in_range = any(connection.execute("SELECT ? >= ? AND ? < ?", (t, low, t, high)).fetchone()[0]
                       for t in terms)
    assert in_range == matches(query, terms)


def test_no_word_holds_the_last_code_point() -> None:
    assert idea_terms("a\U0010ffffb") == ()


@pytest.mark.parametrize(("prefix", "high"), [
    ("buss", "bust"),
    ("a\ud7ff", "a\ue000"),
    ("a\U0010ffff", "b"),
    ("\U0010ffff", "\U0010ffff\U0010ffff"),
])
def test_a_prefix_range_ends_at_the_next_string_in_code_point_order(prefix: str, high: str) -> None:
    assert prefix_range(prefix) == (prefix, high)


def test_words_are_compared_on_their_first_sixty_four_letters() -> None:
    long_word = "a" * 100
    assert idea_terms(long_word) == ("a" * MAX_TERM_LENGTH,)
    assert finds(long_word + "b", long_word + "c")
    assert all(len(prefix) <= MAX_TERM_LENGTH for word in query_words(long_word)
               for prefix in word.prefixes)


# -- terms of a text -----------------------------------------------------------------------------


def test_one_letter_words_digits_and_mixed_scripts_are_kept_as_typed_or_dropped() -> None:
    assert idea_terms("a b c bussid 12345 wifiга") == ("12345", "buss", "wifiга")


def test_two_letter_words_are_terms() -> None:
    assert idea_terms("öö TV") == ("tv", "öö")


@pytest.mark.parametrize(("word", "kind"), [
    ("buss", "latin"), ("b2b", "latin"), ("автобус", "cyrillic"), ("12345", "digits"),
    ("٣", "digits"), ("wifiга", "other"), ("ωμέγα", "other")])
def test_a_word_is_of_one_script_or_other(word: str, kind: str) -> None:
    assert script(word) == kind


def test_the_workshop_language_decides_a_text_that_gives_no_sign() -> None:
    assert idea_terms("Meals", "en") == ("meal",)
    assert idea_terms("Meals", "et") == ("meal", "meals")


def test_a_text_that_shows_its_language_is_analysed_in_it_whatever_the_workshop() -> None:
    # "ja" makes it Estonian: "meals" is an unknown Estonian word first, the English lemma second.
    assert idea_terms("Bussid ja meals", "en") == ("buss", "meal", "meals")


def test_a_word_whose_lemma_is_a_stop_word_is_no_term() -> None:
    assert idea_terms("kõikidele eakatele") == ("eakas",)


def test_an_estonian_word_in_an_english_text_is_analysed_as_estonian() -> None:
    assert idea_terms("Lunch at the külamaja", "en") == ("küla", "külamaja", "lunch", "maja")


def test_latin_words_of_a_russian_text_go_by_the_workshop_language() -> None:
    assert idea_terms("Курсы для пожилых meals", "en") == ("meal", "курс", "пожилой")
    assert idea_terms("Курсы для пожилых meals", "et") == ("meal", "meals", "курс", "пожилой")


def test_a_query_word_matches_by_what_was_typed_and_by_its_lemmas() -> None:
    assert query_words("Ööbussid eakatele") == (
        QueryWord("ööbussid", ("ööbuss", "ööbussid")), QueryWord("eakatele", ("eakas", "eakatele")))
    assert query_words("") == ()


def test_a_query_is_analysed_in_the_workshop_language_when_it_gives_no_sign() -> None:
    assert query_words("meals", "en") == (QueryWord("meals", ("meal", "meals")),)
    assert query_words("meals", "et") == (QueryWord("meals", ("meals",)),)
    assert query_words("обеды пожилым meals", "en")[2] == QueryWord("meals", ("meal", "meals"))
    assert query_words("обеды пожилым meals", "et")[2] == QueryWord("meals", ("meals",))


def test_stop_words_are_dropped_from_a_query_with_other_words() -> None:
    assert [word.word for word in query_words("bussid ja eakatele")] == ["bussid", "eakatele"]


def test_a_query_word_matches_a_prefix_of_a_term() -> None:
    terms = ("bussiliin", "eakas")
    assert matches(query_words("bussi"), terms)
    assert matches(query_words("eakatele buss"), terms)
    assert not matches(query_words("liin"), terms)
    assert not matches(query_words("eakas rong"), terms)


# -- the language of a text ----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "hint", "language"), [
    # As many Latin as Cyrillic words: the Latin ones decide.
    ("автобус bus", None, "et"),
    ("автобус bus", "en", "en"),
    ("автобус автобус bus", "en", "ru"),
    # As many Estonian as English signs: the workshop decides.
    ("the ja", "en", "en"),
    ("the ja", "ru", "et"),
    ("the and ja", "et", "en"),
    ("the ja ka", "en", "et"),
    ("bussipeatus õues", "en", "et"),
])
def test_the_language_of_mixed_text_goes_by_the_majority_then_the_workshop(
        text: str, hint: str | None, language: str) -> None:
    assert detect_language(text, hint) == language


# -- loading and failing -------------------------------------------------------------------------


class CannotLoad(PlainWords):
    name = "cannot-load"

    def load(self, languages: Iterable[str]) -> None:
        raise OSError("dictionary missing")


def test_a_morphology_that_cannot_read_its_dictionaries_is_still_used_and_logged(
        caplog: pytest.LogCaptureFixture) -> None:
    analyser = TextAnalyser(CannotLoad)
    with caplog.at_level(logging.ERROR, logger="facilitation.terms"):
        assert analyser.warm_up(["et", "en"]) == "cannot-load"
    assert [r.getMessage() for r in caplog.records] == [
        "text analysis could not load et, en; they are read on first use"]
    assert analyser.terms("Bussid") == ("bussid",)


def test_warming_up_loads_the_morphology_once_with_the_languages_asked_for() -> None:
    loaded: list[list[str]] = []

    class Recording(PlainWords):
        def load(self, languages: Iterable[str]) -> None:
            loaded.append(list(languages))

    analyser = TextAnalyser(Recording)
    assert analyser.warm_up(iter(["et", "ru"])) == "plain"
    assert analyser.morphology() is analyser.morphology()
    assert loaded == [["et", "ru"]]


def test_a_morphology_that_cannot_load_is_replaced_by_plain_words(
        caplog: pytest.LogCaptureFixture) -> None:
    def load() -> PlainWords:
        raise ImportError("no simplemma")

    with caplog.at_level(logging.ERROR, logger="facilitation.terms"):
        assert TextAnalyser(load).warm_up(["et"]) == "plain"
    assert [r.getMessage() for r in caplog.records] == [
        "text analysis could not load its morphology; using plain words"]


def test_warming_up_the_product_names_its_morphology() -> None:
    assert warm_up(["et"]) == DEFAULT_MORPHOLOGY


class Miscounts(PlainWords):
    name = "miscounts"

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        return [WordAnalysis(("lost",))]


def test_a_morphology_that_loses_words_is_not_trusted_with_the_text() -> None:
    analyser = TextAnalyser(Miscounts)
    assert analyser.terms("Bussid eakatele") == ("bussid", "eakatele")
    assert analyser.terms("Bussid") == ("lost",)


def test_a_failing_morphology_is_logged_once_per_analyser(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="facilitation.terms"):
        TextAnalyser(Failing).terms("Bussid")
        TextAnalyser(Failing).terms("Bussid")
    assert [r.getMessage() for r in caplog.records] == [
        "failing failed on a text; plain words used"] * 2
