"""Demo data: the two LAGs of the cooperation project, a seminar, a live workshop and a login.

Loading twice changes nothing: every record is looked up by its natural key first.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from facilitation.codes import new_board_key, new_join_code
from facilitation.phases import Phase

from ..database import transaction
from ..extensions import db
from ..models import Idea, Lag, Participant, Role, Seminar, SeminarKind, User, Workshop
from .idea_terms import store_terms
from .paperwork.feedback import add_default_questions

DEMO_EMAIL = "koosloome@vorumaa.ee"
LAGS = (("Võrumaa Partnerluskogu", "Võru maakond"), ("Tartumaa Arendusselts", "Tartu maakond"))
SEMINAR_TITLE = "Inspiratsiooniseminar: tegevused ja teenused tuge vajavatele inimestele"
WORKSHOP_TITLE = "Koosloome töötuba"
PROMPT = ("Kuidas võiksime aidata eakatel ja puudega inimestel oma kogukonna elus "
          "rohkem kaasa lüüa?")
IDEAS = (
    ("Külabuss, mis viib eakad kord nädalas poodi, apteeki ja külamajja.", ["elderly"]),
    ("Vabatahtlike „sõbrapäevad“: kogukonna noored käivad üksi elavatel eakatel külas.",
     ["elderly", "carers"]),
    ("Ligipääsetav matkarada ratastooli ja rulaatoriga liikujatele.", ["disabled", "elderly"]),
    ("Omastehooldajate tugirühm ja asendushoolduse päev kord kuus.", ["carers"]),
)


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    workshop: Workshop


def load_demo(instance_path: Path) -> DemoLogin:
    with transaction():
        lags = [_lag(name, region) for name, region in LAGS]
        facilitator = db.session.scalar(sa.select(User).where(User.email == DEMO_EMAIL))
        password = _demo_password(instance_path)
        if facilitator is None:
            facilitator = User(email=DEMO_EMAIL, name="Demo facilitator",
                               role=Role.FACILITATOR, lag=lags[0])
            db.session.add(facilitator)
            db.session.flush()
        if not facilitator.check_password(password):
            facilitator.set_password(password)
        seminar = db.session.scalar(sa.select(Seminar).where(Seminar.title == SEMINAR_TITLE))
        if seminar is None:
            seminar = Seminar(title=SEMINAR_TITLE, kind=SeminarKind.INSPIRATION_SEMINAR,
                              starts_on=date(2026, 12, 3), ends_on=date(2026, 12, 3),
                              place="Võru, Kreutzwaldi Kultuurikeskus", country="Eesti",
                              lags=lags, created_by_id=facilitator.id)
            db.session.add(seminar)
            db.session.flush()
            add_default_questions(seminar.id)
        workshop = db.session.scalar(sa.select(Workshop).where(
            Workshop.seminar_id == seminar.id, Workshop.title == WORKSHOP_TITLE))
        if workshop is None:
            workshop = _workshop(seminar, facilitator)
        # The demo facilitator runs the demo workshop, so it shows in their own backlog.
        workshop.created_by_id = facilitator.id
    return DemoLogin(DEMO_EMAIL, password, workshop)


def _lag(name: str, region: str) -> Lag:
    lag = db.session.scalar(sa.select(Lag).where(Lag.name == name))
    if lag is None:
        lag = Lag(name=name, region=region)
        db.session.add(lag)
        db.session.flush()
    return lag


def _workshop(seminar: Seminar, facilitator: User) -> Workshop:
    workshop = Workshop(seminar_id=seminar.id, title=WORKSHOP_TITLE, prompt=PROMPT,
                        created_by_id=facilitator.id,
                        code=new_join_code(), board_key=new_board_key(),
                        phase=Phase.COLLECTING, dots_per_participant=5, max_dots_per_idea=3)
    db.session.add(workshop)
    db.session.flush()
    for number, (text, groups) in enumerate(IDEAS, start=1):
        author = Participant(workshop_id=workshop.id, display_name=f"Osaleja {number}")
        db.session.add(author)
        db.session.flush()
        idea = Idea(workshop_id=workshop.id, participant_id=author.id, text=text,
                    target_groups=groups, client_id=f"demo-{number}")
        db.session.add(idea)
        store_terms(idea, workshop.language)
        workshop.seq += 1
    return workshop


def _demo_password(instance_path: Path) -> str:
    """One random password per installation, kept beside the database so reruns print it."""
    path = instance_path / "demo-password"
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(9)
    instance_path.mkdir(parents=True, exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password
