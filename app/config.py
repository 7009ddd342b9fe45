"""Settings read from the environment, with defaults that work on a laptop."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def from_environment(instance_path: Path) -> dict[str, Any]:
    """Build the configuration from environment variables."""
    env = os.environ
    default_db = f"sqlite:///{instance_path / 'koosloome.sqlite3'}"
    return {
        "SECRET_KEY": env.get("SECRET_KEY") or _instance_secret(instance_path),
        "SQLALCHEMY_DATABASE_URI": env.get("DATABASE_URL", default_db),
        "SOCKETIO_ASYNC_MODE": env.get("SOCKETIO_ASYNC_MODE", "eventlet"),
        "SOCKETIO_MESSAGE_QUEUE": env.get("SOCKETIO_MESSAGE_QUEUE") or None,
        # Several deployments may share one Redis: each listens on its own channel.
        "SOCKETIO_CHANNEL": env.get("SOCKETIO_CHANNEL", "koosloome"),
        # Same-origin only unless a deployment lists the origins it serves.
        "SOCKETIO_CORS_ALLOWED_ORIGINS": _list(env.get("SOCKETIO_CORS_ALLOWED_ORIGINS")) or None,
        "SOCKETIO_MAX_HTTP_BUFFER_SIZE": int(env.get("SOCKETIO_MAX_HTTP_BUFFER_SIZE", "65536")),
        # Largest HTTP request body; a bigger one is refused with 413 before it is read.
        "MAX_CONTENT_LENGTH": int(env.get("MAX_CONTENT_LENGTH", str(1024 * 1024))),
        # How long a SQLite writer waits for another's lock before answering "unavailable".
        "SQLITE_BUSY_TIMEOUT_MS": int(env.get("SQLITE_BUSY_TIMEOUT_MS", "5000")),
        # Other sites that may show the board in a frame; every other page: this site only.
        "BOARD_FRAME_ANCESTORS": _list(env.get("BOARD_FRAME_ANCESTORS")),
        "TALLY_INTERVAL_SECONDS": float(env.get("TALLY_INTERVAL_SECONDS", "0.25")),
        # After an event reaches the phones, what follows within this window goes to them as
        # one `batch`: a burst of ideas costs each phone one message, not one per idea
        # (0: every event at once).
        "PHONE_BATCH_SECONDS": float(env.get("PHONE_BATCH_SECONDS", "1.0")),
        # Names and rejoin tokens of participants are removed this long after a workshop.
        "PARTICIPANT_RETENTION_DAYS": int(env.get("PARTICIPANT_RETENTION_DAYS", "180")),
        # Names on seminars' lists of participants are removed this long after the seminar
        # (the lists are evidence for the payment claim and its audit: 5 years by default).
        "ATTENDANCE_RETENTION_DAYS": int(env.get("ATTENDANCE_RETENTION_DAYS", "1825")),
        "RATE_LIMITS_ENABLED": _bool(env.get("RATE_LIMITS_ENABLED"), default=True),
        # memory:// or redis://…; by default the Redis message queue, else memory.
        "RATE_LIMIT_STORAGE_URL": env.get("RATE_LIMIT_STORAGE_URL") or None,
        # Open HTTP requests and sockets from one address at once (a hall shares one).
        "CONNECTIONS_PER_ADDRESS": int(env.get("CONNECTIONS_PER_ADDRESS", "1000")),
        # Sockets open at once on one participant's token or one staff credential.
        "SOCKETS_PER_CREDENTIAL": int(env.get("SOCKETS_PER_CREDENTIAL", "5")),
        # Seconds an Engine.IO session may stay without signing in to Socket.IO.
        "SOCKET_SIGN_IN_SECONDS": float(env.get("SOCKET_SIGN_IN_SECONDS", "10")),
        # Seconds a connection may stay silent (sending its request headers, or idle between
        # requests) before the bare server closes it: eventlet's socket_timeout. Longer than
        # Engine.IO's ping interval and timeout together (40 s), so a quiet phone stays.
        "HTTP_SOCKET_TIMEOUT": float(env.get("HTTP_SOCKET_TIMEOUT", "45")),
        # Connections one server process holds at once (eventlet's max_size); each costs
        # memory (docs/operations.md), so this is what the host can carry.
        "MAX_CONNECTIONS": int(env.get("MAX_CONNECTIONS", "4000")),
        # Hosts this server answers for (besides SERVER_NAME and PUBLIC_BASE_URL's); empty:
        # the laptop default of localhost and this machine's addresses.
        "TRUSTED_HOSTS": _list(env.get("TRUSTED_HOSTS")),
        # How many proxies in front of the server set X-Forwarded-For (0: none, trust no header).
        "PROXY_FIX_X_FOR": int(env.get("PROXY_FIX_X_FOR", "0")),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "").rstrip("/"),
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE")),
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": env.get("BABEL_DEFAULT_LOCALE", "et"),
        "BABEL_DEFAULT_TIMEZONE": env.get("BABEL_DEFAULT_TIMEZONE", "Europe/Tallinn"),
        "LANGUAGES": ["et", "en", "ru"],
        # The text analysis's dictionaries read at `koosloome serve` start (et, en, ru): empty
        # means Estonian (with English) and the languages of the stored workshops. Another
        # is read on its first word, or when a workshop in it is made (docs/operations.md).
        "TEXT_ANALYSIS_LANGUAGES": _list(env.get("TEXT_ANALYSIS_LANGUAGES")),
        "WTF_CSRF_TIME_LIMIT": None,
        "SEND_FILE_MAX_AGE_DEFAULT": 3600,
    }


def trusted_hosts(config: dict[str, Any]) -> list[str] | None:
    """The hosts the app answers for (Flask's TRUSTED_HOSTS): those listed in TRUSTED_HOSTS,
    SERVER_NAME's and PUBLIC_BASE_URL's, and localhost. None when none is set: then only IP
    addresses and localhost are answered (the laptop in a hall; app/web/main.py)."""
    from urllib.parse import urlsplit

    listed = list(config.get("TRUSTED_HOSTS") or [])
    if config.get("SERVER_NAME"):
        listed.append(str(config["SERVER_NAME"]).rsplit(":", 1)[0])
    if config.get("PUBLIC_BASE_URL"):
        listed.append(urlsplit(str(config["PUBLIC_BASE_URL"])).hostname or "")
    listed = [host for host in listed if host]
    if not listed:
        return None
    return list(dict.fromkeys([*listed, "localhost", "127.0.0.1", "::1"]))


def rate_limit_storage(config: dict[str, Any]) -> str | None:
    """Where the rate limits are counted: RATE_LIMIT_STORAGE_URL, else the Redis message
    queue (so limits hold across processes), else this process's memory."""
    explicit = config.get("RATE_LIMIT_STORAGE_URL")
    if explicit:
        return str(explicit)
    queue = config.get("SOCKETIO_MESSAGE_QUEUE") or ""
    return queue if queue.startswith(("redis://", "rediss://")) else None


def socket_origins(listed: list[str] | None) -> Callable[[str, dict[str, Any]], bool] | list[str] | None:
    """What Socket.IO accepts as a connection's Origin: this site, plus any origins listed.

    None keeps Engine.IO's own same-origin check. A list alone would make Engine.IO accept
    only the listed origins and refuse the app's own pages, so a listed origin is added to
    the same-origin rule instead.
    """
    if not listed:
        return None
    if "*" in listed:
        return ["*"]
    allowed = frozenset(origin.rstrip("/") for origin in listed)

    def accept(origin: str, environ: dict[str, Any]) -> bool:
        return origin in allowed or origin in _same_origins(environ)

    return accept


def _same_origins(environ: dict[str, Any]) -> set[str]:
    """The origins of this request's own site, as Engine.IO reckons them (proxies included)."""
    host = environ.get("HTTP_HOST")
    if not host:
        return set()
    scheme = environ.get("wsgi.url_scheme", "http")
    origins = {f"{scheme}://{host}"}
    if "HTTP_X_FORWARDED_PROTO" in environ or "HTTP_X_FORWARDED_HOST" in environ:
        forwarded_scheme = environ.get("HTTP_X_FORWARDED_PROTO", scheme).split(",")[0].strip()
        forwarded_host = environ.get("HTTP_X_FORWARDED_HOST", host).split(",")[0].strip()
        origins.add(f"{forwarded_scheme}://{forwarded_host}")
    return origins


def database_url(url: str) -> str:
    """Pin PostgreSQL to psycopg2, the driver psycogreen can make cooperative."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg2://" + url[len(prefix):]
    return url


def _instance_secret(instance_path: Path) -> str:
    """Keep one random secret per installation so sessions survive restarts."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    import secrets

    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key
