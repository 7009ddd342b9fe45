"""Lists in pages: how many pages a total fills, what every list's filters share (the page
and a reporting period), and a list's filters as URL query arguments."""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from math import ceil
from typing import Any

from facilitation.cooperation import Period

PER_PAGE = 50
# The longest text search a list takes (`q`); longer is invalid_input.
Q_LIMIT = 200


@dataclasses.dataclass(frozen=True)
class ListFilters:
    """The page, a text search (``q``: every word begins a stored term, services/idea_terms.py)
    and a reporting period (``from`` and ``to``: services/periods.py says what falls in it).
    The backlog and the proposals add their own filters."""

    q: str = ""
    page: int = 1
    per_page: int = PER_PAGE
    period_from: date | None = dataclasses.field(default=None, metadata={"arg": "from"})
    period_to: date | None = dataclasses.field(default=None, metadata={"arg": "to"})

    def query_args(self, **changes: Any) -> dict[str, Any]:
        return query_args(self, **changes)

    @property
    def period(self) -> Period:
        return Period(self.period_from, self.period_to)


def page_count(total: int, per_page: int) -> int:
    """At least one page, so an empty list still has a page to show."""
    return max(1, ceil(total / per_page))


def query_args(filters: Any, **changes: Any) -> dict[str, Any]:
    """The filters that differ from their defaults, as URL query arguments (for links to other
    pages and the exports); `changes` override them, and None leaves an argument out. A field
    may name its argument in its metadata (``{"arg": "from"}``)."""
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(filters):
        value = getattr(filters, spec.name)
        if value == spec.default or value is None:
            continue
        values[spec.metadata.get("arg", spec.name)] = "1" if value is True else (
            value.value if isinstance(value, Enum) else value)
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}
