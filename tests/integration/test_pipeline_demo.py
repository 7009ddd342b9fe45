"""The pipeline's demo data: measures, accounts and the worked example proposal, loaded twice."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import Measure, Proposal, User
from app.services.demo import load_demo
from app.services.pipeline_demo import load_pipeline_demo
from app.services.proposals import local_today, proposal_detail_json
from app.services.staff import authenticate


def test_the_pipeline_demo_loads_once_and_shows_the_worked_figure(app):
    instance = Path(app.instance_path)
    login = load_demo(instance)
    first = load_pipeline_demo(instance)
    second = load_pipeline_demo(instance)

    assert db.session.scalar(sa.select(sa.func.count(Proposal.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(Measure.id))) == 4
    assert second.proposal is not None and first.proposal is not None
    assert second.proposal.id == first.proposal.id
    body = proposal_detail_json(second.proposal, local_today())
    assert (body["budget_total"], body["support_requested"], body["own_contribution_cash"],
            body["support_rate"], body["support_rate_exceeded"]) == (
        "18000.00", "12743.68", "5256.32", "70.80", False)
    assert body["status"] == "developing"
    assert body["ideas"][0]["text"].startswith("Külabuss")
    assert [event["kind"] for event in body["events"]] == ["created", "status"]
    for email, role, password in second.logins:
        user = authenticate(email, password)
        assert user is not None and user.role.value == role
        assert password == login.password
    tartu = db.session.scalar(sa.select(User).where(User.email == "koordinaator@tartumaa.ee"))
    assert tartu.lag.name == "Tartumaa Arendusselts"
