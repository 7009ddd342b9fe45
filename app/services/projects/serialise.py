"""The JSON of cooperation projects and their indicators (money as strings with two decimals)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from facilitation.cooperation import PartnerBudget
from facilitation.proposal_money import format_money

from ...models import CooperationProject, ProjectPartner
from ..paperwork.attendance import counts_json
from .indicators import Indicators


def _money(amount: Decimal) -> str:
    return format_money(amount)


def _rate(rate: Decimal | None) -> str | None:
    return format_money(rate) if rate is not None else None


def partner_json(partner: ProjectPartner) -> dict[str, Any]:
    budget = PartnerBudget(partner.budget_total, partner.support, partner.own_contribution)
    return {
        "id": partner.id,
        "lag_id": partner.lag_id,
        "lead": partner.lag_id == partner.project.lead_lag_id,
        "budget_total": _money(partner.budget_total),
        "support": _money(partner.support),
        "own_contribution": _money(partner.own_contribution),
        "support_rate": _rate(budget.support_rate),
        "lines": [{"id": line.id, "activity": line.activity, "planned": _money(line.planned)}
                  for line in partner.lines],
    }


def project_json(project: CooperationProject) -> dict[str, Any]:
    return {
        "id": project.id,
        "title": project.title,
        "lead_lag_id": project.lead_lag_id,
        "lag_ids": [partner.lag_id for partner in project.partners],
        "starts_on": project.starts_on.isoformat() if project.starts_on else None,
        "ends_on": project.ends_on.isoformat() if project.ends_on else None,
        "aim": project.aim,
        "partners": [partner_json(partner) for partner in project.partners],
    }


def indicators_json(found: Indicators) -> dict[str, Any]:
    period = found.period
    return {
        "project_id": found.project.id,
        "from": period.start.isoformat() if period.start else None,
        "to": period.end.isoformat() if period.end else None,
        "seminar_ids": [seminar.id for seminar in found.seminars],
        "events_by_kind": {kind.value: n for kind, n in found.events_by_kind.items()},
        "workshops": found.workshops,
        "participants": counts_json(found.attendance),
        "ideas": found.ideas,
        "clusters": found.clusters,
        "proposals": found.proposals,
        "proposals_by_status": {status.value: n for status, n in
                                found.proposals_by_status.items()},
        "proposals_by_fund": {row.fund.value: {"proposals": row.proposals,
                                               "support_requested": _money(row.support_requested)}
                              for row in found.proposals_by_fund},
        "other_funds_proposals": found.other_funds,
        "other_funds_share": _rate(found.other_funds_share),
        "support_requested": _money(found.support_requested),
        "support_granted": _money(found.support_granted),
        "partners": [{"lag_id": row.partner.lag_id, "budget_total": _money(row.budget.total),
                      "support": _money(row.budget.support),
                      "own_contribution": _money(row.budget.own_contribution),
                      "support_rate": _rate(row.budget.support_rate),
                      "planned": _money(row.planned), "actual": _money(row.actual)}
                     for row in found.partners],
        "budget_lines": [{"id": row.line.id, "lag_id": row.partner.lag_id,
                          "activity": row.line.activity, "planned": _money(row.use.planned),
                          "actual": _money(row.use.actual),
                          "spent_share": _rate(row.use.spent_share)}
                         for row in found.lines],
        "feedback": {"responses": found.feedback_responses,
                     **{key: {"answered": summary.answered,
                              "mean": _rate(summary.mean),
                              "distribution": {str(step): n for step, n
                                               in summary.distribution.items()}}
                        for key, summary in found.feedback.items()}},
    }
