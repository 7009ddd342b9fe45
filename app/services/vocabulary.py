"""The words for the pipeline's codes and fields in the reader's language.

Pages, error messages and the spreadsheet headers all take their names from here, so a
status is called the same everywhere. Estonian LEADER terms are the catalogue's job.
"""

from __future__ import annotations

from ..i18n import gettext as _
from ..i18n import pgettext


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


def background_names() -> dict[str, str]:
    """Who a participant is, as the phone's join page asks it."""
    return {
        "community": _("Village or community member"),
        "entrepreneur": _("Entrepreneur"),
        "municipality": pgettext("background", "Municipality"),
        "organisation": _("Association or organisation"),
        "other": _("Other"),
        "": _("Not given"),
    }


def source_names() -> dict[str, str]:
    """How someone got on a seminar's list of participants (or how feedback came in)."""
    return {
        "phone": _("Phone"),
        "paper": _("Paper"),
        "advance": _("Registered in advance"),
    }


def seminar_kind_names() -> dict[str, str]:
    return {
        "inspiration_seminar": _("Inspiration seminar"),
        "study_trip": _("Study trip"),
        "co_creation_workshop": _("Co-creation workshop"),
        "info_day": _("Info day"),
        "other": _("Other"),
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
        "organisation": _("Organisation"),
        "background": _("Who they are"),
        "consent": _("Consent"),
        "source": _("From"),
        "checked_in": _("Checked in"),
        "registered_on": _("Registered on"),
        "lag_area": _("LAG area"),
        "number": _("No."),
        "starts_at": _("Starts at"),
        "ends_at": _("Ends at"),
        "day": _("Day"),
        "speaker": _("Speaker"),
        "answers": _("Answers"),
        "questions": _("Questions"),
        "options": _("Options"),
        "file": _("File"),
        "from": _("From (date)"),
        "to": _("To (date)"),
        "lead_lag_id": _("Lead partner"),
        "partner_lag_ids": _("Partners"),
        "starts_on": _("Starts on"),
        "ends_on": _("Ends on"),
        "aim": _("Aim"),
        "support": _("LEADER support (€)"),
        "own_contribution": _("Own contribution (€)"),
        "activity": _("Activity"),
        "planned": _("Planned (€)"),
        "actual": _("Actual (€)"),
        "spent_share": _("Spent (%)"),
        "spent_on": _("Date"),
        "amount": _("Amount (€)"),
        "project_id": _("Cooperation project"),
        "budget_line_id": _("Budget line"),
        "indicator": _("Indicator"),
        "value": _("Value"),
        "kind": _("Kind"),
        "response": _("Answer set"),
        "participants": _("Participants"),
    }


def field_name(field: str) -> str:
    return field_names().get(field, field)

