"""A seminar's feedback form: question kinds, the default questions, answers and their summary.

A form has questions of three kinds: a scale from 1 to 5, one choice among a few options, or
an open answer. Every seminar starts with the default questions (the LAGs' guidance asks for
a summary of the participants' feedback, and the founding document promises that the
participants' capability grows); staff may change them until the first answers come in.
Every question may be skipped, but a set of answers must answer at least one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from facilitation.errors import InvalidInput

SCALE_LOW = 1
SCALE_HIGH = 5
SCALE = tuple(range(SCALE_LOW, SCALE_HIGH + 1))
MAX_QUESTIONS = 20
MAX_OPTIONS = 10
QUESTION_LIMIT = 500
OPTION_LIMIT = 120
OPEN_ANSWER_LIMIT = 2000


class QuestionKind(StrEnum):
    SCALE = "scale"
    CHOICE = "choice"
    OPEN = "open"


class DefaultQuestion(StrEnum):
    """The questions every seminar starts with; the key also names the indicator a question
    feeds (the project's feedback means are taken over the questions that keep their key)."""

    USEFUL = "useful"
    CAPABLE = "capable"
    USE_IDEAS = "use_ideas"
    MOST_USEFUL = "most_useful"
    IMPROVE = "improve"


@dataclass(frozen=True)
class QuestionTemplate:
    key: DefaultQuestion
    kind: QuestionKind
    options: tuple[str, ...] = ()


# "Will you use one of today's ideas?": yes, maybe or no.
USE_IDEAS_OPTIONS = ("yes", "maybe", "no")

DEFAULT_QUESTIONS: tuple[QuestionTemplate, ...] = (
    QuestionTemplate(DefaultQuestion.USEFUL, QuestionKind.SCALE),
    QuestionTemplate(DefaultQuestion.CAPABLE, QuestionKind.SCALE),
    QuestionTemplate(DefaultQuestion.USE_IDEAS, QuestionKind.CHOICE, USE_IDEAS_OPTIONS),
    QuestionTemplate(DefaultQuestion.MOST_USEFUL, QuestionKind.OPEN),
    QuestionTemplate(DefaultQuestion.IMPROVE, QuestionKind.OPEN),
)

# The scale questions whose means the cooperation project reports over a period.
MEAN_INDICATORS: tuple[DefaultQuestion, ...] = (DefaultQuestion.USEFUL, DefaultQuestion.CAPABLE)

Answer = int | str


def check_answer(kind: QuestionKind, value: object, options: Sequence[str] = ()) -> Answer | None:
    """An answer of the question's kind, or None when it was left out.

    A scale answer is a whole number from 1 to 5 (a form's "4" too), a choice one of the
    option values, an open answer text of at most OPEN_ANSWER_LIMIT characters (already
    cleaned by the caller). Anything else raises ``InvalidInput``.
    """
    if value is None or value == "":
        return None
    if kind is QuestionKind.SCALE:
        number = value
        if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 2:
            number = int(value.strip())
        if isinstance(number, bool) or not isinstance(number, int) or number not in SCALE:
            raise InvalidInput()
        return number
    if not isinstance(value, str):
        raise InvalidInput()
    if kind is QuestionKind.CHOICE:
        if value not in options:
            raise InvalidInput()
        return value
    if len(value) > OPEN_ANSWER_LIMIT:
        raise InvalidInput()
    return value


def check_options(kind: QuestionKind, labels: Sequence[str]) -> tuple[str, ...]:
    """The option labels of a question: 2 to MAX_OPTIONS different ones for a choice, none
    for the other kinds."""
    if kind is not QuestionKind.CHOICE:
        return ()
    cleaned = tuple(dict.fromkeys(label for label in labels if label))
    if not 2 <= len(cleaned) <= MAX_OPTIONS:
        raise InvalidInput(field="options")
    if any(len(label) > OPTION_LIMIT for label in cleaned):
        raise InvalidInput(field="options")
    return cleaned


# -- the summary ----------------------------------------------------------------------------


def mean(values: Iterable[int]) -> Decimal | None:
    """The arithmetic mean to two decimals, rounded half up; None without values."""
    numbers = list(values)
    if not numbers:
        return None
    return (Decimal(sum(numbers)) / len(numbers)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class ScaleSummary:
    """How a scale question was answered: how many, the mean and how many gave each value."""

    answered: int
    mean: Decimal | None
    distribution: dict[int, int]


def summarise_scale(values: Iterable[int]) -> ScaleSummary:
    numbers = [value for value in values if value in SCALE]
    counts = Counter(numbers)
    return ScaleSummary(len(numbers), mean(numbers), {step: counts[step] for step in SCALE})


def summarise_choice(values: Iterable[str], options: Sequence[str]) -> dict[str, int]:
    """How many chose each option, in the options' order (an unknown value is not counted)."""
    counts = Counter(value for value in values if value in options)
    return {option: counts[option] for option in options}


def combined_mean(summaries: Iterable[ScaleSummary]) -> ScaleSummary:
    """Several seminars' answers to the same question as one: the mean of every answer given."""
    distribution = dict.fromkeys(SCALE, 0)
    for summary in summaries:
        for step, count in summary.distribution.items():
            distribution[step] += count
    answered = sum(distribution.values())
    total = sum(step * count for step, count in distribution.items())
    average = (Decimal(total) / answered).quantize(Decimal("0.01"), ROUND_HALF_UP) \
        if answered else None
    return ScaleSummary(answered, average, distribution)
