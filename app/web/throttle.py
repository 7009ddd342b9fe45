"""Slowing down guessers: join codes per client address, passwords per account and address."""

from __future__ import annotations

from flask import request

from ..services.errors import ServiceError
from ..services.limits import limits


def client_address() -> str:
    return request.remote_addr or "unknown"


def check_join_allowed() -> None:
    """Refuse join attempts from an address that has missed too many codes lately."""
    if limits().blocked("join:miss", client_address()):
        raise ServiceError("rate_limited")


def note_join_miss() -> None:
    limits().allow("join:miss", client_address())


def check_login_allowed(email: str | None) -> None:
    account = (email or "").strip().lower()
    if limits().blocked("login:account", account) or limits().blocked(
            "login:address", client_address()):
        raise ServiceError("rate_limited")


def note_login_failure(email: str | None) -> None:
    limits().allow("login:account", (email or "").strip().lower())
    limits().allow("login:address", client_address())


def note_login_success(email: str | None) -> None:
    limits().forget("login:account", (email or "").strip().lower())
