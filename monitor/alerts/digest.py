"""Daily and weekly briefs per receiver: what is open, what changed, what nobody saw.

A channel with ``digest: daily`` gets a brief once a day at ``digest_at`` in its
``timezone``, of the day before; ``weekly``, on Mondays, of the week before. A period
runs from one ``digest_at`` to the next, local time (so 24 h, or 23 or 25 h across a
daylight-saving change: no moment falls between two briefs or into both). A brief holds:

- ``open_incidents``: every open incident, with its latest acknowledgement;
- ``changes``: incidents opened, escalated, reopened or closed in the period;
- ``top_complaints``: the unresolved complaint records most in need of attention
  (safety-critical first, then by priority, overdue, oldest) and ``complaint_counts``;
- ``unacknowledged``: sent alerts nobody acknowledged since, of open incidents, and
  every critical alert of the period even if its incident has closed since.

:func:`queue_due_digests` (each pipeline cycle) queues each due brief once on the ops
outbox (topic ``digest:<channel>``, episode the period's end in UTC, event ``daily`` or
``weekly``, severity ``info``); the dispatcher delivers it like any alert. A monitor
that was down at ``digest_at`` sends the latest period's brief when it is back, once;
older missed periods are not sent. :func:`build_digest` makes the document (times in
ISO 8601 UTC); ``monitor.alerts.digest_text`` says it in words.

This module must not import ``monitor.alerts.message``, which imports it (by way of
``monitor.alerts.digest_text``).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.engine import Connection

from monitor.complaintstatus import unresolved
from monitor.config import Config
from monitor.durations import format_gap
from monitor.store import Store
from monitor.store.alerts import enqueue_ops_alert
from monitor.store.opsstate import ops_topic
from monitor.store.schema import acks, alerts, complaints, incidents, ops_alerts

__all__ = [
    "KINDS",
    "TOP_COMPLAINTS",
    "build_digest",
    "digest_period",
    "queue_due_digests",
]

KINDS = ("daily", "weekly")
TOP_COMPLAINTS = 5  # complaint records a brief lists
SNIPPET = 120  # characters of a complaint's text
_PRIORITIES = ("urgent", "high", "normal", "low")  # a priority not listed counts as normal
_MILESTONES = ("opened", "escalated", "reopened", "closed")
_SEVERITY_RANK = {"critical": 0, "warning": 1}
_SENTENCE = re.compile(r"^(.+?[.!?])(?=\s|$)", re.DOTALL)


# --- when --------------------------------------------------------------------------------


def digest_period(
    kind: str, digest_at: time, zone: str, now: datetime
) -> tuple[datetime, datetime]:
    """``(start, end)`` in UTC of the latest period over at ``now``: it ends at the last
    ``digest_at`` (``weekly``: on a Monday) in ``zone`` at or before ``now`` and starts
    at the one a day (a week) before it."""
    if kind not in KINDS:
        raise ValueError(f"unknown digest {kind!r}: daily or weekly")
    tz, step = ZoneInfo(zone), timedelta(days=1 if kind == "daily" else 7)
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    day = now.astimezone(tz).date()
    if kind == "weekly":
        day -= timedelta(days=day.weekday())
    if _moment(day, digest_at, tz) > now:
        day -= step
    return _moment(day - step, digest_at, tz), _moment(day, digest_at, tz)


def _moment(day: date, clock: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


def queue_due_digests(config: Config, store: Store, now: datetime) -> list[str]:
    """Build and queue each channel's brief whose period is over and not queued yet.

    One small query when nothing is due. Returns what was queued, e.g.
    ``"daily 2026-11-23 for pr-lead"`` (the date of the period's end, local)."""
    due: dict[str, tuple[Any, datetime, datetime]] = {}
    for channel in config.alerts.channels:
        if channel.digest in KINDS:
            period = digest_period(channel.digest, channel.digest_at, channel.timezone, now)
            due[channel.name] = (channel, *period)
    if not due:
        return []
    done = []
    wanted = [(ops_topic("digest", name), end.isoformat()) for name, (_, _, end) in due.items()]
    queued = _queued(store, wanted)
    for name, (channel, start, end) in due.items():
        topic, episode = ops_topic("digest", name), end.isoformat()
        if (topic, episode, name) in queued:
            continue
        payload = build_digest(config, store, name, start, end, now)
        if enqueue_ops_alert(store, topic, episode, name, channel.digest, "info", payload, now):
            day = end.astimezone(ZoneInfo(channel.timezone)).date()
            done.append(f"{channel.digest} {day.isoformat()} for {name}")
    return done


def _queued(store: Store, wanted: list[tuple[str, str]]) -> set[tuple[str, str, str]]:
    """``(topic, episode, channel)`` of the briefs queued among these (topic, episode)."""
    cols = (ops_alerts.c.topic, ops_alerts.c.episode, ops_alerts.c.channel)
    query = select(*cols).where(
        ops_alerts.c.topic.in_(sorted({t for t, _ in wanted})),
        ops_alerts.c.episode.in_(sorted({e for _, e in wanted})),
    )
    with store.engine.connect() as conn:
        return {(topic, episode, channel) for topic, episode, channel in conn.execute(query)}


# --- what --------------------------------------------------------------------------------


def build_digest(
    config: Config, store: Store, channel_name: str, start: datetime, end: datetime, now: datetime
) -> dict[str, Any]:
    """The brief for ``channel_name`` of the period ``start``-``end``, as things are at
    ``now`` (see the module docstring for its sections)."""
    channel = next((c for c in config.alerts.channels if c.name == channel_name), None)
    if channel is None:
        known = ", ".join(c.name for c in config.alerts.channels) or "none configured"
        raise ValueError(f"no alert channel named {channel_name!r} (channels: {known})")
    kind = channel.digest if channel.digest in KINDS else "daily"
    if channel.digest not in KINDS and end - start > timedelta(days=2):
        kind = "weekly"
    base = config.alerts.dashboard_url.rstrip("/")
    with store.engine.connect() as conn:
        payload: dict[str, Any] = {
            "type": f"digest.{kind}",
            "channel": channel_name,
            "timezone": channel.timezone,
            "period_start": start.astimezone(UTC).isoformat(),
            "period_end": end.astimezone(UTC).isoformat(),
            "severity": "info",
            "status": "open",
            "summary": "",
            "samples": [],
            "link": base,
            "open_incidents": _open_incidents(conn, base),
            "changes": _changes(conn, base, start, end),
            "top_complaints": _top_complaints(conn, base, now),
            "complaint_counts": _complaint_counts(conn, start, end, now),
            "unacknowledged": _unacknowledged(conn, base, start, end, now),
        }
    payload["summary"] = _summary(payload)
    return payload


def _incident_link(base: str, incident_id: int) -> str:
    return f"{base}/incidents?incident={incident_id}"


def _open_incidents(conn: Connection, base: str) -> list[dict[str, Any]]:
    """Open incidents, critical first, then the oldest; each with its latest ack."""
    cols = (incidents.c.id, incidents.c.brand, incidents.c.severity, incidents.c.opened_at)
    query = select(*cols, incidents.c.summary).where(incidents.c.status == "open")
    rows = conn.execute(query).all()
    latest = _latest_acks(conn, [f"incident:{r.id}" for r in rows])
    out = []
    for r in sorted(rows, key=lambda r: (_SEVERITY_RANK.get(r.severity, 2), r.opened_at, r.id)):
        ack = latest.get(f"incident:{r.id}")
        out.append(
            {
                "id": r.id,
                "brand": r.brand,
                "severity": r.severity,
                "opened_at": r.opened_at.isoformat(),
                "summary": _first_sentence(r.summary),
                "link": _incident_link(base, r.id),
                "acknowledged_by": {"by": ack[0], "at": ack[1].isoformat()} if ack else None,
            }
        )
    return out


def _first_sentence(text: str) -> str:
    text = " ".join((text or "").split())
    match = _SENTENCE.match(text)
    return match.group(1) if match else text


def _latest_acks(conn: Connection, subjects: list[str]) -> dict[str, tuple[str, datetime]]:
    """Each subject's latest acknowledgement: ``(by, at)``."""
    if not subjects:
        return {}
    query = (
        select(acks.c.subject, acks.c.by, acks.c.at)
        .where(acks.c.subject.in_(sorted(set(subjects))))
        .order_by(acks.c.at, acks.c.id)
    )
    return {subject: (by, at) for subject, by, at in conn.execute(query)}


def _changes(conn: Connection, base: str, start: datetime, end: datetime) -> list[dict[str, Any]]:
    """Incidents' milestones within ``[start, end)``, in time order."""
    cols = (incidents.c.id, incidents.c.brand, incidents.c.severity, incidents.c.details)
    query = select(*cols, incidents.c.opened_at, incidents.c.closed_at).where(
        incidents.c.opened_at < end,
        or_(
            incidents.c.updated_at >= start,
            incidents.c.opened_at >= start,
            incidents.c.closed_at >= start,
        ),
    )
    out = []
    for r in conn.execute(query):
        for event, at in _milestones(r.details, r.opened_at, r.closed_at):
            if start <= at < end:
                link = _incident_link(base, r.id)
                item = {"id": r.id, "brand": r.brand, "severity": r.severity, "link": link}
                out.append({**item, "event": event, "at": at})
    out.sort(key=lambda c: (c["at"], c["id"], _MILESTONES.index(c["event"])))
    return [{**c, "at": c["at"].isoformat()} for c in out]


def _milestones(
    details: str | None, opened_at: datetime, closed_at: datetime | None
) -> list[tuple[str, datetime]]:
    """What detection recorded in ``details["events"]``; for an incident from before
    that record (or one without its opening or closing in it), ``opened_at`` and
    ``closed_at``."""
    found = []
    for record in json.loads(details or "{}").get("events") or []:
        if isinstance(record, dict) and record.get("event") in _MILESTONES:
            try:
                at = datetime.fromisoformat(str(record.get("at")))
            except ValueError:
                continue
            found.append((record["event"], at if at.tzinfo else at.replace(tzinfo=UTC)))
    kinds = [event for event, _ in found]
    if "opened" not in kinds:
        found.append(("opened", opened_at))
    states = [event for event in kinds if event != "escalated"]
    if closed_at is not None and (not states or states[-1] != "closed"):
        found.append(("closed", closed_at))
    return found


def _open_complaint():
    return and_(complaints.c.resolved_at.is_(None), unresolved(complaints.c.status))


def _top_complaints(conn: Connection, base: str, now: datetime) -> list[dict[str, Any]]:
    """The unresolved records most in need of attention: safety-critical first, then by
    priority (urgent, high, normal, low), past their SLA, the oldest."""
    rank = {p: i for i, p in enumerate(_PRIORITIES)}
    overdue = complaints.c.sla_due_at < now
    query = (
        select(complaints)
        .where(_open_complaint())
        .order_by(
            case((complaints.c.safety.is_(True), 0), else_=1),
            case(rank, value=func.lower(complaints.c.priority), else_=rank["normal"]),
            case((overdue, 0), else_=1),
            complaints.c.created_at,
            complaints.c.id,
        )
        .limit(TOP_COMPLAINTS)
    )
    out = []
    for r in conn.execute(query):
        text = " ".join(r.text.split())
        snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "\u2026"
        out.append(
            {
                "external_id": r.external_id,
                "brand": r.brand,
                "priority": r.priority,
                "safety": bool(r.safety),
                "owner": r.owner,
                "tier": r.tier,
                "due": r.sla_due_at.isoformat() if r.sla_due_at else None,
                "overdue": r.sla_due_at is not None and r.sla_due_at < now,
                "text": snippet,
                "link": f"{base}/complaints?complaint={r.id}",
            }
        )
    return out


def _complaint_counts(
    conn: Connection, start: datetime, end: datetime, now: datetime
) -> dict[str, int]:
    """Records filed and resolved in the period; unresolved and past their SLA now."""
    c = complaints.c
    query = select(
        func.count().filter(and_(c.created_at >= start, c.created_at < end)),
        func.count().filter(and_(c.resolved_at >= start, c.resolved_at < end)),
        func.count().filter(_open_complaint()),
        func.count().filter(and_(_open_complaint(), c.sla_due_at < now)),
    )
    new, resolved, still_open, overdue = conn.execute(query).one()
    return {"new": new, "resolved": resolved, "open": still_open, "overdue": overdue}


def _unacknowledged(
    conn: Connection, base: str, start: datetime, end: datetime, now: datetime
) -> list[dict[str, Any]]:
    """Sent alerts no acknowledgement at or after their sending covers: those of open
    incidents, and every critical one sent in the period. Critical first, oldest first."""
    in_period = and_(alerts.c.sent_at >= start, alerts.c.sent_at < end)
    query = (
        select(
            alerts.c.incident_id,
            alerts.c.channel,
            alerts.c.severity,
            alerts.c.sent_at,
            alerts.c.subject,
            incidents.c.brand,
            incidents.c.status,
        )
        .join(incidents, incidents.c.id == alerts.c.incident_id)
        .where(
            alerts.c.status == "sent",
            ~alerts.c.event.startswith("resolved"),  # "it is over" asks nothing of anyone
            or_(incidents.c.status == "open", and_(alerts.c.severity == "critical", in_period)),
        )
    )
    rows = [(r, r.subject or f"incident:{r.incident_id}") for r in conn.execute(query)]
    latest = _latest_acks(conn, [subject for _, subject in rows])
    out = [
        {
            "incident_id": r.incident_id,
            "brand": r.brand,
            "severity": r.severity,
            "channel": r.channel,
            "sent_at": r.sent_at,
            "unacknowledged_for": format_gap(now - r.sent_at),
            "incident_status": r.status,
            "link": _incident_link(base, r.incident_id),
        }
        for r, subject in rows
        if subject not in latest or latest[subject][1] < r.sent_at
    ]
    out.sort(key=lambda a: (_SEVERITY_RANK.get(a["severity"], 2), a["sent_at"], a["channel"]))
    return [{**a, "sent_at": a["sent_at"].isoformat()} for a in out]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _summary(payload: dict[str, Any]) -> str:
    """One line: ``2 open incidents (1 critical), 3 changes in the period, ...``."""
    opened = payload["open_incidents"]
    critical = sum(1 for i in opened if i["severity"] == "critical")
    counts = payload["complaint_counts"]
    return (
        f"{_count(len(opened), 'open incident')} ({critical} critical), "
        f"{_count(len(payload['changes']), 'incident change')} in the period, "
        f"{_count(len(payload['unacknowledged']), 'alert')} unacknowledged; complaints: "
        f"{counts['new']} new, {counts['resolved']} resolved, {counts['open']} open, "
        f"{counts['overdue']} overdue"
    )
