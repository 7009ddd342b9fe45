"""Clusters: the facilitator groups a workshop's ideas into named clusters while the room watches.

A cluster is `{id, workshop_id, title, position, idea_ids}`; an idea belongs to at most one
cluster of its own workshop (`Idea.cluster_id`). Clusters may change while collecting,
grouping and voting. Every change takes the workshop's next `seq`: `cluster:added`,
`cluster:updated`, `cluster:removed`, and `idea:updated` for each idea that changes cluster.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from facilitation.cluster_suggestions import suggest_clusters
from facilitation.errors import DomainError
from facilitation.grouping import MAX_CLUSTERS, clean_cluster_title, moved
from facilitation.phases import Audience, check_can_group, ideas_visible_to_participants

from ..database import Transaction, transaction
from ..events import Event
from ..extensions import db
from ..i18n import gettext as _
from ..models import Cluster, Idea, Workshop
from . import fields
from .access import Principal, check_staff
from .errors import ServiceError
from .idea_terms import terms_of
from .ideas import idea_event
from .snapshots import cluster_json, cluster_members
from .team import check_steers
from .workshops import get_workshop, next_seq

ASSIGN_LIMIT = 500  # ideas moved at once


def staff_json(cluster: Cluster) -> dict[str, Any]:
    """A cluster with every idea in it, as the console and the API see it."""
    return cluster_json(cluster, cluster_members(cluster.workshop_id, Audience.STAFF)
                        .get(cluster.id, []))


def suggestions(principal: Principal, workshop_id: int) -> list[dict[str, Any]]:
    """Proposed clusters of the workshop's ideas: nothing changes until the facilitator
    accepts one (as `cluster:create` with its `idea_ids`)."""
    workshop = get_workshop(workshop_id)
    check_steers(principal, workshop)
    visible = sa.select(Idea.id).where(
        Idea.workshop_id == workshop.id, Idea.hidden.is_(False), Idea.pending.is_(False),
        Idea.merged_into_id.is_(None))
    titles = db.session.scalars(sa.select(Cluster.title).where(
        Cluster.workshop_id == workshop.id))
    # Average link on the stored terms and their themes, titled in the workshop's language
    # and never with the name of a cluster the workshop already has (docs/language.md).
    found = suggest_clusters(terms_of(visible), workshop.language, taken_titles=list(titles))
    return [{"title": each.title, "idea_ids": list(each.idea_ids)} for each in found]


def _cluster_event(name: str, workshop: Workshop, cluster: Cluster, seq: int) -> Event:
    staff = cluster_members(workshop.id, Audience.STAFF).get(cluster.id, [])
    public = cluster_members(workshop.id, Audience.BOARD).get(cluster.id, [])
    base = {"seq": seq, "workshop_id": workshop.id}
    phones_see = ideas_visible_to_participants(workshop.phase,
                                               phones_see_ideas=workshop.phones_see_ideas)
    return Event(workshop.id, name, {
        Audience.STAFF: {**base, "cluster": cluster_json(cluster, staff)},
        Audience.BOARD: {**base, "cluster": cluster_json(cluster, public)},
        Audience.PARTICIPANT: {**base, "cluster": cluster_json(cluster, public)}
        if phones_see else base,
    })


def _steered_workshop(principal: Principal, workshop_id: object) -> Workshop:
    """The workshop, locked, once the caller may steer it and its phase allows grouping."""
    workshop = get_workshop(workshop_id, lock=True)
    check_steers(principal, workshop)
    try:
        check_can_group(workshop.phase)
    except DomainError as error:
        raise ServiceError.from_domain(error) from None
    return workshop


def _cluster(principal: Principal, data: dict[str, Any]) -> tuple[Workshop, Cluster]:
    check_staff(principal)
    cluster = db.session.get(Cluster, fields.required_id(data, "cluster_id"))
    if cluster is None:
        raise ServiceError("not_found", field="cluster_id")
    return _steered_workshop(principal, cluster.workshop_id), cluster


def _title(value: object, workshop: Workshop, other_than: int | None = None) -> str:
    taken = db.session.scalars(sa.select(Cluster.title).where(
        Cluster.workshop_id == workshop.id, Cluster.id != (other_than or 0)))
    try:
        return clean_cluster_title(value, taken)
    except DomainError as error:
        raise ServiceError.from_domain(error) from None


def create_cluster(principal: Principal, data: object) -> Cluster:
    """A new cluster at the end of the row, with the given ideas in it (if any)."""
    payload = fields.payload(data)
    check_staff(principal)
    idea_ids = fields.id_list(payload.get("idea_ids"), "idea_ids", limit=ASSIGN_LIMIT)
    with transaction() as tx:
        workshop = _steered_workshop(principal, fields.required_id(payload, "workshop_id"))
        count, last = db.session.execute(sa.select(
            sa.func.count(Cluster.id), sa.func.max(Cluster.position))
            .where(Cluster.workshop_id == workshop.id)).one()
        if count >= MAX_CLUSTERS:
            raise fields.invalid("title", _("Clusters in one workshop: at most %(n)s.",
                                            n=MAX_CLUSTERS))
        cluster = Cluster(workshop_id=workshop.id, title=_title(payload.get("title"), workshop),
                          position=(last + 1) if last is not None else 0)
        db.session.add(cluster)
        db.session.flush()
        ideas = _ideas_of(workshop, idea_ids)
        tx.on_commit(_cluster_event("cluster:added", workshop, cluster, next_seq(workshop)))
        _move(tx, workshop, ideas, cluster.id)
    return cluster


def update_cluster(principal: Principal, data: object) -> Cluster:
    """Rename a cluster, or move it to another place in the row (0 is first)."""
    payload = fields.payload(data)
    with transaction() as tx:
        workshop, cluster = _cluster(principal, payload)
        if "title" in payload:
            cluster.title = _title(payload["title"], workshop, other_than=cluster.id)
        changed = [cluster]
        if "position" in payload:
            position = fields.integer(payload, "position", default=cluster.position, low=0,
                                      high=MAX_CLUSTERS)
            changed = _reorder(workshop, cluster, position)
        db.session.flush()
        for each in changed:
            tx.on_commit(_cluster_event("cluster:updated", workshop, each, next_seq(workshop)))
    return cluster


def _reorder(workshop: Workshop, cluster: Cluster, position: int) -> list[Cluster]:
    """Put the cluster at `position` and number the row again; returns the clusters that moved
    (the cluster itself always, since its title may have changed)."""
    row = list(db.session.scalars(sa.select(Cluster).where(
        Cluster.workshop_id == workshop.id).order_by(Cluster.position, Cluster.id)))
    order = moved([each.id for each in row], cluster.id, position)
    by_id = {each.id: each for each in row}
    changed = [cluster]
    for place, cluster_id in enumerate(order):
        each = by_id[cluster_id]
        if each.position != place:
            each.position = place
            if each is not cluster:
                changed.append(each)
    return changed


def delete_cluster(principal: Principal, data: object) -> int:
    """Remove a cluster; its ideas stay, in no cluster. Returns the cluster's id."""
    payload = fields.payload(data)
    with transaction() as tx:
        workshop, cluster = _cluster(principal, payload)
        cluster_id = cluster.id
        ideas = list(db.session.scalars(sa.select(Idea).where(Idea.cluster_id == cluster_id)
                                        .order_by(Idea.id)))
        _move(tx, workshop, ideas, None)
        db.session.delete(cluster)
        removed = {"seq": next_seq(workshop), "workshop_id": workshop.id, "cluster_id": cluster_id}
        tx.on_commit(Event(workshop.id, "cluster:removed",
                           {audience: removed for audience in Audience}))
    return cluster_id


def assign_ideas(principal: Principal, data: object, workshop_id: int | None = None
                 ) -> list[Idea]:
    """Put ideas into a cluster (`cluster_id`), or take them out of any (`cluster_id`: null).

    The ideas and the cluster must be of one workshop: the one named, or the ideas' own.
    """
    payload = fields.payload(data)
    check_staff(principal)
    idea_ids = fields.id_list(payload.get("idea_ids"), "idea_ids", limit=ASSIGN_LIMIT)
    if not idea_ids:
        raise fields.invalid("idea_ids")
    cluster_id = fields.optional_id(payload, "cluster_id")
    with transaction() as tx:
        if workshop_id is None:
            first = db.session.get(Idea, idea_ids[0])
            if first is None:
                raise ServiceError("not_found", field="idea_ids")
            workshop_id = first.workshop_id
        workshop = _steered_workshop(principal, workshop_id)
        if cluster_id is not None:
            cluster = db.session.get(Cluster, cluster_id)
            if cluster is None or cluster.workshop_id != workshop.id:
                raise ServiceError("not_found", field="cluster_id")
        ideas = _ideas_of(workshop, idea_ids)
        _move(tx, workshop, ideas, cluster_id)
    return ideas


def _ideas_of(workshop: Workshop, idea_ids: list[int]) -> list[Idea]:
    """The workshop's ideas with these ids, in the order given; another's is not found."""
    if not idea_ids:
        return []
    found = {idea.id: idea for idea in db.session.scalars(sa.select(Idea).where(
        Idea.id.in_(idea_ids), Idea.workshop_id == workshop.id, Idea.merged_into_id.is_(None)))}
    if len(found) != len(idea_ids):
        raise ServiceError("not_found", field="idea_ids")
    return [found[idea_id] for idea_id in idea_ids]


def _move(tx: Transaction, workshop: Workshop, ideas: Iterable[Idea],
          cluster_id: int | None) -> None:
    for idea in ideas:
        if idea.cluster_id != cluster_id:
            idea.cluster_id = cluster_id
            db.session.flush()
            tx.on_commit(idea_event("idea:updated", workshop, idea, next_seq(workshop)))
