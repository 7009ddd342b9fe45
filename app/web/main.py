"""The front page, the language switch, health, and what every page shares."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_login import current_user

from ..extensions import db, login
from ..i18n import LANGUAGE_COOKIE, LANGUAGE_NAMES
from ..models import User
from ..services.access import user_for_api_token

bp = Blueprint("main", __name__)


@bp.get("/")
def index() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("facilitator.index"))  # type: ignore[return-value]
    return redirect(url_for("participant.join"))  # type: ignore[return-value]


@bp.get("/lang/<code>")
def set_language(code: str) -> Response:
    target = request.args.get("next") or url_for("main.index")
    # Only a path on this site: never an open redirect.
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/"):
        target = url_for("main.index")
    response = redirect(target)
    if code in LANGUAGE_NAMES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True)
    return response  # type: ignore[return-value]


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
    @app.context_processor
    def page_globals() -> dict[str, object]:
        return {"current_language": str(get_locale() or "et"), "language_names": LANGUAGE_NAMES}

    @app.after_request
    def security_headers(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "connect-src 'self' ws: wss:; frame-ancestors 'self'; base-uri 'self'; "
            "form-action 'self'")
        response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        return response


login.login_view = "auth.login"
login.login_message_category = "info"
