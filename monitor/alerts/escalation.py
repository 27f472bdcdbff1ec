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

_RANK = {"info": 0, "warning": 1, "critical": 2}


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
    unacked: dict[tuple[int, str], list[dict[str, Any]]] = {}
    for row in rows:  # oldest first
        ack = acked.get(row["subject"])
        if ack is None or ack < row["sent_at"]:
            unacked.setdefault((row["incident_id"], row["channel"]), []).append(row)
    incidents_by_id: dict[int, Incident | None] = {}
    done: list[str] = []
    for (incident_id, channel), pending in unacked.items():
        incident = _incident(store, incidents_by_id, incident_id)
        if incident is None:
            continue
        line = _escalate(config, store, incident, pending, now)
        if line:
            done.append(line)
        if (incident_id, channel) not in waiting:  # nothing on its way to it already
            line = _remind(config, store, incident, pending[-1], now)
            if line:
                done.append(line)
    return done


def _escalate(
    config: Config, store: Store, incident: Incident, unacked: list[dict[str, Any]], now: datetime
) -> str:
    """Pass the receiver's unacknowledged alerts to the next in its route's chain once the
    first of them at their highest severity has waited ``escalate_after`` for it (a
    reminder does not restart the clock; a rise in severity does, at its own pace)."""
    top = max((r["severity"] for r in unacked), key=lambda s: _RANK.get(s, 0))
    at_top = [r for r in unacked if r["severity"] == top]
    first, latest = at_top[0], unacked[-1]
    policy = Policy.from_json(latest["route"])
    assert policy is not None
    if policy.step >= len(policy.escalate_to):
        return ""
    if now - first["sent_at"] < policy.escalates_after(top):
        return ""
    target = next(
        (c for c in config.alerts.channels if c.name == policy.escalate_to[policy.step]), None
    )
    if target is None or target.audience != "executive":
        return ""
    if _RANK.get(top, 0) < _RANK[target.min_severity]:  # e.g. a CEO who takes critical only
        return ""
    origin = json.loads(first["payload"]).get("escalation") or {
        "first_sent_to": first["channel"],
        "first_sent_at": first["sent_at"].astimezone(UTC).isoformat(),
    }
    facts = {
        "step": policy.step + 1,
        "of": len(policy.escalate_to),
        "unacknowledged_for": hours_words(now - datetime.fromisoformat(origin["first_sent_at"])),
        "first_sent_to": origin["first_sent_to"],
        "first_sent_at": origin["first_sent_at"],
    }
    onward = replace(policy, step=policy.step + 1)
    event = f"escalation:{top}"
    if not _queue(config, store, incident, target.name, event, first, onward,
                  {"escalation": facts}, now):  # fmt: skip
        return ""
    return (
        f"incident {incident.id}: escalated to {target.name} "
        f"(unacknowledged {facts['unacknowledged_for']})"
    )


def _remind(
    config: Config, store: Store, incident: Incident, latest: dict[str, Any], now: datetime
) -> str:
    """Remind the receiver of an incident still open and unacknowledged
    ``repeat_interval`` after the last message it got about it."""
    policy = Policy.from_json(latest["route"])
    assert policy is not None
    if now - latest["sent_at"] < timedelta(seconds=policy.repeat_interval):
        return ""
    open_for = hours_words(now - incident.opened_at)
    event = f"reminder {now:%Y-%m-%dT%H:%M}"
    channel = latest["channel"]
    if not _queue(config, store, incident, channel, event, latest, policy,
                  {"reminder": {"open_for": open_for}}, now):  # fmt: skip
        return ""
    return f"incident {incident.id}: reminder to {channel} (open {open_for})"


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
