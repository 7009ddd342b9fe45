"""Dot-voting rules: budgets, per-idea limits, ranking and idea merges."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from facilitation.errors import IdeaVoteLimit, InvalidInput, VoteBudgetExhausted

MAX_DOTS_PER_PARTICIPANT = 100


def _is_int(value: object) -> bool:
    # bool is an int subclass, but True dots is always a caller bug.
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class VotingRules:
    """How many dots each participant gets and how many may go on one idea."""

    dots_per_participant: int
    max_dots_per_idea: int

    def __post_init__(self) -> None:
        """Reject budgets outside 1..100 and per-idea limits above the budget."""
        if not _is_int(self.dots_per_participant) or not (
            1 <= self.dots_per_participant <= MAX_DOTS_PER_PARTICIPANT
        ):
            raise InvalidInput(
                f"dots per participant must be between 1 and {MAX_DOTS_PER_PARTICIPANT}",
                field="dots_per_participant",
            )
        if not _is_int(self.max_dots_per_idea) or not (
            1 <= self.max_dots_per_idea <= self.dots_per_participant
        ):
            raise InvalidInput(
                f"max dots per idea must be between 1 and {self.dots_per_participant}",
                field="max_dots_per_idea",
            )


def votes_left(rules: VotingRules, dots_used: int) -> int:
    """Return how many dots the participant can still spend (never negative)."""
    return max(0, rules.dots_per_participant - dots_used)


def check_cast(rules: VotingRules, *, dots_used: int, dots_on_idea: int) -> None:
    """Raise if one more dot would exceed the budget or the per-idea limit."""
    # Budget first: "you have no dots left" is the more useful message when both apply.
    if dots_used >= rules.dots_per_participant:
        raise VoteBudgetExhausted(f"all {rules.dots_per_participant} dots are already used")
    if dots_on_idea >= rules.max_dots_per_idea:
        raise IdeaVoteLimit(f"at most {rules.max_dots_per_idea} dots per idea")


@dataclass(frozen=True)
class Dot:
    """One voting dot placed by a participant on an idea (one row per dot)."""

    participant_id: int
    idea_id: int


@dataclass(frozen=True)
class RankedIdea:
    """An idea's place in the results; tied ideas share a rank."""

    idea_id: int
    votes: int
    rank: int


def rank(counts: Mapping[int, int], idea_ids: Sequence[int]) -> list[RankedIdea]:
    """Rank every idea in ``idea_ids`` by votes, ties by list order, "1224" style."""
    # dict.fromkeys keeps the first position of any duplicated id.
    ordered = list(dict.fromkeys(idea_ids))
    position = {idea_id: index for index, idea_id in enumerate(ordered)}
    by_votes = sorted(ordered, key=lambda idea_id: (-counts.get(idea_id, 0), position[idea_id]))

    ranked: list[RankedIdea] = []
    for index, idea_id in enumerate(by_votes):
        votes = counts.get(idea_id, 0)
        tied = bool(ranked) and ranked[-1].votes == votes
        place = ranked[-1].rank if tied else index + 1
        ranked.append(RankedIdea(idea_id=idea_id, votes=votes, rank=place))
    return ranked


@dataclass(frozen=True)
class MergePlan:
    """What happens to dots when source ideas are merged into a target idea."""

    # Dots re-pointed to the target; each Dot is the ORIGINAL (participant, source idea).
    move: list[Dot]
    # Dots returned to their owner's budget because keeping them would put that
    # participant over max_dots_per_idea on the target.
    drop: list[Dot]


def plan_merge(
    rules: VotingRules,
    dots: Sequence[Dot],
    *,
    source_ids: Collection[int],
    target_id: int,
) -> MergePlan:
    """Plan moving dots from ``source_ids`` onto ``target_id`` within the per-idea limit.

    Dots are processed in input order so the same input always yields the same
    plan. No dot is created, so no participant's budget can be exceeded.
    """
    sources = frozenset(source_ids)
    if target_id in sources:
        raise InvalidInput(field="target_id")

    on_target: Counter[int] = Counter(d.participant_id for d in dots if d.idea_id == target_id)
    move: list[Dot] = []
    drop: list[Dot] = []
    for dot in dots:
        if dot.idea_id not in sources:
            continue
        if on_target[dot.participant_id] < rules.max_dots_per_idea:
            on_target[dot.participant_id] += 1
            move.append(dot)
        else:
            drop.append(dot)
    return MergePlan(move=move, drop=drop)

