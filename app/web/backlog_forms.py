"""Forms of the idea backlog: its bulk actions, a merge and its filters."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional

from ..services.vocabulary import target_group_names, triage_names
from .form_fields import none_choice, optional_int


class BacklogActionForm(FlaskForm):
    """The bulk actions under the backlog table (the selected ideas come as idea_ids)."""

    theme = StringField(_l("Theme for the selected ideas"),
                        validators=[Optional(), Length(max=200)])


class MergeForm(FlaskForm):
    """Merging a suggested pair: the idea to keep comes as target_id, the other as source_ids."""


class BacklogFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form: filters in the address, bookmarkable

    q = StringField(_l("Search ideas"), validators=[Optional(), Length(max=200)])
    lag_id = SelectField(_l("Local action group"), coerce=optional_int)
    seminar_id = SelectField(_l("Seminar"), coerce=optional_int)
    workshop_id = SelectField(_l("Workshop"), coerce=optional_int)
    target_group = SelectField(_l("Target group"))
    theme = SelectField(_l("Theme"))
    state = SelectField(_l("Backlog state"))
    sort = SelectField(_l("Sort by"))
    per_page = SelectField(_l("Ideas per page"), coerce=optional_int)

    def set_choices(self, *, lags: list[Any], seminars: list[Any], workshops: list[Any],
                    themes: list[str]) -> None:
        everything = none_choice(str(_l("All")))
        self.lag_id.choices = [everything] + [(lag.id, lag.name) for lag in lags]
        self.seminar_id.choices = [everything] + [(s.id, s.title) for s in seminars]
        self.workshop_id.choices = [everything] + [
            (w.id, f"{w.title} ({w.seminar.title})") for w in workshops]
        self.target_group.choices = [everything] + list(target_group_names().items())
        self.theme.choices = [everything] + [(theme, theme) for theme in themes]
        self.state.choices = [everything] + list(triage_names().items())
        self.sort.choices = [("dots", str(_l("Most dots first"))),
                             ("newest", str(_l("Newest first"))),
                             ("oldest", str(_l("Oldest first"))),
                             ("seminar", str(_l("By seminar, latest first")))]
        self.per_page.choices = [(n, str(n)) for n in (25, 50, 100, 200)]
