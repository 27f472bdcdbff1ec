"""Spike detector on NAB realTweets: ``monitor backtest`` scored with NAB's rule, delays, speed.

Runs the real CLI, ``python -m monitor backtest --series FILE --out OUT`` (default
detection settings, no database), in a fresh process for every ``Twitter_volume_*.csv``
in ``--data``, and scores its ``timestamp,value,score,alert`` outputs with the
standalone NAB scorer (``shared/tools/nab_score.py``, run as a subprocess: it stays
outside the product). ``--labels`` is NAB's *windows* file
(``combined_windows_dev.json``), which the scorer reads; the labelled instants
(``combined_labels_dev.json``) are looked up beside it.

Prints, per file and in total: windows, windows hit, alerts outside the windows
(false alarms) and false alarms per week of the scored rows (after NAB's probationary
period); for each window hit, the hours from its start and from its earliest label to
the first alert inside it (negative: before the label); the NAB scores (standard,
reward_low_FP_rate, reward_low_FN_rate) beside published detectors; and rows/s of the
whole CLI runs (wall time, process start included).

    python benchmarks/nab.py [--data DIR] [--labels FILE] [--scorer PATH]
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from common import DEFAULT_SHARED, REPO, machine, per_second, skip

NAME = "nab"
PROFILES = ("standard", "reward_low_FP_rate", "reward_low_FN_rate")
DEV_FILES = {f"Twitter_volume_{t}.csv" for t in ("AAPL", "AMZN", "GOOG", "IBM", "KO")}
LABELS_NAME = "combined_labels_dev.json"
PROBATION_FRACTION, PROBATION_CAP = 0.15, 750  # NAB: first 15% of rows, at most 750
WEEK_SECONDS = 7 * 24 * 3600

# NAB-normalised scores on the 5 dev files (standard, low FP, low FN), copied from
# shared/data/nab_tweets/README.md, "Reference scores on these 5 dev files": NAB's published
# per-row outputs rescored with shared/tools/nab_score.py; the two baselines marked
# "in-sample" were tuned on these very files.
REFERENCE: tuple[tuple[str, float, float, float], ...] = (
    ("ARTime (NAB published)", 81.44, 69.44, 87.63),
    ("rolling robust z, in-sample", 66.42, 61.63, 71.44),
    ("knncad (NAB published)", 66.46, 43.16, 75.56),
    ("EWMA quasi-Poisson, in-sample", 58.97, 42.16, 69.56),
    ("numenta HTM (NAB published)", 58.18, 47.14, 63.79),
    ("windowedGaussian (NAB published)", 53.79, 17.56, 67.11),
    ("random (NAB published)", 12.44, 6.35, 22.88),
    ("null (never alerts)", 0.0, 0.0, 0.0),
)


@dataclass
class NabRun:
    files: list[str] = field(default_factory=list)
    rows: int = 0
    alerts: int = 0
    seconds: float = 0.0  # wall time of the CLI processes


@dataclass
class FileTiming:
    """One file's windows against its alerts, after the probationary period."""

    name: str
    windows: int = 0
    from_start: list[float | None] = field(default_factory=list)  # hours; None: missed
    from_label: list[float | None] = field(default_factory=list)  # hours; None: missed or no label
    false_alarms: int = 0
    weeks: float = 0.0


def backtest(data: Path, out_dir: Path) -> NabRun:
    """``monitor backtest`` on every series in ``data``; one output CSV each in ``out_dir``."""
    run = NabRun()
    for path in sorted(data.glob("Twitter_volume_*.csv")):
        out = out_dir / path.name
        command = [sys.executable, "-m", "monitor", "backtest", "--series", str(path)]
        start = time.perf_counter()
        done = subprocess.run(
            [*command, "--out", str(out)], cwd=REPO, capture_output=True, text=True, check=False
        )
        run.seconds += time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"monitor backtest exited {done.returncode}: {done.stderr.strip()}")
        _times, alerts = read_alerts(out)
        run.files.append(path.name)
        run.rows += len(alerts)
        run.alerts += sum(alerts)
    return run


def read_alerts(path: Path) -> tuple[list[datetime], list[int]]:
    """The timestamps and 0/1 alerts of a ``monitor backtest`` output."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [datetime.fromisoformat(r["timestamp"]) for r in rows], [int(r["alert"]) for r in rows]


def read_json(path: Path) -> dict[str, list]:
    """A NAB labels or windows file, keyed by file name (``realTweets/`` dropped)."""
    return {k.rsplit("/", 1)[-1]: v for k, v in json.loads(path.read_text("utf-8")).items()}


def check_windows(labels: Path) -> str | None:
    """A problem with the windows file, or None."""
    try:
        windows = read_json(labels)
    except (OSError, ValueError) as exc:
        return f"{labels}: cannot read ({exc})"
    for key, spans in windows.items():
        if not all(isinstance(s, list) and len(s) == 2 for s in spans):
            return (
                f"{labels}: {key} is not a list of [start, end] windows; "
                "pass NAB's windows file (combined_windows_dev.json), not the labels file"
            )
    return None


def hours(later: datetime, earlier: datetime) -> float:
    return (later - earlier).total_seconds() / 3600


def time_file(name: str, out: Path, spans: list, instants: list[str] | None) -> FileTiming:
    """Delays to the first alert in each window, and false alarms, past NAB's probation."""
    times, alerts = read_alerts(out)
    first = math.ceil(min(math.floor(PROBATION_FRACTION * len(times)), PROBATION_CAP))
    windows = sorted((datetime.fromisoformat(a), datetime.fromisoformat(b)) for a, b in spans)
    labels = sorted(datetime.fromisoformat(t) for t in instants or [])
    timing = FileTiming(name, windows=len(windows))
    fired = [t for t, a in zip(times[first:], alerts[first:], strict=True) if a]
    for lo, hi in windows:
        hit = next((t for t in fired if lo <= t <= hi), None)
        label = next((t for t in labels if lo <= t <= hi), None)
        timing.from_start.append(None if hit is None else hours(hit, lo))
        inside = hit is not None and label is not None
        timing.from_label.append(hours(hit, label) if inside else None)
    timing.false_alarms = sum(not any(lo <= t <= hi for lo, hi in windows) for t in fired)
    timing.weeks = (times[-1] - times[first]).total_seconds() / WEEK_SECONDS
    return timing


def time_files(out_dir: Path, windows_path: Path, files: list[str]) -> list[FileTiming]:
    """``time_file`` for each output; without a labels file ``from_label`` is all None."""
    labels_path = windows_path.parent / LABELS_NAME
    labels = read_json(labels_path) if labels_path.is_file() else {}
    windows = read_json(windows_path)
    return [
        time_file(name, out_dir / name, windows.get(name, []), labels.get(name)) for name in files
    ]


def score(scorer: Path, detections: Path, labels: Path) -> dict:
    """The scorer's JSON result (profiles and per-file counts)."""
    result_path = detections / "nab_result.json"
    done = subprocess.run(
        [sys.executable, str(scorer), "--detections", str(detections), "--labels", str(labels)]
        + ["--json", str(result_path), "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{scorer} exited {done.returncode}: {done.stderr.strip()}")
    return json.loads(result_path.read_text(encoding="utf-8"))


def delays(values: list[float | None]) -> str:
    return " ".join("miss" if v is None else f"{v:+.1f}" for v in values) or "-"


def report_files(result: dict, timings: list[FileTiming], have_labels: bool) -> None:
    """The per-file table and the totals: windows hit, false alarms, delays in hours."""
    by_name = {t.name: t for t in timings}
    print(
        f"  {'file':26s} {'windows':>7s} {'hit':>3s} {'FP alerts':>9s} {'FP/week':>7s}"
        "  h from window start | h from label"
    )
    for key, per in sorted(result["files"].items()):
        s, name = per["standard"], key.rsplit("/", 1)[-1]
        t = by_name.get(name, FileTiming(name))
        hit = sum(v is not None for v in t.from_start)
        if (t.false_alarms, hit) != (s["fp_alerts"], s["detected_windows"]):
            print(f"  note: {name}: these delays disagree with the scorer's counts")
        per_week = t.false_alarms / t.weeks if t.weeks else 0.0
        label = delays(t.from_label) if have_labels else "no labels file"
        print(
            f"  {name:26s} {s['windows']:7d} {s['detected_windows']:3d} {s['fp_alerts']:9d}"
            f" {per_week:7.2f}  {delays(t.from_start)} | {label}"
        )
    starts = [v for t in timings for v in t.from_start if v is not None]
    labels = [v for t in timings for v in t.from_label if v is not None]
    median = f"{statistics.median(starts):.1f} h from the window start" if starts else "-"
    if not have_labels:
        median += f"; from the label: no labels file ({LABELS_NAME} beside --labels)"
    elif labels:
        median += f", {statistics.median(labels):+.1f} h from the label"
    print(f"  median delay over {len(starts)} windows hit: {median}")
    false_alarms, weeks = sum(t.false_alarms for t in timings), sum(t.weeks for t in timings)
    print(
        f"  false alarms: {false_alarms} in {weeks:.1f} scored weeks, "
        f"{false_alarms / weeks if weeks else 0:.2f} per week"
    )


def report_scores(result: dict) -> None:
    scores = [result["profiles"][p]["normalised"] for p in PROFILES]
    rows = [("monitor backtest (default settings)", *scores), *REFERENCE]
    rows.sort(key=lambda r: -r[1])
    print(f"  {'NAB score':36s} {'standard':>8s} {'low FP':>7s} {'low FN':>7s}")
    for name, std, low_fp, low_fn in rows:
        mark = "  <-" if name.startswith("monitor") else ""
        print(f"  {name:36s} {std:8.2f} {low_fp:7.2f} {low_fn:7.2f}{mark}")
    if {k.rsplit("/", 1)[-1] for k in result["files"]} != DEV_FILES:
        print("  note: the reference rows are for the 5 dev files only; this set differs")


def run_benchmark(data: Path, labels: Path, scorer: Path) -> None:
    if not data.is_dir() or not any(data.glob("Twitter_volume_*.csv")):
        skip(NAME, f"no Twitter_volume_*.csv in {data} (pass --data DIR)")
        return
    with tempfile.TemporaryDirectory(prefix="nab-") as tmp:
        run = backtest(data, Path(tmp))
        print(
            f"[{NAME}] {len(run.files)} series, {run.rows:,} rows, {run.alerts} alerts; "
            f"monitor backtest {per_second(run.rows, run.seconds)} rows/s "
            f"({run.seconds:.1f} s, one process per series, start-up included)"
        )
        if not scorer.is_file():
            skip(NAME + " scores", f"NAB scorer not found at {scorer} (pass --scorer PATH)")
        elif not labels.is_file():
            skip(NAME + " scores", f"windows file not found at {labels} (pass --labels FILE)")
        elif problem := check_windows(labels):
            skip(NAME + " scores", problem)
        else:
            result = score(scorer, Path(tmp), labels)
            timings = time_files(Path(tmp), labels, run.files)
            report_files(result, timings, (labels.parent / LABELS_NAME).is_file())
            report_scores(result)


def main(argv: list[str] | None = None) -> int:
    shared = DEFAULT_SHARED
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=shared / "data" / "nab_tweets")
    parser.add_argument(
        "--labels",
        type=Path,
        help="NAB windows JSON (default: DATA/combined_windows_dev.json); "
        f"the labelled instants are read from {LABELS_NAME} beside it",
    )
    parser.add_argument("--scorer", type=Path, default=shared / "tools" / "nab_score.py")
    args = parser.parse_args(argv)
    print(machine())
    run_benchmark(args.data, args.labels or args.data / "combined_windows_dev.json", args.scorer)
    return 0


if __name__ == "__main__":
    sys.exit(main())
