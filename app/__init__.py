"""The Koosloome Flask application.

Flask and its extensions are imported inside create_app so that `koosloome serve`
can green the standard library (eventlet or gevent) before any of them loads.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the application: settings, extensions, blueprints, socket handlers and CLI."""
    from flask import Flask

    from . import config as settings
    from . import i18n
    from .database import configure_engine_events
    from .extensions import babel, csrf, db, login, migrate, socketio
    from .i18n import select_locale

    instance = Path(os.environ.get("KOOSLOOME_INSTANCE", PROJECT_ROOT / "instance"))
    app = Flask(
        __name__,
        instance_path=str(instance),
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder=str(PROJECT_ROOT / "static"),
    )
    instance.mkdir(parents=True, exist_ok=True)
    app.config.update(settings.from_environment(instance))
    if config:
        app.config.update(config)
    app.config["SQLALCHEMY_DATABASE_URI"] = settings.database_url(
        app.config["SQLALCHEMY_DATABASE_URI"])

    from .services.limits import DEFAULT_RATES, Limits

    app.extensions["koosloome_limits"] = Limits(
        {**DEFAULT_RATES, **app.config.get("RATE_LIMITS", {})},
        enabled=app.config["RATE_LIMITS_ENABLED"])
    if app.config["PROXY_FIX_X_FOR"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_FIX_X_FOR"],  # type: ignore[method-assign]
                                x_proto=1, x_host=1)

    db.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(PROJECT_ROOT / "translations"),
    )
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext,
        npgettext=i18n.npgettext)
    login.init_app(app)
    # Handlers must be known before init_app, which hands them to each new server.
    from .realtime import handlers  # noqa: F401
    from .realtime.transport import GuardedPacket, OversizedPollGuard, SocketEventSessions

    app.session_interface = SocketEventSessions()

    socketio.init_app(
        app,
        async_mode=app.config["SOCKETIO_ASYNC_MODE"],
        message_queue=app.config["SOCKETIO_MESSAGE_QUEUE"],
        channel=app.config["SOCKETIO_CHANNEL"],
        cors_allowed_origins=settings.socket_origins(app.config["SOCKETIO_CORS_ALLOWED_ORIGINS"]),
        max_http_buffer_size=app.config["SOCKETIO_MAX_HTTP_BUFFER_SIZE"],
        serializer=GuardedPacket,
        ping_interval=20,
        ping_timeout=20,
    )
    # Each Socket.IO event runs in a request context made from its connection's handshake,
    # whose path is the transport's. Routing an unknown path raises NotFound for every event,
    # and the exception's traceback ties the request, its frames and the packet into
    # reference cycles, whose collection pauses the server in a storm. So the path is a known
    # route (for plain and WebSocket requests); HTTP requests to it never reach Flask
    # (Engine.IO answers them).
    for websocket in (False, True):  # long-polling handshakes, and WebSocket upgrades
        app.add_url_rule("/socket.io/", endpoint="socketio_transport", strict_slashes=False,
                         websocket=websocket, view_func=_transport_only)
    app.wsgi_app = OversizedPollGuard(  # type: ignore[method-assign]
        app.wsgi_app, app.config["SOCKETIO_MAX_HTTP_BUFFER_SIZE"])
    from .web.static_files import ImmutableAnswers

    app.wsgi_app = ImmutableAnswers(app.wsgi_app)  # type: ignore[method-assign]

    from .realtime.publisher import publisher
    from .web import register_blueprints

    publisher.init_app(app)
    register_blueprints(app)

    from .cli import register_commands

    register_commands(app)
    return app


def _transport_only() -> NoReturn:
    """The Socket.IO transport's path, answered by Engine.IO before Flask sees a request."""
    from flask import abort

    abort(404)
