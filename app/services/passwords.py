"""What a staff password must be: at least 12 characters, not common, not about this place.

zxcvbn (Dropbox's estimator) scores a password from 0 to 4 against lists of common
passwords, words, names, keyboard patterns and dates; the account's own email, name and the
app's name count as words too. Below 3, or containing any of those, it is refused.
"""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

from ..i18n import gettext as _
from ..i18n import ngettext
from .errors import ServiceError

MIN_LENGTH = 12
MAX_LENGTH = 200
MIN_SCORE = 3
PLACE_WORDS = ("koosloome", "leader", "vorumaa", "võrumaa", "tartumaa", "partnerluskogu")


def context_words(email: str, name: str = "") -> list[str]:
    """The words an attacker would try first for this account."""
    local, _at, domain = email.lower().partition("@")
    words = [email.lower(), local, *re.split(r"[^\w]+", local), *domain.split("."),
             *name.lower().split(), *PLACE_WORDS]
    return [word for word in dict.fromkeys(words) if len(word) >= 4]


def check_password(password: object, *, email: str, name: str = "") -> str:
    """The password as typed, or invalid_input (field password) saying what is wrong."""
    if not isinstance(password, str) or len(password) > MAX_LENGTH:
        raise ServiceError("invalid_input", field="password")
    if len(password) < MIN_LENGTH:
        raise ServiceError("invalid_input", ngettext(
            "The password must be at least %(num)d character long.",
            "The password must be at least %(num)d characters long.", MIN_LENGTH),
            field="password")
    lowered = password.lower()
    words = context_words(email, name)
    if any(word in lowered for word in words) or zxcvbn(
            password, user_inputs=words)["score"] < MIN_SCORE:
        raise ServiceError("invalid_input", _(
            "This password is too easy to guess. Use a few unrelated words or a longer "
            "phrase, without your name, your email or the name of this service."),
            field="password")
    return password
