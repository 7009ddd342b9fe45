"""Forms of the cooperation project pages: a project, a partner's budget, a budget line, an
actual cost, and the reporting period."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from .form_fields import MONEY, MultiCheckboxField, none_choice, optional_int


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


class ProjectForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    lead_lag_id = SelectField(_l("Lead partner"), coerce=optional_int,
                              validators=[DataRequired()])
    partner_lag_ids = MultiCheckboxField(_l("Partners"), coerce=int)
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    aim = TextAreaField(_l("Aim"), validators=[Optional(), Length(max=5000)])

    def set_choices(self, lags: list[Any]) -> None:
        self.lead_lag_id.choices = [(lag.id, lag.name) for lag in lags]
        self.partner_lag_ids.choices = [(lag.id, lag.name) for lag in lags]

    def data_for_service(self) -> dict[str, Any]:
        return {"title": self.title.data, "lead_lag_id": self.lead_lag_id.data,
                "partner_lag_ids": list(self.partner_lag_ids.data or []),
                "starts_on": _day(self.starts_on.data), "ends_on": _day(self.ends_on.data),
                "aim": self.aim.data}


class PartnerBudgetForm(FlaskForm):
    budget_total = StringField(_l("Total budget (€)"), render_kw=MONEY)
    support = StringField(_l("LEADER support (€)"), render_kw=MONEY)
    own_contribution = StringField(_l("Own contribution (€)"), render_kw=MONEY)

    def data_for_service(self) -> dict[str, Any]:
        return {"budget_total": self.budget_total.data, "support": self.support.data,
                "own_contribution": self.own_contribution.data}


class LineForm(FlaskForm):
    activity = StringField(_l("Activity"), validators=[DataRequired(), Length(max=500)])
    planned = StringField(_l("Planned (€)"), render_kw=MONEY)

    def data_for_service(self) -> dict[str, Any]:
        return {"activity": self.activity.data, "planned": self.planned.data}


class CostForm(FlaskForm):
    spent_on = DateField(_l("Date"), validators=[DataRequired()])
    amount = StringField(_l("Amount (€)"), render_kw=MONEY)
    note = StringField(_l("What for"), validators=[Optional(), Length(max=500)])
    seminar_id = SelectField(_l("Seminar"), coerce=optional_int)

    def set_choices(self, seminars: list[Any]) -> None:
        self.seminar_id.choices = [none_choice(str(_l("Not for one seminar")))] + [
            (seminar.id, seminar.title) for seminar in seminars]

    def data_for_service(self) -> dict[str, Any]:
        return {"spent_on": _day(self.spent_on.data), "amount": self.amount.data,
                "note": self.note.data, "seminar_id": self.seminar_id.data}


class PeriodForm(FlaskForm):
    """The reporting period of the indicators, the dashboard and the exports (a GET form)."""

    class Meta:
        csrf = False

    period_from = DateField(_l("From"), name="from", validators=[Optional()])
    period_to = DateField(_l("To"), name="to", validators=[Optional()])
