"""A seminar's list of participants: from phones, from the paper sign-in sheet, and from the
advance registration link; its counts; and its removal after ATTENDANCE_RETENTION_DAYS.

The list never meets the anonymous workshop. An entry has no participant id: a phone's entry
is found again by ``phone_key``, a hash of the phone's rejoin token salted differently from
the one participants are stored under, so only the phone that holds the token can find it.
Nothing here reads ideas or dots.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from facilitation.attendance import (
    AttendanceCounts,
    AttendanceSource,
    AttendeeFacts,
    count_attendance,
    municipality_key,
)

from ...database import transaction
from ...extensions import db
from ...models import (
    Attendee,
    Background,
    LagMunicipality,
    RegistrationLink,
    Seminar,
    Workshop,
)
from .. import fields
from ..access import Principal, check_staff, participant_for_token
from ..errors import ServiceError
from ..proposals import local_today
from .access import get_seminar, kept_paper, kept_seminar

PHONE_SALT = b"koosloome attendance\0"


def phone_key(token: str) -> str:
    """What a phone's entry is found by: only the holder of the token can compute it."""
    return hashlib.sha256(PHONE_SALT + token.encode()).hexdigest()


@dataclass(frozen=True)
class AttendeeInput:
    name: str
    organisation: str
    background: Background | None
    municipality: str
    email: str


def parse_attendee(data: Mapping[str, Any], *, ask_consent: bool) -> AttendeeInput:
    """An entry's fields; where the person fills it in themselves, consent must be given.
    A municipality of a LAG's area is written as the LAG wrote it ("võru  VALD" is Võru vald)."""
    parsed = AttendeeInput(
        name=fields.text(data, "name", limit=200, required=True),
        organisation=fields.text(data, "organisation", limit=300),
        background=fields.choice(data, "background", Background),
        municipality=_known_spelling(fields.text(data, "municipality", limit=200)),
        email=fields.email(data["email"]) if str(data.get("email") or "").strip() else "")
    if ask_consent and fields.flag(data, "consent") is not True:
        raise fields.invalid("consent")
    return parsed


def _known_spelling(municipality: str) -> str:
    if not municipality:
        return ""
    known = db.session.scalar(sa.select(LagMunicipality.name).where(
        LagMunicipality.key == municipality_key(municipality)))
    return known or municipality


# -- reading the list -------------------------------------------------------------------------


def lag_areas() -> dict[str, int]:
    """Which LAG's area each known municipality is in (by municipality_key)."""
    return {key: lag_id for key, lag_id in db.session.execute(
        sa.select(LagMunicipality.key, LagMunicipality.lag_id))}


def known_municipalities() -> list[str]:
    """The municipalities of the LAG areas, for the forms' suggestions."""
    return list(db.session.scalars(sa.select(LagMunicipality.name).order_by(LagMunicipality.name)))


def facts(attendee: Attendee) -> AttendeeFacts:
    return AttendeeFacts(attendee.source, attendee.checked_in,
                         attendee.background.value if attendee.background else None,
                         attendee.municipality)


def attendees_of(seminar_id: int) -> list[Attendee]:
    return list(db.session.scalars(sa.select(Attendee).where(Attendee.seminar_id == seminar_id)
                                   .order_by(Attendee.name, Attendee.id)))


@dataclass(frozen=True)
class Attendance:
    seminar: Seminar
    attendees: list[Attendee]
    counts: AttendanceCounts
    lag_of: dict[str, int]

    def lag_id_of(self, attendee: Attendee) -> int | None:
        return self.lag_of.get(municipality_key(attendee.municipality))

    @property
    def present(self) -> list[Attendee]:
        return [a for a in self.attendees if a.source is not AttendanceSource.ADVANCE
                or a.checked_in]


def attendance(principal: Principal, seminar_id: object) -> Attendance:
    """The list and its counts, for the seminar's keepers."""
    seminar = kept_seminar(principal, seminar_id)
    return attendance_of(seminar)


def attendance_of(seminar: Seminar) -> Attendance:
    rows = attendees_of(seminar.id)
    areas = lag_areas()
    return Attendance(seminar, rows, count_attendance((facts(row) for row in rows), areas),
                      areas)


# -- staff: paper entries, advance registrations, check-in --------------------------------------


def add_attendee(principal: Principal, seminar_id: object, data: object) -> Attendee:
    """An entry typed in by staff: from the paper sheet (the signature is the consent), or an
    advance registration that came by other means (``"source": "advance"``, not yet there)."""
    payload = fields.payload(data, field="body")
    check_staff(principal)
    source = fields.choice(payload, "source", AttendanceSource, default=AttendanceSource.PAPER)
    if source is AttendanceSource.PHONE:
        raise fields.invalid("source")
    with transaction():
        seminar = kept_seminar(principal, seminar_id)
        parsed = parse_attendee(payload, ask_consent=False)
        attendee = Attendee(seminar_id=seminar.id, source=source, consent=True,
                            checked_in=source is AttendanceSource.PAPER,
                            registered_on=local_today(), **parsed.__dict__)
        db.session.add(attendee)
    return attendee


def get_attendee(principal: Principal, attendee_id: object) -> Attendee:
    return kept_paper(principal, Attendee, attendee_id, "attendee_id")


def update_attendee(principal: Principal, attendee_id: object, data: object) -> Attendee:
    """Correct an entry (a name misread from the paper sheet)."""
    payload = fields.payload(data, field="body")
    with transaction():
        attendee = get_attendee(principal, attendee_id)
        for name, value in parse_attendee(payload, ask_consent=False).__dict__.items():
            setattr(attendee, name, value)
    return attendee


def delete_attendee(principal: Principal, attendee_id: object) -> int:
    """Take an entry off the list; returns its seminar's id."""
    with transaction():
        attendee = get_attendee(principal, attendee_id)
        seminar_id = attendee.seminar_id
        db.session.delete(attendee)
    return seminar_id


def check_in(principal: Principal, attendee_id: object, present: bool = True) -> Attendee:
    """Mark someone who registered in advance as there (or, by mistake, not there after all)."""
    with transaction():
        attendee = get_attendee(principal, attendee_id)
        if attendee.source is not AttendanceSource.ADVANCE:
            raise fields.invalid("checked_in")
        attendee.checked_in = present
    return attendee


# -- the phone ------------------------------------------------------------------------------


def _phone_seminar(token: object) -> tuple[str, Workshop]:
    participant = participant_for_token(token)
    if participant is None:
        raise ServiceError("unauthenticated")
    workshop = db.session.get(Workshop, participant.workshop_id)
    assert workshop is not None and isinstance(token, str)
    return token, workshop


def phone_entry(token: object) -> Attendee | None:
    """The entry this phone made for its workshop's seminar, if it made one."""
    if participant_for_token(token) is None:
        return None
    presented, workshop = _phone_seminar(token)
    return db.session.scalar(sa.select(Attendee).where(
        Attendee.seminar_id == workshop.seminar_id, Attendee.phone_key == phone_key(presented)))


def register_from_phone(token: object, data: object) -> tuple[Attendee, bool]:
    """Put the phone's holder on the list of their workshop's seminar, once; sending again
    changes the same entry. Returns the entry and whether it is new."""
    presented, workshop = _phone_seminar(token)
    payload = fields.payload(data, field="body")
    parsed = parse_attendee(payload, ask_consent=True)
    key = phone_key(presented)
    for attempt in range(2):
        try:
            with transaction():
                attendee = db.session.scalar(sa.select(Attendee).where(
                    Attendee.seminar_id == workshop.seminar_id, Attendee.phone_key == key))
                created = attendee is None
                if attendee is None:
                    attendee = Attendee(seminar_id=workshop.seminar_id, phone_key=key,
                                        source=AttendanceSource.PHONE, checked_in=True,
                                        registered_on=local_today())
                    db.session.add(attendee)
                for name, value in parsed.__dict__.items():
                    setattr(attendee, name, value)
                attendee.consent = True
            return attendee, created
        except sa.exc.IntegrityError:
            # The same phone sent twice at once and the other request made the entry first.
            if attempt:
                raise
    raise AssertionError("unreachable")


# -- the advance registration link ------------------------------------------------------------


def registration_link(seminar_id: int) -> RegistrationLink | None:
    return db.session.get(RegistrationLink, seminar_id)


def set_registration(principal: Principal, seminar_id: object, open_: bool) -> RegistrationLink:
    """Open the seminar's sign-up page (made on first use) or close it."""
    with transaction():
        seminar = kept_seminar(principal, seminar_id)
        link = db.session.get(RegistrationLink, seminar.id)
        if link is None:
            link = RegistrationLink(seminar_id=seminar.id, key=secrets.token_urlsafe(18))
            db.session.add(link)
        link.open = open_
    return link


def open_registration(key: object) -> Seminar | None:
    """The seminar whose open sign-up page has this key."""
    presented = fields.credential(key, max_length=64)
    if presented is None:
        return None
    link = db.session.scalar(sa.select(RegistrationLink).where(RegistrationLink.key == presented))
    if link is None or not link.open:
        return None
    return get_seminar(link.seminar_id)


def register_in_advance(key: object, data: object) -> Attendee:
    """A sign-up from the seminar's registration page; checked in at the seminar."""
    payload = fields.payload(data, field="body")
    seminar = open_registration(key)
    if seminar is None:
        raise ServiceError("not_found")
    parsed = parse_attendee(payload, ask_consent=True)
    with transaction():
        attendee = Attendee(seminar_id=seminar.id, source=AttendanceSource.ADVANCE, consent=True,
                            checked_in=False, registered_on=local_today(), **parsed.__dict__)
        db.session.add(attendee)
    return attendee


# -- retention ------------------------------------------------------------------------------


def retention_days() -> int:
    return int(current_app.config["ATTENDANCE_RETENTION_DAYS"])


_NAMED = sa.or_(Attendee.name != "", Attendee.organisation != "", Attendee.email != "",
                Attendee.phone_key.is_not(None))


def anonymise_attendance(seminar_id: int) -> int:
    """Remove the names, organisations, emails and phone keys of a seminar's list.

    What the counts need stays (background, municipality, how they signed in), so the
    project's indicators keep their figures; no entry can point at a person any more.
    """
    with transaction():
        get_seminar(seminar_id)
        result = db.session.execute(
            sa.update(Attendee).where(Attendee.seminar_id == seminar_id, _NAMED)
            .values(name="", organisation="", email="", phone_key=None))
    return int(getattr(result, "rowcount", 0) or 0)


def expired_seminars(days: int, today: date | None = None) -> list[int]:
    """Seminars over for longer than ``days`` whose list still names people."""
    cutoff = (today or local_today()) - timedelta(days=days)
    # Compared here, not in SQL: SQLite and PostgreSQL disagree on dates made from timestamps.
    candidates = db.session.execute(
        sa.select(Seminar.id, Seminar.ends_on, Seminar.starts_on, Seminar.created_at)
        .where(sa.exists().where(Attendee.seminar_id == Seminar.id).where(_NAMED))
        .order_by(Seminar.id))
    return [seminar_id for seminar_id, ends_on, starts_on, created_at in candidates
            if (ends_on or starts_on or created_at.date()) < cutoff]


# -- JSON -----------------------------------------------------------------------------------


UNKNOWN_KEY = "unknown"


def attendee_json(attendee: Attendee, lag_id: int | None) -> dict[str, Any]:
    return {
        "id": attendee.id,
        "seminar_id": attendee.seminar_id,
        "name": attendee.name,
        "organisation": attendee.organisation,
        "background": attendee.background.value if attendee.background else None,
        "municipality": attendee.municipality,
        "lag_id": lag_id,
        "email": attendee.email,
        "source": attendee.source.value,
        "consent": attendee.consent,
        "checked_in": attendee.checked_in,
        "registered_on": attendee.registered_on.isoformat(),
    }


def counts_json(counts: AttendanceCounts) -> dict[str, Any]:
    return {
        "total": counts.total,
        "paper": counts.paper,
        "phone": counts.phone,
        "advance": counts.advance,
        "registered_not_present": counts.registered_not_present,
        "by_background": {key or UNKNOWN_KEY: n for key, n in counts.by_background.items()},
        "by_municipality": {key or UNKNOWN_KEY: n for key, n in counts.by_municipality.items()},
        "by_lag": {str(key) if key is not None else UNKNOWN_KEY: n
                   for key, n in counts.by_lag.items()},
    }


def entry_json(attendee: Attendee) -> dict[str, Any]:
    """One entry, with the LAG whose area its municipality is in."""
    return attendee_json(attendee, lag_areas().get(municipality_key(attendee.municipality)))


def attendance_json(found: Attendance) -> dict[str, Any]:
    return {"attendees": [attendee_json(a, found.lag_id_of(a)) for a in found.attendees],
            "counts": counts_json(found.counts)}
