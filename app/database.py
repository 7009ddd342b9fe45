"""Engine tuning, and the transactions every service runs its changes in."""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from sqlalchemy.engine import Engine

from .events import Notice, deliver
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
        # Sent on the driver's own connection: through exec_driver_sql it cost more than the
        # rest of a dot's transaction. A lock not had within the busy timeout is raised as
        # SQLAlchemy's OperationalError, as any other statement's.
        try:
            connection.connection.dbapi_connection.execute("BEGIN IMMEDIATE")
        except engine.dialect.loaded_dbapi.Error as error:
            raise sa.exc.DBAPIError.instance("BEGIN IMMEDIATE", (), error,
                                             engine.dialect.loaded_dbapi.Error,
                                             dialect=engine.dialect) from error


# The session's queued events, kept with the session until its transaction ends.
OUTBOX_KEY = "koosloome_outbox"


class Transaction:
    """The transaction a change runs in: where its statements go and its events wait."""

    def __init__(self, outbox: list[Notice], connection: sa.Connection | None = None) -> None:
        self._outbox = outbox
        self._connection = connection

    @property
    def connection(self) -> sa.Connection:
        return self._connection if self._connection is not None else db.session.connection()

    def on_commit(self, *notices: Notice) -> None:
        """Send these events once this transaction commits; a rollback drops them."""
        self._outbox.extend(notices)


@contextmanager
def transaction() -> Iterator[Transaction]:
    """Run the block in the session's transaction: commit at the end, roll back on any error."""
    try:
        yield Transaction(db.session.info.setdefault(OUTBOX_KEY, []))
        db.session.commit()
    except BaseException:
        # Dropped here as well as by the rollback hook: a session that never reached the
        # database has nothing to roll back, and its rollback fires no event.
        db.session.info.pop(OUTBOX_KEY, None)
        db.session.rollback()
        raise


@contextmanager
def connection_transaction() -> Iterator[Transaction]:
    """A short transaction on a pooled connection of its own, outside the ORM session.

    For the hot path of a dot, whose statements run on the driver (DriverStatement): the
    session's begin and commit bookkeeping would cost more than the statements. Its events
    are delivered when the block has committed, as the session's are. A caller that already
    holds the session's transaction (and so, on SQLite, the write lock, which a second
    connection would wait for) gets the session's transaction instead.
    """
    registry = db.session.registry
    if registry.has() and registry().in_transaction():
        with transaction() as joined:
            yield joined
        return
    outbox: list[Notice] = []
    with db.engine.begin() as connection:
        yield Transaction(outbox, connection)
    deliver(outbox)


@sa.event.listens_for(db.session, "after_commit")
def _deliver_outbox(session: so.Session) -> None:
    deliver(session.info.pop(OUTBOX_KEY, None) or [])


@sa.event.listens_for(db.session, "after_soft_rollback")
def _drop_outbox(session: so.Session, _previous: so.SessionTransaction) -> None:
    session.info.pop(OUTBOX_KEY, None)


def _row_class(keys: list[str]) -> Any:
    return namedtuple("Row", keys)


@dataclass(frozen=True)
class _DriverSQL:
    sql: str
    names: tuple[str, ...] | None  # the parameters' order for a positional paramstyle
    processors: dict[str, Callable[[Any], Any]]
    # With typed rows: a named row class and each column's result processor (or None).
    row: Any = None
    results: tuple[Callable[[Any], Any] | None, ...] = ()


class DriverStatement:
    """A Core statement compiled once per dialect and run straight on the driver's cursor.

    For the few statements of a hot path (a dot in a vote storm), where running them through
    Connection.execute (cache key, parameter construction, execution context, result
    wrapping) costs many times what the database itself takes. The statement
    runs in the connection's current transaction; its values are bound through the column
    types' own bind processors, errors come out as SQLAlchemy's exception classes (so
    IntegrityError and OperationalError are caught as anywhere else), a connection the
    driver lost is invalidated, and the cursor events are fired, as Connection.execute
    would. Rows come back as the driver gives them (an enum is its value, a boolean may be 0
    or 1), or, with `typed_rows`, as named rows of the column types' Python values (the
    types' own result processors: JSON decoded, SQLite's booleans and datetimes converted).
    """

    def __init__(self, statement: sa.Executable, column_keys: list[str] | None = None, *,
                 typed_rows: bool = False) -> None:
        self.statement = statement
        self.column_keys = column_keys
        self.typed_rows = typed_rows
        self._compiled: dict[tuple[str, str, str], _DriverSQL] = {}

    def _for(self, dialect: sa.Dialect) -> _DriverSQL:
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        found = self._compiled.get(key)
        if found is None:
            compiled = self.statement.compile(  # type: ignore[attr-defined]
                dialect=dialect, column_keys=self.column_keys)
            processors = {}
            for name, bind in compiled.binds.items():
                processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
                if processor is not None:
                    processors[name] = processor
            names = tuple(compiled.positiontup) if dialect.positional else None
            row: Any = None
            results: tuple[Callable[[Any], Any] | None, ...] = ()
            if self.typed_rows:
                columns = list(self.statement.selected_columns)  # type: ignore[attr-defined]
                row = _row_class([column.key for column in columns])
                results = tuple(column.type.dialect_impl(dialect).result_processor(dialect, None)
                                for column in columns)
            found = _DriverSQL(compiled.string, names, processors, row, results)
            self._compiled[key] = found
        return found

    def rows(self, connection: sa.Connection, **values: Any) -> Sequence[Any]:
        dialect = connection.dialect
        compiled = self._for(dialect)
        for name, processor in compiled.processors.items():
            if name in values:
                values[name] = processor(values[name])
        parameters: Any = values if compiled.names is None else \
            tuple(values[name] for name in compiled.names)
        pooled = connection.connection
        cursor = pooled.cursor()
        sql = compiled.sql
        try:
            # Listeners of the cursor events (query counters, tracing, fault injection) see
            # these statements as they see any other; there is no execution context.
            dispatch = connection.dispatch
            if dispatch.before_cursor_execute:
                for listener in dispatch.before_cursor_execute:
                    sql, parameters = listener(connection, cursor, sql, parameters, None, False)
            cursor.execute(sql, parameters)
            rows = cursor.fetchall() if cursor.description else []
            if dispatch.after_cursor_execute:
                for listener in dispatch.after_cursor_execute:
                    listener(connection, cursor, sql, parameters, None, False)
            if compiled.row is not None:
                results = compiled.results
                return [compiled.row(*(value if process is None else process(value)
                                       for process, value in zip(results, found, strict=True)))
                        for found in rows]
            return rows
        except dialect.loaded_dbapi.Error as error:
            if dialect.is_disconnect(error, pooled.dbapi_connection, cursor):
                connection.invalidate(error)
            raise sa.exc.DBAPIError.instance(
                sql, parameters, error, dialect.loaded_dbapi.Error,
                dialect=dialect) from error
        finally:
            cursor.close()
