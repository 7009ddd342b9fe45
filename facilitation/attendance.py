"""A seminar's list of participants: who counts as present, and the counts a payment claim needs.

People get on the list three ways: from their phone at the seminar, typed in by staff from
the paper sign-in sheet, or by registering in advance (they count once checked in). The
counts are by background, by municipality and by LAG area (the LAG whose area holds the
municipality), and "took part without a phone" is the number of paper entries.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

BACKGROUNDS = ("community", "entrepreneur", "municipality", "organisation", "other")
UNKNOWN = ""  # the key of "not given" in every count


class AttendanceSource(StrEnum):
    PHONE = "phone"
    PAPER = "paper"
    ADVANCE = "advance"


@dataclass(frozen=True)
class AttendeeFacts:
    """What the counts need of one entry on the list."""

    source: AttendanceSource
    checked_in: bool
    background: str | None = None
    municipality: str = ""


def is_present(entry: AttendeeFacts) -> bool:
    """Phone and paper entries were made at the seminar; an advance registration counts once
    the person is checked in there."""
    return entry.source is not AttendanceSource.ADVANCE or entry.checked_in


def municipality_key(name: str) -> str:
    """One spelling of a municipality for comparing: "Võru  Vald" and "võru vald" agree."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


@dataclass(frozen=True)
class AttendanceCounts:
    total: int = 0
    paper: int = 0
    phone: int = 0
    advance: int = 0
    registered_not_present: int = 0
    by_background: dict[str, int] = field(default_factory=dict)
    by_municipality: dict[str, int] = field(default_factory=dict)
    by_lag: dict[int | None, int] = field(default_factory=dict)


def count_attendance(entries: Iterable[AttendeeFacts],
                     lag_of: Mapping[str, int]) -> AttendanceCounts:
    """The counts of the people present; ``lag_of`` maps a municipality_key to its LAG's id.

    Backgrounds are counted in their fixed order (with UNKNOWN last, only when some are not
    given); municipalities by the spelling first seen, most people first; LAG areas by id,
    with None for a municipality in no LAG's area or not given.
    """
    present = []
    waiting = 0
    for entry in entries:
        if is_present(entry):
            present.append(entry)
        else:
            waiting += 1
    sources = Counter(entry.source for entry in present)
    backgrounds = Counter(entry.background if entry.background in BACKGROUNDS else UNKNOWN
                          for entry in present)
    by_background = {code: backgrounds[code] for code in BACKGROUNDS}
    if backgrounds[UNKNOWN]:
        by_background[UNKNOWN] = backgrounds[UNKNOWN]
    areas: Counter[int | None] = Counter()
    for entry in present:
        key = municipality_key(entry.municipality)
        areas[lag_of.get(key) if key else None] += 1
    return AttendanceCounts(
        total=len(present), paper=sources[AttendanceSource.PAPER],
        phone=sources[AttendanceSource.PHONE], advance=sources[AttendanceSource.ADVANCE],
        registered_not_present=waiting, by_background=by_background,
        by_municipality=_places((entry.municipality, 1) for entry in present),
        by_lag=_areas(areas))


def _places(counted: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Counts per municipality under the spelling first seen, most people first, the
    unnamed ones (UNKNOWN) last."""
    spelling: dict[str, str] = {}
    places: Counter[str] = Counter()
    for name, count in counted:
        key = municipality_key(name)
        spelling.setdefault(key, " ".join(name.split()))
        places[key] += count
    return {spelling[key]: count for key, count in
            sorted(places.items(), key=lambda item: (item[0] == "", -item[1], item[0]))}


def _areas(areas: Counter[int | None]) -> dict[int | None, int]:
    return dict(sorted(areas.items(), key=lambda item: (item[0] is None, item[0] or 0)))


def add_counts(parts: Iterable[AttendanceCounts]) -> AttendanceCounts:
    """Several seminars' counts as one (for a project's reporting period)."""
    totals: Counter[str] = Counter()
    backgrounds: Counter[str] = Counter()
    places: list[tuple[str, int]] = []
    areas: Counter[int | None] = Counter()
    for part in parts:
        totals.update({"total": part.total, "paper": part.paper, "phone": part.phone,
                       "advance": part.advance, "waiting": part.registered_not_present})
        backgrounds.update(part.by_background)
        places.extend(part.by_municipality.items())
        areas.update(part.by_lag)
    by_background = {code: backgrounds[code] for code in BACKGROUNDS}
    if backgrounds[UNKNOWN]:
        by_background[UNKNOWN] = backgrounds[UNKNOWN]
    return AttendanceCounts(
        total=totals["total"], paper=totals["paper"], phone=totals["phone"],
        advance=totals["advance"], registered_not_present=totals["waiting"],
        by_background=by_background, by_municipality=_places(places), by_lag=_areas(areas))
