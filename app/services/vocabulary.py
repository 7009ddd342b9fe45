"""The words for the pipeline's codes and fields in the reader's language.

Pages, error messages and the spreadsheet headers all take their names from here, so a
status is called the same everywhere. Estonian LEADER terms are the catalogue's job.
"""

from __future__ import annotations

from ..i18n import gettext as _


def status_names() -> dict[str, str]:
    return {
        "idea": _("Project idea"),
        "developing": _("Being developed"),
        "ready": _("Ready for a call"),
        "submitted": _("Application submitted"),
        "evaluation": _("Under evaluation"),
        "approved": _("Approved"),
        "partly_approved": _("Partly approved"),
        "rejected": _("Rejected"),
        "implementation": _("In implementation"),
        "completed": _("Completed"),
        "on_hold": _("On hold"),
        "dropped": _("Dropped"),
    }


def fund_names() -> dict[str, str]:
    return {
        "leader": _("LEADER (EAFRD)"),
        "esf_plus": _("ESF+"),
        "multi_fund": _("Multi-fund"),
        "municipal": _("Municipal"),
        "other": _("Other"),
    }


def applicant_type_names() -> dict[str, str]:
    return {
        "ngo": _("Non-profit association"),
        "foundation": _("Foundation"),
        "municipality": _("Municipality"),
        "company": _("Company"),
        "community_group": _("Informal community group"),
        "person": _("Private person"),
    }


def triage_names() -> dict[str, str]:
    return {
        "new": _("New"),
        "shortlisted": _("Shortlisted"),
        "promoted": _("In a proposal"),
        "archived": _("Archived"),
    }


def target_group_names() -> dict[str, str]:
    return {
        "elderly": _("Older people"),
        "disabled": _("People with disabilities"),
        "carers": _("Carers"),
        "other": _("Others"),
    }


def funnel_names() -> dict[str, str]:
    return {
        "ideas": _("Ideas"),
        "shortlisted": _("Shortlisted"),
        "proposals": _("Proposals"),
        "submitted": _("Submitted"),
        "approved": _("Approved"),
        "completed": _("Completed"),
    }


def role_names() -> dict[str, str]:
    return {
        "admin": _("Administrator"),
        "coordinator": _("Coordinator"),
        "facilitator": _("Facilitator"),
    }


def event_names() -> dict[str, str]:
    return {
        "created": _("Created"),
        "status": _("Status changed"),
        "edited": _("Edited"),
        "comment": _("Comment"),
    }


def field_names() -> dict[str, str]:
    """Every field of the backlog and of a proposal, as a column header or a form label."""
    return {
        "id": _("ID"),
        "text": _("Idea"),
        "details": _("Details"),
        "target_groups": _("Target groups"),
        "theme": _("Theme"),
        "state": _("Backlog state"),
        "votes": _("Dots"),
        "seminar_id": _("Seminar ID"),
        "seminar_title": _("Seminar"),
        "seminar_starts_on": _("Seminar date"),
        "workshop_id": _("Workshop ID"),
        "workshop_title": _("Workshop"),
        "prompt": _("Workshop question"),
        "created_at": _("Created (UTC)"),
        "updated_at": _("Updated (UTC)"),
        "proposal_ids": _("Proposals"),
        "merged_idea_ids": _("Merged ideas"),
        "title": _("Title"),
        "summary": _("Summary"),
        "status": _("Status code"),
        "status_label": _("Status"),
        "idea_ids": _("Source ideas"),
        "lag_id": _("LAG ID"),
        "lag_name": _("Local action group"),
        "cooperation_lag_ids": _("Cooperation LAGs"),
        "measure_id": _("Measure ID"),
        "measure_code": _("Strategy measure"),
        "fund": _("Fund"),
        "applicant_name": _("Applicant"),
        "applicant_type": _("Applicant type"),
        "partners": _("Partners"),
        "village": _("Village"),
        "municipality": _("Municipality"),
        "budget_total": _("Total eligible cost (€)"),
        "support_requested": _("Support requested (€)"),
        "own_contribution_cash": _("Own contribution in cash (€)"),
        "own_contribution_in_kind": _("Own contribution in kind (€)"),
        "support_rate": _("Support rate (%)"),
        "max_support_rate": _("Measure's maximum rate (%)"),
        "call_name": _("Call"),
        "call_deadline": _("Call deadline"),
        "coordinator_id": _("Coordinator ID"),
        "coordinator_name": _("Responsible coordinator"),
        "next_step": _("Next step"),
        "next_step_due": _("Next step due"),
        "next_step_overdue": _("Next step overdue"),
        "note": _("Note"),
        "code": _("Code"),
        "name": _("Name"),
        "region": _("Region"),
        "max_rates": _("Maximum support rates"),
        "email": _("Email"),
        "role": _("Role"),
        "password": _("Password"),
        "active": _("Active"),
        "source_ids": _("Ideas to merge"),
        "target_id": _("Idea to keep"),
        "action": _("Action"),
        "q": _("Search"),
        "page": _("Page"),
        "per_page": _("Ideas per page"),
        "sort": _("Sort"),
    }


def field_name(field: str) -> str:
    return field_names().get(field, field)

