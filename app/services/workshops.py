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
from facilitation.voting import MAX_DOTS_PER_PARTICIPANT, VotingRules, votes_left

from ..database import transaction
from ..events import Event, Revoked, TallyChanged
from ..extensions import db
from ..i18n import gettext as _
from ..i18n import ngettext
from ..models import (
    Cluster,
    Idea,
    Lag,
    Participant,
    Role,
    Seminar,
    SeminarKind,
    User,
    Vote,
    Workshop,
    utcnow,
)
from . import fields
from .access import Principal, check_staff
from .errors import ServiceError
from .idea_terms import prepare_language
from .paperwork.feedback import add_default_questions
from .rows import row_of
from .snapshots import iso, snapshot, voting_rules
from .team import check_steers

LANGUAGES = ("et", "en", "ru")
EXPECTED_PARTICIPANTS_LIMIT = 10_000
DEFAULT_PAPER_BALLOT_LIMIT = 300
PAPER_BALLOT_LIMIT_CEILING = 5_000


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
    data = fields.payload(data)
    kind = fields.choice(data, "kind", SeminarKind, default=SeminarKind.INSPIRATION_SEMINAR)
    assert kind is not None
    starts_on = fields.optional_date(data, "starts_on")
    ends_on = fields.optional_date(data, "ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise fields.invalid_because("ends_on", _("The end date is before the start date."))
    return SeminarInput(
        title=fields.text(data, "title", required=True, limit=300),
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        place=fields.text(data, "place", limit=300),
        country=fields.text(data, "country", limit=100),
        notes=fields.text(data, "notes", limit=5000, multiline=True),
        lag_ids=tuple(fields.id_list(data.get("lag_ids"), "lag_ids", limit=50)),
    )


@dataclass(frozen=True)
class WorkshopInput:
    title: str
    prompt: str
    dots_per_participant: int
    max_dots_per_idea: int
    blind_voting: bool
    phones_see_ideas: bool
    moderation: bool
    idea_max_length: int
    language: str
    joining_open: bool
    expected_participants: int | None
    paper_ballot_limit: int


def parse_workshop(data: object, current: Workshop | None = None) -> WorkshopInput:
    """Validate a workshop's fields; with `current`, missing fields keep their value."""
    data = fields.payload(data)
    settings = fields.payload(data.get("settings", {}), field="settings")
    merged = {**_workshop_defaults(current), **settings,
              **{k: v for k, v in data.items() if k != "settings"}}
    language = merged.get("language")
    if language not in LANGUAGES:
        raise fields.invalid("language")
    parsed = WorkshopInput(
        title=fields.text(merged, "title", required=True, limit=300),
        prompt=fields.text(merged, "prompt", required=True, limit=500),
        dots_per_participant=fields.integer(merged, "dots_per_participant", default=5, low=1,
                                            high=MAX_DOTS_PER_PARTICIPANT),
        max_dots_per_idea=fields.integer(merged, "max_dots_per_idea", default=3, low=1,
                                         high=MAX_DOTS_PER_PARTICIPANT),
        blind_voting=fields.boolean(merged, "blind_voting", default=False),
        phones_see_ideas=fields.boolean(merged, "phones_see_ideas", default=True),
        moderation=fields.boolean(merged, "moderation", default=False),
        idea_max_length=fields.integer(merged, "idea_max_length",
                                       default=DEFAULT_IDEA_MAX_LENGTH, low=20,
                                       high=IDEA_MAX_LENGTH_LIMIT),
        language=str(language),
        joining_open=fields.boolean(merged, "joining_open", default=True),
        expected_participants=None if merged.get("expected_participants") in (None, "") else
        fields.integer(merged, "expected_participants", default=0, low=1,
                       high=EXPECTED_PARTICIPANTS_LIMIT),
        paper_ballot_limit=fields.integer(merged, "paper_ballot_limit",
                                          default=DEFAULT_PAPER_BALLOT_LIMIT, low=0,
                                          high=PAPER_BALLOT_LIMIT_CEILING),
    )
    if parsed.max_dots_per_idea > parsed.dots_per_participant:
        raise fields.invalid_because("max_dots_per_idea", ngettext(
            "At most %(num)s dot on one idea, since each person has %(num)s.",
            "At most %(num)s dots on one idea, since each person has %(num)s.",
            parsed.dots_per_participant))
    VotingRules(parsed.dots_per_participant, parsed.max_dots_per_idea)
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
        "moderation": current.moderation,
        "idea_max_length": current.idea_max_length,
        "language": current.language,
        "joining_open": current.joining_open,
        "expected_participants": current.expected_participants,
        "paper_ballot_limit": current.paper_ballot_limit,
    }


# -- lookups ------------------------------------------------------------------------------


def get_seminar(seminar_id: int) -> Seminar:
    seminar = db.session.get(Seminar, seminar_id)
    if seminar is None:
        raise ServiceError("not_found")
    return seminar


def get_workshop(workshop_id: object, *, lock: bool = False) -> Workshop:
    return row_of(Workshop, workshop_id, "workshop_id", lock=lock)


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
        db.session.flush()
        add_default_questions(seminar.id)
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
    prepare_language(fields.language)
    return workshop


def _unused_join_code() -> str:
    for _attempt in range(20):
        code = new_join_code()
        if db.session.scalar(sa.select(Workshop.id).where(Workshop.code == code)) is None:
            return code
    raise ServiceError("unavailable")


def update_workshop(principal: Principal, workshop_id: object, data: object) -> Workshop:
    """Change a workshop's title, question or settings; every screen redraws from a fresh state."""
    check_staff(principal)
    with transaction() as tx:
        workshop = get_workshop(workshop_id, lock=True)
        check_steers(principal, workshop)
        fields = parse_workshop(data, workshop)
        for name, value in fields.__dict__.items():
            setattr(workshop, name, value)
        tx.on_commit(state_event(workshop, next_seq(workshop)))
    prepare_language(fields.language)
    return workshop


def set_phase(principal: Principal, workshop_id: object, phase: object) -> Workshop:
    check_staff(principal)
    target = fields.choice({"phase": phase}, "phase", Phase)
    if target is None:
        raise fields.invalid("phase")
    with transaction() as tx:
        workshop = get_workshop(workshop_id, lock=True)
        check_steers(principal, workshop)
        try:
            check_transition(workshop.phase, target, may_reopen=principal.role is Role.ADMIN)
        except DomainError as error:
            raise ServiceError.from_domain(error) from None
        keep = phones_keep_their_ideas(workshop.phase, target,
                                       phones_see_ideas=workshop.phones_see_ideas,
                                       blind_voting=workshop.blind_voting)
        workshop.phase = target
        if target in (Phase.RESULTS, Phase.CLOSED):
            workshop.timer_ends_at = None
            # Nothing is left for a newcomer to do: the door closes (the console can reopen
            # it at results) and the screen stops showing the code.
            workshop.joining_open = False
        if target is Phase.RESULTS:
            _themes_from_clusters(workshop)
        tx.on_commit(phase_event(workshop, next_seq(workshop), phones_keep_ideas=keep),
                     TallyChanged(workshop.id))
    return workshop


def _themes_from_clusters(workshop: Workshop) -> None:
    """An idea in a cluster and without a theme takes the cluster's title as its backlog theme,
    so the coordinators' themes start from the room's own words."""
    title = (sa.select(Cluster.title).where(Cluster.id == Idea.cluster_id)
             .scalar_subquery())
    db.session.execute(sa.update(Idea).where(
        Idea.workshop_id == workshop.id, Idea.cluster_id.is_not(None), Idea.theme == "")
        .values(theme=sa.func.substr(title, 1, 200)).execution_options(
            synchronize_session=False))


def set_timer(principal: Principal, workshop_id: object, seconds: object) -> Workshop:
    check_staff(principal)
    try:
        duration = check_timer_seconds(seconds)
    except DomainError as error:
        raise ServiceError.from_domain(error) from None
    with transaction() as tx:
        workshop = get_workshop(workshop_id, lock=True)
        check_steers(principal, workshop)
        workshop.timer_ends_at = timer_end(utcnow(), duration)
        seq = next_seq(workshop)
        payload = {"seq": seq, "workshop_id": workshop.id,
                   "timer_ends_at": iso(workshop.timer_ends_at), "server_time": iso(utcnow())}
        tx.on_commit(Event(workshop.id, "timer", {audience: payload for audience in Audience}))
    return workshop


def rotate_board_key(principal: Principal, workshop_id: object) -> Workshop:
    """Give the workshop a new board key: boards open with the old one are disconnected."""
    check_staff(principal)
    with transaction() as tx:
        workshop = get_workshop(workshop_id, lock=True)
        check_steers(principal, workshop)
        workshop.board_key = new_board_key()
        tx.on_commit(Revoked("board", workshop.id))
    return workshop


# -- events -------------------------------------------------------------------------------


def phase_event(workshop: Workshop, seq: int, *, phones_keep_ideas: bool = False) -> Event:
    """A phase change carries each audience's fresh view, so a phone needs no second message.

    Phones that already hold the list the new phase shows (phones_keep_their_ideas) get the
    view without `ideas`, and keep theirs.
    """
    return _snapshot_event("phase", workshop, seq, phones_keep_ideas=phones_keep_ideas)


def state_event(workshop: Workshop, seq: int, *, resync: bool = False) -> Event:
    """Every screen's fresh view; with `resync`, phones also ask for their own dots again
    (participants were removed, and dots may have come back to them)."""
    return _snapshot_event("state", workshop, seq, resync=resync)


def _snapshot_event(name: str, workshop: Workshop, seq: int, *,
                    phones_keep_ideas: bool = False, resync: bool = False) -> Event:
    payloads: dict[Audience, dict[str, Any] | None] = {}
    for audience in Audience:
        keep = phones_keep_ideas and audience is Audience.PARTICIPANT
        payload = {"seq": seq, "phase": workshop.phase.value,
                   **snapshot(workshop, audience, with_ideas=not keep)}
        if resync:
            payload["resync"] = True
        payloads[audience] = payload
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
    authors = {user.id: user.name or user.email for user in db.session.scalars(
        sa.select(User).where(User.id.in_({b.added_by_id for b in ballots if b.added_by_id})))}
    return [ballot_json(workshop, ballot, spent[ballot.id], authors.get(ballot.added_by_id or 0))
            for ballot in ballots]


def ballot_json(workshop: Workshop, ballot: Participant,
                dots: dict[str, int] | None = None, added_by: str | None = None
                ) -> dict[str, Any]:
    """A paper ballot with its dots per idea (none yet by default), the dots it has left and
    the name of the staff member who added it."""
    dots = dots or {}
    if added_by is None and ballot.added_by_id is not None:
        author = db.session.get(User, ballot.added_by_id)
        added_by = (author.name or author.email) if author else None
    return {"id": ballot.id, "display_name": ballot.display_name,
            "votes_left": votes_left(voting_rules(workshop), sum(dots.values())),
            "my_votes": dots, "added_by": added_by}
