"""The house's seams, read from the code's own imports: each layer leans only on those below it.

Requests and socket events enter through app/web and app/realtime, which call the services;
the services change state and queue events on their transaction, and never reach up to the
publisher that sends them; facilitation/ is rules alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, as an absolute dotted name."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    if path.name == "__init__.py":
        package = ".".join(path.relative_to(ROOT).parent.parts)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                anchor = parts[: len(parts) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def python_files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", python_files("app/services"), ids=lambda p: p.name)
def test_services_never_import_the_realtime_layer(path: Path) -> None:
    assert not {name for name in imported_modules(path) if name.startswith("app.realtime")}


def test_the_publisher_needs_nothing_from_the_services() -> None:
    imported = imported_modules(ROOT / "app/realtime/publisher.py")
    assert imported & {"app.events", "app.counts"}, "the parser sees the publisher's imports"
    assert not {name for name in imported if name.startswith("app.services")}


@pytest.mark.parametrize("path", python_files("app/services"), ids=lambda p: p.name)
def test_no_service_sends_an_event_itself(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    for sending in ("socketio.emit", "publisher.", ".send(", "tally_changed("):
        assert sending not in source, f"{path.name} sends ({sending}); queue on the transaction"


@pytest.mark.parametrize("path", python_files("facilitation"), ids=lambda p: p.name)
def test_the_rules_know_nothing_of_the_web_or_the_database(path: Path) -> None:
    outside = {name.split(".")[0] for name in imported_modules(path)} & {
        "app", "flask", "flask_socketio", "sqlalchemy", "werkzeug"}
    assert not outside
