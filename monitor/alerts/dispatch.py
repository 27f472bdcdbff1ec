"""Queue alerts for incident events and deliver them: no spam, no loss.

An alert is queued once per (incident, channel, event) in the database
outbox, then sent; a failed send stays queued and is retried with backoff up
to ``alerts.max_attempts`` times. Alerts are delivered at least once: a crash
between sending and recording can repeat one message, never lose it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from monitor.alerts.channels import send_alert
from monitor.alerts.message import alert_payload
from monitor.config import Config
from monitor.detection import IncidentEvent
from monitor.errors import AlertError
from monitor.incidents import ALERTING_EVENTS
from monitor.store import Store
from monitor.store.alerts import OUTBOXES, due_alerts, enqueue_alert, mark_failed, mark_sent

__all__ = ["DispatchReport", "dispatch_alerts", "queue_alerts"]

_SEVERITY_RANK = {"warning": 1, "critical": 2}


def queue_alerts(config: Config, store: Store, events: list[IncidentEvent], now: datetime) -> int:
    """Queue alerts for live ``opened``/``reopened``/``escalated`` events. Returns how
    many were new."""
    queued = 0
    for ev in events:
        if not ev.live or ev.event not in ALERTING_EVENTS or ev.incident.id is None:
            continue
        payload = alert_payload(ev.incident, ev.event, config.alerts.dashboard_url)
        for channel in config.alerts.channels:
            if channel.audience != "executive":
                continue
            if _SEVERITY_RANK[ev.incident.severity] < _SEVERITY_RANK[channel.min_severity]:
                continue
            queued += enqueue_alert(
                store, ev.incident.id, channel.name, _key(ev), ev.incident.severity, payload, now
            )
    return queued


def _key(ev: IncidentEvent) -> str:
    """What makes an alert unique for its incident and channel: the event, and for a
    storm that returns, when (an incident may come back more than once)."""
    if ev.event == "reopened":
        return f"reopened {ev.incident.updated_at:%Y-%m-%dT%H:%M}"
    return ev.event


@dataclass
class DispatchReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


def dispatch_alerts(config: Config, store: Store, now: datetime) -> DispatchReport:
    """Send every due alert in the outboxes (incident alerts, then ops alerts)."""
    report = DispatchReport()
    channels = {c.name: c for c in config.alerts.channels}
    for table in OUTBOXES:
        for row in due_alerts(store, now, table):
            _deliver(config, store, now, table, row, channels, report)
    return report


def _deliver(config, store, now, table, row, channels, report: DispatchReport) -> None:
    channel = channels.get(row["channel"])
    if channel is None:
        error = f"channel {row['channel']!r} is no longer configured"
        mark_failed(store, row["id"], error, None, table)
        report.failed += 1
        return
    alert_id = row["id"] if table == "alerts" else f"ops-{row['id']}"
    try:
        send_alert(channel, json.loads(row["payload"]), alert_id)
    except AlertError as exc:
        attempts = row["attempts"] + 1
        give_up = attempts >= config.alerts.max_attempts
        retry_at = None if give_up else now + timedelta(seconds=30 * 2 ** min(attempts, 10))
        mark_failed(store, row["id"], str(exc), retry_at, table)
        if give_up:
            report.failed += 1
            report.errors.append(f"{exc} (gave up after {attempts} attempts)")
        else:
            report.retrying += 1
            report.errors.append(f"{exc} (will retry)")
        return
    mark_sent(store, row["id"], now, table)
    report.sent += 1
