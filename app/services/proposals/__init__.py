"""Follow-up LEADER project proposals grown from workshop ideas.

``access`` says who may change which proposal, ``reading`` reads a request's fields,
``actions`` makes every change (with its line of history), ``queries`` finds and pages
proposals, ``serialise`` gives their JSON, and ``drafts`` prefills one from backlog ideas.
"""

from .access import EditScope, check_can_edit, edit_scope, get_proposal
from .actions import add_comment, change_status, create_proposal, update_proposal
from .drafts import ProposalDraft, draft_from_ideas
from .queries import (
    ProposalFilters,
    ProposalPage,
    budget_of,
    coordinators,
    lags,
    list_proposals,
    local_today,
    measure_max_rate,
    measures,
    next_statuses,
    next_step_overdue,
    parse_filters,
    pipeline_columns,
    rate_check,
    seminars,
)
from .serialise import event_json, proposal_detail_json, proposal_json

__all__ = [
    "EditScope", "ProposalDraft", "ProposalFilters", "ProposalPage", "add_comment", "budget_of",
    "change_status", "check_can_edit", "coordinators", "create_proposal", "draft_from_ideas",
    "edit_scope", "event_json", "get_proposal", "lags", "list_proposals", "local_today",
    "measure_max_rate", "measures", "next_statuses", "next_step_overdue", "parse_filters",
    "pipeline_columns", "proposal_detail_json", "proposal_json", "rate_check", "seminars",
    "update_proposal",
]
