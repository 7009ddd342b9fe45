"""Search a 10,000-idea backlog by terms, two ways, on SQLite and PostgreSQL.

    python -m tests.perf.term_search [--ideas 10000] [--postgres postgresql://postgres@127.0.0.1:5432/test]

"column": the terms in one space-padded text column on the idea, matched with
``LIKE '% prefix%'`` (a scan; on PostgreSQL optionally a pg_trgm GIN index).
"table": one row per (term, idea) with the primary key on (term, idea_id), matched with a
range scan ``term >= 'buss' AND term < 'bust'`` per query word.

Each labelled query is run as the backlog runs it: the count of matching ideas and the
newest 50. Both layouts must return exactly what ``facilitation.terms.matches`` returns.
Prints the figures; no figure here can fail.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from facilitation.morphology import load_morphology
from facilitation.terms import (
    DEFAULT_MORPHOLOGY,
    QueryWord,
    TextAnalyser,
    like_pattern,
    matches,
    prefix_range,
    terms_column,
)

from . import language_set
from .language_costs import synthetic_backlog

REPEAT = 5


def schema(engine: sa.Engine, trigram: bool) -> None:
    postgres = engine.dialect.name == "postgresql"
    collate = ' COLLATE "C"' if postgres else ""
    with engine.begin() as connection:
        connection.execute(sa.text("CREATE TABLE ideas (id INTEGER PRIMARY KEY, terms TEXT NOT NULL)"))
        connection.execute(sa.text(
            f"CREATE TABLE idea_terms (term TEXT{collate} NOT NULL, idea_id INTEGER NOT NULL, "
            "PRIMARY KEY (term, idea_id))"))
        if trigram:
            connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
            connection.execute(sa.text(
                "CREATE INDEX ideas_terms_trgm ON ideas USING gin (terms gin_trgm_ops)"))


def fill(engine: sa.Engine, backlog: dict[int, tuple[str, ...]]) -> None:
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO ideas (id, terms) VALUES (:id, :terms)"),
                           [{"id": i, "terms": terms_column(t)} for i, t in backlog.items()])
        connection.execute(sa.text("INSERT INTO idea_terms (term, idea_id) VALUES (:term, :id)"),
                           [{"term": term, "id": i} for i, t in backlog.items() for term in t])
        connection.execute(sa.text("ANALYZE"))


def column_condition(query: Sequence[QueryWord]) -> tuple[str, dict[str, str]]:
    clauses, params = [], {}
    for w, word in enumerate(query):
        alternatives = []
        for p, prefix in enumerate(word.prefixes):
            params[f"w{w}p{p}"] = like_pattern(prefix)
            alternatives.append(f"terms LIKE :w{w}p{p} ESCAPE '\\'")
        clauses.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(clauses) or "1=1", params


def table_condition(query: Sequence[QueryWord]) -> tuple[str, dict[str, str]]:
    clauses, params = [], {}
    for w, word in enumerate(query):
        ranges = []
        for p, prefix in enumerate(word.prefixes):
            params[f"w{w}lo{p}"], params[f"w{w}hi{p}"] = prefix_range(prefix)
            ranges.append(f"(term >= :w{w}lo{p} AND term < :w{w}hi{p})")
        clauses.append(f"id IN (SELECT idea_id FROM idea_terms WHERE {' OR '.join(ranges)})")
    return " AND ".join(clauses) or "1=1", params


def timed(connection: sa.Connection, condition: str, params: dict[str, str]) -> tuple[float, set[int]]:
    start = time.perf_counter()
    connection.execute(sa.text(f"SELECT count(*) FROM ideas WHERE {condition}"), params).scalar()
    connection.execute(sa.text(f"SELECT id FROM ideas WHERE {condition} ORDER BY id DESC LIMIT 50"),
                       params).all()
    elapsed = time.perf_counter() - start
    found = {row[0] for row in connection.execute(sa.text(f"SELECT id FROM ideas WHERE {condition}"),
                                                  params)}
    return elapsed * 1000, found


def measure(engine: sa.Engine, label: str, queries: list[tuple[QueryWord, ...]],
            backlog: dict[int, tuple[str, ...]]) -> None:
    with engine.connect() as connection:
        for layout, build in (("column", column_condition), ("table", table_condition)):
            times, wrong = [], 0
            for query in queries:
                condition, params = build(query)
                runs = [timed(connection, condition, params) for _ in range(REPEAT)]
                times.append(statistics.median(ms for ms, _ in runs))
                expected = {i for i, terms in backlog.items() if matches(query, terms)}
                wrong += runs[0][1] != expected
            times.sort()
            print(f"| {label} | {layout} | {statistics.median(times):.1f} ms | "
                  f"{times[int(0.95 * (len(times) - 1))]:.1f} ms | {times[-1]:.1f} ms | "
                  f"{'same as matches()' if not wrong else f'{wrong} queries differ'} |")


@contextmanager
def sqlite_engine() -> Iterator[sa.Engine]:
    with tempfile.TemporaryDirectory() as folder:
        engine = sa.create_engine(f"sqlite:///{Path(folder) / 'search.db'}")
        try:
            yield engine
        finally:
            engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=10_000, help="backlog size")
    parser.add_argument("--postgres", help="admin URL; a scratch database is made and dropped")
    args = parser.parse_args(argv)
    data = language_set.load()
    analyser = TextAnalyser(lambda: load_morphology(DEFAULT_MORPHOLOGY))
    base = [(idea.theme, idea.text) for idea in data.ideas]
    backlog = {n + 1: analyser.terms(text, "et")
               for n, (_, text) in enumerate(synthetic_backlog(base, args.ideas))}
    queries = [analyser.query(q.q, q.language) for q in data.queries]
    print(f"{args.ideas} ideas, {len(queries)} queries, count + newest 50, median of {REPEAT} runs each")
    print("| database | layout | median query | p95 | max | result |\n|---|---|---|---|---|---|")
    with sqlite_engine() as engine:
        schema(engine, trigram=False)
        fill(engine, backlog)
        measure(engine, "SQLite", queries, backlog)
    if args.postgres:
        from tests.live_server import scratch_postgres

        for trigram in (False, True):
            with scratch_postgres(args.postgres, "koosloome_terms") as url:
                engine = sa.create_engine(url)
                try:
                    schema(engine, trigram)
                    fill(engine, backlog)
                    measure(engine, "PostgreSQL" + (" + pg_trgm" if trigram else ""),
                            queries, backlog)
                finally:
                    engine.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
