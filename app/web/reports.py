"""Printable reports: one seminar, its workshops, its ideas ranked by dots and the proposals it fed."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import login_required

from ..services import proposals, reports
from ..services.errors import ServiceError
from .staff_pages import me, refuse, share_page_helpers

bp = Blueprint("reports", __name__, url_prefix="/reports")
share_page_helpers(bp)


@bp.before_request
@login_required
def require_staff() -> None:
    """Every report needs a signed-in staff member."""


@bp.get("/")
def index() -> str:
    return render_template("reports/index.html", seminars=proposals.seminars())


@bp.get("/seminars/<int:seminar_id>")
def seminar(seminar_id: int) -> str:
    try:
        report = reports.seminar_report(me(), seminar_id)
    except ServiceError as error:
        refuse(error)
    return render_template("reports/seminar.html", report=report,
                           budget_of=proposals.budget_of, today=proposals.local_today())
