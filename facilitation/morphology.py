"""Morphological back-ends that turn case-folded words into lemmas and compound parts.

Each back-end answers for a list of words of one language at a time, so one that reads
context gets the whole text. Here is what the product runs: simplemma with our own
Estonian compound splitting, loaded once by ``facilitation.terms``, and plain words, its
fallback. The alternatives it was chosen against live with their measurement in
tests/perf/candidates.py (``python -m tests.perf.language``; docs/language.md has the
figures and the reasons for the choice).
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

ESTONIAN, RUSSIAN, ENGLISH = "et", "ru", "en"
logger = logging.getLogger(__name__)
LANGUAGES = (ESTONIAN, RUSSIAN, ENGLISH)


@dataclass(frozen=True)
class WordAnalysis:
    """What a word is: its lemmas (more than one when ambiguous) and, for a compound, its parts.

    A query word matches by its lemmas only; an idea is found by its lemmas and its parts,
    so "hooldaja" finds "omastehooldajate" but "bussipeatus" does not find every "buss".
    """

    lemmas: tuple[str, ...]
    parts: tuple[str, ...] = ()


class Morphology(Protocol):
    name: str

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        """One analysis per case-folded word, in order; ``language`` is one of LANGUAGES."""
        ...

    def load(self, languages: Iterable[str]) -> None:
        """Read now whatever words of these languages need, rather than on their first word."""
        ...


class PlainWords:
    """No morphology: each word is its own lemma. The fallback when nothing else loads."""

    name = "plain"

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        return [WordAnalysis((word,)) for word in words]

    def load(self, languages: Iterable[str]) -> None:
        pass


# Which dictionaries simplemma tries for a word, in order: a Latin word in an Estonian
# text may be English ("smartphone'i") and the other way round ("külamaja").
_SIMPLEMMA_ORDER = {ESTONIAN: (ESTONIAN, ENGLISH), ENGLISH: (ENGLISH, ESTONIAN), RUSSIAN: (RUSSIAN,)}
_CACHED_WORDS = 65_536


class Simplemma:
    """simplemma's dictionary lemmas, and for Estonian compounds split on its dictionary.

    simplemma keeps each dictionary as its compressed stream with a sparse index (its
    ``low_memory`` mode) instead of a Python dict: about a seventh of the memory
    (docs/language.md), a lookup some ten times slower, which the caches below absorb.
    A language's dictionaries are read when ``load`` asks for them (at start-up, for the
    languages in use) or else on its first word, which is logged: it takes seconds.
    """

    name = "simplemma+compounds"
    low_memory = True

    def __init__(self) -> None:
        import simplemma

        self._simplemma = simplemma
        self._loaded: set[str] = set()
        self._lock = threading.Lock()
        self.lemma = functools.lru_cache(maxsize=_CACHED_WORDS)(self._lemma)
        self._known = functools.lru_cache(maxsize=_CACHED_WORDS)(self._is_known)

    def load(self, languages: Iterable[str]) -> None:
        """Read the dictionaries that words of these languages are looked up in, once."""
        for language in languages:
            for dictionary in _SIMPLEMMA_ORDER.get(language, ()):
                self._load_dictionary(dictionary)

    def loaded(self) -> frozenset[str]:
        """The dictionaries read so far."""
        return frozenset(self._loaded)

    def _load_dictionary(self, dictionary: str, *, on_first_word: bool = False) -> None:
        if dictionary in self._loaded:
            return
        with self._lock:
            if dictionary in self._loaded:
                return
            if on_first_word:
                logger.warning("reading the %s dictionary on its first word (seconds); list "
                               "it in TEXT_ANALYSIS_LANGUAGES to read it at start-up", dictionary)
            # Any lookup reads the whole dictionary; do it here, not inside a request.
            self._simplemma.is_known("a", lang=dictionary, low_memory=self.low_memory)
            self._loaded.add(dictionary)

    def _lemma(self, word: str, language: str) -> str:
        order = _SIMPLEMMA_ORDER[language]
        for dictionary in order:
            self._load_dictionary(dictionary, on_first_word=True)
        lemma: str = self._simplemma.lemmatize(word, lang=order, low_memory=self.low_memory)
        return lemma.casefold()

    def _is_known(self, word: str) -> bool:
        # Only parts of an Estonian word are looked up, after its lemma read the dictionary.
        return bool(self._simplemma.is_known(word, lang=ESTONIAN, low_memory=self.low_memory))

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        if language != ESTONIAN:
            return [WordAnalysis((self.lemma(word, language),)) for word in words]
        return [self._estonian(word) for word in words]

    def _estonian(self, word: str) -> WordAnalysis:
        lemma = self.lemma(word, ESTONIAN)
        if self._known(word):
            return WordAnalysis((lemma,), self.compound_parts(lemma))
        # simplemma guesses an unknown word by its ending, and for a compound it may do no
        # better than "vallabuss" → "vallama". Only the last part of an Estonian compound
        # inflects, so also split what was typed and lemmatise the last part alone.
        parts = self.compound_parts(word)
        if parts:
            # The guess finds the idea but is not trusted as a form of a query word.
            return WordAnalysis((_with_head(word, parts[-1]),), tuple(dict.fromkeys((*parts, lemma))))
        return WordAnalysis((word,), (lemma,))

    def compound_parts(self, word: str) -> tuple[str, ...]:
        return tuple(split_compound(word, self._known, lambda part: self.lemma(part, ESTONIAN)))


# Estonian compounds join a first part, usually in the genitive ("bussi", "kogukonna",
# "omaste"), to a head word. Parts shorter than this are mostly suffixes, not words, and
# these endings are words to the dictionary but suffixes at the end of a longer word
# ("korrasta-mine" is not "minema", "aju-tine" is not a compound).
_MIN_LEFT, _MIN_RIGHT = 3, 4
_SUFFIXES = frozenset({"mine", "mise", "misel", "tine", "line", "lane", "lase", "kond", "like"})
# Short head words common enough in compounds to allow ("koduabi", "puutöö", "matkatee"),
# and the one two-letter first part ("ööbuss", "öömaja").
_SHORT_HEADS = frozenset({"abi", "töö", "tee", "aed", "ala", "maa"})
_SHORT_FIRSTS = ("öö",)


def _with_head(word: str, head: str) -> str:
    """``word`` with its last part, as typed, replaced by ``head``, the lemma of that part.

    The typed last part is the longest ending of ``word`` that starts like ``head``; when
    none does ("vallamehed", head "mees"), ``word`` stays as typed.
    """
    for start in range(len(word)):
        if head.startswith(word[start:start + 3]):
            return word[:start] + head
    return word


def _may_be_head(part: str) -> bool:
    return (len(part) >= _MIN_RIGHT or part in _SHORT_HEADS) and part not in _SUFFIXES


def split_compound(word: str, known: Callable[[str], bool],
                   lemma: Callable[[str], str]) -> list[str]:
    """Lemmas of the parts of ``word`` when it is two or more known words run together.

    The first split whose both sides are known words wins, which keeps the head word as
    long as possible; the first part is split again ("ratastoolikasutaja" → ratastool,
    ratas, tool, kasutaja).
    """
    short = [len(first) for first in _SHORT_FIRSTS if word.startswith(first)]
    for cut in [*short, *range(_MIN_LEFT, len(word))]:
        left, right = word[:cut], word[cut:]
        if _may_be_head(right) and known(left) and known(right):
            left_lemma = lemma(left)
            # A lemma is rarely longer than the word; the guard keeps the recursion finite.
            inner = split_compound(left_lemma, known, lemma) if len(left_lemma) < len(word) else []
            return [left_lemma, *inner, lemma(right)]
    return []


# What facilitation.terms can run; tests/perf/candidates.py adds the measured alternatives.
BACKENDS: dict[str, Callable[[], Morphology]] = {
    "plain": PlainWords,
    "simplemma+compounds": Simplemma,
}


def load_morphology(name: str) -> Morphology:
    """Build the back-end called ``name`` (a key of BACKENDS); raises if its package is missing."""
    return BACKENDS[name]()
