"""Spreadsheets for the payment claim's annexes and the project's report: a seminar's list of
participants and its feedback answers, and a project's indicators. They follow the exports'
rules (services/exports.py): headers for people over the field names, typed cells, codes as
words. Hidden open answers stay out, as they do of the summary; emails are not exported.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from openpyxl import Workbook

from facilitation.feedback import QuestionKind

from ...extensions import db
from ...i18n import gettext as _
from ...models import FeedbackAnswer, FeedbackResponse
from ..access import Principal
from ..exports import XLSX_MIME, Column, Export, add_sheet, workbook_bytes
from ..projects.indicators import Indicators
from ..proposals import lags, local_today
from ..vocabulary import (
    background_names,
    fund_names,
    seminar_kind_names,
    source_names,
    status_names,
)
from .access import kept_seminar
from .attendance import Attendance, attendance_of
from .feedback import FeedbackSummary, options_of, question_text, summary_of

__all__ = ["Export", "evidence_workbook", "indicators_workbook"]


def _list_columns(found: Attendance, lag_names: dict[int, str]) -> list[Column]:
    return [
        Column("number", "int", lambda row: row[0], 6),
        Column("name", "text", lambda row: row[1].name, 28, label=_("Full name")),
        Column("organisation", "text", lambda row: row[1].organisation, 30),
        Column("background", "code",
               lambda row: row[1].background.value if row[1].background else "", 22,
               background_names),
        Column("municipality", "text", lambda row: row[1].municipality, 18),
        Column("lag_area", "text",
               lambda row: lag_names.get(found.lag_id_of(row[1]) or 0, ""), 24),
        Column("source", "code", lambda row: row[1].source.value, 18, source_names),
        Column("checked_in", "bool", lambda row: row[1].checked_in, 10),
        Column("registered_on", "date", lambda row: row[1].registered_on, 12),
    ]


def _answer_columns(summary: FeedbackSummary) -> list[Column]:
    columns = [Column("response", "int", lambda row: row[0], 8),
               Column("source", "code", lambda row: row[1].source.value, 12, source_names)]
    for part in summary.questions:
        question = part.question
        labels = dict(options_of(question))

        def value(row: tuple[int, FeedbackResponse], question_id: int = question.id,
                  labels: dict[str, str] = labels) -> Any:
            answer: FeedbackAnswer | None = next(
                (a for a in row[1].answers if a.question_id == question_id), None)
            if answer is None or answer.hidden:
                return None
            if answer.number is not None:
                return answer.number
            return labels.get(answer.choice, answer.choice) if answer.choice else answer.text

        kind = "int" if question.kind is QuestionKind.SCALE else "text"
        columns.append(Column(f"q{question.id}", kind, value,
                              40 if question.kind is QuestionKind.OPEN else 16,
                              label=question_text(question)))
    return columns


def evidence_workbook(principal: Principal, seminar_id: object) -> Export:
    """The list of participants (those present, then those registered who did not come) and
    every set of feedback answers, one row each."""
    seminar = kept_seminar(principal, seminar_id)
    lag_names = {lag.id: lag.name for lag in lags()}
    found = attendance_of(seminar)
    present = [a for a in found.attendees if a in found.present]
    rows = list(enumerate(present + [a for a in found.attendees if a not in present], start=1))
    workbook = Workbook(write_only=True)
    add_sheet(workbook, _list_columns(found, lag_names), rows, _("Participants"))
    responses = list(db.session.scalars(sa.select(FeedbackResponse).where(
        FeedbackResponse.seminar_id == seminar.id).order_by(FeedbackResponse.id)))
    add_sheet(workbook, _answer_columns(summary_of(seminar)),
              list(enumerate(responses, start=1)), _("Feedback"))
    stamp = local_today().isoformat()
    return Export(workbook_bytes(workbook), XLSX_MIME,
                  f"koosloome-seminar-{seminar.id}-{stamp}.xlsx")


def _figure_columns() -> Sequence[Column]:
    return (Column("indicator", "text", lambda row: row[0], 60),
            Column("value", "text", lambda row: row[1], 18))


def indicators_workbook(found: Indicators) -> Export:
    """The indicators as label and value, the budget lines, and the seminars counted."""
    kinds, statuses, funds = seminar_kind_names(), status_names(), fund_names()
    backgrounds = background_names()
    figures: list[tuple[str, Any]] = [
        (_("Period from"), found.period.start), (_("Period to"), found.period.end)]
    figures += [(_("Events: %(kind)s", kind=kinds[kind.value]), n)
                for kind, n in found.events_by_kind.items()]
    figures += [
        (_("Co-creation workshops held"), found.workshops),
        (_("Participants"), found.attendance.total),
        (_("Took part without a phone (paper sign-in)"), found.attendance.paper)]
    figures += [(_("Participants: %(background)s", background=backgrounds[code]), n)
                for code, n in found.attendance.by_background.items()]
    figures += [(_("Participants from the area of %(lag)s", lag=found.lag_names.get(lag, "")), n)
                if lag is not None else (_("Participants from outside the LAG areas"), n)
                for lag, n in found.attendance.by_lag.items()]
    figures += [(_("Ideas"), found.ideas), (_("Groups of ideas"), found.clusters),
                (_("Proposals"), found.proposals)]
    figures += [(_("Proposals: %(status)s", status=statuses[status.value]), n)
                for status, n in found.proposals_by_status.items() if n]
    figures += [(_("Proposals by fund: %(fund)s", fund=funds[row.fund.value]), row.proposals)
                for row in found.proposals_by_fund]
    figures += [
        (_("Share of proposals using ESF+ or multi-fund money (%)"), found.other_funds_share),
        (_("Support requested (€)"), found.support_requested),
        (_("Support requested in approved proposals (€)"), found.support_granted),
        (_("Feedback answer sets"), found.feedback_responses)]
    names = {"useful": _("How useful was the seminar? (mean, 1–5)"),
             "capable": _("Capable of involving older people or people with disabilities "
                          "(mean, 1–5)")}
    figures += [(names[key], summary.mean) for key, summary in found.feedback.items()]
    workbook = Workbook(write_only=True)
    add_sheet(workbook, _figure_columns(), figures, _("Indicators"))
    line_columns = (
        Column("lag_name", "text", lambda row: row.partner.lag.name, 24),
        Column("activity", "text", lambda row: row.line.activity, 60),
        Column("planned", "money", lambda row: row.use.planned, 14),
        Column("actual", "money", lambda row: row.use.actual, 14),
        Column("spent_share", "rate", lambda row: row.use.spent_share, 10))
    add_sheet(workbook, line_columns, found.lines, _("Budget lines"))
    seminar_columns = (
        Column("seminar_starts_on", "date", lambda row: row.starts_on, 12),
        Column("seminar_title", "text", lambda row: row.title, 50),
        Column("kind", "code", lambda row: row.kind.value, 20, seminar_kind_names))
    add_sheet(workbook, seminar_columns, found.seminars, _("Seminars"))
    stamp = local_today().isoformat()
    return Export(workbook_bytes(workbook), XLSX_MIME,
                  f"koosloome-project-{found.project.id}-{stamp}.xlsx")
