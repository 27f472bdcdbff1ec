"""Deliver due alerts: gated, grouped, at least once.

Each due outbox row passes the gates (``monitor.alerts.gates``: silences, inhibition,
repeats, quiet hours). What passes goes out with the rest of its group: the pending
rows for the same receiver and group (``group_by``, e.g. one brand), as one message;
several events of one incident become one message about its latest state. A failed
send stays queued and is retried with backoff up to ``alerts.max_attempts`` times.
Alerts are delivered at least once: a crash between sending and recording can repeat
one message (with the same ``Idempotency-Key``), never lose it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from monitor.alerts.acklink import ack_link
from monitor.alerts.channels import send_alert
from monitor.alerts.gates import Gates
from monitor.config import Config
from monitor.errors import AlertError
from monitor.store import Store
from monitor.store.alerts import (
    OUTBOXES,
    hold_alert,
    mark_failed,
    mark_sent,
    pending_alerts,
    set_status,
)

__all__ = ["DispatchReport", "dispatch_alerts"]

_RANK = {"info": 0, "warning": 1, "critical": 2}


@dataclass
class DispatchReport:
    sent: int = 0  # messages delivered
    retrying: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    held: int = 0  # rows waiting for quiet hours to end
    not_sent: Counter[str] = field(default_factory=Counter)  # silenced, inhibited...

    def held_back(self) -> str:
        """What was not sent this run and why, e.g. "2 held for quiet hours, 1 silenced";
        empty when everything due went out."""
        parts = [f"{self.held} held for quiet hours"] if self.held else []
        parts += [f"{n} {why}" for why, n in sorted(self.not_sent.items())]
        return ", ".join(parts)


def dispatch_alerts(config: Config, store: Store, now: datetime) -> DispatchReport:
    """Send every due alert in the outboxes (incident alerts, then the others)."""
    report = DispatchReport()
    gates: Gates | None = None  # read silences and open incidents only when needed
    for table in OUTBOXES:
        pending = pending_alerts(store, table)
        due = [row for row in pending if row["next_attempt_at"] <= now]
        if not due:
            continue
        gates = gates or Gates(config, store, now)
        going = _gate(gates, store, table, due, report)
        joining = _joiners(gates, store, table, pending, going, now, report)
        for rows in _messages(going + joining):
            _deliver(config, store, now, table, rows, report)
    return report


def _gate(
    gates: Gates, store: Store, table: str, due: list[dict[str, Any]], report: DispatchReport
) -> list[dict[str, Any]]:
    """The due rows that may go now; the others are held or marked with why."""
    going = []
    for row in due:
        verdict = gates.judge(table, row, due)
        if verdict.action == "send":
            going.append(row)
        elif verdict.action == "hold":
            assert verdict.until is not None
            hold_alert(store, row["id"], verdict.until, verdict.note, table)
            report.held += 1
        else:
            set_status(store, row["id"], verdict.action, verdict.note, table)
            report.not_sent[verdict.action] += 1
    return going


def _joiners(
    gates: Gates,
    store: Store,
    table: str,
    pending: list[dict[str, Any]],
    going: list[dict[str, Any]],
    now: datetime,
    report: DispatchReport,
) -> list[dict[str, Any]]:
    """Rows not yet due (a group's wait) that go out now with their group's message."""
    groups = {(r["channel"], r["group_key"]) for r in going if r["group_key"]}
    ids = {r["id"] for r in going}
    joining = []
    for row in pending:
        if row["id"] in ids or row["next_attempt_at"] <= now or row["attempts"]:
            continue
        if (row["channel"], row["group_key"]) not in groups:
            continue
        verdict = gates.judge(table, row, going)
        if verdict.action in ("send", "hold"):  # the group's message goes now anyway
            joining.append(row)
        else:
            set_status(store, row["id"], verdict.action, verdict.note, table)
            report.not_sent[verdict.action] += 1
    return joining


def _messages(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Rows grouped into messages: one per (channel, group), each row alone otherwise."""
    messages: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: r["id"]):
        key = (row["channel"], row["group_key"] or f"#{row['id']}")
        messages.setdefault(key, []).append(row)
    return list(messages.values())


def _payload(config: Config, rows: list[dict[str, Any]], now: datetime) -> dict[str, Any]:
    """The document of one message: an alert, or a ``group`` of alerts."""
    by_subject: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_subject.setdefault(row["subject"] or f"#{row['id']}", []).append(row)
    alerts = []
    for subject, events in by_subject.items():
        latest = events[-1]
        payload = json.loads(latest["payload"])
        if len(events) > 1:
            payload["history"] = [e["event"].split(" ")[0] for e in events[:-1]]
        secret = config.alerts.ack.secret
        acknowledgeable = (latest["subject"] or "").startswith("incident:")
        if secret and acknowledgeable and not payload["type"].endswith(".resolved"):
            payload["ack_link"] = ack_link(
                config.alerts.dashboard_url,
                secret,
                subject,
                latest["channel"],
                now,
                config.alerts.ack.link_valid,
            )
        alerts.append(payload)
    if len(alerts) == 1:
        return alerts[0]
    return _group(config, alerts)


def _group(config: Config, alerts: list[dict[str, Any]]) -> dict[str, Any]:
    brands = {a.get("brand") for a in alerts}
    brand = brands.pop() if len(brands) == 1 else None
    severity = max((a.get("severity", "warning") for a in alerts), key=lambda s: _RANK.get(s, 0))
    return {
        "type": "group",
        "severity": severity,
        "brand": brand,
        "status": "open",
        "summary": f"{len(alerts)} alerts" + (f" for {brand}" if brand else ""),
        "alerts": alerts,
        "link": config.alerts.dashboard_url.rstrip("/") + "/incidents",
        "samples": [],
    }


def _message_id(table: str, ids: list[int]) -> str:
    """What the idempotency key names: the row, or every row of a grouped message (so a
    resend after a crash that gained a member meanwhile is not taken for a repeat)."""
    prefix = "" if table == "alerts" else "ops-"
    if len(ids) == 1:
        return f"{prefix}{ids[0]}"
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:12]
    return f"{prefix}{ids[0]}-group-{digest}"


def _deliver(
    config: Config,
    store: Store,
    now: datetime,
    table: str,
    rows: list[dict[str, Any]],
    report: DispatchReport,
) -> None:
    channel = next((c for c in config.alerts.channels if c.name == rows[0]["channel"]), None)
    ids = [row["id"] for row in rows]
    if channel is None:
        error = f"channel {rows[0]['channel']!r} is no longer configured"
        mark_failed(store, ids, error, None, table)
        report.failed += 1
        return
    first = ids[0]
    alert_id = _message_id(table, ids)
    try:
        send_alert(channel, _payload(config, rows, now), alert_id, config.alerts.templates)
    except AlertError as exc:
        attempts = max(row["attempts"] for row in rows) + 1
        give_up = attempts >= config.alerts.max_attempts
        retry_at = None if give_up else now + timedelta(seconds=30 * 2 ** min(attempts, 10))
        mark_failed(store, ids, str(exc), retry_at, table)
        if give_up:
            report.failed += 1
            report.errors.append(f"{exc} (gave up after {attempts} attempts)")
        else:
            report.retrying += 1
            report.errors.append(f"{exc} (will retry)")
        return
    mark_sent(store, first, now, table)
    if len(ids) > 1:
        mark_sent(store, ids[1:], now, table, note=f"sent in one message with #{first}")
    report.sent += 1
