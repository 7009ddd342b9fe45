"""Forms of the facilitator's pages: a seminar and a workshop (Flask-WTF: CSRF included)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from .form_fields import MultiCheckboxField


def seminar_kind_choices() -> list[tuple[str, str]]:
    return [
        ("inspiration_seminar", str(_l("Inspiration seminar"))),
        ("study_trip", str(_l("Study trip"))),
        ("co_creation_workshop", str(_l("Co-creation workshop"))),
        ("info_day", str(_l("Info day"))),
        ("other", str(_l("Other"))),
    ]


class SeminarForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"))
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    place = StringField(_l("Place"), validators=[Optional(), Length(max=300)])
    country = StringField(_l("Country (for a study trip)"),
                          validators=[Optional(), Length(max=100)])
    lag_ids = MultiCheckboxField(_l("Organising local action groups"), coerce=int)
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])


class WorkshopForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    prompt = StringField(_l("Question for the participants (How might we …?)"),
                         validators=[DataRequired(), Length(max=500)])
    dots_per_participant = IntegerField(_l("Dots per participant"), default=5,
                                        validators=[NumberRange(1, 100)])
    max_dots_per_idea = IntegerField(_l("Most dots one person may put on one idea"), default=3,
                                     validators=[NumberRange(1, 100)])
    blind_voting = BooleanField(_l("Blind voting (counts hidden until results)"))
    phones_see_ideas = BooleanField(_l("Phones see everyone's ideas while collecting"),
                                    default=True)
    moderation = BooleanField(_l("Approve ideas before they reach the board (moderation)"))
    idea_max_length = IntegerField(_l("Longest idea (characters)"), default=280,
                                   validators=[NumberRange(20, 2000)])
    language = SelectField(_l("Board language"),
                           choices=[("et", "Eesti"), ("en", "English"), ("ru", "Русский")])
