"""What an alert says: enough to decide, and a link to the incident.

Every kind of alert has a subject and a plain text whose first line is that subject.
Keys the dispatcher adds at send time are rendered for every kind when present:
``ack_link`` (an ``Acknowledge: URL`` line after the "Open ..." line), ``escalation``
and ``reminder`` (a subject prefix and a first paragraph), ``history`` (the events
merged into this message). A ``group`` carries several alerts in one message.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from monitor.durations import format_gap
from monitor.models import Incident

__all__ = [
    "alert_notices",
    "alert_payload",
    "alert_subject",
    "alert_text",
    "complaint_payload",
    "ops_payload",
    "trending_payload",
]

SNIPPET = 200  # characters of a complaint's text in its notification


def incident_link(dashboard_url: str, incident_id: int | None) -> str:
    return f"{dashboard_url.rstrip('/')}/incidents?incident={incident_id}"


def alert_payload(incident: Incident, event: str, dashboard_url: str) -> dict[str, Any]:
    """The JSON document sent to webhooks (and kept in the outbox); a ``resolved``
    event adds when the incident closed and how long it lasted."""
    d = incident.details
    payload = {
        "type": "incident." + event,
        "incident_id": incident.id,
        "brand": incident.brand,
        "severity": incident.severity,
        "status": incident.status,
        "signals": incident.kind.split("+"),
        "began_at": incident.began_at.isoformat(),
        "opened_at": incident.opened_at.isoformat(),
        "observed": incident.observed,
        "expected": incident.expected,
        "score": incident.score,
        "peak_score": incident.peak_score,
        "summary": incident.summary,
        "top_terms": d.get("top_terms", []),
        "risk_terms": d.get("risk_terms", []),
        "samples": d.get("samples", [])[:3],
        "link": incident_link(dashboard_url, incident.id),
    }
    if event == "resolved" and incident.closed_at is not None:
        payload["closed_at"] = incident.closed_at.isoformat()
        payload["duration"] = format_gap(incident.closed_at - incident.opened_at)
    return payload


def ops_payload(
    topic: str,
    event: str,
    summary: str,
    problems: dict[str, list[str]],
    dashboard_url: str,
    began_at: datetime,
) -> dict[str, Any]:
    """The JSON document of an ops alert (the monitor itself needs attention)."""
    return {
        "type": f"ops.{topic}.{event}",
        "topic": topic,
        "severity": "warning",
        "status": "open" if event == "opened" else "resolved",
        "began_at": began_at.isoformat(),
        "summary": summary,
        "problems": problems,
        "samples": [],
        "link": f"{dashboard_url.rstrip('/')}/sources",
    }


def complaint_link(dashboard_url: str, complaint_id: int) -> str:
    return f"{dashboard_url.rstrip('/')}/complaints?complaint={complaint_id}"


def complaint_payload(
    complaint: dict[str, Any],
    event: str,
    dashboard_url: str,
    previous_tier: str | None = None,
    breached: bool = False,
) -> dict[str, Any]:
    """The JSON document that tells a complaint's owner it is theirs (``assigned``) or
    has moved up to them (``escalated``; ``breached``: past its SLA at the top tier)."""
    text = " ".join(complaint["text"].split())
    snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "\u2026"
    due = complaint["sla_due_at"]
    return {
        "type": "complaint." + event,
        "complaint_id": complaint["id"],
        "external_id": complaint["external_id"],
        "brand": complaint["brand"],
        "owner": complaint["owner"],
        "tier": complaint["tier"],
        "level": complaint["level"],
        "previous_tier": previous_tier,
        "breached": breached,
        "priority": complaint["priority"],
        "safety": bool(complaint["safety"]),
        "severity": "critical" if complaint["safety"] else "warning",
        "status": complaint["status"],
        "created_at": complaint["created_at"].isoformat(),
        "due": due.isoformat() if due else None,
        "text": snippet,
        "summary": snippet,
        "samples": [],
        "link": complaint_link(dashboard_url, complaint["id"]),
    }


DIGEST_LINES = 20  # complaints a digest lists one by one


def _complaint_subject(payload: dict[str, Any]) -> str:
    if payload.get("more"):  # a digest: several complaints for one owner at once
        count, tier, owner = 1 + len(payload["more"]), payload["tier"], payload["owner"]
        where = f"the {tier} queue" if owner == tier else f"{owner} ({tier})"
        verb = "escalated" if payload["type"] == "complaint.escalated" else "assigned"
        return f"[COMPLAINT] {count} complaints {verb} to {where}"
    due = payload["due"]
    when = f"{datetime.fromisoformat(due):%Y-%m-%d %H:%M} UTC" if due else "no due time"
    ref, tier, owner = payload["external_id"], payload["tier"], payload["owner"]
    queue = owner == tier  # a tier without named owners
    if payload["breached"]:
        where = tier if queue else f"{tier}: {owner}"
        return f"[COMPLAINT] {ref} past its SLA at the top tier ({where}), was due {when}"
    if payload["type"] == "complaint.escalated":
        where = f"{tier} (queue)" if queue else f"{tier}: {owner}"
        return f"[COMPLAINT] {ref} escalated to {where}, due {when}"
    where = f"the {tier} queue" if queue else f"{owner} ({tier})" if tier else owner
    return f"[COMPLAINT] {ref} assigned to {where}, due {when}"


def _complaint_text(payload: dict[str, Any]) -> str:
    facts = [payload["brand"] or "no brand", f"priority {payload['priority']}"]
    if payload["safety"]:
        facts.append("SAFETY-CRITICAL")
    if payload["previous_tier"] and payload["previous_tier"] != payload["tier"]:
        facts.append(f"was at {payload['previous_tier']}")
    if payload.get("more"):
        return _digest_text(payload)
    lines = [_complaint_subject(payload), "", f"\u201c{payload['text']}\u201d", ""]
    lines += [", ".join(facts), f"Open the complaint: {payload['link']}"]
    return "\n".join(lines)


def _digest_text(payload: dict[str, Any]) -> str:
    """One line per complaint of a digest, the first ``DIGEST_LINES``, then how many more."""
    items = [payload, *payload["more"]]
    lines = [_complaint_subject(payload), ""]
    for item in items[:DIGEST_LINES]:
        due = item["due"]
        when = f"due {datetime.fromisoformat(due):%Y-%m-%d %H:%M} UTC" if due else "no due time"
        flag = "SAFETY-CRITICAL, " if item["safety"] else ""
        lines.append(f"- {item['external_id']} ({flag}{when}): {item['text']} {item['link']}")
    if len(items) > DIGEST_LINES:
        lines.append(f"- and {len(items) - DIGEST_LINES} more")
    return "\n".join(lines)


def trending_payload(
    complaint: dict[str, Any], trend: dict[str, Any], dashboard_url: str
) -> dict[str, Any]:
    """The JSON document of a complaint whose subject is trending (``monitor.trending``).

    ``complaint``: its ``id``, ``external_id``, ``brand``, ``text``, ``safety`` and
    ``unresolved_for`` ("26 h"); ``trend``: ``posts`` in the last ``bucket`` ("1h"),
    their ``usual`` number per bucket over the day before, what they ``shared`` and
    ``samples`` of them (title, url)."""
    text = " ".join(complaint["text"].split())
    snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "\u2026"
    payload = {
        "type": "complaint.trending",
        "complaint_id": complaint["id"],
        "external_id": complaint["external_id"],
        "brand": complaint["brand"],
        "severity": "critical" if complaint["safety"] else "warning",
        "status": "open",
        "unresolved_for": complaint["unresolved_for"],
        "posts": trend["posts"],
        "usual": round(trend["usual"], 1),
        "shared": trend["shared"],
        "bucket": trend["bucket"],
        "text": snippet,
        "samples": trend["samples"][:3],
        "link": complaint_link(dashboard_url, complaint["id"]),
    }
    payload["summary"] = (
        f"{_trending_subject(payload)}. Over the day before, about {payload['usual']:g} such "
        f"posts per {_span(payload['bucket'])}. The complaint: \u201c{snippet}\u201d"
    )
    return payload


def _span(bucket: str) -> str:
    """A detection bucket in words: "1h" -> "hour"."""
    return {"1h": "hour", "1d": "day", "1w": "week"}.get(bucket, bucket)


def _trending_subject(payload: dict[str, Any]) -> str:
    """``[TRENDING] Complaint ZD-12 (unresolved 26 h) is now public: 14 posts in the last
    hour share 'ORD-2231', 'wheelchair'``"""
    shared = ", ".join(f"'{s}'" for s in payload["shared"])
    return (
        f"[TRENDING] Complaint {payload['external_id']} (unresolved {payload['unresolved_for']})"
        f" is now public: {payload['posts']} posts in the last {_span(payload['bucket'])} "
        f"share {shared}"
    )


def _trending_text(payload: dict[str, Any]) -> str:
    lines = [_trending_subject(payload), "", payload["summary"], ""]
    lines += [f"- {s['title']} ({s['url']})" for s in payload["samples"]]
    lines += ["", f"Open the complaint: {payload['link']}"]
    return "\n".join(lines)


def _utc(iso: str) -> str:
    """An ISO time for reading: ``2026-11-23 10:00 UTC``."""
    at = datetime.fromisoformat(iso)
    return f"{(at.astimezone(UTC) if at.tzinfo else at):%Y-%m-%d %H:%M} UTC"


def _resolved_subject(payload: dict[str, Any]) -> str:
    return (
        f"[RESOLVED] {payload['brand']}: public-opinion incident over after {payload['duration']}"
    )


def _resolved_text(payload: dict[str, Any]) -> str:
    peak = payload.get("peak_score", payload["score"])
    lines = [_resolved_subject(payload), "", payload["summary"], ""]
    lines.append(f"Opened {_utc(payload['opened_at'])}, closed {_utc(payload['closed_at'])}.")
    lines += [f"Peak score: {peak:g}.", "", f"Open the incident: {payload['link']}"]
    return "\n".join(lines)


GROUP_RULE = "-" * 40  # between the alerts of a group in plain text


def _group_subject(payload: dict[str, Any]) -> str:
    count = len(payload["alerts"])
    what = f"{count} alert" + ("" if count == 1 else "s")
    brand = f"{payload['brand']}: " if payload.get("brand") else ""
    return f"[{payload['severity'].upper()}] {brand}{what}"


def _group_text(payload: dict[str, Any]) -> str:
    lines = [_group_subject(payload), "", payload["summary"], ""]
    lines.append(f"Open the dashboard: {payload['link']}")
    for alert in payload["alerts"]:
        lines += ["", GROUP_RULE, "", alert_text(alert)]
    return "\n".join(lines)


def _base_subject(payload: dict[str, Any]) -> str:
    kind = payload["type"]
    if kind == "group":
        return _group_subject(payload)
    if kind == "incident.resolved":
        return _resolved_subject(payload)
    if kind == "complaint.trending":  # monitor/trending.py
        return _trending_subject(payload)
    if kind.startswith("complaint."):
        return _complaint_subject(payload)
    if kind.startswith("ops.channel."):  # monitor/deadchannels.py
        if payload["status"] == "resolved":
            return f"[OPS] Resolved: alert channel {payload['channel']} delivers again"
        return f"[OPS] Alert channel {payload['channel']} is failing"
    if kind.startswith("ops.dip."):
        if payload["status"] == "resolved":
            return f"[OPS] Resolved: {payload['source']} brings new items again"
        return f"[OPS] {payload['source']} has gone silent: no new items for hours"
    if kind.startswith("ops."):
        if payload["status"] == "resolved":
            return "[OPS] Resolved: the monitor sees all its sources again"
        return "[OPS] The monitor is partly blind: sources are not collecting"
    verb = {
        "incident.escalated": "escalated to CRITICAL",
        "incident.reopened": "back after it had calmed down",
    }.get(kind, "emerging")
    return f"[{payload['severity'].upper()}] {payload['brand']}: public-opinion incident {verb}"


def _base_text(payload: dict[str, Any]) -> str:
    kind = payload["type"]
    if kind == "group":
        return _group_text(payload)
    if kind == "incident.resolved":
        return _resolved_text(payload)
    if kind == "complaint.trending":
        return _trending_text(payload)
    if kind.startswith("complaint."):
        return _complaint_text(payload)
    lines = [_base_subject(payload), "", payload["summary"], ""]
    for problem, names in payload.get("problems", {}).items():
        lines.append(f"- {problem}: {', '.join(names)}")
    for sample in payload["samples"]:
        lines.append(f"- {sample['title']} ({sample['url']})")
    where = "the incident" if "incident_id" in payload else "the Sources page"
    lines += ["", f"Open {where}: {payload['link']}"]
    return "\n".join(lines)


# How the events merged into one message read: "opened, escalated to critical".
_EVENT_WORDS = {
    "escalated": "escalated to critical",
    "reopened": "back after it had calmed down",
    "reminder": "a reminder",
}


def alert_notices(payload: dict[str, Any]) -> list[str]:
    """The lines that open the text (after its subject): why this message comes again
    (an escalation, a reminder) and what it merges."""
    notices = []
    escalation = payload.get("escalation")
    if escalation:
        notices.append(
            f"Nobody has acknowledged this alert since it went to {escalation['first_sent_to']}"
            f" at {_utc(escalation['first_sent_at'])}; you are next in the chain "
            f"({escalation['step']} of {escalation['of']})."
        )
    reminder = payload.get("reminder")
    if reminder:
        notices.append(f"Still open and unacknowledged after {reminder['open_for']}.")
    history = payload.get("history")
    if history:
        words = [
            "passed up the escalation chain"
            if event.startswith("escalation")
            else _EVENT_WORDS.get(event, event.replace("_", " "))
            for event in history
        ]
        notices.append(f"Since the last message: {', '.join(words)}.")
    return notices


def _with_ack(lines: list[str], payload: dict[str, Any]) -> list[str]:
    """``Acknowledge: URL`` right after the line that opens the alert's own link (the
    last "Open ...: LINK"), or at the end when there is none."""
    ack = f"Acknowledge: {payload['ack_link']}"
    link = payload.get("link")
    for i in range(len(lines) - 1, -1, -1):
        if link and lines[i].startswith("Open ") and lines[i].endswith(f": {link}"):
            return [*lines[: i + 1], ack, *lines[i + 1 :]]
    return [*lines, ack]


def alert_subject(payload: dict[str, Any]) -> str:
    kind = payload["type"]
    if kind.startswith("report."):  # monitor/csreport.py: it carries its title
        return payload["title"]
    if kind.startswith("digest."):  # imported here: the digest modules load this one
        from monitor.alerts.digest_text import digest_subject

        return digest_subject(payload)
    subject = _base_subject(payload)
    if payload.get("reminder"):
        subject = f"[REMINDER] {subject}"
    if payload.get("escalation"):
        subject = f"[UNACKNOWLEDGED {payload['escalation']['unacknowledged_for']}] {subject}"
    return subject


def alert_text(payload: dict[str, Any]) -> str:
    """Plain text for email, Slack and Teams; its first line is the subject."""
    kind = payload["type"]
    if kind.startswith("report."):  # chat gets the headline figures and the link
        return f"{payload['title']}\n\n{payload['summary']}\n\nOpen the report: {payload['link']}"
    if kind.startswith("digest."):
        from monitor.alerts.digest_text import digest_text

        return digest_text(payload)
    lines = _base_text(payload).split("\n")
    lines[0] = alert_subject(payload)  # with the escalation or reminder prefix
    notices = alert_notices(payload)
    if notices:
        lines[1:1] = ["", *notices]
    if payload.get("ack_link"):
        lines = _with_ack(lines, payload)
    return "\n".join(lines)
