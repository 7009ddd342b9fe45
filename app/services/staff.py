"""Staff accounts, passwords and API tokens."""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from facilitation.codes import hash_token

from ..database import transaction
from ..extensions import db
from ..i18n import gettext as _
from ..models import ApiToken, Lag, Role, User
from . import fields
from .errors import ServiceError

MIN_PASSWORD_LENGTH = 10


def create_user(email: object, *, role: object, password: str, name: str = "",
                lag_name: str | None = None) -> User:
    """Add a staff account; the email must be new and the password long enough."""
    address = fields.email(email)
    chosen_role = fields.choice({"role": role}, "role", Role)
    if chosen_role is None:
        raise fields.invalid("role")
    fields.secret(password, "password", min_length=MIN_PASSWORD_LENGTH)
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


def authenticate(email: object, password: object) -> User | None:
    """The active user with this email and password, or None (same answer for either mistake)."""
    if not isinstance(email, str) or not isinstance(password, str):
        return None
    user = db.session.scalar(sa.select(User).where(User.email == email.strip().lower()))
    if user is None or not user.active or not user.check_password(password):
        return None
    return user


def create_token(email: object, label: str = "") -> str:
    """Issue a new API token for a user; only its hash is stored, so it is shown once."""
    address = fields.email(email)
    token = "kl_" + secrets.token_urlsafe(32)
    with transaction():
        user = db.session.scalar(sa.select(User).where(User.email == address))
        if user is None:
            raise ServiceError("not_found", field="email")
        db.session.add(ApiToken(user_id=user.id, token_hash=hash_token(token), label=label))
    return token
