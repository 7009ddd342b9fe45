"""Seminars and workshops: creating them, moving phases, the timer and the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from facilitation.codes import new_board_key, new_join_code, normalise_join_code
from facilitation.errors import DomainError
from facilitation.ideas import DEFAULT_IDEA_MAX_LENGTH, IDEA_MAX_LENGTH_LIMIT
from facilitation.phases import Audience, Phase, check_transition, phones_keep_their_ideas
from facilitation.timer import check_timer_seconds, timer_end
from facilitation.voting import VotingRules

from ..database import MAX_ID, transaction
from ..extensions import db
from ..models import Lag, Participant, Seminar, SeminarKind, Vote, Workshop, utcnow
from ..realtime.publisher import Event, publisher
from .access import Principal, check_staff
from .errors import ServiceError
from .snapshots import iso, snapshot

LANGUAGES = ("et", "en", "ru")


# -- input --------------------------------------------------------------------------------


def _text(data: dict[str, Any], name: str, *, required: bool, limit: int) -> str:
    value = data.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ServiceError("invalid_input", field=name)
    value = " ".join(value.split())
    if (required and not value) or len(value) > limit:
        raise ServiceError("invalid_input", field=name)
    return value


def _date(data: dict[str, Any], name: str) -> date | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ServiceError("invalid_input", field=name) from None


def _int(data: dict[str, Any], name: str, default: int, low: int, high: int) -> int:
    value = data.get(name, default)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError("invalid_input", field=name)
    return value


def _bool(data: dict[str, Any], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ServiceError("invalid_input", field=name)
    return value


@dataclass(frozen=True)
class SeminarInput:
    title: str
    kind: SeminarKind
    starts_on: date | None
    ends_on: date | None
    place: str
    country: str
    notes: str
    lag_ids: tuple[int, ...]


def parse_seminar(data: object) -> SeminarInput:
    if not isinstance(data, dict):
        raise ServiceError("invalid_input")
    kind = data.get("kind", SeminarKind.INSPIRATION_SEMINAR.value)
    if not isinstance(kind, str) or kind not in {k.value for k in SeminarKind}:
        raise ServiceError("invalid_input", field="kind")
    starts_on, ends_on = _date(data, "starts_on"), _date(data, "ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise ServiceError("invalid_input", field="ends_on")
    lag_ids = data.get("lag_ids", [])
    if not isinstance(lag_ids, list) or len(lag_ids) > 50 or not all(
            isinstance(i, int) and not isinstance(i, bool) and 1 <= i <= MAX_ID
            for i in lag_ids):
        raise ServiceError("invalid_input", field="lag_ids")
    return SeminarInput(
        title=_text(data, "title", required=True, limit=300),
        kind=SeminarKind(kind),
        starts_on=starts_on,
        ends_on=ends_on,
        place=_text(data, "place", required=False, limit=300),
        country=_text(data, "country", required=False, limit=100),
        notes=str(data.get("notes") or "")[:5000],
        lag_ids=tuple(dict.fromkeys(lag_ids)),
    )


@dataclass(frozen=True)
class WorkshopInput:
    title: str
    prompt: str
    dots_per_participant: int
    max_dots_per_idea: int
    blind_voting: bool
    phones_see_ideas: bool
    idea_max_length: int
    language: str


def parse_workshop(data: object, current: Workshop | None = None) -> WorkshopInput:
    """Validate a workshop's fields; with `current`, missing fields keep their value."""
    if not isinstance(data, dict):
        raise ServiceError("invalid_input")
    settings = data.get("settings", {})
    if not isinstance(settings, dict):
        raise ServiceError("invalid_input", field="settings")
    merged = {**_workshop_defaults(current), **settings,
              **{k: v for k, v in data.items() if k != "settings"}}
    language = merged.get("language")
    if language not in LANGUAGES:
        raise ServiceError("invalid_input", field="language")
    parsed = WorkshopInput(
        title=_text(merged, "title", required=True, limit=300),
        prompt=_text(merged, "prompt", required=True, limit=500),
        dots_per_participant=_int(merged, "dots_per_participant", 5, 1, 100),
        max_dots_per_idea=_int(merged, "max_dots_per_idea", 3, 1, 100),
        blind_voting=_bool(merged, "blind_voting", False),
        phones_see_ideas=_bool(merged, "phones_see_ideas", True),
        idea_max_length=_int(merged, "idea_max_length", DEFAULT_IDEA_MAX_LENGTH, 20,
                             IDEA_MAX_LENGTH_LIMIT),
        language=str(language),
    )
    try:
        VotingRules(parsed.dots_per_participant, parsed.max_dots_per_idea)
    except DomainError as error:
        raise ServiceError.from_domain(error) from None
    return parsed


def _workshop_defaults(current: Workshop | None) -> dict[str, Any]:
    if current is None:
        return {"language": "et"}
    return {
        "title": current.title,
        "prompt": current.prompt,
        "dots_per_participant": current.dots_per_participant,
        "max_dots_per_idea": current.max_dots_per_idea,
        "blind_voting": current.blind_voting,
        "phones_see_ideas": current.phones_see_ideas,
        "idea_max_length": current.idea_max_length,
        "language": current.language,
    }


# -- lookups ------------------------------------------------------------------------------


def get_seminar(seminar_id: int) -> Seminar:
    seminar = db.session.get(Seminar, seminar_id)
    if seminar is None:
        raise ServiceError("not_found")
    return seminar


def get_workshop(workshop_id: object, *, lock: bool = False) -> Workshop:
    if isinstance(workshop_id, bool) or not isinstance(workshop_id, int):
        raise ServiceError("invalid_input", field="workshop_id")
    if not 1 <= workshop_id <= MAX_ID:
        raise ServiceError("not_found")
    workshop = db.session.get(Workshop, workshop_id, with_for_update=lock or None)
    if workshop is None:
        raise ServiceError("not_found")
    return workshop


def get_seminar_or_none(seminar_id: int) -> Seminar | None:
    return db.session.get(Seminar, seminar_id)


def get_workshop_or_none(workshop_id: int) -> Workshop | None:
    return db.session.get(Workshop, workshop_id)


def workshop_for_code(code: object) -> Workshop | None:
    """The open workshop a join code belongs to; a closed workshop's code stops working."""
    normalised = normalise_join_code(code)
    if normalised is None:
        return None
    workshop = db.session.scalar(sa.select(Workshop).where(Workshop.code == normalised))
    if workshop is None or workshop.phase is Phase.CLOSED:
        return None
    return workshop


def list_seminars() -> list[Seminar]:
    return list(db.session.scalars(
        sa.select(Seminar).order_by(Seminar.starts_on.desc().nulls_last(), Seminar.id.desc())))


def next_seq(workshop: Workshop) -> int:
    """Advance the workshop's event number inside the current transaction (row is locked)."""
    workshop.seq += 1
    return workshop.seq


# -- seminars and workshops ---------------------------------------------------------------


def create_seminar(principal: Principal, data: object) -> Seminar:
    check_staff(principal)
    fields = parse_seminar(data)
    with transaction():
        lags = list(db.session.scalars(sa.select(Lag).where(Lag.id.in_(fields.lag_ids))))
        if len(lags) != len(fields.lag_ids):
            raise ServiceError("invalid_input", field="lag_ids")
        seminar = Seminar(
            title=fields.title, kind=fields.kind, starts_on=fields.starts_on,
            ends_on=fields.ends_on, place=fields.place, country=fields.country,
            notes=fields.notes, lags=lags, created_by_id=principal.user_id)
        db.session.add(seminar)
    return seminar


def create_workshop(principal: Principal, seminar_id: int, data: object) -> Workshop:
    check_staff(principal)
    fields = parse_workshop(data)
    with transaction():
        get_seminar(seminar_id)
        workshop = Workshop(
            seminar_id=seminar_id, code=_unused_join_code(), board_key=new_board_key(),
            created_by_id=principal.user_id, phase=Phase.DRAFT, **fields.__dict__)
        db.session.add(workshop)
    return workshop


def _unused_join_code() -> str:
    for _attempt in range(20):
        code = new_join_code()
        if db.session.scalar(sa.select(Workshop.id).where(Workshop.code == code)) is None:
            return code
    raise ServiceError("unavailable")


def update_workshop(principal: Principal, workshop_id: int, data: object) -> Workshop:
    """Change a workshop's title, question or settings; every screen redraws from a fresh state."""
    check_staff(principal)
    with transaction():
        workshop = get_workshop(workshop_id, lock=True)
        fields = parse_workshop(data, workshop)
        for name, value in fields.__dict__.items():
            setattr(workshop, name, value)
        events = [state_event(workshop, next_seq(workshop))]
    publisher.send(events)
    return workshop


def set_phase(principal: Principal, workshop_id: object, phase: object) -> Workshop:
    check_staff(principal)
    if not isinstance(phase, str) or phase not in {p.value for p in Phase}:
        raise ServiceError("invalid_input", field="phase")
    target = Phase(str(phase))
    with transaction():
        workshop = get_workshop(workshop_id, lock=True)
        try:
            check_transition(workshop.phase, target)
        except DomainError as error:
            raise ServiceError.from_domain(error) from None
        keep = phones_keep_their_ideas(workshop.phase, target,
                                       phones_see_ideas=workshop.phones_see_ideas,
                                       blind_voting=workshop.blind_voting)
        workshop.phase = target
        if target in (Phase.RESULTS, Phase.CLOSED):
            workshop.timer_ends_at = None
        events = [phase_event(workshop, next_seq(workshop), phones_keep_ideas=keep)]
    publisher.send(events)
    publisher.tally_changed(workshop.id)
    return workshop


def set_timer(principal: Principal, workshop_id: object, seconds: object) -> Workshop:
    check_staff(principal)
    try:
        duration = check_timer_seconds(seconds)
    except DomainError as error:
        raise ServiceError.from_domain(error) from None
    with transaction():
        workshop = get_workshop(workshop_id, lock=True)
        workshop.timer_ends_at = timer_end(utcnow(), duration)
        seq = next_seq(workshop)
        payload = {"seq": seq, "workshop_id": workshop.id,
                   "timer_ends_at": iso(workshop.timer_ends_at), "server_time": iso(utcnow())}
        events = [Event(workshop.id, "timer", {audience: payload for audience in Audience})]
    publisher.send(events)
    return workshop


# -- events -------------------------------------------------------------------------------


def phase_event(workshop: Workshop, seq: int, *, phones_keep_ideas: bool = False) -> Event:
    """A phase change carries each audience's fresh view, so a phone needs no second message.

    Phones that already hold the list the new phase shows (phones_keep_their_ideas) get the
    view without `ideas`, and keep theirs.
    """
    return _snapshot_event("phase", workshop, seq, phones_keep_ideas=phones_keep_ideas)


def state_event(workshop: Workshop, seq: int) -> Event:
    return _snapshot_event("state", workshop, seq)


def _snapshot_event(name: str, workshop: Workshop, seq: int, *,
                    phones_keep_ideas: bool = False) -> Event:
    payloads: dict[Audience, dict[str, Any] | None] = {}
    for audience in Audience:
        keep = phones_keep_ideas and audience is Audience.PARTICIPANT
        payloads[audience] = {"seq": seq, "phase": workshop.phase.value,
                              **snapshot(workshop, audience, with_ideas=not keep)}
    return Event(workshop.id, name, payloads)


def ballots_json(workshop: Workshop) -> list[dict[str, Any]]:
    """The paper ballots of a workshop with the dots each has left, for the console."""
    ballots = list(db.session.scalars(sa.select(Participant).where(
        Participant.workshop_id == workshop.id, Participant.on_paper.is_(True))
        .order_by(Participant.id)))
    spent: dict[int, dict[str, int]] = {ballot.id: {} for ballot in ballots}
    if ballots:
        rows = db.session.execute(
            sa.select(Vote.participant_id, Vote.idea_id, sa.func.count())
            .where(Vote.participant_id.in_(spent), Vote.retracted_at.is_(None))
            .group_by(Vote.participant_id, Vote.idea_id))
        for participant_id, idea_id, count in rows:
            spent[participant_id][str(idea_id)] = count
    return [{"id": ballot.id, "display_name": ballot.display_name,
             "votes_left": max(0, workshop.dots_per_participant - sum(spent[ballot.id].values())),
             "my_votes": spent[ballot.id]} for ballot in ballots]
