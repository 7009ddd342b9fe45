"""Forms of a seminar's pages: an agenda item, an entry on the list of participants, the
project a seminar belongs to, the feedback form's questions and a paper feedback form."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, Length, Optional

from .form_fields import none_choice, optional_int


def background_choices() -> list[tuple[str, str]]:
    """The backgrounds in the words the phone's join page uses."""
    return [
        none_choice(str(_l("Prefer not to say"))),
        ("community", str(_l("Village or community member"))),
        ("entrepreneur", str(_l("Entrepreneur"))),
        ("municipality", str(lazy_pgettext("background", "Municipality"))),
        ("organisation", str(_l("Association or organisation"))),
        ("other", str(_l("Other"))),
    ]


class AgendaItemForm(FlaskForm):
    starts_at = TimeField(_l("Starts at"), validators=[DataRequired()])
    ends_at = TimeField(_l("Ends at"), validators=[Optional()])
    day = DateField(_l("Day (for a seminar of several days)"), validators=[Optional()])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    speaker = StringField(_l("Speaker"), validators=[Optional(), Length(max=200)])
    organisation = StringField(_l("Speaker's organisation"),
                               validators=[Optional(), Length(max=300)])
    workshop_id = SelectField(_l("Workshop in this item"), coerce=optional_int)

    def set_choices(self, workshops: list[Any]) -> None:
        self.workshop_id.choices = [none_choice(str(_l("None")))] + [
            (workshop.id, workshop.title) for workshop in workshops]

    def data_for_service(self) -> dict[str, Any]:
        return {
            "starts_at": self.starts_at.data, "ends_at": self.ends_at.data,
            "day": self.day.data, "title": self.title.data, "speaker": self.speaker.data,
            "organisation": self.organisation.data, "workshop_id": self.workshop_id.data}


class AttendeeForm(FlaskForm):
    """An entry typed in by staff, from the paper sheet (or a registration sent by email)."""

    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "off"})
    organisation = StringField(_l("Organisation"), validators=[Optional(), Length(max=300)])
    background = SelectField(_l("Who they are"), default="")
    municipality = StringField(_l("Municipality (local government)"),
                               validators=[Optional(), Length(max=200)],
                               render_kw={"list": "municipalities", "autocomplete": "off"})
    email = StringField(_l("Email (optional)"), validators=[Optional(), Length(max=254)],
                        render_kw={"type": "email", "autocomplete": "off"})
    source = SelectField(_l("From"), default="paper",
                         choices=[("paper", _l("Paper sign-in sheet")),
                                  ("advance", _l("Registered in advance (not here yet)"))])

    def set_choices(self) -> None:
        self.background.choices = background_choices()

    def data_for_service(self) -> dict[str, Any]:
        return {"name": self.name.data, "organisation": self.organisation.data,
                "background": self.background.data or None,
                "municipality": self.municipality.data, "email": self.email.data,
                "source": self.source.data}


class FundingForm(FlaskForm):
    project_id = SelectField(_l("Cooperation project"), coerce=optional_int)
    budget_line_id = SelectField(_l("Budget line"), coerce=optional_int)

    def set_choices(self, projects: list[Any]) -> None:
        self.project_id.choices = [none_choice(str(_l("Not in a project")))] + [
            (project.id, project.title) for project in projects]
        self.budget_line_id.choices = [none_choice(str(_l("No line chosen")))] + [
            (line.id, f"{project.title} – {partner.lag.name}: {line.activity}")
            for project in projects for partner in project.partners for line in partner.lines]


class PlainForm(FlaskForm):
    """A form of buttons only (delete, check in, hide): its CSRF token."""
