"""Error pages: every 400, 403, 404, 405 and 500 styled and in the reader's language.

Under /api/v1 an error stays JSON (app/web/api.py answers those). The 500 page does not ask
who is signed in: the error may be the database itself.
"""

from __future__ import annotations

import logging

from flask import Flask, Response, current_app, g, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from ..i18n import LANGUAGE_COOKIE
from ..i18n import gettext as _
from .api import http_error

log = logging.getLogger(__name__)
API_PREFIX = "/api/v1"


def is_api(path: str) -> bool:
    return path == API_PREFIX or path.startswith(f"{API_PREFIX}/")


def error_texts(status: int) -> tuple[str, str]:
    """The page's heading and what the reader can do next."""
    texts = {
        400: (_("Something in the request was not right"),
              _("The form may have expired. Go back, load the page again and try once more.")),
        403: (_("You may not open this page"),
              _("This page belongs to other people's work, for example another local action "
                "group's proposals. Ask an administrator if you need it.")),
        404: (_("We could not find this page"),
              _("The address may be mistyped, or the page was removed. Check the address, "
                "or start again from the front page.")),
        405: (_("This page cannot be opened this way"),
              _("Go back and use the page's own buttons and links.")),
        500: (_("Something went wrong on our side"),
              _("Nothing you did caused it. Please try again in a moment; if it happens "
                "again, tell the organisers.")),
    }
    return texts.get(status, texts[400])


def error_page(error: HTTPException) -> tuple[str | Response, int]:
    status = error.code or 500
    if isinstance(error, SecurityError):
        # A host this server does not answer for: no page of ours (its links would name that
        # host), just the refusal.
        return _("Something in the request was not right"), status
    if is_api(request.path):
        # A URL under /api/v1 that matches no route is not in the API's blueprint, yet
        # answers in JSON as the API does.
        return http_error(error)
    heading, advice = error_texts(status)
    template = "errors/server_error.html" if status >= 500 else "errors/error.html"
    return render_template(template, status=status, heading=heading, advice=advice), status


def server_error(error: InternalServerError) -> tuple[str | Response, int]:
    log.error("%s %s failed", request.method, request.path,
              exc_info=error.original_exception or error)
    # Choose the language without asking the database who is signed in: it may be the fault.
    languages = current_app.config["LANGUAGES"]
    if g.get("locale") not in languages:
        chosen = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
        g.locale = chosen if chosen in languages else (
            request.accept_languages.best_match(languages)
            or current_app.config["BABEL_DEFAULT_LOCALE"])
    try:
        return error_page(error)
    except Exception:  # the page itself failed: say it plainly rather than not at all
        log.exception("the error page failed too")
        return _("Something went wrong on our side"), 500


def register_error_pages(app: Flask) -> None:
    for status in (400, 403, 404, 405):
        app.register_error_handler(status, error_page)
    app.register_error_handler(InternalServerError, server_error)
