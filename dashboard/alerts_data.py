"""Reads for the alert pages: who was told, who acknowledged, what was held back.

Cached like every read in :mod:`dashboard.data` (per database URL, 30 s), except
:func:`link_ack_since_last_alert`, which decides whether opening an acknowledge link
records anything and so must see the database as it is now. :func:`forget` drops the
cached reads after a page recorded an acknowledgement or changed a silence.

An incident's alerts have the subject ``incident:ID``; an acknowledgement of a subject
covers every alert of it sent before the acknowledgement (``monitor.store.acks``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import func, or_, select

from dashboard import data
from dashboard.data import _query  # the data layer's cache: per database URL, with a TTL
from monitor.store import Store
from monitor.store.acks import acks_of, latest_acks
from monitor.store.alerts import list_alerts
from monitor.store.schema import acks as acks_table
from monitor.store.schema import alerts, incidents, ops_alerts
from monitor.store.silences import list_silences

__all__ = [
    "ALERT_COLUMNS",
    "RECENT_COLUMNS",
    "RECENT_LIMIT",
    "STATUSES",
    "UNACKED_COLUMNS",
    "acknowledgements",
    "forget",
    "in_force",
    "incident_alerts",
    "incident_of",
    "link_ack_since_last_alert",
    "recent_alerts",
    "silences",
    "subject_of",
    "unacknowledged",
]

# an outbox row's status: waiting or delivered, or never sent and why
STATUSES = ("pending", "sent", "failed", "silenced", "inhibited", "deduplicated")
RECENT_LIMIT = 500  # rows of the Alerts page, over both outboxes
ALERT_COLUMNS = [
    "channel", "event", "severity", "status", "created_at", "sent_at", "note", "attempts",
]  # fmt: skip
RECENT_COLUMNS = [
    "created_at", "sent_at", "about", "channel", "event", "severity", "status", "note",
    "attempts", "incident_id",
]  # fmt: skip
UNACKED_COLUMNS = [
    "incident_id", "brand", "severity", "channels", "first_sent_at", "last_sent_at",
    "acknowledged_at",
]  # fmt: skip


def subject_of(incident_id: int) -> str:
    """What acknowledging an incident's alerts covers: ``"incident:12"``."""
    return f"incident:{incident_id}"


def incident_of(subject: str) -> int | None:
    """The incident a subject names (``"incident:12"`` -> 12), or None (an ops alert's)."""
    kind, _, number = subject.partition(":")
    return int(number) if kind == "incident" and number.isdigit() else None


def _why(row: dict[str, Any]) -> str | None:
    """Why a row was held or not sent (``note``), else its last delivery error."""
    return row.get("note") or row.get("last_error")


@_query
def incident_alerts(store: Store, incident_id: int) -> pd.DataFrame:
    """One incident's alerts, oldest first (``ALERT_COLUMNS``; ``note`` says why one was
    held or not sent, or its last delivery error)."""
    rows = [{**row, "note": _why(row)} for row in list_alerts(store, incident_id=incident_id)]
    return pd.DataFrame(rows, columns=ALERT_COLUMNS)


@_query
def acknowledgements(store: Store, subject: str) -> list[dict[str, Any]]:
    """Every acknowledgement of ``subject``, oldest first (``by``, ``via``, ``channel``,
    ``at``, ``note``)."""
    return acks_of(store, subject)


@_query
def recent_alerts(store: Store, limit: int = RECENT_LIMIT) -> pd.DataFrame:
    """The newest ``limit`` rows of both outboxes, newest first (``RECENT_COLUMNS``):
    ``about`` is ``"incident #12 · Acme Coffee"`` or the ops topic; ``incident_id`` is
    empty for ops alerts."""
    told = (
        select(alerts, incidents.c.brand)
        .join(incidents, incidents.c.id == alerts.c.incident_id)
        .order_by(alerts.c.created_at.desc(), alerts.c.id.desc())
        .limit(limit)
    )
    ops = select(ops_alerts).order_by(ops_alerts.c.created_at.desc()).limit(limit)
    with store.engine.connect() as conn:
        rows = [
            {**r, "about": f"incident #{r['incident_id']} · {r['brand']}", "note": _why(r)}
            for r in (dict(x._mapping) for x in conn.execute(told))
        ]
        rows += [
            {**r, "about": f"ops: {r['topic']}", "note": _why(r), "incident_id": None}
            for r in (dict(x._mapping) for x in conn.execute(ops))
        ]
    frame = pd.DataFrame(rows, columns=RECENT_COLUMNS)
    frame["incident_id"] = frame["incident_id"].astype("Int64")
    return frame.sort_values("created_at", ascending=False, kind="stable").head(limit)


@_query
def unacknowledged(store: Store) -> pd.DataFrame:
    """Open incidents with a sent alert no acknowledgement covers, the longest waiting
    first (``UNACKED_COLUMNS``: ``channels`` told since the last acknowledgement, the
    first and last such sending, the last acknowledgement or None)."""
    query = (
        select(alerts.c.incident_id, alerts.c.channel, alerts.c.sent_at, incidents.c.brand,
               incidents.c.severity)
        .join(incidents, incidents.c.id == alerts.c.incident_id)
        .where(incidents.c.status == "open", alerts.c.status == "sent")
        .order_by(alerts.c.sent_at)
    )  # fmt: skip
    with store.engine.connect() as conn:
        sent = [dict(r._mapping) for r in conn.execute(query)]
    acked = latest_acks(store, sorted({subject_of(r["incident_id"]) for r in sent}))
    waiting: dict[int, dict[str, Any]] = {}
    for row in sent:
        last_ack = acked.get(subject_of(row["incident_id"]))
        if last_ack is not None and row["sent_at"] <= last_ack:
            continue  # covered: acknowledged after it was sent
        entry = waiting.setdefault(row["incident_id"], {
            "incident_id": row["incident_id"], "brand": row["brand"],
            "severity": row["severity"], "channels": [], "first_sent_at": row["sent_at"],
            "acknowledged_at": last_ack,
        })  # fmt: skip
        if row["channel"] not in entry["channels"]:
            entry["channels"].append(row["channel"])
        entry["last_sent_at"] = row["sent_at"]
    rows = [{**e, "channels": ", ".join(e["channels"])} for e in waiting.values()]
    return pd.DataFrame(rows, columns=UNACKED_COLUMNS)


@_query
def silences(store: Store) -> list[dict[str, Any]]:
    """Every silence, newest first (``matchers`` decoded: ``{"brand": [...], ...}``)."""
    return list_silences(store)


def in_force(rows: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """The silences of ``rows`` in force at ``now`` (begun, not ended, not lifted), oldest
    first: what ``monitor.store.silences.active_silences`` reads, at the second."""
    found = [r for r in rows if r["starts_at"] <= now < r["ends_at"] and r["expired_at"] is None]
    return sorted(found, key=lambda r: r["id"])


def link_ack_since_last_alert(subject: str, channel: str) -> dict[str, Any] | None:
    """The acknowledgement already recorded from ``channel``'s link for ``subject`` at or
    after the newest alert of it sent, or None. Not cached: it decides whether opening
    the link again records anything."""
    store = data.current().store
    newest = _newest_sent(store, subject)
    query = (
        select(acks_table)
        .where(acks_table.c.subject == subject, acks_table.c.via == "link")
        .where(acks_table.c.channel == channel)
        .order_by(acks_table.c.at.desc())
        .limit(1)
    )
    if newest is not None:
        query = query.where(acks_table.c.at >= newest)
    with store.engine.connect() as conn:
        found = conn.execute(query).first()
    return dict(found._mapping) if found else None


def _newest_sent(store: Store, subject: str) -> datetime | None:
    """When the newest alert of ``subject`` was sent, over both outboxes."""
    incident_id = incident_of(subject)
    about = alerts.c.subject == subject
    if incident_id is not None:  # rows queued before subjects were recorded have none
        about = or_(about, alerts.c.incident_id == incident_id)
    times = []
    with store.engine.connect() as conn:
        for outbox, where in ((alerts, about), (ops_alerts, ops_alerts.c.subject == subject)):
            query = select(func.max(outbox.c.sent_at)).where(where, outbox.c.status == "sent")
            times.append(conn.execute(query).scalar())
    found = [t for t in times if t is not None]
    return max(found) if found else None


def forget() -> None:
    """Drop the cached alert reads, after an acknowledgement or a silence changed them."""
    for query in (incident_alerts, acknowledgements, recent_alerts, unacknowledged, silences):
        query.clear()  # type: ignore[attr-defined]
