"""Answers to content-hashed static URLs, kept whole and replayed without running Flask.

A URL that names a file by its content hash (`/static/js/phone.<hash>.js`) has one answer for
as long as the server runs: `StaticFiles` serves it with a year's immutable cache, and a new
version of the file gets a new name. A join storm asks for each of those URLs a thousand
times, and going through Flask each time (a request context, the session, the locale, the
security headers) was most of what answering cost; this middleware keeps the first complete
answer Flask gives (status, headers and body, per Accept-Encoding) and sends the same bytes
again. A conditional or ranged request, any other method, and any answer that is not a
cacheable 200 go to Flask as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .main import HASHED_NAME

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
