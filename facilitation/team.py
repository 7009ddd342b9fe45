"""Who steers a workshop: its team, and who may only watch it.

A workshop's team is its creator, the co-facilitators the creator or an admin added, and
every admin. Only the team changes a workshop (phases, timer, ideas, clusters, ballots,
settings, participants, the door). Other staff may watch it, read-only, where the backlog
already lets them read: coordinators read every workshop, a facilitator only those they
steer.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


@dataclass(frozen=True)
class StaffMember:
    """A staff member as the rules see them."""

    user_id: int
    is_admin: bool
    reads_every_workshop: bool  # the backlog shows them every workshop (coordinators)


def steers(member: StaffMember, *, creator_id: int | None,
           co_facilitator_ids: Collection[int]) -> bool:
    """Whether the member is on the workshop's team."""
    return member.is_admin or member.user_id == creator_id or member.user_id in co_facilitator_ids


def may_watch(member: StaffMember, *, on_team: bool) -> bool:
    """Whether the member may see the workshop live, read-only if not on its team."""
    return on_team or member.reads_every_workshop


def may_change_team(member: StaffMember, *, creator_id: int | None) -> bool:
    """The creator and admins add and remove co-facilitators."""
    return member.is_admin or member.user_id == creator_id
