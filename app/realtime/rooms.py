"""Room names. Each workshop has one room per audience, so one event can carry what each may see."""

from __future__ import annotations

from facilitation.phases import Audience


def room(workshop_id: int, audience: Audience) -> str:
    return f"workshop:{workshop_id}:{audience.value}"
