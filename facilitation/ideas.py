"""Idea text: cleaning, validation, and the form search compares."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

from facilitation.errors import InvalidInput


class TargetGroup(StrEnum):
    """Who an idea is meant to help."""

    ELDERLY = "elderly"
    DISABLED = "disabled"
    CARERS = "carers"
    OTHER = "other"


IDEA_MAX_LENGTH_LIMIT = 2000
DEFAULT_IDEA_MAX_LENGTH = 280
DETAILS_MAX_LENGTH = 4000

_TARGET_GROUP_VALUES = frozenset(group.value for group in TargetGroup)
_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")
_EXTRA_NEWLINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class IdeaDraft:
    """A validated, cleaned idea ready to be stored."""

    text: str
    details: str
    target_groups: tuple[TargetGroup, ...]


def _keep(char: str) -> bool:
    return char in ("\n", "\t") or unicodedata.category(char) not in _REMOVED_CATEGORIES


def clean_text(value: object) -> str:
    """Normalise user text: NFC, no invisible/control characters, tidy whitespace.

    Only "\\n" survives as a control character so ideas can keep paragraphs;
    bidi overrides, zero-width characters and lone surrogates are dropped.
    Raises ``InvalidInput`` (field "text") if ``value`` is not a string.
    """
    return _clean(value, field="text")


def _clean(value: object, *, field: str) -> str:
    if not isinstance(value, str):
        raise InvalidInput(field=field)
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    # Filter before NFC: removing a character afterwards could leave a
    # base + combining mark pair that NFC would compose on a second pass.
    text = "".join(char for char in text if _keep(char))
    text = unicodedata.normalize("NFC", text)
    text = _HORIZONTAL_SPACE.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _EXTRA_NEWLINES.sub("\n\n", text)
    return text.strip()


def _clean_target_groups(value: object) -> tuple[TargetGroup, ...]:
    if not isinstance(value, (list, tuple)):
        raise InvalidInput(field="target_groups")
    groups: list[TargetGroup] = []
    for item in value:
        if not isinstance(item, str) or item not in _TARGET_GROUP_VALUES:
            raise InvalidInput(f"unknown target group: {item!r}", field="target_groups")
        group = TargetGroup(item)
        if group not in groups:
            groups.append(group)
    return tuple(groups)


def validate_idea(
    text: object,
    *,
    max_length: int,
    details: object = "",
    target_groups: object = (),
) -> IdeaDraft:
    """Clean and validate a posted idea, raising ``InvalidInput`` naming the bad field."""
    cleaned_text = _clean(text, field="text")
    if not cleaned_text:
        raise InvalidInput(field="text")
    if len(cleaned_text) > max_length:
        raise InvalidInput(f"the idea is longer than {max_length} characters", field="text")

    cleaned_details = "" if details is None else _clean(details, field="details")
    if len(cleaned_details) > DETAILS_MAX_LENGTH:
        raise InvalidInput(
            f"details are longer than {DETAILS_MAX_LENGTH} characters", field="details"
        )

    return IdeaDraft(
        text=cleaned_text,
        details=cleaned_details,
        target_groups=_clean_target_groups(target_groups),
    )


def normalise_for_search(text: str) -> str:
    """Fold case after NFC so "Õ"/"õ", "Š"/"š", "Ж"/"ж" and friends compare equal."""
    return unicodedata.normalize("NFC", text).casefold()


def awaits_approval(*, moderation: bool, typed_by_staff: bool) -> bool:
    """Whether a new idea waits for the facilitator before the board and the phones see it.

    Only where the workshop moderates, and never for an idea the facilitator typed in from
    paper: they have read it already.
    """
    return moderation and not typed_by_staff
