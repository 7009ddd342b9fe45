"""Settings read from the environment, with defaults that work on a laptop."""

from __future__ import annotations

import os
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
        "TALLY_INTERVAL_SECONDS": float(env.get("TALLY_INTERVAL_SECONDS", "0.25")),
        # Names and rejoin tokens of participants are removed this long after a workshop.
        "PARTICIPANT_RETENTION_DAYS": int(env.get("PARTICIPANT_RETENTION_DAYS", "180")),
        "RATE_LIMITS_ENABLED": _bool(env.get("RATE_LIMITS_ENABLED"), default=True),
        # How many proxies in front of the server set X-Forwarded-For (0: none, trust no header).
        "PROXY_FIX_X_FOR": int(env.get("PROXY_FIX_X_FOR", "0")),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "").rstrip("/"),
        "SESSION_COOKIE_SECURE": _bool(env.get("SESSION_COOKIE_SECURE")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "BABEL_DEFAULT_LOCALE": env.get("BABEL_DEFAULT_LOCALE", "et"),
        "BABEL_DEFAULT_TIMEZONE": env.get("BABEL_DEFAULT_TIMEZONE", "Europe/Tallinn"),
        "LANGUAGES": ["et", "en", "ru"],
        "WTF_CSRF_TIME_LIMIT": None,
        "SEND_FILE_MAX_AGE_DEFAULT": 3600,
    }


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
