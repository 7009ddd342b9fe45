"""Commands of the `koosloome` CLI: serve, init-db, demo, create-user, create-token, backup."""

from __future__ import annotations

import gc
import getpass
import os
import re
import resource
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app, url_for
from flask_migrate import upgrade

from ..extensions import db, socketio
from ..services.errors import ServiceError

# Connections waiting to be accepted. A QR code on the wall brings hundreds of phones within
# a second; eventlet's default of 50 makes the kernel drop their SYNs, and each dropped one
# waits 1, 3, 7… seconds before it tries again. The kernel caps it at net.core.somaxconn.
LISTEN_BACKLOG = 4096
# Allocations between two collections of the garbage collector's young generation while
# serving (Python's default: 700). See _tune_garbage_collector.
GC_YOUNG_THRESHOLD = 10_000


def register(app: Flask) -> None:
    for command in (serve, init_db, demo, create_user, set_password, create_token, list_tokens,
                    revoke_token, backup, anonymise):
        app.cli.add_command(command)


def _fail(error: ServiceError) -> None:
    raise click.ClickException(error.message)


def _size_database_pool(app: Flask) -> None:
    """Give PostgreSQL a pool that lasts through a storm.

    Under eventlet (or gevent) with psycogreen every query yields, so hundreds of requests
    hold a connection at once while they wait their turn. SQLAlchemy's default pool (5, plus
    10 overflow, 30 s wait) ran dry in a 1,000-phone join storm on two processes: "QueuePool
    limit … reached, connection timed out" and 503s. Each process gets DATABASE_POOL_SIZE
    (20) plus DATABASE_MAX_OVERFLOW (20); keep processes × both under PostgreSQL's
    max_connections (100 by default). SQLite is left alone: one writer at a time anyway.
    """
    import os

    import sqlalchemy as sa

    engine = db.engine
    if engine.dialect.name == "sqlite":
        return
    size = int(os.environ.get("DATABASE_POOL_SIZE", "20"))
    overflow = int(os.environ.get("DATABASE_MAX_OVERFLOW", "20"))
    # Flask-SQLAlchemy made the engine in create_app; make it again with the bigger pool.
    db.engines[None] = sa.create_engine(engine.url, pool_size=size,  # type: ignore[index]
                                        max_overflow=overflow, pool_pre_ping=True)
    engine.dispose()


def _raise_open_file_limit() -> int:
    """Each phone holds a socket: lift the soft limit on open files to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--quiet", is_flag=True, help="Do not log every request.")
def serve(host: str, port: int, quiet: bool) -> None:
    """Run the web and Socket.IO server."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    mode = app.config["SOCKETIO_ASYNC_MODE"]
    files = _raise_open_file_limit()
    _size_database_pool(app)
    _warm_up_text_analysis(app)
    options: dict[str, object] = {"log_output": not quiet}
    # Werkzeug refuses app.run() inside a Flask CLI command unless told this is not `flask run`.
    os.environ.pop("FLASK_RUN_FROM_CLI", None)
    click.echo(f"Koosloome ({mode}) on http://{host}:{port}/", err=True)
    _tune_garbage_collector()
    if mode == "eventlet":
        # eventlet's WSGI server accepts only 1,024 connections unless told otherwise, and
        # Flask-SocketIO's run() listens with eventlet's backlog of 50: listen here instead.
        import eventlet
        import eventlet.wsgi
        from eventlet.green import socket as green_socket

        family, _type, _proto, _name, address = green_socket.getaddrinfo(host, port)[0]
        listener = eventlet.listen(address, family, backlog=LISTEN_BACKLOG)
        # A connection that stays silent past HTTP_SOCKET_TIMEOUT (half-sent headers, an idle
        # keep-alive) is closed; at most MAX_CONNECTIONS are held at once.
        eventlet.wsgi.server(listener, app, socket_timeout=app.config["HTTP_SOCKET_TIMEOUT"],
                             log=RedactedLog(sys.stderr),
                             max_size=max(100, min(app.config["MAX_CONNECTIONS"], files - 64)),
                             **options)
        return
    if mode == "gevent":
        options["backlog"] = LISTEN_BACKLOG
    socketio.run(app, host=host, port=port, use_reloader=False, allow_unsafe_werkzeug=True,
                 **options)


class RedactedLog:
    """The access log's stream, with the secret board key taken out of board URLs."""

    BOARD_KEY = re.compile(r"(/board/)[^\s/?\"]+")

    def __init__(self, stream: Any) -> None:
        self.stream = stream

    @classmethod
    def redact(cls, line: str) -> str:
        return cls.BOARD_KEY.sub(r"\1…", line)

    def write(self, line: str) -> None:
        self.stream.write(self.redact(line))

    def flush(self) -> None:
        self.stream.flush()
def _warm_up_text_analysis(app: Flask) -> None:
    """Read the text analysis's dictionaries now, before listening: under eventlet the
    seconds this takes would otherwise stop every phone of the first idea's hall."""
    from ..services.idea_terms import warm_up_text_analysis

    done = warm_up_text_analysis(app.config.get("TEXT_ANALYSIS_LANGUAGES") or ())
    click.echo(f"Text analysis ({done.morphology}, {' '.join(done.languages)}) ready in "
               f"{done.seconds:.1f} s; memory {done.rss_before_mb:.0f} → "
               f"{done.rss_after_mb:.0f} MB", err=True)


def _tune_garbage_collector() -> None:
    """Fewer and shorter pauses of the cyclic garbage collector while serving.

    With a thousand connections the heap holds millions of objects, and a full collection
    stops the whole server. What the app built at start-up lives as long as the process, so
    it is frozen (never scanned again), and the young generation is collected every
    GC_YOUNG_THRESHOLD allocations instead of 700, so fewer short-lived objects (an event in
    flight) are promoted into the old generations. docs/performance.md has the figures.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)


@click.command("init-db")
def init_db() -> None:
    """Create or upgrade the database to the newest schema."""
    upgrade()
    click.echo("Database is up to date.")


@click.command("demo")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True,
              help="Where the server will be reached, for the printed links.")
def demo(base_url: str) -> None:
    """Load demo LAGs, a seminar, a live workshop and a facilitator (safe to run again)."""
    from ..services.demo import load_demo
    from ..services.paperwork_demo import load_paperwork_demo
    from ..services.pipeline_demo import load_pipeline_demo

    instance = Path(current_app.instance_path)
    login = load_demo(instance)
    pipeline = load_pipeline_demo(instance)
    paperwork = load_paperwork_demo()
    workshop = login.workshop
    base = base_url.rstrip("/")
    # Paths only, put after the base URL: the base may be a host this process does not
    # answer for (TRUSTED_HOSTS), which a request context would refuse.
    with current_app.test_request_context():
        console = base + url_for("facilitator.console", workshop_id=workshop.id)
        board = base + url_for("board.show", board_key=workshop.board_key)
        join = base + url_for("participant.join_code", code=workshop.code)
        backlog = base + url_for("backlog.index")
        project = base + url_for("projects.show", project_id=paperwork.project.id)
    lines = [
        "Demo data ready.",
        f"  Console:   {console}",
        f"  Board:     {board}",
        f"  Phones:    {join}  (or code {workshop.code} at {base}/join)",
        f"  Backlog:   {backlog}",
        f"  Project:   {project}",
        f"  Login:     {login.email}  (facilitator)",
        f"  Password:  {login.password}",
    ]
    lines += [f"  Also:      {email}  ({role}, same password)"
              for email, role, _password in pipeline.logins]
    click.echo("\n".join(lines))


def _read_password() -> str:
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        raise click.ClickException("The passwords did not match.")
    return first


@click.command("create-user")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", "coordinator", "facilitator"]))
@click.option("--lag", "lag_name", default=None, help="The user's local action group, by name.")
@click.option("--name", default="", help="Full name shown to colleagues.")
def create_user(email: str, role: str, lag_name: str | None, name: str) -> None:
    """Add a staff account; the password is read from stdin or asked for."""
    from ..services.staff import create_user as do_create_user

    try:
        user = do_create_user(email, role=role, password=_read_password(), name=name,
                              lag_name=lag_name)
    except ServiceError as error:
        _fail(error)
    else:
        click.echo(f"Created {user.role.value} {user.email}.")


@click.command("set-password")
@click.argument("email")
def set_password(email: str) -> None:
    """Give a staff account a new password (from stdin or asked for); its sessions end."""
    from ..services.staff import set_password as do_set_password

    try:
        user = do_set_password(email, _read_password())
    except ServiceError as error:
        _fail(error)
    else:
        click.echo(f"New password set for {user.email}; every session of it has ended.")


@click.command("create-token")
@click.argument("email")
@click.option("--label", default="", help="What the token is for.")
@click.option("--days", type=int, default=None, help="Valid for this many days (default: until revoked).")
def create_token(email: str, label: str, days: int | None) -> None:
    """Print a new API token for a staff user (shown only once)."""
    from ..services.staff import create_token as do_create_token

    try:
        click.echo(do_create_token(email, label, days=days))
    except ServiceError as error:
        _fail(error)


@click.command("list-tokens")
@click.option("--email", default=None, help="Only this staff member's tokens.")
def list_tokens(email: str | None) -> None:
    """List API tokens: id, owner, label, made, last used, valid until, state."""
    from ..services.staff import list_tokens as do_list_tokens

    def when(moment: object) -> str:
        return moment.isoformat(timespec="minutes") if moment else "-"  # type: ignore[attr-defined]

    try:
        rows = do_list_tokens(email)
    except ServiceError as error:
        _fail(error)
        return
    for row in rows:
        click.echo("\t".join([str(row.id), row.user_email, row.label or "-", when(row.created_at),
                              when(row.last_used_at), when(row.expires_at), row.state]))


@click.command("revoke-token")
@click.argument("token_id", type=int)
def revoke_token(token_id: int) -> None:
    """Revoke an API token by its id (see list-tokens): refused at once, sockets closed."""
    from ..services.staff import revoke_token as do_revoke_token

    try:
        do_revoke_token(token_id)
    except ServiceError as error:
        _fail(error)
    else:
        click.echo(f"Token {token_id} revoked.")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Copy the database consistently while the server runs (SQLite online backup)."""
    engine = db.engine
    if engine.dialect.name != "sqlite":
        raise click.ClickException(
            "For PostgreSQL use pg_dump, as docs/operations.md describes.")
    source_path = engine.url.database
    if not source_path or source_path == ":memory:":
        raise click.ClickException("This database lives in memory; there is nothing to copy.")
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(source_path)
    target = sqlite3.connect(path)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    click.echo(f"Backed up {source_path} to {path}.")


@click.command("anonymise")
@click.argument("workshop_id", type=int, required=False)
@click.option("--expired", is_flag=True,
              help="Every workshop older than PARTICIPANT_RETENTION_DAYS, and every seminar's "
                   "list of participants older than ATTENDANCE_RETENTION_DAYS.")
@click.option("--seminar", "seminar_id", type=int, default=None,
              help="The list of participants of this seminar, at once.")
def anonymise(workshop_id: int | None, expired: bool, seminar_id: int | None) -> None:
    """Remove participants' names and rejoin tokens, keeping ideas and dots; and the names on
    seminars' lists of participants, keeping their counts."""
    from ..services.paperwork.attendance import anonymise_attendance, expired_seminars
    from ..services.privacy import anonymise_workshop, expired_workshops

    if sum((workshop_id is not None, expired, seminar_id is not None)) != 1:
        raise click.UsageError("Give a WORKSHOP_ID or --expired, or --seminar ID: one of them.")
    if seminar_id is not None:
        _anonymise_lists([seminar_id], anonymise_attendance)
        return
    days = current_app.config["PARTICIPANT_RETENTION_DAYS"]
    targets = expired_workshops(days) if expired else [workshop_id]
    for target in targets:
        assert target is not None
        try:
            changed = anonymise_workshop(target)
        except ServiceError as error:
            _fail(error)
        click.echo(f"Workshop {target}: {changed} participants anonymised.")
    if expired and not targets:
        click.echo(f"No workshop older than {days} days holds personal data.")
    if expired:
        list_days = current_app.config["ATTENDANCE_RETENTION_DAYS"]
        seminars = expired_seminars(list_days)
        _anonymise_lists(seminars, anonymise_attendance)
        if not seminars:
            click.echo(f"No list of participants older than {list_days} days names anyone.")


def _anonymise_lists(seminar_ids: list[int], anonymise: Callable[[int], int]) -> None:
    for seminar_id in seminar_ids:
        try:
            changed = anonymise(seminar_id)
        except ServiceError as error:
            _fail(error)
        click.echo(f"Seminar {seminar_id}: {changed} entries on its list of participants "
                   "anonymised.")
