"""Incidents and the detector's progress marks."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from monitor.models import Incident
from monitor.store.db import Store, insert_ignore
from monitor.store.schema import detector_state, incidents

__all__ = [
    "get_incident",
    "last_judged",
    "latest_incident",
    "list_incidents",
    "open_incident",
    "save_incident",
    "set_last_judged",
]

_FIELDS = (
    "brand",
    "kind",
    "status",
    "severity",
    "began_at",
    "opened_at",
    "updated_at",
    "closed_at",
    "observed",
    "expected",
    "score",
    "peak_score",
    "quiet_buckets",
    "storm_buckets",
    "summary",
)


def _row(incident: Incident) -> dict[str, Any]:
    row = {f: getattr(incident, f) for f in _FIELDS}
    row["details"] = json.dumps(incident.details, ensure_ascii=False, default=str)
    return row


def _incident(m) -> Incident:
    data = {f: m[f] for f in _FIELDS}
    data["storm_buckets"] = data["storm_buckets"] or 0
    return Incident(id=m["id"], details=json.loads(m["details"] or "{}"), **data)


def save_incident(store: Store, incident: Incident) -> Incident:
    """Insert a new incident or update an existing one; returns it with its id."""
    with store.engine.begin() as conn:
        if incident.id is None:
            insert_ignore(conn, incidents, [_row(incident)])
            new_id = conn.execute(
                select(incidents.c.id).where(
                    incidents.c.brand == incident.brand,
                    incidents.c.kind == incident.kind,
                    incidents.c.began_at == incident.began_at,
                )
            ).scalar_one()
            return replace(incident, id=new_id)
        conn.execute(
            update(incidents).where(incidents.c.id == incident.id).values(**_row(incident))
        )
        return incident


def open_incident(store: Store, brand: str) -> Incident | None:
    """The brand's open incident, if any (there is at most one)."""
    query = (
        select(incidents)
        .where(incidents.c.brand == brand, incidents.c.status == "open")
        .order_by(incidents.c.id.desc())
        .limit(1)
    )
    with store.engine.connect() as conn:
        row = conn.execute(query).first()
    return _incident(row._mapping) if row else None


def latest_incident(store: Store, brand: str) -> Incident | None:
    """The brand's newest incident, open or closed (a closed one may yet reopen)."""
    query = select(incidents).where(incidents.c.brand == brand).order_by(incidents.c.id.desc())
    with store.engine.connect() as conn:
        row = conn.execute(query.limit(1)).first()
    return _incident(row._mapping) if row else None


def get_incident(store: Store, incident_id: int) -> Incident | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(incidents).where(incidents.c.id == incident_id)).first()
    return _incident(row._mapping) if row else None


def list_incidents(
    store: Store, brand: str | None = None, status: str | None = None, limit: int = 500
) -> list[Incident]:
    """Incidents, newest first."""
    query = select(incidents).order_by(incidents.c.opened_at.desc(), incidents.c.id.desc())
    if brand:
        query = query.where(incidents.c.brand == brand)
    if status:
        query = query.where(incidents.c.status == status)
    with store.engine.connect() as conn:
        return [_incident(r._mapping) for r in conn.execute(query.limit(limit))]


def last_judged(store: Store, series: str) -> datetime | None:
    """Start of the last bucket the detector judged for ``series``."""
    with store.engine.connect() as conn:
        return conn.execute(
            select(detector_state.c.last_bucket).where(detector_state.c.series == series)
        ).scalar()


def set_last_judged(store: Store, series: str, bucket: datetime) -> None:
    with store.engine.begin() as conn:
        if not insert_ignore(conn, detector_state, [{"series": series, "last_bucket": bucket}]):
            conn.execute(
                update(detector_state)
                .where(detector_state.c.series == series)
                .values(last_bucket=bucket)
            )
