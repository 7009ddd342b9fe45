"""A backlog idea as JSON: the workshop's fields plus dots, state and links."""

from __future__ import annotations

from typing import Any

from ..snapshots import iso
from .queries import BacklogRow


def backlog_idea_json(row: BacklogRow) -> dict[str, Any]:
    """An idea as the backlog shows it: the workshop's fields plus dots, state and links."""
    idea = row.idea
    return {
        "id": idea.id,
        "workshop_id": idea.workshop_id,
        "text": idea.text,
        "details": idea.details,
        "target_groups": list(idea.target_groups or []),
        "theme": idea.theme,
        "cluster_id": idea.cluster_id,
        "hidden": idea.hidden,
        "merged_into_id": idea.merged_into_id,
        "state": idea.triage.value,
        "votes": row.dots,
        "seminar_id": row.seminar_id,
        "seminar_title": row.seminar_title,
        "workshop_title": row.workshop_title,
        "prompt": row.prompt,
        "created_at": iso(idea.created_at),
        "proposal_ids": [link.id for link in row.proposals],
        "merged_idea_ids": [source.id for source in row.merged],
    }
