"""Who is acting: a participant, a projected board, a staff member, or nobody."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from facilitation.codes import hash_token
from facilitation.phases import Audience

from ..database import transaction
from ..extensions import db
from ..models import ApiToken, Participant, Role, User, Workshop, utcnow
from . import fields
from .errors import ServiceError


class PrincipalKind(StrEnum):
    ANONYMOUS = "anonymous"
    PARTICIPANT = "participant"
    BOARD = "board"
    STAFF = "staff"


@dataclass(frozen=True)
class Principal:
    """The identity behind a request or a socket connection (plain values, safe to keep)."""

    kind: PrincipalKind
    user_id: int | None = None
    role: Role | None = None
    participant_id: int | None = None
    workshop_id: int | None = None  # the one workshop a participant or board belongs to
    # What a long-lived connection stands on, checked again on each of its events: the API
    # token, the cookie session's version, the board key's hash.
    token_id: int | None = None
    session_version: int | None = None
    key_hash: str | None = None

    @property
    def audience(self) -> Audience:
        return {
            PrincipalKind.STAFF: Audience.STAFF,
            PrincipalKind.BOARD: Audience.BOARD,
        }.get(self.kind, Audience.PARTICIPANT)

    @property
    def is_staff(self) -> bool:
        return self.kind is PrincipalKind.STAFF

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind.value,
            "user_id": self.user_id,
            "role": self.role.value if self.role else None,
            "participant_id": self.participant_id,
            "workshop_id": self.workshop_id,
            "token_id": self.token_id,
            "session_version": self.session_version,
            "key_hash": self.key_hash,
        }

    @classmethod
    def from_dict(cls, data: dict[str, object] | None) -> Principal:
        if not data:
            return ANONYMOUS
        role = data.get("role")
        return cls(
            kind=PrincipalKind(str(data["kind"])),
            user_id=_int_or_none(data.get("user_id")),
            role=Role(str(role)) if role else None,
            participant_id=_int_or_none(data.get("participant_id")),
            workshop_id=_int_or_none(data.get("workshop_id")),
            token_id=_int_or_none(data.get("token_id")),
            session_version=_int_or_none(data.get("session_version")),
            key_hash=_str_or_none(data.get("key_hash")),
        )


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


ANONYMOUS = Principal(PrincipalKind.ANONYMOUS)


def staff_principal(user: User) -> Principal:
    return Principal(PrincipalKind.STAFF, user_id=user.id, role=user.role)


def session_principal(user: User) -> Principal:
    """A staff member signed in with the session cookie of this session version."""
    return Principal(PrincipalKind.STAFF, user_id=user.id, role=user.role,
                     session_version=user.session_version)


def participant_principal(participant: Participant) -> Principal:
    return Principal(PrincipalKind.PARTICIPANT, participant_id=participant.id,
                     workshop_id=participant.workshop_id)


def participant_for_token(token: object) -> Participant | None:
    """The participant a rejoin token belongs to, if any."""
    presented = fields.credential(token, max_length=200)
    if presented is None:
        return None
    return db.session.scalar(
        db.select(Participant).where(Participant.token_hash == hash_token(presented)))


def api_token_for(token: object) -> ApiToken | None:
    """The usable API token (not revoked, not expired, of an active user), noting its use."""
    presented = fields.credential(token, max_length=200)
    if presented is None:
        return None
    with transaction():
        api_token = db.session.scalar(
            db.select(ApiToken).where(ApiToken.token_hash == hash_token(presented)))
        now = utcnow()
        if api_token is None or not api_token.user.active or not api_token.usable(now):
            return None
        api_token.last_used_at = now
    return api_token


def user_for_api_token(token: object) -> User | None:
    """The active staff user a usable API token belongs to, if any."""
    api_token = api_token_for(token)
    return api_token.user if api_token else None


def api_token_principal(token: object) -> Principal | None:
    api_token = api_token_for(token)
    if api_token is None:
        return None
    user = api_token.user
    return Principal(PrincipalKind.STAFF, user_id=user.id, role=user.role,
                     token_id=api_token.id)


def board_principal(board_key: object) -> Principal | None:
    presented = fields.credential(board_key, max_length=100)
    if presented is None:
        return None
    workshop_id = db.session.scalar(
        db.select(Workshop.id).where(Workshop.board_key == presented))
    if workshop_id is None:
        return None
    return Principal(PrincipalKind.BOARD, workshop_id=workshop_id, key_hash=hash_token(presented))


def still_valid(principal: Principal) -> bool:
    """Whether what a connection stood on when it connected still holds: the staff member is
    active, their token usable and their session not ended; the board key not rotated; the
    phone's participant neither removed nor anonymised."""
    if principal.kind is PrincipalKind.STAFF:
        user = db.session.get(User, principal.user_id)
        if user is None or not user.active or user.role is not principal.role:
            return False
        if principal.session_version is not None and user.session_version != \
                principal.session_version:
            return False
        if principal.token_id is not None:
            api_token = db.session.get(ApiToken, principal.token_id)
            return api_token is not None and api_token.usable(utcnow())
        return True
    if principal.kind is PrincipalKind.BOARD:
        key = db.session.scalar(sa.select(Workshop.board_key).where(
            Workshop.id == principal.workshop_id))
        return key is not None and hash_token(key) == principal.key_hash
    if principal.kind is PrincipalKind.PARTICIPANT:
        return db.session.scalar(sa.select(Participant.id).where(
            Participant.id == principal.participant_id,
            Participant.token_hash.is_not(None))) is not None
    return False


def check_participant_present(principal: Principal) -> None:
    """A phone acts only while its participant is there: not removed, not anonymised."""
    if principal.kind is not PrincipalKind.PARTICIPANT:
        return
    present = db.session.scalar(sa.select(Participant.id).where(
        Participant.id == principal.participant_id, Participant.token_hash.is_not(None)))
    if present is None:
        raise ServiceError("unauthenticated")


def check_staff(principal: Principal) -> None:
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise ServiceError("unauthenticated")
    if not principal.is_staff:
        raise ServiceError("forbidden")


def check_admin(principal: Principal) -> None:
    check_staff(principal)
    if principal.role is not Role.ADMIN:
        raise ServiceError("forbidden")


def check_can_see_workshop(principal: Principal, workshop_id: int) -> None:
    """Staff see every workshop; a participant or a board only their own."""
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise ServiceError("unauthenticated")
    if not principal.is_staff and principal.workshop_id != workshop_id:
        raise ServiceError("forbidden")
