"""Is the monitor seeing what it should? Coverage of the sources, and the ops alert.

A crisis the monitor cannot see is worse than one it reports late. When at least
``collect.blind_share`` of the enabled sources are failing, blocked (a bot wall,
a 403, robots.txt) or suddenly empty, the monitor is partly blind: an ops alert
says so once, and a resolved notice follows when coverage is back. These alerts
go to channels with ``audience: ops`` only, never to executives.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from monitor.alerts.message import ops_payload
from monitor.alerts.routing import Labels
from monitor.config import Config
from monitor.store import Store
from monitor.store.alerts import enqueue_ops_alert
from monitor.store.opsstate import read_ops_state, write_ops_state
from monitor.store.sourcestate import source_health

__all__ = ["Coverage", "assess_coverage", "queue_ops_alert", "watch_coverage"]

TOPIC = "coverage"
PROBLEMS = ("disabled", "blocked", "failing", "empty")


@dataclass(frozen=True)
class Coverage:
    """The enabled sources and which of them the monitor is blind to, by problem."""

    enabled: int
    problems: dict[str, list[str]] = field(default_factory=dict)

    @property
    def blind(self) -> list[str]:
        return sorted(name for names in self.problems.values() for name in names)

    @property
    def share(self) -> float:
        return len(self.blind) / self.enabled if self.enabled else 0.0

    def summary(self) -> str:
        """One line, e.g. ``3 of 8 sources not collecting (2 blocked, 1 failing)``."""
        if not self.blind:
            return f"all {self.enabled} sources collecting"
        parts = ", ".join(f"{len(self.problems[p])} {p}" for p in PROBLEMS if self.problems.get(p))
        return f"{len(self.blind)} of {self.enabled} sources not collecting ({parts})"


def assess_coverage(config: Config, store: Store) -> Coverage:
    """Coverage now, from each enabled source's recorded state."""
    enabled = {s.name for s in config.sources if s.enabled}
    problems: dict[str, list[str]] = {}
    for row in source_health(store):
        if row["name"] not in enabled:
            continue
        problem = row.get("problem")
        if row.get("disabled"):
            problem = "disabled"
        elif problem is None and row.get("error_count"):
            problem = "failing"
        if problem in PROBLEMS:
            problems.setdefault(problem, []).append(row["name"])
    return Coverage(len(enabled), {k: sorted(v) for k, v in problems.items()})


def watch_coverage(config: Config, store: Store, now: datetime) -> str | None:
    """Open or resolve the "partly blind" ops episode; queue its alerts.

    Returns ``opened``, ``resolved`` or None (nothing changed). Each episode
    alerts once when it opens and once when it resolves, however many cycles it
    lasts.
    """
    coverage = assess_coverage(config, store)
    blind = coverage.enabled > 0 and coverage.blind and coverage.share >= config.collect.blind_share
    state = read_ops_state(store, TOPIC)
    opened_at = state["opened_at"] if state else None
    details = {"summary": coverage.summary(), "problems": coverage.problems}
    if blind and opened_at is None:
        write_ops_state(store, TOPIC, now, now, details)
        _queue(config, store, "opened", now, now, coverage)
        return "opened"
    if not blind and opened_at is not None:
        write_ops_state(store, TOPIC, None, now, details)
        _queue(config, store, "resolved", opened_at, now, coverage)
        return "resolved"
    if state is None or json.loads(state["details"]) != details:
        write_ops_state(store, TOPIC, opened_at, now, details)
    return None


def _queue(
    config: Config, store: Store, event: str, episode: datetime, now: datetime, cov: Coverage
) -> None:
    payload = ops_payload(
        TOPIC, event, cov.summary(), cov.problems, config.alerts.dashboard_url, episode
    )
    queue_ops_alert(config, store, TOPIC, episode.isoformat(), event, payload, now)


def queue_ops_alert(
    config: Config,
    store: Store,
    topic: str,
    episode: str,
    event: str,
    payload: dict[str, Any],
    now: datetime,
) -> int:
    """Queue an ops alert where the routing tree sends ops alerts (``audience: ops``
    channels only); returns how many were new."""
    from monitor.alerts.enqueue import routings  # the alerts package imports this module

    labels = Labels(None, "warning", ("ops",))
    return sum(
        enqueue_ops_alert(
            store, topic, episode, name, event, "warning", payload, now, routing=routing
        )
        for name, routing in routings(config, store, "ops_alerts", labels, None, now)
    )
