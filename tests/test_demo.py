"""`monitor demo` tells its story offline: calm days, a storm, one incident, one alert."""

from __future__ import annotations

import json

from monitor.demo.run import run_demo
from monitor.store import open_store
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

    assert [a["type"] for a in result.alerts] == ["incident.opened"]
    logged = [json.loads(x) for x in (tmp_path / "demo" / "alerts.jsonl").read_text().splitlines()]
    assert logged == result.alerts
    assert all(s["error_count"] == 0 for s in source_health(store))
    assert any(
        line.startswith(f"  >>> incident #{incident.id} opened: Skyline Air") for line in lines
    )
    assert lines[-1].startswith("demo: replay finished")
