"""Upgrading a database that holds a live workshop keeps every row of it: each column of the
door and the team is added in place, never by copying a table (which on SQLite would drop
the old one, and with it, by cascade, its ideas and dots)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import Idea, Participant, User, Vote, Workshop

BEFORE_THE_DOOR = "bd65c48db03c"
OLD_ROWS = [
    "INSERT INTO users (email, name, password_hash, role, language, active, created_at) "
    "VALUES ('vana@vorumaa.ee', 'Vana', '', 'facilitator', 'et', true, CURRENT_TIMESTAMP)",
    "INSERT INTO seminars (title, kind, place, country, notes, created_at) "
    "VALUES ('Vana seminar', 'other', '', '', '', CURRENT_TIMESTAMP)",
    "INSERT INTO workshops (seminar_id, title, prompt, code, board_key, phase, "
    "dots_per_participant, max_dots_per_idea, blind_voting, phones_see_ideas, "
    "idea_max_length, language, seq, created_at) VALUES ((SELECT max(id) FROM seminars), "
    "'Töötuba', 'Kuidas?', 'OLD123', 'old-board-key-123', 'voting', 5, 3, false, true, 280, "
    "'et', 3, CURRENT_TIMESTAMP)",
    "INSERT INTO participants (workshop_id, token_hash, display_name, on_paper, created_at, "
    "last_seen_at) VALUES ((SELECT max(id) FROM workshops), 'h', 'Mari', false, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    "INSERT INTO ideas (workshop_id, participant_id, text, details, target_groups, theme, "
    "hidden, created_at, updated_at, search_text, triage) VALUES ((SELECT max(id) FROM "
    "workshops), (SELECT max(id) FROM participants), 'Külabuss', '', '[]', '', false, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'külabuss', 'new')",
    "INSERT INTO votes (workshop_id, participant_id, idea_id, created_at) VALUES ((SELECT "
    "max(id) FROM workshops), (SELECT max(id) FROM participants), (SELECT max(id) FROM ideas), "
    "CURRENT_TIMESTAMP)",
]


def count(table: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0


def test_upgrading_a_database_with_a_live_workshop_keeps_its_ideas_dots_and_people(any_app):
    downgrade(revision=BEFORE_THE_DOOR)
    db.session.remove()
    with db.engine.begin() as connection:
        for statement in OLD_ROWS:
            connection.execute(sa.text(statement))

    upgrade()
    db.session.remove()

    assert [count(table) for table in (User, Workshop, Participant, Idea, Vote)] == [1] * 5
    workshop = db.session.scalar(sa.select(Workshop))
    assert workshop.joining_open is True and workshop.paper_ballot_limit == 300
    assert workshop.expected_participants is None
    assert db.session.scalar(sa.select(User)).session_version == 1
