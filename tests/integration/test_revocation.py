"""A revoked credential stops working everywhere at once: its open sockets are disconnected,
and an event that still comes from one is refused."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import ApiToken, Participant, User, Vote, Workshop
from app.services import admin, privacy, staff, workshops
from app.services.errors import ServiceError
from tests.conftest import (
    PASSWORD,
    as_staff,
    board_socket,
    connect,
    console_socket,
    join_phone,
    login,
    make_staff,
    make_workshop,
    move_to,
    post_idea,
)


def test_a_deactivated_staff_members_open_socket_is_closed_and_refused(app, facilitator):
    admin_user = make_staff("admin")
    workshop = make_workshop(facilitator, phase="voting")
    console = console_socket(app, facilitator, workshop)

    admin.update_staff(as_staff(admin_user), facilitator.id, {
        "name": facilitator.name, "role": "facilitator", "active": False})

    assert not console.is_connected()
    again = connect(app, {"api_token": staff.create_token(facilitator.email)})
    assert not again.is_connected()
    assert db.session.get(Workshop, workshop.id).timer_ends_at is None


def test_an_event_from_a_socket_whose_credential_went_is_refused(app, facilitator):
    """Even where the disconnect could not reach it (a revocation made without the queue),
    the next event checks the credential again."""
    workshop = make_workshop(facilitator, phase="voting")
    console = console_socket(app, facilitator, workshop)
    db.session.execute(sa.update(User).where(User.id == facilitator.id).values(active=False))
    db.session.commit()

    ack = console.emit("timer:set", {"workshop_id": workshop.id, "seconds": 60}, callback=True)
    ballot = console.emit("ballot:add", {"workshop_id": workshop.id}, callback=True) \
        if console.is_connected() else None

    assert ack["error"]["code"] == "unauthenticated"
    assert not console.is_connected()
    assert ballot is None
    assert db.session.get(Workshop, workshop.id).timer_ends_at is None


def test_a_revoked_api_token_is_refused_at_once_and_its_sockets_closed(app, client, runner,
                                                                       facilitator):
    workshop = make_workshop(facilitator, phase="voting")
    token = staff.create_token(facilitator.email, "skript")
    socket = connect(app, {"api_token": token})
    other = console_socket(app, facilitator, workshop)  # a socket on another token stays
    token_id = db.session.scalar(sa.select(sa.func.min(ApiToken.id)))

    result = runner.invoke(args=["revoke-token", str(token_id)])

    assert result.exit_code == 0, result.output
    assert not socket.is_connected() and other.is_connected()
    refused = client.get("/api/v1/seminars", headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 401


def test_an_anonymised_workshops_phones_are_closed_and_cannot_vote(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    late = connect(app, {"token": phone.token})  # connected before, speaks after

    privacy.anonymise_workshop(workshop.id)

    assert not phone.socket.is_connected() and not late.is_connected()
    assert not connect(app, {"token": phone.token}).is_connected()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 0
    assert idea["id"]


def test_a_phone_that_was_anonymised_without_the_queue_cannot_cast_a_dot(app, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop)
    idea = post_idea(phone)
    move_to(workshop, facilitator, "voting")
    db.session.execute(sa.update(Participant).values(token_hash=None))
    db.session.commit()

    ack = phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": "late"})

    assert ack["error"]["code"] == "unauthenticated"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 0


def test_signing_out_closes_the_sockets_of_that_users_sessions(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    login(client, facilitator)
    browser = connect(app, flask_client=client)
    script = console_socket(app, facilitator, workshop)
    assert browser.is_connected()

    client.post("/logout")

    assert not browser.is_connected()
    assert script.is_connected(), "a script's token is not a session"


def test_a_new_board_key_closes_the_boards_open_with_the_old_one(app, client, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    old_key = workshop.board_key
    board = board_socket(app, workshop)
    login(client, facilitator)

    answer = client.post(f"/console/workshops/{workshop.id}/board-key")

    new_key = db.session.get(Workshop, workshop.id).board_key
    assert answer.status_code == 302 and new_key != old_key
    assert not board.is_connected()
    assert not connect(app, {"board_key": old_key}).is_connected()
    assert client.get(f"/board/{old_key}").status_code == 404
    assert connect(app, {"board_key": new_key}).is_connected()


def test_a_password_change_ends_every_session_and_its_sockets(app, client, facilitator):
    login(client, facilitator)
    browser = connect(app, flask_client=client)

    staff.set_password(facilitator.email, "Sügisene hommikukohv 42")

    assert not browser.is_connected()
    assert client.get("/console/").status_code == 302
    assert client.post("/login", data={"email": facilitator.email,
                                       "password": PASSWORD}).status_code == 200


def test_only_the_team_gives_the_board_a_new_key(app, facilitator):
    workshop = make_workshop(facilitator)
    with pytest.raises(ServiceError) as refused:
        workshops.rotate_board_key(as_staff(make_staff()), workshop.id)
    assert refused.value.code == "forbidden"
