"""CSV and XLSX exports of the backlog ideas and the proposals, with the lists' filters applied.

- CSV is for machines and quick looks: UTF-8 with a byte order mark (so Excel reads "õ"
  right), one header row of the API's snake_case field names, codes as in the API
  (``submitted``, ``ngo``), money as "12743.68", dates as ISO 8601. A text cell that starts
  with = + - @ (or a tab or carriage return) gets a leading apostrophe, so a spreadsheet
  never runs it as a formula.
- XLSX is for people: row 1 holds the column names in the interface language (Estonian
  when the interface is Estonian), row 2 the same snake_case names as the CSV, and the
  data starts on row 3 with typed cells: numbers are numbers (money with two decimals),
  dates are dates, times are UTC date-times. Text is always stored as text, never as a
  formula, so it needs no apostrophe.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from facilitation.proposal_money import format_money

from ..models import Proposal
from .access import Principal
from .backlog import BacklogFilters, BacklogRow, all_backlog_rows
from .backlog import parse_filters as parse_backlog_filters
from .proposals import (
    ProposalFilters,
    budget_of,
    list_proposals,
    local_today,
    next_step_overdue,
    rate_check,
)
from .proposals import parse_filters as parse_proposal_filters
from .snapshots import iso
from .vocabulary import field_name, funnel_names, status_names

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv; charset=utf-8"

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


@dataclass(frozen=True)
class Column:
    """One exported field: its machine name, its kind of value and how to read it from a row."""

    name: str
    kind: str  # text, int, money, rate, date, datetime, bool, ids
    value: Callable[[Any], Any]
    width: int = 14


def _ids(values: Iterable[int]) -> list[int]:
    return list(values)


IDEA_COLUMNS: tuple[Column, ...] = (
    Column("id", "int", lambda r: r.idea.id, 8),
    Column("text", "text", lambda r: r.idea.text, 60),
    Column("details", "text", lambda r: r.idea.details, 40),
    Column("target_groups", "codes", lambda r: list(r.idea.target_groups or []), 20),
    Column("theme", "text", lambda r: r.idea.theme, 20),
    Column("state", "text", lambda r: r.idea.triage.value, 12),
    Column("votes", "int", lambda r: r.dots, 8),
    Column("seminar_id", "int", lambda r: r.seminar_id, 8),
    Column("seminar_title", "text", lambda r: r.seminar_title, 40),
    Column("seminar_starts_on", "date", lambda r: r.seminar_starts_on, 12),
    Column("workshop_id", "int", lambda r: r.idea.workshop_id, 8),
    Column("workshop_title", "text", lambda r: r.workshop_title, 30),
    Column("prompt", "text", lambda r: r.prompt, 50),
    Column("created_at", "datetime", lambda r: r.idea.created_at, 18),
    Column("proposal_ids", "ids", lambda r: _ids(link.id for link in r.proposals), 12),
    Column("merged_idea_ids", "ids", lambda r: _ids(source.id for source in r.merged), 12),
)


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    today: date


def _rate(row: ProposalRow) -> Decimal | None:
    return budget_of(row.proposal).support_rate


def _max_rate(row: ProposalRow) -> Decimal | None:
    check = rate_check(row.proposal)
    return check.max_rate if check else None


PROPOSAL_COLUMNS: tuple[Column, ...] = (
    Column("id", "int", lambda r: r.proposal.id, 8),
    Column("title", "text", lambda r: r.proposal.title, 40),
    Column("status", "text", lambda r: r.proposal.status.value, 14),
    Column("status_label", "text", lambda r: status_names()[r.proposal.status.value], 20),
    Column("lag_id", "int", lambda r: r.proposal.lag_id, 8),
    Column("lag_name", "text", lambda r: r.proposal.lag.name, 24),
    Column("cooperation_lag_ids", "ids",
           lambda r: _ids(lag.id for lag in r.proposal.cooperation_lags), 12),
    Column("measure_id", "int", lambda r: r.proposal.measure_id, 8),
    Column("measure_code", "text",
           lambda r: r.proposal.measure.code if r.proposal.measure else "", 12),
    Column("fund", "text", lambda r: r.proposal.fund.value, 12),
    Column("applicant_name", "text", lambda r: r.proposal.applicant_name, 30),
    Column("applicant_type", "text",
           lambda r: r.proposal.applicant_type.value if r.proposal.applicant_type else "", 16),
    Column("partners", "text", lambda r: r.proposal.partners, 30),
    Column("target_groups", "codes", lambda r: list(r.proposal.target_groups or []), 20),
    Column("village", "text", lambda r: r.proposal.village, 16),
    Column("municipality", "text", lambda r: r.proposal.municipality, 16),
    Column("budget_total", "money", lambda r: r.proposal.budget_total, 14),
    Column("support_requested", "money", lambda r: r.proposal.support_requested, 14),
    Column("own_contribution_cash", "money", lambda r: r.proposal.own_contribution_cash, 14),
    Column("own_contribution_in_kind", "money",
           lambda r: r.proposal.own_contribution_in_kind, 14),
    Column("support_rate", "rate", _rate, 10),
    Column("max_support_rate", "rate", _max_rate, 10),
    Column("call_name", "text", lambda r: r.proposal.call_name, 24),
    Column("call_deadline", "date", lambda r: r.proposal.call_deadline, 12),
    Column("coordinator_id", "int", lambda r: r.proposal.coordinator_id, 8),
    Column("coordinator_name", "text",
           lambda r: r.proposal.coordinator.name if r.proposal.coordinator else "", 20),
    Column("next_step", "text", lambda r: r.proposal.next_step, 30),
    Column("next_step_due", "date", lambda r: r.proposal.next_step_due, 12),
    Column("next_step_overdue", "bool", lambda r: next_step_overdue(r.proposal, r.today), 10),
    Column("seminar_id", "int", lambda r: r.proposal.seminar_id, 8),
    Column("seminar_title", "text",
           lambda r: r.proposal.seminar.title if r.proposal.seminar else "", 30),
    Column("workshop_id", "int", lambda r: r.proposal.workshop_id, 8),
    Column("idea_ids", "ids", lambda r: _ids(idea.id for idea in r.proposal.ideas), 12),
    Column("summary", "text", lambda r: r.proposal.summary, 50),
    Column("created_at", "datetime", lambda r: r.proposal.created_at, 18),
    Column("updated_at", "datetime", lambda r: r.proposal.updated_at, 18),
)


# -- rows ----------------------------------------------------------------------------------


def idea_rows(principal: Principal, filters: BacklogFilters) -> list[BacklogRow]:
    return all_backlog_rows(principal, filters)


def proposal_rows(principal: Principal, filters: ProposalFilters) -> list[ProposalRow]:
    today = local_today()
    page = list_proposals(principal, filters, today=today, paged=False)
    return [ProposalRow(proposal, today) for proposal in page.proposals]


# -- CSV -----------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """Keep a spreadsheet from running a cell as a formula: prefix it with an apostrophe."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(kind: str, value: Any) -> str:
    if value is None:
        return ""
    if kind in ("money", "rate"):
        return format_money(value)
    if kind == "date":
        return value.isoformat()
    if kind == "datetime":
        return iso(value) or ""
    if kind == "bool":
        return "true" if value else "false"
    if kind in ("ids", "codes"):
        return ";".join(str(item) for item in value)
    return neutralise(str(value))


def to_csv(columns: Sequence[Column], rows: Iterable[Any]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(column.kind, column.value(row)) for column in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- XLSX ----------------------------------------------------------------------------------


def _xlsx_cell(sheet: Any, kind: str, value: Any) -> WriteOnlyCell:
    if kind in ("ids", "codes"):
        value = ";".join(str(item) for item in value) if value else None
    elif kind == "text" and isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value) or None
    elif kind == "datetime" and isinstance(value, datetime):
        value = value.replace(microsecond=0)
    cell = WriteOnlyCell(sheet, value)
    if isinstance(value, str):
        cell.data_type = "s"  # "=…" is text someone typed, never a formula
    elif kind == "money":
        cell.number_format = MONEY_FORMAT
    elif kind == "rate":
        cell.number_format = RATE_FORMAT
    elif kind == "date":
        cell.number_format = DATE_FORMAT
    elif kind == "datetime":
        cell.number_format = DATETIME_FORMAT
    return cell


def to_xlsx(columns: Sequence[Column], rows: Iterable[Any], title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(ILLEGAL_CHARACTERS_RE.sub("", title)[:31] or "Koosloome")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A3"
    bold = Font(bold=True)
    labels = []
    for column in columns:
        cell = WriteOnlyCell(sheet, field_name(column.name))
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        labels.append(cell)
    sheet.append(labels)
    machine = []
    for column in columns:
        cell = WriteOnlyCell(sheet, column.name)
        cell.font = Font(italic=True, color="555555")
        machine.append(cell)
    sheet.append(machine)
    count = 0
    for row in rows:
        sheet.append([_xlsx_cell(sheet, column.kind, column.value(row)) for column in columns])
        count += 1
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{count + 2}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class Export:
    content: bytes
    mimetype: str
    filename: str


def export(kind: str, file_format: str, principal: Principal, args: Any) -> Export:
    """The ideas or proposals the list's filters select, as CSV or XLSX."""
    if kind == "ideas":
        columns: Sequence[Column] = IDEA_COLUMNS
        rows: list[Any] = idea_rows(principal, parse_backlog_filters(args))
    else:
        columns = PROPOSAL_COLUMNS
        rows = proposal_rows(principal, parse_proposal_filters(args))
    stamp = local_today().isoformat()
    if file_format == "csv":
        return Export(to_csv(columns, rows), CSV_MIME, f"koosloome-{kind}-{stamp}.csv")
    return Export(to_xlsx(columns, rows, funnel_names()[kind]), XLSX_MIME, f"koosloome-{kind}-{stamp}.xlsx")
