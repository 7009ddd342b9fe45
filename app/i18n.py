"""Language choice: an explicit choice first, then the browser's preference, then Estonian."""

from __future__ import annotations

from typing import Any

from babel.support import NullTranslations
from flask import current_app, g, has_app_context, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_login import current_user

LANGUAGE_COOKIE = "koosloome_lang"
LANGUAGE_NAMES = {"et": "Eesti", "en": "English", "ru": "Русский"}


def select_locale() -> str:
    languages: list[str] = current_app.config["LANGUAGES"]
    forced = g.get("locale")
    if forced in languages:
        return str(forced)
    if not has_request_context():  # the CLI, or a background task: no browser to ask
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    chosen = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return str(chosen)
    if getattr(current_user, "is_authenticated", False) and current_user.language in languages:
        return str(current_user.language)
    best = request.accept_languages.best_match(languages)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


# Flask-Babel finds the catalogue anew for every string: three look-ups of its context, the
# locale turned into a string, a dictionary look-up. A page has dozens of strings (the phone
# page 29), so these keep the catalogue for the rest of the request, for as long as the locale
# is the one it was found for (`force_locale` brings a new one). Installed in Jinja in
# create_app; they take the same arguments and give the same text as Flask-Babel's.


def _catalogue() -> NullTranslations:
    if not has_app_context():
        return NullTranslations()
    locale = get_locale()
    kept = g.get("_koosloome_catalogue")
    if kept is None or kept[0] is not locale:
        kept = g._koosloome_catalogue = (locale, get_translations())
    return kept[1]


def gettext(string: str, **variables: Any) -> str:
    text = _catalogue().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _catalogue().ungettext(singular, plural, num) % variables


def pgettext(context: str, string: str, **variables: Any) -> str:
    text = _catalogue().upgettext(context, string)
    return text % variables if variables else text


def npgettext(context: str, singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    return _catalogue().unpgettext(context, singular, plural, num) % variables
