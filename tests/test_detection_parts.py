"""Detection sees more than a brand's total: its sources and languages, reach, and gaps.

A surge in one language can hide in a flat total; one post with a large audience
weighs more than a stray one; a source outage is missing data, not a calm hour.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from monitor.backtest import backtest_series, write_backtest
from monitor.config import DetectionSettings, parse_config
from monitor.detection import detect_incidents, judge_buckets
from monitor.enrich import Enricher
from monitor.explain import explain_incident
from monitor.ingest import process_items
from monitor.match import BrandMatcher
from monitor.models import Incident
from monitor.store import open_store
from monitor.store.mentions import MentionTime, reach_weight, save_items
from monitor.store.sourcestate import outages, record_failure, record_success, sync_sources
from sources.items import RawItem

START = datetime(2026, 11, 1, tzinfo=UTC)
CALM = DetectionSettings(seasonal_days=0)


def hourly(counts: dict[tuple[str, str], list[int]], reach: float = 1.0) -> list[MentionTime]:
    """Mentions spread over each hour: ``counts[(source, lang)][hour]`` of them."""
    times = []
    for (source, lang), per_hour in counts.items():
        for hour, n in enumerate(per_hour):
            for i in range(n):
                at = START + timedelta(hours=hour, seconds=i * 3600 // max(n, 1))
                times.append(MentionTime(at, "neutral", False, False, source, lang, reach))
    return sorted(times)


def judge(times: list[MentionTime], hours: int, settings: DetectionSettings = CALM, **kw):
    return list(judge_buckets("Acme", times, START, START + timedelta(hours=hours), settings, **kw))


def test_a_surge_in_one_language_that_the_total_hides_is_a_signal():
    english = [45] * 60 + [3]  # English falls while Romanian soars: the total holds at 48
    romanian = [3, 4] * 30 + [45]
    judged = judge(hourly({("news", "en"): english, ("news", "ro"): romanian}), 61)
    last = judged[60].verdict
    assert not last.signals["volume"].anomalous  # the brand's total is flat
    assert last.anomalous == ["language"]
    assert last.signals["language"].label == "language ro"
    assert judged[60].event == "opened" and judged[60].incident.kind == "language"
    assert not any(j.verdict.anomalous for j in judged[:60])

    totals_only = judge(
        hourly({("news", "en"): english, ("news", "ro"): romanian}),
        61,
        DetectionSettings(seasonal_days=0, breakdown=[]),
    )
    assert not any(j.verdict.anomalous for j in totals_only)


def test_one_source_surging_names_the_source():
    forum = [3] * 60 + [40]
    news = [40] * 60 + [3]
    judged = judge(hourly({("news", "en"): news, ("forum", "en"): forum}), 61)
    assert judged[60].verdict.anomalous == ["source"]
    assert judged[60].verdict.signals["source"].label == "source forum"


def test_a_part_that_is_the_whole_brand_is_not_judged_twice():
    only = [5, 6] * 30 + [60]
    judged = judge(hourly({("news", "en"): only}), 61)
    assert judged[60].verdict.anomalous == ["volume"]  # no "source news", no "language en"


def test_a_part_needs_a_higher_score_than_the_total():
    settings = DetectionSettings(seasonal_days=0)
    strict = DetectionSettings(seasonal_days=0, breakdown_threshold=40)
    english = [45] * 60 + [3]
    romanian = [3, 4] * 30 + [45]
    times = hourly({("news", "en"): english, ("news", "ro"): romanian})
    score = judge(times, 61, settings)[60].verdict.signals["language"].score
    assert 7.5 <= score < 40  # above the default part threshold (6 x 1.25)
    assert judge(times, 61, strict)[60].verdict.anomalous == []


def test_posts_with_a_large_audience_raise_the_reach_weighted_volume():
    usual = hourly({("social", "en"): [6] * 60})
    loud = [
        MentionTime(START + timedelta(hours=60, minutes=i), "neutral", False, False, "social",
                    "en", reach_weight(json.dumps({"followers": 5_000_000, "likes": 20_000})))
        for i in range(6)
    ]  # fmt: skip
    judged = judge(usual + loud, 61)
    verdict = judged[60].verdict
    assert verdict.signals["volume"].value == 6 and not verdict.signals["volume"].anomalous
    assert verdict.anomalous == ["reach"]
    assert verdict.signals["reach"].value > 30  # six posts weighing almost six each


def test_reach_is_not_a_second_volume_when_no_source_gives_figures():
    judged = judge(hourly({("news", "en"): [5, 6] * 30 + [60]}), 61)
    assert "reach" not in judged[60].verdict.signals


def test_reach_weight_grows_with_the_log_of_engagement():
    assert reach_weight("{}") == 1.0
    assert reach_weight(None) == 1.0
    assert reach_weight("not json") == 1.0
    assert reach_weight(json.dumps({"likes": 999})) == 4.0  # 1 + log10(1000)
    assert reach_weight(json.dumps({"score": 9, "unknown": 10**9})) == 2.0


def test_buckets_judged_while_the_main_source_was_out_are_gaps():
    busy = hourly({("news", "en"): [20] * 40 + [0] * 10 + [20] * 10})
    outage = {"news": [(START + timedelta(hours=40), START + timedelta(hours=50, minutes=30))]}
    judged = judge(busy, 60, outages=outage)
    gaps = [j.verdict.start.hour + 24 * (j.verdict.start.day - 1) for j in judged if j.verdict.gap]
    assert gaps == list(range(40, 50))
    assert all(j.event is None for j in judged[40:50])
    # without the outage record, ten silent hours of a busy brand look like calm hours
    assert not any(j.verdict.gap for j in judge(busy, 60))


def test_an_outage_of_a_minor_source_is_not_a_gap():
    times = hourly({("news", "en"): [20] * 60, ("blog", "en"): [1] * 60})
    outage = {"blog": [(START + timedelta(hours=40), None)]}
    assert not any(j.verdict.gap for j in judge(times, 60, outages=outage))


def test_a_source_back_before_the_bucket_is_judged_leaves_no_gap():
    times = hourly({("news", "en"): [20] * 60})
    # out for 20 minutes, polled successfully before the hour closed + 5 minutes
    brief = {"news": [(START + timedelta(hours=40, minutes=10), START + timedelta(hours=41))]}
    assert not any(j.verdict.gap for j in judge(times, 60, outages=brief))


def test_an_open_incident_is_not_closed_by_an_outage():
    counts = [3, 4] * 25 + [60] + [0] * 40
    times = hourly({("news", "en"): counts})
    settings = DetectionSettings(seasonal_days=0, quiet=timedelta(hours=24))
    out = {"news": [(START + timedelta(hours=51), None)]}  # down since the storm's hour
    judged = judge(times, 91, settings, outages=out)
    assert [j.event for j in judged if j.event] == ["opened"]
    assert judged[-1].incident.status == "open"
    calm = judge(times, 91, settings)
    assert [j.event for j in calm if j.event] == ["opened", "closed"]


def test_a_series_with_missing_rows_and_empty_values_treats_them_as_gaps():
    start = datetime(2026, 1, 1, tzinfo=UTC)
    rows = []
    for hour in range(120):
        if 60 <= hour < 90:
            continue  # thirty hours missing from the file
        value = None if hour == 100 else [10.0, 12.0, 11.0][hour % 3]
        at = start + timedelta(hours=hour)
        rows.append((f"{at:%Y-%m-%d %H:%M}", at, value))
    rows.append(("2026-01-06 00:00", start + timedelta(hours=120), 90.0))
    out = backtest_series(rows, DetectionSettings(seasonal_days=0))
    assert len(out) == len(rows)
    assert out[-1].alert == 1 and sum(r.alert for r in out) == 1
    empty = next(r for r in out if r.value is None)
    assert (empty.score, empty.alert) == (0.0, 0)
    text = io.StringIO()
    write_backtest(out, text)
    assert "2026-01-05 04:00,,0.0000,0\n" in text.getvalue()


def test_failed_polls_record_an_outage_from_the_last_good_poll(tmp_path):
    config = parse_config(
        f"database: sqlite:///{tmp_path / 'm.db'}\n"
        "brands: []\nsources:\n  - {name: news, type: rss, url: 'http://127.0.0.1:9/feed'}\n"
    )
    store = open_store(config.database)
    sync_sources(store, config.sources)
    t = START

    def ok(at, problem=None):
        record_success(store, "news", at, at, 200, None, None, 1, 0, problem=problem)

    ok(t)
    record_failure(store, "news", t + timedelta(minutes=15), t, 500, "HTTP 500", 99)
    record_failure(store, "news", t + timedelta(minutes=30), t, 500, "HTTP 500", 99)
    assert outages(store, t, t + timedelta(hours=1)) == {"news": [(t, None)]}
    ok(t + timedelta(minutes=45))
    assert outages(store, t, t + timedelta(hours=1)) == {"news": [(t, t + timedelta(minutes=45))]}
    ok(t + timedelta(hours=2), problem="empty")  # answering with nothing: blind again
    found = outages(store, t, t + timedelta(hours=3))["news"]
    assert found[-1] == (t + timedelta(minutes=45), None)  # blind since the last good poll
    assert outages(store, t - timedelta(hours=2), t - timedelta(hours=1)) == {}


def test_live_detection_explains_parts_posts_to_watch_and_keeps_milestones(tmp_path):
    config = parse_config(
        f"database: sqlite:///{tmp_path / 'm.db'}\n"
        "brands:\n  - {name: Acme Bus}\n"
        "detection: {seasonal_days: 0}\n"
    )
    store = open_store(config.database)
    matcher, enricher = BrandMatcher(config.brands), Enricher(config)

    def save(source: str, hour: int, n: int, title: str, metrics: dict | None = None) -> None:
        raws = [
            RawItem(url=f"https://example.com/{source}/{hour}/{i}", title=f"{title} {hour} {i}",
                    text="", published_at=START + timedelta(hours=hour, minutes=i),
                    metrics=metrics or {})
            for i in range(n)
        ]  # fmt: skip
        fetched = START + timedelta(hours=hour, minutes=59)
        save_items(store, process_items(raws, source, fetched, matcher, enricher))

    for hour in range(50):
        save("news", hour, 30, "Acme Bus timetable")
        save("forum", hour, 3, "Rode the Acme Bus")
    save("news", 50, 8, "Acme Bus timetable")
    save("forum", 50, 40, "Acme Bus driver was rude, refund please", {"likes": 3000})
    events = detect_incidents(config, store, START + timedelta(hours=51, minutes=10))
    (opened,) = [e for e in events if e.event == "opened"]
    incident = opened.incident
    assert "source" in incident.kind
    assert "Concentrated in source forum: 40 mentions in the last 1h" in incident.summary
    assert "Post to watch:" in incident.summary
    watch = incident.details["posts_to_watch"]
    assert watch and watch[0]["early_warning"] >= 0.3
    assert incident.details["signal_scores"]["source"]["part"] == "source forum"
    (milestone,) = incident.details["events"]
    assert milestone["event"] == "opened"
    assert milestone["bucket"] == (START + timedelta(hours=50)).isoformat()


def test_the_explanation_lists_the_complaints_filed_before_the_storm():
    incident = Incident(
        brand="Acme Bus", kind="volume", status="open", severity="warning",
        opened_at=START, updated_at=START, began_at=START, observed=40, expected=4,
        score=9, peak_score=9,
    )  # fmt: skip
    summary, details = explain_incident(
        incident, [], None, "1h", {}, linked=(3, START - timedelta(hours=26), 2)
    )
    assert summary.endswith(
        "3 related complaints filed before the storm, the oldest 26 h before it began, "
        "2 still unresolved."
    )
    assert (details["linked_complaints"], details["unresolved_complaints"]) == (3, 2)
    summary, _ = explain_incident(
        incident, [], None, "1h", {}, linked=(1, START - timedelta(minutes=40), 0)
    )
    assert summary.endswith("1 related complaint filed before the storm, 40 min before it "
                            "began, resolved since.")  # fmt: skip
    summary, details = explain_incident(incident, [], None, "1h", {})
    assert "related complaint" not in summary and details["linked_complaints"] == 0
