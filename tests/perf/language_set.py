"""The labelled ideas and queries of tests/data/labelled_ideas.json, and how results are scored."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "data" / "labelled_ideas.json"


@dataclass(frozen=True)
class Idea:
    id: str
    workshop: str
    language: str
    theme: str
    text: str


@dataclass(frozen=True)
class Query:
    language: str
    q: str
    finds: frozenset[str]


@dataclass(frozen=True)
class Workshop:
    id: str
    language: str
    split: str


@dataclass(frozen=True)
class LabelledSet:
    workshops: tuple[Workshop, ...]
    ideas: tuple[Idea, ...]
    queries: tuple[Query, ...]

    def ideas_of(self, workshop: str) -> list[Idea]:
        return [idea for idea in self.ideas if idea.workshop == workshop]


def load(path: Path = PATH) -> LabelledSet:
    raw = json.loads(path.read_text(encoding="utf-8"))
    workshops = tuple(Workshop(w["id"], w["language"], w["split"]) for w in raw["workshops"])
    language = {workshop.id: workshop.language for workshop in workshops}
    ideas = tuple(Idea(i["id"], i["workshop"], language[i["workshop"]], i["theme"], i["text"])
                  for i in raw["ideas"])
    queries = tuple(Query(q["language"], q["q"], frozenset(q["finds"])) for q in raw["queries"])
    return LabelledSet(workshops, ideas, queries)


@dataclass
class Counts:
    """True positives, false positives and false negatives, summed over queries or workshops."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, found: Collection[object], expected: Collection[object]) -> None:
        found, expected = set(found), set(expected)
        self.tp += len(found & expected)
        self.fp += len(found - expected)
        self.fn += len(expected - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def pairs(groups: Iterable[Collection[str]]) -> set[tuple[str, str]]:
    """The unordered pairs of ideas put together by a grouping (pairwise clustering scores)."""
    return {tuple(sorted(pair)) for group in groups  # type: ignore[misc]
            for pair in combinations(sorted(group), 2)}


def gold_groups(ideas: Iterable[Idea]) -> list[list[str]]:
    by_theme: dict[str, list[str]] = {}
    for idea in ideas:
        by_theme.setdefault(idea.theme, []).append(idea.id)
    return list(by_theme.values())
