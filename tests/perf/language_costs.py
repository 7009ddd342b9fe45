"""The costs of one candidate, measured in a fresh interpreter: `python -m tests.perf.language_costs NAME`.

Prints one JSON line: load time (import and dictionaries), RSS growth, installed size of
the packages it adds to Koosloome's own, time to analyse one idea, suggestions for 200
ideas (from stored terms, and from text), duplicates among 10,000 ideas.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from facilitation.cluster_suggestions import suggest_clusters
from facilitation.morphology import LANGUAGES
from facilitation.similarity import IdeaTerms, duplicate_pairs
from facilitation.terms import TextAnalyser

from . import language_set
from .candidates import load_candidate
from .text_before import IdeaText, similar_pairs
from .text_before import duplicate_pairs as word_duplicate_pairs

# The packages each back-end needs beyond Koosloome's own dependencies.
PACKAGES = {"today": [], "plain": [], "snowball": ["PyStemmer"], "simplemma": ["simplemma"],
            "simplemma+compounds": ["simplemma"], "simplemma+compounds/dict": ["simplemma"],
            "simplemma+compounds/snowball-ru": ["simplemma", "PyStemmer"],
            "vabamorf+simplemma": ["estnltk", "simplemma"], "vabamorf+snowball": ["estnltk", "PyStemmer"]}


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _requirements(name: str) -> set[str]:
    """``name`` and everything it requires, transitively, ignoring extras."""
    seen: set[str] = set()
    pending = [name]
    while pending:
        current = pending.pop()
        key = current.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            requires = metadata.requires(current) or []
        except metadata.PackageNotFoundError:
            continue
        seen.add(key)
        for requirement in requires:
            if "extra ==" in requirement:
                continue
            pending.append(re.split(r"[ ;<>=!~\[(]", requirement, maxsplit=1)[0])
    return seen


def installed_mb(packages: list[str]) -> float:
    added = set().union(*(_requirements(p) for p in packages)) - _requirements("koosloome")
    total = 0
    for name in added:
        files = metadata.distribution(name).files or []
        located = [Path(str(path.locate())) for path in files]
        total += sum(path.stat().st_size for path in located if path.exists())
    return total / 2**20


def best_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def synthetic_backlog(base: list[tuple[str, str]], count: int) -> list[tuple[int, str]]:
    """``count`` ideas as (workshop, text) in 300 workshops, from ``base`` (theme, text) pairs:
    each mixes 3–8 words of two labelled ideas of one theme, as rooms retell the same needs."""
    rng = random.Random(13)
    by_theme: dict[str, list[list[str]]] = {}
    for theme, text in base:
        by_theme.setdefault(theme, []).append(text.split())
    themes = sorted(by_theme)
    backlog = []
    for _ in range(count):
        first, second = rng.sample(by_theme[rng.choice(themes)], 2)
        words = first + second
        backlog.append((rng.randint(1, 300), " ".join(rng.sample(words, min(len(words),
                                                                            rng.randint(3, 8))))))
    return backlog


def main(candidate: str) -> dict[str, float]:
    data = language_set.load()
    texts = [(idea.text, idea.language) for idea in data.ideas]
    before, start = rss_mb(), time.perf_counter()
    analyser = TextAnalyser(lambda: load_candidate("plain" if candidate == "today" else candidate))
    analyser.warm_up(LANGUAGES)
    for text, language in texts[::70]:
        analyser.terms(text, language)
    load_s, rss = time.perf_counter() - start, rss_mb() - before
    per_idea = best_ms(lambda: [analyser.terms(t, lang) for t, lang in texts], 5) / len(texts)
    two_hundred = texts[:200]
    stored = {n: analyser.terms(t, "et") for n, (t, _) in enumerate(two_hundred)}
    backlog = synthetic_backlog([(idea.theme, idea.text) for idea in data.ideas], 10_000)
    if candidate == "today":
        clusters = best_ms(lambda: similar_pairs(dict(enumerate(t for t, _ in two_hundred))), 5)
        from_text = clusters
        start = time.perf_counter()
        word_duplicate_pairs({n: IdeaText(w, t) for n, (w, t) in enumerate(backlog)})
    else:
        clusters = best_ms(lambda: suggest_clusters(stored, "et"), 5)
        from_text = best_ms(lambda: suggest_clusters(
            {n: analyser.terms(t, "et") for n, (t, _) in enumerate(two_hundred)}, "et"), 3)
        ideas = {n: IdeaTerms(w, analyser.terms(t, "et")) for n, (w, t) in enumerate(backlog)}
        start = time.perf_counter()
        duplicate_pairs(ideas)
    duplicates_s = time.perf_counter() - start
    return {"load_s": load_s, "rss_mb": rss, "installed_mb": installed_mb(PACKAGES[candidate]),
            "per_idea_ms": per_idea, "clusters_200_ms": clusters,
            "clusters_200_from_text_ms": from_text, "duplicates_10000_s": duplicates_s}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
