"""Replay the live detector over a ``timestamp,value`` series (no look-ahead).

Each row is a closed bucket, judged against the rows before it only, by the
same ``SpikeDetector`` and incident tracker as live detection; ``alert`` is 1
exactly where the live system would send an alert (an incident opens or
escalates). The bucket size is the series' own step (the median gap between
timestamps), so window, warm-up and quiet period keep their meaning in time.
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO

from monitor.complaints import parse_time
from monitor.config import DetectionSettings
from monitor.detect import DetectorParams, SpikeDetector
from monitor.errors import InputError
from monitor.incidents import ALERTING_EVENTS, BucketVerdict, step_incident
from monitor.models import Incident

__all__ = ["BacktestRow", "backtest_series", "read_series", "write_backtest"]


@dataclass(frozen=True)
class BacktestRow:
    timestamp: str
    value: float
    score: float
    alert: int


def read_series(path: str | Path) -> list[tuple[str, datetime, float]]:
    """Rows of a ``timestamp,value`` CSV as (original text, parsed time, value)."""
    file = Path(path)
    try:
        handle = file.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{file}: cannot open ({exc.strerror})") from None
    rows = []
    with handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or not {"timestamp", "value"} <= {
            f.strip() for f in reader.fieldnames
        }:
            raise InputError(f"{file}: the header must have the columns timestamp,value")
        for row in reader:
            try:
                text = row["timestamp"].strip()
                rows.append((text, parse_time(text), float(row["value"])))
            except (ValueError, TypeError, AttributeError, OverflowError):
                raise InputError(
                    f"{file}:{reader.line_num}: expected a timestamp and a number, got "
                    f"{row.get('timestamp')!r},{row.get('value')!r}"
                ) from None
    if len(rows) < 2:
        raise InputError(f"{file}: needs at least two rows")
    return rows


def series_step(times: list[datetime]) -> timedelta:
    gaps = [b - a for a, b in zip(times, times[1:], strict=False) if b > a]
    if not gaps:
        raise InputError("timestamps must increase")
    return statistics.median(gaps)


def backtest_series(
    rows: list[tuple[str, datetime, float]],
    settings: DetectionSettings,
    progress: Callable[[int], None] | None = None,
) -> list[BacktestRow]:
    """Judge every row in order, as the live system would have."""
    step = series_step([t for _, t, _ in rows])
    params = DetectorParams.from_settings(settings, step)
    detector = SpikeDetector(params)
    incident: Incident | None = None
    out = []
    for index, (text, moment, value) in enumerate(rows):
        judgement = detector.observe(value)
        verdict = BucketVerdict("series", moment, moment + step, {"volume": judgement})
        incident, event = step_incident(
            incident, verdict, params, settings.critical_factor, moment + step
        )
        out.append(BacktestRow(text, value, judgement.score, int(event in ALERTING_EVENTS)))
        if progress and index % 5000 == 0:
            progress(index)
    return out


def write_backtest(rows: list[BacktestRow], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["timestamp", "value", "score", "alert"])
    for r in rows:
        writer.writerow([r.timestamp, f"{r.value:g}", f"{r.score:.4f}", r.alert])
