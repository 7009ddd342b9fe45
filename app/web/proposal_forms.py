"""Forms of the proposal pages: a proposal, its status, a comment, and the list's filters."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..services.vocabulary import applicant_type_names, fund_names, status_names, target_group_names
from .form_fields import MONEY, MultiCheckboxField, none_choice, optional_int


class ProposalForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=10_000)])
    idea_ids = MultiCheckboxField(_l("Source ideas"), coerce=int)
    seminar_id = SelectField(_l("Seminar it came from"), coerce=optional_int)
    lag_id = SelectField(_l("Local action group (lead)"), coerce=optional_int)
    cooperation_lag_ids = MultiCheckboxField(_l("Cooperation partners (other LAGs)"),
                                             coerce=int)
    measure_id = SelectField(_l("Strategy measure"), coerce=optional_int)
    fund = SelectField(_l("Fund"), default="leader")
    applicant_name = StringField(_l("Applicant"), validators=[Optional(), Length(max=300)])
    applicant_type = SelectField(_l("Applicant type"), default="")
    partners = TextAreaField(_l("Partners"), validators=[Optional(), Length(max=5_000)])
    target_groups = MultiCheckboxField(_l("Target groups"))
    village = StringField(_l("Village"), validators=[Optional(), Length(max=200)])
    municipality = StringField(_l("Municipality"), validators=[Optional(), Length(max=200)])
    budget_total = StringField(_l("Total eligible cost (€)"), render_kw=MONEY)
    support_requested = StringField(_l("Support requested (€)"), render_kw=MONEY)
    own_contribution_cash = StringField(_l("Own contribution in cash (€)"), render_kw=MONEY)
    own_contribution_in_kind = StringField(_l("Own contribution in kind (€)"), render_kw=MONEY)
    call_name = StringField(_l("Call"), validators=[Optional(), Length(max=300)])
    call_deadline = DateField(_l("Call deadline"), validators=[Optional()])
    coordinator_id = SelectField(_l("Responsible coordinator"), coerce=optional_int)
    next_step = StringField(_l("Next step"), validators=[Optional(), Length(max=500)])
    next_step_due = DateField(_l("Next step due"), validators=[Optional()])
    note = TextAreaField(_l("Note for the history (optional)"),
                         validators=[Optional(), Length(max=5_000)])

    def set_choices(self, *, lags: list[Any], measures: list[Any], coordinators: list[Any],
                    seminars: list[Any], ideas: list[tuple[int, str]]) -> None:
        self.lag_id.choices = [(lag.id, lag.name) for lag in lags]
        self.cooperation_lag_ids.choices = [(lag.id, lag.name) for lag in lags]
        self.measure_id.choices = [none_choice(str(_l("No measure chosen yet")))] + [
            (m.id, f"{m.lag.name}: {m.code} {m.name}") for m in measures]
        self.fund.choices = list(fund_names().items())
        self.applicant_type.choices = [none_choice(str(_l("Not known yet")))] + list(
            applicant_type_names().items())
        self.target_groups.choices = list(target_group_names().items())
        self.coordinator_id.choices = [none_choice(str(_l("Nobody yet")))] + [
            (user.id, user.name or user.email) for user in coordinators]
        self.seminar_id.choices = [none_choice(str(_l("Not from a seminar")))] + [
            (seminar.id, seminar.title) for seminar in seminars]
        self.idea_ids.choices = ideas

    def data_for_service(self) -> dict[str, Any]:
        """The fields as the proposals service reads them (the same names as the API)."""
        def day(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "title": self.title.data, "summary": self.summary.data,
            "idea_ids": list(self.idea_ids.data or []),
            "seminar_id": self.seminar_id.data,
            "lag_id": self.lag_id.data,
            "cooperation_lag_ids": list(self.cooperation_lag_ids.data or []),
            "measure_id": self.measure_id.data, "fund": self.fund.data,
            "applicant_name": self.applicant_name.data,
            "applicant_type": self.applicant_type.data or None,
            "partners": self.partners.data, "target_groups": list(self.target_groups.data or []),
            "village": self.village.data, "municipality": self.municipality.data,
            "budget_total": self.budget_total.data,
            "support_requested": self.support_requested.data,
            "own_contribution_cash": self.own_contribution_cash.data,
            "own_contribution_in_kind": self.own_contribution_in_kind.data,
            "call_name": self.call_name.data, "call_deadline": day(self.call_deadline.data),
            "coordinator_id": self.coordinator_id.data,
            "next_step": self.next_step.data, "next_step_due": day(self.next_step_due.data),
            "note": self.note.data,
        }


class StatusForm(FlaskForm):
    status = SelectField(_l("New status"), validators=[DataRequired()])
    note = TextAreaField(_l("Note (optional)"), validators=[Optional(), Length(max=5_000)])

    def set_choices(self, statuses: list[str] | None = None, *, choose_first: bool = False
                    ) -> None:
        """The statuses to offer; every status when the service is left to judge the move.

        With ``choose_first`` the list starts with "choose": when no move goes forward, none
        is chosen for the reader (one quick click must not move a proposal back)."""
        names = status_names()
        offered = [(status, names[status]) for status in (names if statuses is None else statuses)]
        if choose_first and offered:
            offered.insert(0, none_choice(str(_l("Choose the new status"))))
        self.status.choices = offered


class CommentForm(FlaskForm):
    note = TextAreaField(_l("Comment"), validators=[DataRequired(), Length(max=5_000)])


class ProposalFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Search proposals"), validators=[Optional(), Length(max=200)])
    status = SelectField(_l("Status"))
    lag_id = SelectField(_l("Local action group"), coerce=optional_int)
    fund = SelectField(_l("Fund"))
    measure_id = SelectField(_l("Strategy measure"), coerce=optional_int)
    coordinator_id = SelectField(_l("Responsible coordinator"), coerce=optional_int)
    seminar_id = SelectField(_l("Seminar"), coerce=optional_int)
    overdue = BooleanField(_l("Only overdue next steps"))
    sort = SelectField(_l("Sort by"))

    def set_choices(self, *, lags: list[Any], measures: list[Any], coordinators: list[Any],
                    seminars: list[Any]) -> None:
        everything = none_choice(str(_l("All")))
        self.status.choices = [everything] + list(status_names().items())
        self.lag_id.choices = [everything] + [(lag.id, lag.name) for lag in lags]
        self.fund.choices = [everything] + list(fund_names().items())
        self.measure_id.choices = [everything] + [
            (m.id, f"{m.lag.name}: {m.code} {m.name}") for m in measures]
        self.coordinator_id.choices = [everything] + [
            (user.id, user.name or user.email) for user in coordinators]
        self.seminar_id.choices = [everything] + [(s.id, s.title) for s in seminars]
        self.sort.choices = [("updated", str(_l("Recently changed first"))),
                             ("due", str(_l("Next step due first"))),
                             ("budget", str(_l("Largest budget first"))),
                             ("title", str(_l("By title")))]
