"""Specification of the morphology the product runs: simplemma's lemmas and our Estonian
compound splitting, what is read when, and the plain fallback."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
import simplemma

from facilitation.morphology import (
    BACKENDS,
    PlainWords,
    Simplemma,
    WordAnalysis,
    load_morphology,
    split_compound,
)
from facilitation.terms import DEFAULT_MORPHOLOGY


@pytest.fixture(scope="module")
def morphology() -> Simplemma:
    loaded = Simplemma()
    loaded.load(["et", "en", "ru"])
    return loaded


def estonian(morphology: Simplemma, word: str) -> WordAnalysis:
    [analysis] = morphology.analyse([word], "et")
    return analysis


# -- Estonian: lemmas, and compounds found by their parts ----------------------------------------


@pytest.mark.parametrize(("word", "lemmas", "parts"), [
    ("omastehooldajate", ("omastehooldaja",), ("omane", "hooldaja")),
    ("raamatukokku", ("raamatukogu",), ("raamat", "kogu")),
    ("kesklinnas", ("kesklinn",), ("kesk", "linn")),
    ("bussipeatus", ("bussipeatus",), ("buss", "peatus")),
])
def test_a_known_estonian_compound_is_its_lemma_with_the_lemmas_of_its_parts(
        morphology: Simplemma, word: str, lemmas: tuple[str, ...], parts: tuple[str, ...]) -> None:
    assert estonian(morphology, word) == WordAnalysis(lemmas, parts)


@pytest.mark.parametrize(("word", "lemma"), [("eakatele", "eakas"), ("bussid", "buss"),
                                             ("hooldajad", "hooldaja")])
def test_a_known_estonian_word_that_is_no_compound_is_its_lemma_alone(
        morphology: Simplemma, word: str, lemma: str) -> None:
    assert estonian(morphology, word) == WordAnalysis((lemma,))


@pytest.mark.parametrize(("word", "analysis"), [
    # simplemma alone guesses "vallama": the last part is lemmatised on its own instead.
    ("vallabussid", WordAnalysis(("vallabuss",), ("vald", "buss", "vallabuss"))),
    ("vallabuss", WordAnalysis(("vallabuss",), ("vald", "buss", "vallama"))),
    ("ööbussid", WordAnalysis(("ööbuss",), ("öö", "buss", "ööbussid"))),
    ("külamaja", WordAnalysis(("külamaja",), ("küla", "maja", "külamaja"))),
    # The typed head "tunnid" starts like its lemma "tund" only in three letters.
    ("külatunnid", WordAnalysis(("külatund",), ("küla", "tund", "külatund"))),
    ("ratastoolikasutajad", WordAnalysis(("ratastoolikasutaja",), (
        "ratastool", "ratas", "tool", "kasutaja", "ratastoolikasutaja"))),
])
def test_an_unknown_compound_is_its_first_part_as_typed_and_its_head_lemma(
        morphology: Simplemma, word: str, analysis: WordAnalysis) -> None:
    assert estonian(morphology, word) == analysis


@pytest.mark.parametrize(("word", "analysis"), [
    # The guessed lemma finds the idea, but only what was typed is a form of a query word.
    ("zumbatundides", WordAnalysis(("zumbatundides",), ("zumbatund",))),
    # A Latin word of an Estonian text may be English.
    ("meals", WordAnalysis(("meals",), ("meal",))),
])
def test_an_unknown_word_that_is_no_compound_keeps_its_typed_form_and_its_guessed_lemma(
        morphology: Simplemma, word: str, analysis: WordAnalysis) -> None:
    assert estonian(morphology, word) == analysis


@pytest.mark.parametrize("word", ["korrastamine", "ajutine", "abi", "buss"])
def test_a_word_ending_in_a_suffix_or_too_short_to_split_is_no_compound(
        morphology: Simplemma, word: str) -> None:
    assert estonian(morphology, word).parts == ()


@pytest.mark.parametrize(("word", "parts"), [
    ("koduabi", ("kodu", "abi")),
    ("puutöö", ("puu", "töö")),
    ("matkatee", ("matk", "tee")),
    ("öömaja", ("öö", "maja")),
])
def test_common_short_words_are_parts_of_compounds(morphology: Simplemma, word: str,
                                                   parts: tuple[str, ...]) -> None:
    assert estonian(morphology, word).parts[:2] == parts


def test_an_unknown_compound_whose_head_changes_its_stem_stays_as_typed(
        morphology: Simplemma) -> None:
    # "mehed" does not start like "mees": no ending of the word can be swapped for the head.
    assert estonian(morphology, "vallamehed") == WordAnalysis(
        ("vallamehed",), ("vald", "mees", "vallama"))


def test_the_first_part_of_a_compound_is_split_again(morphology: Simplemma) -> None:
    assert estonian(morphology, "ratastoolikasutaja").parts[:4] == (
        "ratastool", "ratas", "tool", "kasutaja")


def test_a_compound_keeps_its_head_word_as_long_as_possible() -> None:
    known = {"vana", "vanade", "kodu", "dekodu"}
    assert split_compound("vanadekodu", known.__contains__, str) == ["vana", "dekodu"]


def test_a_split_needs_both_sides_to_be_known_words() -> None:
    assert split_compound("bussiliin", {"bussi"}.__contains__, str) == []
    assert split_compound("bussiliin", {"liin"}.__contains__, str) == []


def test_the_recursion_stops_on_a_lemma_as_long_as_the_word() -> None:
    grows = {"abcd": "abcdefgh", "efgh": "efgh", "abcdefgh": "abcdefgh"}
    assert split_compound("abcdefgh", grows.__contains__, grows.__getitem__) == [
        "abcdefgh", "efgh"]


# -- Russian and English: lemmas, never parts ----------------------------------------------------


@pytest.mark.parametrize(("words", "language", "lemmas"), [
    (["пожилых", "людей"], "ru", ["пожилой", "человек"]),
    (["meals", "delivered"], "en", ["meal", "deliver"]),
    # A Latin word of an English text may be Estonian.
    (["eakatele", "külamaja"], "en", ["eakas", "külamaja"]),
])
def test_russian_and_english_words_are_their_lemmas_alone(
        morphology: Simplemma, words: list[str], language: str, lemmas: list[str]) -> None:
    assert morphology.analyse(words, language) == [WordAnalysis((lemma,)) for lemma in lemmas]


def test_lemmas_are_case_folded(morphology: Simplemma) -> None:
    assert morphology.analyse(["tallinnas"], "et")[0].lemmas == ("tallinn",)


# -- what is read when ---------------------------------------------------------------------------


class Reads:
    """simplemma's look-ups, recorded: which dictionaries and in which mode."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, Any, Any]] = []
        self._is_known, self._lemmatize = simplemma.is_known, simplemma.lemmatize
        monkeypatch.setattr(simplemma, "is_known", self.is_known)
        monkeypatch.setattr(simplemma, "lemmatize", self.lemmatize)

    def is_known(self, token: str, lang: Any, low_memory: Any = None) -> bool:
        self.calls.append((token, lang, low_memory))
        time.sleep(0.01)  # long enough for the threads below to meet
        return bool(self._is_known(token, lang=lang, low_memory=low_memory))

    def lemmatize(self, token: str, lang: Any, low_memory: Any = None) -> str:
        self.calls.append((token, lang, low_memory))
        return str(self._lemmatize(token, lang=lang, low_memory=low_memory))

    def dictionaries(self) -> list[str]:
        """The dictionaries read, in order (a read is a look-up of "a")."""
        return [lang for token, lang, _ in self.calls if token == "a"]


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[Reads]:
    yield Reads(monkeypatch)


def test_loading_a_language_reads_the_dictionaries_its_words_are_looked_up_in(reads: Reads) -> None:
    estonian_only = Simplemma()
    estonian_only.load(["et"])
    assert estonian_only.loaded() == {"et", "en"}
    russian_only = Simplemma()
    russian_only.load(["ru"])
    assert russian_only.loaded() == {"ru"}
    assert Simplemma().loaded() == frozenset()
    assert reads.dictionaries() == ["et", "en", "ru"]


def test_a_language_without_dictionaries_reads_nothing(reads: Reads) -> None:
    other = Simplemma()
    other.load(["de"])
    assert other.loaded() == frozenset()
    assert reads.calls == []


def test_the_words_remembered_are_bounded() -> None:
    bounded = Simplemma()
    assert bounded.lemma.cache_info().maxsize == 65_536
    assert bounded._known.cache_info().maxsize == 65_536


def test_each_dictionary_is_read_once_even_by_threads_at_once(reads: Reads) -> None:
    shared = Simplemma()
    threads = [threading.Thread(target=shared.load, args=(["et", "en"],)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    shared.analyse(["bussid"], "et")
    assert sorted(reads.dictionaries()) == ["en", "et"]


def test_a_dictionary_not_loaded_at_start_is_read_on_its_first_word_and_logged(
        reads: Reads, caplog: pytest.LogCaptureFixture) -> None:
    late = Simplemma()
    with caplog.at_level(logging.WARNING, logger="facilitation.morphology"):
        late.analyse(["пожилых"], "ru")
        late.analyse(["людей"], "ru")
    assert late.loaded() == {"ru"}
    assert [r.getMessage() for r in caplog.records] == [
        "reading the ru dictionary on its first word (seconds); list it in "
        "TEXT_ANALYSIS_LANGUAGES to read it at start-up"]


def test_a_dictionary_loaded_at_start_is_not_read_again_nor_logged(
        reads: Reads, caplog: pytest.LogCaptureFixture) -> None:
    ready = Simplemma()
    ready.load(["et"])
    with caplog.at_level(logging.WARNING, logger="facilitation.morphology"):
        ready.analyse(["kogukonnamajas", "meals"], "et")
    assert caplog.records == []
    assert reads.dictionaries() == ["et", "en"]


def test_the_dictionaries_are_read_in_simplemmas_low_memory_form(reads: Reads) -> None:
    Simplemma().analyse(["kogukonnamajas"], "et")
    assert reads.calls
    assert all(low_memory is True for _, _, low_memory in reads.calls)


def test_a_word_is_looked_up_once_however_often_it_comes(reads: Reads) -> None:
    cached = Simplemma()
    cached.load(["et"])
    before = len(reads.calls)
    cached.analyse(["omastehooldajate"] * 3, "et")
    once = len(reads.calls) - before
    cached.analyse(["omastehooldajate"], "et")
    assert once > 0
    assert len(reads.calls) - before == once


# -- the back-ends ---------------------------------------------------------------------------------


def test_the_product_runs_simplemma_with_compounds_by_its_name() -> None:
    product = load_morphology(DEFAULT_MORPHOLOGY)
    assert isinstance(product, Simplemma)
    assert product.name == DEFAULT_MORPHOLOGY == "simplemma+compounds"
    assert set(BACKENDS) == {"plain", "simplemma+compounds"}


def test_plain_words_are_their_own_lemmas_and_need_nothing_loaded() -> None:
    plain = load_morphology("plain")
    plain.load(["et", "ru", "en"])
    assert plain.name == "plain"
    assert plain.analyse(["bussid", "omastehooldajate"], "et") == [
        WordAnalysis(("bussid",)), WordAnalysis(("omastehooldajate",))]
    assert isinstance(plain, PlainWords)
