"""The one reader of untrusted input: JSON bodies, socket payloads, forms and query strings.

Each function reads one field and returns a typed value, or raises
ServiceError("invalid_input", field=name), whose message names the field in the reader's
language: a form can put it beside the right input, and an API caller knows what to fix.

JSON booleans must be booleans (``boolean``); a query string's or form's flag may be
"1"/"true"/"on" (``flag``). Ids and counts may be numbers or, as forms and query strings send
them, digit strings. Text is cleaned the same way everywhere (``facilitation.ideas.clean_text``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypeVar

from facilitation.errors import InvalidInput
from facilitation.ideas import clean_text
from facilitation.proposal_money import parse_money, parse_rate

from ..database import MAX_ID
from ..i18n import gettext as _
from .errors import ServiceError, default_message

E = TypeVar("E", bound=StrEnum)
CLIENT_ID_LIMIT = 64


def invalid(field: str, message: str | None = None) -> ServiceError:
    return ServiceError("invalid_input", message, field=field)


def invalid_because(field: str, reason: str) -> ServiceError:
    """A refusal that names the field and says what is wrong with it."""
    return invalid(field, f"{default_message('invalid_input', field)} {reason}")


def payload(data: object, field: str | None = None) -> dict[str, Any]:
    """A JSON object; anything else (a list, a string, nothing) is refused whole."""
    if not isinstance(data, dict):
        raise ServiceError("invalid_input", field=field)
    return data


def fields_of(data: object) -> Mapping[str, Any]:
    """An event's payload to read fields from, once the caller may act at all.

    A payload that is not an object reads as empty, so the service can first say who may
    not do this, then name the missing field.
    """
    return data if isinstance(data, dict) else {}


def text(data: Mapping[str, Any], name: str, *, limit: int, required: bool = False,
         multiline: bool = False, default: str = "") -> str:
    """Cleaned text of at most `limit` characters; one line unless `multiline`."""
    value = data.get(name, default)
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
    if required and not cleaned:
        raise invalid_because(name, _("It must not be empty."))
    if len(cleaned) > limit:
        raise invalid_because(name, _("Most characters allowed: %(n)s.", n=limit))
    return cleaned


def _whole_number(value: object) -> int | None:
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 18:
        return int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value


def integer(data: Mapping[str, Any], name: str, *, default: int, low: int, high: int) -> int:
    """A whole number from `low` to `high`; `default` when the field is absent."""
    number = _whole_number(data.get(name, default))
    if number is None or not low <= number <= high:
        raise invalid_because(name, _("Write a whole number from %(low)s to %(high)s.",
                                      low=low, high=high))
    return number


def boolean(data: Mapping[str, Any], name: str, default: bool) -> bool:
    """A JSON true or false; `default` when the field is absent."""
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise invalid(name)
    return value


def flag(data: Mapping[str, Any], name: str, default: bool = False) -> bool:
    """A query string's or form's on/off switch."""
    value = data.get(name, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on"}:
        return True
    if isinstance(value, str) and value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise invalid(name)


def optional_date(data: Mapping[str, Any], name: str) -> date | None:
    """An ISO date (YYYY-MM-DD), or None when empty."""
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
        raise invalid_because(name, _("Write the date as year-month-day, e.g. 2025-03-14.")
                              ) from None


def as_id(value: object, name: str) -> int:
    """A row id: a whole number the database's INTEGER columns can hold."""
    number = _whole_number(value)
    if number is None or not 1 <= number <= MAX_ID:
        raise invalid(name)
    return number


def lookup_id(value: object, name: str) -> int | None:
    """An id to look a row up by: None when no row can have it (the caller answers not_found)."""
    number = _whole_number(value)
    if number is None:
        raise invalid(name)
    return number if 1 <= number <= MAX_ID else None


def required_id(data: Mapping[str, Any], name: str) -> int:
    return as_id(data.get(name), name)


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
    """One of an enum's values, or `default` when empty."""
    value = data.get(name)
    if value in (None, ""):
        return default
    if not isinstance(value, str) or value not in {member.value for member in enum}:
        raise invalid(name)
    return enum(str(value))


def choices(value: object, name: str, enum: type[E], *, limit: int) -> list[E]:
    """A list of an enum's values, duplicates dropped, order kept."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)) or len(value) > limit:
        raise invalid(name)
    allowed = {member.value for member in enum}
    if not all(isinstance(item, str) and item in allowed for item in value):
        raise invalid(name)
    return [enum(str(item)) for item in dict.fromkeys(value)]


def amount(data: Mapping[str, Any], name: str) -> Decimal:
    """Euros to the cent ("12 743,68", "12743.68" or a number); an empty field is 0."""
    try:
        return parse_money(data.get(name), field=name)
    except InvalidInput:
        raise invalid(name, amount_message(name)) from None


def amount_message(name: str) -> str:
    return "{} {}".format(default_message("invalid_input", name), _(
        "Write an amount in euros with at most two decimals, e.g. 12743.68."))


def percentage(value: object, name: str) -> Decimal:
    """A percentage from 0 to 100 with at most two decimals ("90", "72,5")."""
    try:
        return parse_rate(value, field=name)
    except InvalidInput:
        raise invalid(name) from None


def email(value: object, name: str = "email") -> str:
    """An email address, trimmed and in lower case."""
    if not isinstance(value, str):
        raise invalid(name)
    address = value.strip().lower()
    local, _at, domain = address.partition("@")
    if not local or "." not in domain or len(address) > 254 or " " in address:
        raise invalid_because(name, _("Write an email address such as name@example.ee."))
    return address


def secret(value: object, name: str, *, min_length: int, max_length: int = 200) -> str:
    """A password as typed: never cleaned or trimmed, only its length checked."""
    if not isinstance(value, str) or not min_length <= len(value) <= max_length:
        raise invalid_because(name, _("It must be %(low)s to %(high)s characters long.",
                                      low=min_length, high=max_length))
    return value


def credential(value: object, *, max_length: int) -> str | None:
    """A token or key as presented: None unless it is text of a length one of ours can have."""
    if not isinstance(value, str) or not 10 <= len(value) <= max_length:
        return None
    return value


def client_id(data: Mapping[str, Any], *, required: bool = False) -> str | None:
    """The client's own random string that makes a retry safe."""
    value = data.get("client_id")
    if value is None and not required:
        return None
    if not isinstance(value, str) or not 1 <= len(value) <= CLIENT_ID_LIMIT \
            or not value.isprintable():
        raise invalid("client_id")
    return value
