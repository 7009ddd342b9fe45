"""Smaller holes: hidden ideas as sources, the board key in logs and on the API, headers, and
Host names the server does not answer for."""

from __future__ import annotations

import io

import pytest

from app import create_app
from app.cli.commands import RedactedLog
from tests.conftest import (
    app_config,
    console_socket,
    join_phone,
    make_workshop,
    move_to,
    post_idea,
    staff_headers,
)
from tests.integration.pipeline_factories import make_lag, make_user


def test_a_hidden_idea_cannot_become_a_proposals_source(app, client, facilitator):
    coordinator = make_user("coordinator", make_lag("Võrumaa Partnerluskogu"))
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    shown, hidden = post_idea(phone, "Külabuss"), post_idea(phone, "Minu telefon 5555 5555")
    console_socket(app, facilitator, workshop).emit("idea:hide", {"idea_id": hidden["id"]},
                                                    callback=True)
    move_to(workshop, facilitator, "voting", "results", "closed")

    refused = client.post("/api/v1/proposals", headers=staff_headers(coordinator),
                          json={"title": "Buss", "idea_ids": [shown["id"], hidden["id"]]})
    taken = client.post("/api/v1/proposals", headers=staff_headers(coordinator),
                        json={"title": "Buss", "idea_ids": [shown["id"]]})

    assert refused.status_code == 400
    assert refused.get_json()["error"]["field"] == "idea_ids"
    assert taken.status_code == 201


def test_the_access_log_never_shows_a_board_key():
    stream = io.StringIO()
    RedactedLog(stream).write('127.0.0.1 - - "GET /board/Zx9_secret-KEY HTTP/1.1" 200 812\n')
    assert "Zx9_secret-KEY" not in stream.getvalue()
    assert '"GET /board/… HTTP/1.1" 200' in stream.getvalue()


def test_the_board_reads_its_workshop_with_its_key_and_nothing_else(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    other = make_workshop(facilitator)
    key = {"Authorization": f"Board {workshop.board_key}"}

    own = client.get(f"/api/v1/workshops/{workshop.id}", headers=key)
    foreign = client.get(f"/api/v1/workshops/{other.id}", headers=key)
    wrong = client.get(f"/api/v1/workshops/{workshop.id}",
                       headers={"Authorization": "Board not-the-key-at-all"})

    assert own.status_code == 200 and "board_url" not in own.get_json()["workshop"]
    assert foreign.status_code == 403
    assert wrong.status_code == 401


@pytest.mark.parametrize("secure", [False, True])
def test_hsts_goes_with_secure_cookies_and_a_permissions_policy_always(app, client, secure):
    app.config["SESSION_COOKIE_SECURE"] = secure
    response = client.get("/join")
    assert ("Strict-Transport-Security" in response.headers) is secure
    assert "camera=()" in response.headers["Permissions-Policy"]


def test_the_csv_export_names_its_charset_once(app, client, facilitator):
    response = client.get("/api/v1/exports/ideas.csv", headers=staff_headers(facilitator))
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_a_made_up_host_never_reaches_a_join_link(app, client, facilitator):
    workshop = make_workshop(facilitator)
    forged = client.get(f"/api/v1/workshops/{workshop.id}", headers={
        **staff_headers(facilitator), "Host": "evil.example"})
    listed = client.get(f"/api/v1/workshops/{workshop.id}", headers=staff_headers(facilitator))
    assert forged.status_code == 400
    assert listed.get_json()["workshop"]["join_url"].startswith("http://koosloome.test/")


def test_a_laptop_without_settings_answers_to_its_addresses_only(tmp_path, migrated_database,
                                                                  monkeypatch):
    monkeypatch.setenv("KOOSLOOME_INSTANCE", str(tmp_path / "instance"))
    laptop = create_app({**app_config(f"sqlite:///{migrated_database}"), "SERVER_NAME": None})
    client = laptop.test_client()
    for host, status in [("192.168.1.20:5000", 200), ("127.0.0.1:5000", 200),
                         ("localhost:5000", 200), ("[::1]:5000", 200),
                         ("evil.example", 400), ("evil.example:5000", 400)]:
        assert client.get("/join", headers={"Host": host}).status_code == status, host


def test_trusted_hosts_lists_the_names_a_server_answers_for(tmp_path, migrated_database,
                                                            monkeypatch):
    monkeypatch.setenv("KOOSLOOME_INSTANCE", str(tmp_path / "instance"))
    server = create_app({**app_config(f"sqlite:///{migrated_database}"), "SERVER_NAME": None,
                         "TRUSTED_HOSTS": ["koosloome.vorumaa.ee"]})
    client = server.test_client()
    assert client.get("/join", headers={"Host": "koosloome.vorumaa.ee"}).status_code == 200
    assert client.get("/join", headers={"Host": "192.168.1.20"}).status_code == 400
