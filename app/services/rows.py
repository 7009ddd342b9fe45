"""One row by the id a caller sent: the only way services look a row up from outside input."""

from __future__ import annotations

from typing import TypeVar

from ..extensions import db
from . import fields
from .errors import ServiceError

Row = TypeVar("Row")


def row_of(model: type[Row], value: object, name: str, *, lock: bool = False) -> Row:
    """The row of `model` whose id the caller sent as `name`: `invalid_input` (on `name`) for
    what cannot be an id, `not_found` for an id no row has. With `lock`, the row is locked
    for the rest of the transaction (FOR UPDATE where the database has it)."""
    found = fields.lookup_id(value, name)
    row = db.session.get(model, found, with_for_update=lock or None) if found else None
    if row is None:
        raise ServiceError("not_found")
    return row
