"""Dead alert channels: a channel whose deliveries keep failing, told to ops elsewhere.

The outboxes (``monitor.store.alerts``) record every delivery attempt's outcome on
its row: ``attempts``, ``last_error``, ``status`` and ``sent_at``. A channel is
**dead** when, since its last successful delivery (on any row of either outbox; ever,
if it never delivered), the rows queued for it that are still undelivered

- carry at least ``DEAD_AFTER`` (3) failed attempts between them, or
- include one that gave up (``failed``: ``alerts.max_attempts`` attempts failed).

Rows queued before its last success are left out: their failures may be older than
that success. Each dead channel is an ops episode of its own (``ops_state`` topic
``channel:NAME``): an ``ops.channel.opened`` alert when it opens and an
``ops.channel.resolved`` notice when a delivery on it succeeds again (or it leaves
the configuration). Both go to every *other* channel with ``audience: ops``, never
to the dead channel itself and never to executives; with no other ops channel there
is nobody to tell, and the cycle report says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from monitor.alerts.message import ops_payload
from monitor.config import Config
from monitor.store import Store
from monitor.store.alerts import enqueue_ops_alert, last_deliveries, undelivered_failures
from monitor.store.opsstate import open_episodes, ops_topic, write_ops_state

__all__ = ["DEAD_AFTER", "DeadChannel", "channel_topic", "find_dead_channels", "watch_channels"]

TOPIC = "channel"
PREFIX = TOPIC + ":"
DEAD_AFTER = 3  # failed attempts in a row


@dataclass(frozen=True)
class DeadChannel:
    """A channel whose deliveries have failed since ``since`` without a success."""

    channel: str
    since: datetime  # when the first of the failing alerts was queued
    failed: int  # failed attempts since its last success
    gave_up: int  # alerts given up on (status ``failed``)
    last_error: str | None

    def summary(self, now: datetime) -> str:
        """``Alert channel cs-mail is failing: 5 deliveries in a row failed since 14:02 UTC
        (last error: ...). Alerts to it are retried; check its settings.``"""
        when = f"{self.since:%H:%M} UTC"
        if self.since.date() != now.date():
            when = f"{self.since:%Y-%m-%d %H:%M} UTC"
        error = f" (last error: {self.last_error})" if self.last_error else ""
        retried = "Alerts to it are retried"
        if self.gave_up:
            retried = f"{self.gave_up} given up after alerts.max_attempts; the others are retried"
        return (
            f"Alert channel {self.channel} is failing: {self.failed} deliveries in a row "
            f"failed since {when}{error}. {retried}; check its settings."
        )


def find_dead_channels(config: Config, store: Store) -> list[DeadChannel]:
    """The configured channels that are dead now, by name."""
    latest = last_deliveries(store)
    failing: dict[str, list[dict[str, Any]]] = {}
    for row in undelivered_failures(store):
        success = latest.get(row["channel"])
        if success is None or row["created_at"] > success:
            failing.setdefault(row["channel"], []).append(row)
    dead = []
    for name in sorted(c.name for c in config.alerts.channels):
        rows = failing.get(name, [])
        failed = sum(r["attempts"] for r in rows)
        gave_up = sum(r["status"] == "failed" for r in rows)
        if failed >= DEAD_AFTER or gave_up:
            last = rows[-1]["last_error"]
            dead.append(DeadChannel(name, rows[0]["created_at"], failed, gave_up, last))
    return dead


def watch_channels(config: Config, store: Store, now: datetime) -> list[str]:
    """Open or resolve each channel's dead-channel episode; queue its ops alerts.

    Returns what changed, e.g. ``["opened: cs-mail"]``, ``["resolved: cs-mail"]``, or
    ``["opened: cs-mail (no other ops channel to tell)"]``. An episode alerts once
    when it opens and once when it resolves, however many cycles it lasts.
    """
    dead = {d.channel: d for d in find_dead_channels(config, store)}
    episodes = {d["channel"]: d for d in open_episodes(store, PREFIX).values()}
    configured = {c.name for c in config.alerts.channels}
    events = []
    for name, details in sorted(episodes.items()):
        if name in dead:
            continue
        if name in configured:
            summary = f"Alert channel {name} delivers again."
        else:
            summary = f"Alert channel {name} is no longer configured: its episode is closed."
        events.append("resolved: " + name + _close(config, store, details, summary, now))
    for name, channel in dead.items():
        if name not in episodes:
            events.append("opened: " + name + _open(config, store, channel, now))
    return events


def _open(config: Config, store: Store, dead: DeadChannel, now: datetime) -> str:
    summary = dead.summary(now)
    facts = {
        "channel": dead.channel,
        "failing_since": dead.since.isoformat(),
        "failed_attempts": dead.failed,
        "gave_up": dead.gave_up,
        "last_error": dead.last_error,
    }
    state = {**facts, "opened_at": now.isoformat(), "summary": summary}
    write_ops_state(store, channel_topic(dead.channel), now, now, state)
    url = config.alerts.dashboard_url
    payload = ops_payload(TOPIC, "opened", summary, {"failing": [dead.channel]}, url, dead.since)
    return _queue(config, store, dead.channel, now, "opened", payload | facts, now)


def _close(
    config: Config, store: Store, details: dict[str, Any], summary: str, now: datetime
) -> str:
    name = details["channel"]
    write_ops_state(store, channel_topic(name), None, now, {**details, "summary": summary})
    since = datetime.fromisoformat(details["failing_since"])
    payload = ops_payload(TOPIC, "resolved", summary, {}, config.alerts.dashboard_url, since)
    payload |= {"channel": name, "failing_since": details["failing_since"]}
    opened_at = datetime.fromisoformat(details["opened_at"])
    return _queue(config, store, name, opened_at, "resolved", payload, now)


def _queue(
    config: Config,
    store: Store,
    dead: str,
    episode: datetime,
    event: str,
    payload: dict[str, Any],
    now: datetime,
) -> str:
    """Queue on every ops channel but the dead one; a note for the report when none."""
    others = [c.name for c in config.alerts.channels if c.audience == "ops" and c.name != dead]
    topic, key = channel_topic(dead), episode.isoformat()
    for other in others:
        enqueue_ops_alert(store, topic, key, other, event, "warning", payload, now)
    return "" if others else " (no other ops channel to tell)"


def channel_topic(channel: str) -> str:
    """``channel:NAME``, within the width of an ops topic (``ops_topic``)."""
    return ops_topic("channel", channel)
