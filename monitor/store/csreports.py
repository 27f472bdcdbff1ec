"""Reads and writes behind the customer-service report (``monitor/csreport.py``).

The complaints, history events and linked incidents one report period needs, each
read in one query; the stored reports (one per kind and period: building again
replaces the text and keeps the id, so links already sent still open it); who
opened a report, and which channels it was queued on (the ``ops_alerts`` outbox,
topic ``report:<kind>``, episode the period's start in ISO 8601).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, insert, or_, select, update

from monitor.store.db import Store, insert_new
from monitor.store.schema import complaint_events, complaints, incidents, ops_alerts, reports
from monitor.store.schema import report_reads as reads

__all__ = [
    "complaint_texts",
    "find_report",
    "get_report",
    "has_complaints",
    "linked_complaints",
    "list_reads",
    "list_reports",
    "period_complaints",
    "period_events",
    "queued_channels",
    "record_read",
    "report_deliveries",
    "save_report",
]

_COLUMNS = (
    "id", "brand", "channel", "text", "status", "owner", "level", "tier", "safety", "created_at",
    "updated_at", "acknowledged_at", "resolved_at", "sla_due_at", "incident_id", "cluster_id",
)  # fmt: skip


def _touching(start: datetime, end: datetime) -> Any:
    """Complaints a period can say anything about: filed before its end and not
    resolved before its start (a NULL resolved_at may still be resolved by status)."""
    return and_(
        complaints.c.created_at < end,
        or_(complaints.c.resolved_at.is_(None), complaints.c.resolved_at >= start),
    )


def period_complaints(store: Store, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The complaint records touching ``[start, end)``, oldest first."""
    query = (
        select(*(complaints.c[c] for c in _COLUMNS))
        .where(_touching(start, end))
        .order_by(complaints.c.created_at, complaints.c.id)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def period_events(store: Store, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """The history of those complaints, oldest first per complaint; ``changes`` as
    ``{field: [old, new]}``."""
    ev = complaint_events
    query = (
        select(ev.c.complaint_id, ev.c.at, ev.c.actor, ev.c.action, ev.c.changes)
        .select_from(ev.join(complaints, complaints.c.id == ev.c.complaint_id))
        .where(_touching(start, end))
        .order_by(ev.c.complaint_id, ev.c.at, ev.c.id)
    )
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        row["changes"] = json.loads(row["changes"] or "{}")
    return rows


def linked_complaints(store: Store, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Complaints linked to incidents active in ``[start, end)`` (began before its end,
    not closed before its start), with their incident's brand and start."""
    query = (
        select(
            incidents.c.id.label("incident_id"),
            incidents.c.brand,
            incidents.c.began_at,
            complaints.c.id.label("complaint_id"),
            complaints.c.created_at,
            complaints.c.resolved_at,
        )
        .select_from(incidents.join(complaints, complaints.c.incident_id == incidents.c.id))
        .where(
            incidents.c.began_at < end,
            or_(incidents.c.closed_at.is_(None), incidents.c.closed_at >= start),
        )
        .order_by(incidents.c.began_at, incidents.c.id, complaints.c.created_at)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def complaint_texts(store: Store, ids: list[int]) -> dict[int, str]:
    """The text of each of these complaints (a cluster's head, say)."""
    if not ids:
        return {}
    query = select(complaints.c.id, complaints.c.text).where(complaints.c.id.in_(ids))
    with store.engine.connect() as conn:
        return {cid: text for cid, text in conn.execute(query)}


def has_complaints(store: Store, before: datetime) -> bool:
    """Whether any complaint record was filed before ``before``."""
    query = select(exists().where(complaints.c.created_at < before))
    with store.engine.connect() as conn:
        return bool(conn.execute(query).scalar())


def save_report(
    store: Store,
    kind: str,
    period_start: datetime,
    period_end: datetime,
    created_at: datetime,
    markdown: str,
    html: str,
) -> int:
    """Store a report, replacing the one of the same kind and period. Returns its id."""
    text = {"period_end": period_end, "created_at": created_at, "markdown": markdown, "html": html}
    same = and_(reports.c.kind == kind, reports.c.period_start == period_start)
    with store.engine.begin() as conn:
        new = insert_new(
            conn, reports, [{"kind": kind, "period_start": period_start, **text}], reports.c.id
        )
        if new:
            return int(new[0])
        conn.execute(update(reports).where(same).values(**text))
        return int(conn.execute(select(reports.c.id).where(same)).scalar_one())


def get_report(store: Store, report_id: int) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(reports).where(reports.c.id == report_id)).first()
    return dict(row._mapping) if row else None


def find_report(store: Store, kind: str, period_start: datetime) -> int | None:
    """The id of the stored report of this kind and period, if any."""
    query = select(reports.c.id).where(
        reports.c.kind == kind, reports.c.period_start == period_start
    )
    with store.engine.connect() as conn:
        return conn.execute(query).scalar()


def list_reports(store: Store) -> list[dict[str, Any]]:
    """Every stored report without its text, newest period first."""
    columns = (reports.c[c] for c in ("id", "kind", "period_start", "period_end", "created_at"))
    query = select(*columns).order_by(reports.c.period_start.desc(), reports.c.kind)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def record_read(store: Store, report_id: int, reader: str, at: datetime) -> None:
    """Note that ``reader`` opened the report (from the link they were sent)."""
    with store.engine.begin() as conn:
        conn.execute(insert(reads).values(report_id=report_id, reader=reader, at=at))


def list_reads(store: Store, report_id: int | None = None) -> list[dict[str, Any]]:
    """Who opened which report when, oldest first."""
    query = select(reads.c.report_id, reads.c.reader, reads.c.at).order_by(reads.c.at, reads.c.id)
    if report_id is not None:
        query = query.where(reads.c.report_id == report_id)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def report_deliveries(store: Store, topic: str, episode: str) -> list[dict[str, Any]]:
    """The outbox rows of one report: channel, status, attempts, sent_at, last_error."""
    columns = ("channel", "status", "attempts", "created_at", "sent_at", "last_error")
    query = (
        select(*(ops_alerts.c[c] for c in columns))
        .where(ops_alerts.c.topic == topic, ops_alerts.c.episode == episode)
        .order_by(ops_alerts.c.id)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def queued_channels(store: Store, topic: str, episode: str) -> set[str]:
    """The channels a report is already queued on (whatever became of the delivery)."""
    return {row["channel"] for row in report_deliveries(store, topic, episode)}
