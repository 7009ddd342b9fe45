"""Morphological back-ends that turn case-folded words into lemmas and compound parts.

Each back-end answers for a list of words of one language at a time, so one that reads
context (Vabamorf disambiguates a word by its neighbours) gets the whole text. The chosen
one is loaded once, by ``facilitation.terms``; the others exist so that
``python -m tests.perf.language`` can measure them against each other
(docs/language.md has the figures and the reasons for the choice).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

ESTONIAN, RUSSIAN, ENGLISH = "et", "ru", "en"
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


class PlainWords:
    """No morphology: each word is its own lemma. The fallback when nothing else loads."""

    name = "plain"

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        return [WordAnalysis((word,)) for word in words]


class SnowballStems:
    """Snowball stemmers (PyStemmer): suffixes cut by rule, no dictionary, no compounds."""

    name = "snowball"
    _ALGORITHMS = {ESTONIAN: "estonian", RUSSIAN: "russian", ENGLISH: "english"}

    def __init__(self) -> None:
        import Stemmer

        # A Stemmer object keeps a cache and is not safe to share between threads.
        self._local = threading.local()
        self._new = lambda language: Stemmer.Stemmer(self._ALGORITHMS[language])

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        stemmers: dict[str, Any] = self._local.__dict__.setdefault("stemmers", {})
        stemmer = stemmers.get(language) or stemmers.setdefault(language, self._new(language))
        return [WordAnalysis((stem,)) for stem in stemmer.stemWords(list(words))]


# Which dictionaries simplemma tries for a word, in order: a Latin word in an Estonian
# text may be English ("smartphone'i") and the other way round ("külamaja").
_SIMPLEMMA_ORDER = {ESTONIAN: (ESTONIAN, ENGLISH), ENGLISH: (ENGLISH, ESTONIAN), RUSSIAN: (RUSSIAN,)}


class Simplemma:
    """simplemma's dictionary lemmas; for Estonian optionally split compounds on its dictionary."""

    def __init__(self, *, split_compounds: bool, languages: Sequence[str] = LANGUAGES) -> None:
        import simplemma

        self._simplemma = simplemma
        self._split = split_compounds
        self.name = "simplemma+compounds" if split_compounds else "simplemma"
        # The dictionaries load on first use (seconds for Estonian): do it here, once,
        # rather than inside the first request that posts an idea.
        for language in languages:
            simplemma.lemmatize("a", lang=language)

    def lemma(self, word: str, language: str) -> str:
        lemma: str = self._simplemma.lemmatize(word, lang=_SIMPLEMMA_ORDER[language])
        return lemma.casefold()

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        if not (self._split and language == ESTONIAN):
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
            head = parts[-1]
            compound = word[:len(word) - len(_tail(word, head))] + head
            # The guess finds the idea but is not trusted as a form of a query word.
            return WordAnalysis((compound,), tuple(dict.fromkeys((*parts, lemma))))
        return WordAnalysis((word,), (lemma,))

    def compound_parts(self, word: str) -> tuple[str, ...]:
        return tuple(split_compound(word, self._known, lambda part: self.lemma(part, ESTONIAN)))

    def _known(self, word: str) -> bool:
        return bool(self._simplemma.is_known(word, lang=ESTONIAN))


# Estonian compounds join a first part, usually in the genitive ("bussi", "kogukonna",
# "omaste"), to a head word. Parts shorter than this are mostly suffixes, not words, and
# these endings are words to the dictionary but suffixes at the end of a longer word
# ("korrasta-mine" is not "minema", "aju-tine" is not a compound).
_MIN_LEFT, _MIN_RIGHT = 3, 4
_SUFFIXES = frozenset({"mine", "mise", "misel", "tine", "line", "lane", "lase", "kond", "like"})
# Short head words common enough in compounds to allow ("koduabi", "puutöö", "matkatee").
_SHORT_HEADS = frozenset({"abi", "töö", "tee", "aed", "ala", "maa", "öö"})


def _tail(word: str, head: str) -> str:
    """The typed form of the last part: the longest ending of ``word`` that starts like ``head``."""
    for start in range(len(word)):
        if head.startswith(word[start:start + 3]):
            return word[start:]
    return ""


def split_compound(word: str, known: Callable[[str], bool],
                   lemma: Callable[[str], str]) -> list[str]:
    """Lemmas of the parts of ``word`` when it is two or more known words run together.

    The first split whose both sides are known words wins, which keeps the head word as
    long as possible; the first part is split again ("ratastoolikasutaja" → ratastool,
    ratas, tool, kasutaja).
    """
    for cut in range(_MIN_LEFT, len(word) - 2):
        left, right = word[:cut], word[cut:]
        if len(right) < _MIN_RIGHT and right not in _SHORT_HEADS or right in _SUFFIXES:
            continue
        if known(left) and known(right):
            left_lemma = lemma(left)
            # A lemma is rarely longer than the word; the guard keeps the recursion finite.
            inner = split_compound(left_lemma, known, lemma) if len(left_lemma) < len(word) else []
            return [left_lemma, *inner, lemma(right)]
    return []


class VabamorfEstonian:
    """Vabamorf (estnltk) for Estonian: disambiguated lemmas and its own compound boundaries.

    Russian and English go to ``others``. Vabamorf's parts are stems as written in the
    compound ("kogukonna", "bussi"); each is analysed again to get its lemma.
    """

    def __init__(self, others: Morphology) -> None:
        from estnltk.vabamorf.morf import Vabamorf

        self._vabamorf = Vabamorf.instance()
        self._others = others
        # One native analyser instance per process; calls are serialised to stay safe
        # under the threading async mode as well as eventlet.
        self._lock = threading.Lock()
        self.name = f"vabamorf+{others.name}"

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        if language != ESTONIAN:
            return self._others.analyse(words, language)
        with self._lock:
            found = self._vabamorf.analyze(list(words), disambiguate=True, guess=True,
                                           propername=False)
        analyses: list[WordAnalysis] = []
        pending: dict[str, tuple[str, ...]] = {}
        for word, result in zip(words, found, strict=True):
            lemmas = tuple(dict.fromkeys(_clean_lemma(a["lemma"]) for a in result["analysis"]
                                         if a["lemma"])) or (word,)
            parts = tuple(dict.fromkeys(
                part for analysis in result["analysis"] if len(analysis["root_tokens"]) > 1
                for part in _compound_parts(analysis)))
            for part in parts:
                pending.setdefault(part, ())
            analyses.append(WordAnalysis(lemmas, parts))
        part_lemmas = self._part_lemmas(list(pending))
        return [WordAnalysis(analysis.lemmas, tuple(dict.fromkeys(
            lemma for part in analysis.parts for lemma in part_lemmas.get(part, (part,)))))
            for analysis in analyses]

    def _part_lemmas(self, parts: list[str]) -> dict[str, tuple[str, ...]]:
        if not parts:
            return {}
        with self._lock:
            found = self._vabamorf.analyze(parts, disambiguate=False, guess=True, propername=False)
        return {part: tuple(dict.fromkeys(
            [_clean_lemma(a["lemma"]) for a in result["analysis"] if a["lemma"]] or [part]))
            for part, result in zip(parts, found, strict=True)}


def _clean_lemma(lemma: str) -> str:
    # Vabamorf marks compound boundaries and derivations inside lemmas of guessed words.
    return lemma.replace("_", "").replace("=", "").replace("+", "").casefold()


def _compound_parts(analysis: dict[str, Any]) -> list[str]:
    tokens = [token.replace("+", "").replace("=", "").casefold() for token in analysis["root_tokens"]]
    return [token for token in tokens if len(token) >= 2]


class ByLanguage:
    """A different back-end per language."""

    def __init__(self, name: str, backends: dict[str, Morphology]) -> None:
        self.name = name
        self._backends = backends

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        return self._backends[language].analyse(words, language)


def _simplemma_with_snowball_russian() -> Morphology:
    # simplemma's Russian dictionary costs 130 MB of memory; Snowball finds the same there.
    estonian_english = Simplemma(split_compounds=True, languages=(ESTONIAN, ENGLISH))
    return ByLanguage("simplemma+compounds/snowball-ru", {
        ESTONIAN: estonian_english, ENGLISH: estonian_english, RUSSIAN: SnowballStems()})


BACKENDS: dict[str, Callable[[], Morphology]] = {
    "plain": PlainWords,
    "snowball": SnowballStems,
    "simplemma": lambda: Simplemma(split_compounds=False),
    "simplemma+compounds": lambda: Simplemma(split_compounds=True),
    "simplemma+compounds/snowball-ru": _simplemma_with_snowball_russian,
    "vabamorf+simplemma": lambda: VabamorfEstonian(Simplemma(split_compounds=False)),
    "vabamorf+snowball": lambda: VabamorfEstonian(SnowballStems()),
}


def load_morphology(name: str) -> Morphology:
    """Build the back-end called ``name`` (a key of BACKENDS); raises if its package is missing."""
    return BACKENDS[name]()
