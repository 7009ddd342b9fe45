"""Counts derived from the dots: per idea, and the turnout a board shows; and the tally event.

Dots are never counted into a stored number: every figure here is read from the `votes` rows.
"""

from __future__ import annotations

import sqlalchemy as sa

from facilitation.phases import Audience, Phase, counts_visible

from .events import Event
from .extensions import db
from .models import Participant, Vote, Workshop

_LIVE = Vote.retracted_at.is_(None)


def vote_counts(workshop_id: int, connection: sa.Connection | None = None) -> dict[int, int]:
    """Each idea's live dots (ideas without a dot are absent)."""
    rows = (connection or db.session.connection()).execute(
        sa.select(Vote.idea_id, sa.func.count())
        .where(Vote.workshop_id == workshop_id, _LIVE)
        .group_by(Vote.idea_id))
    return {idea_id: count for idea_id, count in rows}


def turnout(workshop_id: int, connection: sa.Connection | None = None) -> dict[str, int]:
    """How many have joined by phone, how many have voted, and how many dots are on the board."""
    connection = connection or db.session.connection()
    voters, dots = connection.execute(
        sa.select(sa.func.count(sa.distinct(Vote.participant_id)), sa.func.count())
        .where(Vote.workshop_id == workshop_id, _LIVE)
    ).one()
    joined = connection.scalar(
        sa.select(sa.func.count()).where(Participant.workshop_id == workshop_id,
                                         Participant.on_paper.is_(False)))
    return {"participants": joined or 0, "voters": voters, "dots_cast": dots}


def tally_event(workshop_id: int) -> Event:
    """The counts for board and staff, read in one short transaction of their own.

    Its own connection, not the session: a tally is built after another transaction has
    committed (in that session's commit hook, or in the publisher's loop). A tally does not
    advance the workshop's seq: it carries the seq of the last event it reflects, so a client
    that has not seen that event yet knows to resync.
    """
    with db.engine.connect() as connection:
        found = connection.execute(
            sa.select(Workshop.seq, Workshop.phase, Workshop.blind_voting)
            .where(Workshop.id == workshop_id)).first()
        if found is None:
            return Event(workshop_id, "tally")
        seq, phase, blind_voting = found
        counts = vote_counts(workshop_id, connection)
        summary = turnout(workshop_id, connection)
        connection.rollback()  # a read: end it before anything is sent
    board_sees = counts_visible(Phase(phase), blind_voting=blind_voting, audience=Audience.BOARD)
    votes = {str(idea_id): count for idea_id, count in counts.items()}
    base = {"seq": seq, "workshop_id": workshop_id, **summary}
    return Event(workshop_id, "tally", {
        Audience.STAFF: {**base, "votes": votes},
        Audience.BOARD: {**base, "votes": votes} if board_sees else base,
    })
