"""Demo data for the seminar's paperwork: the founding document's cooperation project with its
real figures, the LAG areas, and two past seminars of it with their papers.

"Koosloomest koostööni", 01.07.2024–30.06.2025: Võrumaa Partnerluskogu leads with 42,000 €;
Tartumaa Arendusselts has 18,000 € (12,743.68 € LEADER support, 5,256.32 € own contribution)
on two lines, inspiration seminars 5,000 € and a study trip abroad 13,000 €. The people on the
lists are made up. Run after the other demos (it needs their LAGs and accounts); loading twice
changes nothing: every record is looked up by its natural key first.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal

import sqlalchemy as sa

from facilitation.attendance import AttendanceSource, municipality_key
from facilitation.codes import new_board_key, new_join_code
from facilitation.phases import Phase

from ..database import transaction
from ..extensions import db
from ..models import (
    ActualCost,
    AgendaItem,
    Attendee,
    Background,
    BudgetLine,
    Cluster,
    CooperationProject,
    FeedbackAnswer,
    FeedbackQuestion,
    FeedbackResponse,
    Idea,
    Lag,
    LagMunicipality,
    Participant,
    ProjectPartner,
    Proposal,
    Seminar,
    SeminarFunding,
    SeminarKind,
    User,
    Vote,
    Workshop,
)
from .access import staff_principal
from .demo import LAGS, PROMPT
from .idea_terms import store_terms
from .paperwork.feedback import add_default_questions
from .proposals import change_status, create_proposal

VORU, TARTU = (name for name, _region in LAGS)
PROJECT_TITLE = "Koosloomest koostööni"
PROJECT_AIM = (
    "Suurendada kohalike kogukondade ja LEADER projektitaotlejate võimekust kaasata tuge "
    "vajavaid sihtgruppe (eakad, puudega inimesed), kavandada neile tegevusvõimalusi, "
    "toetada valdkonnas tegelevate organisatsioonide võrgustumist ja arendada koostööd.")
INSPIRATION_LINE = ("Inspiratsiooniseminarid (tuge vajavatele sihtgruppidele tegevuste ja "
                    "teenuste pakkumine, kogukondade teadlikkuse tõstmine, vabatahtlike "
                    "võrgustamine ja võimestamine)")
TRIP_LINE = ("Õppereis välisriiki tutvumaks heade praktikatega (võimalikud riigid: Rootsi, "
             "Tšehhi, Austria)")
AREAS = {
    VORU: ("Antsla vald", "Rõuge vald", "Setomaa vald", "Võru linn", "Võru vald"),
    TARTU: ("Elva vald", "Kambja vald", "Kastre vald", "Luunja vald", "Nõo vald", "Tartu vald"),
}

ELVA_TITLE = "Inspiratsiooniseminar Elvas: eakad ja puudega inimesed kogukonna keskel"
ELVA_WORKSHOP = "Koosloome töötuba Elvas"
TRIP_TITLE = "Õppereis Rootsi: teenused tuge vajavatele inimestele"
AGENDA = (
    (time(10, 0), time(10, 15), "Avasõnad", "Kadri Kask", "Tartumaa Arendusselts", False),
    (time(10, 15), time(11, 0), "Eakate kaasamine kogukonna tegevustesse: head näited",
     "Mari Maasikas", "Tartu Ülikool", False),
    (time(11, 0), time(11, 45), "Ligipääsetavad teenused maapiirkonnas", "Jaan Tamm",
     "Eesti Maaülikool", False),
    (time(11, 45), time(12, 30), "Lõuna", "", "", False),
    (time(12, 30), time(14, 0), "Koosloome töötuba", "Kati Karu", "Võrumaa Partnerluskogu",
     True),
    (time(14, 0), time(14, 20), "Kokkuvõte ja tagasiside", "Kadri Kask",
     "Tartumaa Arendusselts", False),
)
GROUPS = ("Liikumine ja transport", "Kogukond ja vabatahtlikud")
# (text, target groups, group index, dots)
ELVA_IDEAS = (
    ("Vabatahtlike sõbrapäevad: noored käivad üksi elavatel eakatel külas.",
     ["elderly", "carers"], 1, 7),
    ("Külabuss, mis viib eakad kord nädalas poodi, apteeki ja raamatukokku.", ["elderly"], 0, 7),
    ("Ratastooliga ligipääsetav matkarada Elva jõe äärde.", ["disabled", "elderly"], 0, 4),
    ("Omastehooldajate kohvikuhommik kord kuus.", ["carers"], 1, 2),
    ("Eakate digiabi raamatukogus.", ["elderly"], 1, 0),
)
# (name, organisation, background, municipality, source, checked in)
ELVA_LIST = (
    ("Anne Sepp", "MTÜ Rõngu Külaselts", "community", "Elva vald", "phone", True),
    ("Toomas Kuusk", "Elva Vallavalitsus", "municipality", "Elva vald", "phone", True),
    ("Liis Rebane", "OÜ Hoolivad Käed", "entrepreneur", "Tartu vald", "phone", True),
    ("Meelis Mägi", "MTÜ Võru Erivajadustega Inimeste Ühing", "organisation", "Võru linn", "phone",
     True),
    ("Helgi Oja", "", "community", "Nõo vald", "phone", True),
    ("Rein Lepp", "Kambja Vallavalitsus", "municipality", "Kambja vald", "phone", True),
    ("Maie Kivi", "Rõngu pensionäride ühendus", "community", "Elva vald", "paper", True),
    ("Endel Saar", "", "other", "Elva vald", "paper", True),
    ("Silvi Põder", "Antsla Sotsiaalkeskus", "organisation", "Antsla vald", "paper", True),
    ("Kristi Lill", "MTÜ Kastre Noored", "organisation", "Kastre vald", "advance", True),
    ("Aivar Männik", "FIE Aivar Männik", "entrepreneur", "Tartu linn", "advance", True),
    ("Piret Org", "Luunja Vallavalitsus", "municipality", "Luunja vald", "advance", False),
)
TRIP_LIST = (
    ("Kadri Kask", "Tartumaa Arendusselts", "organisation", "Elva vald"),
    ("Kati Karu", "Võrumaa Partnerluskogu", "organisation", "Võru vald"),
    ("Toomas Kuusk", "Elva Vallavalitsus", "municipality", "Elva vald"),
    ("Anne Sepp", "MTÜ Rõngu Külaselts", "community", "Elva vald"),
    ("Margus Rand", "Rõuge Vallavalitsus", "municipality", "Rõuge vald"),
    ("Ene Vaher", "OÜ Setomaa Hooldus", "entrepreneur", "Setomaa vald"),
)
# (source, useful, capable, use ideas, most useful, better, hide the open answers)
ELVA_FEEDBACK = (
    ("phone", 5, 4, "yes", "Head näited teistest valdadest.", "", False),
    ("phone", 4, 4, "yes", "", "Rohkem aega töötoale.", False),
    ("phone", 5, 5, "maybe", "Töötuba, kus kõik said sõna.", "", False),
    ("phone", 4, 3, "maybe", "", "", False),
    ("phone", 3, 3, "no", "", "Saal oli külm.", False),
    ("paper", 5, 4, "yes", "Kati Karu jutt, tänan!", "", True),
    ("paper", 4, 4, "yes", "Kohtumine vallaga.", "Suurem kiri slaididel.", False),
)
TRIP_FEEDBACK = ((5, 5, "yes"), (5, 4, "yes"), (4, 4, "maybe"), (5, 4, "yes"))
COSTS = (
    (INSPIRATION_LINE, date(2024, 10, 17), Decimal("1180.00"),
     "Ruumi rent, toitlustus ja esinejate tasud", ELVA_TITLE),
    (TRIP_LINE, date(2025, 5, 16), Decimal("11420.00"), "Sõit, majutus ja külastused",
     TRIP_TITLE),
)
PROPOSAL_TITLE = "Vabatahtlike sõbrapäevad Elva vallas"


@dataclass(frozen=True)
class PaperworkDemo:
    project: CooperationProject
    seminar: Seminar  # the past seminar with every paper filled in


def load_paperwork_demo() -> PaperworkDemo:
    """Add the project, the LAG areas and the two past seminars with their papers."""
    with transaction():
        lags = {lag.name: lag for lag in db.session.scalars(sa.select(Lag))}
        for lag_name, names in AREAS.items():
            for name in names:
                _municipality(lags[lag_name], name)
        project = _project(lags)
        lines = {line.activity: line for partner in project.partners for line in partner.lines}
        admin = db.session.scalar(sa.select(User).where(User.email == "haldur@koosloome.ee"))
        elva = _seminar(ELVA_TITLE, SeminarKind.INSPIRATION_SEMINAR, date(2024, 10, 17), None,
                        "Elva, Kultuurikeskus", "Eesti", list(lags.values()), admin)
        trip = _seminar(TRIP_TITLE, SeminarKind.STUDY_TRIP, date(2025, 5, 12),
                        date(2025, 5, 15), "Stockholm ja Uppsala", "Rootsi",
                        list(lags.values()), admin)
        for seminar, line in ((elva, INSPIRATION_LINE), (trip, TRIP_LINE)):
            if db.session.get(SeminarFunding, seminar.id) is None:
                db.session.add(SeminarFunding(seminar_id=seminar.id, project_id=project.id,
                                              budget_line_id=lines[line].id))
        workshop = _elva_workshop(elva, admin)
        _agenda(elva, workshop)
        _lists(elva, trip)
        _feedback(elva, trip)
        seminars = {ELVA_TITLE: elva, TRIP_TITLE: trip}
        for activity, spent_on, amount, note, seminar_title in COSTS:
            budget_line = lines[activity]
            if not budget_line.costs:
                budget_line.costs.append(ActualCost(spent_on=spent_on, amount=amount, note=note,
                                             seminar_id=seminars[seminar_title].id))
    _proposal(elva, lags[TARTU])
    return PaperworkDemo(project, elva)


def _municipality(lag: Lag, name: str) -> None:
    key = municipality_key(name)
    if db.session.scalar(sa.select(LagMunicipality.id).where(LagMunicipality.key == key)) is None:
        db.session.add(LagMunicipality(lag_id=lag.id, name=name, key=key))


def _project(lags: dict[str, Lag]) -> CooperationProject:
    project = db.session.scalar(sa.select(CooperationProject).where(
        CooperationProject.title == PROJECT_TITLE))
    if project is not None:
        return project
    project = CooperationProject(title=PROJECT_TITLE, lead_lag_id=lags[VORU].id,
                                 starts_on=date(2024, 7, 1), ends_on=date(2025, 6, 30),
                                 aim=PROJECT_AIM)
    project.partners = [
        ProjectPartner(lag_id=lags[VORU].id, budget_total=Decimal("42000.00")),
        ProjectPartner(lag_id=lags[TARTU].id, budget_total=Decimal("18000.00"),
                       support=Decimal("12743.68"), own_contribution=Decimal("5256.32"),
                       lines=[BudgetLine(activity=INSPIRATION_LINE, planned=Decimal("5000.00"),
                                         position=0),
                              BudgetLine(activity=TRIP_LINE, planned=Decimal("13000.00"),
                                         position=1)]),
    ]
    db.session.add(project)
    db.session.flush()
    return project


def _seminar(title: str, kind: SeminarKind, starts_on: date, ends_on: date | None, place: str,
             country: str, lags: list[Lag], admin: User | None) -> Seminar:
    seminar = db.session.scalar(sa.select(Seminar).where(Seminar.title == title))
    if seminar is None:
        seminar = Seminar(title=title, kind=kind, starts_on=starts_on,
                          ends_on=ends_on or starts_on, place=place, country=country, lags=lags,
                          created_by_id=admin.id if admin else None)
        db.session.add(seminar)
        db.session.flush()
        add_default_questions(seminar.id)
    return seminar


def _elva_workshop(seminar: Seminar, admin: User | None) -> Workshop:
    workshop = db.session.scalar(sa.select(Workshop).where(
        Workshop.seminar_id == seminar.id, Workshop.title == ELVA_WORKSHOP))
    if workshop is not None:
        return workshop
    workshop = Workshop(seminar_id=seminar.id, title=ELVA_WORKSHOP, prompt=PROMPT,
                        code=new_join_code(), board_key=new_board_key(), phase=Phase.CLOSED,
                        created_by_id=admin.id if admin else None, dots_per_participant=3,
                        max_dots_per_idea=2)
    db.session.add(workshop)
    db.session.flush()
    groups = [Cluster(workshop_id=workshop.id, title=title, position=index)
              for index, title in enumerate(GROUPS)]
    db.session.add_all(groups)
    phones = [Participant(workshop_id=workshop.id) for _ in range(8)]
    db.session.add_all(phones)
    db.session.flush()
    voter = 0
    for number, (text, targets, group, dots) in enumerate(ELVA_IDEAS, start=1):
        idea = Idea(workshop_id=workshop.id, participant_id=phones[number % 8].id, text=text,
                    target_groups=targets, cluster_id=groups[group].id, number=number,
                    client_id=f"elva-{number}")
        db.session.add(idea)
        store_terms(idea, workshop.language)
        for _ in range(dots):
            db.session.add(Vote(workshop_id=workshop.id, participant_id=phones[voter % 8].id,
                                idea_id=idea.id, client_id=f"elva-dot-{voter}"))
            voter += 1
        workshop.seq += 1
    return workshop


def _agenda(seminar: Seminar, workshop: Workshop) -> None:
    if db.session.scalar(sa.select(AgendaItem.id).where(AgendaItem.seminar_id == seminar.id)):
        return
    for starts_at, ends_at, title, speaker, organisation, is_workshop in AGENDA:
        db.session.add(AgendaItem(seminar_id=seminar.id, starts_at=starts_at, ends_at=ends_at,
                                  title=title, speaker=speaker, organisation=organisation,
                                  workshop_id=workshop.id if is_workshop else None))


def _lists(elva: Seminar, trip: Seminar) -> None:
    for seminar, rows in (
            (elva, ELVA_LIST),
            (trip, [(*row, "paper", True) for row in TRIP_LIST])):
        if db.session.scalar(sa.select(Attendee.id).where(Attendee.seminar_id == seminar.id)):
            continue
        assert seminar.starts_on is not None
        for name, organisation, background, municipality, source, checked_in in rows:
            phone = source == AttendanceSource.PHONE
            db.session.add(Attendee(
                seminar_id=seminar.id, name=name, organisation=organisation,
                background=Background(background), municipality=municipality,
                source=AttendanceSource(source), consent=True, checked_in=checked_in,
                registered_on=seminar.starts_on,
                # Made-up phones: a key no phone holds the token to.
                phone_key=secrets.token_hex(32) if phone else None))


def _feedback(elva: Seminar, trip: Seminar) -> None:
    sets = {elva.id: ELVA_FEEDBACK,
            trip.id: [("paper", *row, "", "", False) for row in TRIP_FEEDBACK]}
    for seminar_id, answers in sets.items():
        if db.session.scalar(sa.select(FeedbackResponse.id).where(
                FeedbackResponse.seminar_id == seminar_id)):
            continue
        questions = {q.default_key: q for q in db.session.scalars(
            sa.select(FeedbackQuestion).where(FeedbackQuestion.seminar_id == seminar_id))}
        for source, useful, capable, use_ideas, best, better, hide in answers:
            response = FeedbackResponse(
                seminar_id=seminar_id, source=AttendanceSource(source),
                respondent_key=secrets.token_hex(32) if source == "phone" else None)
            response.answers = [
                FeedbackAnswer(question_id=questions["useful"].id, number=useful),
                FeedbackAnswer(question_id=questions["capable"].id, number=capable),
                FeedbackAnswer(question_id=questions["use_ideas"].id, choice=use_ideas)]
            for key, text in (("most_useful", best), ("improve", better)):
                if text:
                    response.answers.append(FeedbackAnswer(question_id=questions[key].id,
                                                           text=text, hidden=hide))
            db.session.add(response)


def _proposal(seminar: Seminar, lag: Lag) -> None:
    if db.session.scalar(sa.select(Proposal.id).where(Proposal.title == PROPOSAL_TITLE)):
        return
    coordinator = db.session.scalar(sa.select(User).where(
        User.email == "koordinaator@tartumaa.ee"))
    idea = db.session.scalar(sa.select(Idea).join(Workshop).where(
        Workshop.seminar_id == seminar.id, Idea.text.like("Vabatahtlike%")))
    if coordinator is None or idea is None:
        return
    principal = staff_principal(coordinator)
    proposal = create_proposal(principal, {
        "title": PROPOSAL_TITLE,
        "summary": "Kogukonna noored ja vabatahtlikud käivad kord nädalas üksi elavatel eakatel "
                   "külas; omastehooldajad saavad vaba päeva.",
        "idea_ids": [idea.id], "lag_id": lag.id, "fund": "multi_fund",
        "applicant_name": "MTÜ Rõngu Külaselts", "applicant_type": "ngo",
        "target_groups": ["elderly", "carers"], "municipality": "Elva vald",
        "budget_total": "8000.00", "support_requested": "7200.00",
        "own_contribution_cash": "400.00", "own_contribution_in_kind": "400.00",
        "call_name": "LEADER 2025 kevadvoor", "note": "Elva seminari töötoa idee."})
    for status in ("developing", "ready", "submitted"):
        change_status(principal, proposal.id, {"status": status})
