"""The detector judges each bucket from the past only, stays calm on noise, and explains itself."""

from __future__ import annotations

import csv
import json
import math
import random
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from monitor.backtest import backtest_series, read_series
from monitor.config import DetectionSettings, parse_config
from monitor.detect import (
    MAD_TO_SIGMA,
    DetectorParams,
    ShareDetector,
    SpikeDetector,
    _RollingMedian,
)
from monitor.detection import detect_incidents, judge_buckets
from monitor.enrich import Enricher
from monitor.explain import poisson_tail
from monitor.incidents import BucketVerdict, step_incident
from monitor.ingest import process_items
from monitor.match import BrandMatcher
from monitor.store import open_store
from monitor.store.mentions import MentionTime, save_items
from sources.items import RawItem

from conftest import shared_path

PARAMS = DetectorParams(window=72, min_history=24, threshold=6.0, min_count=5, quiet=24)


def poisson(rng: random.Random, lam: float) -> int:
    # Knuth's method: fine for the small rates used here
    limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def test_no_alert_while_warming_up():
    detector = SpikeDetector(PARAMS)
    verdicts = [detector.observe(v) for v in [3, 4, 3] * 7 + [500]]
    assert all(v.warming_up and not v.anomalous for v in verdicts)


def test_a_storm_is_flagged_after_warm_up_with_expected_and_observed():
    detector = SpikeDetector(PARAMS)
    for v in [3, 4, 5, 4, 3, 4] * 8:
        detector.observe(v)
    verdict = detector.observe(80)
    assert verdict.anomalous and not verdict.warming_up
    assert verdict.expected == 4.0
    assert verdict.score > 5


def test_a_sparse_brand_does_not_alert_on_every_blip():
    rng = random.Random(3)
    detector = SpikeDetector(PARAMS)
    flagged = [detector.observe(poisson(rng, 0.8)).anomalous for _ in range(24 * 60)]
    assert sum(flagged) == 0
    assert detector.observe(60).anomalous  # but a real storm still stands out


def test_a_count_counting_noise_explains_is_not_a_storm():
    # at 0.6 a bucket most buckets are empty, so the median and spread are 0 and the
    # floors alone would read 6 mentions as seven spreads up, while counting noise
    # brings 5 or more once in 2,600 buckets (nine days of 5-minute buckets)
    rng = random.Random(4)
    detector = SpikeDetector(PARAMS)
    flagged = [detector.observe(poisson(rng, 0.6)).anomalous for _ in range(24 * 60)]
    assert sum(flagged) == 0
    six = detector.judge(6)
    assert six.expected == 0.0 and not six.anomalous and six.score < 4
    assert detector.observe(40).anomalous  # a real storm still stands out


def test_backtest_has_no_look_ahead():
    rng = random.Random(5)
    values = [poisson(rng, 20) for _ in range(400)] + [300] + [poisson(rng, 20) for _ in range(50)]
    start = datetime(2026, 1, 1)
    rows = [
        (str(start + timedelta(hours=i)), start + timedelta(hours=i), float(v))
        for i, v in enumerate(values)
    ]
    settings = DetectionSettings()
    full = backtest_series(rows, settings)
    prefix = backtest_series(rows[:401], settings)
    assert [r.alert for r in full[:401]] == [r.alert for r in prefix]
    assert [r.score for r in full[:401]] == [r.score for r in prefix]
    assert [i for i, r in enumerate(full) if r.alert] == [400]


def test_backtest_cli_contract(tmp_path):
    series = tmp_path / "series.csv"
    rng = random.Random(9)
    with series.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "value"])
        for i in range(600):
            value = 400 if i == 500 else poisson(rng, 10)
            writer.writerow(
                [
                    "2026-01-01 00:00:00+00:00"
                    if i == 0
                    else (datetime(2026, 1, 1) + timedelta(minutes=5 * i)).isoformat(),
                    value,
                ]
            )
    out = tmp_path / "out.csv"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "monitor",
            "--config",
            str(tmp_path / "absent.yaml"),
            "backtest",
            "--series",
            str(series),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == ["timestamp", "value", "score", "alert"]
    assert len(rows) == 600
    assert [i for i, r in enumerate(rows) if r["alert"] == "1"] == [500]
    assert result.stderr.strip() == f"wrote 600 rows (1 alerts) to {out}"


def test_backtest_rejects_a_bad_series_with_the_line(tmp_path):
    series = tmp_path / "bad.csv"
    series.write_text("timestamp,value\n2026-01-01 00:00,3\n2026-01-01 00:05,lots\n")
    result = subprocess.run(
        [sys.executable, "-m", "monitor", "backtest", "--series", str(series)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: {series}:3: expected a timestamp and a number, got '2026-01-01 00:05','lots'"
    )


def test_nab_twitter_volume_alerts_inside_labelled_windows():
    data = shared_path("data", "nab_tweets", "Twitter_volume_AMZN.csv")
    windows = json.loads(shared_path("data", "nab_tweets", "combined_windows_dev.json").read_text())
    rows = read_series(data)
    result = backtest_series(rows, DetectionSettings())
    alerts = [rows[i][1] for i, r in enumerate(result) if r.alert]
    spans = [
        (
            datetime.fromisoformat(a).replace(tzinfo=rows[0][1].tzinfo),
            datetime.fromisoformat(b).replace(tzinfo=rows[0][1].tzinfo),
        )
        for a, b in windows["realTweets/Twitter_volume_AMZN.csv"]
    ]
    hits = {i for i, (a, b) in enumerate(spans) for t in alerts if a <= t <= b}
    assert len(hits) >= 2  # labelled surges are caught (2 of 4 here; 16 of 16 is the goal)
    assert len(alerts) <= 8  # without a flood of alerts


def test_an_incident_opens_grows_escalates_and_closes_after_a_quiet_period():
    from datetime import UTC

    from monitor.incidents import BucketVerdict, step_incident

    params = DetectorParams(window=72, min_history=24, threshold=6.0, min_count=5, quiet=3)
    detector = SpikeDetector(params)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    incident, events = None, []
    values = [4, 5, 3, 4] * 12 + [40, 60, 400, 50, 4, 5, 4, 3, 4]
    for hour, value in enumerate(values):
        moment = start + timedelta(hours=hour)
        verdict = BucketVerdict(
            "Acme", moment, moment + timedelta(hours=1), {"volume": detector.observe(value)}
        )
        incident, event = step_incident(incident, verdict, params, 2.0, moment)
        events.append((hour, event))
    happened = [(h, e) for h, e in events if e]
    assert happened == [
        (48, "opened"),
        (49, "updated"),
        (50, "escalated"),
        (51, "updated"),
        (54, "closed"),
    ]
    assert incident.status == "closed"
    assert incident.peak_score > 12
    assert incident.began_at == start + timedelta(hours=48)
    assert incident.closed_at == start + timedelta(hours=55)


SEASONAL = DetectorParams(
    window=72, min_history=24, threshold=6.0, min_count=5, quiet=24, period=24, seasonal_days=7
)


def daily_cycle(rng: random.Random, days: int) -> list[int]:
    """Hourly counts: busy afternoons (about 200), quiet nights (about 10)."""
    return [poisson(rng, 10) if hour < 7 else 200 for _ in range(days) for hour in range(24)]


def test_a_night_surge_is_judged_against_other_nights():
    rng = random.Random(7)
    history = daily_cycle(rng, 6)
    plain = SpikeDetector(replace(SEASONAL, seasonal_days=0))
    seasonal = SpikeDetector(SEASONAL)
    for v in history:
        plain.observe(v)
        seasonal.observe(v)
    surge = 60  # 3 a.m., six times a usual night, far below a usual afternoon
    assert not plain.judge(surge).anomalous
    verdict = seasonal.judge(surge)
    assert verdict.anomalous and verdict.seasonal
    assert 5 <= verdict.expected <= 15  # the usual count at that hour, not the window's


def test_the_seasonal_test_waits_for_two_days_and_a_usual_night_stays_calm():
    rng = random.Random(8)
    detector = SpikeDetector(SEASONAL)
    verdicts = [detector.observe(v) for v in daily_cycle(rng, 8)]
    assert not any(v.seasonal for v in verdicts[: 2 * 24])
    assert any(v.seasonal for v in verdicts[3 * 24 :])  # it does score once it can
    assert not any(v.anomalous for v in verdicts)


def test_the_seasonal_test_follows_the_bucket_size():
    hourly = DetectorParams.from_settings(DetectionSettings())
    assert (hourly.period, hourly.seasonal_days, hourly.smooth) == (24, 7, 1)
    # a week of residuals, each against two earlier days at least: more than the 3-day window
    assert hourly.history == 24 * 9 + 1
    five_minutes = DetectorParams.from_settings(DetectionSettings(), timedelta(minutes=5))
    assert (five_minutes.period, five_minutes.smooth) == (288, 12)
    odd = DetectorParams.from_settings(DetectionSettings(bucket="7h", window="4w"))
    assert odd.period == 0 and odd.seasonal_days == 0  # 7 h does not divide a day: off


def test_one_safety_critical_mention_opens_a_critical_incident_on_its_own(tmp_path):
    config = parse_config(
        f"database: sqlite:///{tmp_path / 'm.db'}\nbrands:\n  - {{name: Acme Bus}}\n"
    )
    store = open_store(config.database)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    matcher, enricher = BrandMatcher(config.brands), Enricher(config)

    def post(at: datetime, text: str) -> None:
        raw = RawItem(url=f"https://example.com/{at:%d%H%M}", title=text, text="", published_at=at)
        save_items(store, process_items([raw], "forum", at, matcher, enricher))

    for hour in range(0, 30, 3):  # a quiet brand: a post every three hours, no history to speak of
        post(start + timedelta(hours=hour), "Took the Acme Bus to work again today")
    post(start + timedelta(hours=31, minutes=10), "Acme Bus driver assaulted a passenger today")

    events = detect_incidents(config, store, start + timedelta(hours=33))
    (event,) = [e for e in events if e.event == "opened"]
    incident = event.incident
    assert incident.severity == "critical" and "safety" in incident.kind
    assert incident.began_at == start + timedelta(hours=31)
    assert "assault" in incident.details["safety_terms"]
    assert "Safety-critical" in incident.summary
    assert (
        "a chance of 1 in 11 at the usual rate; surprise score 12.0 on safety" in incident.summary
    )


def test_negativity_rising_while_volume_is_flat_is_flagged():
    share = ShareDetector(PARAMS)
    volume = SpikeDetector(PARAMS)
    assert share.observe(20, 2).warming_up
    for _ in range(48):  # twenty mentions an hour, two of them negative
        share.observe(20, 2)
        volume.observe(20)
    verdict = share.judge(20, 12)  # same volume, twelve negative
    assert verdict.anomalous and verdict.value == 0.6 and 0.09 < verdict.expected < 0.11
    assert not volume.judge(20).anomalous
    assert not share.judge(20, 4).anomalous  # a couple more negatives is noise


def test_a_giant_brands_tiny_shift_in_negativity_is_not_news():
    share = ShareDetector(PARAMS)
    for _ in range(48):
        share.observe(10_000, 1_000)
    verdict = share.judge(10_000, 1_200)  # statistically sure, but 12% against 10%
    assert verdict.score > PARAMS.threshold and not verdict.anomalous


def test_the_rolling_spread_is_the_median_absolute_deviation():
    rng = random.Random(11)
    for _ in range(500):
        window = _RollingMedian(40)
        values = [round(rng.random(), rng.choice([1, 3])) for _ in range(rng.randint(1, 70))]
        for v in values:
            window.add(v)
        kept = values[-40:]
        center = rng.choice([window.median(), rng.uniform(-0.2, 1.2)])
        deviations = sorted(abs(v - center) for v in kept)
        assert window.mad(center) == pytest.approx(deviations[len(deviations) // 2] * MAD_TO_SIGMA)


def replay_events(values: list[float], params: DetectorParams) -> list[tuple[int, str]]:
    """(bucket index, event) of the incident tracker over hourly ``values``, updates aside."""
    detector, incident, events = SpikeDetector(params), None, []
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for i, value in enumerate(values):
        at = start + timedelta(hours=i)
        verdict = BucketVerdict(
            "b", at, at + timedelta(hours=1), {"volume": detector.observe(value)}
        )
        incident, event = step_incident(incident, verdict, params, 2.0, at)
        if event and event != "updated":
            events.append((i, event))
    return events


def test_a_storm_that_returns_soon_after_closing_reopens_its_incident():
    params = replace(PARAMS, window=72, quiet=6)
    calm = [3, 4, 5, 4, 3, 4] * 8
    storm = [40, 60]
    back_soon = calm + storm + [4] * 8 + [60]  # closes after 6 calm hours, back 2 later
    events = replay_events(back_soon, params)
    assert [e for _, e in events] == ["opened", "closed", "reopened"]
    back_late = calm + storm + [4] * 20 + [60]  # back long after: a new incident
    assert [e for _, e in replay_events(back_late, params)] == ["opened", "closed", "opened"]


def test_live_detection_reopens_an_incident_when_its_storm_returns(tmp_path):
    config = parse_config(
        f"database: sqlite:///{tmp_path / 'm.db'}\n"
        "brands:\n  - {name: Acme Bus}\n"
        "detection: {quiet: 3h, seasonal_days: 0}\n"
    )
    store = open_store(config.database)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    matcher, enricher = BrandMatcher(config.brands), Enricher(config)
    storms = {40: 40, 45: 40}  # a storm at hour 40, three calm hours close it, back at 45
    raws = []
    for hour in range(52):
        for n in range(storms.get(hour, 3)):
            at = start + timedelta(hours=hour, minutes=n)
            raws.append(
                RawItem(url=f"https://example.com/{hour}/{n}", title=f"Acme Bus {hour} {n}",
                        text="", published_at=at)
            )  # fmt: skip
    fetched = start + timedelta(hours=52)
    save_items(store, process_items(raws, "forum", fetched, matcher, enricher))
    first = detect_incidents(config, store, start + timedelta(hours=45))  # one run: it closes
    later = detect_incidents(config, store, fetched)  # the next run: the storm is back
    events = [e.event for e in [*first, *later] if e.event != "updated"]
    assert events == ["opened", "closed", "reopened", "closed"]
    assert later[0].incident.id == first[0].incident.id


def test_a_surge_of_complaints_at_flat_volume_is_a_signal_of_its_own():
    start = datetime(2026, 11, 1, tzinfo=UTC)
    times = []
    for hour in range(80):
        complaints = 15 if hour == 78 else hour % 2  # about one complaint every other hour
        for n in range(20):  # twenty mentions every hour, none of them negative
            at = start + timedelta(hours=hour, minutes=n)
            times.append(MentionTime(at, "neutral", n < complaints, False, "forum", "en", 1.0))
    judged = list(
        judge_buckets("Acme", times, start, start + timedelta(hours=80), DetectionSettings())
    )
    verdict = judged[78].verdict
    assert verdict.anomalous == ["complaints"]
    assert judged[78].event == "opened" and judged[78].incident.kind == "complaints"
    assert not any(j.verdict.anomalous for j in judged[:78])


def test_a_storm_that_lasts_turns_critical_without_a_critical_score():
    params = replace(PARAMS, persist=3)
    calm = [3, 4, 5, 4, 3, 4] * 8
    lasting = calm + [40, 40, 40, 40]  # surprising, never critically so, four hours long
    assert [e for _, e in replay_events(lasting, params)] == ["opened", "escalated"]
    brief = calm + [40, 4, 40, 4]  # the same bursts, not in a row: still a warning
    assert [e for _, e in replay_events(brief, params)] == ["opened"]


def test_the_chance_of_a_count_is_the_poisson_tail():
    for count, rate in [(1, 0.5), (5, 4.0), (18, 4.0), (30, 20.0)]:
        below = sum(math.exp(-rate) * rate**k / math.factorial(k) for k in range(count))
        assert poisson_tail(count, rate) == pytest.approx(1 - below, rel=1e-9)


def test_a_brand_busy_every_saturday_alerts_only_on_the_first_one():
    rng = random.Random(2)
    start = datetime(2026, 1, 5, tzinfo=UTC)  # a Monday
    rows = []
    for hour in range(24 * 7 * 6):
        at = start + timedelta(hours=hour)
        rate = 10 * (2 if 8 <= at.hour < 22 else 1) * (4 if at.weekday() == 5 else 1)
        count = poisson(rng, rate) if rate < 30 else round(rng.gauss(rate, math.sqrt(rate)))
        rows.append((at.isoformat(), at, float(count)))
    alerts = [r.timestamp for r in backtest_series(rows, DetectionSettings()) if r.alert]
    # the first Saturday is news; the next five are judged against the Saturday before
    assert alerts and all(a.startswith("2026-01-10") for a in alerts)
