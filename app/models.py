"""Database models. They hold data and integrity rules; the domain rules live in facilitation/."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from facilitation.attendance import AttendanceSource
from facilitation.feedback import QuestionKind
from facilitation.phases import Phase
from facilitation.proposals import ApplicantType, Fund, ProposalStatus, TriageState
from facilitation.terms import MAX_TERM_LENGTH

from .extensions import Model, db


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


class Lag(Model):
    __tablename__ = "lags"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    region: so.Mapped[str] = so.mapped_column(sa.String(200), default="")


class User(UserMixin, Model):
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
    # Part of every session cookie's id (get_id): raising it ends every session of the user
    # (sign-out, a new password, deactivation).
    session_version: so.Mapped[int] = so.mapped_column(default=1, server_default="1")

    lag: so.Mapped[Lag | None] = so.relationship()

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def get_id(self) -> str:  # Flask-Login's alternative id: "user id:session version"
        return f"{self.id}:{self.session_version}"

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.active


class ApiToken(Model):
    __tablename__ = "api_tokens"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                               index=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    label: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_used_at: so.Mapped[datetime | None] = so.mapped_column()
    expires_at: so.Mapped[datetime | None] = so.mapped_column()
    revoked_at: so.Mapped[datetime | None] = so.mapped_column()

    user: so.Mapped[User] = so.relationship()

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class LoginAttempt(Model):
    """One sign-in attempt, kept for admins to see (who tried which account, from where)."""

    __tablename__ = "login_attempts"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), index=True)
    address: so.Mapped[str] = so.mapped_column(sa.String(64))
    succeeded: so.Mapped[bool] = so.mapped_column(default=False)
    # How long the answer was held back (the growing delay), in seconds.
    delay: so.Mapped[float] = so.mapped_column(default=0.0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)


seminar_lags = sa.Table(
    "seminar_lags",
    db.metadata,
    sa.Column("seminar_id", sa.ForeignKey("seminars.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("lag_id", sa.ForeignKey("lags.id", ondelete="CASCADE"), primary_key=True),
)


class Seminar(Model):
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


class Workshop(Model):
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
    # Ideas from phones wait for the facilitator's approval before they reach the wall.
    moderation: so.Mapped[bool] = so.mapped_column(default=False)
    language: so.Mapped[str] = so.mapped_column(sa.String(8), default="et")
    timer_ends_at: so.Mapped[datetime | None] = so.mapped_column()
    # The facilitator asked the phones for the seminar's feedback (app/services/paperwork).
    feedback_open: so.Mapped[bool] = so.mapped_column(default=False)
    # "The door": whether new phones may join with the code (joined phones always rejoin).
    joining_open: so.Mapped[bool] = so.mapped_column(default=True, server_default="1")
    # How many people the facilitator expects, for the console's "joined of expected".
    expected_participants: so.Mapped[int | None] = so.mapped_column()
    paper_ballot_limit: so.Mapped[int] = so.mapped_column(default=300, server_default="300")
    # The last event number sent to this workshop's clients (docs/architecture.md, "Events").
    seq: so.Mapped[int] = so.mapped_column(default=0)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    seminar: so.Mapped[Seminar] = so.relationship(back_populates="workshops")


class WorkshopTeam(Model):
    """A co-facilitator of a workshop; the creator and the admins are on every team anyway."""

    __tablename__ = "workshop_team"

    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                               primary_key=True, index=True)
    added_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    added_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    user: so.Mapped[User] = so.relationship(foreign_keys=[user_id])


class Participant(Model):
    __tablename__ = "participants"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    token_hash: so.Mapped[str | None] = so.mapped_column(sa.String(64), unique=True)
    display_name: so.Mapped[str] = so.mapped_column(sa.String(80), default="")
    background: so.Mapped[Background | None] = so.mapped_column(_enum(Background, "background"))
    # A paper ballot typed in by the facilitator for someone without a phone.
    on_paper: so.Mapped[bool] = so.mapped_column(default=False)
    # Who added the paper ballot (shown in the console).
    added_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    last_seen_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Cluster(Model):
    """A named group of a workshop's ideas, made in the grouping phase; ideas point to it."""

    __tablename__ = "clusters"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(200))
    position: so.Mapped[int] = so.mapped_column(default=0)


class Idea(Model):
    __tablename__ = "ideas"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "client_id"),
        sa.UniqueConstraint("author_user_id", "client_id"),
        sa.Index("ix_ideas_workshop_number", "workshop_id", "number", unique=True),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    workshop_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    participant_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("participants.id", ondelete="SET NULL"))
    # Set when a facilitator typed the idea in on someone's behalf.
    author_user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    # The idea's number within its workshop (1, 2, …), as the board and the paper slips show it;
    # None while it waits for approval.
    number: so.Mapped[int | None] = so.mapped_column()
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    details: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    target_groups: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    theme: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    cluster_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("clusters.id", ondelete="SET NULL"))
    hidden: so.Mapped[bool] = so.mapped_column(default=False)
    # Posted while the workshop moderates, and not yet approved: only staff and its author see it.
    pending: so.Mapped[bool] = so.mapped_column(default=False)
    merged_into_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("ideas.id"),
                                                             index=True)
    client_id: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, index=True)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)
    triage: so.Mapped[TriageState] = so.mapped_column(_enum(TriageState, "triage_state"),
                                                      default=TriageState.NEW, index=True)

    @property
    def visible(self) -> bool:
        return not self.hidden and not self.pending and self.merged_into_id is None


# A term sorts and compares by its code points on both databases, so that a prefix is a range
# (facilitation.terms.prefix_range): SQLite's default BINARY collation does that, PostgreSQL
# needs "C" (its default collation orders by the locale's rules, where "õ" may sort anywhere).
TERM_TYPE = sa.String(MAX_TERM_LENGTH).with_variant(
    sa.String(MAX_TERM_LENGTH, collation="C"), "postgresql")


class IdeaTerm(Model):
    """One term of an idea's text and details (facilitation.terms): what search and the
    suggestions read. Rewritten, in the same transaction, by every writer of the text."""

    __tablename__ = "idea_terms"

    # The primary key's order serves search: every idea with a term in a prefix's range.
    term: so.Mapped[str] = so.mapped_column(TERM_TYPE, primary_key=True)
    idea_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True, index=True)


class Vote(Model):
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


# -- after the seminar: strategy measures and the proposal pipeline ------------------------


class Money(sa.types.TypeDecorator[Decimal]):
    """Euros to the cent, stored as whole cents: exact sums on SQLite as well as PostgreSQL."""

    impl = sa.BigInteger
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: sa.Dialect) -> int | None:
        if value is None:
            return None
        return int((Decimal(value) * 100).to_integral_value(ROUND_HALF_UP))

    def process_result_value(self, value: Any, dialect: sa.Dialect) -> Decimal | None:
        if value is None:
            return None
        return (Decimal(int(value)) / 100).quantize(Decimal("0.01"))


class Measure(Model):
    """A measure of a LAG's strategy, with the highest support rate per applicant type."""

    __tablename__ = "measures"
    __table_args__ = (sa.UniqueConstraint("lag_id", "code"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lag_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lags.id"), index=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(32))
    name: so.Mapped[str] = so.mapped_column(sa.String(300))
    # {"ngo": "90.00", "company": "60.00", …}: percentages as text, a missing type has no limit.
    max_rates: so.Mapped[dict[str, str]] = so.mapped_column(sa.JSON, default=dict)
    active: so.Mapped[bool] = so.mapped_column(default=True)

    lag: so.Mapped[Lag] = so.relationship()


proposal_ideas = sa.Table(
    "proposal_ideas",
    db.metadata,
    sa.Column("proposal_id", sa.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("idea_id", sa.ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)

# The other LAGs of a cooperation proposal; the lead LAG is Proposal.lag_id.
proposal_lags = sa.Table(
    "proposal_lags",
    db.metadata,
    sa.Column("proposal_id", sa.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("lag_id", sa.ForeignKey("lags.id", ondelete="CASCADE"), primary_key=True,
              index=True),
)


class Proposal(Model):
    """A follow-up LEADER project proposal grown from workshop ideas."""

    __tablename__ = "proposals"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    summary: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    status: so.Mapped[ProposalStatus] = so.mapped_column(
        _enum(ProposalStatus, "proposal_status"), default=ProposalStatus.IDEA, index=True)
    # The status left when the proposal went on hold: the one it may return to.
    held_from: so.Mapped[ProposalStatus | None] = so.mapped_column(
        _enum(ProposalStatus, "proposal_held_from"))
    seminar_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("seminars.id"), index=True)
    workshop_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="SET NULL"))
    lag_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lags.id"), index=True)
    measure_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("measures.id"))
    fund: so.Mapped[Fund] = so.mapped_column(_enum(Fund, "fund"), default=Fund.LEADER)
    applicant_name: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    applicant_type: so.Mapped[ApplicantType | None] = so.mapped_column(
        _enum(ApplicantType, "applicant_type"))
    partners: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    target_groups: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    village: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    municipality: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    budget_total: so.Mapped[Decimal] = so.mapped_column("budget_total_cents", Money,
                                                        default=Decimal("0.00"))
    support_requested: so.Mapped[Decimal] = so.mapped_column("support_requested_cents", Money,
                                                             default=Decimal("0.00"))
    own_contribution_cash: so.Mapped[Decimal] = so.mapped_column(
        "own_contribution_cash_cents", Money, default=Decimal("0.00"))
    own_contribution_in_kind: so.Mapped[Decimal] = so.mapped_column(
        "own_contribution_in_kind_cents", Money, default=Decimal("0.00"))
    call_name: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    call_deadline: so.Mapped[date | None] = so.mapped_column()
    coordinator_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"),
                                                             index=True)
    next_step: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    next_step_due: so.Mapped[date | None] = so.mapped_column(index=True)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    lag: so.Mapped[Lag] = so.relationship()
    cooperation_lags: so.Mapped[list[Lag]] = so.relationship(secondary=proposal_lags,
                                                             order_by=Lag.id)
    measure: so.Mapped[Measure | None] = so.relationship()
    seminar: so.Mapped[Seminar | None] = so.relationship()
    workshop: so.Mapped[Workshop | None] = so.relationship()
    coordinator: so.Mapped[User | None] = so.relationship(foreign_keys=[coordinator_id])
    ideas: so.Mapped[list[Idea]] = so.relationship(secondary=proposal_ideas, order_by=Idea.id)
    events: so.Mapped[list[ProposalEvent]] = so.relationship(
        back_populates="proposal", order_by="ProposalEvent.id", cascade="all, delete-orphan")


class ProposalTerm(Model):
    """One term of a proposal's title and summary (facilitation.terms): what the proposal
    list's search reads, with the terms of its source ideas. Rewritten with the text."""

    __tablename__ = "proposal_terms"

    term: so.Mapped[str] = so.mapped_column(TERM_TYPE, primary_key=True)
    proposal_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True, index=True)


class ProposalEventKind(StrEnum):
    CREATED = "created"
    STATUS = "status"
    EDITED = "edited"
    COMMENT = "comment"


class ProposalEvent(Model):
    """One line of a proposal's history: created, a status change, an edit or a comment."""

    __tablename__ = "proposal_events"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    proposal_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("proposals.id", ondelete="CASCADE"), index=True)
    kind: so.Mapped[ProposalEventKind] = so.mapped_column(
        _enum(ProposalEventKind, "proposal_event_kind"))
    from_status: so.Mapped[ProposalStatus | None] = so.mapped_column(
        _enum(ProposalStatus, "proposal_event_from"))
    to_status: so.Mapped[ProposalStatus | None] = so.mapped_column(
        _enum(ProposalStatus, "proposal_event_to"))
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # The names of the fields an edit changed.
    changes: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)
    user_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    proposal: so.Mapped[Proposal] = so.relationship(back_populates="events")
    user: so.Mapped[User | None] = so.relationship()


# -- the seminar's paperwork: agenda, logos, attendance, feedback; cooperation projects ------
#
# What a LEADER payment claim asks for (the agenda under the programme's logos, the list of
# participants, a summary of their feedback) and what the cooperation project reports.
# Attendees and feedback are kept apart from participants on purpose: no column here names a
# participant, so no query can put a person's name beside their ideas or dots (docs/privacy.md).


class Logo(Model):
    """A programme logo (the EU's rural fund flag, LEADER) printed above every agenda."""

    __tablename__ = "logos"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # What the logo says, for screen readers and the PDF's text alternative.
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    media_type: so.Mapped[str] = so.mapped_column(sa.String(40))
    # Checked and re-encoded (PNG, JPEG) or sanitised (SVG) before it is stored: at most 1 MB.
    content: so.Mapped[bytes] = so.mapped_column(sa.LargeBinary)
    width: so.Mapped[int] = so.mapped_column(default=0)
    height: so.Mapped[int] = so.mapped_column(default=0)
    position: so.Mapped[int] = so.mapped_column(default=0)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class AgendaItem(Model):
    """One item of a seminar's programme, optionally the workshop that runs in it."""

    __tablename__ = "agenda_items"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    seminar_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    # Only for a seminar of several days (a study trip); None is its first day.
    day: so.Mapped[date | None] = so.mapped_column()
    starts_at: so.Mapped[time] = so.mapped_column()
    ends_at: so.Mapped[time | None] = so.mapped_column()
    title: so.Mapped[str] = so.mapped_column(sa.String(300))
    speaker: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    organisation: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    workshop_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("workshops.id", ondelete="SET NULL"))

    workshop: so.Mapped[Workshop | None] = so.relationship()


class LagMunicipality(Model):
    """A municipality in a LAG's area: how an attendee's municipality counts for a LAG."""

    __tablename__ = "lag_municipalities"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    lag_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lags.id", ondelete="CASCADE"),
                                              index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    # facilitation.attendance.municipality_key(name): one municipality is in one LAG's area.
    key: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)


class RegistrationLink(Model):
    """The public page where people sign up for a seminar before it (its key is the address)."""

    __tablename__ = "registration_links"

    seminar_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("seminars.id", ondelete="CASCADE"), primary_key=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    open: so.Mapped[bool] = so.mapped_column(default=True)
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)


class Attendee(Model):
    """A person on a seminar's list of participants: from their phone, from the paper sheet,
    or registered in advance.

    There is deliberately no participant id and no time of day here. A phone's entry is found
    again by ``phone_key``, a hash of the phone's rejoin token that only the phone itself can
    recompute (the database holds another hash of that token): a copy of the database cannot
    link a name to a participant's ideas or dots.
    """

    __tablename__ = "attendees"
    __table_args__ = (sa.UniqueConstraint("seminar_id", "phone_key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    seminar_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(200))
    organisation: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    background: so.Mapped[Background | None] = so.mapped_column(
        _enum(Background, "attendee_background"))
    municipality: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    email: so.Mapped[str] = so.mapped_column(sa.String(254), default="")
    source: so.Mapped[AttendanceSource] = so.mapped_column(
        _enum(AttendanceSource, "attendance_source"))
    # Consent to be on the list (the phone's and the advance form's box; a signature on paper).
    consent: so.Mapped[bool] = so.mapped_column(default=False)
    # An advance registration is checked in at the seminar; the others were there.
    checked_in: so.Mapped[bool] = so.mapped_column(default=True)
    registered_on: so.Mapped[date] = so.mapped_column()
    phone_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))


class FeedbackQuestion(Model):
    """A question of a seminar's feedback form."""

    __tablename__ = "feedback_questions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    seminar_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    position: so.Mapped[int] = so.mapped_column(default=0)
    kind: so.Mapped[QuestionKind] = so.mapped_column(_enum(QuestionKind, "question_kind"))
    # Empty while it is a default question's own words, shown in the reader's language.
    text: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    # facilitation.feedback.DefaultQuestion: the indicator the question feeds, if any.
    default_key: so.Mapped[str | None] = so.mapped_column(sa.String(32))
    # A choice's options as typed by staff; empty for a default question (translated).
    options: so.Mapped[list[str]] = so.mapped_column(sa.JSON, default=list)


class FeedbackResponse(Model):
    """One person's set of answers: from a phone (sending again replaces it) or from paper.

    A phone's set is found again by ``respondent_key``, a hash of its rejoin token, as an
    attendee's is, with a different salt: the answers are tied to no participant and to no
    entry on the list of participants.
    """

    __tablename__ = "feedback_responses"
    __table_args__ = (sa.UniqueConstraint("seminar_id", "respondent_key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    seminar_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("seminars.id", ondelete="CASCADE"), index=True)
    source: so.Mapped[AttendanceSource] = so.mapped_column(
        _enum(AttendanceSource, "feedback_source"))
    respondent_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    updated_at: so.Mapped[datetime] = so.mapped_column(default=utcnow, onupdate=utcnow)

    answers: so.Mapped[list[FeedbackAnswer]] = so.relationship(
        back_populates="response", cascade="all, delete-orphan", order_by="FeedbackAnswer.id")


class FeedbackAnswer(Model):
    __tablename__ = "feedback_answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "question_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    response_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("feedback_responses.id", ondelete="CASCADE"), index=True)
    question_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("feedback_questions.id", ondelete="CASCADE"), index=True)
    number: so.Mapped[int | None] = so.mapped_column()  # a scale answer
    choice: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    text: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Staff hide an open answer from the summary, e.g. when it names a person.
    hidden: so.Mapped[bool] = so.mapped_column(default=False)

    response: so.Mapped[FeedbackResponse] = so.relationship(back_populates="answers")


class CooperationProject(Model):
    """A LEADER cooperation project of several LAGs, one of them the lead partner."""

    __tablename__ = "cooperation_projects"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(300), unique=True)
    lead_lag_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lags.id"), index=True)
    starts_on: so.Mapped[date | None] = so.mapped_column()
    ends_on: so.Mapped[date | None] = so.mapped_column()
    aim: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    lead_lag: so.Mapped[Lag] = so.relationship()
    partners: so.Mapped[list[ProjectPartner]] = so.relationship(
        back_populates="project", cascade="all, delete-orphan", order_by="ProjectPartner.id")


class ProjectPartner(Model):
    """A LAG in a cooperation project, with its own budget and budget lines."""

    __tablename__ = "project_partners"
    __table_args__ = (sa.UniqueConstraint("project_id", "lag_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cooperation_projects.id", ondelete="CASCADE"), index=True)
    lag_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("lags.id"), index=True)
    budget_total: so.Mapped[Decimal] = so.mapped_column("budget_total_cents", Money,
                                                        default=Decimal("0.00"))
    support: so.Mapped[Decimal] = so.mapped_column("support_cents", Money,
                                                   default=Decimal("0.00"))
    own_contribution: so.Mapped[Decimal] = so.mapped_column("own_contribution_cents", Money,
                                                            default=Decimal("0.00"))

    project: so.Mapped[CooperationProject] = so.relationship(back_populates="partners")
    lag: so.Mapped[Lag] = so.relationship()
    lines: so.Mapped[list[BudgetLine]] = so.relationship(
        back_populates="partner", cascade="all, delete-orphan",
        order_by="(BudgetLine.position, BudgetLine.id)")


class BudgetLine(Model):
    """An activity in a partner's budget, with its planned amount."""

    __tablename__ = "budget_lines"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    partner_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("project_partners.id", ondelete="CASCADE"), index=True)
    position: so.Mapped[int] = so.mapped_column(default=0)
    activity: so.Mapped[str] = so.mapped_column(sa.String(500))
    planned: so.Mapped[Decimal] = so.mapped_column("planned_cents", Money,
                                                   default=Decimal("0.00"))

    partner: so.Mapped[ProjectPartner] = so.relationship(back_populates="lines")
    costs: so.Mapped[list[ActualCost]] = so.relationship(
        back_populates="line", cascade="all, delete-orphan",
        order_by="(ActualCost.spent_on, ActualCost.id)")


class ActualCost(Model):
    """Money spent on a budget line: when, how much, what for, and the seminar if any."""

    __tablename__ = "actual_costs"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    line_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("budget_lines.id", ondelete="CASCADE"), index=True)
    spent_on: so.Mapped[date] = so.mapped_column()
    amount: so.Mapped[Decimal] = so.mapped_column("amount_cents", Money)
    note: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    seminar_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("seminars.id", ondelete="SET NULL"), index=True)
    created_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    line: so.Mapped[BudgetLine] = so.relationship(back_populates="costs")
    seminar: so.Mapped[Seminar | None] = so.relationship()


class SeminarFunding(Model):
    """The cooperation project (and the budget line of it) a seminar belongs to."""

    __tablename__ = "seminar_funding"

    seminar_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("seminars.id", ondelete="CASCADE"), primary_key=True)
    project_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("cooperation_projects.id", ondelete="CASCADE"), index=True)
    budget_line_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("budget_lines.id", ondelete="SET NULL"), index=True)

    project: so.Mapped[CooperationProject] = so.relationship()
    budget_line: so.Mapped[BudgetLine | None] = so.relationship()
