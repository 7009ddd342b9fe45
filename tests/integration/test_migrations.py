"""The migrations: they build exactly the schema the models describe, on both databases, and they
carry a running installation's rows across without losing any."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app.extensions import db
from app.models import Idea

BEFORE_CLUSTERS = "bd65c48db03c"


def test_the_migrated_schema_is_the_models_schema(any_app):
    with db.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []


def test_upgrading_numbers_stored_ideas_and_keeps_every_dot(any_app):
    downgrade(revision=BEFORE_CLUSTERS)
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
