"""API tokens: listed and revoked from the admin pages and the CLI, with an expiry and the
time they were last used."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import ApiToken, utcnow
from app.services import staff
from tests.conftest import bearer, login, make_staff


def test_an_admin_lists_tokens_without_the_token_and_revokes_one(app, client, facilitator):
    admin = make_staff("admin")
    token = staff.create_token(facilitator.email, "Aruandeskript")
    client.get("/api/v1/seminars", headers=bearer(token))
    login(client, admin)

    listing = client.get("/admin/tokens").get_data(as_text=True)
    token_id = db.session.scalar(sa.select(ApiToken.id).where(ApiToken.label == "Aruandeskript"))
    revoked = client.post(f"/admin/tokens/{token_id}/revoke")

    assert "Aruandeskript" in listing and facilitator.email in listing
    assert token not in listing
    assert revoked.status_code == 302
    assert app.test_client().get("/api/v1/seminars", headers=bearer(token)).status_code == 401


def test_the_cli_lists_and_revokes_tokens(app, runner, facilitator):
    staff.create_token(facilitator.email, "öine varukoopia")
    listed = runner.invoke(args=["list-tokens"])
    token_id = listed.output.split("\t", 1)[0]

    revoked = runner.invoke(args=["revoke-token", token_id])
    missing = runner.invoke(args=["revoke-token", "999"])

    assert "öine varukoopia" in listed.output and "\tactive" in listed.output
    assert revoked.exit_code == 0
    assert "\trevoked" in runner.invoke(args=["list-tokens"]).output
    assert missing.exit_code == 1


def test_a_token_with_an_expiry_stops_working_when_it_passes(app, client, runner, facilitator):
    made = runner.invoke(args=["create-token", facilitator.email, "--days", "30"])
    token = made.output.strip()
    assert client.get("/api/v1/seminars", headers=bearer(token)).status_code == 200

    stored = db.session.scalar(sa.select(ApiToken))
    assert timedelta(days=29) < stored.expires_at - utcnow() <= timedelta(days=30)
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()

    assert client.get("/api/v1/seminars", headers=bearer(token)).status_code == 401
    assert staff.list_tokens()[0].state == "expired"


def test_the_time_a_token_was_last_used_is_kept(app, client, facilitator):
    token = staff.create_token(facilitator.email)
    assert staff.list_tokens()[0].last_used_at is None
    client.get("/api/v1/seminars", headers=bearer(token))
    assert staff.list_tokens()[0].last_used_at is not None


def test_only_admins_see_tokens_and_sign_in_attempts(app, client, facilitator):
    login(client, facilitator)
    assert client.get("/admin/tokens").status_code == 403
    assert client.get("/admin/sign-ins").status_code == 403
