"""Who is acting: a participant, a projected board, a staff member, or nobody."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

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
        )


def _int_or_none(value: object) -> int | None:
    return value if isinstance(value, int) else None


ANONYMOUS = Principal(PrincipalKind.ANONYMOUS)


def staff_principal(user: User) -> Principal:
    return Principal(PrincipalKind.STAFF, user_id=user.id, role=user.role)


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


def user_for_api_token(token: object) -> User | None:
    """The active staff user an API token belongs to, if any."""
    presented = fields.credential(token, max_length=200)
    if presented is None:
        return None
    with transaction():
        api_token = db.session.scalar(
            db.select(ApiToken).where(ApiToken.token_hash == hash_token(presented)))
        if api_token is None or not api_token.user.active:
            return None
        api_token.last_used_at = utcnow()
    return api_token.user


def board_principal(board_key: object) -> Principal | None:
    presented = fields.credential(board_key, max_length=100)
    if presented is None:
        return None
    workshop_id = db.session.scalar(
        db.select(Workshop.id).where(Workshop.board_key == presented))
    if workshop_id is None:
        return None
    return Principal(PrincipalKind.BOARD, workshop_id=workshop_id)


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
