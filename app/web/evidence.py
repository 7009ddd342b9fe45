"""The evidence pack's HTML, drawn into a PDF by app/web/pdf.py (the API serves it)."""

from __future__ import annotations

from typing import Any

from flask import render_template
from markupsafe import Markup

from ..models import Logo
from ..services.paperwork.attendance import retention_days
from ..services.paperwork.evidence import EvidencePack
from ..services.paperwork.feedback import scale_labels
from ..services.proposals import budget_of, lags
from ..services.vocabulary import (
    background_names,
    seminar_kind_names,
    source_names,
    status_names,
    triage_names,
)
from .formatting import euros, percent
from .pdf import data_url


def css_string(text: str) -> Markup:
    """Text inside a CSS string literal ("…") in a <style>: no way out of the quotes or the
    element, no line breaks (the characters that could are written as CSS escapes)."""
    return Markup("".join(f"\\{ord(char):x} " if char in '"\\<>&' or ord(char) < 32
                          else char for char in str(text)))


def logo_images(logos: list[Logo]) -> list[dict[str, Any]]:
    """The logos as inline pictures, with their text alternative."""
    return [{"name": logo.name, "src": data_url(logo.media_type, logo.content),
             "wide": logo.width >= 2 * max(logo.height, 1)} for logo in logos]


def pdf_helpers() -> dict[str, Any]:
    return {"euros": euros, "percent": percent, "kinds": seminar_kind_names(),
            "backgrounds": background_names(), "sources": source_names(),
            "statuses": status_names(), "triage": triage_names(),
            "lag_names": {lag.id: lag.name for lag in lags()}}


def evidence_html(pack: EvidencePack) -> str:
    return render_template("evidence/pack.html", pack=pack, logos=logo_images(pack.logos),
                           budget_of=budget_of, scale_labels=scale_labels(),
                           retention_days=retention_days(), **pdf_helpers())
