"""What an alert says: enough to decide, and a link to the incident."""

from __future__ import annotations

from typing import Any

from monitor.models import Incident

__all__ = ["alert_payload", "alert_subject", "alert_text"]


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


def alert_subject(payload: dict[str, Any]) -> str:
    verb = "escalated to CRITICAL" if payload["type"] == "incident.escalated" else "emerging"
    return f"[{payload['severity'].upper()}] {payload['brand']}: public-opinion incident {verb}"


def alert_text(payload: dict[str, Any]) -> str:
    """Plain text for email, Slack and Teams."""
    lines = [alert_subject(payload), "", payload["summary"], ""]
    for sample in payload["samples"]:
        lines.append(f"- {sample['title']} ({sample['url']})")
    lines += ["", f"Open the incident: {payload['link']}"]
    return "\n".join(lines)
