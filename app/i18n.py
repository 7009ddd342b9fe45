"""Language choice: an explicit choice first, then the browser's preference, then Estonian."""

from __future__ import annotations

from flask import current_app, g, has_request_context, request
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
