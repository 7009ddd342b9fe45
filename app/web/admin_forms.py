"""Forms of the admin pages: LAGs, strategy measures and staff accounts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from ..services.vocabulary import applicant_type_names, role_names
from .form_fields import none_choice, optional_int


class LagForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    region = StringField(_l("Region"), validators=[Optional(), Length(max=200)])


class MeasureForm(FlaskForm):
    lag_id = SelectField(_l("Local action group"), coerce=optional_int,
                         validators=[DataRequired()])
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=32)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    rate_ngo = StringField(render_kw={"inputmode": "decimal"})
    rate_foundation = StringField(render_kw={"inputmode": "decimal"})
    rate_municipality = StringField(render_kw={"inputmode": "decimal"})
    rate_company = StringField(render_kw={"inputmode": "decimal"})
    rate_community_group = StringField(render_kw={"inputmode": "decimal"})
    rate_person = StringField(render_kw={"inputmode": "decimal"})
    active = BooleanField(_l("In use (offered for new proposals)"), default=True)

    def rate_fields(self) -> list[Field]:
        """One field per applicant type, labelled with its name in the reader's language."""
        names = applicant_type_names()
        found = []
        for code, name in names.items():
            field = getattr(self, f"rate_{code}")
            field.label.text = name
            found.append(field)
        return found

    def data_for_service(self) -> dict[str, Any]:
        return {"lag_id": self.lag_id.data, "code": self.code.data, "name": self.name.data,
                "active": bool(self.active.data),
                "max_rates": {code: getattr(self, f"rate_{code}").data or ""
                              for code in applicant_type_names()}}


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    name = StringField(lazy_pgettext("person", "Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"))
    lag_id = SelectField(_l("Local action group"), coerce=optional_int)
    password = PasswordField(_l("Password (at least 10 characters)"),
                             validators=[DataRequired(), Length(min=10, max=200)])

    def set_choices(self, lags: list[Any]) -> None:
        self.role.choices = list(role_names().items())
        self.lag_id.choices = [none_choice(str(_l("No LAG")))] + [(lag.id, lag.name)
                                                                 for lag in lags]


class UserEditForm(FlaskForm):
    name = StringField(lazy_pgettext("person", "Name"), validators=[Optional(), Length(max=200)])
    role = SelectField(_l("Role"))
    lag_id = SelectField(_l("Local action group"), coerce=optional_int)
    active = BooleanField(_l("Active (may sign in)"))

    def set_choices(self, lags: list[Any]) -> None:
        self.role.choices = list(role_names().items())
        self.lag_id.choices = [none_choice(str(_l("No LAG")))] + [(lag.id, lag.name)
                                                                 for lag in lags]
