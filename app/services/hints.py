"""The phone's hint: ideas already posted in the workshop that are like the one being typed.

While a participant types, the phone asks (`idea:similar`) after a pause; the answer is up to
three of the workshop's visible ideas, by the same similarity as every other suggestion
(facilitation.similarity) on their stored terms. Only a phone that may see others' ideas
now may ask: anyone else is refused with `forbidden`, so the hint can never show a phone an
idea it could not see on its own screen.

A hall of phones asks often and the ideas change only with the workshop's `seq`, so the
visible ideas' terms are kept per workshop and `seq`, and read again when it moves.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from facilitation.phases import ideas_visible_to_participants
from facilitation.similarity import HINT_MIN_CHARACTERS, similar_ideas
from facilitation.terms import idea_terms

from ..extensions import db
from ..models import Idea, Workshop
from . import fields
from .access import Principal, PrincipalKind
from .errors import ServiceError
from .idea_terms import terms_of
from .workshops import get_workshop

KEPT_WORKSHOPS = 64


@dataclass(frozen=True)
class _Posted:
    # The workshop's creation time tells a workshop from another with its id (a database
    # made anew, as each test does); its seq tells whether its ideas may have changed.
    created_at: datetime
    seq: int
    terms: dict[int, tuple[str, ...]]
    shown: dict[int, tuple[int | None, str]]  # id → (number, text)


_posted: OrderedDict[int, _Posted] = OrderedDict()


def similar_posted_ideas(principal: Principal, data: object) -> list[dict[str, Any]]:
    """Up to three visible ideas of the caller's workshop like the draft in ``data["text"]``,
    best first, as ``{id, number, text}``; none for a draft under twelve characters."""
    if principal.kind is not PrincipalKind.PARTICIPANT or principal.workshop_id is None:
        raise ServiceError("forbidden")
    workshop = get_workshop(principal.workshop_id)
    if not ideas_visible_to_participants(workshop.phase,
                                         phones_see_ideas=workshop.phones_see_ideas):
        raise ServiceError("forbidden")
    text = fields.text(fields.fields_of(data), "text", limit=workshop.idea_max_length,
                       multiline=True)
    if len(text) < HINT_MIN_CHARACTERS:
        return []
    draft = idea_terms(text, workshop.language)
    if not draft:
        return []
    posted = _posted_ideas(workshop)
    return [{"id": idea_id, "number": posted.shown[idea_id][0], "text": posted.shown[idea_id][1]}
            for idea_id, _score in similar_ideas(draft, posted.terms)]


def _posted_ideas(workshop: Workshop) -> _Posted:
    kept = _posted.get(workshop.id)
    if kept is not None and (kept.created_at, kept.seq) == (workshop.created_at, workshop.seq):
        _posted.move_to_end(workshop.id)
        return kept
    visible = (Idea.workshop_id == workshop.id, Idea.hidden.is_(False),
               Idea.pending.is_(False), Idea.merged_into_id.is_(None))
    shown = {idea_id: (number, text) for idea_id, number, text in db.session.execute(
        sa.select(Idea.id, Idea.number, Idea.text).where(*visible))}
    terms = {idea_id: found for idea_id, found in
             terms_of(sa.select(Idea.id).where(*visible)).items() if idea_id in shown}
    kept = _posted[workshop.id] = _Posted(workshop.created_at, workshop.seq, terms, shown)
    _posted.move_to_end(workshop.id)
    while len(_posted) > KEPT_WORKSHOPS:
        _posted.popitem(last=False)
    return kept
