"""The `koosloome` command: init-db, demo, create-user, create-token and backup."""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from app.extensions import db
from app.models import Idea, Lag, Participant, Seminar, User, Workshop
from app.services.errors import ServiceError
from app.services.staff import authenticate
from tests.conftest import bearer, join_phone, make_staff, make_workshop, post_idea

PROJECT = Path(__file__).resolve().parents[2]


def message_for(code, field=None):
    """The message a refused operation prints, in whatever language the CLI speaks."""
    return ServiceError(code, field=field).message


def tables_of(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of a SQLite file."""
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {name: sorted(connection.execute(f'SELECT * FROM "{name}"'), key=repr)
                for name in names}


# -- init-db ----------------------------------------------------------------------------------


def test_init_db_creates_the_schema_in_an_empty_database(tmp_path, migrated_database):
    database = tmp_path / "fresh.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
           "KOOSLOOME_INSTANCE": str(tmp_path / "instance"), "SECRET_KEY": "cli-test",
           "SOCKETIO_ASYNC_MODE": "threading"}
    command = [sys.executable, "-c", "from app.cli import main; main()", "init-db"]

    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True,
                            timeout=60)

    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    fresh = tables_of(database)
    expected = tables_of(migrated_database)
    assert set(fresh) == set(expected)
    assert {"users", "workshops", "ideas", "votes", "participants"} <= set(fresh)
    assert fresh["alembic_version"] == expected["alembic_version"]  # at head


# -- demo ---------------------------------------------------------------------------------------


def counts():
    return {model.__name__: db.session.query(model).count()
            for model in (Lag, Seminar, Workshop, Idea, User, Participant)}


def demo_workshop(output):
    """The live workshop the demo's console link points at."""
    workshop_id = int(re.search(r"/console/workshops/(\d+)", output).group(1))
    return db.session.get(Workshop, workshop_id)


def test_demo_loads_data_and_prints_where_to_go(app, runner, client):
    result = runner.invoke(args=["demo", "--base-url", "http://kool.example:8000/"])

    assert result.exit_code == 0, result.output
    output = result.output
    workshop = demo_workshop(output)
    assert f"http://kool.example:8000/console/workshops/{workshop.id}" in output
    assert f"http://kool.example:8000/board/{workshop.board_key}" in output
    assert f"http://kool.example:8000/j/{workshop.code}" in output
    password = re.search(r"Password:\s+(\S+)", output).group(1)
    email = re.search(r"Login:\s+(\S+)", output).group(1)
    assert authenticate(email, password) is not None
    assert workshop.phase.value == "collecting"
    assert db.session.query(Idea).filter_by(workshop_id=workshop.id).count() >= 1
    lags = {lag.name for lag in db.session.query(Lag)}
    assert {"Võrumaa Partnerluskogu", "Tartumaa Arendusselts"} <= lags


def test_demo_twice_creates_no_duplicates_and_keeps_the_password(app, runner):
    first = runner.invoke(args=["demo"])
    before = counts()

    second = runner.invoke(args=["demo"])

    assert first.exit_code == second.exit_code == 0, second.output
    assert counts() == before
    assert all(before[name] >= 1 for name in ("Lag", "Seminar", "Workshop", "Idea", "User"))
    assert demo_workshop(second.output) == demo_workshop(first.output)

    def password(output):
        return re.search(r"Password:\s+(\S+)", output).group(1)

    assert password(first.output) == password(second.output)


def test_the_demo_workshop_can_be_joined_and_used(app, runner):
    workshop = demo_workshop(runner.invoke(args=["demo"]).output)

    idea = post_idea(join_phone(app, workshop), "Demo mõte")

    assert idea["workshop_id"] == workshop.id


# -- create-user ----------------------------------------------------------------------------------


def test_create_user_reads_the_password_from_stdin(app, runner):
    result = runner.invoke(args=["create-user", "Mari.Maasikas@Vorumaa.ee", "--role",
                                 "facilitator", "--name", "Mari Maasikas"],
                           input="pikk ja hea salasõna\n")

    assert result.exit_code == 0, result.output
    assert "mari.maasikas@vorumaa.ee" in result.output
    user = db.session.query(User).one()
    assert (user.email, user.role.value, user.name) == (
        "mari.maasikas@vorumaa.ee", "facilitator", "Mari Maasikas")
    assert authenticate("mari.maasikas@vorumaa.ee", "pikk ja hea salasõna") == user


def test_create_user_with_a_lag_links_the_user_to_it(app, runner):
    db.session.add(Lag(name="Tartumaa Arendusselts", region="Tartu maakond"))
    db.session.commit()

    result = runner.invoke(args=["create-user", "koordinaator@tas.ee", "--role", "coordinator",
                                 "--lag", "Tartumaa Arendusselts"], input="pikk salasõna 123\n")

    assert result.exit_code == 0, result.output
    assert db.session.query(User).one().lag.name == "Tartumaa Arendusselts"


def test_create_user_with_a_taken_email_fails_with_a_clear_message(app, runner):
    existing = make_staff(email="olemas@vorumaa.ee")

    result = runner.invoke(args=["create-user", "OLEMAS@vorumaa.ee", "--role", "admin"],
                           input="pikk ja hea salasõna\n")

    assert result.exit_code == 1
    from flask_babel import gettext

    assert gettext("An account with this email already exists.") in result.output
    assert "Traceback" not in result.output
    assert db.session.query(User).one() == existing
    assert existing.role.value == "facilitator"


def test_create_user_with_a_short_password_fails_with_a_clear_message(app, runner):
    result = runner.invoke(args=["create-user", "uus@vorumaa.ee", "--role", "facilitator"],
                           input="lühike\n")

    from flask_babel import ngettext

    assert result.exit_code == 1
    assert "Error: " + ngettext("The password must be at least %(num)d character long.",
                                "The password must be at least %(num)d characters long.",
                                12) in result.output
    assert db.session.query(User).count() == 0


def test_create_user_with_an_unknown_role_fails(app, runner):
    result = runner.invoke(args=["create-user", "uus@vorumaa.ee", "--role", "boss"],
                           input="pikk ja hea salasõna\n")

    assert result.exit_code == 2
    assert db.session.query(User).count() == 0


def test_create_user_with_an_unknown_lag_fails(app, runner):
    result = runner.invoke(args=["create-user", "uus@vorumaa.ee", "--role", "facilitator",
                                 "--lag", "Olematu"], input="pikk ja hea salasõna\n")

    assert result.exit_code == 1
    assert f"Error: {message_for('not_found', 'lag')}" in result.output
    assert db.session.query(User).count() == 0


# -- create-token -------------------------------------------------------------------------------


def test_create_token_prints_a_token_that_works_on_the_api(app, runner, client):
    user = make_staff()

    result = runner.invoke(args=["create-token", user.email, "--label", "aruandlus"])

    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert token and "\n" not in token
    response = client.get("/api/v1/seminars", headers=bearer(token))
    assert response.status_code == 200
    assert client.get("/api/v1/seminars", headers=bearer(token + "x")).status_code == 401


def test_create_token_for_an_unknown_email_fails(app, runner):
    result = runner.invoke(args=["create-token", "keegi@vorumaa.ee"])

    assert result.exit_code == 1
    assert f"Error: {message_for('not_found', 'email')}" in result.output


# -- backup -------------------------------------------------------------------------------------


def test_backup_writes_a_sqlite_file_with_every_row(app, runner, tmp_path, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    post_idea(join_phone(app, workshop), "Varukoopias olev mõte")
    db.session.rollback()  # nothing of the test's own left open
    source = Path(db.engine.url.database)
    target = tmp_path / "backups" / "koosloome-backup.sqlite3"

    result = runner.invoke(args=["backup", str(target)])

    assert result.exit_code == 0, result.output
    copied = tables_of(target)
    assert copied == tables_of(source)
    assert len(copied["ideas"]) == 1 and len(copied["users"]) == 1
    with sqlite3.connect(target) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
