"""Delivery guarantees under a crash: a monitor killed with SIGKILL between writing an
alert and sending it, or between sending it and recording it, loses nothing; the
repeat carries the same idempotency key, so the receiver can drop it."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from monitor.alerts import dispatch_alerts
from monitor.config import load_config
from monitor.store import open_store
from monitor.store.alerts import list_alerts

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)

# A command hook that records what it received, then, the first time only, kills the
# monitor that ran it (its parent) with SIGKILL: the monitor dies after the alert went
# out and before it could record that.
HOOK = """\
import json, os, signal, sys
log, flag = sys.argv[1], sys.argv[2]
with open(log, "a") as handle:
    doc = json.load(sys.stdin)
    handle.write(json.dumps({"key": os.environ["MONITOR_IDEMPOTENCY_KEY"],
                             "type": doc["type"], "brand": doc["brand"]}) + "\\n")
if not os.path.exists(flag):
    open(flag, "w").close()
    os.kill(os.getppid(), signal.SIGKILL)
"""

# What the monitor process does: store an incident, queue its alerts (written and
# committed), then send them.
CYCLE = """\
import sys
from datetime import UTC, datetime, timedelta
from monitor.alerts import dispatch_alerts, queue_alerts
from monitor.config import load_config
from monitor.detection import IncidentEvent
from monitor.models import Incident
from monitor.store import open_store
from monitor.store.incidents import save_incident

now = datetime(2026, 11, 23, 12, tzinfo=UTC)
config = load_config(sys.argv[1])
store = open_store(config.database)
incident = save_incident(store, Incident(
    brand="Acme Air", kind="volume", status="open", severity="critical", opened_at=now,
    updated_at=now, began_at=now - timedelta(hours=1), observed=60, expected=4.0,
    score=9.0, peak_score=9.0, summary="Acme Air: 60 mentions in the last 1h.",
    details={"top_terms": ["refund"], "samples": []}))
queue_alerts(config, store, [IncidentEvent(incident, "opened", True)], now)
print("queued", flush=True)
dispatch_alerts(config, store, now)
print("dispatched", flush=True)
"""


def test_a_killed_monitor_loses_no_alert_and_repeats_one_with_the_same_key(tmp_path: Path):
    (tmp_path / "hook.py").write_text(HOOK)
    (tmp_path / "cycle.py").write_text(CYCLE)
    log, flag = tmp_path / "received.jsonl", tmp_path / "killed-once"
    hook = [sys.executable, str(tmp_path / "hook.py"), str(log), str(flag)]
    (tmp_path / "sources.yaml").write_text(
        textwrap.dedent(f"""\
        database: sqlite:///monitor.db
        alerts:
          channels:
            - {{name: pager, type: command, command: {json.dumps(hook)}}}
            - {{name: board, type: command, command: {json.dumps(hook)}}}
        """)
    )

    run = subprocess.run(
        [sys.executable, str(tmp_path / "cycle.py"), str(tmp_path / "sources.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr  # killed, not exited
    assert run.stdout.split() == ["queued"]  # it never got to the end of dispatch

    config = load_config(tmp_path / "sources.yaml")
    store = open_store(config.database)
    rows = {r["channel"]: r for r in list_alerts(store)}
    # both alerts were written before the crash; neither is recorded as sent
    assert {c: r["status"] for c, r in rows.items()} == {"pager": "pending", "board": "pending"}
    first = [json.loads(line) for line in log.read_text().splitlines()]
    assert first == [{"key": f"crisis-monitor-alert-{rows['pager']['id']}",
                      "type": "incident.opened", "brand": "Acme Air"}]  # fmt: skip

    report = dispatch_alerts(config, store, NOW)  # the monitor's next cycle
    assert report.sent == 2
    received = [json.loads(line) for line in log.read_text().splitlines()]
    keys = [r["key"] for r in received]
    # the pager got its alert twice (sent, then the crash), with the same key both times;
    # the board, whose alert was written but never sent before the crash, got it once
    assert keys == [
        f"crisis-monitor-alert-{rows['pager']['id']}",
        f"crisis-monitor-alert-{rows['pager']['id']}",
        f"crisis-monitor-alert-{rows['board']['id']}",
    ]
    assert len(set(keys)) == 2  # what a receiver keeps after dropping repeated keys
    assert {r["status"] for r in list_alerts(store)} == {"sent"}


def test_a_milestone_saved_just_before_a_crash_is_alerted_on_the_next_cycle(tmp_path):
    """Detection saves the incident and its milestone, then the cycle queues the alert:
    a crash between the two must not lose the alert."""
    from datetime import timedelta

    from monitor.alerts.enqueue import queue_missed
    from monitor.models import Incident
    from monitor.store.incidents import save_incident

    (tmp_path / "sources.yaml").write_text(
        "database: sqlite:///monitor.db\nalerts:\n  channels:\n"
        "    - {name: pager, type: webhook, url: 'http://127.0.0.1:9/hook'}\n"
    )
    config = load_config(tmp_path / "sources.yaml")
    store = open_store(config.database)

    def saved(opened: datetime, bucket: datetime) -> Incident:
        milestone = {"event": "opened", "at": opened.isoformat(), "bucket": bucket.isoformat()}
        return save_incident(store, Incident(
            brand="Acme Air", kind="volume", status="open", severity="warning",
            opened_at=opened, updated_at=opened, began_at=bucket, observed=60, expected=4.0,
            score=6.2, peak_score=6.2, summary="Acme Air: 60 mentions.",
            details={"events": [milestone]}))  # fmt: skip

    live = saved(NOW, NOW - timedelta(hours=1))  # judged as its bucket closed
    replayed = saved(NOW, NOW - timedelta(days=3))  # judged in a catch-up: no alert then
    assert list_alerts(store) == []  # the crash: nothing was queued

    assert queue_missed(config, store, NOW + timedelta(minutes=1)) == 1
    [row] = list_alerts(store)
    assert (row["incident_id"], row["event"], row["channel"]) == (live.id, "opened", "pager")
    assert replayed.id != live.id
    assert queue_missed(config, store, NOW + timedelta(minutes=2)) == 0  # once
