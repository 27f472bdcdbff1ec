"""Unacknowledged incident alerts escalate along their route's chain, and repeat.

An alert sent to a receiver whose route has ``escalate_to: [head-comms, ceo]`` and
that nobody acknowledges within ``escalate_after`` (per severity) goes to
``head-comms``; if that one goes unacknowledged as long again, to ``ceo``. An
acknowledgement covers every alert of its incident sent before it. While the
incident stays open and unacknowledged, each receiver is reminded every
``repeat_interval``. Both stop when the incident closes.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from monitor.alerts.enqueue import incident_subject, routing_for
from monitor.alerts.message import alert_payload
from monitor.alerts.routing import Labels, Policy
from monitor.config import Config
from monitor.explain import hours_words
from monitor.models import Incident
from monitor.store import Store
from monitor.store.acks import latest_acks
from monitor.store.alerts import enqueue_alert
from monitor.store.incidents import get_incident
from monitor.store.schema import alerts, incidents

__all__ = ["watch_acks"]


def _routed_of_open_incidents(store: Store) -> list[dict[str, Any]]:
    """Routed incident alerts sent or pending, of incidents still open, oldest first."""
    query = (
        select(alerts)
        .join(incidents, incidents.c.id == alerts.c.incident_id)
        .where(
            incidents.c.status == "open",
            alerts.c.status.in_(("sent", "pending")),
            alerts.c.route.is_not(None),
        )
        .order_by(alerts.c.sent_at, alerts.c.id)
    )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def watch_acks(config: Config, store: Store, now: datetime) -> list[str]:
    """Queue the escalations and reminders that are due. Returns what was queued, e.g.
    ``"incident 12: escalated to head-comms (unacknowledged 30 min)"``."""
    routed = _routed_of_open_incidents(store)
    waiting = {(r["incident_id"], r["channel"]) for r in routed if r["status"] == "pending"}
    rows = [r for r in routed if r["status"] == "sent" and not r["event"].startswith("resolved")]
    if not rows:
        return []
    acked = latest_acks(store, sorted({r["subject"] for r in rows if r["subject"]}))
    channels = {c.name: c for c in config.alerts.channels}
    incidents_by_id: dict[int, Incident | None] = {}
    done: list[str] = []
    last_sent: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows:
        ack = acked.get(row["subject"])
        if ack is not None and ack >= row["sent_at"]:
            continue
        last_sent[(row["incident_id"], row["channel"])] = row  # the newest unacknowledged
        policy = Policy.from_json(row["route"])
        assert policy is not None
        if policy.step >= len(policy.escalate_to):
            continue
        waited = now - row["sent_at"]
        if waited < policy.escalates_after(row["severity"]):
            continue
        target = policy.escalate_to[policy.step]
        if target not in channels or channels[target].audience != "executive":
            continue
        incident = _incident(store, incidents_by_id, row["incident_id"])
        if incident is None:
            continue
        facts = {
            "step": policy.step + 1,
            "of": len(policy.escalate_to),
            "unacknowledged_for": hours_words(waited),
            "first_sent_to": row["channel"],
            "first_sent_at": row["sent_at"].astimezone(UTC).isoformat(),
        }
        event = f"escalation:{row['severity']}"
        onward = replace(policy, step=policy.step + 1)
        if _queue(config, store, incident, target, event, row, onward, {"escalation": facts}, now):
            done.append(
                f"incident {incident.id}: escalated to {target} "
                f"(unacknowledged {facts['unacknowledged_for']})"
            )
    for (incident_id, channel), row in last_sent.items():
        if (incident_id, channel) in waiting:  # something is on its way to it already
            continue
        policy = Policy.from_json(row["route"])
        assert policy is not None
        if now - row["sent_at"] < timedelta(seconds=policy.repeat_interval):
            continue
        incident = _incident(store, incidents_by_id, incident_id)
        if incident is None:
            continue
        open_for = hours_words(now - incident.opened_at)
        event = f"reminder {now:%Y-%m-%dT%H:%M}"
        if _queue(config, store, incident, channel, event, row, policy,
                  {"reminder": {"open_for": open_for}}, now):  # fmt: skip
            done.append(f"incident {incident_id}: reminder to {channel} (open {open_for})")
    return done


def _incident(store: Store, cache: dict[int, Incident | None], incident_id: int) -> Incident | None:
    if incident_id not in cache:
        cache[incident_id] = get_incident(store, incident_id)
    return cache[incident_id]


def _queue(
    config: Config,
    store: Store,
    incident: Incident,
    channel: str,
    event: str,
    row: dict[str, Any],
    policy: Policy,
    extra: dict[str, Any],
    now: datetime,
) -> bool:
    assert incident.id is not None
    labels = Labels.from_json(row["labels"])
    assert labels is not None
    labels = replace(labels, severity=incident.severity)
    event_type = json.loads(row["payload"])["type"].removeprefix("incident.")
    payload = alert_payload(incident, event_type, config.alerts.dashboard_url) | extra
    subject = incident_subject(incident.id)
    routing = routing_for(store, "alerts", channel, policy, labels, subject, now)
    routing = replace(routing, due=now)  # no group wait: it is already late
    return enqueue_alert(
        store, incident.id, channel, event, incident.severity, payload, now, routing
    )
