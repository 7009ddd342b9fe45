"""The pipeline's part of /api/v1: the idea backlog, proposals, exports and the measures.

It shares the API's conventions with app/web/api.py: the same principal, body reader,
error handlers and CSRF rule (a cookie session sends its token, a Bearer token needs none).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from ..extensions import csrf
from ..services import backlog, exports, proposals
from ..services.access import check_staff
from ..services.errors import ServiceError
from .api import body, csrf_error, http_error, principal, protect_cookie_sessions, service_error

bp = Blueprint("api_pipeline", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.register_error_handler(ServiceError, service_error)
bp.register_error_handler(CSRFError, csrf_error)
bp.register_error_handler(HTTPException, http_error)

EXPORT_KINDS = ("ideas", "proposals")
EXPORT_FORMATS = ("csv", "xlsx")


# The same rule as the rest of the API: a signed-in cookie session sends its CSRF token.
bp.before_request(protect_cookie_sessions)


def _page(page: Any, items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return {name: items, "page": page.filters.page, "per_page": page.filters.per_page,
            "total": page.total, "pages": page.pages}


# -- the backlog ---------------------------------------------------------------------------


@bp.get("/ideas")
def list_ideas() -> dict[str, Any]:
    page = backlog.list_backlog(principal(), backlog.parse_filters(request.args))
    return _page(page, [backlog.backlog_idea_json(row) for row in page.rows], "ideas")


@bp.get("/ideas/duplicates")
def duplicate_ideas() -> dict[str, Any]:
    pairs = backlog.duplicate_pairs_of(principal(), backlog.parse_filters(request.args))
    return {"pairs": [{"idea_id": pair.idea_id, "other_id": pair.other_id,
                       "score": round(pair.score, 3)} for pair in pairs]}


@bp.get("/ideas/<int:idea_id>")
def get_idea(idea_id: int) -> dict[str, Any]:
    detail = backlog.idea_detail(principal(), idea_id)
    data = backlog.backlog_idea_json(detail.row)
    data["own_votes"] = detail.own_dots
    return data


@bp.post("/ideas/triage")
def triage_ideas() -> dict[str, Any]:
    result = backlog.triage(principal(), body())
    return {"changed": result.changed, "unchanged": result.unchanged}


@bp.post("/ideas/theme")
def set_theme() -> dict[str, Any]:
    result = backlog.set_theme(principal(), body())
    return {"changed": result.changed, "unchanged": result.unchanged}


@bp.post("/ideas/merge")
def merge_ideas() -> dict[str, Any]:
    who = principal()
    target = backlog.merge(who, body())
    return get_idea(target.id)


# -- proposals -----------------------------------------------------------------------------


@bp.get("/proposals")
def list_proposals() -> dict[str, Any]:
    today = proposals.local_today()
    page = proposals.list_proposals(principal(), proposals.parse_filters(request.args),
                                    today=today)
    return _page(page, [proposals.proposal_json(p, today) for p in page.proposals], "proposals")


@bp.post("/proposals")
def create_proposal() -> tuple[dict[str, Any], int]:
    proposal = proposals.create_proposal(principal(), body())
    return proposals.proposal_detail_json(proposal, proposals.local_today()), 201


@bp.get("/proposals/<int:proposal_id>")
def get_proposal(proposal_id: int) -> dict[str, Any]:
    proposal = proposals.get_proposal(principal(), proposal_id)
    return proposals.proposal_detail_json(proposal, proposals.local_today())


@bp.patch("/proposals/<int:proposal_id>")
def update_proposal(proposal_id: int) -> dict[str, Any]:
    proposal = proposals.update_proposal(principal(), proposal_id, body())
    return proposals.proposal_detail_json(proposal, proposals.local_today())


@bp.post("/proposals/<int:proposal_id>/status")
def change_status(proposal_id: int) -> dict[str, Any]:
    proposal = proposals.change_status(principal(), proposal_id, body())
    return proposals.proposal_detail_json(proposal, proposals.local_today())


@bp.post("/proposals/<int:proposal_id>/comments")
def add_comment(proposal_id: int) -> tuple[dict[str, Any], int]:
    event = proposals.add_comment(principal(), proposal_id, body())
    return proposals.event_json(event), 201


# -- reference data ------------------------------------------------------------------------


@bp.get("/lags")
def list_lags() -> dict[str, Any]:
    check_staff(principal())
    return {"lags": [{"id": lag.id, "name": lag.name, "region": lag.region}
                     for lag in proposals.lags()]}


@bp.get("/measures")
def list_measures() -> dict[str, Any]:
    check_staff(principal())
    return {"measures": [{"id": m.id, "lag_id": m.lag_id, "code": m.code, "name": m.name,
                          "max_rates": dict(m.max_rates or {}), "active": m.active}
                         for m in proposals.measures()]}


# -- exports -------------------------------------------------------------------------------


@bp.get("/exports/<kind>.<file_format>")
def export(kind: str, file_format: str) -> Response:
    if kind not in EXPORT_KINDS or file_format not in EXPORT_FORMATS:
        raise ServiceError("not_found")
    result = exports.export(kind, file_format, principal(), request.args)
    # content_type, not mimetype: Werkzeug would add a second "charset" to the CSV's.
    return Response(result.content, content_type=result.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{result.filename}"',
        "Cache-Control": "no-store"})
