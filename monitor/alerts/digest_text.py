"""Daily and weekly briefs in words: a subject line and a plain-text body.

:func:`digest_subject` and :func:`digest_text` say a brief made by
:func:`monitor.alerts.digest.build_digest`, times in the channel's ``timezone``;
``monitor.alerts.message`` uses them for ``digest.*`` types. A daily brief is titled
by the day its period ends, a weekly one by the days it covers (``16–22 Nov 2026``).

This module must not import ``monitor.alerts.message``, which imports it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from monitor.alerts.digest import _count

__all__ = ["digest_subject", "digest_text"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _critical_unacknowledged(payload: dict[str, Any]) -> int:
    """Incidents with a critical alert nobody acknowledged."""
    return len({a["incident_id"] for a in payload["unacknowledged"] if a["severity"] == "critical"})


def _local(at: str, zone: str) -> datetime:
    return datetime.fromisoformat(at).astimezone(ZoneInfo(zone))


def _title(payload: dict[str, Any]) -> str:
    """``Daily brief 2026-11-23`` (the day it ends) or ``Weekly brief 16–22 Nov 2026``."""
    zone = payload.get("timezone") or "UTC"
    end = _local(payload["period_end"], zone)
    if payload["type"] == "digest.daily":
        return f"Daily brief {end.date().isoformat()}"
    first, last = _local(payload["period_start"], zone).date(), (end - timedelta(days=1)).date()
    if (first.year, first.month) == (last.year, last.month):
        span = f"{first.day}\u2013{_day(last)}"
    elif first.year == last.year:
        span = f"{first.day} {_MONTHS[first.month - 1]} \u2013 {_day(last)}"
    else:
        span = f"{_day(first)} \u2013 {_day(last)}"
    return f"Weekly brief {span}"


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def digest_subject(payload: dict[str, Any]) -> str:
    """``[DIGEST] Daily brief 2026-11-23: 2 open incidents, 1 critical unacknowledged``
    (and how many complaints are past their SLA, when any are)."""
    opened = len(payload["open_incidents"])
    parts = [_count(opened, "open incident") if opened else "no open incidents"]
    critical = _critical_unacknowledged(payload)
    if critical:
        parts.append(f"{critical} critical unacknowledged")
    overdue = payload["complaint_counts"]["overdue"]
    if overdue:
        parts.append(f"{_count(overdue, 'complaint')} overdue")
    return f"[DIGEST] {_title(payload)}: {', '.join(parts)}"


def digest_text(payload: dict[str, Any]) -> str:
    """The brief in plain text: a heading per section, a line saying so when one is
    empty, a link per item; times in the channel's zone."""
    zone = payload.get("timezone") or "UTC"

    def when(at: str) -> str:
        return f"{_local(at, zone):%Y-%m-%d %H:%M}"

    period = f"{when(payload['period_start'])} to {when(payload['period_end'])}"
    lines = [digest_subject(payload), "", payload["summary"], f"Period: {period} ({zone})"]
    lines += _section(
        "Open incidents",
        payload["open_incidents"],
        "No open incidents.",
        lambda i: _incident_lines(i, when),
    )
    lines += _section(
        "Alerts nobody acknowledged",
        payload["unacknowledged"],
        "No alert is waiting for an acknowledgement.",
        lambda a: _unacknowledged_lines(a, when),
    )
    lines += _section(
        "Changes in the period",
        payload["changes"],
        "No incident opened, escalated, reopened or closed.",
        lambda c: [f"- {when(c['at'])} #{c['id']} {c['brand']}: {c['event']}"],
    )
    counts = payload["complaint_counts"]
    lines += _section(
        "Complaints",
        payload["top_complaints"],
        "No unresolved complaints.",
        lambda c: _complaint_lines(c, when),
        intro=f"{counts['new']} new and {counts['resolved']} resolved in the period; "
        f"{counts['open']} open now, {counts['overdue']} past their SLA.",
    )
    lines += ["", f"Dashboard: {payload['link']}"]
    return "\n".join(lines)


def _section(
    heading: str, items: list[dict[str, Any]], empty: str, render, intro: str | None = None
) -> list[str]:
    lines = ["", heading, "-" * len(heading)]
    if intro:
        lines.append(intro)
    if not items:
        return [*lines, empty]
    for item in items:
        lines += render(item)
    return lines


def _incident_lines(i: dict[str, Any], when) -> list[str]:
    ack = i["acknowledged_by"]
    seen = f"Acknowledged by {ack['by']} at {when(ack['at'])}." if ack else "Not acknowledged."
    head = f"- #{i['id']} {i['brand']}, {i['severity'].upper()}, open since {when(i['opened_at'])}"
    told = " ".join(part for part in (i["summary"], seen) if part)
    return [f"{head}: {told}", f"  {i['link']}"]


def _unacknowledged_lines(a: dict[str, Any], when) -> list[str]:
    closed = "" if a["incident_status"] == "open" else " (the incident has closed since)"
    return [
        f"- #{a['incident_id']} {a['brand']}: {a['severity']} alert sent to {a['channel']} at "
        f"{when(a['sent_at'])}, unacknowledged for {a['unacknowledged_for']}{closed}",
        f"  {a['link']}",
    ]


def _complaint_lines(c: dict[str, Any], when) -> list[str]:
    facts = [c["brand"] or "no brand"]
    if c["safety"]:
        facts.append("SAFETY-CRITICAL")
    facts.append(f"priority {c['priority']}")
    if c["due"]:
        facts.append(f"{'OVERDUE, was due' if c['overdue'] else 'due'} {when(c['due'])}")
    owner, tier = c["owner"], c["tier"]
    if owner and owner != tier:
        facts.append(f"owner {owner} ({tier})" if tier else f"owner {owner}")
    else:  # a tier without named owners is itself the owner, a queue
        facts.append(f"in the {tier} queue" if tier else "no owner")
    return [f"- {c['external_id']} ({', '.join(facts)}): \u201c{c['text']}\u201d", f"  {c['link']}"]
