"""The `koosloome` command: its entry point here, its commands in `commands.py`.

`koosloome serve` must green the standard library before Flask, SQLAlchemy or the
database driver load, so this module imports nothing of them at the top.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


def green_the_process(async_mode: str, database_url: str) -> None:
    """Make blocking I/O cooperative for the chosen server (eventlet or gevent)."""
    postgres = database_url.startswith(("postgresql", "postgres"))
    if async_mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()
        if postgres:
            from psycogreen.eventlet import patch_psycopg

            patch_psycopg()
    elif async_mode == "gevent":
        from gevent import monkey

        monkey.patch_all()
        if postgres:
            from psycogreen.gevent import patch_psycopg

            patch_psycopg()


def main() -> None:
    # The stack runs on eventlet by decision (docs/operations.md); its notice is not news here.
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
    if len(sys.argv) > 1 and sys.argv[1] == "serve":
        green_the_process(os.environ.get("SOCKETIO_ASYNC_MODE", "eventlet"),
                          os.environ.get("DATABASE_URL", ""))
    from flask.cli import FlaskGroup

    from .. import create_app

    group = FlaskGroup(name="koosloome", create_app=lambda: create_app(),
                       add_version_option=False, load_dotenv=False,
                       help="Koosloome: live co-creation workshops and their follow-up.")
    group.main(prog_name="koosloome")


def register_commands(app: Flask) -> None:
    from .commands import register

    register(app)
