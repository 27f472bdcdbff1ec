"""Complaint records: upsert by external id, link to incidents, list."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from monitor.models import Complaint
from monitor.store.db import Store, insert_ignore
from monitor.store.schema import complaints, incidents

__all__ = ["link_complaints", "list_complaints", "upsert_complaint"]

_UPDATABLE = (
    "brand",
    "channel",
    "customer",
    "updated_at",
    "text",
    "category",
    "priority",
    "status",
    "owner",
)


def upsert_complaint(store: Store, record: Complaint, sla: timedelta, source: str) -> str:
    """Insert a new record or update a changed one. Returns 'added', 'updated' or 'unchanged'."""
    row = {
        "external_id": record.external_id,
        "brand": record.brand,
        "channel": record.channel,
        "customer": record.customer,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
        "text": record.text,
        "category": record.category,
        "priority": record.priority,
        "status": record.status,
        "owner": record.owner,
        "sla_due_at": record.created_at + sla,
        "imported_from": source,
    }
    with store.engine.begin() as conn:
        if insert_ignore(conn, complaints, [row]):
            return "added"
        current = (
            conn.execute(
                select(*(complaints.c[f] for f in _UPDATABLE)).where(
                    complaints.c.external_id == record.external_id
                )
            )
            .one()
            ._mapping
        )
        changes = {f: row[f] for f in _UPDATABLE if current[f] != row[f]}
        if not changes:
            return "unchanged"
        conn.execute(
            update(complaints)
            .where(complaints.c.external_id == record.external_id)
            .values(**changes)
        )
        return "updated"


def link_complaints(store: Store, lookback: timedelta, now: datetime) -> int:
    """Link unlinked complaints to the incident of their brand active around their time.

    A complaint links to an incident when it was filed up to ``lookback`` before
    the storm began, or while the incident was open. Returns links made.
    """
    made = 0
    with store.engine.begin() as conn:
        found = conn.execute(select(incidents).order_by(incidents.c.began_at)).all()
        for inc in found:
            m = inc._mapping
            start = m["began_at"] - lookback
            end = m["closed_at"] or now
            candidates = conn.execute(
                select(complaints.c.id, complaints.c.created_at).where(
                    complaints.c.brand == m["brand"],
                    complaints.c.incident_id.is_(None),
                    complaints.c.created_at >= start,
                    complaints.c.created_at <= end,
                )
            ).all()
            for cid, created in candidates:
                reason = _reason(m["brand"], created, m["began_at"])
                conn.execute(
                    update(complaints)
                    .where(complaints.c.id == cid)
                    .values(incident_id=m["id"], link_reason=reason)
                )
                made += 1
    return made


def _reason(brand: str, created: datetime, began: datetime) -> str:
    minutes = (began - created).total_seconds() / 60
    if minutes >= 90:
        return f"same brand ({brand}), filed {minutes / 60:.0f} h before the storm began"
    if minutes > 0:
        return f"same brand ({brand}), filed {minutes:.0f} min before the storm began"
    return f"same brand ({brand}), filed during the incident"


def list_complaints(
    store: Store, incident_id: int | None = None, brand: str | None = None, limit: int = 1000
) -> list[dict[str, Any]]:
    """Complaint records, oldest first."""
    query = select(complaints).order_by(complaints.c.created_at).limit(limit)
    if incident_id is not None:
        query = query.where(complaints.c.incident_id == incident_id)
    if brand:
        query = query.where(complaints.c.brand == brand)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
