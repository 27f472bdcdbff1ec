"""`monitor demo` tells its story offline: calm days, a storm, one incident, one alert."""

from __future__ import annotations

import json

from monitor.demo.run import run_demo
from monitor.store import open_store
from monitor.store.acks import acks_of
from monitor.store.complaints import list_complaints
from monitor.store.incidents import list_incidents
from monitor.store.sourcestate import source_health


def test_demo_replays_a_crisis_through_the_real_pipeline(tmp_path):
    lines: list[str] = []
    result = run_demo(
        tmp_path / "demo", speed=500, dashboard=False, keep_running=False, echo=lines.append
    )
    store = open_store(result.config.database)
    (incident,) = list_incidents(store)
    assert incident.brand == "Skyline Air"
    assert incident.began_at == result.scenario.storm_at
    assert "wheelchair" in incident.details["top_terms"]
    assert {"en", "zh-Hans", "zh-Hant", "ro"} <= {x["lang"] for x in incident.details["languages"]}

    linked = [c["external_id"] for c in list_complaints(store, incident_id=incident.id)]
    assert linked == ["HD-1041", "HD-1057", "HD-1090"]  # the stale one stays unlinked

    # routed: the PR lead first; unacknowledged for 30 min, it went on to the head of
    # communications, who acknowledged it with its link, so the CEO never heard of it
    # and nobody was reminded
    # (a replay that passes Monday 08:00 UTC also sends the week's complaint report)
    incidents = [(name, a) for name, a in result.deliveries if a["type"].startswith("incident.")]
    assert [(name, a["type"]) for name, a in incidents] == [
        ("pr-lead", "incident.opened"),
        ("head-comms", "incident.opened"),
    ]
    assert {a["type"] for _, a in result.deliveries} <= {"incident.opened", "report.week"}
    escalated = incidents[1][1]
    assert escalated["escalation"]["first_sent_to"] == "pr-lead"
    assert escalated["escalation"]["unacknowledged_for"] == "30 min"
    [ack] = acks_of(store, f"incident:{incident.id}")
    assert (ack["by"], ack["via"], ack["channel"]) == ("head-comms", "link", "head-comms")
    logged = [json.loads(x) for x in (tmp_path / "demo" / "alerts.jsonl").read_text().splitlines()]
    assert logged == result.alerts
    assert all(s["error_count"] == 0 for s in source_health(store))
    assert any(
        line.startswith(f"  >>> incident #{incident.id} opened: Skyline Air") for line in lines
    )
    assert lines[-1].startswith("demo: replay finished")
