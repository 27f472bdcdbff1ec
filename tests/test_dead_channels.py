"""A dead alert channel tells ops through another channel, once, and again when it is back.

Real parts: a SQLite file (and PostgreSQL when MONITOR_TEST_POSTGRES_URL is set), a
loopback webhook answering 500 until the test lets it answer 204, a closed port on
127.0.0.1, and real ops and executive webhook receivers. The clock is injected.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from test_alerts import ScriptedWebhook, incident

from monitor.alerts import queue_alerts
from monitor.alerts.message import alert_subject, alert_text, ops_payload
from monitor.coverage import queue_ops_alert
from monitor.deadchannels import channel_topic, find_dead_channels
from monitor.demo.receiver import WebhookReceiver
from monitor.detection import IncidentEvent
from monitor.pipeline import Pipeline
from monitor.store import open_store
from monitor.store.alerts import list_ops_alerts

NOW = datetime(2026, 11, 20, 14, 2, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


@pytest.fixture
def dead_hook():
    hook = ScriptedWebhook([500] * 100)
    yield hook
    hook.close()


@pytest.fixture
def ceo_hook(tmp_path: Path):
    receiver = WebhookReceiver(tmp_path / "ceo.jsonl").start()
    yield receiver
    receiver.stop()


def setup(write_config, database_url, channels: str, max_attempts: int = 10):
    config = write_config(
        f'database: "{database_url}"\n'
        "alerts:\n  dashboard_url: http://dash.example\n"
        f"  max_attempts: {max_attempts}\n  channels:{channels}\n"
    )
    return config, open_store(config.database)


def test_a_dead_channel_tells_the_other_ops_channel_once_then_that_it_is_back(
    database_url, write_config, dead_hook, webhook, ceo_hook
):
    config, store = setup(
        write_config,
        database_url,
        f"\n    - {{name: cs-hook, type: webhook, url: '{dead_hook.url}'}}"
        f"\n    - {{name: ops-hook, type: webhook, url: '{webhook.url}', audience: ops}}"
        f"\n    - {{name: ceo-hook, type: webhook, url: '{ceo_hook.url}'}}",
    )
    pipeline = Pipeline(config, store)
    queue_alerts(config, store, [IncidentEvent(incident(store), "opened", True)], NOW)

    # Attempts at 14:02, 14:03 (after 1 min) and 14:05 (after 2 more) fail: dead.
    assert pipeline.after_collect(NOW).dead_channels == []
    assert pipeline.after_collect(NOW + MINUTE).dead_channels == []
    assert pipeline.after_collect(NOW + 3 * MINUTE).dead_channels == ["opened: cs-hook"]
    for minutes in (4, 10, 14):  # still dead (one more failure at 14:09): nothing new
        assert pipeline.after_collect(NOW + minutes * MINUTE).dead_channels == []
    assert len(ceo_hook.received) == 1  # the incident alert; never an ops alert
    (opened,) = webhook.received
    assert opened["type"] == "ops.channel.opened"
    assert opened["channel"] == "cs-hook"
    assert opened["summary"] == (
        "Alert channel cs-hook is failing: 3 deliveries in a row failed since 14:02 UTC "
        "(last error: cs-hook: the webhook answered HTTP 500). Alerts to it are retried; "
        "check its settings."
    )
    assert alert_subject(opened) == "[OPS] Alert channel cs-hook is failing"
    assert "Open the Sources page: http://dash.example/sources" in alert_text(opened)

    dead_hook.codes.clear()  # it answers 204 from now on
    assert pipeline.after_collect(NOW + 20 * MINUTE).dead_channels == ["resolved: cs-hook"]
    assert pipeline.after_collect(NOW + 21 * MINUTE).dead_channels == []
    assert [b["type"] for b in webhook.received] == ["ops.channel.opened", "ops.channel.resolved"]
    assert webhook.received[1]["summary"] == "Alert channel cs-hook delivers again."
    assert (
        alert_subject(webhook.received[1]) == "[OPS] Resolved: alert channel cs-hook delivers again"
    )
    assert all(not b["type"].startswith("ops.") for b in dead_hook.bodies)
    assert {r["channel"] for r in list_ops_alerts(store)} == {"ops-hook"}
    assert len(ceo_hook.received) == 1


def test_a_dead_ops_channel_is_not_told_of_itself_and_with_no_other_the_report_says_so(
    database_url, write_config, ceo_hook
):
    config, store = setup(
        write_config,
        database_url,
        "\n    - {name: ops-hook, type: webhook, url: 'http://127.0.0.1:9/x', audience: ops}"
        f"\n    - {{name: ceo-hook, type: webhook, url: '{ceo_hook.url}'}}",
        max_attempts=2,
    )
    pipeline = Pipeline(config, store)
    assert pipeline.after_collect(NOW).dead_channels == []
    # Something for ops to carry (a partly-blind notice), on a closed port.
    payload = ops_payload(
        "coverage", "opened", "1 of 1 sources not collecting", {}, "http://d", NOW
    )
    queue_ops_alert(config, store, "coverage", NOW.isoformat(), "opened", payload, NOW)
    pipeline.after_collect(NOW + MINUTE)  # first attempt fails
    report = pipeline.after_collect(NOW + 10 * MINUTE)  # the second gives up: dead
    assert report.dead_channels == ["opened: ops-hook (no other ops channel to tell)"]
    (dead,) = find_dead_channels(config, store)
    assert (dead.failed, dead.gave_up) == (2, 1)
    assert "1 given up after alerts.max_attempts" in dead.summary(NOW + 10 * MINUTE)
    assert [r["topic"] for r in list_ops_alerts(store)] == ["coverage"]  # nothing new queued
    assert ceo_hook.received == []  # executives never get ops alerts


def test_a_long_channel_name_gets_a_short_stable_topic():
    long = "customer-service-" + "regional-escalation-mailbox-" * 3
    topic = channel_topic(long)
    assert len(topic) == 64 and topic.startswith("channel:customer-service-")
    assert topic == channel_topic(long) != channel_topic(long + "2")
    assert channel_topic("cs-mail") == "channel:cs-mail"
