"""PDFs drawn from the app's own HTML by WeasyPrint: the evidence pack and the sign-in sheet.

Why WeasyPrint and not Chromium's print-to-PDF: see docs/operations.md. The HTML is ours
and complete (its style sheet inline, the logos as data: URLs): WeasyPrint is given no base
URL and a fetcher that answers data: URLs only, so nothing in a document (a logo, a name
someone typed) can make the server fetch a file or an address. The PDF is tagged (PDF/UA-1):
real text with its headings, tables and reading order, and the document's language.
"""

from __future__ import annotations

import base64
import logging
from typing import Any
from urllib.parse import quote

from flask import Response

from ..services.errors import ServiceError

log = logging.getLogger(__name__)


def data_url(media_type: str, content: bytes) -> str:
    """A logo (or any picture) inline in the document."""
    return f"data:{media_type};base64,{base64.b64encode(content).decode('ascii')}"


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        """Answers data: URLs; refuses every file and network address."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                raise ValueError("only data: URLs are drawn into a PDF")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols=("data",), allow_redirects=False, timeout=5)


def render_pdf(html: str) -> bytes:
    """A tagged A4 PDF of the HTML (its @page rules set the size and margins)."""
    try:
        from weasyprint import HTML
    except OSError as error:  # pango missing: `make setup` installs it (docs/operations.md)
        log.error("WeasyPrint cannot load its libraries: %s", error)
        raise ServiceError("unavailable", "The PDF cannot be made on this server: WeasyPrint "
                           "lacks its libraries (pango).") from None
    return bytes(HTML(string=html, base_url=None, url_fetcher=_fetcher())
                 .write_pdf(pdf_variant="pdf/ua-1"))


def pdf_response(content: bytes, filename: str) -> Response:
    """Shown in the browser, saved under ``filename``; never cached (it names people)."""
    return Response(content, mimetype="application/pdf", headers={
        "Content-Disposition": f"inline; filename=\"{filename}\"; "
                               f"filename*=UTF-8''{quote(filename)}",
        "Cache-Control": "no-store"})
