"""The reads an incident's timeline needs that other store modules do not offer.

Complaint records linked to one incident: the first one filed, and those resolved
(their ``updated_at`` is when they were resolved, as far as the helpdesk export says).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select

from monitor.complaintstatus import RESOLVED_STATUSES
from monitor.store.db import Store
from monitor.store.schema import complaints

__all__ = [
    "first_linked_complaint",
    "resolved_linked_complaints",
]


_COLUMNS = (
    complaints.c.external_id,
    complaints.c.channel,
    complaints.c.created_at,
    complaints.c.updated_at,
    complaints.c.status,
    complaints.c.text,
)


def first_linked_complaint(store: Store, incident_id: int) -> dict[str, Any] | None:
    """The earliest-filed complaint record linked to the incident, or None."""
    query = (
        select(*_COLUMNS)
        .where(complaints.c.incident_id == incident_id)
        .order_by(complaints.c.created_at, complaints.c.id)
        .limit(1)
    )
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    return dict(row._mapping) if row else None


def resolved_linked_complaints(
    store: Store, incident_id: int, statuses: Iterable[str] = RESOLVED_STATUSES
) -> list[dict[str, Any]]:
    """Linked complaint records with a resolved status and a known ``updated_at``,
    in the order they were resolved."""
    query = (
        select(*_COLUMNS)
        .where(
            complaints.c.incident_id == incident_id,
            func.lower(complaints.c.status).in_([s.lower() for s in statuses]),
            complaints.c.updated_at.is_not(None),
        )
        .order_by(complaints.c.updated_at, complaints.c.id)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
