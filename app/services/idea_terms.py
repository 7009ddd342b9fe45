"""Ideas' stored terms (facilitation.terms): written with every change to an idea's text, read
by the backlog's search, the duplicate and cluster suggestions and the phone's hint. A
proposal's title and summary have theirs too, for the proposal list's search.

Every writer of an idea's text or details calls ``store_terms`` inside its own transaction,
so the terms are never older than the text. A query never analyses a row: search turns each
query word into prefix ranges on the `idea_terms` primary key, the same SQL on SQLite and
PostgreSQL (docs/language.md).
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import get_locale

from facilitation.morphology import ENGLISH, ESTONIAN, LANGUAGES
from facilitation.terms import QueryWord, idea_terms, prefix_range, query_words, warm_up

from ..extensions import db
from ..models import Idea, IdeaTerm, Proposal, ProposalTerm, Workshop, proposal_ideas

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WarmUp:
    """What `warm_up_text_analysis` loaded, how long it took, and the process's memory."""

    morphology: str
    languages: tuple[str, ...]
    seconds: float
    rss_before_mb: float
    rss_after_mb: float


def languages_in_use(configured: Iterable[str] = ()) -> tuple[str, ...]:
    """The languages whose dictionaries a server reads at start: those configured, or else
    Estonian and English (Latin-script words are looked up in both) and the languages of
    the stored workshops."""
    chosen = {language for language in configured if language in LANGUAGES}
    if not chosen:
        chosen = {ESTONIAN, ENGLISH}
        try:
            chosen.update(db.session.scalars(sa.select(Workshop.language).distinct()))
        except sa.exc.SQLAlchemyError as error:  # no database yet: the rest loads on first use
            log.warning("workshop languages unknown: %s", str(error).splitlines()[0])
        finally:
            db.session.remove()
    return tuple(language for language in LANGUAGES if language in chosen)


def warm_up_text_analysis(configured: Iterable[str] = ()) -> WarmUp:
    """Load the text analysis before the server listens, so no request waits for it.

    If it cannot be loaded, facilitation.terms logs that once and plain words are used.
    """
    languages = languages_in_use(configured)
    before, started = rss_mb(), time.perf_counter()
    name = warm_up(languages)
    done = WarmUp(name, languages, time.perf_counter() - started, before, rss_mb())
    log.info("text analysis %s ready for %s in %.1f s; memory %.0f → %.0f MB", done.morphology,
             ", ".join(languages), done.seconds, done.rss_before_mb, done.rss_after_mb)
    return done


def prepare_language(language: str) -> None:
    """Read a workshop language's dictionaries when the workshop is made, not in its hall."""
    warm_up([language])


def rss_mb() -> float:
    """This process's resident memory, in MB (0 where /proc is not there)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def terms_for(text: str, details: str, language: str) -> tuple[str, ...]:
    """The terms an idea with this text and details stores, in its workshop's language."""
    return idea_terms(f"{text} {details}", language)


def store_terms(idea: Idea, language: str) -> None:
    """Replace the idea's stored terms with those of its text and details (the caller's
    transaction; the idea is flushed first so it has its id)."""
    db.session.flush()
    db.session.execute(sa.delete(IdeaTerm).where(IdeaTerm.idea_id == idea.id))
    rows = [{"term": term, "idea_id": idea.id}
            for term in terms_for(idea.text, idea.details, language)]
    if rows:
        db.session.execute(sa.insert(IdeaTerm), rows)


def terms_of(idea_ids: sa.Select[int] | Sequence[int]) -> dict[int, tuple[str, ...]]:
    """The stored terms of these ideas (ids, or a query of ids), by idea id."""
    found: dict[int, list[str]] = defaultdict(list)
    for idea_id, term in db.session.execute(
            sa.select(IdeaTerm.idea_id, IdeaTerm.term).where(IdeaTerm.idea_id.in_(idea_ids))):
        found[idea_id].append(term)
    return {idea_id: tuple(terms) for idea_id, terms in found.items()}


def query_language() -> str | None:
    """The language a search query is most likely in: the reader's (a hint, no more)."""
    if not has_request_context():
        return None
    locale = get_locale()
    return locale.language if locale is not None else None


def _begins(term: sa.orm.QueryableAttribute[str], word: QueryWord) -> sa.ColumnElement[bool]:
    """A stored term that one of the query word's forms begins: each form is a range on the
    primary key (`term >= 'buss' AND term < 'bust'`); no LIKE, so `%` and `_` are plain
    characters, and the comparison is by code points on both databases."""
    return sa.or_(*[sa.and_(term >= low, term < high)
                    for low, high in map(prefix_range, word.prefixes)])


def matching(query: Iterable[QueryWord]) -> sa.ColumnElement[bool]:
    """Ideas that have, for every query word, a term that one of its forms begins. A query
    with no words (only punctuation, say) finds nothing."""
    conditions = [Idea.id.in_(sa.select(IdeaTerm.idea_id).where(_begins(IdeaTerm.term, word)))
                  for word in query]
    return sa.and_(*conditions) if conditions else sa.false()


def search_condition(query: str) -> sa.ColumnElement[bool]:
    """The backlog's text search: every word of ``query`` begins one of the idea's terms."""
    return matching(query_words(query, query_language()))


def proposal_language(proposal: Proposal) -> str:
    """The language a proposal's text is analysed in: its workshop's, or else Estonian."""
    return proposal.workshop.language if proposal.workshop is not None else ESTONIAN


def store_proposal_terms(proposal: Proposal) -> None:
    """Replace the proposal's stored terms with those of its title and summary (the caller's
    transaction; flushed first so a new proposal has its id)."""
    db.session.flush()
    db.session.execute(sa.delete(ProposalTerm).where(ProposalTerm.proposal_id == proposal.id))
    rows = [{"term": term, "proposal_id": proposal.id}
            for term in terms_for(proposal.title, proposal.summary, proposal_language(proposal))]
    if rows:
        db.session.execute(sa.insert(ProposalTerm), rows)


def proposal_search_condition(query: str) -> sa.ColumnElement[bool]:
    """The proposal list's text search: every word of ``query`` begins a term of the
    proposal's title and summary or of one of its source ideas (one word may match the
    title, another an idea)."""
    conditions = []
    for word in query_words(query, query_language()):
        own = sa.select(ProposalTerm.proposal_id).where(_begins(ProposalTerm.term, word))
        of_ideas = (sa.select(proposal_ideas.c.proposal_id)
                    .join(IdeaTerm, IdeaTerm.idea_id == proposal_ideas.c.idea_id)
                    .where(_begins(IdeaTerm.term, word)))
        conditions.append(sa.or_(Proposal.id.in_(own), Proposal.id.in_(of_ideas)))
    return sa.and_(*conditions) if conditions else sa.false()
