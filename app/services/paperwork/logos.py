"""The programme's logos (the EU's rural fund flag, the LEADER logo): uploaded once by an admin,
printed above every agenda and on the evidence pack.

A logo is at most MAX_BYTES. PNG and JPEG are opened and checked by Pillow and saved again
(which also drops their metadata, such as where a photo was taken); SVG is parsed with
defusedxml (no entities, no external DTDs) and rebuilt from an allowlist of drawing elements
and attributes: no script, no event handler, no external reference, no foreign content. The
logos live in the database, so `koosloome backup` and pg_dump carry them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree

import sqlalchemy as sa
from defusedxml import ElementTree as SafeElementTree
from defusedxml.common import DefusedXmlException
from PIL import Image, UnidentifiedImageError

from ...database import transaction
from ...extensions import db
from ...i18n import gettext as _
from ...models import Logo
from .. import fields
from ..access import Principal, check_admin
from ..errors import ServiceError

MAX_BYTES = 1024 * 1024
MAX_PIXELS = 6000 * 6000
MAX_LOGOS = 12
PNG, JPEG, SVG = "image/png", "image/jpeg", "image/svg+xml"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Drawing only: shapes, text, groups, gradients, clipping. No script, style sheet, image,
# foreignObject, animation, link (<a>) or font face.
SVG_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "path", "rect", "circle", "ellipse",
    "line", "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop",
    "clipPath", "mask", "pattern"})
SVG_ATTRIBUTES = frozenset({
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy",
    "width", "height", "d", "points", "transform", "viewBox", "preserveAspectRatio",
    "fill", "fill-rule", "fill-opacity", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "clip-path", "clip-rule", "mask", "offset", "stop-color",
    "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "patternUnits",
    "patternContentUnits", "patternTransform", "clipPathUnits", "maskUnits",
    "maskContentUnits", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "letter-spacing", "dx", "dy", "rotate", "textLength",
    "lengthAdjust", "display", "visibility", "color", "version", "style", "href"})
# A paint or reference may name something inside the same drawing, never anything outside.
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE)
_STYLE_DECLARATION = re.compile(r"^\s*([a-z-]+)\s*:\s*(.+?)\s*$", re.IGNORECASE)
_UNSAFE_STYLE = re.compile(r"@import|expression\s*\(|javascript:|behaviou?r\s*:|-moz-binding",
                           re.IGNORECASE)


def refuse(message: str) -> ServiceError:
    return fields.invalid("file", message)


def _wrong_file() -> ServiceError:
    return refuse(_("Choose a PNG, JPEG or SVG picture of at most 1 MB."))


@dataclass(frozen=True)
class CheckedLogo:
    media_type: str
    content: bytes
    width: int
    height: int


def check_logo(content: bytes) -> CheckedLogo:
    """A logo made safe to store and show, or invalid_input (field "file")."""
    if not content or len(content) > MAX_BYTES:
        raise _wrong_file()
    head = content[:512].lstrip()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) or b"<svg" in head:
        return _check_svg(content)
    return _check_bitmap(content)


def _check_bitmap(content: bytes) -> CheckedLogo:
    try:
        with Image.open(io.BytesIO(content)) as probe:
            kind = probe.format
            probe.verify()
        with Image.open(io.BytesIO(content)) as image:
            if kind not in ("PNG", "JPEG") or image.width * image.height > MAX_PIXELS:
                raise _wrong_file()
            image.load()
            out = io.BytesIO()
            if kind == "PNG":
                image.save(out, "PNG", optimize=True)
            else:
                image.convert("RGB").save(out, "JPEG", quality=92, optimize=True)
            width, height = image.size
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError,
            SyntaxError):
        raise _wrong_file() from None
    cleaned = out.getvalue()
    if len(cleaned) > MAX_BYTES:
        raise _wrong_file()
    return CheckedLogo(PNG if kind == "PNG" else JPEG, cleaned, width, height)


def _local(name: str) -> tuple[str | None, str]:
    if name.startswith("{"):
        namespace, _close, local = name[1:].partition("}")
        return namespace, local
    return None, name


def _safe_reference(value: str) -> bool:
    return value.strip().startswith("#")


def _safe_value(value: str) -> bool:
    return all(_safe_reference(match.group(2)) for match in _URL.finditer(value)) \
        and not _UNSAFE_STYLE.search(value)


def _clean_style(style: str) -> str:
    kept = []
    for declaration in style.split(";"):
        found = _STYLE_DECLARATION.match(declaration)
        if found and found.group(1).lower() in SVG_ATTRIBUTES and _safe_value(found.group(2)):
            kept.append(f"{found.group(1)}:{found.group(2)}")
    return ";".join(kept)


def _clean_element(element: Any) -> Any | None:
    namespace, tag = _local(element.tag)
    if namespace not in (SVG_NS, None) or tag not in SVG_ELEMENTS:
        return None
    clean = ElementTree.Element(tag)
    for name, value in element.attrib.items():
        attribute_ns, attribute = _local(name)
        if attribute_ns == XLINK_NS and attribute == "href":
            attribute_ns = None
        if attribute_ns is not None or attribute not in SVG_ATTRIBUTES:
            continue
        if attribute == "href" and not _safe_reference(value):
            continue
        if attribute == "style":
            value = _clean_style(value)
            if not value:
                continue
        elif not _safe_value(value):
            continue
        clean.set(attribute, value)
    clean.text = element.text if tag in ("text", "tspan", "title", "desc") else None
    for child in element:
        kept = _clean_element(child)
        if kept is not None:
            kept.tail = child.tail if tag in ("text", "tspan") else None
            clean.append(kept)
    return clean


def _length(value: str | None) -> float:
    match = re.match(r"\s*([0-9.]+)", value or "")
    try:
        return float(match.group(1)) if match else 0.0
    except ValueError:
        return 0.0


def sanitise_svg(content: bytes) -> tuple[bytes, int, int]:
    """The drawing rebuilt from what SVG_ELEMENTS and SVG_ATTRIBUTES allow, with its size."""
    try:
        root = SafeElementTree.fromstring(content, forbid_dtd=True)
    except (DefusedXmlException, ElementTree.ParseError, ValueError):
        raise _wrong_file() from None
    if _local(root.tag) != (SVG_NS, "svg"):
        raise _wrong_file()
    clean = _clean_element(root)
    assert clean is not None
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (not width or not height) and len(box) == 4:
        width, height = _length(box[2]), _length(box[3])
    if width <= 0 or height <= 0:
        raise refuse(_("The SVG picture has no size: give it a width and a height, or a "
                       "viewBox."))
    clean.set("xmlns", SVG_NS)
    drawing = ElementTree.tostring(clean, encoding="utf-8", xml_declaration=True)
    return drawing, round(width), round(height)


def _check_svg(content: bytes) -> CheckedLogo:
    cleaned, width, height = sanitise_svg(content)
    if len(cleaned) > MAX_BYTES:
        raise _wrong_file()
    return CheckedLogo(SVG, cleaned, width, height)


# -- keeping them ---------------------------------------------------------------------------


def logos() -> list[Logo]:
    return list(db.session.scalars(sa.select(Logo).order_by(Logo.position, Logo.id)))


def get_logo(logo_id: int) -> Logo:
    logo = db.session.get(Logo, logo_id)
    if logo is None:
        raise ServiceError("not_found")
    return logo


def add_logo(principal: Principal, name: object, content: bytes) -> Logo:
    check_admin(principal)
    label = fields.text({"name": name}, "name", limit=200, required=True)
    checked = check_logo(content)
    with transaction():
        count = db.session.scalar(sa.select(sa.func.count(Logo.id))) or 0
        if count >= MAX_LOGOS:
            raise refuse(_("Logos already: %(n)s, as many as there can be. Remove one first.", n=MAX_LOGOS))
        last = db.session.scalar(sa.select(sa.func.max(Logo.position))) or 0
        logo = Logo(name=label, media_type=checked.media_type, content=checked.content,
                    width=checked.width, height=checked.height, position=last + 1)
        db.session.add(logo)
    return logo


def delete_logo(principal: Principal, logo_id: int) -> None:
    check_admin(principal)
    with transaction():
        db.session.delete(get_logo(logo_id))


def move_logo(principal: Principal, logo_id: int, step: int) -> None:
    """Move a logo one place earlier (-1) or later (+1) in the row."""
    check_admin(principal)
    with transaction():
        row = logos()
        index = next((i for i, logo in enumerate(row) if logo.id == logo_id), None)
        if index is None:
            raise ServiceError("not_found")
        other = index + (1 if step > 0 else -1)
        if 0 <= other < len(row):
            row[index], row[other] = row[other], row[index]
        for position, logo in enumerate(row, start=1):
            logo.position = position
