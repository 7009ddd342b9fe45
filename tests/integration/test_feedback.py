"""The seminar's feedback: the default form, phones answering while the facilitator has it
open (one set each, a resend replaces it), paper forms, the value checks and the summary."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import FeedbackAnswer, FeedbackResponse
from app.services.access import staff_principal
from app.services.paperwork import feedback
from app.services.paperwork.feedback_switch import set_feedback_open
from app.services.participants import join_workshop
from tests.conftest import (
    bearer,
    board_socket,
    console_socket,
    join_phone,
    login,
    make_workshop,
    move_to,
    payloads,
    staff_headers,
)
from tests.integration.pipeline_factories import make_user


@pytest.fixture(autouse=True)
def in_english(client):
    """The pages speak English here, the words the code writes (one test asks for others)."""
    client.set_cookie("koosloome_lang", "en", domain="koosloome.test")


@pytest.fixture
def seminar(app, facilitator):
    """A workshop near its end, still voting (its door open: at results it closes), and the
    seminar's question ids by key."""
    workshop = make_workshop(facilitator, phase="voting")
    questions = {q.default_key: q.id for q in feedback.questions_of(workshop.seminar_id)}
    return workshop, questions


def answers(questions, **values):
    return {"answers": {str(questions[key]): value for key, value in values.items()}}


def test_every_new_seminar_starts_with_the_default_questions_in_the_readers_language(
        client, seminar, facilitator):
    workshop, _questions = seminar
    url = f"/api/v1/seminars/{workshop.seminar_id}/feedback-form"
    form = client.get(url, headers=staff_headers(facilitator)).get_json()
    assert [(q["default_key"], q["kind"]) for q in form["questions"]] == [
        ("useful", "scale"), ("capable", "scale"), ("use_ideas", "choice"),
        ("most_useful", "open"), ("improve", "open")]
    assert form["questions"][0]["text"] == "How useful was the seminar?"
    assert form["questions"][0]["scale"] == {"low": 1, "high": 5}
    assert [o["value"] for o in form["questions"][2]["options"]] == ["yes", "maybe", "no"]
    estonian = client.get(url + "?lang=et", headers=staff_headers(facilitator)).get_json()
    assert estonian["questions"][0]["text"] == "Kui kasulik oli seminar?"
    assert [o["label"] for o in estonian["questions"][2]["options"]] == ["Jah", "Võib-olla",
                                                                           "Ei"]
    russian = client.get(url + "?lang=ru", headers=staff_headers(facilitator)).get_json()
    assert russian["questions"][0]["text"] == "Насколько полезен был семинар?"


def test_a_phone_answers_only_while_feedback_is_open(client, seminar, facilitator):
    workshop, questions = seminar
    _participant, token = join_workshop(workshop.code)
    closed = client.post("/api/v1/feedback", json=answers(questions, useful=5),
                         headers=bearer(token))
    assert closed.status_code == 409
    assert closed.get_json()["error"]["code"] == "feedback_closed"
    set_feedback_open(staff_principal(facilitator), workshop.id, True)
    assert client.post("/api/v1/feedback", json=answers(questions, useful=5),
                       headers=bearer(token)).status_code == 201


def test_one_set_per_phone_and_sending_again_replaces_it(client, seminar, facilitator):
    workshop, questions = seminar
    set_feedback_open(staff_principal(facilitator), workshop.id, True)
    _participant, token = join_workshop(workshop.code)
    first = client.post("/api/v1/feedback", headers=bearer(token), json=answers(
        questions, useful=5, use_ideas="yes", most_useful="Töötuba"))
    again = client.post("/api/v1/feedback", headers=bearer(token), json=answers(
        questions, useful=3, capable=4))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["answers"] == {str(questions["useful"]): 3,
                                           str(questions["capable"]): 4}
    assert db.session.scalar(sa.select(sa.func.count(FeedbackResponse.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(FeedbackAnswer.id))) == 2


@pytest.mark.parametrize(("key", "value"), [
    ("useful", 0), ("useful", 6), ("useful", "viis"), ("useful", 4.5), ("useful", True),
    ("capable", [3]), ("use_ideas", "perhaps"), ("use_ideas", 1), ("most_useful", 7),
    ("most_useful", "x" * 2001)])
def test_an_answer_of_the_wrong_kind_or_out_of_range_names_its_question(
        client, seminar, facilitator, key, value):
    workshop, questions = seminar
    set_feedback_open(staff_principal(facilitator), workshop.id, True)
    _participant, token = join_workshop(workshop.code)
    refused = client.post("/api/v1/feedback", headers=bearer(token),
                          json=answers(questions, **{key: value}))
    assert refused.status_code == 400
    error = refused.get_json()["error"]
    assert (error["code"], error["field"]) == ("invalid_input", f"answers.{questions[key]}")
    assert db.session.scalar(sa.select(sa.func.count(FeedbackResponse.id))) == 0


@pytest.mark.parametrize(("body", "field"), [
    ({"answers": {"99999": 3}}, "answers.99999"), ({"answers": {}}, "answers"),
    ({"answers": []}, "answers"), ({}, "answers")])
def test_an_unknown_question_or_no_answer_at_all_is_refused(client, seminar, facilitator,
                                                           body, field):
    workshop, _questions = seminar
    url = f"/api/v1/seminars/{workshop.seminar_id}/feedback"
    refused = client.post(url, json=body, headers=staff_headers(facilitator))
    assert refused.status_code == 400
    assert refused.get_json()["error"]["field"] == field


def test_the_summary_counts_means_distributions_choices_and_shows_open_answers(
        client, seminar, facilitator):
    workshop, questions = seminar
    headers = staff_headers(facilitator)
    paper = f"/api/v1/seminars/{workshop.seminar_id}/feedback"
    for useful, choice, text in ((5, "yes", "Head näited"), (4, "yes", ""),
                                 (4, "no", "Mari Maasikas oli tore")):
        client.post(paper, headers=headers, json=answers(
            questions, useful=useful, use_ideas=choice, most_useful=text or None))
    set_feedback_open(staff_principal(facilitator), workshop.id, True)
    _participant, token = join_workshop(workshop.code)
    client.post("/api/v1/feedback", headers=bearer(token), json=answers(questions, useful=2))

    summary = client.get(f"/api/v1/seminars/{workshop.seminar_id}/feedback-summary",
                         headers=headers).get_json()
    assert (summary["responses"], summary["phone"], summary["paper"]) == (4, 1, 3)
    useful, _capable, use_ideas, most_useful, _improve = summary["questions"]
    assert (useful["answered"], useful["mean"]) == (4, "3.75")
    assert useful["distribution"] == {"1": 0, "2": 1, "3": 0, "4": 2, "5": 1}
    assert use_ideas["choices"] == {"yes": 2, "maybe": 0, "no": 1}
    named = next(a for a in most_useful["answers"] if a["text"].startswith("Mari"))

    hidden = client.patch(f"/api/v1/feedback-answers/{named['id']}", headers=headers,
                          json={"hidden": True})
    assert hidden.get_json()["hidden"] is True
    login(client, facilitator)
    page = client.get(f"/seminars/{workshop.seminar_id}/feedback").get_data(as_text=True)
    assert "Hidden from the summary" in page and "Mean: 3.75" in page
    found = feedback.summary_of(workshop.seminar)
    assert [a.text for a in found.questions[3].shown_answers] == ["Head näited"]


def test_staff_change_the_questions_until_the_first_answers(client, seminar, facilitator):
    workshop, questions = seminar
    headers = staff_headers(facilitator)
    url = f"/api/v1/seminars/{workshop.seminar_id}/feedback-form"
    changed = client.put(url, headers=headers, json={"questions": [
        {"id": questions["useful"]},
        {"id": questions["use_ideas"], "text": "Kas proovite mõnda ideed?",
         "options": ["Jah", "Ei"]},
        {"kind": "scale", "text": "Kuidas meeldis toit?"}]})
    assert changed.status_code == 200, changed.get_json()
    form = changed.get_json()["questions"]
    assert [q["text"] for q in form] == ["How useful was the seminar?",
                                         "Kas proovite mõnda ideed?", "Kuidas meeldis toit?"]
    assert [o["value"] for o in form[1]["options"]] == ["Jah", "Ei"]
    assert form[0]["default_key"] == "useful" and form[2]["default_key"] is None
    refused = client.put(url, headers=headers, json={"questions": [{"kind": "choice",
                                                                      "text": "Üks?",
                                                                      "options": ["Ainult"]}]})
    assert refused.get_json()["error"]["field"] == "questions.0.options"

    client.post(f"/api/v1/seminars/{workshop.seminar_id}/feedback", headers=headers,
                json={"answers": {str(form[1]["id"]): "Jah"}})
    locked = client.put(url, headers=headers, json={"questions": [{"id": form[0]["id"]}]})
    assert locked.status_code == 409
    assert locked.get_json()["error"]["code"] == "form_in_use"
    assert client.get(url, headers=headers).get_json()["locked"] is True


def test_opening_feedback_reaches_the_phones_and_the_screen(app, seminar, facilitator):
    workshop, _questions = seminar
    phone = join_phone(app, workshop)
    board = board_socket(app, workshop)
    console = console_socket(app, facilitator, workshop)
    phone.socket.get_received()

    set_feedback_open(staff_principal(facilitator), workshop.id, True)

    for socket in (phone.socket, board, console):
        states = payloads(socket, "state")
        assert states and states[-1]["workshop"]["feedback_open"] is True
    set_feedback_open(staff_principal(facilitator), workshop.id, True)  # already open
    assert payloads(board, "state") == []


def test_a_phone_that_only_scanned_the_screens_code_joins_when_it_answers(client, seminar,
                                                                        facilitator):
    workshop, questions = seminar
    closed = client.get(f"/j/{workshop.code}/feedback").get_data(as_text=True)
    assert "Feedback is not open right now" in closed
    set_feedback_open(staff_principal(facilitator), workshop.id, True)
    page = client.get(f"/j/{workshop.code}/feedback").get_data(as_text=True)
    assert "How useful was the seminar?" in page and 'type="radio"' in page
    bad = client.post(f"/j/{workshop.code}/feedback",
                      data={f"answers-{questions['useful']}": "9"})
    assert bad.status_code == 400 and 'aria-describedby="' in bad.get_data(as_text=True)
    sent = client.post(f"/j/{workshop.code}/feedback", data={
        f"answers-{questions['useful']}": "4", f"answers-{questions['use_ideas']}": "maybe"})
    assert sent.status_code == 302
    again = client.get(f"/j/{workshop.code}/feedback").get_data(as_text=True)
    assert "Your answers are saved" in again
    assert f'name="answers-{questions["useful"]}" value="4" checked' in again
    assert db.session.scalar(sa.select(sa.func.count(FeedbackResponse.id))) == 1


def test_at_results_the_door_is_closed_but_a_latecomer_still_gives_feedback(client, seminar,
                                                                           facilitator):
    workshop, questions = seminar
    move_to(workshop, facilitator, "results")
    db.session.refresh(workshop)
    assert workshop.joining_open is False
    refused = client.post(f"/j/{workshop.code}", data={"name": ""})
    assert refused.status_code == 409  # nothing left to do in the workshop itself
    assert client.post(f"/j/{workshop.code}/feedback", data={
        f"answers-{questions['useful']}": "5"}).status_code != 302  # feedback not asked yet
    set_feedback_open(staff_principal(facilitator), workshop.id, True)
    sent = client.post(f"/j/{workshop.code}/feedback", data={
        f"answers-{questions['useful']}": "5"})
    assert sent.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(FeedbackResponse.id))) == 1


def test_the_console_switch_works_without_javascript(client, seminar, facilitator):
    workshop, _questions = seminar
    login(client, facilitator)
    console = client.get(f"/console/workshops/{workshop.id}").get_data(as_text=True)
    assert "data-feedback-switch" in console
    switched = client.post(f"/seminars/workshops/{workshop.id}/feedback", data={"open": "1"})
    assert switched.status_code == 302 and switched.headers["Location"].endswith(
        f"/console/workshops/{workshop.id}")
    db.session.refresh(workshop)
    assert workshop.feedback_open is True
    board = client.get(f"/board/{workshop.board_key}").get_data(as_text=True)
    assert 'class="board-feedback" data-feedback-open>' in board
    assert f"/<wbr>{workshop.code}/<wbr>feedback" in board


def test_paper_forms_are_typed_in_one_after_another(client, seminar, facilitator):
    workshop, questions = seminar
    login(client, facilitator)
    url = f"/seminars/{workshop.seminar_id}/feedback/paper"
    for useful in ("5", "3"):
        assert client.post(url, data={f"answers-{questions['useful']}": useful}).status_code == 302
    empty = client.post(url, data={})
    assert empty.status_code == 400
    assert feedback.summary_of(workshop.seminar).paper == 2


def test_a_coordinator_of_another_lag_sees_no_answers(client, seminar):
    workshop, _questions = seminar
    outsider = make_user("coordinator")
    url = f"/api/v1/seminars/{workshop.seminar_id}/feedback-summary"
    assert client.get(url, headers=staff_headers(outsider)).status_code == 403
