"""A seminar's pages: its agenda, its project, its list of participants and its feedback.

Every staff member sees a seminar's page and agenda; its keepers (services/paperwork/access)
edit the agenda and keep the list of participants and the feedback.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from werkzeug.wrappers import Response as BaseResponse

from facilitation.feedback import SCALE

from ..extensions import db
from ..i18n import gettext as _
from ..models import AgendaItem, Attendee, FeedbackQuestion, Seminar, SeminarFunding
from ..services import fields
from ..services.errors import ServiceError
from ..services.paperwork import agenda, attendance, feedback
from ..services.paperwork.access import keeps
from ..services.paperwork.feedback_switch import set_feedback_open
from ..services.paperwork.logos import logos
from ..services.projects import projects, set_seminar_funding
from ..services.proposals import lags
from ..services.snapshots import external_url
from .board import join_qr_svg
from .evidence import css_string, logo_images, pdf_helpers
from .form_fields import show_error
from .pdf import pdf_response, render_pdf
from .seminar_forms import AgendaItemForm, AttendeeForm, FundingForm, PlainForm
from .seminar_phone import retention_text
from .staff_pages import me, refuse, share_page_helpers

bp = Blueprint("seminars", __name__, url_prefix="/seminars")
bp.add_app_template_filter(css_string, "css_string")
SCALE_OPTIONS = [(str(step), str(step)) for step in SCALE]
share_page_helpers(bp)


@bp.before_request
@login_required
def require_staff() -> None:
    """Every seminar page needs a signed-in staff member."""


def _checked(form: PlainForm) -> bool:
    if form.validate_on_submit():
        return True
    flash(_("The form had expired. Please try again."), "error")
    return False


def _seminar(seminar_id: int) -> Seminar:
    try:
        seminar, _items = agenda.read_agenda(me(), seminar_id)
    except ServiceError as error:
        refuse(error)
    return seminar


def _kept(seminar_id: int) -> Seminar:
    seminar = _seminar(seminar_id)
    if not keeps(me(), seminar):
        abort(403)
    return seminar


def _to(endpoint: str, seminar_id: int, anchor: str = "") -> BaseResponse:
    return redirect(url_for(endpoint, seminar_id=seminar_id) + anchor)


# -- the seminar and its agenda ------------------------------------------------------------


@bp.get("/<int:seminar_id>")
def show(seminar_id: int) -> str:
    seminar = _seminar(seminar_id)
    may_keep = keeps(me(), seminar)
    item_form = AgendaItemForm(formdata=None)
    item_form.set_choices(seminar.workshops)
    funding = db.session.get(SeminarFunding, seminar.id)
    funding_form = FundingForm(formdata=None, data={
        "project_id": funding.project_id if funding else None,
        "budget_line_id": funding.budget_line_id if funding else None})
    funding_form.set_choices(projects(me()))
    return render_template("seminars/show.html", seminar=seminar, may_keep=may_keep,
                           items=agenda.agenda_of(seminar.id), item_form=item_form,
                           funding=funding, funding_form=funding_form, logos=logos(),
                           plain_form=PlainForm())


@bp.post("/<int:seminar_id>/funding")
def funding(seminar_id: int) -> ResponseReturnValue:
    form = FundingForm()
    form.set_choices(projects(me()))
    if not _checked(form):
        return _to("seminars.show", seminar_id)
    try:
        set_seminar_funding(me(), seminar_id, {"project_id": form.project_id.data,
                                               "budget_line_id": form.budget_line_id.data})
    except ServiceError as error:
        if error.code in ("forbidden", "not_found"):
            refuse(error)
        flash(error.message, "error")
    else:
        flash(_("Saved: the project and budget line of this seminar."), "success")
    return _to("seminars.show", seminar_id, "#project")


@bp.post("/<int:seminar_id>/agenda")
def add_item(seminar_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    form = AgendaItemForm()
    form.set_choices(seminar.workshops)
    if form.validate_on_submit():
        try:
            agenda.add_item(me(), seminar.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Added to the agenda."), "success")
            return _to("seminars.show", seminar.id, "#agenda")
    return render_template("seminars/agenda_item.html", seminar=seminar, form=form,
                           item=None), 400


def _item(seminar: Seminar, item_id: int) -> AgendaItem:
    try:
        item = agenda.get_item(me(), item_id)
    except ServiceError as error:
        refuse(error)
    if item.seminar_id != seminar.id:
        abort(404)
    return item


@bp.route("/<int:seminar_id>/agenda/<int:item_id>", methods=["GET", "POST"])
def edit_item(seminar_id: int, item_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    item = _item(seminar, item_id)
    form = AgendaItemForm(obj=item if request.method == "GET" else None)
    form.set_choices(seminar.workshops)
    if form.validate_on_submit():
        try:
            agenda.update_item(me(), item.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Agenda item saved."), "success")
            return _to("seminars.show", seminar.id, "#agenda")
    return render_template("seminars/agenda_item.html", seminar=seminar, form=form, item=item)


@bp.post("/<int:seminar_id>/agenda/<int:item_id>/delete")
def delete_item(seminar_id: int, item_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    item = _item(seminar, item_id)
    if _checked(PlainForm()):
        agenda.delete_item(me(), item.id)
        flash(_("Removed from the agenda: %(title)s", title=item.title), "success")
    return _to("seminars.show", seminar.id, "#agenda")


# -- the list of participants ----------------------------------------------------------------


def _attendance_page(seminar: Seminar, form: AttendeeForm, status: int = 200
                     ) -> tuple[str, int]:
    try:
        found = attendance.attendance(me(), seminar.id)
    except ServiceError as error:
        refuse(error)
    link = attendance.registration_link(seminar.id)
    link_url = external_url("seminar_phone.register_in_advance", key=link.key) if link else None
    return render_template(
        "seminars/attendance.html", seminar=seminar, found=found, form=form,
        plain_form=PlainForm(), link=link, link_url=link_url,
        link_qr=join_qr_svg(link_url) if link_url and link and link.open else None,
        municipalities=attendance.known_municipalities(), lag_names=_lag_names()), status


def _lag_names() -> dict[int, str]:
    return {lag.id: lag.name for lag in lags()}


@bp.get("/<int:seminar_id>/attendance")
def attendance_list(seminar_id: int) -> tuple[str, int]:
    seminar = _kept(seminar_id)
    form = AttendeeForm(formdata=None)
    form.set_choices()
    return _attendance_page(seminar, form)


@bp.post("/<int:seminar_id>/attendance")
def add_attendee(seminar_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    form = AttendeeForm()
    form.set_choices()
    if form.validate_on_submit():
        try:
            added = attendance.add_attendee(me(), seminar.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Added to the list: %(name)s", name=added.name), "success")
            return _to("seminars.attendance_list", seminar.id, "#add-attendee")
    return _attendance_page(seminar, form, 400)


def _attendee(seminar: Seminar, attendee_id: int) -> Attendee:
    try:
        found = attendance.get_attendee(me(), attendee_id)
    except ServiceError as error:
        refuse(error)
    if found.seminar_id != seminar.id:
        abort(404)
    return found


@bp.route("/<int:seminar_id>/attendance/<int:attendee_id>", methods=["GET", "POST"])
def edit_attendee(seminar_id: int, attendee_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    found = _attendee(seminar, attendee_id)
    form = AttendeeForm(obj=found if request.method == "GET" else None)
    form.set_choices()
    if request.method == "GET":
        form.background.data = found.background.value if found.background else ""
    if form.validate_on_submit():
        try:
            attendance.update_attendee(me(), found.id, form.data_for_service())
        except ServiceError as error:
            if not show_error(form, error):
                flash(error.message, "error")
        else:
            flash(_("Saved: %(name)s", name=form.name.data), "success")
            return _to("seminars.attendance_list", seminar.id, "#list")
    return render_template("seminars/attendee.html", seminar=seminar, form=form,
                           attendee=found, municipalities=attendance.known_municipalities())


@bp.post("/<int:seminar_id>/attendance/<int:attendee_id>/delete")
def delete_attendee(seminar_id: int, attendee_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    found = _attendee(seminar, attendee_id)
    if _checked(PlainForm()):
        attendance.delete_attendee(me(), found.id)
        flash(_("Taken off the list: %(name)s", name=found.name), "success")
    return _to("seminars.attendance_list", seminar.id, "#list")


@bp.post("/<int:seminar_id>/attendance/<int:attendee_id>/check-in")
def check_in(seminar_id: int, attendee_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    found = _attendee(seminar, attendee_id)
    present = request.form.get("present", "1") == "1"
    if _checked(PlainForm()):
        try:
            attendance.check_in(me(), found.id, present)
        except ServiceError as error:
            flash(error.message, "error")
        else:
            flash(_("Checked in: %(name)s", name=found.name) if present else
                  _("No longer checked in: %(name)s", name=found.name), "success")
    return _to("seminars.attendance_list", seminar.id, f"#attendee-{found.id}")


@bp.post("/<int:seminar_id>/registration")
def registration(seminar_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    if _checked(PlainForm()):
        open_ = request.form.get("open", "1") == "1"
        attendance.set_registration(me(), seminar.id, open_)
        flash(_("The registration page is open.") if open_ else
              _("The registration page is closed."), "success")
    return _to("seminars.attendance_list", seminar.id, "#registration")


@bp.get("/<int:seminar_id>/sign-in-sheet.pdf")
def sign_in_sheet(seminar_id: int) -> BaseResponse:
    """The A4 sheet people sign at the door: the names registered in advance, then blank
    numbered rows."""
    seminar = _kept(seminar_id)
    found = attendance.attendance(me(), seminar.id)
    waiting = [a for a in found.attendees if a.source.value == "advance" and not a.checked_in]
    blank = max(15, 30 - len(waiting) % 30 if waiting else 30)
    html = render_template("evidence/sign_in_sheet.html", seminar=seminar, waiting=waiting,
                           blank=range(len(waiting) + 1, len(waiting) + blank + 1),
                           logos=logo_images(logos()), retention=retention_text(),
                           **pdf_helpers())
    return pdf_response(render_pdf(html), f"sign-in-sheet-{seminar.id}.pdf")


# -- feedback -------------------------------------------------------------------------------


@bp.get("/<int:seminar_id>/feedback")
def feedback_summary(seminar_id: int) -> str:
    seminar = _kept(seminar_id)
    found = feedback.summary(me(), seminar.id)
    return render_template("seminars/feedback.html", seminar=seminar, summary=found,
                           form=feedback.form_of(seminar), plain_form=PlainForm(),
                           scale_labels=feedback.scale_labels())


@bp.post("/<int:seminar_id>/feedback/answers/<int:answer_id>")
def hide_answer(seminar_id: int, answer_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    if _checked(PlainForm()):
        hidden = request.form.get("hidden", "1") == "1"
        try:
            feedback.set_answer_hidden(me(), answer_id, hidden)
        except ServiceError as error:
            refuse(error)
        flash(_("The answer is hidden from the summary.") if hidden else
              _("The answer is shown in the summary again."), "success")
    return _to("seminars.feedback_summary", seminar.id, f"#answer-{answer_id}")


def _questions_from_form() -> list[dict[str, Any]]:
    """The editor's rows in the order of their "place" numbers, removed ones left out."""
    rows = []
    count = fields.integer(request.form, "count", default=0, low=0, high=50)
    for index in range(count):
        prefix = f"q-{index}-"
        if request.form.get(prefix + "remove"):
            continue
        rows.append((request.form.get(prefix + "place", ""), index, {
            "id": request.form.get(prefix + "id") or None,
            "kind": request.form.get(prefix + "kind"),
            "text": request.form.get(prefix + "text", ""),
            "options": request.form.get(prefix + "options", "")}))
    if request.form.get("new-text", "").strip():
        rows.append(("", count, {"kind": request.form.get("new-kind"),
                                 "text": request.form.get("new-text", ""),
                                 "options": request.form.get("new-options", "")}))
    rows.sort(key=lambda row: (int(row[0]) if row[0].isdigit() else 10_000, row[1]))
    return [row[2] for row in rows]


@bp.route("/<int:seminar_id>/feedback/questions", methods=["GET", "POST"])
def feedback_questions(seminar_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    error = None
    if request.method == "POST" and _checked(PlainForm()):
        try:
            feedback.save_form(me(), seminar.id, {"questions": _questions_from_form()})
        except ServiceError as refused:
            if refused.code in ("forbidden", "not_found"):
                refuse(refused)
            error = refused
        else:
            flash(_("The feedback questions are saved."), "success")
            return _to("seminars.feedback_summary", seminar.id)
    return render_template("seminars/feedback_questions.html", seminar=seminar,
                           form=feedback.form_of(seminar), plain_form=PlainForm(),
                           error=error, options_of=feedback.options_of,
                           question_text=feedback.question_text), 400 if error else 200


@bp.route("/<int:seminar_id>/feedback/paper", methods=["GET", "POST"])
def paper_feedback(seminar_id: int) -> ResponseReturnValue:
    seminar = _kept(seminar_id)
    questions = feedback.questions_of(seminar.id)
    error = None
    if request.method == "POST" and _checked(PlainForm()):
        answers = {str(q.id): request.form.get(f"answers-{q.id}", "") for q in questions}
        try:
            feedback.answer_on_paper(me(), seminar.id, {"answers": answers})
        except ServiceError as refused:
            error = refused
        else:
            flash(_("The paper form is saved. Type in the next one."), "success")
            return _to("seminars.paper_feedback", seminar.id)
    return render_template("seminars/feedback_paper.html", seminar=seminar,
                           questions=questions, plain_form=PlainForm(), error=error,
                           values=request.form if error else {},
                           options_of=feedback.options_of, question_text=feedback.question_text,
                           scale_labels=feedback.scale_labels(), scale_options=SCALE_OPTIONS,
                           responses=feedback.summary_of(seminar).responses
                           ), 400 if error else 200


def invalid_question(error: ServiceError | None, question: FeedbackQuestion) -> bool:
    return error is not None and error.field == f"answers.{question.id}"


bp.add_app_template_global(invalid_question, "invalid_question")


# -- the console's feedback switch, without JavaScript -------------------------------------------


@bp.post("/workshops/<int:workshop_id>/feedback")
def workshop_feedback(workshop_id: int) -> ResponseReturnValue:
    """Open or close feedback on a workshop's phones, then back to its console."""
    if _checked(PlainForm()):
        try:
            set_feedback_open(me(), workshop_id, request.form.get("open", "1") == "1")
        except ServiceError as error:
            refuse(error)
    return redirect(url_for("facilitator.console", workshop_id=workshop_id))
