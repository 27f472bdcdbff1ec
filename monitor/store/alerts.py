"""The alert outboxes, sent at least once.

``alerts`` holds incident alerts, one row per (incident, channel, event);
``ops_alerts`` holds the others (the monitor partly blind, complaint notices, ...),
one row per (topic, episode, channel, event). Both have the same delivery columns,
so the dispatcher reads and marks them alike (``table`` names the outbox).

A routed row also carries its ``labels``, the ``route`` policy it was queued under,
its ``subject`` (what acknowledging it covers) and its ``group_key``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, func, select, update
from sqlalchemy.engine import Connection

from monitor.store.db import Store, insert_ignore
from monitor.store.schema import alerts, ops_alerts

__all__ = [
    "OUTBOXES",
    "Routing",
    "due_alerts",
    "enqueue_alert",
    "enqueue_ops_alert",
    "extend_pending_ops_alert",
    "hold_alert",
    "last_deliveries",
    "last_group_send",
    "list_alerts",
    "list_ops_alerts",
    "mark_failed",
    "mark_sent",
    "pending_alerts",
    "set_status",
    "undelivered_failures",
]

OUTBOXES = {"alerts": alerts, "ops_alerts": ops_alerts}


@dataclass(frozen=True)
class Routing:
    """What the routing tree decided for one row (JSON texts, as stored)."""

    labels: str
    route: str
    subject: str | None
    group_key: str
    due: datetime  # after the group's wait and interval

    def columns(self) -> dict[str, Any]:
        return {
            "labels": self.labels,
            "route": self.route,
            "subject": self.subject,
            "group_key": self.group_key,
            "next_attempt_at": self.due,
        }


def enqueue_alert(
    store: Store,
    incident_id: int,
    channel: str,
    event: str,
    severity: str,
    payload: dict[str, Any],
    now: datetime,
    routing: Routing | None = None,
) -> bool:
    """Queue an alert unless this incident already has one for this channel and event."""
    row = {"incident_id": incident_id, **_pending(channel, event, severity, payload, now)}
    return _enqueue(store, alerts, row | (routing.columns() if routing else {}))


def enqueue_ops_alert(
    store: Store,
    topic: str,
    episode: str,
    channel: str,
    event: str,
    severity: str,
    payload: dict[str, Any],
    now: datetime,
    conn: Connection | None = None,
    routing: Routing | None = None,
) -> bool:
    """Queue an ops alert unless this episode already has one for this channel and event.

    ``conn``: queue it inside the caller's transaction, so the change it tells of and
    the message commit together (a crash between the two loses neither)."""
    row = {"topic": topic, "episode": episode, **_pending(channel, event, severity, payload, now)}
    row |= routing.columns() if routing else {}
    if conn is not None:
        return bool(insert_ignore(conn, ops_alerts, [row]))
    return _enqueue(store, ops_alerts, row)


def extend_pending_ops_alert(
    conn: Connection,
    topic: str,
    episode: str,
    channel: str,
    event: str,
    key: str,
    item: dict[str, Any],
) -> bool:
    """Append ``item`` to the list ``key`` of a queued, not yet sent ops alert's payload
    (a digest growing within one transaction). False when there is no such alert."""
    where = (
        (ops_alerts.c.topic == topic)
        & (ops_alerts.c.episode == episode)
        & (ops_alerts.c.channel == channel)
        & (ops_alerts.c.event == event)
        & (ops_alerts.c.status == "pending")
    )
    stored = conn.execute(select(ops_alerts.c.payload).where(where)).scalar()
    if stored is None:
        return False
    payload = json.loads(stored)
    payload.setdefault(key, []).append(item)
    text = json.dumps(payload, ensure_ascii=False, default=str)
    conn.execute(update(ops_alerts).where(where).values(payload=text))
    return True


def _pending(
    channel: str, event: str, severity: str, payload: dict[str, Any], now: datetime
) -> dict[str, Any]:
    """The delivery columns of a new outbox row: pending, due now, not tried yet."""
    return {
        "channel": channel,
        "event": event,
        "severity": severity,
        "status": "pending",
        "attempts": 0,
        "created_at": now,
        "next_attempt_at": now,
        "payload": json.dumps(payload, ensure_ascii=False, default=str),
    }


def _enqueue(store: Store, outbox: Table, row: dict[str, Any]) -> bool:
    with store.engine.begin() as conn:
        return bool(insert_ignore(conn, outbox, [row]))


def due_alerts(store: Store, now: datetime, table: str = "alerts") -> list[dict[str, Any]]:
    outbox = OUTBOXES[table]
    query = (
        select(outbox)
        .where(outbox.c.status == "pending", outbox.c.next_attempt_at <= now)
        .order_by(outbox.c.id)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def pending_alerts(store: Store, table: str = "alerts") -> list[dict[str, Any]]:
    """Every pending row of an outbox, due or not (held ones, a group's later members)."""
    outbox = OUTBOXES[table]
    query = select(outbox).where(outbox.c.status == "pending").order_by(outbox.c.id)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def _ids(alert_id: int | list[int]) -> list[int]:
    return alert_id if isinstance(alert_id, list) else [alert_id]


def mark_sent(
    store: Store,
    alert_id: int | list[int],
    now: datetime,
    table: str = "alerts",
    note: str | None = None,
) -> None:
    """Record rows delivered (several when they went out as one message)."""
    outbox = OUTBOXES[table]
    with store.engine.begin() as conn:
        conn.execute(
            update(outbox)
            .where(outbox.c.id.in_(_ids(alert_id)))
            .values(
                status="sent",
                sent_at=now,
                attempts=outbox.c.attempts + 1,
                last_error=None,
                note=note,
            )
        )


def mark_failed(
    store: Store,
    alert_id: int | list[int],
    error: str,
    retry_at: datetime | None,
    table: str = "alerts",
) -> None:
    """Record a failed attempt; ``retry_at`` None means give up (status ``failed``)."""
    outbox = OUTBOXES[table]
    values: dict[str, Any] = {"attempts": outbox.c.attempts + 1, "last_error": error}
    if retry_at is None:
        values["status"] = "failed"
    else:
        values["next_attempt_at"] = retry_at
    with store.engine.begin() as conn:
        conn.execute(update(outbox).where(outbox.c.id.in_(_ids(alert_id))).values(**values))


def set_status(store: Store, alert_id: int, status: str, note: str, table: str = "alerts") -> None:
    """A row that will not be sent: ``silenced``, ``inhibited`` or ``deduplicated``, and why."""
    outbox = OUTBOXES[table]
    with store.engine.begin() as conn:
        conn.execute(
            update(outbox)
            .where(outbox.c.id == alert_id, outbox.c.status == "pending")
            .values(status=status, note=note)
        )


def hold_alert(store: Store, alert_id: int, until: datetime, note: str, table: str) -> None:
    """Keep a row pending until ``until`` (quiet hours), saying why."""
    outbox = OUTBOXES[table]
    with store.engine.begin() as conn:
        conn.execute(
            update(outbox).where(outbox.c.id == alert_id).values(next_attempt_at=until, note=note)
        )


def last_group_send(store: Store, table: str, channel: str, group_key: str) -> datetime | None:
    """When a message of this group last went to this channel."""
    outbox = OUTBOXES[table]
    query = select(func.max(outbox.c.sent_at)).where(
        outbox.c.channel == channel, outbox.c.group_key == group_key
    )
    with store.engine.connect() as conn:
        return conn.execute(query).scalar()


def list_alerts(store: Store, incident_id: int | None = None) -> list[dict[str, Any]]:
    query = select(alerts).order_by(alerts.c.id)
    if incident_id is not None:
        query = query.where(alerts.c.incident_id == incident_id)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def list_ops_alerts(store: Store, topic: str | None = None) -> list[dict[str, Any]]:
    query = select(ops_alerts).order_by(ops_alerts.c.id)
    if topic is not None:
        query = query.where(ops_alerts.c.topic == topic)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def last_deliveries(store: Store) -> dict[str, datetime]:
    """Each channel's latest successful delivery, over both outboxes."""
    latest: dict[str, datetime] = {}
    with store.engine.connect() as conn:
        for outbox in OUTBOXES.values():
            query = select(outbox.c.channel, func.max(outbox.c.sent_at)).group_by(outbox.c.channel)
            for channel, sent_at in conn.execute(query):
                if sent_at is not None and (channel not in latest or sent_at > latest[channel]):
                    latest[channel] = sent_at
    return latest


def undelivered_failures(store: Store) -> list[dict[str, Any]]:
    """Outbox rows (both outboxes) tried and not delivered: pending after a failed
    attempt, or given up (``failed``), oldest first. ``channel``, ``status``,
    ``attempts``, ``created_at``, ``last_error``."""
    rows: list[dict[str, Any]] = []
    with store.engine.connect() as conn:
        for outbox in OUTBOXES.values():
            cols = (outbox.c.channel, outbox.c.status, outbox.c.attempts, outbox.c.created_at)
            query = select(*cols, outbox.c.last_error).where(
                outbox.c.status.in_(("pending", "failed")), outbox.c.attempts > 0
            )
            rows += [dict(r._mapping) for r in conn.execute(query)]
    return sorted(rows, key=lambda r: r["created_at"])
