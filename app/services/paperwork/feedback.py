"""A seminar's feedback: the form, the answers from phones and from paper, and their summary.

Every seminar starts with the default questions (facilitation.feedback), shown in the
reader's language until staff change their words. The form may change until the first
answers come in. A phone answers while its workshop's facilitator has feedback open; its set
of answers is found again by a salted hash of its rejoin token (as its entry on the list of
participants is, with another salt), so sending again replaces it and no participant id is
kept. Staff type in paper forms, each a set of its own.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from facilitation.attendance import AttendanceSource
from facilitation.errors import InvalidInput
from facilitation.feedback import (
    DEFAULT_QUESTIONS,
    MAX_QUESTIONS,
    OPEN_ANSWER_LIMIT,
    QUESTION_LIMIT,
    SCALE_HIGH,
    SCALE_LOW,
    USE_IDEAS_OPTIONS,
    Answer,
    DefaultQuestion,
    QuestionKind,
    ScaleSummary,
    check_answer,
    check_options,
    summarise_choice,
    summarise_scale,
)

from ...database import transaction
from ...extensions import db
from ...i18n import gettext as _
from ...models import FeedbackAnswer, FeedbackQuestion, FeedbackResponse, Seminar, Workshop
from .. import fields
from ..access import Principal, PrincipalKind, check_staff, participant_for_token
from ..errors import ServiceError
from ..rows import row_of
from .access import check_keeper, get_seminar, kept_seminar

RESPONDENT_SALT = b"koosloome feedback\0"


def respondent_key(token: str) -> str:
    return hashlib.sha256(RESPONDENT_SALT + token.encode()).hexdigest()


# -- the words of the default questions -------------------------------------------------------


def default_texts() -> dict[str, str]:
    return {
        DefaultQuestion.USEFUL: _("How useful was the seminar?"),
        DefaultQuestion.CAPABLE: _("How capable do you now feel of involving older people or "
                                   "people with disabilities in your activities?"),
        DefaultQuestion.USE_IDEAS: _("Will you use one of today's ideas?"),
        DefaultQuestion.MOST_USEFUL: _("What was most useful?"),
        DefaultQuestion.IMPROVE: _("What could be done better?"),
    }


def default_option_labels() -> dict[str, str]:
    return {"yes": _("Yes"), "maybe": _("Maybe"), "no": _("No")}


def scale_labels() -> dict[int, str]:
    """What the ends of every scale mean; the steps between are numbers."""
    return {SCALE_LOW: _("not at all"), SCALE_HIGH: _("very much")}


def question_text(question: FeedbackQuestion) -> str:
    if question.text:
        return question.text
    return default_texts().get(question.default_key or "", "")


def options_of(question: FeedbackQuestion) -> list[tuple[str, str]]:
    """A choice's options as (value, label): typed ones are their own value; the default
    question's are codes with labels in the reader's language."""
    if question.kind is not QuestionKind.CHOICE:
        return []
    if question.options:
        return [(label, label) for label in question.options]
    labels = default_option_labels()
    return [(code, labels[code]) for code in USE_IDEAS_OPTIONS]


def questions_of(seminar_id: int) -> list[FeedbackQuestion]:
    return list(db.session.scalars(sa.select(FeedbackQuestion).where(
        FeedbackQuestion.seminar_id == seminar_id).order_by(FeedbackQuestion.position,
                                                            FeedbackQuestion.id)))


def add_default_questions(seminar_id: int) -> None:
    """Give a new seminar the default form (inside the caller's transaction)."""
    for position, template in enumerate(DEFAULT_QUESTIONS):
        db.session.add(FeedbackQuestion(seminar_id=seminar_id, position=position,
                                        kind=template.kind, text="",
                                        default_key=template.key.value, options=[]))


def has_answers(seminar_id: int) -> bool:
    return (db.session.scalar(sa.select(sa.func.count(FeedbackResponse.id)).where(
        FeedbackResponse.seminar_id == seminar_id)) or 0) > 0


# -- the form -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Form:
    seminar: Seminar
    questions: list[FeedbackQuestion]
    locked: bool


def feedback_form(principal: Principal, seminar_id: object) -> Form:
    """The form: for staff, and for the phones of the seminar's workshops."""
    if principal.kind is PrincipalKind.ANONYMOUS:
        raise ServiceError("unauthenticated")
    seminar = get_seminar(seminar_id)
    if not principal.is_staff:
        workshop = db.session.get(Workshop, principal.workshop_id or 0)
        if workshop is None or workshop.seminar_id != seminar.id:
            raise ServiceError("forbidden")
    return Form(seminar, questions_of(seminar.id), has_answers(seminar.id))


def form_of(seminar: Seminar) -> Form:
    return Form(seminar, questions_of(seminar.id), has_answers(seminar.id))


def _question_error(index: int, name: str) -> ServiceError:
    return fields.invalid(f"questions.{index}.{name}",
                          _("Please check question %(n)s.", n=index + 1))


def save_form(principal: Principal, seminar_id: object, data: object) -> Form:
    """Replace the form's questions by ``{"questions": [{"id"?, "kind", "text", "options"}]}``.

    A listed id keeps its question (a default one keeps its own words, in every language,
    while its text is left empty or as the default reads); an entry without an id is a new
    question; a question left out is removed.
    """
    payload = fields.payload(data, field="body")
    check_staff(principal)
    entries = payload.get("questions")
    if not isinstance(entries, list) or not 1 <= len(entries) <= MAX_QUESTIONS:
        raise fields.invalid("questions")
    with transaction():
        seminar = kept_seminar(principal, seminar_id, lock=True)
        if has_answers(seminar.id):
            raise ServiceError("form_in_use")
        existing = {question.id: question for question in questions_of(seminar.id)}
        kept: list[FeedbackQuestion] = []
        for index, entry in enumerate(entries):
            kept.append(_saved_question(seminar, existing, index, entry))
        for question in existing.values():
            if question not in kept:
                db.session.delete(question)
        for position, question in enumerate(kept):
            question.position = position
    return form_of(seminar)


def _saved_question(seminar: Seminar, existing: Mapping[int, FeedbackQuestion], index: int,
                    entry: object) -> FeedbackQuestion:
    if not isinstance(entry, dict):
        raise _question_error(index, "kind")
    try:
        kind = fields.choice(entry, "kind", QuestionKind)
        text = fields.text(entry, "text", limit=QUESTION_LIMIT)
        labels = entry.get("options") or []
        if isinstance(labels, str):
            labels = labels.splitlines()
        if not isinstance(labels, list) or not all(isinstance(label, str) for label in labels):
            raise fields.invalid("options")
        labels = [fields.text({"o": label}, "o", limit=200) for label in labels]
    except ServiceError as error:
        raise _question_error(index, error.field or "text") from None
    question_id = fields.optional_id(entry, "id")
    question = existing.get(question_id) if question_id is not None else None
    if question_id is not None and question is None:
        raise _question_error(index, "id")
    if kind is None:
        kind = question.kind if question is not None else None
    if kind is None:
        raise _question_error(index, "kind")
    if question is None:
        question = FeedbackQuestion(seminar_id=seminar.id, kind=kind, text="", options=[])
        db.session.add(question)
    if kind is not question.kind:
        question.default_key = None
    question.kind = kind
    default = default_texts().get(question.default_key or "")
    question.text = "" if default is not None and text in ("", default) else text
    if not question_text(question):
        raise _question_error(index, "text")
    default_labels = [label for _value, label in options_of(question)] \
        if question.default_key == DefaultQuestion.USE_IDEAS and not question.options else []
    try:
        if kind is QuestionKind.CHOICE and question.default_key == DefaultQuestion.USE_IDEAS \
                and labels in ([], default_labels):
            question.options = []
        else:
            question.options = list(check_options(kind, labels))
    except InvalidInput:
        raise _question_error(index, "options") from None
    return question


# -- answering ------------------------------------------------------------------------------


def read_answers(questions: Iterable[FeedbackQuestion], payload: Mapping[str, Any]
                 ) -> dict[FeedbackQuestion, Answer]:
    """``{"answers": {"<question id>": value}}`` checked against the questions' kinds.

    A wrong kind or an answer out of range names ``answers.<question id>``; an id of no
    question of this form too; a set with no answer at all names ``answers``.
    """
    given = payload.get("answers")
    if not isinstance(given, dict):
        raise fields.invalid("answers")
    by_id = {str(question.id): question for question in questions}
    answers: dict[FeedbackQuestion, Answer] = {}
    for key, value in given.items():
        question = by_id.get(str(key))
        name = f"answers.{key}"
        if question is None:
            raise fields.invalid(name)
        if question.kind is QuestionKind.OPEN and isinstance(value, str):
            value = fields.text({name: value}, name, limit=OPEN_ANSWER_LIMIT, multiline=True)
        try:
            checked = check_answer(question.kind, value,
                                   [value for value, _label in options_of(question)])
        except InvalidInput:
            raise fields.invalid(name, _("Please check your answer to: %(question)s",
                                         question=question_text(question))) from None
        if checked is not None:
            answers[question] = checked
    if not answers:
        raise fields.invalid("answers", _("Please answer at least one question."))
    return answers


def _fill(response: FeedbackResponse, answers: Mapping[FeedbackQuestion, Answer]) -> None:
    response.answers = [
        FeedbackAnswer(question_id=question.id,
                       number=value if question.kind is QuestionKind.SCALE else None,
                       choice=value if question.kind is QuestionKind.CHOICE else None,
                       text=value if question.kind is QuestionKind.OPEN else "")
        for question, value in answers.items() if isinstance(value, int | str)]


def _phone(token: object) -> tuple[str, Workshop]:
    participant = participant_for_token(token)
    if participant is None or not isinstance(token, str):
        raise ServiceError("unauthenticated")
    workshop = db.session.get(Workshop, participant.workshop_id)
    assert workshop is not None
    return token, workshop


def answer_from_phone(token: object, data: object) -> tuple[FeedbackResponse, bool]:
    """The phone's set of answers for its workshop's seminar; sending again replaces it.
    Returns the set and whether it is new."""
    presented, workshop = _phone(token)
    payload = fields.payload(data, field="body")
    if not workshop.feedback_open:
        raise ServiceError("feedback_closed")
    key = respondent_key(presented)
    for attempt in range(2):
        try:
            with transaction():
                answers = read_answers(questions_of(workshop.seminar_id), payload)
                response = db.session.scalar(sa.select(FeedbackResponse).where(
                    FeedbackResponse.seminar_id == workshop.seminar_id,
                    FeedbackResponse.respondent_key == key))
                created = response is None
                if response is None:
                    response = FeedbackResponse(seminar_id=workshop.seminar_id,
                                                source=AttendanceSource.PHONE, respondent_key=key)
                    db.session.add(response)
                else:
                    response.answers = []
                    db.session.flush()
                _fill(response, answers)
            return response, created
        except sa.exc.IntegrityError:
            if attempt:  # the same phone sent twice at once; the other one came first
                raise
    raise AssertionError("unreachable")


def phone_answers(token: object) -> dict[int, Answer] | None:
    """What this phone answered last time, to fill its form again; None if it has not."""
    if participant_for_token(token) is None:
        return None
    presented, workshop = _phone(token)
    response = db.session.scalar(sa.select(FeedbackResponse).where(
        FeedbackResponse.seminar_id == workshop.seminar_id,
        FeedbackResponse.respondent_key == respondent_key(presented)))
    if response is None:
        return None
    return {answer.question_id: _value(answer) for answer in response.answers}


def _value(answer: FeedbackAnswer) -> Answer:
    if answer.number is not None:
        return answer.number
    return answer.choice if answer.choice is not None else answer.text


def answer_on_paper(principal: Principal, seminar_id: object, data: object) -> FeedbackResponse:
    """A paper form typed in by staff: a set of its own."""
    payload = fields.payload(data, field="body")
    with transaction():
        seminar = kept_seminar(principal, seminar_id)
        answers = read_answers(questions_of(seminar.id), payload)
        response = FeedbackResponse(seminar_id=seminar.id, source=AttendanceSource.PAPER)
        db.session.add(response)
        _fill(response, answers)
    return response


def set_answer_hidden(principal: Principal, answer_id: object, hidden: object) -> FeedbackAnswer:
    """Hide an open answer from the summary (it names a person, say), or show it again."""
    check_staff(principal)
    flag = fields.flag({"hidden": hidden}, "hidden")
    with transaction():
        answer = row_of(FeedbackAnswer, answer_id, "answer_id")
        question = db.session.get(FeedbackQuestion, answer.question_id)
        assert question is not None
        check_keeper(principal, get_seminar(question.seminar_id))
        if question.kind is not QuestionKind.OPEN:
            raise fields.invalid("hidden")
        answer.hidden = flag
    return answer


# -- the summary ----------------------------------------------------------------------------


@dataclass
class QuestionSummary:
    question: FeedbackQuestion
    text: str
    options: list[tuple[str, str]]
    scale: ScaleSummary | None = None
    choices: dict[str, int] | None = None
    answers: list[FeedbackAnswer] = field(default_factory=list)

    @property
    def shown_answers(self) -> list[FeedbackAnswer]:
        return [answer for answer in self.answers if not answer.hidden]

    @property
    def answered(self) -> int:
        if self.scale is not None:
            return self.scale.answered
        if self.choices is not None:
            return sum(self.choices.values())
        return len(self.answers)


@dataclass(frozen=True)
class FeedbackSummary:
    seminar: Seminar
    responses: int
    phone: int
    paper: int
    questions: list[QuestionSummary]


def summary(principal: Principal, seminar_id: object) -> FeedbackSummary:
    return summary_of(kept_seminar(principal, seminar_id))


def summary_of(seminar: Seminar) -> FeedbackSummary:
    questions = questions_of(seminar.id)
    rows = db.session.scalars(
        sa.select(FeedbackAnswer).join(FeedbackResponse)
        .where(FeedbackResponse.seminar_id == seminar.id).order_by(FeedbackAnswer.id)).all()
    by_question: dict[int, list[FeedbackAnswer]] = {}
    for row in rows:
        by_question.setdefault(row.question_id, []).append(row)
    parts = []
    for question in questions:
        answers = by_question.get(question.id, [])
        part = QuestionSummary(question, question_text(question), options_of(question))
        if question.kind is QuestionKind.SCALE:
            part.scale = summarise_scale(a.number for a in answers if a.number is not None)
        elif question.kind is QuestionKind.CHOICE:
            part.choices = summarise_choice((a.choice for a in answers if a.choice),
                                            [value for value, _label in part.options])
        else:
            part.answers = [a for a in answers if a.text]
        parts.append(part)
    sources = dict(db.session.execute(
        sa.select(FeedbackResponse.source, sa.func.count(FeedbackResponse.id))
        .where(FeedbackResponse.seminar_id == seminar.id).group_by(FeedbackResponse.source)).all())
    phone = sources.get(AttendanceSource.PHONE, 0)
    paper = sources.get(AttendanceSource.PAPER, 0)
    return FeedbackSummary(seminar, phone + paper, phone, paper, parts)


def scale_answers(seminar_ids: Iterable[int], key: DefaultQuestion) -> list[int]:
    """Every answer given to the scale question with this key, in these seminars."""
    ids = list(seminar_ids)
    if not ids:
        return []
    return list(db.session.scalars(
        sa.select(FeedbackAnswer.number).join(FeedbackQuestion)
        .where(FeedbackQuestion.seminar_id.in_(ids), FeedbackQuestion.default_key == key.value,
               FeedbackQuestion.kind == QuestionKind.SCALE, FeedbackAnswer.number.is_not(None))))


def responses_in(seminar_ids: Iterable[int]) -> int:
    ids = list(seminar_ids)
    if not ids:
        return 0
    return db.session.scalar(sa.select(sa.func.count(FeedbackResponse.id)).where(
        FeedbackResponse.seminar_id.in_(ids))) or 0


# -- JSON -----------------------------------------------------------------------------------


def question_json(question: FeedbackQuestion) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "position": question.position,
        "kind": question.kind.value,
        "text": question_text(question),
        "default_key": question.default_key,
        "options": [{"value": value, "label": label} for value, label in options_of(question)],
    }
    if question.kind is QuestionKind.SCALE:
        data["scale"] = {"low": SCALE_LOW, "high": SCALE_HIGH}
    return data


def form_json(form: Form) -> dict[str, Any]:
    return {"seminar_id": form.seminar.id, "locked": form.locked,
            "questions": [question_json(q) for q in form.questions]}


def response_json(response: FeedbackResponse) -> dict[str, Any]:
    return {"id": response.id, "seminar_id": response.seminar_id,
            "source": response.source.value,
            "answers": {str(answer.question_id): _value(answer) for answer in response.answers}}


def summary_json(found: FeedbackSummary) -> dict[str, Any]:
    questions = []
    for part in found.questions:
        data = question_json(part.question)
        data["answered"] = part.answered
        if part.scale is not None:
            data["mean"] = f"{part.scale.mean:.2f}" if part.scale.mean is not None else None
            data["distribution"] = {str(step): n for step, n in part.scale.distribution.items()}
        if part.choices is not None:
            data["choices"] = part.choices
        if part.question.kind is QuestionKind.OPEN:
            data["answers"] = [{"id": a.id, "text": a.text, "hidden": a.hidden}
                               for a in part.answers]
        questions.append(data)
    return {"seminar_id": found.seminar.id, "responses": found.responses, "phone": found.phone,
            "paper": found.paper, "questions": questions}
