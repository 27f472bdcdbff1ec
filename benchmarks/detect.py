"""Synthetic storms in real series: detection rate, delay and false alarms per week.

Each ``Twitter_volume_*.csv`` in ``--data`` (NAB realTweets, 5-minute counts) is
summed into the monitor's bucket (``DetectionSettings().bucket``, one hour; or
``--bucket 5m``), keeping complete buckets only. Every run goes through
``monitor.backtest.backtest_series`` with the default ``DetectionSettings()``:
the code path of ``monitor backtest`` and of live detection, so ``alert`` is 1
exactly where the live system would send an alert.

- **Storms.** A storm multiplies the series' own values (the baseline is the
  value at that time): the factor rises linearly to ``k`` over ``m`` buckets,
  holds ``k`` for ``HOLD`` buckets and falls back to 1 over ``DECAY`` buckets.
  It starts in a quiet stretch: after an 8-day warm-up (so the seasonal test
  has its week), at least a day away from NAB's labelled windows
  (``combined_windows_dev.json``), and with no alert from the untouched series
  in the day before it or during it (so an alert there is the storm's). Start
  positions are drawn once per series, one per equal slice of the candidates,
  by a seeded ``random.Random``, and shared by every (k, m), so the grid
  compares like with like. Each storm goes into its own copy of the series.
- **Detected**: an alert on the storm's buckets, from its start to start + m + 6
  (its whole span). **Delay**: buckets from the storm's start to the close of
  the first alerting bucket (1: alerted on the storm's first bucket); hours
  likewise. Replays stop at the end of that span: the detector never looks ahead,
  so later rows cannot change the verdict.
- **False alarms per week**: alerts of the untouched series after the warm-up
  and outside the labelled windows, per week of such buckets; once per file.

    python benchmarks/detect.py [--data DIR] [--labels FILE] [--bucket 5m|1h]
                                [--quick] [--positions N] [--seed N]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import DEFAULT_SHARED, machine, skip

from monitor.backtest import backtest_series, read_series
from monitor.complaints import parse_time
from monitor.config import DetectionSettings

NAME = "detect"
KS = (2, 3, 5, 10)
MS = (1, 3, 6)
QUICK_KS = (3, 10)
QUICK_MS = (1, 6)
HOLD = 3  # buckets at k times the baseline
DECAY = 3  # buckets back down to 1x; m + HOLD + DECAY = m + 6, the span that counts
WARM_UP = timedelta(days=8)
MARGIN = timedelta(days=1)  # kept between a storm and a labelled window or an earlier alert
BUCKETS = {"5m": timedelta(minutes=5), "1h": timedelta(hours=1)}
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
WEEK = timedelta(days=7)

Row = tuple[str, datetime, float]


@dataclass
class Series:
    """One file, bucketed, with what the untouched replay and the labels say per bucket."""

    name: str
    rows: list[Row]
    labelled: list[bool]
    alerts: list[int]
    warm: int  # first bucket after the warm-up


@dataclass
class Cell:
    """Outcomes of one (k, m): the delay of each storm in buckets, None if missed."""

    delays: list[int | None] = field(default_factory=list)

    @property
    def detected(self) -> list[int]:
        return [d for d in self.delays if d is not None]


def bucketed(rows: list[Row], bucket: timedelta) -> list[Row]:
    """Sums over epoch-aligned buckets; a partial first or last bucket is dropped."""
    sums: dict[datetime, float] = {}
    counts: dict[datetime, int] = {}
    for _, moment, value in rows:
        start = moment - (moment - EPOCH) % bucket
        sums[start] = sums.get(start, 0.0) + value
        counts[start] = counts.get(start, 0) + 1
    full = max(counts.values())
    return [
        (start.strftime("%Y-%m-%d %H:%M:%S"), start, total)
        for start, total in sorted(sums.items())
        if counts[start] == full
    ]


def load_windows(labels: Path) -> dict[str, list[tuple[datetime, datetime]]]:
    """NAB's windows by file name (``Twitter_volume_AAPL.csv``)."""
    raw = json.loads(labels.read_text(encoding="utf-8"))
    return {
        key.rsplit("/", 1)[-1]: [(parse_time(a), parse_time(b)) for a, b in spans]
        for key, spans in raw.items()
    }


def prepare(path: Path, bucket: timedelta, windows: list[tuple[datetime, datetime]]) -> Series:
    rows = bucketed(read_series(path), bucket)
    labelled = [any(t <= end and t + bucket > begin for begin, end in windows) for _, t, _ in rows]
    alerts = [r.alert for r in backtest_series(rows, DetectionSettings(bucket=bucket))]
    warm = next((i for i, (_, t, _) in enumerate(rows) if t >= rows[0][1] + WARM_UP), len(rows))
    return Series(path.name, rows, labelled, alerts, warm)


def storm_factors(k: float, m: int) -> list[float]:
    """Multipliers of the storm's buckets: up over m, k for HOLD, down over DECAY."""
    rise = [1 + (k - 1) * (i + 1) / m for i in range(m)]
    fall = [k - (k - 1) * (i + 1) / (DECAY + 1) for i in range(DECAY)]
    return rise + [float(k)] * HOLD + fall


def storm_starts(series: Series, span: int, margin: int, count: int, seed: str) -> list[int]:
    """Up to ``count`` quiet start positions, one drawn from each equal slice of candidates."""
    n = len(series.rows)
    busy = [a or lab for a, lab in zip(series.alerts, series.labelled, strict=True)]
    candidates = [
        s
        for s in range(max(series.warm, margin), n - span + 1)
        if not any(series.labelled[max(0, s - margin) : s + span + margin])
        and not any(busy[s - margin : s + span])
    ]
    rng = random.Random(f"{seed}:{series.name}")
    slices = min(count, len(candidates))
    edges = [len(candidates) * i // slices for i in range(slices + 1)] if slices else []
    return [rng.choice(candidates[a:b]) for a, b in zip(edges, edges[1:], strict=False)]


def storm_delay(series: Series, start: int, k: float, m: int, bucket: timedelta) -> int | None:
    """Buckets from the storm's start to the close of its first alert, or None."""
    factors = storm_factors(k, m)
    end = start + len(factors)
    rows = list(series.rows[:end])
    for i, factor in enumerate(factors):
        text, moment, value = rows[start + i]
        rows[start + i] = (text, moment, float(round(value * factor)))
    judged = backtest_series(rows, DetectionSettings(bucket=bucket))
    return next((i - start + 1 for i in range(start, end) if judged[i].alert), None)


def false_alarms(series: Series) -> tuple[int, int]:
    """(alerts, buckets) of the untouched series after the warm-up, outside labelled windows."""
    tail = range(series.warm, len(series.rows))
    scored = [series.alerts[i] for i in tail if not series.labelled[i]]
    return sum(scored), len(scored)


def short(name: str) -> str:
    return name.removeprefix("Twitter_volume_").removesuffix(".csv")


def report(
    grid: dict[tuple[float, int], Cell],
    files: list[Series],
    bucket: timedelta,
    positions: dict[str, int],
) -> None:
    hours = bucket / timedelta(hours=1)
    label = next((k for k, v in BUCKETS.items() if v == bucket), str(bucket))
    per_file = ", ".join(f"{short(n)} {c}" for n, c in positions.items())
    print(
        f"[{NAME}] {len(files)} series in {label} buckets, "
        f"{sum(len(s.rows) for s in files):,} buckets; storm positions: {per_file}; "
        f"storm: rise to k over m, {HOLD} at k, {DECAY} down"
    )
    head = ("k", "m", "storms", "detected", "median delay", "max")
    print("  {:>3s} {:>3s} {:>6s} {:>8s} {:>19s} {:>5s}".format(*head))
    for (k, m), cell in grid.items():
        hit = cell.detected
        rate = len(hit) / len(cell.delays) if cell.delays else 0.0
        if hit:
            median = statistics.median(hit)
            delay = f"{median:g} bkt ({median * hours:.2f} h)"
            worst = f"{max(hit)}"
        else:
            delay, worst = "-", "-"
        print(f"  {k:3g} {m:3d} {len(cell.delays):6d} {rate:8.0%} {delay:>19s} {worst:>5s}")
    parts, total_alerts, total_buckets = [], 0, 0
    for s in files:
        alerts, buckets = false_alarms(s)
        total_alerts += alerts
        total_buckets += buckets
        weeks = buckets * bucket / WEEK
        parts.append(f"{short(s.name)} {alerts / weeks if weeks else 0:.2f}")
    weeks = total_buckets * bucket / WEEK
    overall = total_alerts / weeks if weeks else 0.0
    print(
        f"  false alarms/week (untouched, outside labelled windows): {', '.join(parts)}; "
        f"overall {overall:.2f} ({total_alerts} in {weeks:.1f} weeks)"
    )


def run_benchmark(
    data: Path,
    labels: Path,
    bucket: timedelta | None = None,
    quick: bool = False,
    positions: int | None = None,
    seed: int = 1,
) -> None:
    bucket = bucket or DetectionSettings().bucket
    paths = sorted(data.glob("Twitter_volume_*.csv")) if data.is_dir() else []
    if not paths:
        skip(NAME, f"no Twitter_volume_*.csv in {data} (pass --data DIR)")
        return
    if not labels.is_file():
        skip(NAME, f"windows file not found at {labels} (pass --labels FILE)")
        return
    start_time = time.perf_counter()
    ks, ms = (QUICK_KS, QUICK_MS) if quick else (KS, MS)
    if positions is None:  # a 5-minute replay is 12 times as long as an hourly one
        positions = (4 if quick else 32) if bucket >= timedelta(hours=1) else 1
    windows = load_windows(labels)
    span = max(ms) + HOLD + DECAY
    margin = round(MARGIN / bucket)
    files, starts = [], {}
    for path in paths:
        series = prepare(path, bucket, windows.get(path.name, []))
        files.append(series)
        starts[series.name] = storm_starts(series, span, margin, positions, str(seed))
    grid: dict[tuple[float, int], Cell] = {}
    for k in ks:
        for m in ms:
            cell = grid.setdefault((k, m), Cell())
            for series in files:
                for s in starts[series.name]:
                    cell.delays.append(storm_delay(series, s, k, m, bucket))
    report(grid, files, bucket, {n: len(s) for n, s in starts.items()})
    print(f"  ({NAME}: {time.perf_counter() - start_time:.1f} s)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_SHARED / "data" / "nab_tweets")
    parser.add_argument(
        "--labels", type=Path, help="NAB windows JSON (default: DATA/combined_windows_dev.json)"
    )
    parser.add_argument("--bucket", choices=sorted(BUCKETS), default="1h")
    parser.add_argument("--quick", action="store_true", help="k in (3, 10), m in (1, 6)")
    parser.add_argument(
        "--positions", type=int, help="storm positions per series (default 32; 4 quick; 1 at 5m)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    print(machine())
    run_benchmark(
        args.data,
        args.labels or args.data / "combined_windows_dev.json",
        BUCKETS[args.bucket],
        args.quick,
        args.positions,
        args.seed,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
