"""Queue alerts where the routing tree sends them: incident events, resolved notices.

Each receiver gets one outbox row per (incident, event), due after its route's
``group_wait`` and no sooner than ``group_interval`` after the group's last message
to it; the dispatcher sends what is due and the rest of its group with it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from monitor.alerts.message import alert_payload
from monitor.alerts.routing import Labels, Policy, incident_labels, route_alert
from monitor.config import Config
from monitor.detection import IncidentEvent
from monitor.incidents import ALERTING_EVENTS
from monitor.models import Incident
from monitor.store import Store
from monitor.store.alerts import Routing, enqueue_alert, last_group_send, list_alerts
from monitor.store.incidents import list_incidents

__all__ = ["incident_subject", "queue_alerts", "queue_missed", "routing_for", "routings"]

MISSED_LOOKBACK = timedelta(days=1)  # how far back a milestone without its alert is caught up


def incident_subject(incident_id: int) -> str:
    """What acknowledging an incident's alerts covers."""
    return f"incident:{incident_id}"


def routing_for(
    store: Store,
    table: str,
    channel: str,
    policy: Policy,
    labels: Labels,
    subject: str | None,
    now: datetime,
) -> Routing:
    """The routing columns of a row for ``channel`` under ``policy``."""
    group_key = policy.group_key(labels)
    due = now + timedelta(seconds=policy.group_wait)
    last = last_group_send(store, table, channel, group_key)
    if last is not None:
        due = max(due, last + timedelta(seconds=policy.group_interval))
    return Routing(labels.to_json(), policy.to_json(), subject, group_key, due)


def routings(
    config: Config,
    store: Store,
    table: str,
    labels: Labels,
    subject: str | None,
    now: datetime,
) -> list[tuple[str, Routing]]:
    """(channel, routing) for every receiver the routing tree gives ``labels``."""
    return [
        (d.channel, routing_for(store, table, d.channel, d.policy, labels, subject, now))
        for d in route_alert(config.alerts, labels)
    ]


def queue_alerts(config: Config, store: Store, events: list[IncidentEvent], now: datetime) -> int:
    """Queue alerts for live ``opened``/``reopened``/``escalated`` events, and resolved
    notices for ``closed`` ones. Returns how many were new."""
    queued = 0
    for ev in events:
        if not ev.live or ev.incident.id is None:
            continue
        if ev.event == "closed":
            queued += _queue_resolved(config, store, ev.incident, now)
        elif ev.event in ALERTING_EVENTS:
            payload = alert_payload(ev.incident, ev.event, config.alerts.dashboard_url)
            labels = incident_labels(ev.incident)
            subject = incident_subject(ev.incident.id)
            for channel, routing in routings(config, store, "alerts", labels, subject, now):
                queued += enqueue_alert(
                    store, ev.incident.id, channel, _key(ev), labels.severity, payload, now, routing
                )
    return queued


def _key(ev: IncidentEvent) -> str:
    """What makes an alert unique for its incident and channel: the event, and for a
    storm that returns, when (an incident may come back more than once)."""
    if ev.event == "reopened":
        return f"reopened {ev.incident.updated_at:%Y-%m-%dT%H:%M}"
    return ev.event


def _queue_resolved(config: Config, store: Store, incident: Incident, now: datetime) -> int:
    """A resolved notice to each receiver told of the incident (or about to be) whose
    route sends them (``send_resolved``)."""
    assert incident.id is not None
    told: dict[str, dict[str, Any]] = {}
    for row in list_alerts(store, incident.id):
        if row["status"] in ("sent", "pending") and not row["event"].startswith("resolved"):
            told.setdefault(row["channel"], row)
    closed = incident.closed_at or now
    payload = alert_payload(incident, "resolved", config.alerts.dashboard_url)
    labels = incident_labels(incident)
    queued = 0
    for channel, row in told.items():
        policy = Policy.from_json(row["route"])
        if policy is None or not policy.send_resolved:
            continue
        policy = replace(policy, step=0)
        routing = routing_for(
            store, "alerts", channel, policy, labels, incident_subject(incident.id), now
        )
        event = f"resolved {closed:%Y-%m-%dT%H:%M}"
        queued += enqueue_alert(
            store, incident.id, channel, event, incident.severity, payload, now, routing
        )
    return queued


def queue_missed(config: Config, store: Store, now: datetime) -> int:
    """Queue the alerts of live milestones that have none: detection saves an incident
    and its milestone (``details["events"]``) before the cycle queues its alerts, so a
    crash in between would otherwise lose them. Milestones judged within the last day
    are looked at; a replayed old bucket's (not live) never alerts. Returns how many
    alerts were queued."""
    since = now - MISSED_LOOKBACK
    bucket, delay = config.detection.bucket, config.detection.delay
    queued = 0
    for incident in list_incidents(store, limit=200):
        if incident.id is None or incident.updated_at < since:
            continue
        have = {row["event"] for row in list_alerts(store, incident.id)}
        missed = []
        for milestone in incident.details.get("events", []):
            name, at = milestone["event"], datetime.fromisoformat(milestone["at"])
            end = datetime.fromisoformat(milestone["bucket"]) + bucket
            if name not in (*ALERTING_EVENTS, "closed") or at < since:
                continue
            if name == "closed" and incident.status != "closed":  # it came back since
                continue
            if end < at - delay - 2 * bucket:  # judged late, in a catch-up: not live
                continue
            as_then = replace(incident, updated_at=at)
            key = (
                f"resolved {incident.closed_at or at:%Y-%m-%dT%H:%M}"
                if name == "closed"
                else (_key(IncidentEvent(as_then, name, True)))
            )
            if key not in have:
                missed.append(
                    IncidentEvent(as_then if name == "reopened" else incident, name, True)
                )
        queued += queue_alerts(config, store, missed, now)
    return queued
