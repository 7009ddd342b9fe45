"""Demo data for the follow-up pipeline: strategy measures, coordinators, an admin, a proposal.

Run after app.services.demo.load_demo (it needs the demo LAGs and workshop). Loading twice
changes nothing: every record is looked up by its natural key first. The accounts share the
demo facilitator's password.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from ..database import transaction
from ..extensions import db
from ..models import Idea, Lag, Measure, Proposal, Role, User, Workshop
from .access import staff_principal
from .demo import LAGS, WORKSHOP_TITLE, _demo_password
from .proposals import change_status, create_proposal

VORU, TARTU = (name for name, _region in LAGS)
MEASURES = (
    (VORU, "1.1", "Kogukondade areng ja koostöö",
     {"ngo": "90", "foundation": "90", "community_group": "90", "municipality": "80",
      "company": "60"}),
    (VORU, "1.2", "Ettevõtluse ja teenuste arendamine",
     {"ngo": "60", "foundation": "60", "company": "60", "municipality": "60"}),
    (TARTU, "1", "Kogukondlikud teenused ja elukeskkond",
     {"ngo": "80", "foundation": "80", "community_group": "80", "municipality": "80",
      "company": "60"}),
    (TARTU, "2", "Ettevõtlus ja innovatsioon",
     {"ngo": "60", "company": "50", "foundation": "60"}),
)
ACCOUNTS = (
    ("koordinaator@vorumaa.ee", "Võrumaa koordinaator", Role.COORDINATOR, VORU),
    ("koordinaator@tartumaa.ee", "Tartumaa koordinaator", Role.COORDINATOR, TARTU),
    ("haldur@koosloome.ee", "Koosloome haldur", Role.ADMIN, None),
)
PROPOSAL_TITLE = "Külabuss eakatele: kord nädalas poodi, apteeki ja külamajja"


@dataclass(frozen=True)
class PipelineDemo:
    logins: list[tuple[str, str, str]]  # email, role, password
    proposal: Proposal | None


def load_pipeline_demo(instance_path: Path) -> PipelineDemo:
    """Add the demo measures, accounts and the example proposal (idempotent)."""
    password = _demo_password(instance_path)
    with transaction():
        lags = {lag.name: lag for lag in db.session.scalars(sa.select(Lag))}
        for lag_name, code, name, rates in MEASURES:
            if lag_name in lags:
                _measure(lags[lag_name], code, name, rates)
        accounts = [_account(email, name, role, lags.get(lag_name) if lag_name else None,
                             password) for email, name, role, lag_name in ACCOUNTS]
    proposal = _example_proposal(accounts[1], lags.get(TARTU))
    return PipelineDemo([(user.email, user.role.value, password) for user in accounts], proposal)


def _measure(lag: Lag, code: str, name: str, rates: dict[str, str]) -> None:
    exists = db.session.scalar(sa.select(Measure.id).where(Measure.lag_id == lag.id,
                                                           Measure.code == code))
    if exists is None:
        db.session.add(Measure(lag_id=lag.id, code=code, name=name,
                               max_rates={key: f"{value}.00" for key, value in rates.items()}))


def _account(email: str, name: str, role: Role, lag: Lag | None, password: str) -> User:
    user = db.session.scalar(sa.select(User).where(User.email == email))
    if user is None:
        user = User(email=email, name=name, role=role, lag=lag)
        db.session.add(user)
    if not user.check_password(password):
        user.set_password(password)
    return user


def _example_proposal(coordinator: User, lag: Lag | None) -> Proposal | None:
    existing = db.session.scalar(sa.select(Proposal).where(Proposal.title == PROPOSAL_TITLE))
    if existing is not None or lag is None:
        return existing
    idea = db.session.scalar(
        sa.select(Idea).join(Workshop, Workshop.id == Idea.workshop_id)
        .where(Workshop.title == WORKSHOP_TITLE, Idea.text.like("Külabuss%")).order_by(Idea.id))
    measure_id = db.session.scalar(sa.select(Measure.id).where(Measure.lag_id == lag.id,
                                                               Measure.code == "1"))
    principal = staff_principal(coordinator)
    proposal = create_proposal(principal, {
        "title": PROPOSAL_TITLE,
        "summary": "Kogukonna külabuss viib üksi elavad eakad ja liikumisraskustega inimesed "
                   "kord nädalas poodi, apteeki ja külamajja ning toob tagasi.",
        "idea_ids": [idea.id] if idea else [],
        "lag_id": lag.id,
        "measure_id": measure_id,
        "fund": "leader",
        "applicant_name": "MTÜ Külaliikumine",
        "applicant_type": "ngo",
        "partners": "Elva Vallavalitsus; Võrumaa Partnerluskogu",
        "target_groups": ["elderly", "disabled"],
        "village": "Rõngu",
        "municipality": "Elva vald",
        "budget_total": "18000.00",
        "support_requested": "12743.68",
        "own_contribution_cash": "5256.32",
        "own_contribution_in_kind": "0.00",
        "call_name": "LEADER 2027 kevadvoor",
        "call_deadline": date(2027, 4, 15).isoformat(),
        "next_step": "Arutada sõiduplaan ja omafinantseering läbi vallavalitsusega",
        "next_step_due": date(2027, 1, 20).isoformat(),
        "note": "Seminari töötoa enim täppe saanud idee.",
    })
    return change_status(principal, proposal.id, {
        "status": "developing", "note": "Taotleja leitud, eelarve esimene versioon valmis."})
