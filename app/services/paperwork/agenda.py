"""A seminar's agenda: its items in time order, each with a speaker and their organisation, and
optionally the workshop that runs in it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from typing import Any

import sqlalchemy as sa

from ...database import transaction
from ...extensions import db
from ...models import AgendaItem, Seminar, Workshop
from .. import fields
from ..access import Principal, check_staff
from .access import get_seminar, kept_paper, kept_seminar

MAX_ITEMS = 60


@dataclass(frozen=True)
class ItemInput:
    day: date | None
    starts_at: time
    ends_at: time | None
    title: str
    speaker: str
    organisation: str
    workshop_id: int | None


def parse_item(data: Mapping[str, Any], seminar: Seminar) -> ItemInput:
    starts_at = fields.clock_time(data, "starts_at", required=True)
    assert starts_at is not None
    ends_at = fields.clock_time(data, "ends_at")
    if ends_at is not None and ends_at <= starts_at:
        raise fields.invalid("ends_at")
    day = fields.optional_date(data, "day")
    if day is not None and seminar.starts_on and not (
            seminar.starts_on <= day <= (seminar.ends_on or seminar.starts_on)):
        raise fields.invalid("day")
    workshop_id = fields.optional_id(data, "workshop_id")
    if workshop_id is not None and workshop_id not in {w.id for w in seminar.workshops}:
        raise fields.invalid("workshop_id")
    return ItemInput(
        day=day, starts_at=starts_at, ends_at=ends_at,
        title=fields.text(data, "title", limit=300, required=True),
        speaker=fields.text(data, "speaker", limit=200),
        organisation=fields.text(data, "organisation", limit=300),
        workshop_id=workshop_id)


def agenda_of(seminar_id: int) -> list[AgendaItem]:
    """The items in the order they happen."""
    return list(db.session.scalars(
        sa.select(AgendaItem).where(AgendaItem.seminar_id == seminar_id)
        .options(sa.orm.joinedload(AgendaItem.workshop))
        .order_by(AgendaItem.day.asc().nulls_first(), AgendaItem.starts_at, AgendaItem.id)))


def read_agenda(principal: Principal, seminar_id: object) -> tuple[Seminar, list[AgendaItem]]:
    """Every staff member reads a seminar's agenda."""
    check_staff(principal)
    seminar = get_seminar(seminar_id)
    return seminar, agenda_of(seminar.id)


def add_item(principal: Principal, seminar_id: object, data: object) -> AgendaItem:
    payload = fields.payload(data, field="body")
    with transaction():
        seminar = kept_seminar(principal, seminar_id, lock=True)
        parsed = parse_item(payload, seminar)
        count = db.session.scalar(sa.select(sa.func.count(AgendaItem.id))
                                  .where(AgendaItem.seminar_id == seminar.id)) or 0
        if count >= MAX_ITEMS:
            raise fields.invalid("title")
        item = AgendaItem(seminar_id=seminar.id, **parsed.__dict__)
        db.session.add(item)
    return item


def get_item(principal: Principal, item_id: object) -> AgendaItem:
    return kept_paper(principal, AgendaItem, item_id, "item_id")


def update_item(principal: Principal, item_id: object, data: object) -> AgendaItem:
    payload = fields.payload(data, field="body")
    with transaction():
        item = get_item(principal, item_id)
        parsed = parse_item(payload, get_seminar(item.seminar_id))
        for name, value in parsed.__dict__.items():
            setattr(item, name, value)
    return item


def delete_item(principal: Principal, item_id: object) -> int:
    """Remove an item; returns its seminar's id."""
    with transaction():
        item = get_item(principal, item_id)
        seminar_id = item.seminar_id
        db.session.delete(item)
    return seminar_id


def agenda_item_json(item: AgendaItem) -> dict[str, Any]:
    workshop: Workshop | None = item.workshop
    return {
        "id": item.id,
        "seminar_id": item.seminar_id,
        "day": item.day.isoformat() if item.day else None,
        "starts_at": item.starts_at.strftime("%H:%M"),
        "ends_at": item.ends_at.strftime("%H:%M") if item.ends_at else None,
        "title": item.title,
        "speaker": item.speaker,
        "organisation": item.organisation,
        "workshop_id": workshop.id if workshop else None,
    }
