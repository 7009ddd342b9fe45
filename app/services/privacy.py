"""Personal data of participants: names, backgrounds and rejoin tokens, and their removal.

Ideas and dots stay (they are the workshop's outcome); only what could point at a
person goes.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from ..database import transaction
from ..events import Revoked
from ..extensions import db
from ..models import Participant, Workshop, utcnow
from .errors import ServiceError


def anonymise_workshop(workshop_id: int) -> int:
    """Remove names, backgrounds and rejoin tokens of a workshop's participants."""
    with transaction() as tx:
        if db.session.get(Workshop, workshop_id) is None:
            raise ServiceError("not_found", field="workshop_id")
        tx.on_commit(Revoked("workshop-phones", workshop_id))
        result = db.session.execute(
            sa.update(Participant)
            .where(Participant.workshop_id == workshop_id,
                   sa.or_(Participant.display_name != "", Participant.background.is_not(None),
                          Participant.token_hash.is_not(None)))
            .values(display_name="", background=None, token_hash=None))
    return int(getattr(result, "rowcount", 0) or 0)


def expired_workshops(retention_days: int) -> list[int]:
    """Workshops older than the retention period that still hold personal data."""
    cutoff = utcnow() - timedelta(days=retention_days)
    return list(db.session.scalars(
        sa.select(Workshop.id).where(Workshop.created_at < cutoff).where(
            sa.exists().where(Participant.workshop_id == Workshop.id).where(
                sa.or_(Participant.display_name != "", Participant.background.is_not(None),
                       Participant.token_hash.is_not(None))))
        .order_by(Workshop.id)))
