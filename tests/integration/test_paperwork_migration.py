"""The paperwork's migration: the schema it makes is the models', on SQLite and PostgreSQL, and
seminars stored before it get the default feedback questions."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db

BEFORE = "bd65c48db03c"
PAPERWORK_TABLES = {"logos", "agenda_items", "lag_municipalities", "registration_links",
                    "attendees", "feedback_questions", "feedback_responses", "feedback_answers",
                    "cooperation_projects", "project_partners", "budget_lines", "actual_costs",
                    "seminar_funding"}


def _differences() -> list[object]:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_the_migrated_schema_is_the_models(any_app):
    assert set(sa.inspect(db.engine).get_table_names()) >= PAPERWORK_TABLES
    assert _differences() == []


def _stored() -> tuple[int, int, int]:
    with db.engine.connect() as connection:
        return tuple(connection.execute(sa.text(  # type: ignore[return-value]
            "SELECT (SELECT count(*) FROM participants), (SELECT count(*) FROM ideas), "
            "(SELECT count(*) FROM votes)")).one())


def test_seminars_stored_before_get_the_default_questions_and_nothing_is_lost(any_app):
    db.session.remove()
    downgrade(revision=BEFORE)
    with db.engine.begin() as connection:
        for statement in (
                "INSERT INTO seminars (title, kind, place, country, notes, created_at) "
                "VALUES ('Vana seminar', 'info_day', '', '', '', CURRENT_TIMESTAMP)",
                "INSERT INTO workshops (seminar_id, title, prompt, code, board_key, phase, "
                "dots_per_participant, max_dots_per_idea, blind_voting, phones_see_ideas, "
                "idea_max_length, language, seq, created_at) VALUES ((SELECT max(id) FROM "
                "seminars), 'Töötuba', 'Kuidas?', 'OLD123', 'old-board-key', 'closed', 5, 3, "
                "false, true, 280, 'et', 0, CURRENT_TIMESTAMP)",
                "INSERT INTO participants (workshop_id, display_name, on_paper, created_at, "
                "last_seen_at) VALUES ((SELECT max(id) FROM workshops), '', false, "
                "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)",
                "INSERT INTO ideas (workshop_id, participant_id, text, details, target_groups, "
                "theme, hidden, created_at, updated_at, search_text, triage) VALUES ((SELECT "
                "max(id) FROM workshops), (SELECT max(id) FROM participants), 'Buss', '', '[]', "
                "'', false, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 'buss', 'new')",
                "INSERT INTO votes (workshop_id, participant_id, idea_id, created_at) VALUES "
                "((SELECT max(id) FROM workshops), (SELECT max(id) FROM participants), "
                "(SELECT max(id) FROM ideas), CURRENT_TIMESTAMP)"):
            connection.execute(sa.text(statement))
    assert "attendees" not in sa.inspect(db.engine).get_table_names()
    upgrade()
    with db.engine.connect() as connection:
        rows = connection.execute(sa.text(
            "SELECT default_key, kind FROM feedback_questions ORDER BY position")).all()
        open_flags = connection.execute(sa.text(
            "SELECT count(*) FROM workshops WHERE feedback_open")).scalar()
    assert [tuple(row) for row in rows] == [("useful", "scale"), ("capable", "scale"),
                                            ("use_ideas", "choice"), ("most_useful", "open"),
                                            ("improve", "open")]
    assert open_flags == 0
    # Adding the column must not copy the workshops table: on SQLite the copy's DROP TABLE
    # would take every participant, idea and dot with it.
    assert _stored() == (1, 1, 1)
    assert _differences() == []
    downgrade(revision=BEFORE)
    assert _stored() == (1, 1, 1)
