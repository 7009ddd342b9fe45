"""The front page, the language switch, health, and what every page shares."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_login import current_user

from ..database import UNAVAILABLE_ERRORS
from ..extensions import db, login
from ..i18n import LANGUAGE_COOKIE, LANGUAGE_NAMES
from ..models import User
from ..services.access import user_for_api_token
from ..services.errors import ServiceError
from .static_files import StaticFiles

bp = Blueprint("main", __name__)
log = logging.getLogger(__name__)


def is_local_path(target: str | None) -> bool:
    """Whether a `next` address stays on this site: a path, never `//host` or `/\\host`.

    Browsers drop tabs and newlines from URLs and read a backslash as a slash, so
    "/\\evil.example" and "/\\t/evil.example" would leave the site like "//evil.example".
    """
    if not target or not target.startswith("/"):
        return False
    if any(char == "\\" or ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    parts = urlsplit(target)
    return not (target.startswith("//") or parts.scheme or parts.netloc)


@bp.get("/")
def index() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("facilitator.index"))
    return redirect(url_for("participant.join"))


@bp.get("/lang/<code>")
def set_language(code: str) -> ResponseReturnValue:
    target = request.args.get("next") or url_for("main.index")
    # Only a path on this site: never an open redirect.
    if not is_local_path(target):
        target = url_for("main.index")
    response = redirect(target)
    if code in LANGUAGE_NAMES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


@bp.get("/healthz")
def health() -> dict[str, str]:
    db.session.execute(db.text("SELECT 1"))
    return {"status": "ok"}


@bp.get("/accessibility")
def accessibility() -> str:
    return render_template("main/accessibility.html")


@login.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user and user.active else None


@login.request_loader
def load_user_from_bearer(req: object) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        return None
    return user_for_api_token(token.strip())


def register_page_hooks(app: Flask) -> None:
    if app.static_folder:
        app.extensions["koosloome_static"] = StaticFiles(app)

    @app.context_processor
    def page_globals() -> dict[str, object]:
        return {"current_language": str(get_locale() or "et"), "language_names": LANGUAGE_NAMES}

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        # Only this site frames its pages; the board (g.frame_ancestors, set by its view) also
        # lets the sites in BOARD_FRAME_ANCESTORS embed it.
        ancestors = " ".join(["'self'", *g.get("frame_ancestors", [])])
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            f"connect-src 'self' ws: wss:; frame-ancestors {ancestors}; base-uri 'self'; "
            "form-action 'self'; object-src 'none'")
        if not g.get("frame_ancestors"):
            # X-Frame-Options cannot name other sites; where some are allowed, CSP alone rules.
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response

    def database_unavailable(error: Exception) -> tuple[Response | str, int, dict[str, str]]:
        """The database is locked past the busy timeout or unreachable: answer 503, retry."""
        log.warning("database unavailable: %s %s: %s", request.method, request.path,
                    str(error).splitlines()[0])
        db.session.rollback()
        # Pick the language without asking the database who is signed in.
        if g.get("locale") not in app.config["LANGUAGES"]:
            chosen = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
            g.locale = chosen if chosen in app.config["LANGUAGES"] else \
                request.accept_languages.best_match(app.config["LANGUAGES"]) or \
                app.config["BABEL_DEFAULT_LOCALE"]
        retry = {"Retry-After": "2"}
        if request.path.startswith("/api/"):
            return jsonify(ServiceError("unavailable").as_json()), 503, retry
        return render_template("errors/unavailable.html"), 503, retry

    for error_class in UNAVAILABLE_ERRORS:
        app.register_error_handler(error_class, database_unavailable)


login.login_view = "auth.login"
login.login_message_category = "info"
