"""The alert outbox: one row per (incident, channel, event), sent at least once."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from monitor.store.db import Store, insert_ignore
from monitor.store.schema import alerts

__all__ = ["due_alerts", "enqueue_alert", "list_alerts", "mark_failed", "mark_sent"]


def enqueue_alert(
    store: Store,
    incident_id: int,
    channel: str,
    event: str,
    severity: str,
    payload: dict[str, Any],
    now: datetime,
) -> bool:
    """Queue an alert unless this incident already has one for this channel and event."""
    with store.engine.begin() as conn:
        return bool(
            insert_ignore(
                conn,
                alerts,
                [
                    {
                        "incident_id": incident_id,
                        "channel": channel,
                        "event": event,
                        "severity": severity,
                        "status": "pending",
                        "attempts": 0,
                        "created_at": now,
                        "next_attempt_at": now,
                        "payload": json.dumps(payload, ensure_ascii=False, default=str),
                    }
                ],
            )
        )


def due_alerts(store: Store, now: datetime) -> list[dict[str, Any]]:
    query = (
        select(alerts)
        .where(alerts.c.status == "pending", alerts.c.next_attempt_at <= now)
        .order_by(alerts.c.id)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def mark_sent(store: Store, alert_id: int, now: datetime) -> None:
    with store.engine.begin() as conn:
        conn.execute(
            update(alerts)
            .where(alerts.c.id == alert_id)
            .values(status="sent", sent_at=now, attempts=alerts.c.attempts + 1, last_error=None)
        )


def mark_failed(store: Store, alert_id: int, error: str, retry_at: datetime | None) -> None:
    """Record a failed attempt; ``retry_at`` None means give up (status ``failed``)."""
    values: dict[str, Any] = {"attempts": alerts.c.attempts + 1, "last_error": error}
    if retry_at is None:
        values["status"] = "failed"
    else:
        values["next_attempt_at"] = retry_at
    with store.engine.begin() as conn:
        conn.execute(update(alerts).where(alerts.c.id == alert_id).values(**values))


def list_alerts(store: Store, incident_id: int | None = None) -> list[dict[str, Any]]:
    query = select(alerts).order_by(alerts.c.id)
    if incident_id is not None:
        query = query.where(alerts.c.incident_id == incident_id)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]
