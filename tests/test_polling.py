"""Polling like a good citizen: schedule, per-host politeness, 304s, blocks, coverage.

Every test polls real loopback servers through the real Collector into a real
SQLite file; time is injected (``now``), never slept on.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from monitor.collect import Collector
from monitor.config import CollectSettings
from monitor.pipeline import Pipeline
from monitor.politeness import HostGate
from monitor.schedule import MAX_BACKOFF, backoff_delay, success_delay
from monitor.store import open_store
from monitor.store.alerts import list_alerts, list_ops_alerts
from monitor.store.schema import SCHEMA_VERSION
from monitor.store.sourcestate import source_health

from conftest_sources import HTML, RSS, LoopbackServer, fixture, send, status
from feeds import rss

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
POSTS = [("p1", "Acme Air adds a route to Oslo", NOW - timedelta(hours=1))]
MORE = POSTS + [("p2", "Acme Air delays every flight to Lisbon", NOW - timedelta(minutes=5))]
CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<div id='challenge-platform'>Checking your browser</div></body></html>"
)


def config_text(tmp_path, sources: list[tuple[str, str]], extra: str = "") -> str:
    lines = [
        f"database: sqlite:///{tmp_path}/monitor.db",
        "brands: [{name: Acme Air}]",
        "collect: {jitter: 0, per_host_delay: 0s" + (", " + extra if extra else "") + "}",
        "sources:" if sources else "sources: []",
    ]
    lines += [f"  - {{name: {name}, type: rss, url: '{url}'}}" for name, url in sources]
    return "\n".join(lines) + "\n"


def health(store) -> dict[str, dict]:
    return {row["name"]: row for row in source_health(store)}


class Versions:
    """A feed whose content the test changes; honest or stale ETag handling."""

    def __init__(self, body: bytes, stale_etag: bool = False, **headers: str):
        self.body, self.version, self.stale_etag, self.headers = body, 1, stale_etag, headers

    def publish(self, body: bytes) -> None:
        self.body, self.version = body, self.version + 1

    def __call__(self, h) -> None:
        # a stale server keeps the first ETag forever and answers 304 to it
        etag = '"v1"' if self.stale_etag else f'"v{self.version}"'
        if h.headers.get("If-None-Match") == etag:
            h.respond(304, headers={"ETag": etag})
            return
        h.respond(200, self.body, {"Content-Type": RSS, "ETag": etag, **self.headers})


# ------------------------------------------------------------------ the schedule itself


def test_unchanged_polls_stretch_the_interval_by_half_up_to_max_interval():
    settings = CollectSettings(interval="10m", max_interval="30m")
    delays = [success_delay(timedelta(minutes=10), settings, n).delay for n in range(5)]

    assert delays == [
        timedelta(minutes=10),
        timedelta(minutes=15),
        timedelta(minutes=22, seconds=30),
        timedelta(minutes=30),
        timedelta(minutes=30),
    ]
    assert success_delay(timedelta(minutes=10), settings, 2).reason == "nothing new in 2 polls"


def test_adaptive_off_keeps_the_base_interval():
    settings = CollectSettings(adaptive=False)
    assert success_delay(timedelta(minutes=15), settings, 9).delay == timedelta(minutes=15)


def test_freshness_and_retry_after_lengthen_but_only_retry_after_passes_the_ceiling():
    settings = CollectSettings(max_interval="1h")
    base = timedelta(minutes=15)

    assert success_delay(base, settings, 0, max_age=1800).delay == timedelta(minutes=30)
    assert success_delay(base, settings, 0, max_age=86400).delay == timedelta(hours=1)
    assert success_delay(base, settings, 0, max_age=60).delay == base
    assert success_delay(base, settings, 0, retry_after=7200).delay == timedelta(hours=2)


def test_failures_back_off_exponentially_up_to_the_cap_or_retry_after():
    base = timedelta(minutes=15)
    assert [backoff_delay(base, n).delay for n in (1, 2, 3)] == [base, base * 2, base * 4]
    assert backoff_delay(base, 30).delay == MAX_BACKOFF
    assert backoff_delay(base, 1, retry_after=3600).delay == timedelta(hours=1)


# ------------------------------------------------------------------ through the collector


def test_quiet_feed_is_polled_less_often_and_news_resets_it(tmp_path, write_config):
    with LoopbackServer() as server:
        feed = Versions(rss(POSTS))
        url = server.route("/feed.xml", feed)
        config = write_config(config_text(tmp_path, [("news", url)], "interval: 10m"))
        store = open_store(config.database)
        collector = Collector(config, store)
        intervals = []
        for n in range(3):
            collector.collect(NOW + timedelta(hours=n), due_only=False)
            intervals.append(health(store)["news"]["interval_seconds"])
        feed.publish(rss(MORE))
        collector.collect(NOW + timedelta(hours=4), due_only=False)
        row = health(store)["news"]

    assert intervals == [600.0, 900.0, 1350.0]
    assert row["interval_seconds"] == 600.0
    assert row["unchanged_polls"] == 0
    assert row["next_check_at"] == NOW + timedelta(hours=4, minutes=10)
    assert [r.headers.get("if-none-match") for r in server.requests] == [
        None,
        '"v1"',
        '"v1"',
        '"v1"',
    ]


def test_cache_control_max_age_spaces_the_next_poll(tmp_path, write_config):
    with LoopbackServer() as server:
        url = server.route("/feed.xml", Versions(rss(POSTS), **{"Cache-Control": "max-age=3600"}))
        config = write_config(config_text(tmp_path, [("news", url)], "max_interval: 2h"))
        store = open_store(config.database)
        Collector(config, store).collect(NOW, due_only=False)

    assert health(store)["news"]["next_check_at"] == NOW + timedelta(hours=1)


def test_server_with_a_stale_etag_is_revalidated_without_validators(tmp_path, write_config):
    with LoopbackServer() as server:
        feed = Versions(rss(POSTS), stale_etag=True)
        url = server.route("/feed.xml", feed)
        config = write_config(config_text(tmp_path, [("news", url)], "revalidate_after: 6h"))
        store = open_store(config.database)
        collector = Collector(config, store)
        first = collector.collect(NOW, due_only=False)
        feed.publish(rss(MORE))  # new content, but the server still says "v1" is current
        hidden = collector.collect(NOW + timedelta(hours=1), due_only=False)
        found = collector.collect(NOW + timedelta(hours=7), due_only=False)

    assert [o.mentions for o in (first, hidden, found)] == [1, 0, 1]
    assert hidden.outcomes[0].not_modified
    assert [r.headers.get("if-none-match") for r in server.requests] == [None, '"v1"', None]


def test_host_gate_spaces_starts_per_host_and_caps_each_host():
    async def scenario() -> tuple[dict[str, list[float]], dict[str, int]]:
        gate = HostGate(per_host=2, delay=0.05)
        loop = asyncio.get_running_loop()
        starts: dict[str, list[float]] = {"a.example": [], "b.example": []}
        busy = {"a.example": 0, "b.example": 0}
        peak = dict(busy)

        async def request(host: str) -> None:
            async with gate.slot(f"https://{host}/feed"):
                await gate.space(f"https://{host}/feed")
                starts[host].append(loop.time())
                busy[host] += 1
                peak[host] = max(peak[host], busy[host])
                await asyncio.sleep(0.12)
                busy[host] -= 1

        await asyncio.gather(*(request(h) for h in ["a.example"] * 5 + ["b.example"] * 2))
        return starts, peak

    starts, peak = asyncio.run(scenario())

    gaps = [b - a for a, b in zip(starts["a.example"], starts["a.example"][1:], strict=False)]
    assert len(gaps) == 4 and min(gaps) >= 0.05 - 0.001, gaps
    assert peak == {"a.example": 2, "b.example": 2}
    # the second host did not queue behind the first
    assert starts["b.example"][0] - starts["a.example"][0] < 0.01


def test_collector_keeps_one_request_per_host_in_flight(tmp_path, write_config):
    in_flight: dict[str, int] = {"127.0.0.1": 0, "localhost": 0}
    peak = dict(in_flight)
    lock = threading.Lock()

    def slow_feed(h) -> None:
        host = h.headers["Host"].split(":")[0]
        with lock:
            in_flight[host] += 1
            peak[host] = max(peak[host], in_flight[host])
        h.stop.wait(0.05)
        with lock:
            in_flight[host] -= 1
        h.respond(200, rss(POSTS), {"Content-Type": RSS})

    with LoopbackServer() as server:
        urls = [server.route(f"/feed{n}.xml", slow_feed) for n in range(4)]
        named = [(f"a{n}", u) for n, u in enumerate(urls)]
        named += [(f"b{n}", u.replace("127.0.0.1", "localhost")) for n, u in enumerate(urls)]
        config = write_config(
            config_text(tmp_path, named).replace(
                "per_host_delay: 0s", "per_host_delay: 0.01s, per_host_concurrency: 1"
            )
        )
        summary = Collector(config, open_store(config.database)).collect(NOW, due_only=False)

    assert [o.ok for o in summary.outcomes] == [True] * 8, summary.outcomes
    assert peak == {"127.0.0.1": 1, "localhost": 1}


def test_per_source_user_agent_and_max_bytes(tmp_path, write_config):
    with LoopbackServer() as server:
        big = server.route("/big.xml", send(rss(MORE * 50), RSS))
        own = server.route("/own.xml", send(rss(POSTS), RSS))
        config = write_config(
            f"database: sqlite:///{tmp_path}/monitor.db\nbrands: [{{name: Acme Air}}]\n"
            "collect: {per_host_delay: 0s, user_agent: global-agent/1}\nsources:\n"
            f"  - {{name: big, type: rss, url: '{big}', max_bytes: 2000}}\n"
            f"  - {{name: own, type: rss, url: '{own}', user_agent: 'own-agent/2 (ops@x)'}}\n"
        )
        summary = Collector(config, open_store(config.database)).collect(NOW, due_only=False)

    outcomes = {o.name: o for o in summary.outcomes}
    assert not outcomes["big"].ok and "limit" in outcomes["big"].error
    agents = {r.path: r.headers["user-agent"] for r in server.requests}
    assert agents == {"/big.xml": "global-agent/1", "/own.xml": "own-agent/2 (ops@x)"}


# ------------------------------------------------------------------ blocked, empty, coverage


def test_bot_wall_and_403_are_blocked_and_an_emptied_feed_is_empty(tmp_path, write_config):
    with LoopbackServer() as server:
        wall = server.route("/wall.xml", send(CHALLENGE, HTML))
        denied = server.route("/denied.xml", status(403))
        emptied = Versions(rss(POSTS))
        gone = server.route("/gone.xml", emptied)
        broken = server.route("/broken.xml", status(500))
        config = write_config(
            config_text(
                tmp_path, [("wall", wall), ("denied", denied), ("gone", gone), ("broken", broken)]
            )
        )
        store = open_store(config.database)
        collector = Collector(config, store)
        collector.collect(NOW, due_only=False)
        emptied.publish(rss([]))
        summary = collector.collect(NOW + timedelta(hours=1), due_only=False)

    rows = health(store)
    assert {n: rows[n]["problem"] for n in rows} == {
        "wall": "blocked",
        "denied": "blocked",
        "gone": "empty",
        "broken": "failing",
    }
    assert rows["wall"]["last_error"] == (
        "feed answered with a Cloudflare challenge instead of its content (the site blocks "
        "automated clients); ask the site for access or use its official feed or API"
    )
    assert rows["gone"]["last_warning"] == (
        "feed returned no entries; it had 1 last time (moved, emptied, or blocking us?)"
    )
    assert {o.name: o.problem for o in summary.outcomes}["gone"] == "empty"


def test_partly_blind_monitor_tells_ops_once_never_executives(tmp_path, write_config, webhook):
    with LoopbackServer() as server:
        good = server.route("/good.xml", send(rss(POSTS), RSS))
        flaky = {"down": True}

        def sometimes(h) -> None:
            if flaky["down"]:
                h.respond(403, b"denied", {"Content-Type": "text/plain"})
            else:
                h.respond(200, rss(POSTS), {"Content-Type": RSS})

        bad = server.route("/bad.xml", sometimes)
        config = write_config(
            config_text(tmp_path, [("good", good), ("bad", bad)], "blind_share: 0.5")
            + "alerts:\n  channels:\n"
            f"    - {{name: ops-hook, type: webhook, url: '{webhook.url}', audience: ops}}\n"
            f"    - {{name: ceo-hook, type: webhook, url: '{webhook.url}/ceo'}}\n"
        )
        store = open_store(config.database)
        pipeline = Pipeline(config, store)
        opened = pipeline.cycle(NOW, due_only=False)
        again = pipeline.cycle(NOW + timedelta(minutes=20), due_only=False)
        flaky["down"] = False
        resolved = pipeline.cycle(NOW + timedelta(minutes=40), due_only=False)

    assert (opened.coverage, again.coverage, resolved.coverage) == ("opened", None, "resolved")
    sent = webhook.received
    assert [p["type"] for p in sent] == ["ops.coverage.opened", "ops.coverage.resolved"]
    assert sent[0]["summary"] == "1 of 2 sources not collecting (1 blocked)"
    assert sent[0]["problems"] == {"blocked": ["bad"]}
    assert sent[0]["link"].endswith("/sources")
    assert [a["channel"] for a in list_ops_alerts(store)] == ["ops-hook", "ops-hook"]
    assert list_alerts(store) == []


# ------------------------------------------------------------------ upgrades


def test_database_from_schema_version_1_gains_the_new_columns(tmp_path, write_config):
    config = write_config(config_text(tmp_path, []))
    store = open_store(config.database)
    with store.engine.begin() as conn:
        for column in ("problem", "last_warning", "last_items", "unchanged_polls"):
            conn.execute(text(f"ALTER TABLE sources DROP COLUMN {column}"))
        conn.execute(text("ALTER TABLE items DROP COLUMN safety_terms"))
        conn.execute(text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))
    store.close()

    reopened = open_store(config.database)
    with reopened.engine.connect() as conn:
        columns = {row[1] for row in conn.execute(text("PRAGMA table_info(sources)"))}
        item_columns = {row[1] for row in conn.execute(text("PRAGMA table_info(items)"))}
        version = conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).scalar()

    assert {"problem", "last_warning", "last_items", "unchanged_polls"} <= columns
    assert "safety_terms" in item_columns
    assert version == str(SCHEMA_VERSION)


@pytest.mark.parametrize("share, alerts", [(0.5, 1), (0.75, 0)])
def test_blind_share_is_the_threshold(tmp_path, write_config, webhook, share, alerts):
    with LoopbackServer() as server:
        good = server.route("/good.xml", send(rss(POSTS), RSS))
        bad = server.route("/bad.xml", send(CHALLENGE, HTML))
        config = write_config(
            config_text(tmp_path, [("good", good), ("bad", bad)], f"blind_share: {share}")
            + f"alerts:\n  channels:\n    - {{name: ops, type: webhook, url: '{webhook.url}', "
            "audience: ops}\n"
        )
        store = open_store(config.database)
        Pipeline(config, store).cycle(NOW, due_only=False)

    assert len(webhook.received) == alerts


def test_big_round_parses_in_other_processes_with_the_same_outcomes(tmp_path, write_config):
    with LoopbackServer() as server:
        feeds = [server.route(f"/f{n}.xml", send(rss(POSTS), RSS)) for n in range(20)]
        named = [(f"feed{n:02}", url) for n, url in enumerate(feeds)]
        named.append(("broken", server.route("/broken.xml", fixture("broken_no_entries.xml", RSS))))
        named.append(("wall", server.route("/wall.xml", send(CHALLENGE, HTML))))
        config = write_config(
            config_text(tmp_path, named, "parse_processes: 1, per_host_concurrency: 8")
        )
        collector = Collector(config, open_store(config.database))
        try:
            summary = collector.collect(NOW, due_only=False)
            kept = collector.parsers(len(named))
            small = collector.parsers(1)
        finally:
            collector.close()

    assert isinstance(kept, ProcessPoolExecutor) and small is None  # small rounds: threads
    outcomes = {o.name: o for o in summary.outcomes}
    assert sum(o.mentions for o in outcomes.values()) == 20
    assert [o.items for n, o in outcomes.items() if n.startswith("feed")] == [1] * 20
    assert outcomes["broken"].error.startswith("feed is malformed and yielded no entries (")
    assert outcomes["wall"].problem == "blocked"
