"""Proposals and their history as JSON, in the API's field names; money as two-decimal strings."""

from __future__ import annotations

from datetime import date
from typing import Any

from facilitation.proposal_money import format_money

from ...models import Proposal, ProposalEvent
from ..backlog.queries import combined_dots
from ..snapshots import iso
from .queries import budget_of, next_statuses, next_step_overdue, rate_check


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def proposal_json(proposal: Proposal, today: date) -> dict[str, Any]:
    """A proposal in the API's field names; money and rates as strings with two decimals."""
    rate = budget_of(proposal).support_rate
    check = rate_check(proposal)
    return {
        "id": proposal.id,
        "title": proposal.title,
        "summary": proposal.summary,
        "status": proposal.status.value,
        "held_from": proposal.held_from.value if proposal.held_from else None,
        "allowed_statuses": [s.value for s in next_statuses(proposal)],
        "seminar_id": proposal.seminar_id,
        "workshop_id": proposal.workshop_id,
        "idea_ids": [idea.id for idea in proposal.ideas],
        "lag_id": proposal.lag_id,
        "cooperation_lag_ids": [lag.id for lag in proposal.cooperation_lags],
        "measure_id": proposal.measure_id,
        "fund": proposal.fund.value,
        "applicant_name": proposal.applicant_name,
        "applicant_type": proposal.applicant_type.value if proposal.applicant_type else None,
        "partners": proposal.partners,
        "target_groups": list(proposal.target_groups or []),
        "village": proposal.village,
        "municipality": proposal.municipality,
        "budget_total": format_money(proposal.budget_total),
        "support_requested": format_money(proposal.support_requested),
        "own_contribution_cash": format_money(proposal.own_contribution_cash),
        "own_contribution_in_kind": format_money(proposal.own_contribution_in_kind),
        "support_rate": format_money(rate) if rate is not None else None,
        "max_support_rate": format_money(check.max_rate) if check else None,
        "support_rate_exceeded": bool(check and check.exceeded),
        "call_name": proposal.call_name,
        "call_deadline": _day(proposal.call_deadline),
        "coordinator_id": proposal.coordinator_id,
        "next_step": proposal.next_step,
        "next_step_due": _day(proposal.next_step_due),
        "next_step_overdue": next_step_overdue(proposal, today),
        "created_at": iso(proposal.created_at),
        "updated_at": iso(proposal.updated_at),
    }


def event_json(event: ProposalEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "kind": event.kind.value,
        "from_status": event.from_status.value if event.from_status else None,
        "to_status": event.to_status.value if event.to_status else None,
        "note": event.note,
        "changes": list(event.changes or []),
        "user_id": event.user_id,
        "user_name": event.user.name if event.user else None,
        "created_at": iso(event.created_at),
    }


def proposal_detail_json(proposal: Proposal, today: date) -> dict[str, Any]:
    """The proposal with its source ideas (and their dots) and its whole history."""
    dots = combined_dots([idea.id for idea in proposal.ideas])
    data = proposal_json(proposal, today)
    data["ideas"] = [{"id": idea.id, "workshop_id": idea.workshop_id, "text": idea.text,
                      "votes": dots.get(idea.id, 0)} for idea in proposal.ideas]
    data["events"] = [event_json(event) for event in proposal.events]
    return data
