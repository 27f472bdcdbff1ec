"""A busy source that suddenly brings nothing new tells ops once, and again when it is back.

Items are stored through ``save_items`` and polls recorded through the source-state
functions the collector uses, on a SQLite file (and PostgreSQL when
MONITOR_TEST_POSTGRES_URL is set). Each "no dip" test keeps a busy source that does
dip beside the one under test, so it cannot pass by finding nothing at all.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from monitor.alerts.message import alert_subject
from monitor.config import Config
from monitor.demo.receiver import WebhookReceiver
from monitor.dips import MAX_CHANCE, dip_topic, find_dips, judge_activity, watch_dips
from monitor.models import Analysis, Item, Mention
from monitor.pipeline import Pipeline
from monitor.store import Store, open_store
from monitor.store.alerts import list_alerts, list_ops_alerts
from monitor.store.mentions import save_items
from monitor.store.sourceactivity import Activity
from monitor.store.sourcestate import record_failure, record_success, sync_sources

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
HOUR = timedelta(hours=1)
LONG_NAME = "regional-newspaper-" + "very-long-section-name-" * 4 + "feed"


def config_for(write_config, database_url: str, names: list[str], channels: str = "") -> Config:
    sources = "\n".join(
        f"  - {{name: {name}, type: rss, url: 'https://{n}.example/feed.xml'}}"
        for n, name in enumerate(names)
    )
    return write_config(
        f'database: "{database_url}"\n'
        "brands: [{name: Acme Air}]\n"
        f"sources:\n{sources}\n"
        f"alerts:\n  dashboard_url: http://dash.example\n  channels:{channels or ' []'}\n"
    )


def polls(store: Store, source: str, start: datetime, end: datetime, every: timedelta, n: int):
    """Polls from ``start`` to ``end`` (included), each bringing ``n`` new Acme Air items."""
    found = []
    at = start
    while at <= end:
        for i in range(n):
            key = hashlib.sha256(f"{source} {at} {i}".encode()).hexdigest()  # as item_key
            title = f"Acme Air item {i} of {source} at {at:%d %H:%M}"
            item = Item(
                key=key,
                source=source,
                url=f"https://x.example/{key}",
                title=title,
                text=f"Passenger report number {i}, {at.isoformat()}.",
                published_at=at,
                fetched_at=at,
                event_at=at,
                analysis=Analysis("en", 0.0, "neutral", (), ()),
            )
            found.append((item, [Mention(key, "Acme Air", "Acme Air", ((0, 8),))]))
        at += every
    save_items(store, found)
    polled(store, source, end, n)


def polled(store: Store, source: str, at: datetime, items: int = 0, unchanged: int = 0) -> None:
    """A successful poll of ``source`` at ``at``."""
    record_success(
        store, source, at, at + HOUR, 200, None, None, items, items, unchanged_polls=unchanged
    )


def busy(store: Store, source: str, silent_since: datetime, days: int = 3) -> None:
    """Six new items an hour for ``days``, the last ones at ``silent_since``."""
    polls(store, source, silent_since - timedelta(days=days) + HOUR, silent_since, HOUR, 6)


def setup(write_config, database_url, names, channels="") -> tuple[Config, Store]:
    config = config_for(write_config, database_url, names, channels)
    store = open_store(config.database)
    sync_sources(store, config.sources)
    return config, store


@pytest.fixture
def ceo_hook(tmp_path: Path):
    receiver = WebhookReceiver(tmp_path / "ceo.jsonl").start()
    yield receiver
    receiver.stop()


def test_a_busy_source_gone_silent_tells_ops_once_then_that_it_is_back(
    database_url, write_config, webhook, ceo_hook
):
    channels = (
        f"\n    - {{name: ops-hook, type: webhook, url: '{webhook.url}', audience: ops}}"
        f"\n    - {{name: ceo-hook, type: webhook, url: '{ceo_hook.url}'}}"
    )
    config, store = setup(write_config, database_url, ["news"], channels)
    pipeline = Pipeline(config, store)
    last = NOW - 3 * HOUR
    busy(store, "news", last)

    polled(store, "news", last + HOUR, unchanged=1)
    assert pipeline.after_collect(last + 90 * timedelta(minutes=1)).dips == []  # 1 h 30: a lull
    polled(store, "news", NOW - 10 * timedelta(minutes=1), unchanged=2)
    assert pipeline.after_collect(NOW).dips == ["opened: news"]
    assert pipeline.after_collect(NOW + 20 * timedelta(minutes=1)).dips == []  # still the same
    polls(store, "news", NOW + 40 * timedelta(minutes=1), NOW + 40 * timedelta(minutes=1), HOUR, 6)
    assert pipeline.after_collect(NOW + 40 * timedelta(minutes=1)).dips == ["resolved: news"]
    assert pipeline.after_collect(NOW + HOUR).dips == []

    opened, resolved = webhook.received
    assert opened["type"] == "ops.dip.opened" and resolved["type"] == "ops.dip.resolved"
    assert opened["summary"] == (
        "news has brought no new items naming a brand for 3 h; it usually brings about 6 an "
        "hour (a chance below 1 in a million at that rate). Its polls succeed (the last 2 "
        "found nothing new): the source may have stopped updating, moved, or changed its format."
    )
    assert (opened["source"], opened["usual_per_hour"], opened["expected"]) == ("news", 6.0, 18.0)
    assert opened["problems"] == {"silent": ["news"]}
    assert opened["began_at"] == opened["silent_since"] == last.isoformat()
    assert opened["link"] == "http://dash.example/sources"
    assert resolved["summary"] == (
        "news brings new items again, after none since 2026-11-20 09:00 UTC."
    )
    assert ceo_hook.received == []
    assert alert_subject(opened) == "[OPS] news has gone silent: no new items for hours"
    assert alert_subject(resolved) == "[OPS] Resolved: news brings new items again"
    ops = list_ops_alerts(store, dip_topic("news"))
    assert [(a["channel"], a["event"], a["status"]) for a in ops] == [
        ("ops-hook", "opened", "sent"),
        ("ops-hook", "resolved", "sent"),
    ]
    assert list_alerts(store) == []


def test_a_sparse_source_quiet_for_six_hours_is_no_dip(database_url, write_config):
    config, store = setup(write_config, database_url, ["busy", "sparse"])
    busy(store, "busy", NOW - 3 * HOUR)
    polled(store, "busy", NOW - HOUR, unchanged=2)
    polls(store, "sparse", NOW - timedelta(days=5, hours=6), NOW - 6 * HOUR, 12 * HOUR, 1)
    polled(store, "sparse", NOW - HOUR, unchanged=5)

    assert [d.source for d in find_dips(config, store, NOW)] == ["busy"]


def test_a_failing_source_is_left_to_coverage_and_its_open_dip_stays_open(
    database_url, write_config
):
    config, store = setup(write_config, database_url, ["busy", "broken"])
    for name in ("busy", "broken"):
        busy(store, name, NOW - 3 * HOUR)
        polled(store, name, NOW - HOUR, unchanged=2)
    assert [d.source for d in find_dips(config, store, NOW)] == ["broken", "busy"]
    assert watch_dips(config, store, NOW) == ["opened: broken", "opened: busy"]

    record_failure(store, "broken", NOW + 10 * timedelta(minutes=1), NOW + HOUR, 500, "HTTP 500", 5)
    later = NOW + 20 * timedelta(minutes=1)
    assert [d.source for d in find_dips(config, store, later)] == ["busy"]
    assert watch_dips(config, store, later) == []  # silent still: not resolved either


def test_a_source_with_one_day_of_history_is_still_warming_up(database_url, write_config):
    config, store = setup(write_config, database_url, ["busy", "young"])
    busy(store, "busy", NOW - 3 * HOUR)
    busy(store, "young", NOW - 3 * HOUR, days=1)
    for name in ("busy", "young"):
        polled(store, name, NOW - HOUR, unchanged=2)

    assert [d.source for d in find_dips(config, store, NOW)] == ["busy"]


def test_a_new_feeds_backlog_is_not_its_usual_rate(database_url, write_config):
    config, store = setup(write_config, database_url, ["busy", "fresh"])
    busy(store, "busy", NOW - 3 * HOUR)
    polls(store, "fresh", NOW - timedelta(days=4), NOW - timedelta(days=4), HOUR, 200)
    polls(store, "fresh", NOW - timedelta(days=4) + 12 * HOUR, NOW - 9 * HOUR, 12 * HOUR, 1)
    for name in ("busy", "fresh"):
        polled(store, name, NOW - HOUR, unchanged=2)

    assert [d.source for d in find_dips(config, store, NOW)] == ["busy"]


def test_a_source_not_polled_since_its_last_items_is_no_dip(database_url, write_config):
    config, store = setup(write_config, database_url, ["busy", "unpolled"])
    busy(store, "busy", NOW - 3 * HOUR)
    polled(store, "busy", NOW - HOUR, unchanged=2)
    busy(store, "unpolled", NOW - 3 * HOUR)  # its last poll is the one that brought items

    assert [d.source for d in find_dips(config, store, NOW)] == ["busy"]


def test_a_long_source_name_gets_a_short_stable_topic(database_url, write_config):
    config, store = setup(write_config, database_url, [LONG_NAME])
    busy(store, LONG_NAME, NOW - 3 * HOUR)
    polled(store, LONG_NAME, NOW - HOUR, unchanged=2)

    assert watch_dips(config, store, NOW) == [f"opened: {LONG_NAME}"]
    assert watch_dips(config, store, NOW + HOUR) == []
    topic = dip_topic(LONG_NAME)
    assert len(topic) == 64 and topic.startswith("dip:regional-newspaper-")
    assert topic == dip_topic(LONG_NAME) != dip_topic(LONG_NAME + "-2")


def test_a_source_taken_out_of_the_configuration_closes_its_dip(database_url, write_config):
    config, store = setup(write_config, database_url, ["busy"])
    busy(store, "busy", NOW - 3 * HOUR)
    polled(store, "busy", NOW - HOUR, unchanged=2)
    assert watch_dips(config, store, NOW) == ["opened: busy"]

    disabled = config.model_copy(
        update={"sources": [config.sources[0].model_copy(update={"enabled": False})]}
    )
    assert watch_dips(disabled, store, NOW + HOUR) == ["resolved: busy"]


def activity(items: int, span: timedelta, silence: timedelta) -> Activity:
    newest = NOW - silence
    return Activity("news", newest - span, newest, items, NOW - timedelta(minutes=5), 3)


@pytest.mark.parametrize(
    "items, silence, dip",
    [
        (480, 2 * HOUR, True),  # 10 an hour over 2 days: 20 expected in 2 h
        (480, 119 * timedelta(minutes=1), False),  # the same, 1 min short of 2 h
        (220, 2 * HOUR, False),  # 4.58 an hour: 9.17 expected, a chance of 1 in 9,600
        (225, 2 * HOUR, True),  # 4.69 an hour: 9.38 expected, a chance of 1 in 11,800
    ],
)
def test_the_rule_is_a_chance_below_1_in_10000_over_at_least_2_hours(items, silence, dip):
    judged = judge_activity(activity(items, timedelta(days=2), silence), NOW)
    assert (judged is not None) is dip
    if judged is not None:
        assert judged.chance < MAX_CHANCE and judged.silent_since == NOW - silence


def test_a_source_quiet_every_night_does_not_dip_at_night_but_does_by_day(
    database_url, write_config
):
    config, store = setup(write_config, database_url, ["daytime"])
    start = datetime(2026, 11, 16, 7, tzinfo=UTC)
    for day in range(4):  # ten items an hour from 7:00 to 23:00, none at night
        morning = start + timedelta(days=day)
        polls(store, "daytime", morning, morning + timedelta(hours=16), HOUR / 10, 1)
    night = datetime(2026, 11, 20, 3, tzinfo=UTC)  # silent since 23:00: four quiet hours
    polled(store, "daytime", night - timedelta(minutes=5), unchanged=4)
    assert find_dips(config, store, night) == []
    day = datetime(2026, 11, 19, 23, tzinfo=UTC) + timedelta(hours=13)  # silent 7:00-12:00
    polled(store, "daytime", day - timedelta(minutes=5), unchanged=9)
    (dip,) = find_dips(config, store, day)
    assert dip.source == "daytime" and dip.expected > 40
