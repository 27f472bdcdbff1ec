"""What an alert says: enough to decide, and a link to the incident."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from monitor.models import Incident

__all__ = ["alert_payload", "alert_subject", "alert_text", "ops_payload"]


def incident_link(dashboard_url: str, incident_id: int | None) -> str:
    return f"{dashboard_url.rstrip('/')}/incidents?incident={incident_id}"


def alert_payload(incident: Incident, event: str, dashboard_url: str) -> dict[str, Any]:
    """The JSON document sent to webhooks (and kept in the outbox)."""
    d = incident.details
    return {
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
        "summary": incident.summary,
        "top_terms": d.get("top_terms", []),
        "risk_terms": d.get("risk_terms", []),
        "samples": d.get("samples", [])[:3],
        "link": incident_link(dashboard_url, incident.id),
    }


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


def alert_subject(payload: dict[str, Any]) -> str:
    if payload["type"].startswith("ops.dip."):
        if payload["status"] == "resolved":
            return f"[OPS] Resolved: {payload['source']} brings new items again"
        return f"[OPS] {payload['source']} has gone silent: no new items for hours"
    if payload["type"].startswith("ops."):
        if payload["status"] == "resolved":
            return "[OPS] Resolved: the monitor sees all its sources again"
        return "[OPS] The monitor is partly blind: sources are not collecting"
    verb = {
        "incident.escalated": "escalated to CRITICAL",
        "incident.reopened": "back after it had calmed down",
    }.get(payload["type"], "emerging")
    return f"[{payload['severity'].upper()}] {payload['brand']}: public-opinion incident {verb}"


def alert_text(payload: dict[str, Any]) -> str:
    """Plain text for email, Slack and Teams."""
    lines = [alert_subject(payload), "", payload["summary"], ""]
    for problem, names in payload.get("problems", {}).items():
        lines.append(f"- {problem}: {', '.join(names)}")
    for sample in payload["samples"]:
        lines.append(f"- {sample['title']} ({sample['url']})")
    where = "the incident" if "incident_id" in payload else "the Sources page"
    lines += ["", f"Open {where}: {payload['link']}"]
    return "\n".join(lines)
