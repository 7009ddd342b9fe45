"""Reading one input field of the pipeline (text, a date, an id, a list of ids, a choice).

Every refusal is a ServiceError("invalid_input") whose message names the field in the
reader's language, so a form can put it beside the right input and an API caller knows
what to fix.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from facilitation.errors import InvalidInput
from facilitation.ideas import clean_text

from .errors import ServiceError
from .vocabulary import check_field_message

E = TypeVar("E", bound=StrEnum)


def invalid(field: str, message: str | None = None) -> ServiceError:
    return ServiceError("invalid_input", message or check_field_message(field), field=field)


def text(data: Mapping[str, Any], name: str, *, limit: int, required: bool = False,
         multiline: bool = False) -> str:
    value = data.get(name)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise invalid(name)
    try:
        cleaned = clean_text(value)
    except InvalidInput:
        raise invalid(name) from None
    if not multiline:
        cleaned = " ".join(cleaned.split())
    if (required and not cleaned) or len(cleaned) > limit:
        raise invalid(name)
    return cleaned


def optional_date(data: Mapping[str, Any], name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise invalid(name)
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise invalid(name) from None


def as_id(value: object, name: str) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 2**31 - 1:
        raise invalid(name)
    return value


def optional_id(data: Mapping[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    return as_id(value, name)


def id_list(value: object, name: str, *, limit: int = 500) -> list[int]:
    """A list of ids, duplicates dropped, order kept."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or len(value) > limit:
        raise invalid(name)
    return list(dict.fromkeys(as_id(item, name) for item in value))


def choice(data: Mapping[str, Any], name: str, enum: type[E], *, default: E | None = None
           ) -> E | None:
    value = data.get(name)
    if value in (None, ""):
        return default
    if not isinstance(value, str) or value not in {member.value for member in enum}:
        raise invalid(name)
    return enum(str(value))


def flag(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    value = data.get(name, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on"}:
        return True
    if isinstance(value, str) and value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise invalid(name)
