"""Staff accounts: passwords, signing in and out, and API tokens."""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from facilitation.codes import hash_token

from .. import models
from ..database import transaction
from ..events import Revoked
from ..extensions import db
from ..i18n import gettext as _
from ..models import ApiToken, Lag, LoginAttempt, Role, User, utcnow
from . import fields, passwords
from .access import Principal, check_admin
from .errors import ServiceError
from .limits import growing_delay, limits

MIN_PASSWORD_LENGTH = passwords.MIN_LENGTH
# Failed sign-ins before the answers slow down, per account and per address, and how much.
FREE_FAILURES_PER_ACCOUNT = 5
FREE_FAILURES_PER_ADDRESS = 20
DELAY_BASE_SECONDS = 1.0
DELAY_CEILING_SECONDS = 30.0
TOKEN_DAYS_LIMIT = 3650


def create_user(email: object, *, role: object, password: str, name: str = "",
                lag_name: str | None = None) -> User:
    """Add a staff account; the email must be new and the password hard to guess."""
    address = fields.email(email)
    chosen_role = fields.choice({"role": role}, "role", Role)
    if chosen_role is None:
        raise fields.invalid("role")
    passwords.check_password(password, email=address, name=name)
    with transaction():
        if db.session.scalar(sa.select(User.id).where(User.email == address)) is not None:
            raise ServiceError("invalid_input", _("An account with this email already exists."),
                               field="email")
        lag = None
        if lag_name:
            lag = db.session.scalar(sa.select(Lag).where(Lag.name == lag_name))
            if lag is None:
                raise ServiceError("not_found", field="lag")
        user = User(email=address, name=name or address.split("@")[0], role=chosen_role,
                    lag=lag)
        user.set_password(password)
        db.session.add(user)
    return user


def set_password(email: object, password: str) -> User:
    """Give an account a new password; every session it had is ended."""
    address = fields.email(email)
    with transaction() as tx:
        user = db.session.scalar(sa.select(User).where(User.email == address))
        if user is None:
            raise ServiceError("not_found", field="email")
        passwords.check_password(password, email=user.email, name=user.name)
        user.set_password(password)
        user.session_version += 1
        tx.on_commit(Revoked("user-sessions", user.id))
    return user


def end_sessions(user_id: int) -> None:
    """Signing out ends every session cookie of the user, and closes their sockets."""
    with transaction() as tx:
        user = db.session.get(User, user_id, with_for_update=True)
        if user is None:
            return
        user.session_version += 1
        tx.on_commit(Revoked("user-sessions", user.id))


# -- signing in -----------------------------------------------------------------------------


@functools.cache
def _dummy_hash() -> str:
    """A hash of nothing anyone knows, made the way real passwords are hashed."""
    return models.generate_password_hash(secrets.token_urlsafe(24))


def authenticate(email: object, password: object) -> User | None:
    """The active user with this email and password, or None (same answer for either mistake).

    An unknown email costs the same password check as a known one, so the time of the
    answer does not tell whether an account exists.
    """
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or not user.password_hash:
        models.check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    return user


def sign_in_delay(email: str, address: str) -> float:
    """How long to hold the answer to this sign-in back: growing with the recent failures of
    the account and of the address, the larger of the two. Nobody is ever locked out."""
    account = limits().count("login:account", email.strip().lower())
    here = limits().count("login:address", address)
    return max(growing_delay(account, free=FREE_FAILURES_PER_ACCOUNT, base=DELAY_BASE_SECONDS,
                             ceiling=DELAY_CEILING_SECONDS),
               growing_delay(here, free=FREE_FAILURES_PER_ADDRESS, base=DELAY_BASE_SECONDS,
                             ceiling=DELAY_CEILING_SECONDS))


def record_sign_in(email: str, address: str, *, succeeded: bool, delay: float) -> None:
    """Keep the attempt for admins, and count a failure towards the next delay."""
    account = email.strip().lower()[:254]
    with transaction():  # first: the limits below may wait on Redis, with no transaction open
        db.session.add(LoginAttempt(email=account, address=address[:64], succeeded=succeeded,
                                    delay=delay))
    if succeeded:
        limits().clear("login:account", account)
    else:
        limits().hit("login:account", account)
        limits().hit("login:address", address)


def sign_in_attempts(principal: Principal, limit: int = 200) -> list[LoginAttempt]:
    """The newest sign-in attempts, for admins."""
    check_admin(principal)
    return list(db.session.scalars(sa.select(LoginAttempt).order_by(LoginAttempt.id.desc())
                                   .limit(limit)))


# -- API tokens -----------------------------------------------------------------------------


def create_token(email: object, label: str = "", *, days: int | None = None) -> str:
    """Issue a new API token for a user, valid for `days` (or until revoked); only its hash
    is stored, so it is shown once."""
    address = fields.email(email)
    if days is not None and not 1 <= days <= TOKEN_DAYS_LIMIT:
        raise fields.invalid("days")
    token = "kl_" + secrets.token_urlsafe(32)
    with transaction():
        user = db.session.scalar(sa.select(User).where(User.email == address))
        if user is None:
            raise ServiceError("not_found", field="email")
        expires = utcnow() + timedelta(days=days) if days else None
        db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label,
                                expires_at=expires))
    return token


@dataclass(frozen=True)
class TokenRow:
    id: int
    user_email: str
    user_name: str
    label: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None

    @property
    def state(self) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= utcnow():
            return "expired"
        return "active"


def list_tokens(email: str | None = None) -> list[TokenRow]:
    """Every API token (or one user's), newest first: never the token itself."""
    query = sa.select(ApiToken, User).join(User, User.id == ApiToken.user_id)
    if email:
        query = query.where(User.email == fields.email(email))
    return [TokenRow(token.id, user.email, user.name, token.label, token.created_at,
                     token.last_used_at, token.expires_at, token.revoked_at)
            for token, user in db.session.execute(query.order_by(ApiToken.id.desc()))]


def revoke_token(token_id: object) -> ApiToken:
    """Stop a token at once: later requests are refused, its open sockets disconnected."""
    found_id = fields.as_id(token_id, "token_id")
    with transaction() as tx:
        api_token = db.session.get(ApiToken, found_id, with_for_update=True)
        if api_token is None:
            raise ServiceError("not_found", field="token_id")
        if api_token.revoked_at is None:
            api_token.revoked_at = utcnow()
        tx.on_commit(Revoked("api-token", api_token.id))
    return api_token


def revoke_token_as(principal: Principal, token_id: object) -> ApiToken:
    check_admin(principal)
    return revoke_token(token_id)
