"""Participants stay anonymous unless they choose a name, and even that is removed later."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Idea, Participant, Vote, Workshop, utcnow
from app.services.access import staff_principal
from app.services.participants import join_workshop
from app.services.workshops import set_phase
from tests.conftest import join_phone, make_workshop, new_client_id


def test_anonymise_removes_names_and_tokens_but_keeps_ideas_and_dots(app, runner, facilitator):
    workshop = make_workshop(facilitator, phase="collecting")
    phone = join_phone(app, workshop, "Mari Maasikas")
    idea = phone.emit("idea:post", {"text": "Külabuss", "client_id": new_client_id()})["idea"]
    set_phase(staff_principal(facilitator), workshop.id, "voting")
    assert phone.emit("vote:cast", {"idea_id": idea["id"], "client_id": "d1"})["ok"]

    result = runner.invoke(args=["anonymise", str(workshop.id)])

    assert result.exit_code == 0, result.output
    assert "1 participants anonymised" in result.output
    participant = db.session.get(Participant, phone.participant_id)
    db.session.refresh(participant)
    assert (participant.display_name, participant.token_hash, participant.background) == (
        "", None, None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Idea)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Vote)) == 1
    reconnect = app.extensions["socketio"].test_client(app, auth={"token": phone.token})
    assert not reconnect.is_connected(), "a removed token no longer lets anyone back in"


def test_expired_anonymises_only_workshops_past_the_retention(app, runner, facilitator):
    old = make_workshop(facilitator, phase="collecting")
    new = make_workshop(facilitator, phase="collecting")
    join_workshop(old.code, "Vana Jüri")
    join_workshop(new.code, "Uus Mari")
    db.session.execute(sa.update(Workshop).where(Workshop.id == old.id)
                       .values(created_at=utcnow() - timedelta(days=400)))
    db.session.commit()

    result = runner.invoke(args=["anonymise", "--expired"])

    assert result.exit_code == 0, result.output
    rows = db.session.execute(sa.select(Participant.workshop_id, Participant.display_name))
    names = {workshop_id: name for workshop_id, name in rows}
    assert names == {old.id: "", new.id: "Uus Mari"}


def test_anonymise_needs_a_workshop_or_expired(runner):
    result = runner.invoke(args=["anonymise"])
    assert result.exit_code != 0
    assert "WORKSHOP_ID or --expired" in result.output


def test_anonymise_of_an_unknown_workshop_fails_clearly(runner):
    result = runner.invoke(args=["anonymise", "999"])
    assert result.exit_code != 0
