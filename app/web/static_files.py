"""Static files: content-hashed names, compressed once, cached for a year, and replayed.

`StaticFiles` serves `/static/…` under names that carry the file's content hash.
`ImmutableAnswers` keeps the complete answer to such a URL and sends the same bytes again
without running Flask: a URL with a content hash has one answer for as long as the server
runs, and a join storm asks for each of them a thousand times. A conditional or ranged
request, any other method, and any answer that is not a cacheable 200 go to Flask.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import posixpath
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, Response, abort, request
from flask.typing import ResponseReturnValue

HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")
COMPRESSIBLE = {".css", ".js", ".mjs", ".svg", ".json", ".map", ".txt", ".html", ".xml"}
A_YEAR = 365 * 24 * 3600
RECHECK_SECONDS = 1.0


@dataclass(frozen=True)
class StaticFile:
    stamp: tuple[int, int]  # the file's mtime and size when it was read
    digest: str  # of the body as served
    body: bytes
    gzipped: bytes | None


def hashed_name(filename: str, digest: str) -> str:
    stem, suffix = posixpath.splitext(filename)
    return f"{stem}.{digest}{suffix}" if suffix else filename


class StaticFiles:
    """`url_for('static', filename='js/phone.js')` gives `/static/js/phone.<hash>.js`.

    A URL with the file's current content hash is served with `Cache-Control: public,
    max-age=31536000, immutable`, so a phone loads each file once per release. Pages load
    one bundle per screen (static/build/, made by `make setup`), which imports nothing
    further. Text files are gzipped once and kept in memory. Plain URLs (and an outdated
    hash) still get the file, with the ordinary short cache lifetime.
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

    def load(self, filename: str) -> StaticFile | None:
        """The file as served, read again only when it changed.

        Looked at on disk at most once a second per file: a join storm asks for each file a
        thousand times."""
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
        if known is not None and known.stamp == stamp:
            return known
        body = path.read_bytes()
        packed = None
        if path.suffix in COMPRESSIBLE and len(body) >= 512:
            packed = gzip.compress(body, 9, mtime=0)
            if len(packed) >= len(body):
                packed = None
        found = StaticFile(stamp, hashlib.sha256(body).hexdigest()[:12], body, packed)
        self.files[filename] = found
        return found

    def view(self, filename: str) -> ResponseReturnValue:
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
        return response.make_conditional(request)


# Ask Flask when any of these is in the request: the answer depends on them.
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
               "HTTP_IF_UNMODIFIED_SINCE", "HTTP_IF_RANGE", "HTTP_RANGE")


@dataclass(frozen=True)
class KeptAnswer:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes


class ImmutableAnswers:
    def __init__(self, app: Callable[..., Iterable[bytes]], prefix: str = "/static/",
                 limit: int = 512) -> None:
        self.app = app
        self.prefix = prefix
        self.limit = limit  # answers kept at most (file versions × encodings asked for)
        self.kept: dict[tuple[str, str], KeptAnswer] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]
                 ) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        if (environ.get("REQUEST_METHOD") != "GET" or not path.startswith(self.prefix)
                or any(name in environ for name in CONDITIONAL)
                or not HASHED_NAME.match(path.rpartition("/")[2])):
            return self.app(environ, start_response)
        key = (path, environ.get("HTTP_ACCEPT_ENCODING", ""))
        kept = self.kept.get(key)
        if kept is not None:
            start_response(kept.status, list(kept.headers))
            return [kept.body]
        return self._answer_and_keep(key, environ, start_response)

    def _answer_and_keep(self, key: tuple[str, str], environ: dict[str, Any],
                         start_response: Callable[..., Any]) -> Iterable[bytes]:
        answer: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None
                    ) -> Callable[[bytes], Any]:
            answer["status"], answer["headers"] = status, list(headers)
            return start_response(status, headers, exc_info)

        chunks = self.app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        headers = answer.get("headers", [])
        names = {name.lower(): value for name, value in headers}
        if (answer.get("status", "").startswith("200 ")
                and "immutable" in names.get("cache-control", "")
                and "set-cookie" not in names and len(self.kept) < self.limit):
            self.kept[key] = KeptAnswer(answer["status"], tuple(headers), body)
        return [body]
