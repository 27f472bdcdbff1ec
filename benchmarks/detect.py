"""Synthetic storms in real series: detection rate, delay and false alarms per week.

Each ``Twitter_volume_*.csv`` in ``--data`` (NAB realTweets, 5-minute counts) is
summed into the monitor's bucket (``DetectionSettings().bucket``, one hour; or
``--bucket 5m``), keeping complete buckets only. The storms table's replays go through
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

Two more tables turn each series into one brand's mentions (``MentionTime``: source
and language as below, neutral, no complaint or safety term, reach 1, spread evenly
over their bucket) and judge them with ``judge_buckets``, the loop of live detection.
A replay costs about 4 microseconds per mention, so each series is first thinned
(every mention kept at one seeded chance) to a median hour of at most ``CAP``
mentions: a busy brand; AAPL's real median hour holds 593.

- **Breakdown**: a storm in one language that the total hides. Each hour is split
  at random (seeded binomial) into ``ro`` (20%) and ``en`` (80%); a storm of the
  same shape multiplies ``ro``'s own values only, at up to ``PART_POSITIONS`` of
  the storm positions per series, evenly taken. Each brand is judged with
  ``breakdown`` on (the default: sources and languages judged apart too) and off.
  The untouched brand is replayed from the warm-up end to its last bucket (its
  false alarms per week, on and off); each storm's replay picks it up at the
  storm's start, with its incident as the untouched replay left it and detectors
  that learn the week before, as live detection does on every run.
- **Gaps**: each hour split 70/30 into sources ``wire`` and ``blog``; ``wire`` is out
  for ``OUTAGE`` at ``OUTAGES`` quiet positions per series (drawn like the storms'),
  its mentions of those hours lost. Replayed with the outage recorded
  (``outages={"wire": [(began, ended)]}``) and without: outage buckets judged as
  gaps, and alerts during the outage and in the ``AFTER`` that follow, beside the
  untouched brand's alerts in those hours.

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
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import DEFAULT_SHARED, machine, skip

from monitor.backtest import backtest_series, read_series
from monitor.complaints import parse_time
from monitor.config import DetectionSettings
from monitor.detect import DetectorParams
from monitor.detection import JudgedBucket, judge_buckets
from monitor.incidents import ALERTING_EVENTS
from monitor.models import Incident
from monitor.store.mentions import MentionTime
from monitor.store.sourcestate import Outage

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

BRAND = "brand"
CAP = 100  # mentions in the median hour of a two-part brand: busier series are thinned
MAJOR, MINOR = ("news", "en"), ("news", "ro")  # parts of the two-language brand
MINOR_SHARE = 0.2
WIRE, BLOG = ("wire", "en"), ("blog", "en")  # parts of the two-source brand
BLOG_SHARE = 0.3
OUTAGE = timedelta(hours=12)  # the major source out, its mentions of those hours lost
AFTER = timedelta(hours=48)  # the return to normal, where an alert is a false alarm
OUTAGES, QUICK_OUTAGES = 4, 2  # outage positions per series
PART_POSITIONS = 16  # storm positions per series (at most, evenly taken) for the breakdown

Row = tuple[str, datetime, float]
Part = tuple[str, str]  # (source, language)
Parts = dict[Part, Sequence[float]]  # mentions per bucket, by row


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


def stormed(values: Sequence[float], start: int, k: float, m: int) -> list[float]:
    """``values`` up to the storm's end, its buckets multiplied by the storm's factors."""
    factors = storm_factors(k, m)
    out = list(values[: start + len(factors)])
    for i, factor in enumerate(factors):
        out[start + i] = float(round(out[start + i] * factor))
    return out


def first_alert(alerts: Sequence[int], start: int, end: int) -> int | None:
    """Buckets from ``start`` to the close of the first alert before ``end``, or None."""
    return next((i - start + 1 for i in range(start, end) if alerts[i]), None)


def storm_delay(series: Series, start: int, k: float, m: int, bucket: timedelta) -> int | None:
    """Buckets from the storm's start to the close of its first alert, or None."""
    values = stormed([value for _, _, value in series.rows], start, k, m)
    rows = [(text, moment, v) for (text, moment, _), v in zip(series.rows, values, strict=False)]
    judged = backtest_series(rows, DetectionSettings(bucket=bucket))
    return first_alert([r.alert for r in judged], start, len(rows))


def false_alarms(series: Series, alerts: Sequence[int] | None = None) -> tuple[int, int]:
    """(alerts, buckets) of the untouched series after the warm-up, outside labelled windows;
    ``alerts``: another replay's, per bucket (default: the series' own backtest)."""
    alerts = series.alerts if alerts is None else alerts
    tail = range(series.warm, len(series.rows))
    scored = [alerts[i] for i in tail if not series.labelled[i]]
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


# A brand of two parts (two languages, or two sources), judged by judge_buckets: the live loop


def binomial(n: int, p: float, rng: random.Random) -> int:
    return sum(rng.random() < p for _ in range(n))


def thinned(series: Series, bucket: timedelta, seed: str) -> tuple[list[int], float]:
    """The counts with each mention kept at the chance that brings the median hour down to
    ``CAP`` (all kept if it is below), and that chance."""
    values = [int(v) for _, _, v in series.rows]
    keep = min(1.0, CAP * (bucket / timedelta(hours=1)) / max(statistics.median(values), 1))
    if keep == 1.0:
        return values, keep
    rng = random.Random(f"{seed}:thin:{series.name}")
    return [binomial(v, keep, rng) for v in values], keep


def split(counts: list[int], major: Part, minor: Part, share: float, seed: str) -> Parts:
    """Each bucket's mentions split at random: ``share`` of them to ``minor``."""
    rng = random.Random(seed)
    small = [binomial(n, share, rng) for n in counts]
    return {major: [n - x for n, x in zip(counts, small, strict=True)], minor: small}


def mentions(series: Series, parts: Parts, lo: int, hi: int) -> list[MentionTime]:
    """The mentions of buckets ``lo`` to ``hi`` - 1, spread evenly over each bucket."""
    rows, out = series.rows, []
    span = round((rows[1][1] - rows[0][1]).total_seconds())
    for i in range(lo, hi):
        start = rows[i][1]
        for (source, lang), counts in parts.items():
            n = int(counts[i])
            at = [start + timedelta(seconds=j * span // n) for j in range(n)]
            out.extend(MentionTime(t, "neutral", False, False, source, lang, 1.0) for t in at)
    return out


Judged = list[JudgedBucket | None]  # by row; None: not judged


def judge(
    series: Series,
    times: list[MentionTime],
    first: int,
    end: int,
    settings: DetectionSettings,
    incident: Incident | None = None,
    outages: dict[str, list[Outage]] | None = None,
) -> Judged:
    """``judge_buckets`` on rows ``first`` to ``end`` - 1; ``times`` reach back its history."""
    rows = series.rows
    index = {rows[i][1]: i for i in range(first, end)}
    out: Judged = [None] * end
    begin, stop = rows[first][1], rows[end - 1][1] + settings.bucket
    for step in judge_buckets(BRAND, times, begin, stop, settings, incident, outages=outages):
        if step.verdict.start in index:
            out[index[step.verdict.start]] = step
    return out


def replay(series: Series, parts: Parts, settings: DetectionSettings) -> Judged:
    """The untouched brand judged from the warm-up end to the last row."""
    lo = max(0, series.warm - history(settings))
    times = mentions(series, parts, lo, len(series.rows))
    return judge(series, times, series.warm, len(series.rows), settings)


def history(settings: DetectionSettings) -> int:
    return DetectorParams.from_settings(settings).history


def alerts_of(judged: Judged, parts_only: bool = False) -> list[int]:
    """1 where a bucket alerted; ``parts_only``: where a source or language alone did."""
    return [
        int(
            j is not None
            and j.event in ALERTING_EVENTS
            and (not parts_only or set(j.verdict.anomalous) <= {"source", "language"})
        )
        for j in judged
    ]


def before(judged: Judged, i: int) -> Incident | None:
    """The brand's incident as the untouched replay left it before bucket ``i``."""
    step = judged[i - 1] if i > 0 else None
    return step.incident if step else None


def part_storms(
    series: Series,
    parts: Parts,
    base: Judged,
    start: int,
    grid: dict[tuple[float, int], Cell],
    settings: DetectionSettings,
) -> None:
    """Storms in the minor language at ``start``, one per (k, m), each replay picking up
    the untouched one there: its incident, the detectors learning the week before."""
    prefix = mentions(series, parts, max(0, start - history(settings)), start)
    for (k, m), cell in grid.items():
        minor = stormed(parts[MINOR], start, k, m)
        end = len(minor)
        times = prefix + mentions(series, {**parts, MINOR: minor}, start, end)
        judged = judge(series, times, start, end, settings, before(base, start))
        cell.delays.append(first_alert(alerts_of(judged), start, end))


def run_breakdown(
    files: list[Series],
    starts: dict[str, list[int]],
    ks: tuple[float, ...],
    ms: tuple[int, ...],
    bucket: timedelta,
    seed: int,
) -> None:
    began = time.perf_counter()
    modes = {
        "on": DetectionSettings(bucket=bucket),
        "off": DetectionSettings(bucket=bucket, breakdown=[]),
    }
    grids = {mode: {(k, m): Cell() for k in ks for m in ms} for mode in modes}
    # false alarms of the untouched brand per mode, "on alone" (a part's alone), "on buckets";
    # "busy on/off": storm spans holding an alert of the untouched replay
    alarms: Counter[str] = Counter()
    keeps = {}
    starts = {n: s[:: -(-len(s) // PART_POSITIONS)] for n, s in starts.items()}
    span = max(ms) + HOLD + DECAY
    for series in files:
        counts, keeps[series.name] = thinned(series, bucket, str(seed))
        parts = split(counts, MAJOR, MINOR, MINOR_SHARE, f"{seed}:language:{series.name}")
        for mode, settings in modes.items():
            base = replay(series, parts, settings)
            alerts = alerts_of(base)
            alerted, buckets = false_alarms(series, alerts)
            alarms[mode] += alerted
            alarms[f"{mode} buckets"] += buckets
            alarms[f"{mode} alone"] += false_alarms(series, alerts_of(base, True))[0]
            alarms[f"busy {mode}"] += sum(any(alerts[s : s + span]) for s in starts[series.name])
            for start in starts[series.name]:
                part_storms(series, parts, base, start, grids[mode], settings)
    report_breakdown(grids, alarms, keeps, bucket, max(map(len, starts.values())))
    print(f"  (breakdown: {time.perf_counter() - began:.1f} s)")


def delay_text(cell: Cell, hours: float) -> tuple[str, str]:
    """(detected share, median delay) of one cell, as printed."""
    hit = cell.detected
    rate = f"{len(hit) / len(cell.delays):.0%}" if cell.delays else "-"
    if not hit:
        return rate, "-"
    median = statistics.median(hit)
    return rate, f"{median:g} bkt ({median * hours:.2f} h)"


def report_breakdown(
    grids: dict[str, dict[tuple[float, int], Cell]],
    alarms: Counter[str],
    keeps: dict[str, float],
    bucket: timedelta,
    positions: int,
) -> None:
    hours = bucket / timedelta(hours=1)
    thin = ", ".join(f"{short(n)} x{keep:.2g}" for n, keep in keeps.items())
    major, minor = MAJOR[1], MINOR[1]
    print(
        f"[{NAME}] breakdown, a storm in one language that the total hides: each series thinned "
        f"to a median hour of at most {CAP} mentions ({thin}), split at random "
        f"{1 - MINOR_SHARE:.0%} {major} / {MINOR_SHARE:.0%} {minor}; a storm of k times {minor}'s "
        f"own values in {minor} only, at {positions} of the storm positions per series; "
        "judge_buckets with breakdown on (source, language) and off"
    )
    head = ("k", "m", "storms", "on: detected", "median delay", "off: detected", "median delay")
    print("  {:>3s} {:>3s} {:>6s} {:>13s} {:>19s} {:>14s} {:>19s}".format(*head))
    for (k, m), on in grids["on"].items():
        off = grids["off"][k, m]
        (r1, d1), (r2, d2) = delay_text(on, hours), delay_text(off, hours)
        print(f"  {k:3g} {m:3d} {len(on.delays):6d} {r1:>13s} {d1:>19s} {r2:>14s} {d2:>19s}")
    weeks = alarms["on buckets"] * bucket / WEEK  # the same buckets either way
    on, off = (alarms[mode] / weeks if weeks else 0.0 for mode in ("on", "off"))
    print(
        f"  false alarms/week (untouched two-language series, outside labelled windows): "
        f"on {on:.2f} ({alarms['on']} in {weeks:.1f} weeks, {alarms['on alone']} raised by a "
        f"language or source alone), off {off:.2f} ({alarms['off']}); storm spans holding an "
        f"alert of the untouched replay: on {alarms['busy on']}, off {alarms['busy off']}"
    )


def run_gaps(files: list[Series], bucket: timedelta, count: int, margin: int, seed: int) -> None:
    """The major source out for ``OUTAGE`` at ``count`` quiet positions per series."""
    began = time.perf_counter()
    settings = DetectionSettings(bucket=bucket)
    out, after = round(OUTAGE / bucket), round(AFTER / bucket)
    totals: Counter[str] = Counter()
    for series in files:
        counts, _ = thinned(series, bucket, str(seed))
        parts = split(counts, WIRE, BLOG, BLOG_SHARE, f"{seed}:source:{series.name}")
        base = replay(series, parts, settings)
        untouched = alerts_of(base)
        for o in storm_starts(series, out + after, margin, count, f"{seed}:outage"):
            end = o + out + after
            wire = [0 if o <= i < o + out else n for i, n in enumerate(parts[WIRE])]
            lo = max(0, o - history(settings))
            times = mentions(series, {**parts, WIRE: wire}, lo, end)
            moment = series.rows[o][1]
            record = {WIRE[0]: [(moment, moment + OUTAGE)]}
            for mode, outages in (("recorded", record), ("unrecorded", None)):
                judged = judge(series, times, o, end, settings, before(base, o), outages)
                alerts = alerts_of(judged)
                gaps = sum(bool(j and j.verdict.gap) for j in judged[o : o + out])
                totals[f"{mode} gaps"] += gaps
                totals[f"{mode} during"] += sum(alerts[o : o + out])
                totals[f"{mode} after"] += sum(alerts[o + out : end])
            totals["untouched after"] += sum(untouched[o + out : end])
            totals["outages"] += 1
    n, hours, after_h = totals["outages"], OUTAGE / timedelta(hours=1), AFTER / timedelta(hours=1)
    print(
        f"[{NAME}] gaps: source {WIRE[0]} ({1 - BLOG_SHARE:.0%} of the thinned series, "
        f"{BLOG[0]} the rest) out for {hours:g} h at {n} quiet positions ({count} per series), "
        f"its mentions of those hours lost; judge_buckets, default settings; the untouched "
        f"series alerted {totals['untouched after']} times in the {after_h:g} h after them"
    )
    for mode, what in (("recorded", "outage recorded"), ("unrecorded", "not recorded")):
        print(
            f"  {what}: {totals[f'{mode} gaps']} of {n * out} outage buckets judged as gaps; "
            f"alerts during the outages {totals[f'{mode} during']}, "
            f"in the {after_h:g} h after {totals[f'{mode} after']}"
        )
    print(f"  (gaps: {time.perf_counter() - began:.1f} s)")


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
    run_breakdown(files, starts, ks, ms, bucket, seed)
    run_gaps(files, bucket, QUICK_OUTAGES if quick else OUTAGES, margin, seed)
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
