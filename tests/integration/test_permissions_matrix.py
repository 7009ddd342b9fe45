"""Who may do what: every role against every HTTP route, API endpoint and socket event.

One world (two LAGs, their coordinators, a facilitator, an admin, a live workshop with its
participant, another workshop with its own participant, closed workshops in the backlog, a
proposal) is built once and restored from a copy before every single call, so each answer
is the answer to that role alone. Each row names the expected answer per role:

- a status (`200`, `302`, `401`, …) and a trailing `+` when the call must change the
  database; without it the database must be exactly as before (a refusal changes nothing),
- `login`: a redirect to the sign-in page,
- for socket events, the ack: `ok`, `ok+` or an error code; `refused` when the caller
  cannot even connect.

The matrix must name every route in `app.url_map` and every registered socket event: a new
one without a row fails `test_every_route_and_event_has_a_row` with its name.
"""

from __future__ import annotations

import hashlib
import io
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask, g
from flask.testing import FlaskClient
from flask_socketio import SocketIOTestClient

from app import create_app
from app.extensions import db, socketio
from app.models import ApiToken, Role
from app.services import clusters, ideas, participants, projects, team, votes, workshops
from app.services.access import participant_principal, staff_principal
from app.services.limits import limits
from app.services.paperwork import agenda, attendance, feedback, logos
from app.services.paperwork.feedback_switch import set_feedback_open
from app.services.staff import create_token
from tests.conftest import app_config
from tests.integration.pipeline_factories import (
    add_idea,
    make_closed_workshop,
    make_lag,
    make_measure,
    make_proposal,
    make_seminar,
    make_user,
)

ROLES = ["anonymous", "participant", "other_participant", "facilitator", "other_facilitator",
         "coordinator", "other_coordinator", "admin"]
SOCKET_ROLES = [*ROLES, "board"]
STAFF = ("facilitator", "other_facilitator", "coordinator", "other_coordinator", "admin")
# The live workshop's team: the facilitator who made it, and the admin. The coordinators may
# watch it (the backlog lets them read every workshop); the other LAG's facilitator may not.
TEAM = ("facilitator", "admin")
WATCHERS = ("coordinator", "other_coordinator")
VOLATILE_COLUMNS = {"last_seen_at", "last_used_at", "last_login_at"}


# -- the world ------------------------------------------------------------------------------


@dataclass
class World:
    """Plain ids and secrets only: every ORM object dies with each restore."""

    users: dict[str, int] = field(default_factory=dict)
    emails: dict[str, str] = field(default_factory=dict)
    api_tokens: dict[str, str] = field(default_factory=dict)
    token_ids: dict[str, int] = field(default_factory=dict)
    lag_a: int = 0
    lag_b: int = 0
    measure: int = 0
    seminar: int = 0
    workshop: int = 0
    code: str = ""
    board_key: str = ""
    other_workshop: int = 0
    closed_workshop: int = 0
    closed_code: str = ""
    participant: int = 0
    participant_token: str = ""
    other_participant: int = 0
    other_token: str = ""
    ballot: int = 0
    idea: int = 0
    idea_2: int = 0
    pending_idea: int = 0
    cluster: int = 0
    other_idea: int = 0
    backlog_idea: int = 0
    backlog_idea_2: int = 0
    proposal: int = 0
    # the seminar's paperwork (the live seminar's: the facilitator's, LAG A's)
    agenda_item: int = 0
    attendee: int = 0
    advance_attendee: int = 0
    open_answer: int = 0
    registration_key: str = ""
    logo: int = 0
    # a cooperation project of LAG A (lead) and LAG B
    project: int = 0
    partner_b: int = 0
    line_b: int = 0
    empty_line_b: int = 0
    cost_b: int = 0


def build_world() -> World:
    w = World()
    lag_a, lag_b = make_lag("Võrumaa Partnerluskogu"), make_lag("Tartumaa Arendusselts")
    w.lag_a, w.lag_b = lag_a.id, lag_b.id
    users = {"facilitator": make_user("facilitator", lag_a),
             "other_facilitator": make_user("facilitator", lag_b),
             "coordinator": make_user("coordinator", lag_a),
             "other_coordinator": make_user("coordinator", lag_b),
             "admin": make_user("admin")}
    for role, user in users.items():
        w.users[role], w.emails[role] = user.id, user.email
        w.api_tokens[role] = create_token(user.email)
        w.token_ids[role] = db.session.scalar(
            sa.select(sa.func.max(ApiToken.id)).where(ApiToken.user_id == user.id))
    w.measure = make_measure(lag_a).id
    facilitator = staff_principal(users["facilitator"])

    seminar = workshops.create_seminar(facilitator, {"title": "Võru seminar",
                                                     "lag_ids": [lag_a.id]})
    workshop = workshops.create_workshop(facilitator, seminar.id, {
        "title": "Töötuba", "prompt": "Kuidas võiksime …?", "dots_per_participant": 5,
        "max_dots_per_idea": 3})
    w.seminar, w.workshop, w.code, w.board_key = (seminar.id, workshop.id, workshop.code,
                                                  workshop.board_key)
    workshops.set_phase(facilitator, workshop.id, "collecting")
    participant, w.participant_token = participants.join_workshop(workshop.code, "Mari")
    w.participant = participant.id
    me = participant_principal(participant)
    w.idea = ideas.post_idea(me, {"text": "Külabuss eakatele", "client_id": "i1"})[0].id
    w.idea_2 = ideas.post_idea(me, {"text": "Ühine aiapäev", "client_id": "i2"})[0].id
    workshops.update_workshop(facilitator, workshop.id, {"moderation": True})
    w.pending_idea = ideas.post_idea(me, {"text": "Ootab heakskiitu", "client_id": "i3"})[0].id
    workshops.update_workshop(facilitator, workshop.id, {"moderation": False})
    w.cluster = clusters.create_cluster(facilitator, {"workshop_id": workshop.id,
                                                      "title": "Liikumine",
                                                      "idea_ids": [w.idea]}).id

    admin = staff_principal(users["admin"])
    other_seminar = workshops.create_seminar(admin, {"title": "Tartu seminar",
                                                     "lag_ids": [lag_b.id]})
    other = workshops.create_workshop(admin, other_seminar.id, {"title": "Teine", "prompt": "?"})
    w.other_workshop = other.id
    workshops.set_phase(admin, other.id, "collecting")
    someone, w.other_token = participants.join_workshop(other.code, "Jüri")
    w.other_participant = someone.id
    w.other_idea = ideas.post_idea(participant_principal(someone), {
        "text": "Tartu mõte", "client_id": "o1"})[0].id

    for workshop_id in (workshop.id, other.id):
        workshops.set_phase(admin, workshop_id, "voting")
    votes.cast_vote(me, {"idea_id": w.idea, "client_id": "dot-1"})
    ballot = participants.add_paper_ballot(facilitator, workshop.id, "Paber")
    w.ballot = ballot.id
    votes.cast_vote(facilitator, {"idea_id": w.idea, "participant_id": ballot.id,
                                  "client_id": "paper-1"})

    backlog_seminar = make_seminar("Varasem seminar", lags=[users["coordinator"].lag])
    closed = make_closed_workshop(backlog_seminar, owner=users["facilitator"])
    w.closed_workshop, w.closed_code = closed.id, closed.code
    w.backlog_idea = add_idea(closed, "Eakate jalutusring", dots=2).id
    w.backlog_idea_2 = add_idea(closed, "Jalutusring eakatele", dots=1).id
    w.proposal = make_proposal(users["admin"], lag_a, title="Võrumaa külabuss").id
    build_paperwork(w, facilitator, admin, me)
    return w


LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20">'
        b'<rect width="30" height="20" fill="#039"/></svg>')


def build_paperwork(w: World, facilitator: Any, admin: Any, phone: Any) -> None:
    """The live seminar's agenda, list, feedback and registration link; a project; logos."""
    w.agenda_item = agenda.add_item(facilitator, w.seminar, {
        "starts_at": "10:00", "ends_at": "11:00", "title": "Avasõnad"}).id
    w.attendee = attendance.add_attendee(facilitator, w.seminar, {"name": "Mari Paber"}).id
    w.advance_attendee = attendance.add_attendee(facilitator, w.seminar, {
        "name": "Jüri Ette", "source": "advance"}).id
    w.registration_key = attendance.set_registration(facilitator, w.seminar, True).key
    questions = {q.default_key: q.id for q in feedback.questions_of(w.seminar)}
    set_feedback_open(facilitator, w.workshop, True)
    feedback.answer_from_phone(w.participant_token, {"answers": {
        str(questions["useful"]): 5, str(questions["most_useful"]): "Töötuba"}})
    w.open_answer = next(a.id for a in feedback.summary_of(
        workshops.get_seminar(w.seminar)).questions[3].answers)
    for name in ("EL lipp", "LEADER"):
        w.logo = logos.add_logo(admin, name, LOGO).id
    project = projects.create_project(admin, {
        "title": "Koosloomest koostööni", "lead_lag_id": w.lag_a, "partner_lag_ids": [w.lag_b],
        "starts_on": "2024-07-01", "ends_on": "2025-06-30",
        "partners": [{"lag_id": w.lag_b, "budget_total": "18000.00", "support": "12743.68",
                      "own_contribution": "5256.32",
                      "lines": [{"activity": "Seminarid", "planned": "5000.00"},
                                {"activity": "Õppereis", "planned": "13000.00"}]}]})
    w.project = project.id
    partner_b = next(p for p in project.partners if p.lag_id == w.lag_b)
    w.partner_b, w.line_b, w.empty_line_b = (partner_b.id, partner_b.lines[0].id,
                                             partner_b.lines[1].id)
    projects.set_seminar_funding(facilitator, w.seminar, {"project_id": project.id,
                                                          "budget_line_id": w.line_b})
    w.cost_b = projects.add_cost(admin, w.line_b, {"spent_on": "2024-10-17",
                                                   "amount": "1180.00"}).id


@dataclass
class Stage:
    """The app, the world's saved copy, and a way back to it."""

    app: Flask
    world: World
    database: Path
    saved: Path
    sockets: dict[str, SocketIOTestClient] = field(default_factory=dict)
    auth: dict[str, dict[str, str]] = field(default_factory=dict)
    saved_fingerprint: str = ""

    def restore(self) -> None:
        db.session.remove()
        db.engine.dispose()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.database}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(self.saved, self.database)
        limits().reset()

    def fingerprint(self) -> str:
        """Every row of every table, minus the columns that only note when something was seen."""
        db.session.remove()
        digest = hashlib.sha256()
        with closing(sqlite3.connect(self.database)) as connection:
            tables = [row[0] for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            for table in tables:
                columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')
                           if row[1] not in VOLATILE_COLUMNS]
                listed = ", ".join(f'"{c}"' for c in columns)
                for row in connection.execute(f'SELECT {listed} FROM "{table}" ORDER BY rowid'):
                    digest.update(repr((table, row)).encode())
        return digest.hexdigest()

    def client(self, role: str) -> FlaskClient:
        """A browser of that role: a staff session, or a phone's token cookie."""
        client = self.app.test_client()
        w = self.world
        if role in STAFF:
            with client.session_transaction() as session:
                session["_user_id"] = f"{w.users[role]}:1"  # id:session version
                session["_fresh"] = True
        elif role == "participant":
            client.set_cookie(f"koosloome_p{w.workshop}", w.participant_token,
                              domain="koosloome.test")
        elif role == "other_participant":
            client.set_cookie(f"koosloome_p{w.other_workshop}", w.other_token,
                              domain="koosloome.test")
        return client

    def socket(self, role: str) -> SocketIOTestClient:
        """The role's open socket; one that a revocation closed (a call before this one
        rotated the board key, removed the phone, revoked the token) is opened again."""
        socket = self.sockets.get(role)
        if socket is None or not socket.is_connected():
            socket = socketio.test_client(self.app, auth=self.auth[role])
            assert socket.is_connected(), role
            self.sockets[role] = socket
        return socket

    def headers(self, role: str, path: str) -> dict[str, str]:
        """API callers: participants use their token, staff their session."""
        w = self.world
        token = {"participant": w.participant_token, "other_participant": w.other_token}.get(role)
        return {"Authorization": f"Bearer {token}"} if token and path.startswith("/api/") else {}


@pytest.fixture(scope="module")
def stage(tmp_path_factory: pytest.TempPathFactory, migrated_database: Path) -> Iterator[Stage]:
    folder = tmp_path_factory.mktemp("matrix")
    database = folder / "koosloome.sqlite3"
    shutil.copy(migrated_database, database)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KOOSLOOME_INSTANCE", str(folder / "instance"))
        app = create_app(app_config(f"sqlite:///{database}"))

    @app.teardown_request
    def forget_request_globals(_error: BaseException | None) -> None:
        g.__dict__.clear()  # as the app fixture does: the held app context outlives requests

    with app.app_context():
        world = build_world()
        db.session.remove()
        db.engine.dispose()
        saved = folder / "world.sqlite3"
        shutil.copyfile(database, saved)
        stage = Stage(app, world, database, saved)
        stage.saved_fingerprint = stage.fingerprint()
        auth = {"participant": {"token": world.participant_token},
                "other_participant": {"token": world.other_token},
                "board": {"board_key": world.board_key},
                **{role: {"api_token": world.api_tokens[role]} for role in STAFF}}
        stage.auth = auth
        for role in auth:
            stage.socket(role)
        yield stage
        db.session.remove()
        db.engine.dispose()


# -- expected answers -----------------------------------------------------------------------


def everyone(answer: str) -> dict[str, str]:
    return dict.fromkeys(ROLES, answer)


def staff_page(answer: str = "200") -> dict[str, str]:
    """A page behind the staff login: others are sent to sign in."""
    return {**dict.fromkeys(("anonymous", "participant", "other_participant"), "login"),
            **dict.fromkeys(STAFF, answer)}


def admin_page(answer: str = "200") -> dict[str, str]:
    return {**staff_page("403"), "admin": answer}


def staff_api(answer: str = "200") -> dict[str, str]:
    return {"anonymous": "401", "participant": "403", "other_participant": "403",
            **dict.fromkeys(STAFF, answer)}


def editors_api(answer: str) -> dict[str, str]:
    """Backlog triage, themes and merges: coordinators (of any LAG) and admins."""
    return {**staff_api(answer), "facilitator": "403", "other_facilitator": "403"}


def lag_a_api(answer: str) -> dict[str, str]:
    """A proposal of LAG A: its coordinator and the admin change it."""
    return {**staff_api(answer), "facilitator": "403", "other_facilitator": "403", "other_coordinator": "403"}


def keeper_page(answer: str = "200") -> dict[str, str]:
    """The live seminar's papers: its facilitator, LAG A's coordinator and the admin keep them;
    another LAG's facilitator, who runs no workshop in it, does not."""
    return {**staff_page(answer), "other_coordinator": "403", "other_facilitator": "403"}


def keeper_api(answer: str) -> dict[str, str]:
    return {**staff_api(answer), "other_coordinator": "403", "other_facilitator": "403"}


def partner_b_page(answer: str = "200") -> dict[str, str]:
    """LAG B's budget in the project: its coordinator and the admin keep it."""
    return {**staff_page(answer), "facilitator": "403", "other_facilitator": "403",
            "coordinator": "403"}


def phone_api(answer: str) -> dict[str, str]:
    """A phone's own call: staff have no phone token (they type paper in instead)."""
    return {"anonymous": "401", "participant": answer, "other_participant": answer,
            **dict.fromkeys(STAFF, "403")}


def workshop_api(answer: str = "200") -> dict[str, str]:
    """Read the live workshop: its team and watchers, and its own participants."""
    return {**staff_api(answer), "participant": answer, "other_facilitator": "403"}


def team_api(answer: str) -> dict[str, str]:
    """Change the live workshop: only its team."""
    return {**staff_api(answer), **dict.fromkeys((*WATCHERS, "other_facilitator"), "403")}


def team_page(answer: str) -> dict[str, str]:
    return {**staff_page(answer), **dict.fromkeys((*WATCHERS, "other_facilitator"), "403")}


def team_form(answer: str) -> dict[str, str]:
    """A console form of the team: others are sent back to the console with the refusal."""
    return {**staff_page(answer), **dict.fromkeys((*WATCHERS, "other_facilitator"), "302")}


@dataclass(frozen=True)
class Call:
    expect: dict[str, str]
    path: Callable[[World], str]
    data: Callable[[World], Any] | None = None  # a form, or JSON under /api/
    prepare: Callable[[Stage], None] | None = None
    why: str = ""


def collecting(stage: Stage) -> None:
    """Back to collecting, for the calls that post ideas."""
    admin = staff_principal_of(stage, "admin")
    workshops.set_phase(admin, stage.world.workshop, "collecting")
    workshops.set_phase(admin, stage.world.other_workshop, "collecting")
    db.session.remove()


def with_co_facilitator(stage: Stage) -> None:
    """The other LAG's coordinator on the live workshop's team, to be taken off it."""
    team.add_co_facilitator(staff_principal_of(stage, "admin"), stage.world.workshop,
                            stage.world.users["other_coordinator"])
    db.session.remove()


def staff_principal_of(stage: Stage, role: str) -> Any:
    from app.models import User

    return staff_principal(db.session.get(User, stage.world.users[role]))


ID_NEXT = 10_000  # an id nothing has


def logo_upload(w: World) -> dict[str, Any]:
    return {"name": "Uus logo", "file": (io.BytesIO(LOGO), "logo.svg")}


PAPERWORK_ROUTES: dict[tuple[str, str], Call] = {
    # -- a seminar's pages ----------------------------------------------------------------
    ("GET", "/seminars/<int:seminar_id>"): Call(
        staff_page(), lambda w: f"/seminars/{w.seminar}", why="every staff member reads it"),
    ("POST", "/seminars/<int:seminar_id>/funding"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/funding",
        lambda w: {"project_id": "", "budget_line_id": ""}),
    ("POST", "/seminars/<int:seminar_id>/agenda"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/agenda",
        lambda w: {"starts_at": "12:00", "title": "Lõuna"}),
    ("GET", "/seminars/<int:seminar_id>/agenda/<int:item_id>"): Call(
        keeper_page(), lambda w: f"/seminars/{w.seminar}/agenda/{w.agenda_item}"),
    ("POST", "/seminars/<int:seminar_id>/agenda/<int:item_id>"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/agenda/{w.agenda_item}",
        lambda w: {"starts_at": "10:15", "title": "Avasõnad"}),
    ("POST", "/seminars/<int:seminar_id>/agenda/<int:item_id>/delete"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/agenda/{w.agenda_item}/delete"),
    ("GET", "/seminars/<int:seminar_id>/attendance"): Call(
        keeper_page(), lambda w: f"/seminars/{w.seminar}/attendance",
        why="a coordinator of another LAG never sees this list"),
    ("POST", "/seminars/<int:seminar_id>/attendance"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/attendance",
        lambda w: {"name": "Uus Osaleja", "source": "paper"}),
    ("GET", "/seminars/<int:seminar_id>/attendance/<int:attendee_id>"): Call(
        keeper_page(), lambda w: f"/seminars/{w.seminar}/attendance/{w.attendee}"),
    ("POST", "/seminars/<int:seminar_id>/attendance/<int:attendee_id>"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/attendance/{w.attendee}",
        lambda w: {"name": "Mari Paberileht", "source": "paper"}),
    ("POST", "/seminars/<int:seminar_id>/attendance/<int:attendee_id>/check-in"): Call(
        keeper_page("302+"),
        lambda w: f"/seminars/{w.seminar}/attendance/{w.advance_attendee}/check-in",
        lambda w: {"present": "1"}),
    ("POST", "/seminars/<int:seminar_id>/attendance/<int:attendee_id>/delete"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/attendance/{w.attendee}/delete"),
    ("POST", "/seminars/<int:seminar_id>/registration"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/registration",
        lambda w: {"open": "0"}),
    ("GET", "/seminars/<int:seminar_id>/sign-in-sheet.pdf"): Call(
        keeper_page(), lambda w: f"/seminars/{w.seminar}/sign-in-sheet.pdf"),
    ("GET", "/seminars/<int:seminar_id>/feedback"): Call(
        keeper_page(), lambda w: f"/seminars/{w.seminar}/feedback"),
    ("POST", "/seminars/<int:seminar_id>/feedback/answers/<int:answer_id>"): Call(
        keeper_page("302+"),
        lambda w: f"/seminars/{w.seminar}/feedback/answers/{w.open_answer}",
        lambda w: {"hidden": "1"}),
    ("GET", "/seminars/<int:seminar_id>/feedback/questions"): Call(
        keeper_page(), lambda w: f"/seminars/{w.seminar}/feedback/questions"),
    ("POST", "/seminars/<int:seminar_id>/feedback/questions"): Call(
        keeper_page("400"), lambda w: f"/seminars/{w.seminar}/feedback/questions",
        lambda w: {"count": "0", "new-text": "Uus küsimus?", "new-kind": "open"},
        why="answers have come in: the questions stay as they were"),
    ("GET", "/seminars/<int:seminar_id>/feedback/paper"): Call(
        keeper_page(), lambda w: f"/seminars/{w.seminar}/feedback/paper"),
    ("POST", "/seminars/<int:seminar_id>/feedback/paper"): Call(
        keeper_page("302+"), lambda w: f"/seminars/{w.seminar}/feedback/paper",
        lambda w: {f"answers-{q}": "Paberil" for q in open_questions(w)}),
    ("POST", "/seminars/workshops/<int:workshop_id>/feedback"): Call(
        team_page("302+"), lambda w: f"/seminars/workshops/{w.workshop}/feedback",
        lambda w: {"open": "0"}, why="as any step of the workshop, by its team"),
    # -- the phone's and the public seminar steps -------------------------------------------
    ("GET", "/j/<code>/register"): Call(
        {**everyone("302"), "participant": "200"}, lambda w: f"/j/{w.code}/register",
        why="only a phone that joined registers; the rest are sent to join first"),
    ("POST", "/j/<code>/register"): Call(
        {**everyone("302"), "participant": "302+"}, lambda w: f"/j/{w.code}/register",
        lambda w: {"name": "Mari Maasikas", "consent": "1"}),
    ("GET", "/j/<code>/feedback"): Call(everyone("200"), lambda w: f"/j/{w.code}/feedback"),
    ("POST", "/j/<code>/feedback"): Call(
        everyone("302+"), lambda w: f"/j/{w.code}/feedback",
        lambda w: {f"answers-{q}": "Hea päev" for q in open_questions(w)},
        why="the screen's code lets anyone answer: a phone that never joined joins"),
    ("GET", "/r/<key>"): Call(everyone("200"), lambda w: f"/r/{w.registration_key}",
                              why="the key in the address is the invitation"),
    ("POST", "/r/<key>"): Call(everyone("200+"), lambda w: f"/r/{w.registration_key}",
                               lambda w: {"name": "Ette Registreerija", "consent": "1"}),
    ("GET", "/logos/<int:logo_id>"): Call(everyone("200"), lambda w: f"/logos/{w.logo}",
                                          why="the programme's logos are public pictures"),
    # -- projects ---------------------------------------------------------------------------
    ("GET", "/projects/"): Call(staff_page(), lambda w: "/projects/"),
    ("GET", "/projects/new"): Call(admin_page(), lambda w: "/projects/new"),
    ("POST", "/projects/new"): Call(
        admin_page("302+"), lambda w: "/projects/new",
        lambda w: {"title": "Uus koostööprojekt", "lead_lag_id": str(w.lag_a),
                   "partner_lag_ids": [str(w.lag_b)]}),
    ("GET", "/projects/<int:project_id>"): Call(
        staff_page(), lambda w: f"/projects/{w.project}?from=2024-07-01&to=2025-06-30"),
    ("GET", "/projects/<int:project_id>/edit"): Call(admin_page(),
                                                     lambda w: f"/projects/{w.project}/edit"),
    ("POST", "/projects/<int:project_id>/edit"): Call(
        admin_page("302+"), lambda w: f"/projects/{w.project}/edit",
        lambda w: {"title": "Koosloomest koostööni II", "lead_lag_id": str(w.lag_a),
                   "partner_lag_ids": [str(w.lag_b)]}),
    ("GET", "/projects/<int:project_id>/partners/<int:partner_id>"): Call(
        partner_b_page(), lambda w: f"/projects/{w.project}/partners/{w.partner_b}"),
    ("POST", "/projects/<int:project_id>/partners/<int:partner_id>"): Call(
        partner_b_page("302+"), lambda w: f"/projects/{w.project}/partners/{w.partner_b}",
        lambda w: {"budget_total": "18000", "support": "12000", "own_contribution": "6000"}),
    ("POST", "/projects/<int:project_id>/partners/<int:partner_id>/lines"): Call(
        partner_b_page("302+"), lambda w: f"/projects/{w.project}/partners/{w.partner_b}/lines",
        lambda w: {"activity": "Infopäev", "planned": "0"}),
    ("GET", "/projects/<int:project_id>/lines/<int:line_id>"): Call(
        partner_b_page(), lambda w: f"/projects/{w.project}/lines/{w.line_b}"),
    ("POST", "/projects/<int:project_id>/lines/<int:line_id>"): Call(
        partner_b_page("302+"), lambda w: f"/projects/{w.project}/lines/{w.line_b}",
        lambda w: {"activity": "Inspiratsiooniseminarid", "planned": "5000"}),
    ("POST", "/projects/<int:project_id>/lines/<int:line_id>/costs"): Call(
        partner_b_page("302+"), lambda w: f"/projects/{w.project}/lines/{w.line_b}/costs",
        lambda w: {"spent_on": "2025-03-01", "amount": "100,00", "note": "Kohv"}),
    ("POST", "/projects/<int:project_id>/lines/<int:line_id>/delete"): Call(
        partner_b_page("302+"), lambda w: f"/projects/{w.project}/lines/{w.empty_line_b}/delete"),
    ("POST", "/projects/<int:project_id>/costs/<int:cost_id>/delete"): Call(
        partner_b_page("302+"), lambda w: f"/projects/{w.project}/costs/{w.cost_b}/delete"),
    # -- admin: logos -----------------------------------------------------------------------
    ("GET", "/admin/logos"): Call(admin_page(), lambda w: "/admin/logos"),
    ("POST", "/admin/logos"): Call(admin_page("302+"), lambda w: "/admin/logos", logo_upload),
    ("POST", "/admin/logos/<int:logo_id>/delete"): Call(
        admin_page("302+"), lambda w: f"/admin/logos/{w.logo}/delete"),
    ("POST", "/admin/logos/<int:logo_id>/move"): Call(
        admin_page("302+"), lambda w: f"/admin/logos/{w.logo}/move", lambda w: {"step": "up"}),
    # -- the JSON API -----------------------------------------------------------------------
    ("GET", "/api/v1/seminars/<int:seminar_id>/agenda"): Call(
        staff_api(), lambda w: f"/api/v1/seminars/{w.seminar}/agenda"),
    ("GET", "/api/v1/seminars/<int:seminar_id>/attendees"): Call(
        keeper_api("200"), lambda w: f"/api/v1/seminars/{w.seminar}/attendees"),
    ("POST", "/api/v1/seminars/<int:seminar_id>/attendees"): Call(
        keeper_api("201+"), lambda w: f"/api/v1/seminars/{w.seminar}/attendees",
        lambda w: {"name": "API Osaleja", "background": "community"}),
    ("DELETE", "/api/v1/attendees/<int:attendee_id>"): Call(
        keeper_api("204+"), lambda w: f"/api/v1/attendees/{w.attendee}"),
    ("POST", "/api/v1/attendees/<int:attendee_id>/check-in"): Call(
        keeper_api("200+"), lambda w: f"/api/v1/attendees/{w.advance_attendee}/check-in",
        lambda w: {"checked_in": True}),
    ("POST", "/api/v1/attendance"): Call(
        phone_api("201+"), lambda w: "/api/v1/attendance",
        lambda w: {"name": "Mari Maasikas", "consent": True},
        why="each phone registers for its own workshop's seminar"),
    ("GET", "/api/v1/seminars/<int:seminar_id>/feedback-form"): Call(
        {**staff_api("200"), "participant": "200"},
        lambda w: f"/api/v1/seminars/{w.seminar}/feedback-form",
        why="staff, and the phones of the seminar's workshops"),
    ("PUT", "/api/v1/seminars/<int:seminar_id>/feedback-form"): Call(
        keeper_api("409"), lambda w: f"/api/v1/seminars/{w.seminar}/feedback-form",
        lambda w: {"questions": [{"kind": "open", "text": "Uus küsimus?"}]},
        why="answers have come in: the form stays as it was"),
    ("POST", "/api/v1/feedback"): Call(
        {**phone_api("200+"), "other_participant": "409"}, lambda w: "/api/v1/feedback",
        lambda w: {"answers": {str(q): "Hea päev" for q in open_questions(w)}},
        why="the phone's earlier answers are replaced; the other workshop has not opened "
            "feedback"),
    ("POST", "/api/v1/seminars/<int:seminar_id>/feedback"): Call(
        keeper_api("201+"), lambda w: f"/api/v1/seminars/{w.seminar}/feedback",
        lambda w: {"answers": {str(q): "Paberil" for q in open_questions(w)}}),
    ("GET", "/api/v1/seminars/<int:seminar_id>/feedback-summary"): Call(
        keeper_api("200"), lambda w: f"/api/v1/seminars/{w.seminar}/feedback-summary"),
    ("PATCH", "/api/v1/feedback-answers/<int:answer_id>"): Call(
        keeper_api("200+"), lambda w: f"/api/v1/feedback-answers/{w.open_answer}",
        lambda w: {"hidden": True}),
    ("POST", "/api/v1/workshops/<int:workshop_id>/feedback"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}/feedback",
        lambda w: {"open": False}),
    ("GET", "/api/v1/seminars/<int:seminar_id>/evidence.pdf"): Call(
        keeper_api("200"), lambda w: f"/api/v1/seminars/{w.seminar}/evidence.pdf"),
    ("GET", "/api/v1/seminars/<int:seminar_id>/evidence.xlsx"): Call(
        keeper_api("200"), lambda w: f"/api/v1/seminars/{w.seminar}/evidence.xlsx"),
    ("GET", "/api/v1/projects"): Call(staff_api(), lambda w: "/api/v1/projects"),
    ("POST", "/api/v1/projects"): Call(
        {**staff_api("403"), "admin": "201+"}, lambda w: "/api/v1/projects",
        lambda w: {"title": "API projekt", "lead_lag_id": w.lag_b}),
    ("GET", "/api/v1/projects/<int:project_id>"): Call(
        staff_api(), lambda w: f"/api/v1/projects/{w.project}"),
    ("GET", "/api/v1/projects/<int:project_id>/indicators"): Call(
        staff_api(), lambda w: f"/api/v1/projects/{w.project}/indicators?from=2024-07-01"),
    ("GET", "/api/v1/projects/<int:project_id>/indicators.xlsx"): Call(
        staff_api(), lambda w: f"/api/v1/projects/{w.project}/indicators.xlsx"),
}


def open_questions(w: World) -> list[int]:
    """The live seminar's open feedback questions (read when the call is made)."""
    return [q.id for q in feedback.questions_of(w.seminar) if q.kind.value == "open"]

ROUTES: dict[tuple[str, str], Call] = {
    # -- open to everyone --------------------------------------------------------------
    ("GET", "/"): Call(everyone("302"), lambda w: "/"),
    ("GET", "/accessibility"): Call(everyone("200"), lambda w: "/accessibility"),
    ("GET", "/healthz"): Call(everyone("200"), lambda w: "/healthz"),
    ("GET", "/lang/<code>"): Call(everyone("302"), lambda w: "/lang/en?next=/join"),
    ("GET", "/static/<path:filename>"): Call(everyone("200"), lambda w: "/static/css/koosloome.css"),
    # The Socket.IO transport's path: Engine.IO answers it (here a request without its
    # protocol version), never a Flask view.
    ("GET", "/socket.io/"): Call(everyone("400"), lambda w: "/socket.io/"),
    ("GET", "/login"): Call(everyone("200"), lambda w: "/login"),
    ("POST", "/login"): Call(everyone("200+"), lambda w: "/login",
                             lambda w: {"email": w.emails["admin"], "password": "not it at all"},
                             why="a wrong password never signs anyone in; the attempt is kept "
                                 "for admins"),
    ("GET", "/board/<board_key>"): Call(everyone("200"), lambda w: f"/board/{w.board_key}",
                                        why="the key in the URL is the credential"),
    # -- the phone ---------------------------------------------------------------------
    ("GET", "/join"): Call(everyone("200"), lambda w: "/join"),
    ("POST", "/join"): Call(everyone("302"), lambda w: "/join", lambda w: {"code": w.code}),
    ("GET", "/j/<code>"): Call(everyone("200"), lambda w: f"/j/{w.code}"),
    ("POST", "/j/<code>"): Call(everyone("302+"), lambda w: f"/j/{w.code}",
                                lambda w: {"name": ""}, why="anyone with the code may join"),
    ("POST", "/j/<code>/resume"): Call(everyone("302"), lambda w: f"/j/{w.code}/resume",
                                       lambda w: {"token": "not a token of this workshop"}),
    ("POST", "/j/<code>/ideas"): Call(
        {**everyone("302"), "participant": "302+"}, lambda w: f"/j/{w.code}/ideas",
        lambda w: {"text": "Paberil kirjutatud mõte", "client_id": "form-1"}, collecting,
        why="only this workshop's phone cookie posts; the rest are sent to the join page"),
    ("POST", "/j/<code>/votes"): Call(
        {**everyone("302"), "participant": "302+"}, lambda w: f"/j/{w.code}/votes",
        lambda w: {"idea_id": str(w.idea_2), "action": "cast", "client_id": "form-dot"}),
    # -- staff sign-out and the console ------------------------------------------------
    ("POST", "/logout"): Call(staff_page("302+"), lambda w: "/logout",
                              why="signing out raises the session version: every cookie ends"),
    ("GET", "/console/"): Call(staff_page(), lambda w: "/console/"),
    ("GET", "/console/seminars/new"): Call(staff_page(), lambda w: "/console/seminars/new"),
    ("POST", "/console/seminars/new"): Call(
        staff_page("302+"), lambda w: "/console/seminars/new",
        lambda w: {"title": "Uus seminar", "kind": "info_day"}),
    ("GET", "/console/seminars/<int:seminar_id>/workshops/new"): Call(
        staff_page(), lambda w: f"/console/seminars/{w.seminar}/workshops/new"),
    ("POST", "/console/seminars/<int:seminar_id>/workshops/new"): Call(
        staff_page("302+"), lambda w: f"/console/seminars/{w.seminar}/workshops/new",
        lambda w: {"title": "Uus töötuba", "prompt": "Kuidas?", "dots_per_participant": "5",
                   "max_dots_per_idea": "3", "idea_max_length": "280", "language": "et"}),
    ("GET", "/console/workshops/<int:workshop_id>"): Call(
        {**staff_page(), "other_facilitator": "403"}, lambda w: f"/console/workshops/{w.workshop}",
        why="the team steers; coordinators watch; the backlog hides it from the other LAG's "
            "facilitator"),
    ("GET", "/console/workshops/<int:workshop_id>/edit"): Call(
        team_page("200"), lambda w: f"/console/workshops/{w.workshop}/edit"),
    ("POST", "/console/workshops/<int:workshop_id>/edit"): Call(
        team_page("302+"), lambda w: f"/console/workshops/{w.workshop}/edit",
        lambda w: {"title": "Ümber nimetatud", "prompt": "Kuidas võiksime …?",
                   "dots_per_participant": "5", "max_dots_per_idea": "3",
                   "idea_max_length": "280", "language": "et"}),
    ("POST", "/console/workshops/<int:workshop_id>/team"): Call(
        {**team_form("302"), "facilitator": "302+", "admin": "302+"},
        lambda w: f"/console/workshops/{w.workshop}/team",
        lambda w: {"user_id": str(w.users["coordinator"])},
        why="the creator or an admin adds a co-facilitator"),
    ("POST", "/console/workshops/<int:workshop_id>/team/<int:user_id>/remove"): Call(
        {**team_form("302"), "facilitator": "302+", "admin": "302+"},
        lambda w: f"/console/workshops/{w.workshop}/team/{w.users['other_coordinator']}/remove",
        prepare=with_co_facilitator),
    ("POST", "/console/workshops/<int:workshop_id>/board-key"): Call(
        {**team_form("302"), "facilitator": "302+", "admin": "302+"},
        lambda w: f"/console/workshops/{w.workshop}/board-key"),
    ("POST", "/console/workshops/<int:workshop_id>/reopen"): Call(
        {**team_form("302"), "facilitator": "302", "admin": "302+"},
        lambda w: f"/console/workshops/{w.closed_workshop}/reopen",
        why="only an admin reopens a closed workshop (to its results)"),
    # -- the backlog pages -------------------------------------------------------------
    ("GET", "/backlog/"): Call(staff_page(), lambda w: "/backlog/"),
    ("GET", "/backlog/ideas/<int:idea_id>"): Call(
        {**staff_page(), "other_facilitator": "404"},
        lambda w: f"/backlog/ideas/{w.backlog_idea}",
        why="the facilitator ran the workshop the idea came from; the other LAG's did not"),
    ("GET", "/backlog/duplicates"): Call({**staff_page(), "facilitator": "403", "other_facilitator": "403"},
                                         lambda w: "/backlog/duplicates",
                                         why="suggestions to merge are for those who merge"),
    ("POST", "/backlog/actions"): Call(
        {**staff_page("302+"), "facilitator": "302", "other_facilitator": "302"},
        lambda w: "/backlog/actions",
        lambda w: {"action": "shortlist", "idea_ids": [str(w.backlog_idea)]},
        why="triage is for coordinators and admins; a facilitator hears why on the page"),
    ("POST", "/backlog/merge"): Call(
        {**staff_page("302+"), "facilitator": "302", "other_facilitator": "302"}, lambda w: "/backlog/merge",
        lambda w: {"target_id": str(w.backlog_idea), "source_ids": [str(w.backlog_idea_2)]}),
    # -- proposal pages ----------------------------------------------------------------
    ("GET", "/proposals/"): Call(staff_page(), lambda w: "/proposals/"),
    ("GET", "/proposals/board"): Call(staff_page(), lambda w: "/proposals/board"),
    ("GET", "/proposals/mine"): Call(staff_page(), lambda w: "/proposals/mine"),
    ("GET", "/proposals/dashboard"): Call(staff_page(), lambda w: "/proposals/dashboard"),
    ("GET", "/proposals/new"): Call({**staff_page(), "facilitator": "403", "other_facilitator": "403"},
                                    lambda w: f"/proposals/new?idea_ids={w.backlog_idea}"),
    ("POST", "/proposals/new"): Call(
        {**staff_page("302+"), "facilitator": "403", "other_facilitator": "403", "other_coordinator": "200"},
        lambda w: "/proposals/new",
        lambda w: {"title": "Uus ettepanek", "lag_id": str(w.lag_a), "fund": "leader"},
        why="a coordinator of the other LAG sees the form again with the refusal"),
    ("GET", "/proposals/<int:proposal_id>"): Call(staff_page(),
                                                  lambda w: f"/proposals/{w.proposal}"),
    ("GET", "/proposals/<int:proposal_id>/edit"): Call(
        {**staff_page(), "facilitator": "403", "other_facilitator": "403", "other_coordinator": "403"},
        lambda w: f"/proposals/{w.proposal}/edit"),
    ("POST", "/proposals/<int:proposal_id>/edit"): Call(
        {**staff_page("302+"), "facilitator": "403", "other_facilitator": "403", "other_coordinator": "403"},
        lambda w: f"/proposals/{w.proposal}/edit",
        lambda w: {"title": "Võrumaa külabuss 2", "lag_id": str(w.lag_a), "fund": "leader"}),
    ("POST", "/proposals/<int:proposal_id>/status"): Call(
        {**staff_page("302+"), "facilitator": "302", "other_facilitator": "302", "other_coordinator": "302"},
        lambda w: f"/proposals/{w.proposal}/status", lambda w: {"status": "developing"}),
    ("POST", "/proposals/<int:proposal_id>/comments"): Call(
        {**staff_page("302+"), "facilitator": "302", "other_facilitator": "302", "other_coordinator": "302"},
        lambda w: f"/proposals/{w.proposal}/comments", lambda w: {"note": "Helistasin vallale"}),
    # -- reports -------------------------------------------------------------------------
    ("GET", "/reports/"): Call(staff_page(), lambda w: "/reports/"),
    ("GET", "/reports/seminars/<int:seminar_id>"): Call(
        staff_page(), lambda w: f"/reports/seminars/{w.seminar}",
        why="the facilitator's own seminar"),
    # -- admin ---------------------------------------------------------------------------
    ("GET", "/admin/"): Call(admin_page(), lambda w: "/admin/"),
    ("GET", "/admin/lags"): Call(admin_page(), lambda w: "/admin/lags"),
    ("POST", "/admin/lags"): Call(admin_page("302+"), lambda w: "/admin/lags",
                                  lambda w: {"name": "Uus LAG", "region": "Põlvamaa"}),
    ("GET", "/admin/lags/<int:lag_id>"): Call(admin_page(), lambda w: f"/admin/lags/{w.lag_b}"),
    ("POST", "/admin/lags/<int:lag_id>"): Call(
        admin_page("302+"), lambda w: f"/admin/lags/{w.lag_b}",
        lambda w: {"name": "Tartumaa Arendusselts MTÜ", "region": "Tartumaa"}),
    ("GET", "/admin/measures"): Call(admin_page(), lambda w: "/admin/measures"),
    ("GET", "/admin/measures/new"): Call(admin_page(), lambda w: "/admin/measures/new"),
    ("POST", "/admin/measures/new"): Call(
        admin_page("302+"), lambda w: "/admin/measures/new",
        lambda w: {"lag_id": str(w.lag_a), "code": "2.1", "name": "Kogukond",
                   "rate_ngo": "80", "active": "y"}),
    ("GET", "/admin/measures/<int:measure_id>"): Call(
        admin_page(), lambda w: f"/admin/measures/{w.measure}"),
    ("POST", "/admin/measures/<int:measure_id>"): Call(
        admin_page("302+"), lambda w: f"/admin/measures/{w.measure}",
        lambda w: {"lag_id": str(w.lag_a), "code": "1.1", "name": "Muudetud meede",
                   "rate_ngo": "85", "active": "y"}),
    ("GET", "/admin/users"): Call(admin_page(), lambda w: "/admin/users"),
    ("GET", "/admin/users/new"): Call(admin_page(), lambda w: "/admin/users/new"),
    ("POST", "/admin/users/new"): Call(
        admin_page("302+"), lambda w: "/admin/users/new",
        lambda w: {"email": "uus@vorumaa.ee", "name": "Uus", "role": "facilitator",
                   "lag_id": str(w.lag_a), "password": "pikk parool 123"}),
    ("GET", "/admin/tokens"): Call(admin_page(), lambda w: "/admin/tokens"),
    ("POST", "/admin/tokens/<int:token_id>/revoke"): Call(
        admin_page("302+"), lambda w: f"/admin/tokens/{w.token_ids['coordinator']}/revoke"),
    ("GET", "/admin/sign-ins"): Call(admin_page(), lambda w: "/admin/sign-ins"),
    ("GET", "/admin/users/<int:user_id>"): Call(
        admin_page(), lambda w: f"/admin/users/{w.users['facilitator']}"),
    ("POST", "/admin/users/<int:user_id>"): Call(
        admin_page("302+"), lambda w: f"/admin/users/{w.users['facilitator']}",
        lambda w: {"name": "Muudetud nimi", "role": "facilitator", "lag_id": str(w.lag_a),
                   "active": "y"}),
    # -- the JSON API: the live workshop ------------------------------------------------
    ("POST", "/api/v1/join"): Call(everyone("201+"), lambda w: "/api/v1/join",
                                   lambda w: {"code": w.code}),
    ("GET", "/api/v1/seminars"): Call(staff_api(), lambda w: "/api/v1/seminars"),
    ("POST", "/api/v1/seminars"): Call(staff_api("201+"), lambda w: "/api/v1/seminars",
                                       lambda w: {"title": "API seminar"}),
    ("GET", "/api/v1/seminars/<int:seminar_id>"): Call(
        staff_api(), lambda w: f"/api/v1/seminars/{w.seminar}"),
    ("POST", "/api/v1/seminars/<int:seminar_id>/workshops"): Call(
        staff_api("201+"), lambda w: f"/api/v1/seminars/{w.seminar}/workshops",
        lambda w: {"title": "API töötuba", "prompt": "Kuidas?"}),
    ("GET", "/api/v1/workshops/<int:workshop_id>"): Call(
        workshop_api(), lambda w: f"/api/v1/workshops/{w.workshop}"),
    ("PATCH", "/api/v1/workshops/<int:workshop_id>"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}",
        lambda w: {"title": "Muudetud API kaudu", "joining_open": False}),
    ("POST", "/api/v1/workshops/<int:workshop_id>/phase"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}/phase",
        lambda w: {"phase": "results"}),
    ("POST", "/api/v1/workshops/<int:workshop_id>/timer"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}/timer",
        lambda w: {"seconds": 120}),
    ("GET", "/api/v1/workshops/<int:workshop_id>/ideas"): Call(
        workshop_api(), lambda w: f"/api/v1/workshops/{w.workshop}/ideas",
        why="the backlog's scope: the other LAG's facilitator reads nothing of it"),
    ("GET", "/api/v1/workshops/<int:workshop_id>/participants"): Call(
        team_api("200"), lambda w: f"/api/v1/workshops/{w.workshop}/participants"),
    ("POST", "/api/v1/workshops/<int:workshop_id>/participants/remove"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}/participants/remove",
        lambda w: {"participant_ids": [w.participant]}),
    ("GET", "/api/v1/workshops/<int:workshop_id>/team"): Call(
        workshop_api("200") | {"participant": "403"},
        lambda w: f"/api/v1/workshops/{w.workshop}/team"),
    ("POST", "/api/v1/workshops/<int:workshop_id>/team"): Call(
        team_api("201+"), lambda w: f"/api/v1/workshops/{w.workshop}/team",
        lambda w: {"user_id": w.users["coordinator"]}),
    ("DELETE", "/api/v1/workshops/<int:workshop_id>/team/<int:user_id>"): Call(
        team_api("200+"),
        lambda w: f"/api/v1/workshops/{w.workshop}/team/{w.users['other_coordinator']}",
        prepare=with_co_facilitator),
    ("POST", "/api/v1/workshops/<int:workshop_id>/board-key"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}/board-key"),
    ("POST", "/api/v1/workshops/<int:workshop_id>/ideas/approve"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}/ideas/approve",
        lambda w: {"idea_ids": [w.pending_idea]}),
    ("POST", "/api/v1/workshops/<int:workshop_id>/ideas/reject"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}/ideas/reject",
        lambda w: {"idea_ids": [w.pending_idea]}),
    ("GET", "/api/v1/workshops/<int:workshop_id>/clusters"): Call(
        {**staff_api(), "other_facilitator": "403"}, lambda w: f"/api/v1/workshops/{w.workshop}/clusters"),
    ("POST", "/api/v1/workshops/<int:workshop_id>/clusters"): Call(
        team_api("201+"), lambda w: f"/api/v1/workshops/{w.workshop}/clusters",
        lambda w: {"title": "Transport", "idea_ids": [w.idea_2]}),
    ("PATCH", "/api/v1/clusters/<int:cluster_id>"): Call(
        team_api("200+"), lambda w: f"/api/v1/clusters/{w.cluster}",
        lambda w: {"title": "Liikumine ja transport"}),
    ("DELETE", "/api/v1/clusters/<int:cluster_id>"): Call(
        team_api("204+"), lambda w: f"/api/v1/clusters/{w.cluster}"),
    ("POST", "/api/v1/workshops/<int:workshop_id>/clusters/assign"): Call(
        team_api("200+"), lambda w: f"/api/v1/workshops/{w.workshop}/clusters/assign",
        lambda w: {"idea_ids": [w.idea_2], "cluster_id": w.cluster}),
    ("GET", "/api/v1/workshops/<int:workshop_id>/cluster-suggestions"): Call(
        team_api("200"), lambda w: f"/api/v1/workshops/{w.workshop}/cluster-suggestions"),
    # -- the JSON API: backlog, proposals, reference data, exports -----------------------
    ("GET", "/api/v1/ideas"): Call(staff_api(), lambda w: "/api/v1/ideas"),
    ("GET", "/api/v1/ideas/duplicates"): Call(
        editors_api("200"), lambda w: "/api/v1/ideas/duplicates",
        why="suggestions to merge are for those who merge"),
    ("GET", "/api/v1/ideas/<int:idea_id>"): Call({**staff_api(), "other_facilitator": "404"},
                                                 lambda w: f"/api/v1/ideas/{w.backlog_idea}"),
    ("POST", "/api/v1/ideas/triage"): Call(
        editors_api("200+"), lambda w: "/api/v1/ideas/triage",
        lambda w: {"action": "shortlist", "idea_ids": [w.backlog_idea]}),
    ("POST", "/api/v1/ideas/theme"): Call(
        editors_api("200+"), lambda w: "/api/v1/ideas/theme",
        lambda w: {"theme": "Liikumine", "idea_ids": [w.backlog_idea]}),
    ("POST", "/api/v1/ideas/merge"): Call(
        editors_api("200+"), lambda w: "/api/v1/ideas/merge",
        lambda w: {"target_id": w.backlog_idea, "source_ids": [w.backlog_idea_2]}),
    ("GET", "/api/v1/proposals"): Call(staff_api(), lambda w: "/api/v1/proposals"),
    ("POST", "/api/v1/proposals"): Call(
        lag_a_api("201+"), lambda w: "/api/v1/proposals",
        lambda w: {"title": "API ettepanek", "lag_id": w.lag_a}),
    ("GET", "/api/v1/proposals/<int:proposal_id>"): Call(
        staff_api(), lambda w: f"/api/v1/proposals/{w.proposal}"),
    ("PATCH", "/api/v1/proposals/<int:proposal_id>"): Call(
        lag_a_api("200+"), lambda w: f"/api/v1/proposals/{w.proposal}",
        lambda w: {"next_step": "Helistada vallale"}),
    ("POST", "/api/v1/proposals/<int:proposal_id>/status"): Call(
        lag_a_api("200+"), lambda w: f"/api/v1/proposals/{w.proposal}/status",
        lambda w: {"status": "developing"}),
    ("POST", "/api/v1/proposals/<int:proposal_id>/comments"): Call(
        lag_a_api("201+"), lambda w: f"/api/v1/proposals/{w.proposal}/comments",
        lambda w: {"note": "Kommentaar"}),
    ("GET", "/api/v1/lags"): Call(staff_api(), lambda w: "/api/v1/lags"),
    ("GET", "/api/v1/measures"): Call(staff_api(), lambda w: "/api/v1/measures"),
    ("GET", "/api/v1/exports/<kind>.<file_format>"): Call(
        staff_api(), lambda w: "/api/v1/exports/proposals.csv"),
    **PAPERWORK_ROUTES,
}


# -- socket events --------------------------------------------------------------------------

STAFF_ACK = {"anonymous": "refused", "participant": "forbidden", "other_participant": "forbidden",
             "board": "forbidden", **dict.fromkeys(STAFF, "forbidden"),
             **dict.fromkeys(TEAM, "ok+")}

EVENTS: dict[str, Call] = {
    "join": Call({**dict.fromkeys(SOCKET_ROLES, "ok"), "anonymous": "refused",
                  "other_participant": "forbidden", "other_facilitator": "forbidden"},
                 lambda w: "join", lambda w: {"workshop_id": w.workshop},
                 why="the team steers, coordinators watch; a phone or a board only its own"),
    "idea:post": Call({**STAFF_ACK, "participant": "ok+", "other_participant": "ok+"},
                      lambda w: "idea:post",
                      lambda w: {"workshop_id": w.workshop, "text": "Uus mõte",
                                 "client_id": "socket-idea"}, collecting,
                      why="a phone's idea always lands in its own workshop, whatever it names"),
    "idea:similar": Call({**dict.fromkeys(SOCKET_ROLES, "forbidden"), "anonymous": "refused",
                          "participant": "ok", "other_participant": "ok"},
                         lambda w: "idea:similar", lambda w: {"text": "Külabuss eakatele poodi"},
                         collecting, why="a phone's hint comes from its own workshop's ideas, "
                                         "which it may see; nobody else types ideas there"),
    "vote:cast": Call({**STAFF_ACK, "participant": "ok+", "other_participant": "not_found"},
                      lambda w: "vote:cast",
                      lambda w: {"idea_id": w.idea_2, "client_id": "socket-dot",
                                 "participant_id": w.ballot},
                      why="a phone votes as itself (participant_id is for staff's paper "
                          "ballots); another workshop's idea is not found"),
    "vote:retract": Call({**STAFF_ACK, "participant": "ok+", "other_participant": "not_found"},
                         lambda w: "vote:retract",
                         lambda w: {"idea_id": w.idea, "participant_id": w.ballot}),
    "phase:set": Call(STAFF_ACK, lambda w: "phase:set",
                      lambda w: {"workshop_id": w.workshop, "phase": "results"}),
    "workshop:update": Call(STAFF_ACK, lambda w: "workshop:update",
                            lambda w: {"workshop_id": w.workshop, "joining_open": False}),
    "timer:set": Call(STAFF_ACK, lambda w: "timer:set",
                      lambda w: {"workshop_id": w.workshop, "seconds": 60}),
    "idea:hide": Call(STAFF_ACK, lambda w: "idea:hide", lambda w: {"idea_id": w.idea_2}),
    "idea:edit": Call(STAFF_ACK, lambda w: "idea:edit",
                      lambda w: {"idea_id": w.idea_2, "text": "Parandatud"}),
    "idea:merge": Call(STAFF_ACK, lambda w: "idea:merge",
                       lambda w: {"target_id": w.idea, "source_ids": [w.idea_2]}),
    "ballot:add": Call(STAFF_ACK, lambda w: "ballot:add",
                       lambda w: {"workshop_id": w.workshop, "name": "Teine paber"}),
    "idea:approve": Call(STAFF_ACK, lambda w: "idea:approve",
                         lambda w: {"workshop_id": w.workshop, "idea_ids": [w.pending_idea]}),
    "idea:reject": Call(STAFF_ACK, lambda w: "idea:reject",
                        lambda w: {"workshop_id": w.workshop, "idea_ids": [w.pending_idea]}),
    "cluster:create": Call(STAFF_ACK, lambda w: "cluster:create",
                           lambda w: {"workshop_id": w.workshop, "title": "Transport"}),
    "cluster:update": Call(STAFF_ACK, lambda w: "cluster:update",
                           lambda w: {"cluster_id": w.cluster, "position": 3}),
    "cluster:delete": Call(STAFF_ACK, lambda w: "cluster:delete",
                           lambda w: {"cluster_id": w.cluster}),
    "idea:cluster": Call(STAFF_ACK, lambda w: "idea:cluster",
                         lambda w: {"idea_ids": [w.idea_2], "cluster_id": w.cluster}),
    "participants:list": Call({**STAFF_ACK, **dict.fromkeys(TEAM, "ok")},
                              lambda w: "participants:list",
                              lambda w: {"workshop_id": w.workshop}),
    "participants:remove": Call(STAFF_ACK, lambda w: "participants:remove",
                                lambda w: {"workshop_id": w.workshop,
                                           "participant_ids": [w.ballot]}),
    "*": Call({**dict.fromkeys(SOCKET_ROLES, "invalid_input"), "anonymous": "refused"},
              lambda w: "no:such-event", lambda w: {"workshop_id": w.workshop},
              why="an event the server does not know is answered, never ignored"),
}


# -- the tests -----------------------------------------------------------------------------


def route_keys(app: Flask) -> set[tuple[str, str]]:
    return {(method, rule.rule) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def socket_events() -> set[str]:
    return set(socketio.server.handlers["/"]) - {"connect", "disconnect"}


def test_every_route_and_event_has_a_row(stage):
    routes = route_keys(stage.app)
    missing = sorted(routes - set(ROUTES))
    stale = sorted(set(ROUTES) - routes)
    events_missing = sorted(socket_events() - set(EVENTS))
    events_stale = sorted(set(EVENTS) - socket_events())
    problems = [f"route without a row in ROUTES: {m} {r}" for m, r in missing]
    problems += [f"row for a route that no longer exists: {m} {r}" for m, r in stale]
    problems += [f"socket event without a row in EVENTS: {e}" for e in events_missing]
    problems += [f"row for a socket event that no longer exists: {e}" for e in events_stale]
    assert not problems, "\n" + "\n".join(problems)
    for key, call in {**ROUTES, **EVENTS}.items():
        roles = SOCKET_ROLES if isinstance(key, str) else ROLES
        assert set(call.expect) == set(roles), f"{key}: every role needs an expected answer"


def http_outcome(stage: Stage, role: str, method: str, call: Call) -> str:
    stage.restore()
    w = stage.world
    before = stage.saved_fingerprint
    if call.prepare:
        call.prepare(stage)
        before = stage.fingerprint()
    path = call.path(w)
    client = stage.client(role)
    data = call.data(w) if call.data else None
    options: dict[str, Any] = {"headers": stage.headers(role, path)}
    if data is not None:
        options["json" if path.startswith("/api/") else "data"] = data
    response = client.open(path, method=method, **options)
    changed = stage.fingerprint() != before
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/login?next=" in location:
        answer = "login"
    else:
        answer = str(response.status_code)
    return answer + ("+" if changed else "")


@pytest.mark.parametrize("key", sorted(ROUTES), ids=[f"{m} {r}" for m, r in sorted(ROUTES)])
def test_http_route(stage, key):
    method, _rule = key
    call = ROUTES[key]
    answers = {role: http_outcome(stage, role, method, call) for role in ROLES}
    wrong = {role: f"expected {call.expect[role]}, got {answers[role]}"
             for role in ROLES if answers[role] != call.expect[role]}
    assert not wrong, f"{method} {_rule} ({call.why or 'no note'}): {wrong}"


def socket_outcome(stage: Stage, role: str, call: Call) -> str:
    stage.restore()
    w = stage.world
    before = stage.saved_fingerprint
    if call.prepare:
        call.prepare(stage)
        before = stage.fingerprint()
    name, data = call.path(w), call.data(w) if call.data else None
    if role == "anonymous":
        anonymous = socketio.test_client(stage.app, auth={"token": "guessed-" + "x" * 30})
        answer = "refused" if not anonymous.is_connected() else "connected"
    else:
        socket = stage.socket(role)
        socket.get_received()
        ack = socket.emit(name, data, callback=True)
        answer = "ok" if ack.get("ok") else ack["error"]["code"]
    db.session.remove()
    return answer + ("+" if stage.fingerprint() != before else "")


@pytest.mark.parametrize("name", sorted(EVENTS))
def test_socket_event(stage, name):
    call = EVENTS[name]
    answers = {role: socket_outcome(stage, role, call) for role in SOCKET_ROLES}
    wrong = {role: f"expected {call.expect[role]}, got {answers[role]}"
             for role in SOCKET_ROLES if answers[role] != call.expect[role]}
    assert not wrong, f"{name} ({call.why or 'no note'}): {wrong}"


def test_a_closed_workshops_code_stops_letting_anyone_in(stage):
    """Closing a workshop ends its code for joining; a phone of it cannot act any more."""
    stage.restore()
    w = stage.world
    admin = staff_principal_of(stage, "admin")
    workshops.set_phase(admin, w.workshop, "results")
    workshops.set_phase(admin, w.workshop, "closed")
    db.session.remove()
    client = stage.client("anonymous")
    assert client.post("/api/v1/join", json={"code": w.code}).status_code == 404
    # The link and the welcome form say the workshop has ended (410), and let nobody in.
    assert client.get(f"/j/{w.code}").status_code == 410
    assert client.post(f"/j/{w.code}", data={"name": ""}).status_code == 410
    phone = stage.client("participant")
    assert phone.post(f"/j/{w.code}/votes", data={"idea_id": str(w.idea_2), "action": "cast",
                                                  "client_id": "late"}).status_code == 410
    ack = stage.socket("participant").emit("vote:cast", {"idea_id": w.idea_2,
                                                          "client_id": "late"}, callback=True)
    assert ack["ok"] is False and ack["error"]["code"] == "wrong_phase"
    assert client.post("/api/v1/join", json={"code": w.closed_code}).status_code == 404


def test_roles_in_the_matrix_are_the_roles_of_the_app():
    assert {role.value for role in Role} == {"admin", "coordinator", "facilitator"}
