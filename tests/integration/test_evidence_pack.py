"""The evidence pack for the payment claim: one real, A4, tagged PDF with the agenda under the
logos, the list of participants with its counts, the feedback summary, each workshop's
ranking (ties share a rank) and the proposals; its spreadsheet; and the logos it prints."""

from __future__ import annotations

import io
import re

import pytest
from flask import g
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from app.services.access import staff_principal
from app.services.errors import ServiceError
from app.services.paperwork import agenda, attendance, feedback, logos
from app.services.paperwork.feedback_switch import set_feedback_open
from app.services.participants import join_workshop
from app.web.pdf import _fetcher
from tests.conftest import cast, join_phone, make_workshop, move_to, post_idea, staff_headers
from tests.integration.pipeline_factories import make_lag, make_proposal, make_user, move_proposal

SVG_LOGO = (b'<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40">'
            b'<rect width="60" height="40" fill="#039"/></svg>')


@pytest.fixture
def seminar(app):
    """A finished workshop with tied ideas, a list of participants, feedback and a proposal."""
    lag = make_lag("Tartumaa Arendusselts")
    owner = make_user("coordinator", lag)
    me = staff_principal(owner)
    workshop = make_workshop(owner, phase="collecting")
    phones = [join_phone(app, workshop) for _ in range(3)]
    ideas = {text: post_idea(phones[0], text)["id"] for text in (
        "Külabuss eakatele", "Sõbrapäevad", "Ligipääsetav matkarada")}
    move_to(workshop, owner, "voting")
    for phone in phones[:2]:
        cast(phone, ideas["Külabuss eakatele"])
        cast(phone, ideas["Sõbrapäevad"])
    cast(phones[2], ideas["Ligipääsetav matkarada"])
    move_to(workshop, owner, "results")
    agenda.add_item(me, workshop.seminar_id, {"starts_at": "10:00", "ends_at": "10:15",
                                              "title": "Avasõnad", "speaker": "Kadri Kask",
                                              "organisation": "Tartu Ülikool"})
    for name, background in (("Anne Sepp", "community"), ("Toomas Kuusk", "municipality")):
        attendance.add_attendee(me, workshop.seminar_id, {"name": name,
                                                          "background": background})
    attendance.register_from_phone(phones[0].token, {"name": "Liis Rebane", "consent": True})
    set_feedback_open(me, workshop.id, True)
    questions = {q.default_key: q.id for q in feedback.questions_of(workshop.seminar_id)}
    for phone, useful, text in ((phones[0], 5, "Head näited"), (phones[1], 4, "Mari Kask!")):
        feedback.answer_from_phone(phone.token, {"answers": {
            str(questions["useful"]): useful, str(questions["most_useful"]): text}})
    hidden = [a for a in feedback.summary_of(workshop.seminar).questions[3].answers
              if a.text == "Mari Kask!"][0]
    feedback.set_answer_hidden(me, hidden.id, True)
    proposal = make_proposal(owner, lag, title="Külabuss Elva vallas",
                             seminar_id=workshop.seminar_id, budget_total="18000.00",
                             support_requested="12743.68", own_contribution_cash="5256.32")
    move_proposal(owner, proposal, "developing")
    admin = staff_principal(make_user("admin"))
    logos.add_logo(admin, "EL lipp", SVG_LOGO)
    logos.add_logo(admin, "LEADER logo", png())
    g.__dict__.clear()  # the requests below choose their language afresh
    return owner, workshop


def pdf_text(client, owner, seminar_id) -> tuple[PdfReader, str]:
    answer = client.get(f"/api/v1/seminars/{seminar_id}/evidence.pdf",
                        headers=staff_headers(owner))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.mimetype == "application/pdf"
    assert answer.headers["Cache-Control"] == "no-store"
    reader = PdfReader(io.BytesIO(answer.data))
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_evidence_pack_holds_every_part_of_the_claim_as_text(client, seminar):
    owner, workshop = seminar
    reader, text = pdf_text(client, owner, workshop.seminar_id)
    for part in ("1. Agenda", "2. List of participants", "3. Summary of the participants'",
                 "4. Workshops", "5. Proposals that came from the seminar"):
        assert text.count(part) >= 2, part  # in the contents and as the heading
    assert "Avasõnad" in text and "Kadri Kask" in text and "Tartu Ülikool" in text
    for name in ("Anne Sepp", "Toomas Kuusk", "Liis Rebane"):
        assert name in text
    assert "Took part 3" in text and "Without a phone (paper sign-in) 2" in text
    assert re.search(r"Mean: 4\.50", text) and "Head näited" in text
    assert "Mari Kask!" not in text and "1 answer is left out" in text
    assert "Külabuss Elva vallas" in text and "Being developed" in text and "70.80" in text


def test_tied_ideas_share_a_rank_in_the_pack(client, seminar):
    owner, workshop = seminar
    _reader, text = pdf_text(client, owner, workshop.seminar_id)
    ranking = text[text.rindex("4. Workshops"):text.rindex("5. Proposals")]
    assert workshop.prompt in ranking
    rows = re.findall(r"(\d)\.\s*(Külabuss eakatele|Sõbrapäevad|Ligipääsetav matkarada)\s*(\d)",
                      ranking)
    assert sorted(rows) == [("1", "Külabuss eakatele", "2"), ("1", "Sõbrapäevad", "2"),
                            ("3", "Ligipääsetav matkarada", "1")]


def test_the_pack_is_a_tagged_a4_pdf_in_the_readers_language(client, seminar):
    owner, workshop = seminar
    reader, _text = pdf_text(client, owner, workshop.seminar_id)
    for page in reader.pages:
        width, height = (float(v) for v in page.mediabox.upper_right)
        assert (round(width), round(height)) == (595, 842)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en"
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title.startswith("Evidence pack:")


def test_the_pack_draws_the_logos_and_nothing_from_outside(client, seminar):
    owner, workshop = seminar
    reader, _text = pdf_text(client, owner, workshop.seminar_id)
    pictures = [name for page in reader.pages
                for name in (page.get("/Resources", {}).get("/XObject") or {})]
    assert pictures, "the PNG logo is drawn (an SVG one is drawn as paths)"
    fetch = _fetcher()
    for address in ("file:///etc/passwd", "http://127.0.0.1:1/x.png", "https://example.org/"):
        with pytest.raises(ValueError):
            fetch.fetch(address)


def test_the_spreadsheet_holds_the_list_and_every_set_of_answers(client, seminar):
    owner, workshop = seminar
    answer = client.get(f"/api/v1/seminars/{workshop.seminar_id}/evidence.xlsx",
                        headers=staff_headers(owner))
    book = load_workbook(io.BytesIO(answer.data))
    people, answers = book.worksheets
    assert [row[1] for row in people.iter_rows(min_row=3, values_only=True)] == [
        "Anne Sepp", "Liis Rebane", "Toomas Kuusk"]
    assert people["D3"].value == "Village or community member" and people["D2"].value == "background"
    rows = list(answers.iter_rows(min_row=3, values_only=True))
    assert [row[2] for row in rows] == [5, 4]  # the first question: how useful
    assert "Mari Kask!" not in {cell for row in rows for cell in row}
    assert all("@" not in str(cell) for row in people.iter_rows(values_only=True)
               for cell in row), "emails stay out of the annex"


def test_a_staff_member_who_keeps_no_papers_gets_no_pack(client, seminar):
    _owner, workshop = seminar
    other = make_user("coordinator", make_lag("Võrumaa Partnerluskogu"))
    answer = client.get(f"/api/v1/seminars/{workshop.seminar_id}/evidence.pdf",
                        headers=staff_headers(other))
    assert answer.status_code == 403 and answer.mimetype == "application/json"
    _participant, token = join_workshop(workshop.code, for_feedback=True)  # a phone at the end
    assert client.get(f"/api/v1/seminars/{workshop.seminar_id}/evidence.pdf",
                      headers={"Authorization": f"Bearer {token}"}).status_code == 403


# -- the logos ---------------------------------------------------------------------------------


def png(size: tuple[int, int] = (40, 20), **info: object) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, "green")
    image.save(out, "PNG", **info)
    return out.getvalue()


def test_an_svg_logo_keeps_its_drawing_and_loses_scripts_and_outside_references():
    drawing = (b'<?xml version="1.0"?><!-- a comment --><svg xmlns="http://www.w3.org/2000/svg" '
               b'xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="40" '
               b'onload="alert(1)"><script>alert(1)</script><style>@import url(//x.ee/a.css);'
               b'</style><a href="javascript:alert(1)"><rect width="9" height="9"/></a>'
               b'<image href="https://x.ee/p.png"/><foreignObject><p>x</p></foreignObject>'
               b'<rect width="5" height="5" fill="url(#g)" style="fill:url(https://x.ee/);stroke:red"/>'
               b'<use xlink:href="https://x.ee/#a"/><use xlink:href="#g"/><text x="1">LEADER</text>'
               b'</svg>')
    checked = logos.check_logo(drawing)
    svg = checked.content.decode()
    assert (checked.media_type, checked.width, checked.height) == ("image/svg+xml", 120, 40)
    for gone in ("script", "onload", "alert", "style>", "@import", "javascript", "<image",
                 "foreignObject", "x.ee", "<a "):
        assert gone not in svg, gone
    assert 'fill="url(#g)"' in svg and 'href="#g"' in svg and ">LEADER<" in svg
    assert "stroke:red" in svg


@pytest.mark.parametrize("content", [
    b'<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
    b"<svg xmlns='http://www.w3.org/2000/svg'><rect/></svg>",  # no size
    b"GIF89a" + b"\0" * 40, b"not a picture", b"", png()[:40],
    b"<html><svg></svg></html>"])
def test_anything_but_a_png_jpeg_or_sane_svg_is_refused(content):
    with pytest.raises(ServiceError) as refused:
        logos.check_logo(content)
    assert refused.value.field == "file"


def test_a_bitmap_logo_is_checked_and_saved_again_without_its_metadata():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "58.0 N, 26.0 E")
    checked = logos.check_logo(png(pnginfo=info))
    assert (checked.media_type, checked.width, checked.height) == ("image/png", 40, 20)
    assert b"Location" not in checked.content
    jpeg = io.BytesIO()
    Image.new("RGB", (30, 30), "blue").save(jpeg, "JPEG")
    assert logos.check_logo(jpeg.getvalue()).media_type == "image/jpeg"


def test_a_logo_over_one_megabyte_is_refused():
    with pytest.raises(ServiceError):
        logos.check_logo(SVG_LOGO[:-6] + b"<!--" + b"x" * (1024 * 1024) + b"--></svg>")


def test_an_admin_uploads_logos_that_every_page_and_pdf_then_shows(client, app):
    from tests.conftest import login

    admin = make_user("admin")
    login(client, admin)
    added = client.post("/admin/logos", data={"name": "EL lipp",
                                              "file": (io.BytesIO(png()), "lipp.png")})
    assert added.status_code == 302
    refused = client.post("/admin/logos", data={"name": "Vale",
                                                "file": (io.BytesIO(b"%PDF-1.4"), "x.pdf")})
    assert refused.status_code == 400
    [logo] = logos.logos()
    shown = client.get(f"/logos/{logo.id}")
    assert shown.mimetype == "image/png"
    assert "default-src 'none'" in shown.headers["Content-Security-Policy"]


def test_each_group_of_ideas_carries_its_ideas_dots_together(app):
    """The pack's groups table shows each cluster's dots, as the board does at results."""
    from app.services import clusters
    from app.services.paperwork.evidence import evidence_pack
    from tests.conftest import as_staff

    owner = make_user("coordinator", make_lag("Tartumaa Arendusselts"))
    workshop = make_workshop(owner, phase="collecting")
    phones = [join_phone(app, workshop) for _ in range(2)]
    ideas = [post_idea(phones[0], text)["id"] for text in (
        "Külabuss eakatele", "Vallabuss kord nädalas", "Sõbrapäevad", "Ligipääsetav matkarada")]
    clusters.create_cluster(as_staff(owner), {
        "workshop_id": workshop.id, "title": "Transport", "idea_ids": ideas[:2]})
    clusters.create_cluster(as_staff(owner), {"workshop_id": workshop.id, "title": "Üksildus",
                                              "idea_ids": [ideas[2]]})
    clusters.create_cluster(as_staff(owner), {"workshop_id": workshop.id, "title": "Tühi"})
    move_to(workshop, owner, "voting")
    for phone in phones:
        cast(phone, ideas[0])
        cast(phone, ideas[1])
    cast(phones[0], ideas[2])
    cast(phones[1], ideas[3])  # in no group: counted in no group's total
    move_to(workshop, owner, "results")
    pack = evidence_pack(staff_principal(owner), workshop.seminar_id)
    assert [(group.title, len(group.idea_ids), group.dots)
            for group in pack.groups[workshop.id]] == [
        ("Transport", 2, 4), ("Üksildus", 1, 1), ("Tühi", 0, 0)]
