"""Database models. They hold data and integrity rules; the domain rules live in facilitation/."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from facilitation.phases import Phase

from .extensions import db


def utcnow() -> datetime:
    """The current UTC time, naive, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"


class SeminarKind(StrEnum):
    INSPIRATION_SEMINAR = "inspiration_seminar"
    STUDY_TRIP = "study_trip"
    CO_CREATION_WORKSHOP = "co_creation_workshop"
    INFO_DAY = "info_day"
    OTHER = "other"


class Background(StrEnum):
    COMMUNITY = "community"
    ENTREPRENEUR = "entrepreneur"
    MUNICIPALITY = "municipality"
    ORGANISATION = "organisation"
    OTHER = "other"


def _enum(enum: type[StrEnum], name: str) -> sa.Enum:
    # Stored as plain strings with a CHECK, so adding a value is a small migration.
    return sa.Enum(enum, name=name, native_enum=False, values_callable=lambda e: [m.value for m in e],
                   length=32, validate_strings=True)


class Lag(db.Model):  # type: ignore[name-defined]
    __tablename__ = "lags"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    region: so.Mapped[str] = so.mapped_column(sa.String(200), default="")


class User(UserMixin, db.Model):  # type: ignore[name-defined]
    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(256), default="")
    role: so.Mapped[Role] = so.mapped_column(_enum(Role, "role"))
    lag_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("lags.id"))
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="et")
    active: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    lag: so.Mapped[Lag | None] = so.relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active


class ApiToken(db.Model):  # type: ignore[name-defined]
    __tablename__ = "api_tokens"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    label: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_used_at: so.Mapped[datetime | None] = so.mapped_column()

    user: so.Mapped[User] = so.relationship()


seminar_lags = sa.Table(
    "seminar_lags",
    db.metadata,
    sa.Column("seminar_id", sa.ForeignKey("seminars.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("lag_id", sa.ForeignKey("lags.id", ondelete="CASCADE"), primary_key=True),
)


class Seminar(db.Model):  # type: ignore[name-defined]
    __tablename__ = "seminars"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    kind: so.Mapped[SeminarKind] = so.mapped_column(_enum(SeminarKind, "seminar_kind"))
    starts_on: so.Mapped[date | None] = so.mapped_column()
    ends_on: so.Mapped[date | None] = so.mapped_column()
    place: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    country: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    lags: so.Mapped[list[Lag]] = so.relationship(secondary=seminar_lags, order_by=Lag.id)
    workshops: so.Mapped[list[Workshop]] = so.relationship(
        back_populates="seminar", order_by="Workshop.id")


class Workshop(db.Model):  # type: ignore[name-defined]
    __tablename__ = "workshops"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    seminar_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("seminars.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    prompt: so.Mapped[str] = so.mapped_column(sa.String(500))
    code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    board_key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    phase: so.Mapped[Phase] = so.mapped_column(_enum(Phase, "phase"), default=Phase.DRAFT)
    dots_per_participant: so.Mapped[int] = so.mapped_column(default=5)
    max_dots_per_idea: so.Mapped[int] = so.mapped_column(default=3)
    blind_voting: so.Mapped[bool] = so.mapped_column(default=False)
    phones_see_ideas: so.Mapped[bool] = so.mapped_column(default=True)
    idea_max_length: so.Mapped[int] = so.mapped_column(default=280)
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="et")
    timer_ends_at: so.Mapped[datetime | None] = so.mapped_column()
    # The last event number sent to this workshop's clients; see docs/realtime.md.
    seq: so.Mapped[int] = so.mapped_column(default=0)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    seminar: so.Mapped[Seminar] = so.relationship(back_populates="workshops")


class Participant(db.Model):  # type: ignore[name-defined]
    __tablename__ = "participants"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    token_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    background: so.Mapped[Background | None] = so.mapped_column(_enum(Background, "background"))
    # A paper ballot typed in by the facilitator for someone without a phone.
    on_paper: so.Mapped[bool] = so.mapped_column(default=False)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_seen_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Cluster(db.Model):  # type: ignore[name-defined]
    __tablename__ = "clusters"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    label: so.Mapped[str] = so.mapped_column(sa.String(200))
    position: so.Mapped[int] = so.mapped_column(default=0)


class Idea(db.Model):  # type: ignore[name-defined]
    __tablename__ = "ideas"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "client_id"),
        sa.UniqueConstraint("author_user_id", "client_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL"))
    # Set when a facilitator typed the idea in on someone's behalf.
    author_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    details: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    target_groups: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    theme: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    cluster_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("clusters.id", ondelete="SET NULL"))
    hidden: so.Mapped[bool] = so.mapped_column(default=False)
    merged_into_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("ideas.id"))
    client_id: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    @property
    def visible(self) -> bool:
        return not self.hidden and self.merged_into_id is None


class Vote(db.Model):  # type: ignore[name-defined]
    """One dot. Counts are always derived from these rows; a retracted dot is kept as history."""

    __tablename__ = "votes"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "client_id"),
        sa.UniqueConstraint("participant_id", "retract_client_id"),
        sa.Index("ix_votes_workshop_live", "workshop_id", "retracted_at", "idea_id"),
        sa.Index("ix_votes_participant_live", "participant_id", "retracted_at", "idea_id"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"))
    participant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"))
    idea_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("ideas.id", ondelete="CASCADE"))
    client_id: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    cast_by_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    retracted_at: so.Mapped[datetime | None] = so.mapped_column()
    retract_client_id: so.Mapped[str | None] = so.mapped_column(sa.String(64))
