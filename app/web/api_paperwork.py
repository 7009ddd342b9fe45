"""The paperwork's part of /api/v1: the agenda, the list of participants, feedback, the
evidence pack, and cooperation projects with their indicators.

It shares the API's conventions with app/web/api.py: the same principal, body reader,
error handlers and CSRF rule (a cookie session sends its token, a Bearer token needs none).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from facilitation.phases import Audience

from ..extensions import csrf
from ..services import fields, projects
from ..services.access import ANONYMOUS, PrincipalKind, check_staff
from ..services.errors import ServiceError
from ..services.paperwork import agenda, attendance, evidence, feedback, workbooks
from ..services.paperwork.feedback_switch import set_feedback_open
from ..services.snapshots import workshop_json
from .api import _bearer, body, csrf_error, http_error, principal, protect_cookie_sessions, service_error
from .evidence import evidence_html
from .pdf import pdf_response, render_pdf

bp = Blueprint("api_paperwork", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
bp.register_error_handler(ServiceError, service_error)
bp.register_error_handler(CSRFError, csrf_error)
bp.register_error_handler(HTTPException, http_error)
bp.before_request(protect_cookie_sessions)


def _phone_token() -> str | None:
    """The rejoin token of the phone calling; staff have none (they type paper in instead)."""
    who = principal()
    if who.kind is not PrincipalKind.PARTICIPANT:
        raise ServiceError("unauthenticated" if who is ANONYMOUS else "forbidden")
    return _bearer()


def _download(result: workbooks.Export) -> Response:
    return Response(result.content, mimetype=result.mimetype, headers={
        "Content-Disposition": f'attachment; filename="{result.filename}"',
        "Cache-Control": "no-store"})


# -- the agenda -----------------------------------------------------------------------------


@bp.get("/seminars/<int:seminar_id>/agenda")
def get_agenda(seminar_id: int) -> dict[str, Any]:
    _seminar, items = agenda.read_agenda(principal(), seminar_id)
    return {"items": [agenda.agenda_item_json(item) for item in items]}


# -- the list of participants ----------------------------------------------------------------


@bp.get("/seminars/<int:seminar_id>/attendees")
def list_attendees(seminar_id: int) -> dict[str, Any]:
    return attendance.attendance_json(attendance.attendance(principal(), seminar_id))


@bp.post("/seminars/<int:seminar_id>/attendees")
def add_attendee(seminar_id: int) -> tuple[dict[str, Any], int]:
    added = attendance.add_attendee(principal(), seminar_id, body())
    return attendance.entry_json(added), 201


@bp.delete("/attendees/<int:attendee_id>")
def delete_attendee(attendee_id: int) -> tuple[str, int]:
    attendance.delete_attendee(principal(), attendee_id)
    return "", 204


@bp.post("/attendees/<int:attendee_id>/check-in")
def check_in(attendee_id: int) -> dict[str, Any]:
    present = fields.boolean(body(), "checked_in", default=True)
    found = attendance.check_in(principal(), attendee_id, present)
    return attendance.entry_json(found)


@bp.post("/attendance")
def register_from_phone() -> tuple[dict[str, Any], int]:
    """A phone puts its holder on its seminar's list (sending again changes the same entry)."""
    token = _phone_token()
    found, created = attendance.register_from_phone(token, body())
    return attendance.entry_json(found), 201 if created else 200


# -- feedback -------------------------------------------------------------------------------


@bp.get("/seminars/<int:seminar_id>/feedback-form")
def get_feedback_form(seminar_id: int) -> dict[str, Any]:
    return feedback.form_json(feedback.feedback_form(principal(), seminar_id))


@bp.put("/seminars/<int:seminar_id>/feedback-form")
def put_feedback_form(seminar_id: int) -> dict[str, Any]:
    return feedback.form_json(feedback.save_form(principal(), seminar_id, body()))


@bp.post("/feedback")
def answer_from_phone() -> tuple[dict[str, Any], int]:
    """A phone's set of answers (sending again replaces it)."""
    token = _phone_token()
    response, created = feedback.answer_from_phone(token, body())
    return feedback.response_json(response), 201 if created else 200


@bp.post("/seminars/<int:seminar_id>/feedback")
def answer_on_paper(seminar_id: int) -> tuple[dict[str, Any], int]:
    return feedback.response_json(feedback.answer_on_paper(principal(), seminar_id, body())), 201


@bp.get("/seminars/<int:seminar_id>/feedback-summary")
def feedback_summary(seminar_id: int) -> dict[str, Any]:
    return feedback.summary_json(feedback.summary(principal(), seminar_id))


@bp.patch("/feedback-answers/<int:answer_id>")
def hide_answer(answer_id: int) -> dict[str, Any]:
    data = body()
    answer = feedback.set_answer_hidden(principal(), answer_id, fields.boolean(
        data, "hidden", default=True))
    return {"id": answer.id, "text": answer.text, "hidden": answer.hidden}


@bp.post("/workshops/<int:workshop_id>/feedback")
def open_feedback(workshop_id: int) -> dict[str, Any]:
    workshop = set_feedback_open(principal(), workshop_id,
                                 fields.boolean(body(), "open", default=True))
    return workshop_json(workshop, Audience.STAFF)


# -- the evidence pack ------------------------------------------------------------------------


@bp.get("/seminars/<int:seminar_id>/evidence.pdf")
def evidence_pdf(seminar_id: int) -> Response:
    pack = evidence.evidence_pack(principal(), seminar_id)
    return pdf_response(render_pdf(evidence_html(pack)), f"evidence-seminar-{seminar_id}.pdf")


@bp.get("/seminars/<int:seminar_id>/evidence.xlsx")
def evidence_xlsx(seminar_id: int) -> Response:
    return _download(workbooks.evidence_workbook(principal(), seminar_id))


# -- cooperation projects ---------------------------------------------------------------------


@bp.get("/projects")
def list_projects() -> dict[str, Any]:
    return {"projects": [projects.project_json(p) for p in projects.projects(principal())]}


@bp.post("/projects")
def create_project() -> tuple[dict[str, Any], int]:
    return projects.project_json(projects.create_project(principal(), body())), 201


@bp.get("/projects/<int:project_id>")
def get_project(project_id: int) -> dict[str, Any]:
    return projects.project_json(projects.get_project(principal(), project_id))


@bp.get("/projects/<int:project_id>/indicators")
def indicators(project_id: int) -> dict[str, Any]:
    who = principal()
    check_staff(who)
    return projects.indicators_json(projects.indicators(who, project_id,
                                                        fields.period(request.args)))


@bp.get("/projects/<int:project_id>/indicators.xlsx")
def indicators_xlsx(project_id: int) -> Response:
    who = principal()
    check_staff(who)
    found = projects.indicators(who, project_id, fields.period(request.args))
    return _download(workbooks.indicators_workbook(found))
