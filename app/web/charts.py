"""Bar charts drawn on the server as SVG geometry: no script, no inline style (the CSP forbids both).

A chart is only a picture of numbers the page also shows in a table, so the SVG is hidden
from screen readers and the table is the text alternative.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

Number = int | Decimal

LABEL_WIDTH = 210
BAR_AREA = 380
VALUE_WIDTH = 130
ROW_HEIGHT = 30
BAR_HEIGHT = 20


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as the reader sees it
    y: int
    width: float  # of the first (main) series
    inner_width: float | None  # of a second series drawn inside the first, if any


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_area: int = BAR_AREA
    bar_height: int = BAR_HEIGHT

    @property
    def value_x(self) -> int:
        return self.label_width + self.bar_area + 8


def bar_chart(rows: Sequence[tuple[str, Number, str]],
              inner: Sequence[Number] | None = None) -> BarChart:
    """Horizontal bars scaled to the largest value; ``inner`` draws a second series inside."""
    largest = max([float(value) for _label, value, _text in rows] +
                  [float(value) for value in inner or []] + [0.0])
    scale = BAR_AREA / largest if largest > 0 else 0.0
    bars = []
    for index, (label, value, text) in enumerate(rows):
        inner_width = round(float(inner[index]) * scale, 1) if inner is not None else None
        bars.append(Bar(label, text, index * ROW_HEIGHT, round(float(value) * scale, 1),
                        inner_width))
    return BarChart(bars, LABEL_WIDTH + BAR_AREA + VALUE_WIDTH,
                    max(ROW_HEIGHT, len(bars) * ROW_HEIGHT))
