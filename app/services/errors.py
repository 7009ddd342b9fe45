"""The one error type services raise, with a stable code, a translated message and an HTTP status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitation.errors import DomainError

from ..i18n import gettext as _
from .vocabulary import field_name

STATUS_BY_CODE = {
    "invalid_input": 400,
    "unauthenticated": 401,
    "forbidden": 403,
    "not_found": 404,
    "wrong_phase": 409,
    "invalid_transition": 409,
    "vote_budget_exhausted": 409,
    "idea_vote_limit": 409,
    "rate_limited": 429,
    "unavailable": 503,
}


def default_message(code: str, field: str | None = None) -> str:
    """A short, plain message a participant or facilitator can act on."""
    if code == "invalid_input" and field:
        return _("Please check this field: %(field)s.", field=field_label(field))
    return _MESSAGES.get(code, _MESSAGES["invalid_input"])()


# Translated when asked for, one at a time: a refused dot in a vote storm needs one message.
_MESSAGES: dict[str, Callable[[], str]] = {
    "invalid_input": lambda: _("Something in the request was not right. Please check and try "
                               "again."),
    "unauthenticated": lambda: _("Please sign in or join the workshop first."),
    "forbidden": lambda: _("You are not allowed to do that."),
    "not_found": lambda: _("We could not find that."),
    "wrong_phase": lambda: _("That cannot be done in this part of the workshop."),
    "invalid_transition": lambda: _("The workshop cannot move to that step from here."),
    "vote_budget_exhausted": lambda: _("You have used all your dots."),
    "idea_vote_limit": lambda: _("This idea already has as many of your dots as allowed."),
    "rate_limited": lambda: _("Too many tries at once. Please wait a moment."),
    "unavailable": lambda: _("The server is busy. Please try again in a moment."),
}


def field_label(field: str) -> str:
    labels = {
        "text": _("idea text"),
        "details": _("details"),
        "target_groups": _("target groups"),
        "phase": _("phase"),
        "seconds": _("timer"),
        "code": _("join code"),
        "name": _("name"),
        "title": _("title"),
        "prompt": _("question"),
        "kind": _("kind"),
        "starts_on": _("start date"),
        "ends_on": _("end date"),
        "dots_per_participant": _("dots per participant"),
        "max_dots_per_idea": _("most dots on one idea"),
        "idea_max_length": _("longest idea"),
        "idea_id": _("idea"),
        "idea_ids": _("ideas"),
        "target_id": _("idea to keep"),
        "client_id": _("client id"),
        "workshop_id": _("workshop"),
        "participant_id": _("paper ballot"),
        "email": _("email"),
        "password": _("password"),
        "role": _("role"),
        "lag": _("local action group"),
        "lag_ids": _("local action groups"),
        "language": _("language"),
        "body": _("request body"),
        "event": _("event name"),
    }
    # The pipeline's fields are named once, for its pages and its errors alike.
    return labels[field] if field in labels else field_name(field)


class ServiceError(Exception):
    """A refused operation: nothing was changed."""

    def __init__(self, code: str, message: str | None = None, *, field: str | None = None) -> None:
        self.code = code
        self.field = field
        self.message = message or default_message(code, field)
        super().__init__(f"{code}: {self.message}")

    @property
    def status(self) -> int:
        return STATUS_BY_CODE.get(self.code, 400)

    @classmethod
    def from_domain(cls, error: DomainError) -> ServiceError:
        return cls(error.code, field=getattr(error, "field", None))

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return {"error": body}
