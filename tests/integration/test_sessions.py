"""Signing in and out: a copied cookie dies with the sign-out, the CSRF token changes at sign-in,
an unknown email costs the same password check as a known one, and passwords are hard to guess."""

from __future__ import annotations

import pytest

from app import models
from app.extensions import db
from app.models import User
from app.services import admin, staff
from app.services.errors import ServiceError
from tests.conftest import as_staff, login, make_staff


def test_a_cookie_copied_before_sign_out_opens_nothing_afterwards(app, client, facilitator):
    login(client, facilitator)
    copied = client.get_cookie("session", domain="koosloome.test").value
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", copied, domain="koosloome.test")

    assert thief.get("/console/").status_code == 302
    assert thief.get("/api/v1/seminars").status_code == 401


def test_signing_out_in_one_browser_ends_the_session_in_every_other(app, facilitator):
    laptop, phone = app.test_client(), app.test_client()
    login(laptop, facilitator)
    login(phone, facilitator)

    laptop.post("/logout")

    assert phone.get("/console/").status_code == 302


def test_deactivation_ends_every_session(app, client, facilitator):
    login(client, facilitator)
    admin.update_staff(as_staff(make_staff("admin")), facilitator.id,
                       {"name": facilitator.name, "role": "facilitator", "active": False})
    assert client.get("/console/").status_code == 302


def test_the_csrf_token_changes_at_sign_in(app, client, facilitator):
    client.get("/login")
    with client.session_transaction() as session:
        session["csrf_token"] = "planted-by-someone-else"

    login(client, facilitator)

    with client.session_transaction() as session:
        assert session.get("csrf_token") != "planted-by-someone-else"


def test_an_unknown_email_runs_the_same_password_check_as_a_known_one(app, monkeypatch):
    user = make_staff(email="mari@vorumaa.ee")
    checked: list[str] = []
    original = models.check_password_hash

    def counting(hashed: str, password: str) -> bool:
        checked.append(hashed.split("$", 1)[0])
        return original(hashed, password)

    monkeypatch.setattr(models, "check_password_hash", counting)
    assert staff.authenticate("mari@vorumaa.ee", "vale parool!") is None
    assert staff.authenticate("keegi@vorumaa.ee", "vale parool!") is None

    assert len(checked) == 2 and checked[0] == checked[1], "the same kind of hash both times"
    assert user.password_hash.split("$", 1)[0] == checked[0]


@pytest.mark.parametrize("password", ["lühike 123", "password1234", "qwertyuiop12",
                                      "mari@vorumaa.ee!", "Koosloome2026!!", "maripaju1234"])
def test_short_common_and_guessable_passwords_are_refused(app, password):
    with pytest.raises(ServiceError) as refused:
        staff.create_user("mari@vorumaa.ee", role="facilitator", password=password,
                          name="Mari Paju")
    assert refused.value.code == "invalid_input" and refused.value.field == "password"
    assert db.session.query(User).count() == 0


def test_a_long_unguessable_password_is_taken(app):
    user = staff.create_user("mari@vorumaa.ee", role="facilitator",
                             password="Sügisene hommikukohv 42", name="Mari Paju")
    assert staff.authenticate("mari@vorumaa.ee", "Sügisene hommikukohv 42") == user
