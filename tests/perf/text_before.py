"""The text handling Koosloome had before issue 13, kept only to measure against.

Substring search on the case-folded text, exact-word Jaccard similarity, and duplicates
found by prefix filtering on words: what `python -m tests.perf.language` and
`python -m tests.perf.term_search` call "today" (or "substring"). Nothing in the app uses it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

from facilitation.similarity import DuplicatePair

_WORD = re.compile(r"[^\W_]+")
_MIN_WORD_LENGTH = 3


def fold(text: str) -> str:
    """The old `search_text`: NFC, then case folded."""
    return unicodedata.normalize("NFC", text).casefold()


def substring_matches(query: str, text: str) -> bool:
    """The old backlog search: every word of the query is somewhere in the folded text."""
    folded = fold(text)
    return all(word in folded for word in fold(query).split())


def like_pattern(word: str) -> str:
    """The old LIKE pattern for one query word, with % and _ taken literally."""
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class IdeaText:
    workshop_id: int
    text: str


def words(text: str) -> frozenset[str]:
    return frozenset(word for word in _WORD.findall(fold(text)) if len(word) >= _MIN_WORD_LENGTH)


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def similar_pairs(texts: Mapping[int, str], threshold: float = 0.5) -> list[tuple[int, int, float]]:
    """``(id_a, id_b, score)`` with score >= threshold, best first (every pair compared)."""
    found = {idea_id: words(text) for idea_id, text in texts.items()}
    pairs = [(a, b, _jaccard(found[a], found[b])) for a, b in combinations(sorted(found), 2)]
    pairs = [pair for pair in pairs if pair[2] >= threshold]
    pairs.sort(key=lambda pair: (-pair[2], pair[0], pair[1]))
    return pairs


def _probe_length(size: int, threshold: float) -> int:
    # Two sets reaching the threshold share at least ceil(t·|x|) words, so one of them is
    # among the first |x| - ceil(t·|x|) + 1 of x (in the global rare-first order).
    return size - math.ceil(threshold * size - 1e-9) + 1


def _index_length(size: int, threshold: float) -> int:
    # An idea met later is at least as long, so the overlap is at least 2t/(1+t)·|y|: a
    # shorter prefix of y suffices in the index (the AllPairs / PPJoin "indexing prefix").
    return size - math.ceil(2 * threshold / (1 + threshold) * size - 1e-9) + 1


def duplicate_pairs(ideas: Mapping[int, IdeaText], threshold: float = 0.5,
                    limit: int | None = None) -> list[DuplicatePair]:
    """Pairs of ideas from different workshops whose similarity is at least ``threshold``.

    Best first, then by id; ``idea_id < other_id`` in every pair.
    """
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    found = {idea_id: words(idea.text) for idea_id, idea in ideas.items()}
    frequency = Counter(word for text_words in found.values() for word in text_words)
    # Words become numbers in the global order, rarest first: small ints hash and compare
    # faster than strings, and sorting an idea's words is sorting its numbers.
    rank = {word: number for number, word in enumerate(
        sorted(frequency, key=lambda word: (frequency[word], word)))}
    ordered = {idea_id: sorted(rank[word] for word in text_words)
               for idea_id, text_words in found.items() if text_words}
    sets = {idea_id: frozenset(numbers) for idea_id, numbers in ordered.items()}
    workshop = {idea_id: ideas[idea_id].workshop_id for idea_id in ordered}
    index: dict[int, list[int]] = defaultdict(list)
    pairs: list[DuplicatePair] = []
    # Shorter sets first, so each candidate met in the index is at most as long as the idea.
    for idea_id in sorted(ordered, key=lambda i: (len(ordered[i]), i)):
        numbers, mine, size = ordered[idea_id], sets[idea_id], len(ordered[idea_id])
        candidates: set[int] = set()
        for number in numbers[:_probe_length(size, threshold)]:
            candidates.update(index[number])
        for number in numbers[:_index_length(size, threshold)]:
            index[number].append(idea_id)
        smallest = threshold * size - 1e-9
        home = workshop[idea_id]
        for other_id in candidates:
            theirs = sets[other_id]
            if len(theirs) < smallest or workshop[other_id] == home:
                continue
            shared = len(mine & theirs)
            score = shared / (size + len(theirs) - shared)
            if score >= threshold:
                low, high = (idea_id, other_id) if idea_id < other_id else (other_id, idea_id)
                pairs.append(DuplicatePair(low, high, score))
    pairs.sort(key=lambda pair: (-pair.score, pair.idea_id, pair.other_id))
    return pairs[:limit] if limit is not None else pairs
