"""Factories for the backlog and proposal tests: LAGs, coordinators, measures, ideas with dots."""

from __future__ import annotations

import itertools
from typing import Any

from app.database import transaction
from app.extensions import db
from app.models import Idea, Lag, Measure, Participant, Proposal, Seminar, SeminarKind, User, Vote, Workshop
from app.services import proposals
from app.services.access import staff_principal
from app.services.idea_terms import store_terms
from facilitation.phases import Phase
from tests.conftest import make_staff

_numbers = itertools.count(1)

WORKED_BUDGET = {"budget_total": "18000.00", "support_requested": "12743.68",
                 "own_contribution_cash": "5256.32", "own_contribution_in_kind": "0.00"}


def make_lag(name: str | None = None) -> Lag:
    with transaction():
        lag = Lag(name=name or f"LAG {next(_numbers)}", region="")
        db.session.add(lag)
    return lag


def make_user(role: str, lag: Lag | None = None, *, language: str = "en") -> User:
    """A staff member of ``lag``; the pages speak English to them (the source language),
    so tests can read the words the code writes. A test about Estonian asks for "et"."""
    user = make_staff(role)
    with transaction():
        user.lag = lag
        user.language = language
    return user


def make_measure(lag: Lag, code: str = "1.1", **rates: str) -> Measure:
    with transaction():
        measure = Measure(lag_id=lag.id, code=code, name=f"Meede {code}",
                          max_rates=rates or {"ngo": "90.00", "company": "60.00"})
        db.session.add(measure)
    return measure


def make_seminar(title: str = "Inspiratsiooniseminar", *, lags: list[Lag] | None = None,
                 starts_on: Any = None) -> Seminar:
    with transaction():
        seminar = Seminar(title=title, kind=SeminarKind.INSPIRATION_SEMINAR, lags=lags or [],
                          starts_on=starts_on)
        db.session.add(seminar)
    return seminar


def make_closed_workshop(seminar: Seminar, title: str = "Töötuba", *,
                         owner: User | None = None, phase: Phase = Phase.CLOSED) -> Workshop:
    n = next(_numbers)
    with transaction():
        workshop = Workshop(seminar_id=seminar.id, title=title, prompt=f"Kuidas võiksime … {n}?",
                            code=f"T{n:05d}", board_key=f"board-key-{n:012d}", phase=phase,
                            created_by_id=owner.id if owner else None)
        db.session.add(workshop)
    return workshop


def add_idea(workshop: Workshop, text: str, *, dots: int = 0, details: str = "",
             target_groups: list[str] | None = None, **extra: Any) -> Idea:
    """An idea as the live workshop leaves it, with ``dots`` live dots from paper ballots."""
    with transaction():
        idea = Idea(workshop_id=workshop.id, text=text, details=details,
                    target_groups=target_groups or [], **extra)
        db.session.add(idea)
        store_terms(idea, workshop.language)
        for _ in range(dots):
            ballot = Participant(workshop_id=workshop.id, on_paper=True)
            db.session.add(ballot)
            db.session.flush()
            db.session.add(Vote(workshop_id=workshop.id, participant_id=ballot.id,
                                idea_id=idea.id))
    return idea


def make_proposal(user: User, lag: Lag, **fields: Any) -> Proposal:
    data = {"title": "Külabuss", "lag_id": lag.id, **fields}
    return proposals.create_proposal(staff_principal(user), data)


def move_proposal(user: User, proposal: Proposal, *statuses: str) -> Proposal:
    for status in statuses:
        proposal = proposals.change_status(staff_principal(user), proposal.id,
                                           {"status": status})
    return proposal
