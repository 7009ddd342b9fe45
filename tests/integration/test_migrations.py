"""The migrations: they build exactly the schema the models describe, on both databases, and they
carry a running installation's rows across without losing any: each new column is added in
place, never by copying a table (which on SQLite would drop the old one, and with it, by
cascade, its ideas and dots)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import Idea, Participant, User, Vote, Workshop

FIRST_ROUND = "bd65c48db03c"


def test_the_migrated_schema_is_the_models_schema(any_app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_upgrading_numbers_stored_ideas_and_keeps_every_dot(any_app):
    downgrade(revision=FIRST_ROUND)
    db.session.remove()
    with db.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO seminars (title, kind, place, country, notes, created_at) "
            "VALUES ('Vana seminar', 'other', '', '', '', CURRENT_TIMESTAMP)"))
        for code in ("OLD111", "OLD222"):
            connection.execute(sa.text(
                "INSERT INTO workshops (seminar_id, title, prompt, code, board_key, phase, "
                "dots_per_participant, max_dots_per_idea, blind_voting, phones_see_ideas, "
                "idea_max_length, language, seq, created_at) VALUES ((SELECT max(id) FROM "
                "seminars), 'Töötuba', 'Kuidas?', :code, :key, 'closed', 5, 3, false, true, 280,"
                " 'et', 0, CURRENT_TIMESTAMP)"), {"code": code, "key": f"board-key-{code}"})
        workshops = [row[0] for row in connection.execute(
            sa.text("SELECT id FROM workshops ORDER BY id"))]
        for workshop_id, text in ((workshops[0], "Esimene"), (workshops[1], "Teise esimene"),
                                  (workshops[0], "Teine")):
            connection.execute(sa.text(
                "INSERT INTO ideas (workshop_id, text, details, target_groups, theme, hidden, "
                "search_text, triage, created_at, updated_at) VALUES (:w, :t, '', '[]', '', "
                "false, '', 'new', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
                {"w": workshop_id, "t": text})
        connection.execute(sa.text(
            "INSERT INTO participants (workshop_id, display_name, on_paper, created_at, "
            "last_seen_at) VALUES (:w, '', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
            {"w": workshops[0]})
        connection.execute(sa.text(
            "INSERT INTO votes (workshop_id, participant_id, idea_id, created_at) VALUES "
            "(:w, (SELECT max(id) FROM participants), (SELECT min(id) FROM ideas), "
            "CURRENT_TIMESTAMP)"), {"w": workshops[0]})

    upgrade()

    numbered = db.session.execute(sa.select(Idea.text, Idea.number, Idea.pending)
                                  .order_by(Idea.id)).all()
    assert numbered == [("Esimene", 1, False), ("Teise esimene", 1, False), ("Teine", 2, False)]
    assert db.session.scalar(sa.text("SELECT count(*) FROM votes")) == 1


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
    "INSERT INTO workshops (seminar_id, title, prompt, code, board_key, phase, "
    "dots_per_participant, max_dots_per_idea, blind_voting, phones_see_ideas, "
    "idea_max_length, language, seq, created_at) VALUES ((SELECT max(id) FROM seminars), "
    "'Eilne', 'Mida?', 'OLD456', 'old-board-key-456', 'results', 5, 3, false, true, 280, "
    "'et', 9, CURRENT_TIMESTAMP)",
    "INSERT INTO participants (workshop_id, token_hash, display_name, on_paper, created_at, "
    "last_seen_at) VALUES ((SELECT min(id) FROM workshops), 'h', 'Mari', false, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
    "INSERT INTO ideas (workshop_id, participant_id, text, details, target_groups, theme, "
    "hidden, created_at, updated_at, search_text, triage) VALUES ((SELECT min(id) FROM "
    "workshops), (SELECT max(id) FROM participants), 'Külabuss', '', '[]', '', false, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'külabuss', 'new')",
    "INSERT INTO votes (workshop_id, participant_id, idea_id, created_at) VALUES ((SELECT "
    "min(id) FROM workshops), (SELECT max(id) FROM participants), (SELECT max(id) FROM ideas), "
    "CURRENT_TIMESTAMP)",
]


def count(table: type) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(table)) or 0


def test_upgrading_a_database_with_a_live_workshop_keeps_its_ideas_dots_and_people(any_app):
    downgrade(revision=FIRST_ROUND)
    db.session.remove()
    with db.engine.begin() as connection:
        for statement in OLD_ROWS:
            connection.execute(sa.text(statement))

    upgrade()
    db.session.remove()

    assert [count(table) for table in (User, Workshop, Participant, Idea, Vote)] == [1, 2, 1, 1, 1]
    voting, results = db.session.scalars(sa.select(Workshop).order_by(Workshop.id))
    assert voting.joining_open is True and voting.paper_ballot_limit == 300
    assert voting.expected_participants is None
    # A workshop already at its results has nothing left for a newcomer: its door is closed.
    assert results.joining_open is False
    assert db.session.scalar(sa.select(User)).session_version == 1
