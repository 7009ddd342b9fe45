"""Engine tuning and the one transaction helper every service uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from .extensions import db

# Ids are INTEGER columns, 32 bits on PostgreSQL: a bigger number names no row, and must not
# reach the driver (SQLite raises OverflowError past 64 bits, PostgreSQL "out of range").
MAX_ID = 2**31 - 1

# The database is briefly unreachable, locked past the busy timeout, or dropped a connection
# (the pool then reconnects by itself): the caller gets "unavailable" and may retry.
UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    sa.exc.OperationalError, sa.exc.InterfaceError, sa.exc.TimeoutError)


def configure_engine_events(engine: Engine, busy_timeout_ms: int = 5000) -> None:
    """Make SQLite safe for a live workshop: WAL, a busy timeout, and write locks taken up front.

    A writer that cannot get the lock within the busy timeout gets OperationalError
    ("database is locked"), which the handlers answer as "unavailable": retry.
    """
    if engine.dialect.name != "sqlite":
        return

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not pysqlite, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # BEGIN IMMEDIATE takes the write lock at the start, so two writers can never both
        # read a dot count and then both insert: the second waits instead of overspending.
        connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def transaction() -> Iterator[None]:
    """Run the block in one transaction: commit at the end, roll back on any error."""
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
