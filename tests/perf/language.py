"""Measure the text analysers on the labelled set: `python -m tests.perf.language`.

For today's code and each morphology back-end of tests/perf/candidates.py: search recall
and precision, cluster suggestion pairwise precision, recall and F1 per language
(threshold tuned on the tuning workshop only), and the costs (import, memory, installed
size, time per idea, suggestions for 200 ideas, duplicates among 10,000). Prints Markdown
tables for docs/language.md and writes test-artifacts/language.json. No figure here can fail.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from typing import Any

from facilitation.cluster_suggestions import (
    THEME_WEIGHT,
    average_link_groups,
    cluster_vectors,
    with_themes,
)
from facilitation.terms import TextAnalyser, matches

from . import language_set
from .candidates import CANDIDATES as MORPHOLOGIES
from .candidates import load_candidate
from .language_set import Counts, LabelledSet, gold_groups, pairs
from .text_before import similar_pairs, substring_matches

TODAY = "today"
CANDIDATES = (TODAY, *MORPHOLOGIES)
THRESHOLDS = [round(0.025 * step, 3) for step in range(1, 33)]
THEME_WEIGHTS = sorted({1.0, 2.0, THEME_WEIGHT})
ARTIFACT = Path("test-artifacts/language.json")


def search_counts(data: LabelledSet, find: Callable[[str, str], set[str]]) -> dict[str, Counts]:
    """Counts per query language and over all queries."""
    counts: dict[str, Counts] = {"all": Counts()}
    for query in data.queries:
        found = find(query.q, query.language)
        for key in ("all", query.language):
            counts.setdefault(key, Counts()).add(found, query.finds)
    return counts


def substring_search(data: LabelledSet) -> Callable[[str, str], set[str]]:
    """The backlog's search before terms: every query word is a substring of the folded text."""
    texts = {idea.id: idea.text for idea in data.ideas}
    return lambda q, _: {i for i, text in texts.items() if substring_matches(q, text)}


def term_search(data: LabelledSet, analyser: TextAnalyser) -> Callable[[str, str], set[str]]:
    terms = {idea.id: analyser.terms(idea.text, idea.language) for idea in data.ideas}
    return lambda q, language: {i for i, found in terms.items()
                                if matches(analyser.query(q, language), found)}


Grouper = Callable[[Mapping[str, str], str, float], list[list[str]]]


def single_link_jaccard(texts: Mapping[str, str], _language: str, threshold: float) -> list[list[str]]:
    """Today's duplicate measure made into groups: connected components of word-Jaccard pairs."""
    numbered = dict(enumerate(sorted(texts)))
    parent = {key: key for key in numbered}

    def root(key: int) -> int:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for first, second, _ in similar_pairs({n: texts[i] for n, i in numbered.items()}, threshold):
        parent[root(first)] = root(second)
    groups: dict[int, list[str]] = {}
    for key, idea_id in numbered.items():
        groups.setdefault(root(key), []).append(idea_id)
    return list(groups.values())


def average_link_terms(analyser: TextAnalyser, theme_weight: float | None) -> Grouper:
    """Grouping on terms; with a ``theme_weight``, on terms and themes weighted by it."""
    def group(texts: Mapping[str, str], language: str, threshold: float) -> list[list[str]]:
        numbered = dict(enumerate(sorted(texts)))
        terms = {n: analyser.terms(texts[i], language) for n, i in numbered.items()}
        if theme_weight is not None:
            terms = {n: with_themes(found) for n, found in terms.items()}
        found = cluster_vectors(terms, theme_weight or 1.0)
        return [[numbered[n] for n in group] for group in average_link_groups(found, threshold)]
    return group


def cluster_counts(data: LabelledSet, group: Grouper, threshold: float,
                   workshops: Collection[str]) -> Counts:
    counts = Counts()
    for workshop in data.workshops:
        if workshop.id not in workshops:
            continue
        ideas = data.ideas_of(workshop.id)
        found = group({idea.id: idea.text for idea in ideas}, workshop.language, threshold)
        counts.add(pairs(found), pairs(gold_groups(ideas)))
    return counts


def tune(data: LabelledSet, group: Grouper) -> float:
    """The threshold with the best F1 on the tuning workshop (the lowest of equals)."""
    tuning = [w.id for w in data.workshops if w.split == "tune"]
    scored = [(cluster_counts(data, group, t, tuning), t) for t in THRESHOLDS]
    return max(scored, key=lambda pair: (pair[0].f1, -pair[1]))[1]


SPLITS = {
    "et tune": lambda w: w.split == "tune",
    "et test": lambda w: w.language == "et" and w.split == "test",
    "et fresh": lambda w: w.split == "fresh",
    "ru": lambda w: w.language == "ru",
    "en": lambda w: w.language == "en",
}


def grouping(data: LabelledSet, group: Grouper) -> dict[str, Any]:
    """Tune the threshold on the tuning workshop, then score every split with it."""
    threshold = tune(data, group)
    scores = {name: _scores(cluster_counts(data, group, threshold,
                                           [w.id for w in data.workshops if belongs(w)]))
              for name, belongs in SPLITS.items()}
    return {"threshold": threshold, **scores}


def accuracy(data: LabelledSet, candidate: str) -> dict[str, Any]:
    if candidate == TODAY:
        find = substring_search(data)
        clusters = {"words": grouping(data, single_link_jaccard)}
    else:
        analyser = TextAnalyser(lambda: load_candidate(candidate))
        if analyser.morphology().name != candidate:
            raise ImportError(f"{candidate} did not load; see the log above")
        find = term_search(data, analyser)
        clusters = {"terms": grouping(data, average_link_terms(analyser, None))}
        for weight in THEME_WEIGHTS:
            clusters[f"terms + themes ×{weight:g}"] = grouping(data, average_link_terms(analyser, weight))
    search = search_counts(data, find)
    return {
        "candidate": candidate,
        "search": {key: _scores(c) for key, c in search.items()},
        "clusters": clusters,
        "misses": _misses(data, find),
    }


def _scores(counts: Counts) -> dict[str, float]:
    return {"precision": round(counts.precision, 3), "recall": round(counts.recall, 3),
            "f1": round(counts.f1, 3)}


def _misses(data: LabelledSet, find: Callable[[str, str], set[str]]) -> dict[str, dict[str, list[str]]]:
    misses = {}
    for query in data.queries:
        found = find(query.q, query.language)
        if found != query.finds:
            misses[query.q] = {"missed": sorted(query.finds - found),
                               "extra": sorted(found - query.finds)}
    return misses


def costs(candidate: str) -> dict[str, Any]:
    """The cost figures, each taken in a fresh interpreter so imports are really cold."""
    command = [sys.executable, "-m", "tests.perf.language_costs", candidate]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


def _prf(scores: dict[str, float]) -> str:
    return f"{scores['precision']:.2f} / {scores['recall']:.2f} / {scores['f1']:.2f}"


def markdown(results: list[dict[str, Any]]) -> str:
    lines = ["| candidate | search recall | precision | et | ru | en |", "|---|---|---|---|---|---|"]
    for r in results:
        s = r["search"]
        lines.append(f"| {r['candidate']} | {s['all']['recall']:.2f} | {s['all']['precision']:.2f} | "
                     + " | ".join(f"{s[k]['recall']:.2f} / {s[k]['precision']:.2f}"
                                  for k in ("et", "ru", "en")) + " |")
    lines += ["", "| candidate | similarity | threshold | " + " | ".join(SPLITS) + " |",
              "|---|---|---|" + "---|" * len(SPLITS)]
    for r in results:
        for kind, c in r["clusters"].items():
            lines.append(f"| {r['candidate']} | {kind} | {c['threshold']} | "
                         + " | ".join(_prf(c[name]) for name in SPLITS) + " |")
    lines += ["", "| candidate | import + load | RSS delta | installed | per idea | 200 ideas: "
              "terms → clusters | text → clusters | 10,000 duplicates |",
              "|---|---|---|---|---|---|---|---|"]
    for r in results:
        c = r.get("costs")
        if c:
            lines.append(
                f"| {r['candidate']} | {c['load_s']:.2f} s | {c['rss_mb']:.0f} MB | "
                f"{c['installed_mb']:.1f} MB | {c['per_idea_ms']:.2f} ms | "
                f"{c['clusters_200_ms']:.0f} ms | {c['clusters_200_from_text_ms']:.0f} ms | "
                f"{c['duplicates_10000_s']:.2f} s |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", default=",".join(CANDIDATES),
                        help="comma-separated, from: " + ", ".join(CANDIDATES))
    parser.add_argument("--no-costs", action="store_true", help="accuracy only")
    parser.add_argument("--misses", action="store_true", help="print each query's misses")
    args = parser.parse_args(argv)
    data = language_set.load()
    results = []
    for candidate in args.candidates.split(","):
        try:
            result = accuracy(data, candidate)
        except ImportError as error:
            print(f"{candidate}: not installed ({error})", file=sys.stderr)
            continue
        if not args.no_costs:
            result["costs"] = costs(candidate)
        if args.misses:
            print(candidate, json.dumps(result["misses"], ensure_ascii=False, indent=1))
        results.append(result)
    print(markdown(results))
    ARTIFACT.parent.mkdir(exist_ok=True)
    ARTIFACT.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
