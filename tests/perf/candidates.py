"""The morphology back-ends measured against the product's for docs/language.md.

facilitation.morphology holds what the product runs (``simplemma+compounds``, and plain
words as its fallback); the alternatives it was chosen against are here, with the
measurement that compares them (``python -m tests.perf.language``). Snowball needs
PyStemmer and Vabamorf estnltk, neither a dependency of Koosloome:
`pip install PyStemmer estnltk` to measure them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from facilitation.morphology import (
    BACKENDS,
    ENGLISH,
    ESTONIAN,
    RUSSIAN,
    Morphology,
    Simplemma,
    WordAnalysis,
)


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

    def load(self, languages: Iterable[str]) -> None:
        pass


class SimplemmaLemmas(Simplemma):
    """simplemma's lemmas alone: no compound is split, in Estonian either."""

    name = "simplemma"

    def analyse(self, words: Sequence[str], language: str) -> list[WordAnalysis]:
        return [WordAnalysis((self.lemma(word, language),)) for word in words]


class InMemorySimplemma(Simplemma):
    """The product's analyser with simplemma's in-memory dictionaries: the memory the
    choice cost at first, with the same results."""

    name = "simplemma+compounds/dict"
    low_memory = False


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

    def load(self, languages: Iterable[str]) -> None:
        self._others.load(language for language in languages if language != ESTONIAN)

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

    def load(self, languages: Iterable[str]) -> None:
        for language in languages:
            self._backends[language].load([language])


def _simplemma_with_snowball_russian() -> Morphology:
    # simplemma's Russian dictionary costs memory; Snowball finds the same there.
    estonian_english = Simplemma()
    return ByLanguage("simplemma+compounds/snowball-ru", {
        ESTONIAN: estonian_english, ENGLISH: estonian_english, RUSSIAN: SnowballStems()})


# Every back-end measured, the product's among them, in the order of the tables.
CANDIDATES: dict[str, Callable[[], Morphology]] = {
    "plain": BACKENDS["plain"],
    "snowball": SnowballStems,
    "simplemma": SimplemmaLemmas,
    "simplemma+compounds": BACKENDS["simplemma+compounds"],
    "simplemma+compounds/dict": InMemorySimplemma,
    "simplemma+compounds/snowball-ru": _simplemma_with_snowball_russian,
    "vabamorf+simplemma": lambda: VabamorfEstonian(SimplemmaLemmas()),
    "vabamorf+snowball": lambda: VabamorfEstonian(SnowballStems()),
}
assert BACKENDS.keys() <= CANDIDATES.keys(), "every back-end the product can run is measured"


def load_candidate(name: str) -> Morphology:
    """Build the candidate called ``name`` (a key of CANDIDATES); raises if its package is missing."""
    return CANDIDATES[name]()
