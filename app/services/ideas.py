"""Ideas: posting (by a participant, or by a facilitator on someone's behalf), hiding, editing, merging."""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from facilitation.errors import DomainError
from facilitation.ideas import awaits_approval, validate_idea
from facilitation.phases import Audience, Phase, check_can_post, ideas_visible_to_participants
from facilitation.voting import Dot, plan_merge

from ..database import transaction
from ..events import Event, TallyChanged
from ..extensions import db
from ..models import Idea, Vote, Workshop, utcnow
from . import fields
from .access import Principal, PrincipalKind, check_participant_present, check_staff
from .errors import ServiceError
from .idea_terms import store_terms
from .snapshots import idea_json, voting_rules
from .team import check_steers
from .workshops import get_workshop, next_seq

MERGE_LIMIT = 50  # ideas folded into one at a time
MODERATION_LIMIT = 500  # ideas approved or rejected at once


def _author_of(principal: Principal, data: dict[str, Any]) -> tuple[int, dict[str, int | None]]:
    """The workshop an idea goes to and who it is recorded as coming from."""
    if principal.kind is PrincipalKind.PARTICIPANT:
        assert principal.workshop_id is not None
        return principal.workshop_id, {"participant_id": principal.participant_id}
    if principal.is_staff:
        return fields.required_id(data, "workshop_id"), {"author_user_id": principal.user_id}
    check_staff(principal)
    raise AssertionError("unreachable")


def _existing(author: dict[str, int | None], client_id: str | None) -> Idea | None:
    if client_id is None:
        return None
    column, value = next(iter(author.items()))
    return db.session.scalar(sa.select(Idea).where(
        getattr(Idea, column) == value, Idea.client_id == client_id))


def post_idea(principal: Principal, data: object) -> tuple[Idea, bool]:
    """Add an idea; returns it and whether it is new (False when a retry found the original)."""
    payload = fields.payload(data)
    workshop_id, author = _author_of(principal, payload)
    client_id = fields.client_id(payload)
    original = _existing(author, client_id)
    if original is not None:
        return original, False
    try:
        with transaction() as tx:
            workshop = get_workshop(workshop_id, lock=True)
            if principal.is_staff:
                check_steers(principal, workshop)
            else:
                check_participant_present(principal)
            try:
                check_can_post(workshop.phase)
                draft = validate_idea(payload.get("text"), max_length=workshop.idea_max_length,
                                      details=payload.get("details", ""),
                                      target_groups=payload.get("target_groups", []))
            except DomainError as error:
                raise ServiceError.from_domain(error) from None
            pending = awaits_approval(moderation=workshop.moderation,
                                      typed_by_staff=principal.is_staff)
            idea = Idea(workshop_id=workshop.id, text=draft.text, details=draft.details,
                        target_groups=[group.value for group in draft.target_groups],
                        client_id=client_id, **author, pending=pending,
                        number=None if pending else next_idea_number(workshop.id))
            db.session.add(idea)
            store_terms(idea, workshop.language)
            tx.on_commit(idea_event("idea:added", workshop, idea, next_seq(workshop)))
    except IntegrityError:
        # The same client id raced itself from two connections: the first one won.
        original = _existing(author, client_id)
        db.session.rollback()
        if original is None:
            raise
        return original, False
    return idea, True


def next_idea_number(workshop_id: int) -> int:
    """The next idea's number within its workshop (the workshop's row is locked by the caller)."""
    highest = db.session.scalar(sa.select(sa.func.max(Idea.number))
                                .where(Idea.workshop_id == workshop_id))
    return (highest or 0) + 1


def moderate_ideas(principal: Principal, data: object) -> list[Idea]:
    """Approve ideas that wait for the facilitator (they reach the wall, numbered in the order
    approved), or reject them ("approve": false): a rejected idea is kept, hidden."""
    check_staff(principal)
    payload = fields.payload(data)
    approve = fields.boolean(payload, "approve", default=True)
    idea_ids = fields.id_list(payload.get("idea_ids"), "idea_ids", limit=MODERATION_LIMIT)
    if not idea_ids:
        raise fields.invalid("idea_ids")
    with transaction() as tx:
        workshop = get_workshop(fields.required_id(payload, "workshop_id"), lock=True)
        check_steers(principal, workshop)
        if workshop.phase is Phase.CLOSED:
            raise ServiceError("wrong_phase")
        found = {idea.id: idea for idea in db.session.scalars(sa.select(Idea).where(
            Idea.id.in_(idea_ids), Idea.workshop_id == workshop.id, Idea.pending.is_(True)))}
        if len(found) != len(idea_ids):
            raise fields.invalid("idea_ids")
        ideas = [found[idea_id] for idea_id in idea_ids]
        for idea in ideas:
            idea.pending = False
            if approve:
                idea.number = next_idea_number(workshop.id)
                db.session.flush()
            else:
                idea.hidden = True
            idea.updated_at = utcnow()
            # An approved idea is new to the board and the phones: it arrives as one.
            tx.on_commit(idea_event("idea:added" if approve else "idea:updated", workshop, idea,
                                    next_seq(workshop)))
    return ideas


def _staff_idea(principal: Principal, data: dict[str, Any], field: str = "idea_id"
                ) -> tuple[Workshop, Idea]:
    check_staff(principal)
    idea = db.session.get(Idea, fields.required_id(data, field))
    if idea is None:
        raise ServiceError("not_found", field=field)
    workshop = get_workshop(idea.workshop_id, lock=True)
    check_steers(principal, workshop)
    if workshop.phase is Phase.CLOSED:
        raise ServiceError("wrong_phase")
    return workshop, idea


def hide_idea(principal: Principal, data: object) -> Idea:
    """Hide an idea from the board and phones (or show it again with "hidden": false)."""
    payload = fields.payload(data)
    hidden = fields.boolean(payload, "hidden", default=True)
    with transaction() as tx:
        workshop, idea = _staff_idea(principal, payload)
        idea.hidden = hidden
        tx.on_commit(idea_event("idea:updated", workshop, idea, next_seq(workshop)),
                     TallyChanged(workshop.id))
    return idea


def edit_idea(principal: Principal, data: object) -> Idea:
    """Correct an idea's text, details or target groups."""
    payload = fields.payload(data)
    with transaction() as tx:
        workshop, idea = _staff_idea(principal, payload)
        try:
            draft = validate_idea(
                payload.get("text", idea.text), max_length=max(workshop.idea_max_length,
                                                               len(idea.text)),
                details=payload.get("details", idea.details),
                target_groups=payload.get("target_groups", idea.target_groups))
        except DomainError as error:
            raise ServiceError.from_domain(error) from None
        changed = (idea.text, idea.details) != (draft.text, draft.details)
        idea.text, idea.details = draft.text, draft.details
        if changed:
            store_terms(idea, workshop.language)
        idea.target_groups = [group.value for group in draft.target_groups]
        idea.updated_at = utcnow()
        tx.on_commit(idea_event("idea:updated", workshop, idea, next_seq(workshop)))
    return idea


def merge_ideas(principal: Principal, data: object) -> tuple[Idea, dict[str, int]]:
    """Fold source ideas into a target; dots follow, never over anyone's per-idea limit."""
    check_staff(principal)
    payload = fields.payload(data)
    source_ids = fields.id_list(payload.get("source_ids"), "source_ids", limit=MERGE_LIMIT)
    if not source_ids:
        raise fields.invalid("source_ids")
    with transaction() as tx:
        workshop, target = _staff_idea(principal, payload, "target_id")
        sources = list(db.session.scalars(sa.select(Idea).where(
            Idea.id.in_(source_ids), Idea.workshop_id == workshop.id,
            Idea.merged_into_id.is_(None))))
        if len(sources) != len(source_ids) or target.merged_into_id is not None:
            raise ServiceError("invalid_input", field="source_ids")
        rows = _live_dots(workshop.id, [target.id, *source_ids])
        try:
            plan = plan_merge(voting_rules(workshop),
                              [dot for _vote_id, dot in rows],
                              source_ids=set(source_ids), target_id=target.id)
        except DomainError as error:
            raise ServiceError.from_domain(error) from None
        _apply_merge(rows, target.id, plan.move, plan.drop)
        for source in sources:
            source.merged_into_id = target.id
            tx.on_commit(idea_event("idea:updated", workshop, source, next_seq(workshop)))
        tx.on_commit(TallyChanged(workshop.id))
    return target, {"moved": len(plan.move), "returned": len(plan.drop)}


def _live_dots(workshop_id: int, idea_ids: list[int]) -> list[tuple[int, Dot]]:
    rows = db.session.execute(sa.select(Vote.id, Vote.participant_id, Vote.idea_id).where(
        Vote.workshop_id == workshop_id, Vote.idea_id.in_(idea_ids),
        Vote.retracted_at.is_(None)).order_by(Vote.id))
    return [(vote_id, Dot(participant_id, idea_id)) for vote_id, participant_id, idea_id in rows]


def _apply_merge(rows: list[tuple[int, Dot]], target_id: int, move: list[Dot],
                 drop: list[Dot]) -> None:
    """Re-point moved dots and give dropped ones back to their owner's budget."""
    vote_ids: dict[Dot, deque[int]] = defaultdict(deque)
    for vote_id, dot in rows:
        vote_ids[dot].append(vote_id)
    moved = [vote_ids[dot].popleft() for dot in move]
    dropped = [vote_ids[dot].popleft() for dot in drop]
    if moved:
        db.session.execute(sa.update(Vote).where(Vote.id.in_(moved)).values(idea_id=target_id))
    if dropped:
        db.session.execute(sa.update(Vote).where(Vote.id.in_(dropped))
                           .values(retracted_at=utcnow()))


def idea_event(name: str, workshop: Workshop, idea: Idea, seq: int) -> Event:
    """The same change as each audience may see it; phones that may not see ideas get only seq."""
    full = idea_json(idea, audience=Audience.STAFF)
    base = {"seq": seq, "workshop_id": workshop.id}
    if idea.pending:  # only staff (and, from its ack, the author) know of it yet
        return Event(workshop.id, name, {Audience.STAFF: {**base, "idea": full},
                                         Audience.BOARD: base, Audience.PARTICIPANT: base})
    public = idea_json(idea, audience=Audience.BOARD) if idea.visible else {
        "id": idea.id, "workshop_id": idea.workshop_id, "hidden": idea.hidden,
        "merged_into_id": idea.merged_into_id}
    phones_see = ideas_visible_to_participants(workshop.phase,
                                               phones_see_ideas=workshop.phones_see_ideas)
    return Event(workshop.id, name, {
        Audience.STAFF: {**base, "idea": full},
        Audience.BOARD: {**base, "idea": public},
        Audience.PARTICIPANT: {**base, "idea": public} if phones_see else base,
    })
