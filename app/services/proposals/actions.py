"""Changing proposals: made from ideas, edited, moved along the pipeline, commented on.

Every change is one transaction that also writes its ProposalEvent, the proposal's history.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from facilitation.errors import InvalidTransition
from facilitation.proposals import (
    ProposalStatus,
    TriageState,
    check_transition,
    held_from_after,
    triage_when_unlinked,
)

from ...database import transaction
from ...extensions import db
from ...i18n import gettext as _
from ...models import (
    Idea,
    Proposal,
    ProposalEvent,
    ProposalEventKind,
    Role,
    User,
    proposal_ideas,
    utcnow,
)
from .. import fields
from ..access import Principal
from ..errors import ServiceError
from ..idea_terms import store_proposal_terms
from ..vocabulary import status_names
from .access import check_can_edit, edit_scope, get_proposal
from .reading import BUDGET_FIELDS, budget_values, read_budget, read_note, read_plain, read_references


def _link_ideas(proposal: Proposal, ideas: list[Idea]) -> None:
    """Point the proposal at these ideas: new ones are promoted, dropped ones step back."""
    before = {idea.id: idea for idea in proposal.ideas}
    proposal.ideas = ideas
    for idea in ideas:
        idea.triage = TriageState.PROMOTED
    removed = [idea for idea_id, idea in before.items() if idea_id not in {i.id for i in ideas}]
    if not removed:
        return
    db.session.flush()
    still_linked = set(db.session.scalars(
        sa.select(proposal_ideas.c.idea_id).where(
            proposal_ideas.c.idea_id.in_([idea.id for idea in removed]))))
    for idea in removed:
        idea.triage = triage_when_unlinked(idea.id in still_linked)


def _record(proposal: Proposal, principal: Principal, kind: ProposalEventKind, **values: Any
            ) -> ProposalEvent:
    event = ProposalEvent(kind=kind, user_id=principal.user_id, created_at=utcnow(), **values)
    proposal.events.append(event)
    return event


def create_proposal(principal: Principal, data: object) -> Proposal:
    """A new proposal, at "idea", from the given fields and (usually) source ideas."""
    payload = fields.payload(data, field="body")
    scope = edit_scope(principal)
    if not scope.may_create:
        raise ServiceError("forbidden")
    if payload.get("status") not in (None, ProposalStatus.IDEA.value):
        raise fields.invalid("status", _("A new proposal starts as a project idea; change its "
                                         "status afterwards."))
    values = read_plain(payload, creating=True)
    with transaction():
        refs = read_references(payload, None, default_lag_id=scope.lag_id)
        budget = read_budget(payload)
        cooperation = refs.cooperation_lags or []
        if not scope.may_lead(refs.values["lag_id"]):
            raise ServiceError("forbidden")
        # The coordinator who makes a proposal is responsible for it until someone else is.
        owner = principal.user_id if principal.role is Role.COORDINATOR else None
        refs.values.setdefault("coordinator_id", owner)
        _check_coordinator(refs.values["coordinator_id"],
                           {refs.values["lag_id"], *(lag.id for lag in cooperation)})
        proposal = Proposal(status=ProposalStatus.IDEA, created_by_id=principal.user_id,
                            **values, **refs.values, **budget_values(budget))
        proposal.cooperation_lags = cooperation
        db.session.add(proposal)
        _link_ideas(proposal, refs.ideas or [])
        store_proposal_terms(proposal)
        _record(proposal, principal, ProposalEventKind.CREATED, to_status=ProposalStatus.IDEA,
                note=read_note(payload))
    return proposal


def update_proposal(principal: Principal, proposal_id: int, data: object) -> Proposal:
    """Change any of the given fields (a PATCH); the history records which ones changed."""
    payload = fields.payload(data, field="body")
    with transaction():
        proposal = get_proposal(principal, proposal_id, lock=True)
        scope = check_can_edit(principal, proposal)
        if "status" in payload and payload["status"] != proposal.status.value:
            raise fields.invalid("status", _("Change the status with its own action, so the "
                                             "history records it."))
        values = read_plain(payload, creating=False)
        refs = read_references(payload, proposal, default_lag_id=None)
        values.update(refs.values)
        if any(name in payload for name in BUDGET_FIELDS):
            values.update(budget_values(read_budget(payload, proposal)))
        changed = [name for name, value in values.items() if getattr(proposal, name) != value]
        new_lags = {values.get("lag_id", proposal.lag_id),
                    *(lag.id for lag in (refs.cooperation_lags
                                         if refs.cooperation_lags is not None
                                         else proposal.cooperation_lags))}
        if not scope.allows(new_lags) or (
                "lag_id" in values and values["lag_id"] != proposal.lag_id
                and not scope.may_lead(values["lag_id"])):
            # A coordinator cannot hand their own proposal away to another LAG, nor make
            # another LAG lead it.
            raise ServiceError("forbidden")
        if "coordinator_id" in values or "lag_id" in values or refs.cooperation_lags is not None:
            _check_coordinator(values.get("coordinator_id", proposal.coordinator_id), new_lags)
        for name in changed:
            setattr(proposal, name, values[name])
        if {"title", "summary", "workshop_id"} & set(changed):
            store_proposal_terms(proposal)
        if refs.cooperation_lags is not None and \
                {lag.id for lag in refs.cooperation_lags} != \
                {lag.id for lag in proposal.cooperation_lags}:
            proposal.cooperation_lags = refs.cooperation_lags
            changed.append("cooperation_lag_ids")
        if refs.ideas is not None and [i.id for i in refs.ideas] != \
                [i.id for i in proposal.ideas]:
            _link_ideas(proposal, refs.ideas)
            changed.append("idea_ids")
        note = read_note(payload)
        if changed or note:
            proposal.updated_at = utcnow()
            _record(proposal, principal, ProposalEventKind.EDITED, changes=changed, note=note)
    return proposal


def _check_coordinator(coordinator_id: int | None, lag_ids: set[int]) -> None:
    """The responsible coordinator works for one of the proposal's LAGs (or is an admin)."""
    if coordinator_id is None:
        return
    user = db.session.get(User, coordinator_id)
    if user is None or (user.role is not Role.ADMIN and user.lag_id not in lag_ids):
        raise fields.invalid("coordinator_id")


def change_status(principal: Principal, proposal_id: int, data: object) -> Proposal:
    """Move the proposal one step along an allowed path, with an optional note."""
    payload = fields.payload(data, field="body")
    target = fields.choice(payload, "status", ProposalStatus)
    if target is None:
        raise fields.invalid("status")
    with transaction():
        proposal = get_proposal(principal, proposal_id, lock=True)
        check_can_edit(principal, proposal)
        try:
            check_transition(proposal.status, target, proposal.held_from)
        except InvalidTransition:
            names = status_names()
            raise ServiceError("invalid_transition", _(
                "A proposal cannot move from “%(current)s” to “%(target)s”.",
                current=names[proposal.status.value], target=names[target.value]),
                field="status") from None
        note = read_note(payload)
        _record(proposal, principal, ProposalEventKind.STATUS, from_status=proposal.status,
                to_status=target, note=note)
        proposal.held_from = held_from_after(proposal.status, target)
        proposal.status = target
        proposal.updated_at = utcnow()
    return proposal


def add_comment(principal: Principal, proposal_id: int, data: object) -> ProposalEvent:
    payload = fields.payload(data, field="body")
    with transaction():
        proposal = get_proposal(principal, proposal_id, lock=True)
        check_can_edit(principal, proposal)
        event = _record(proposal, principal, ProposalEventKind.COMMENT,
                        note=read_note(payload, required=True))
    return event
