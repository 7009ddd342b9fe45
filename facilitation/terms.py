"""Idea text into normalised terms, the one text analysis behind search and suggestions.

A term is a case-folded lemma or a part of a compound, with stop words left out:
"Omastehooldajate tugigrupp" → hooldaja, omane, omastehooldaja, tugi, tugigrupp, grupp.
An idea is found when every query word is one of its terms or the start of one, and the
suggestions (facilitation.similarity) compare ideas by their terms.

The morphology is loaded once per process, lazily and under a lock. If it cannot be
loaded the failure is logged once and plain case-folded words are used; a word that is
digits, mixed scripts or an unknown script is kept as a plain case-folded word. Nothing
here raises on any text.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

from facilitation.morphology import (
    ENGLISH,
    ESTONIAN,
    RUSSIAN,
    Morphology,
    PlainWords,
    WordAnalysis,
    load_morphology,
)
from facilitation.stop_words import ENGLISH as ENGLISH_STOP_WORDS
from facilitation.stop_words import ESTONIAN as ESTONIAN_STOP_WORDS
from facilitation.stop_words import is_stop_word

# Measured in docs/language.md: the best accuracy among the light back-ends.
DEFAULT_MORPHOLOGY = "simplemma+compounds"
MIN_TERM_LENGTH = 2
# A term is stored and indexed at most this long (a "word" of details may be thousands of
# letters); a query word's prefixes are cut the same way, so matching stays exact.
MAX_TERM_LENGTH = 64

logger = logging.getLogger(__name__)

# Letters and digits of any script; "_" is a word character to \w but not to people.
_WORD = re.compile(r"[^\W_]+")
_ESTONIAN_LETTERS = frozenset("õäöüšž")


@dataclass(frozen=True)
class QueryWord:
    """A word of a search query and the forms of it that may begin an idea's term."""

    word: str
    prefixes: tuple[str, ...]


def words(text: str) -> list[str]:
    """The case-folded words of ``text`` (letters and digits, any script), in order."""
    return _WORD.findall(unicodedata.normalize("NFC", text).casefold())


def script(word: str) -> str:
    """"latin", "cyrillic", "digits" or "other" (mixed scripts, Greek, CJK …) for a folded word."""
    if word.isdigit():
        return "digits"
    scripts = {_letter_script(char) for char in word if not char.isdigit()}
    return scripts.pop() if len(scripts) == 1 else "other"


def _letter_script(char: str) -> str:
    name = unicodedata.name(char, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    return "other"


def detect_language(text: str, hint: str | None = None) -> str:
    """"et", "ru" or "en": the script first, then Estonian letters and function words.

    ``hint`` (the workshop's language) decides when the text gives no sign either way.
    """
    found = words(text)
    cyrillic = sum(1 for word in found if script(word) == "cyrillic")
    latin = [word for word in found if script(word) == "latin"]
    if cyrillic > len(latin):
        return RUSSIAN
    return _latin_language(latin, hint)


def _latin_language(latin: Sequence[str], hint: str | None) -> str:
    estonian = sum(1 for word in latin
                   if word in ESTONIAN_STOP_WORDS or not _ESTONIAN_LETTERS.isdisjoint(word))
    english = sum(1 for word in latin if word in ENGLISH_STOP_WORDS)
    if estonian > english:
        return ESTONIAN
    if english > estonian:
        return ENGLISH
    return ENGLISH if hint == ENGLISH else ESTONIAN


class TextAnalyser:
    """Turns texts and queries into terms with a morphology that ``load`` builds on first use."""

    def __init__(self, load: Callable[[], Morphology]) -> None:
        self._load = load
        self._morphology: Morphology | None = None
        self._lock = threading.Lock()
        self._failures = 0

    def morphology(self) -> Morphology:
        """The loaded morphology, or plain words if loading failed (logged once)."""
        if self._morphology is None:
            with self._lock:
                if self._morphology is None:
                    self._morphology = self._load_or_fall_back()
        return self._morphology

    def warm_up(self, languages: Iterable[str] = ()) -> str:
        """Load the morphology and what these languages need now; its name."""
        languages = list(languages)
        morphology = self.morphology()
        try:
            morphology.load(languages)
        except Exception:
            logger.exception("text analysis could not load %s; they are read on first use",
                             ", ".join(languages))
        return morphology.name

    def _load_or_fall_back(self) -> Morphology:
        try:
            return self._load()
        except Exception:
            logger.exception("text analysis could not load its morphology; using plain words")
            return PlainWords()

    def analyse(self, text: str, language: str | None = None) -> list[tuple[str, WordAnalysis]]:
        """Each word of ``text`` that is not a stop word, with its analysis, in order."""
        found = [word for word in words(text)
                 if len(word) >= MIN_TERM_LENGTH and not is_stop_word(word)]
        return self._analyse_words(found, detect_language(text, language), language)

    def _analyse_words(self, found: list[str], text_language: str,
                       hint: str | None) -> list[tuple[str, WordAnalysis]]:
        latin_language = (text_language if text_language != RUSSIAN
                          else _latin_language([], hint))
        by_language: dict[str, list[int]] = {}
        for position, word in enumerate(found):
            kind = script(word)
            if kind == "cyrillic":
                by_language.setdefault(RUSSIAN, []).append(position)
            elif kind == "latin":
                # An Estonian word in an English text ("the külamaja") shows by its letters.
                estonian = latin_language == ENGLISH and not _ESTONIAN_LETTERS.isdisjoint(word)
                by_language.setdefault(ESTONIAN if estonian else latin_language, []).append(position)
        # Digits, mixed and other scripts stay plain words.
        analyses = [WordAnalysis((word,)) for word in found]
        for language, positions in by_language.items():
            batch = iter(self._analyse_batch([found[p] for p in positions], language))
            for position in positions:
                analyses[position] = next(batch)
        return [(word, analyses[position]) for position, word in enumerate(found)]

    def _analyse_batch(self, batch: list[str], language: str) -> list[WordAnalysis]:
        morphology = self.morphology()
        try:
            result = morphology.analyse(batch, language)
            if len(result) == len(batch):
                return result
        except Exception:
            # A back-end that chokes on one text must not lose the idea: plain words instead.
            with self._lock:
                self._failures += 1
                first = self._failures == 1
            if first:
                logger.exception("%s failed on a text; plain words used", morphology.name)
        return [WordAnalysis((word,)) for word in batch]

    def terms(self, text: str, language: str | None = None) -> tuple[str, ...]:
        """The sorted, distinct terms of ``text``: lemmas and compound parts, no stop words."""
        found: set[str] = set()
        for _, analysis in self.analyse(text, language):
            found.update(_keep(analysis.lemmas))
            found.update(_keep(analysis.parts))
        return tuple(sorted({term[:MAX_TERM_LENGTH] for term in found}))

    def query(self, query: str, language: str | None = None) -> tuple[QueryWord, ...]:
        """The words of a search query, each with the forms that may begin an idea's term.

        A word matches by what was typed (so a half-typed word works) or by its lemmas,
        never by its compound parts: "bussipeatus" must not find every "buss".
        Stop words are dropped unless the query has nothing else.
        """
        typed = words(query)
        kept = [word for word in typed if not is_stop_word(word)] or typed
        analysed = self._analyse_words(kept, detect_language(query, language), language)
        return tuple(QueryWord(word, tuple(sorted({form[:MAX_TERM_LENGTH] for form in
                                                   (word, *_keep(analysis.lemmas))})))
                     for word, analysis in analysed)


def _keep(terms: Iterable[str]) -> list[str]:
    return [term for term in terms if len(term) >= MIN_TERM_LENGTH and not is_stop_word(term)]


def matches(query: Sequence[QueryWord], terms: Collection[str]) -> bool:
    """True when every query word begins one of ``terms`` by one of its forms.

    The reference for what the backlog's SQL, built with ``prefix_range``, does.
    """
    return all(any(term.startswith(prefix) for prefix in word.prefixes for term in terms)
               for word in query)


def prefix_range(prefix: str) -> tuple[str, str]:
    """``(low, high)`` with every string starting with ``prefix`` in ``low <= s < high``.

    Holds in code-point order: SQLite's BINARY collation and PostgreSQL's "C" (both compare
    UTF-8 bytes, whose order is the code points'). Surrogates are not characters and cannot
    be stored, so the character after U+D7FF is U+E000. A prefix of U+10FFFF alone has no
    upper bound: its range stops before the prefix followed by one more U+10FFFF, which no
    term holds (U+10FFFF is no letter or digit).
    """
    stem = prefix.rstrip(chr(0x10FFFF))
    if not stem:
        return prefix, chr(0x10FFFF) * (len(prefix) + 1)
    following = ord(stem[-1]) + 1
    if following == 0xD800:  # the prefix of a stored term has no surrogate of its own
        following = 0xE000
    return prefix, stem[:-1] + chr(following)


_default = TextAnalyser(lambda: load_morphology(DEFAULT_MORPHOLOGY))


def idea_terms(text: str, language: str | None = None) -> tuple[str, ...]:
    """The terms to store with an idea (text and details), ``language`` being the workshop's."""
    return _default.terms(text, language)


def query_words(query: str, language: str | None = None) -> tuple[QueryWord, ...]:
    """A search query's words for ``matches`` or for SQL; empty for a blank query."""
    return _default.query(query, language)


def warm_up(languages: Iterable[str] = ()) -> str:
    """Load the morphology and the dictionaries of ``languages`` now (at start-up, not in
    the first request that posts an idea); the morphology's name."""
    return _default.warm_up(list(languages))
