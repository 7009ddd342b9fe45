"""Lists in pages: how many pages a total fills, and a list's filters as URL query arguments."""

from __future__ import annotations

import dataclasses
from enum import Enum
from math import ceil
from typing import Any


def page_count(total: int, per_page: int) -> int:
    """At least one page, so an empty list still has a page to show."""
    return max(1, ceil(total / per_page))


def query_args(filters: Any, **changes: Any) -> dict[str, Any]:
    """The filters that differ from their defaults, as URL query arguments (for links to other
    pages and the exports); `changes` override them, and None leaves an argument out."""
    values: dict[str, Any] = {}
    for spec in dataclasses.fields(filters):
        value = getattr(filters, spec.name)
        if value == spec.default or value is None:
            continue
        values[spec.name] = "1" if value is True else value.value if isinstance(
            value, Enum) else value
    values.update(changes)
    return {key: value for key, value in values.items() if value is not None}
