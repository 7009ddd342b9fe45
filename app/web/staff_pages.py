"""What the backlog, proposal, report and admin pages share.

The signed-in principal, the names of codes in the reader's language for the templates, the
money and percentage filters, and turning a service's refusal into the right HTTP answer.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Blueprint, abort
from flask_login import current_user

from ..services.access import Principal, staff_principal
from ..services.errors import ServiceError
from ..services.vocabulary import (
    applicant_type_names,
    event_names,
    field_names,
    fund_names,
    funnel_names,
    role_names,
    status_names,
    target_group_names,
    triage_names,
)
from .formatting import euros, percent


def me() -> Principal:
    return staff_principal(current_user)


def refuse(error: ServiceError) -> NoReturn:
    """A page the service will not show: 403, 404 or 400, as the error says."""
    abort(error.status)


def names() -> dict[str, dict[str, str]]:
    return {
        "status": status_names(), "fund": fund_names(), "applicant_type": applicant_type_names(),
        "triage": triage_names(), "target_group": target_group_names(), "role": role_names(),
        "funnel": funnel_names(), "event": event_names(), "field": field_names(),
    }


def share_page_helpers(bp: Blueprint) -> None:
    """Give the blueprint's templates the names of codes and the number filters."""

    @bp.context_processor
    def vocabulary() -> dict[str, Any]:
        return {"names": names()}

    bp.add_app_template_filter(euros, "euros")
    bp.add_app_template_filter(percent, "percent")
