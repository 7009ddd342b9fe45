"""Bar charts: each bar's length worked out here, drawn by the page as HTML rows with an SVG
bar, so labels and values are real text at the page's own size however wide the screen is
(no script, no inline style: the CSP forbids both).

A chart is only a picture of numbers the page also shows in a table, so it is hidden from
screen readers and the table is the text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

Number = int | Decimal


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as the reader sees it
    length: float  # of the first (main) series, as a percentage of the longest bar
    inner_length: float | None  # of a second series drawn inside the first, if any


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]


def bar_chart(rows: Sequence[tuple[str, Number, str]],
              inner: Sequence[Number] | None = None) -> BarChart:
    """Horizontal bars scaled to the largest value; ``inner`` draws a second series inside."""
    largest = max([float(value) for _label, value, _text in rows] +
                  [float(value) for value in inner or []] + [0.0])
    scale = 100 / largest if largest > 0 else 0.0
    return BarChart([
        Bar(label, text, round(float(value) * scale, 2),
            round(float(inner[index]) * scale, 2) if inner is not None else None)
        for index, (label, value, text) in enumerate(rows)])
