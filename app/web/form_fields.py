"""What every staff form shares: a list of checkboxes, the empty choice, money inputs, and a
service's refusal put beside the field it names.

The forms only carry the text people typed; the services decide what it means and refuse
with a field name, which the page puts back beside that field.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.widgets import CheckboxInput, ListWidget

from ..services.errors import ServiceError


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def optional_int(value: Any) -> int | None:
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def none_choice(label: str) -> tuple[str, str]:
    return ("", label)


MONEY = {"inputmode": "decimal", "autocomplete": "off"}


def show_error(form: FlaskForm, error: ServiceError, aliases: dict[str, str] | None = None
               ) -> bool:
    """Put a service's refusal beside the field it names; False when the form has no such field."""
    name = (aliases or {}).get(error.field or "", error.field or "")
    field = form._fields.get(name) if name else None
    if field is None:
        return False
    field.errors = [*field.errors, error.message] if isinstance(field.errors, list) else [
        error.message]
    return True
