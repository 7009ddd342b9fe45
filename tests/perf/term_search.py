"""The backlog's search over 10,000 ideas, by terms and by the substring search it replaced.

    python -m tests.perf.term_search [--ideas 10000] [--repeat 5]
        [--postgres postgresql://postgres@127.0.0.1:5432/test]

For each database (a scratch SQLite file; a scratch PostgreSQL database with --postgres) the
app's own schema is migrated to head and filled with a synthetic backlog: `--ideas` ideas in
300 closed workshops, each mixing words of two labelled ideas of one theme
(tests/data/labelled_ideas.json), with their terms stored as the app stores them. For the
same run, the old `ideas.search_text` column (the folded text) is added back and filled, so
both searches are timed on the same rows, minutes apart, through the same code: the
backlog's `list_backlog` (the count and the first page of 50, newest first, as the page and
the API answer), and the search condition alone (the count), once with the term search and
once with the old condition (every query word LIKE '%word%' on the folded text) put in its
place.

Each of the labelled queries runs `--repeat` times; its median is its time. Printed: the
median and the 95th percentile over the queries, and the ratio of terms to substring.
Every term search's count is checked against `facilitation.terms.matches` on the stored
terms. Nothing here fails on a time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from . import language_set
from .language_costs import synthetic_backlog
from .text_before import fold, like_pattern

SEARCH = "app.services.backlog.filters.search_condition"
ADMIN_EMAIL = "bench@koosloome.test"


def old_condition(query: str) -> sa.ColumnElement[bool]:
    """The backlog's search before terms: every folded word somewhere in the folded text."""
    column: sa.ColumnElement[str] = sa.literal_column("ideas.search_text", sa.Text)
    return sa.and_(*(column.like(like_pattern(word), escape="\\") for word in fold(query).split()))


def fill(backlog: list[tuple[int, str]]) -> dict[int, tuple[str, ...]]:
    """The backlog as the app stores it, and the old folded column beside it; terms by id."""
    from app.extensions import db
    from app.models import Idea, IdeaTerm, Seminar, Workshop
    from app.services.idea_terms import terms_for
    from app.services.staff import create_user

    create_user(ADMIN_EMAIL, role="admin", password="benchmark password")
    now = datetime(2026, 1, 1)
    seminar = Seminar(title="Seminar", kind="other", created_at=now)
    db.session.add(seminar)
    db.session.flush()
    db.session.execute(sa.insert(Workshop), [
        {"seminar_id": seminar.id, "title": f"Töötuba {n}", "prompt": "?", "code": f"B{n:05d}",
         "board_key": f"bench-board-{n:06d}", "phase": "closed", "language": "et",
         "created_at": now} for n in range(1, 301)])
    workshop_ids = list(db.session.scalars(sa.select(Workshop.id).order_by(Workshop.id)))
    db.session.execute(sa.insert(Idea), [
        {"workshop_id": workshop_ids[workshop - 1], "text": text, "details": "",
         "target_groups": [], "theme": "", "hidden": False, "pending": False, "triage": "new",
         "created_at": now + timedelta(seconds=n), "updated_at": now}
        for n, (workshop, text) in enumerate(backlog)])
    terms = {idea_id: terms_for(text, details, "et") for idea_id, text, details in
             db.session.execute(sa.select(Idea.id, Idea.text, Idea.details))}
    db.session.execute(sa.insert(IdeaTerm), [{"term": term, "idea_id": idea_id}
                                             for idea_id, found in terms.items()
                                             for term in found])
    db.session.execute(sa.text("ALTER TABLE ideas ADD COLUMN search_text TEXT NOT NULL "
                               "DEFAULT ''"))
    db.session.execute(
        sa.text("UPDATE ideas SET search_text = :folded WHERE id = :idea_id"),
        [{"idea_id": idea_id, "folded": fold(f"{text} {details}")} for idea_id, text, details in
         db.session.execute(sa.select(Idea.id, Idea.text, Idea.details))])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # As autovacuum would have by now. Not on SQLite: the app never runs ANALYZE there,
        # and its statistics (every merged_into_id NULL) would make the planner scan ideas
        # for each row's merged dots, which no installation does.
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
    return terms


def timed(search: Callable[[str], Any], query: str, repeat: int) -> tuple[float, int]:
    """The median time of `repeat` runs of one query, in ms, and the count it found."""
    times, total = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        total = search(query)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), total


def percentile_95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[round(0.95 * (len(ordered) - 1))]


def measure(label: str, url: str, backlog: list[tuple[int, str]], repeat: int) -> None:
    from unittest import mock

    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db
    from app.models import Idea, User, Workshop
    from app.services.access import staff_principal
    from app.services.backlog import list_backlog, parse_filters
    from app.services.backlog.filters import where
    from facilitation.terms import matches, query_words
    from tests.conftest import app_config

    data = language_set.load()
    with tempfile.TemporaryDirectory() as instance, mock.patch.dict(
            "os.environ", {"KOOSLOOME_INSTANCE": instance}):
        app = create_app(app_config(url))
        with app.app_context():
            upgrade()
            terms = fill(backlog)
            admin = staff_principal(db.session.scalars(sa.select(User)).one())
            db.session.remove()

        def page(query: str) -> int:
            found = list_backlog(admin, parse_filters({"q": query, "sort": "newest"}))
            db.session.rollback()
            return found.total

        def count(query: str) -> int:
            total = db.session.scalar(
                sa.select(sa.func.count(Idea.id)).join(Workshop, Workshop.id == Idea.workshop_id)
                .where(*where(admin, parse_filters({"q": query})))) or 0
            db.session.rollback()
            return total

        times: dict[tuple[str, str], list[float]] = {}
        wrong = 0
        for labelled in data.queries:
            # A request of its own for each query, as the backlog page gets: the reader's
            # language (here the query's) is the hint for the words' language.
            language = {"et": "et-EE", "ru": "ru-RU", "en": "en-GB"}[labelled.language]
            with app.test_request_context(headers={"Accept-Language": language}):
                found = 0
                for what, run in (("page", page), ("count", count)):
                    with mock.patch(SEARCH, old_condition):
                        times.setdefault((what, "substring"), []).append(
                            timed(run, labelled.q, repeat)[0])
                    elapsed, found = timed(run, labelled.q, repeat)
                    times.setdefault((what, "terms"), []).append(elapsed)
                db.session.remove()
            expected = sum(1 for t in terms.values()
                           if matches(query_words(labelled.q, labelled.language), t))
            if found != expected:
                wrong += 1
                print(f"  {labelled.q!r} ({labelled.language}): {found}, matches() {expected}")
        with app.app_context():
            db.engine.dispose()
    check = "same as matches()" if not wrong else f"{wrong} queries differ from matches()"
    for what, name in (("page", "backlog page (count + 50 rows)"), ("count", "the search alone (count)")):
        old, new = times[(what, "substring")], times[(what, "terms")]
        print(f"| {label} | {name} | substring (before) | {statistics.median(old):.1f} ms | "
              f"{percentile_95(old):.1f} ms | {max(old):.1f} ms | | |")
        print(f"| {label} | {name} | terms | {statistics.median(new):.1f} ms | "
              f"{percentile_95(new):.1f} ms | {max(new):.1f} ms | "
              f"{statistics.median(new) / statistics.median(old):.2f} / "
              f"{percentile_95(new) / percentile_95(old):.2f} | {check} |")


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{Path(folder) / 'search.sqlite3'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000, help="backlog size")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query")
    parser.add_argument("--postgres", help="admin URL; a scratch database is made and dropped")
    args = parser.parse_args(argv)
    data = language_set.load()
    backlog = synthetic_backlog([(idea.theme, idea.text) for idea in data.ideas], args.ideas)
    print(f"{args.ideas} ideas, {len(data.queries)} queries: the backlog's count and first page "
          f"of 50, median of {args.repeat} runs per query")
    print("| database | what is timed | search | median | p95 | max | "
          "terms ÷ substring (median / p95) | result |\n|---|---|---|---|---|---|---|---|")
    with sqlite_url() as url:
        measure("SQLite", url, backlog, args.repeat)
    if args.postgres:
        from tests.live_server import scratch_postgres

        with ExitStack() as stack:
            url = stack.enter_context(scratch_postgres(args.postgres, "koosloome_search"))
            measure("PostgreSQL", url, backlog, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
