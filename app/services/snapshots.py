"""JSON shapes of seminars, workshops and ideas, and the state snapshot a client starts from.

The same field names serve the HTTP API, the socket payloads and the exports.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, url_for

from facilitation.phases import (
    Audience,
    allowed_next,
    counts_visible,
    ideas_visible_to_participants,
)
from facilitation.voting import VotingRules, votes_left

from ..counts import turnout, vote_counts
from ..database import DriverStatement
from ..extensions import db
from ..models import Cluster, Idea, Participant, Seminar, Vote, Workshop, utcnow


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="milliseconds") + "Z" if moment else None


def external_url(endpoint: str, **values: Any) -> str:
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return base + url_for(endpoint, **values)
    return url_for(endpoint, _external=True, **values)


def seminar_json(seminar: Seminar) -> dict[str, Any]:
    return {
        "id": seminar.id,
        "title": seminar.title,
        "kind": seminar.kind.value,
        "starts_on": seminar.starts_on.isoformat() if seminar.starts_on else None,
        "ends_on": seminar.ends_on.isoformat() if seminar.ends_on else None,
        "place": seminar.place,
        "country": seminar.country,
        "notes": seminar.notes,
        "lag_ids": [lag.id for lag in seminar.lags],
        "workshop_ids": [workshop.id for workshop in seminar.workshops],
    }


def workshop_settings(workshop: Workshop) -> dict[str, Any]:
    return {
        "dots_per_participant": workshop.dots_per_participant,
        "max_dots_per_idea": workshop.max_dots_per_idea,
        "blind_voting": workshop.blind_voting,
        "phones_see_ideas": workshop.phones_see_ideas,
        "idea_max_length": workshop.idea_max_length,
        "moderation": workshop.moderation,
    }


def voting_rules(workshop: Workshop) -> VotingRules:
    return VotingRules(workshop.dots_per_participant, workshop.max_dots_per_idea)


def workshop_json(workshop: Workshop, audience: Audience) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": workshop.id,
        "seminar_id": workshop.seminar_id,
        "title": workshop.title,
        "prompt": workshop.prompt,
        "code": workshop.code,
        "phase": workshop.phase.value,
        "language": workshop.language,
        "join_url": external_url("participant.join_code", code=workshop.code),
        "timer_ends_at": iso(workshop.timer_ends_at),
        "settings": workshop_settings(workshop),
    }
    if audience is Audience.STAFF:
        data["board_url"] = external_url("board.show", board_key=workshop.board_key)
    return data


# What idea_json reads; a row of these serves it as well as an Idea does.
IDEA_JSON_COLUMNS = (Idea.id, Idea.workshop_id, Idea.number, Idea.text, Idea.details,
                     Idea.target_groups, Idea.cluster_id, Idea.hidden, Idea.pending,
                     Idea.merged_into_id, Idea.created_at, Idea.author_user_id)


def idea_json(idea: Any, votes: int | None = None, *,
              audience: Audience) -> dict[str, Any]:
    """An Idea, or a row of IDEA_JSON_COLUMNS, as this audience may see it."""
    data: dict[str, Any] = {
        "id": idea.id,
        "workshop_id": idea.workshop_id,
        "number": idea.number,
        "text": idea.text,
        "details": idea.details,
        "target_groups": list(idea.target_groups or []),
        "cluster_id": idea.cluster_id,
        "hidden": idea.hidden,
        "pending": idea.pending,
        "merged_into_id": idea.merged_into_id,
        "created_at": iso(idea.created_at),
    }
    if audience is Audience.STAFF:
        data["on_behalf"] = idea.author_user_id is not None
    if votes is not None:
        data["votes"] = votes
    return data


def cluster_json(cluster: Cluster, idea_ids: list[int]) -> dict[str, Any]:
    return {"id": cluster.id, "workshop_id": cluster.workshop_id, "title": cluster.title,
            "position": cluster.position, "idea_ids": idea_ids}


def clusters_of(workshop: Workshop, audience: Audience) -> list[dict[str, Any]]:
    """The workshop's clusters in order, each with the ideas this audience may see in it."""
    clusters = list(db.session.scalars(sa.select(Cluster).where(
        Cluster.workshop_id == workshop.id).order_by(Cluster.position, Cluster.id)))
    members = cluster_members(workshop.id, audience)
    return [cluster_json(cluster, members.get(cluster.id, [])) for cluster in clusters]


def cluster_members(workshop_id: int, audience: Audience) -> dict[int, list[int]]:
    """The ideas in each cluster that this audience may see, by cluster id."""
    query = sa.select(Idea.cluster_id, Idea.id).where(
        Idea.workshop_id == workshop_id, Idea.cluster_id.is_not(None),
        Idea.merged_into_id.is_(None)).order_by(Idea.id)
    if audience is not Audience.STAFF:
        query = query.where(Idea.hidden.is_(False), Idea.pending.is_(False))
    members: dict[int, list[int]] = {}
    for cluster_id, idea_id in db.session.execute(query):
        if cluster_id is not None:
            members.setdefault(cluster_id, []).append(idea_id)
    return members


def ideas_for(workshop: Workshop, audience: Audience,
              counts: dict[int, int] | None = None) -> list[dict[str, Any]]:
    """The ideas this audience may see, with counts where counts may be seen."""
    if audience is Audience.PARTICIPANT and not ideas_visible_to_participants(
            workshop.phase, phones_see_ideas=workshop.phones_see_ideas):
        return []
    show_counts = counts_visible(workshop.phase, blind_voting=workshop.blind_voting,
                                 audience=audience)
    cacheable = audience is Audience.PARTICIPANT and not show_counts and not (
        db.session.new or db.session.dirty or db.session.deleted)
    if cacheable:
        kept = _phone_ideas.get(workshop.id)
        if kept and kept[0] == workshop.seq and time.monotonic() - kept[1] < PHONE_IDEAS_SECONDS:
            return list(kept[2])
    # Columns, not entities: a snapshot of a thousand ideas is read on every join and every
    # phase change, and building ORM objects would be most of its cost.
    query = sa.select(*IDEA_JSON_COLUMNS).where(Idea.workshop_id == workshop.id).order_by(Idea.id)
    if audience is not Audience.STAFF:
        query = query.where(Idea.hidden.is_(False), Idea.pending.is_(False),
                            Idea.merged_into_id.is_(None))
    if show_counts and counts is None:
        counts = vote_counts(workshop.id)
    ideas = [
        idea_json(idea, (counts or {}).get(idea.id, 0) if show_counts else None,
                  audience=audience)
        for idea in db.session.execute(query)
    ]
    if cacheable:
        _phone_ideas[workshop.id] = (workshop.seq, time.monotonic(), ideas)
    return list(ideas)


# Every phone of a workshop gets the same list of ideas until the workshop's next event (any
# change to the ideas phones see takes the next seq), and a reconnect storm asks for it
# hundreds of times a second: keep it, per workshop and seq, for a couple of seconds (which
# also bounds how long a change made without a new seq could go unseen). Never with counts.
PHONE_IDEAS_SECONDS = 2.0
_phone_ideas: dict[int, tuple[int, float, list[dict[str, Any]]]] = {}


def snapshot(workshop: Workshop, audience: Audience,
             participant: Participant | None = None, *, with_ideas: bool = True
             ) -> dict[str, Any]:
    """Everything a screen needs to draw the workshop as it is now (without the ideas when
    the screen is known to hold them already)."""
    state: dict[str, Any] = {
        "workshop": workshop_json(workshop, audience),
        "server_time": iso(utcnow()),
        "counts_visible": counts_visible(workshop.phase, blind_voting=workshop.blind_voting,
                                         audience=audience),
    }
    if with_ideas:
        state["ideas"] = ideas_for(workshop, audience)
    if audience is not Audience.PARTICIPANT or ideas_visible_to_participants(
            workshop.phase, phones_see_ideas=workshop.phones_see_ideas):
        state["clusters"] = clusters_of(workshop, audience)
    if audience is not Audience.PARTICIPANT:
        state.update(turnout(workshop.id))
    if audience is Audience.STAFF:
        state["next_phases"] = sorted(allowed_next(workshop.phase))
    if participant is not None:
        state["me"] = participant_state(workshop, participant)
    return state


# A phone's own dots and ideas are read on its page and again on its socket's `join`: in a
# join storm of a thousand phones, composing and cache-keying these two statements through
# the ORM took most of that time (DriverStatement runs them as compiled once).
MY_DOTS = DriverStatement(
    sa.select(Vote.idea_id, sa.func.count())
    .where(Vote.participant_id == sa.bindparam("participant"), Vote.retracted_at.is_(None))
    .group_by(Vote.idea_id))
# A phone's own ideas: those waiting for approval too, and those merged into another, with
# the text of the idea they were joined with (the author would otherwise see theirs vanish).
_TARGET = so.aliased(Idea)
MY_IDEAS = DriverStatement(
    sa.select(*IDEA_JSON_COLUMNS, _TARGET.text.label("merged_into_text"))
    .outerjoin(_TARGET, _TARGET.id == Idea.merged_into_id)
    .where(Idea.participant_id == sa.bindparam("participant"), Idea.hidden.is_(False))
    .order_by(Idea.id), typed_rows=True)


def _own_idea(idea: Any) -> dict[str, Any]:
    """A phone's own idea; one merged into another carries the text it was joined with."""
    data = idea_json(idea, audience=Audience.PARTICIPANT)
    if idea.merged_into_text is not None:
        data["merged_into_text"] = idea.merged_into_text
    return data


def participant_state(workshop: Workshop, participant: Participant) -> dict[str, Any]:
    """What only this participant sees: their dots, dots left and their own ideas."""
    connection = db.session.connection()
    my_votes = {str(idea_id): count for idea_id, count in
                MY_DOTS.rows(connection, participant=participant.id)}
    used = sum(my_votes.values())
    own_ideas = MY_IDEAS.rows(connection, participant=participant.id)
    return {
        "participant_id": participant.id,
        "display_name": participant.display_name,
        "votes_left": votes_left(voting_rules(workshop), used),
        "my_votes": my_votes,
        "my_ideas": [_own_idea(idea) for idea in own_ideas],
    }
