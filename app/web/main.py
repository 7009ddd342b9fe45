"""The front page, the language switch, health, and what every page shares."""

from __future__ import annotations

import gzip
import hashlib
import logging
import mimetypes
import posixpath
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    Response,
    abort,
    current_app,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import get_locale
from flask_login import current_user

from ..database import UNAVAILABLE_ERRORS
from ..extensions import db, login
from ..i18n import LANGUAGE_COOKIE, LANGUAGE_NAMES
from ..models import User
from ..services.access import user_for_api_token
from ..services.errors import ServiceError

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
def index() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("facilitator.index"))  # type: ignore[return-value]
    return redirect(url_for("participant.join"))  # type: ignore[return-value]


@bp.get("/lang/<code>")
def set_language(code: str) -> Response:
    target = request.args.get("next") or url_for("main.index")
    # Only a path on this site: never an open redirect.
    if not is_local_path(target):
        target = url_for("main.index")
    response = redirect(target)
    if code in LANGUAGE_NAMES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 24 * 3600, samesite="Lax",
                            httponly=True, secure=current_app.config["SESSION_COOKIE_SECURE"])
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


# -- static files: content-hashed names, compressed once, cached for a year ------------------

HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
COMPRESSIBLE = {".css", ".js", ".mjs", ".svg", ".json", ".map", ".txt", ".html", ".xml"}
# Static imports, re-exports and dynamic imports of a module by a relative or /static/ path.
MODULE_IMPORT = re.compile(
    r"""(?P<head>\b(?:from|import)\s*\(?\s*)(?P<quote>["'])"""
    r"""(?P<spec>(?:\.{1,2}/|/static/)[^"'\s]+\.m?js)(?P=quote)""")
A_YEAR = 365 * 24 * 3600
RECHECK_SECONDS = 1.0


@dataclass(frozen=True)
class StaticFile:
    stamp: tuple[int, int]  # the file's mtime and size when it was read
    digest: str  # of the body as served (a module's imports rewritten to hashed names)
    body: bytes
    gzipped: bytes | None
    imports: tuple[tuple[str, str], ...] = ()  # (static path, digest) of rewritten imports


def hashed_name(filename: str, digest: str) -> str:
    stem, suffix = posixpath.splitext(filename)
    return f"{stem}.{digest}{suffix}" if suffix else filename


class StaticFiles:
    """`url_for('static', filename='js/phone.js')` gives `/static/js/phone.<hash>.js`.

    A URL with the file's current content hash is served with `Cache-Control: public,
    max-age=31536000, immutable`, so a phone loads each file once per release. An ES
    module's imports of other static modules are rewritten to their hashed names as it is
    served, so the whole module graph is cached that way and a change in any module gives
    new URLs all the way up. Text files are gzipped once and kept in memory. Plain URLs
    (and an outdated hash) still get the file, with the ordinary short cache lifetime.
    """

    def __init__(self, app: Flask) -> None:
        assert app.static_folder is not None
        self.root = Path(app.static_folder).resolve()
        self.max_age = app.config.get("SEND_FILE_MAX_AGE_DEFAULT")
        self.files: dict[str, StaticFile] = {}
        self.checked: dict[str, float] = {}
        app.url_defaults(self.add_hash)
        app.view_functions["static"] = self.view

    def add_hash(self, endpoint: str, values: dict[str, Any]) -> None:
        if endpoint == "static" and isinstance(values.get("filename"), str):
            found = self.load(values["filename"])
            if found is not None:
                values["filename"] = hashed_name(values["filename"], found.digest)

    def load(self, filename: str, depth: int = 0) -> StaticFile | None:
        """The file as served, read again only when it (or a module it imports) changed.

        Looked at on disk at most once a second per file: a join storm asks for each file a
        thousand times, and the checks were most of what serving it cost."""
        now = time.monotonic()
        known = self.files.get(filename)
        if known is not None and now - self.checked.get(filename, 0.0) < RECHECK_SECONDS:
            return known
        self.checked[filename] = now
        path = (self.root / filename).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            return None
        status = path.stat()
        stamp = (status.st_mtime_ns, status.st_size)
        if known is not None and known.stamp == stamp and all(
                (self.load(name, depth + 1) or known).digest == digest
                for name, digest in known.imports):
            return known
        body = path.read_bytes()
        imports: list[tuple[str, str]] = []
        if path.suffix in (".js", ".mjs") and depth < 8:
            body = self._rewrite_imports(filename, body, imports, depth)
        packed = None
        if path.suffix in COMPRESSIBLE and len(body) >= 512:
            packed = gzip.compress(body, 9, mtime=0)
            if len(packed) >= len(body):
                packed = None
        found = StaticFile(stamp, hashlib.sha256(body).hexdigest()[:12], body, packed,
                           tuple(imports))
        self.files[filename] = found
        return found

    def _rewrite_imports(self, filename: str, body: bytes, imports: list[tuple[str, str]],
                         depth: int) -> bytes:
        try:
            source = body.decode("utf-8")
        except UnicodeDecodeError:
            return body

        def hashed(match: re.Match[str]) -> str:
            spec = match["spec"]
            if spec.startswith("/static/"):
                target = spec.removeprefix("/static/")
            else:
                target = posixpath.normpath(posixpath.join(posixpath.dirname(filename), spec))
            found = None if target.startswith("..") else self.load(target, depth + 1)
            if found is None:
                return match[0]
            imports.append((target, found.digest))
            folder, name = posixpath.split(spec)
            new_spec = posixpath.join(folder, hashed_name(name, found.digest))
            return f"{match['head']}{match['quote']}{new_spec}{match['quote']}"

        return MODULE_IMPORT.sub(hashed, source).encode("utf-8")

    def view(self, filename: str) -> Response:
        immutable = False
        match = HASHED_NAME.match(filename)
        found = self.load(filename)
        if found is None and match:
            filename = match["stem"] + match["suffix"]
            found = self.load(filename)
            immutable = found is not None and found.digest == match["digest"]
        if found is None:
            abort(404)
        packed = found.gzipped if found.gzipped and request.accept_encodings["gzip"] else None
        mimetype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
        if filename.endswith((".js", ".mjs")):
            mimetype = "text/javascript"
        response = Response(packed or found.body, mimetype=mimetype)
        response.vary.add("Accept-Encoding")
        if packed:
            response.headers["Content-Encoding"] = "gzip"
        response.set_etag(found.digest + ("-gz" if packed else ""))
        if immutable:
            response.headers["Cache-Control"] = f"public, max-age={A_YEAR}, immutable"
        elif self.max_age:
            response.headers["Cache-Control"] = f"public, max-age={int(self.max_age)}"
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response.make_conditional(request)  # type: ignore[return-value]


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
