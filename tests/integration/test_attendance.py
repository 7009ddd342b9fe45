"""The list of participants: from phones, from paper and in advance; its counts; its keepers;
its removal; and that it never meets the anonymous ideas and dots."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from app.extensions import db
from app.models import Attendee, LagMunicipality, Participant, Seminar, Workshop
from app.services import workshops
from app.services.access import staff_principal
from app.services.paperwork import attendance
from app.services.participants import join_workshop
from facilitation.attendance import municipality_key
from tests.conftest import bearer, join_phone, login, make_workshop, post_idea, staff_headers
from tests.integration.pipeline_factories import make_lag, make_user

PERSON = {"name": "Mari Maasikas", "organisation": "MTÜ Rõngu Külaselts",
          "background": "community", "municipality": "Elva vald", "consent": True}


@pytest.fixture
def areas(app):
    """Two LAGs and their areas: Võru vald is Võrumaa's, Elva vald Tartumaa's."""
    voru, tartu = make_lag("Võrumaa Partnerluskogu"), make_lag("Tartumaa Arendusselts")
    db.session.add_all([LagMunicipality(lag_id=voru.id, name="Võru vald",
                                        key=municipality_key("Võru vald")),
                        LagMunicipality(lag_id=tartu.id, name="Elva vald",
                                        key=municipality_key("Elva vald"))])
    db.session.commit()
    return voru, tartu


@pytest.fixture
def live(app, areas):
    """A seminar of Tartumaa's with a workshop collecting ideas, run by its facilitator."""
    facilitator = make_user("facilitator", areas[1])
    workshop = make_workshop(facilitator, phase="collecting")
    seminar = db.session.get(Seminar, workshop.seminar_id)
    seminar.lags = [areas[1]]
    db.session.commit()
    return facilitator, workshop


def test_a_phone_registers_once_and_sending_again_changes_the_same_entry(client, live):
    _facilitator, workshop = live
    _participant, token = join_workshop(workshop.code)
    first = client.post("/api/v1/attendance", json=PERSON, headers=bearer(token))
    again = client.post("/api/v1/attendance", headers=bearer(token),
                        json={**PERSON, "organisation": "Elva Vallavalitsus"})
    assert first.status_code == 201 and again.status_code == 200
    assert first.get_json()["id"] == again.get_json()["id"]
    rows = db.session.scalars(sa.select(Attendee)).all()
    assert [(a.name, a.organisation, a.source.value) for a in rows] == [
        ("Mari Maasikas", "Elva Vallavalitsus", "phone")]
    assert rows[0].seminar_id == workshop.seminar_id and rows[0].consent


@pytest.mark.parametrize("consent", [None, False, "", "no"])
def test_registering_without_consent_is_refused_naming_consent(client, live, consent):
    _participant, token = join_workshop(live[1].code)
    body = {**PERSON, "consent": consent} if consent is not None else {
        k: v for k, v in PERSON.items() if k != "consent"}
    answer = client.post("/api/v1/attendance", json=body, headers=bearer(token))
    assert answer.status_code == 400
    assert answer.get_json()["error"]["code"] == "invalid_input"
    assert answer.get_json()["error"]["field"] == "consent"
    assert db.session.scalar(sa.select(sa.func.count(Attendee.id))) == 0


def test_the_phone_step_is_optional_and_shows_the_consent_with_its_retention(app, client, live):
    workshop = live[1]
    client.set_cookie("koosloome_lang", "en", domain="koosloome.test")
    joined = client.post(f"/j/{workshop.code}", data={"name": ""})
    assert joined.status_code == 302
    phone = client.get(f"/j/{workshop.code}").get_data(as_text=True)
    assert f"/j/{workshop.code}/register" in phone
    page = client.get(f"/j/{workshop.code}/register").get_data(as_text=True)
    assert "5 years" in page and "never linked to your ideas or dots" in page
    refused = client.post(f"/j/{workshop.code}/register", data={"name": "Mari"})
    assert refused.status_code == 400 and 'aria-invalid="true"' in refused.get_data(as_text=True)
    done = client.post(f"/j/{workshop.code}/register",
                       data={"name": "Mari", "municipality": "Elva vald", "consent": "1"})
    assert done.status_code == 302
    again = client.get(f"/j/{workshop.code}/register").get_data(as_text=True)
    assert "You are on the list of participants" in again and 'value="Mari"' in again


def test_an_attendee_is_never_listed_beside_ideas(app, client, live):
    """No column of the list names a participant; no view of ideas names an attendee."""
    inspector = sa.inspect(db.engine)
    for table in ("attendees", "feedback_responses", "feedback_answers"):
        columns = {column["name"] for column in inspector.get_columns(table)}
        referred = {key["referred_table"] for key in inspector.get_foreign_keys(table)}
        assert not {"participant_id", "idea_id", "vote_id", "workshop_id"} & columns, table
        assert not {"participants", "ideas", "votes", "workshops"} & referred, table
    # No time of day on an entry to line up with when a phone posted its ideas.
    assert "created_at" not in {c["name"] for c in inspector.get_columns("attendees")}

    staff, workshop = live
    phone = join_phone(app, workshop)
    idea = post_idea(phone, "Külabuss eakatele")
    client.post("/api/v1/attendance", headers=bearer(phone.token),
                json={**PERSON, "name": "Kadri Registreeritud"})
    entry = db.session.scalar(sa.select(Attendee))
    participant = db.session.get(Participant, phone.participant_id)
    assert entry.phone_key not in (participant.token_hash, phone.token)
    assert entry.phone_key == attendance.phone_key(phone.token)  # only the token finds it

    headers = staff_headers(staff)
    listed = client.get(f"/api/v1/seminars/{workshop.seminar_id}/attendees", headers=headers)
    assert all(set(a) >= {"name"} and not {"participant_id", "idea_ids", "votes"} & set(a)
               for a in listed.get_json()["attendees"])
    login(client, staff)
    for url in (f"/api/v1/workshops/{workshop.id}/ideas", f"/api/v1/ideas/{idea['id']}",
                "/api/v1/ideas", "/api/v1/exports/ideas.csv",
                f"/reports/seminars/{workshop.seminar_id}", f"/backlog/ideas/{idea['id']}",
                f"/console/workshops/{workshop.id}", f"/api/v1/workshops/{workshop.id}"):
        text = client.get(url, headers=headers).get_data(as_text=True)
        assert "Kadri Registreeritud" not in text, url

    pdf = client.get(f"/api/v1/seminars/{workshop.seminar_id}/evidence.pdf", headers=headers)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages]
    workshops_part = "\n".join(pages)[
        "\n".join(pages).rindex("4. Workshops"):"\n".join(pages).rindex("5. Proposals")]
    assert "Külabuss eakatele" in workshops_part
    assert "Kadri Registreeritud" not in workshops_part


def test_paper_and_advance_entries_and_the_counts(client, live, areas):
    staff, workshop = live
    headers = staff_headers(staff)
    url = f"/api/v1/seminars/{workshop.seminar_id}/attendees"
    for body in ({"name": "Paber Üks", "background": "municipality", "municipality": "Võru vald"},
                 {"name": "Paber Kaks", "municipality": "võru  VALD"},
                 {"name": "Ette Kolm", "background": "entrepreneur", "municipality": "Tallinn",
                  "source": "advance"}):
        assert client.post(url, json=body, headers=headers).status_code == 201
    _participant, token = join_workshop(workshop.code)
    client.post("/api/v1/attendance", json=PERSON, headers=bearer(token))

    counts = client.get(url, headers=headers).get_json()["counts"]
    voru, tartu = areas
    assert counts == {
        "total": 3, "paper": 2, "phone": 1, "advance": 0, "registered_not_present": 1,
        "by_background": {"community": 1, "entrepreneur": 0, "municipality": 1,
                          "organisation": 0, "other": 0, "unknown": 1},
        "by_municipality": {"Võru vald": 2, "Elva vald": 1},
        "by_lag": {str(voru.id): 2, str(tartu.id): 1}}

    advance = db.session.scalar(sa.select(Attendee).where(Attendee.name == "Ette Kolm"))
    checked = client.post(f"/api/v1/attendees/{advance.id}/check-in", headers=headers,
                          json={"checked_in": True})
    assert checked.get_json()["checked_in"] is True
    counts = client.get(url, headers=headers).get_json()["counts"]
    assert (counts["total"], counts["advance"], counts["by_lag"]["unknown"]) == (4, 1, 1)
    gone = client.delete(f"/api/v1/attendees/{advance.id}", headers=headers)
    assert gone.status_code == 204
    assert client.get(url, headers=headers).get_json()["counts"]["total"] == 3


def test_the_registration_link_signs_people_up_until_it_is_closed(client, live):
    staff, workshop = live
    link = attendance.set_registration(staff_principal(staff), workshop.seminar_id, True)
    page = client.get(f"/r/{link.key}")
    assert page.status_code == 200
    assert client.post(f"/r/{link.key}", data={"name": "Ette Registreerija"}).status_code == 400
    done = client.post(f"/r/{link.key}", data={"name": "Ette Registreerija", "consent": "1"})
    assert done.status_code == 200 and "Ette Registreerija" in done.get_data(as_text=True)
    entry = db.session.scalar(sa.select(Attendee))
    assert (entry.source.value, entry.checked_in) == ("advance", False)
    attendance.set_registration(staff_principal(staff), workshop.seminar_id, False)
    assert client.get(f"/r/{link.key}").status_code == 404
    assert client.get("/r/not-the-key-at-all").status_code == 404


def test_the_sign_in_sheet_lists_the_advance_names_then_numbered_blank_rows(client, live):
    staff, workshop = live
    headers = staff_headers(staff)
    client.post(f"/api/v1/seminars/{workshop.seminar_id}/attendees", headers=headers,
                json={"name": "Ette Registreerija", "source": "advance"})
    login(client, staff)
    sheet = client.get(f"/seminars/{workshop.seminar_id}/sign-in-sheet.pdf")
    assert sheet.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(sheet.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Ette Registreerija" in text and "Signature" in text and "\n30\n" in f"\n{text}\n"
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_attendance_is_kept_by_its_seminars_own_people_only(client, live, areas):
    owner, workshop = live
    url = f"/api/v1/seminars/{workshop.seminar_id}/attendees"
    allowed = [owner, make_user("coordinator", areas[1]), make_user("admin")]
    refused = [make_user("coordinator", areas[0]), make_user("facilitator", areas[1])]
    for user in allowed:
        assert client.get(url, headers=staff_headers(user)).status_code == 200, user.role
    for user in refused:
        assert client.get(url, headers=staff_headers(user)).status_code == 403, user.role
    _participant, token = join_workshop(workshop.code)
    assert client.get(url, headers=bearer(token)).status_code == 403
    assert client.get(url).status_code == 401
    # A facilitator who runs a workshop in someone else's seminar keeps its papers too.
    other = refused[1]
    workshops.create_workshop(staff_principal(other), workshop.seminar_id,
                              {"title": "Teine töötuba", "prompt": "Kuidas?"})
    assert client.get(url, headers=staff_headers(other)).status_code == 200


def test_anonymise_removes_names_after_the_retention_and_keeps_the_counts(app, runner, live):
    staff, workshop = live
    attendance.add_attendee(staff_principal(staff), workshop.seminar_id, {
        "name": "Vana Osaleja", "organisation": "MTÜ", "email": "vana@example.ee",
        "background": "community", "municipality": "Elva vald"})
    fresh = make_workshop(staff)
    attendance.add_attendee(staff_principal(staff), fresh.seminar_id, {"name": "Uus Osaleja"})
    old = db.session.get(Seminar, workshop.seminar_id)
    old.starts_on = date.today() - timedelta(days=app.config["ATTENDANCE_RETENTION_DAYS"] + 2)
    db.session.commit()

    result = runner.invoke(args=["anonymise", "--expired"])

    assert result.exit_code == 0, result.output
    assert "1 entries on its list of participants anonymised" in result.output
    rows = {a.seminar_id: a for a in db.session.scalars(sa.select(Attendee))}
    gone, kept = rows[workshop.seminar_id], rows[fresh.seminar_id]
    assert (gone.name, gone.organisation, gone.email, gone.phone_key) == ("", "", "", None)
    assert (gone.background.value, gone.municipality) == ("community", "Elva vald")
    assert kept.name == "Uus Osaleja"
    assert attendance.attendance_of(old).counts.total == 1


def test_anonymise_one_seminars_list_at_once(runner, live):
    staff, workshop = live
    attendance.add_attendee(staff_principal(staff), workshop.seminar_id, {"name": "Mari"})
    result = runner.invoke(args=["anonymise", "--seminar", str(workshop.seminar_id)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(sa.select(Attendee.name)) == ""
    assert db.session.scalar(sa.select(sa.func.count(Workshop.id))) == 1
