"""Replay the live detector over past data (no look-ahead), in two forms.

- A ``timestamp,value`` series (``monitor backtest --series``): each row is a
  closed bucket, judged against the rows before it only, by the same
  ``SpikeDetector`` and incident tracker as live detection; ``alert`` is 1
  exactly where the live system would send an alert (an incident opens or
  escalates). The bucket size is the series' own step (the median gap between
  timestamps), so window, warm-up and quiet period keep their meaning in time.
- A brand's stored mentions (``monitor backtest --brand``): its buckets from
  ``since`` to ``until`` go through ``judge_buckets``, the very loop of live
  detection, with candidate settings (``with_overrides``), as a monitor started
  at ``since`` would have judged them. The database is only read.

Errors are ``InputError``: a series that cannot be read, a ``--set`` pair that
does not validate, an unknown brand or an empty time range.
"""

from __future__ import annotations

import csv
import json
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TextIO, get_origin

from pydantic import ValidationError

from monitor.complaints import parse_time
from monitor.config import Config, DetectionSettings
from monitor.detect import DetectorParams, SpikeDetector
from monitor.detection import bucket_start, judge_buckets
from monitor.durations import format_duration
from monitor.errors import InputError, StoreError
from monitor.incidents import ALERTING_EVENTS, BucketVerdict, step_incident
from monitor.models import Incident
from monitor.store import Store, open_store
from monitor.store.mentions import mention_times
from monitor.store.sourcestate import outages

__all__ = [
    "BacktestRow",
    "BrandReplay",
    "ReplayEvent",
    "backtest_series",
    "open_history",
    "read_series",
    "replay_brand",
    "replay_notes",
    "with_overrides",
    "write_backtest",
    "write_replay",
]

# "updated" (every busy bucket of an open incident) is not news
REPORTED_EVENTS = ("opened", "reopened", "escalated", "closed")


@dataclass(frozen=True)
class BacktestRow:
    timestamp: str
    value: float | None  # None: a gap (no value given)
    score: float
    alert: int


def read_series(path: str | Path) -> list[tuple[str, datetime, float | None]]:
    """Rows of a ``timestamp,value`` CSV as (original text, parsed time, value); an empty
    or ``nan`` value is ``None``, a gap."""
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
                raw = (row["value"] or "").strip()
                value = None if raw.lower() in ("", "nan", "na", "null") else float(raw)
                rows.append((text, parse_time(text), value))
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
    rows: list[tuple[str, datetime, float | None]],
    settings: DetectionSettings,
    progress: Callable[[int], None] | None = None,
) -> list[BacktestRow]:
    """Judge every row in order, as the live system would have.

    Gaps, rows missing from the series (a step of more than one and a half buckets)
    and rows without a value, are data the source did not give, not zeros: they are
    neither judged nor learned, and an open incident does not count them as calm.
    """
    step = series_step([t for _, t, _ in rows])
    params = DetectorParams.from_settings(settings, step)
    detector = SpikeDetector(params)
    incident: Incident | None = None
    out = []
    previous: datetime | None = None
    for index, (text, moment, value) in enumerate(rows):
        if previous is not None:
            for _ in range(round((moment - previous) / step) - 1):  # missing rows
                detector.skip()
        previous = moment
        if value is None:
            detector.skip()
            out.append(BacktestRow(text, None, 0.0, 0))
            continue
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
        value = "" if r.value is None else f"{r.value:g}"
        writer.writerow([r.timestamp, value, f"{r.score:.4f}", r.alert])


# --- a brand's stored history -----------------------------------------------------------


def with_overrides(settings: DetectionSettings, pairs: Iterable[str]) -> DetectionSettings:
    """``settings`` with ``detection.KEY=VALUE`` pairs applied, validated like the config."""
    pairs = list(pairs)
    if not pairs:
        return settings
    known = list(DetectionSettings.model_fields)
    changes: dict[str, str | list[str]] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not key:
            raise InputError(f"--set {pair!r}: write KEY=VALUE, e.g. detection.threshold=8")
        name = key.removeprefix("detection.")
        if not key.startswith("detection.") or name not in known:
            choices = ", ".join(f"detection.{k}" for k in known)
            raise InputError(f"--set {key}: unknown setting; choose one of {choices}")
        changes[name] = value.strip()
        if get_origin(DetectionSettings.model_fields[name].annotation) is list:
            changes[name] = [v.strip() for v in value.split(",") if v.strip()]  # a,b or none
    try:
        return DetectionSettings.model_validate(settings.model_dump() | changes)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            msg = err["msg"].removeprefix("Value error, ")
            name = str(err["loc"][0]) if err["loc"] else None
            given = [name] if name in changes else list(changes)  # a rule on several settings
            where = ", ".join(f"detection.{k}={_text(changes[k])}" for k in given)
            problems.append(f"{where}: {msg}")
        raise InputError("--set " + "; ".join(problems)) from None


def _text(value: str | list[str]) -> str:
    return value if isinstance(value, str) else ",".join(value)


def open_history(url: str) -> Store:
    """Open an existing database to read, without creating or migrating anything."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not Path(url[len(prefix) :]).is_file():
        raise StoreError(
            f"no database at {url[len(prefix) :]}: collect mentions first "
            "(monitor collect --once), or point 'database' at the monitor's database"
        )
    return open_store(url, migrate=False)


@dataclass(frozen=True)
class ReplayEvent:
    """An incident event the replay produced, on the bucket that caused it."""

    event: str  # opened | reopened | escalated | closed
    bucket: datetime
    incident: Incident


@dataclass(frozen=True)
class BrandReplay:
    brand: str
    since: datetime  # first bucket judged
    until: datetime  # end of the last bucket judged
    settings: DetectionSettings
    history_from: datetime  # where the detectors would learn from with a full history
    first_stored: datetime | None  # the first stored bucket from history_from on
    events: list[ReplayEvent]
    gaps: int = 0  # buckets not judged: the sources that carry the brand were out

    @property
    def warm_until(self) -> datetime | None:
        """The first bucket on which an incident can open on volume or tone, if past since."""
        warm_up = DetectorParams.from_settings(self.settings).min_history
        ready = (self.first_stored or self.since) + self.settings.bucket * warm_up
        return ready if ready > self.since else None

    @property
    def still_open(self) -> Incident | None:
        last = self.events[-1].incident if self.events else None
        return last if last is not None and last.status == "open" else None


def replay_brand(
    config: Config,
    store: Store,
    brand: str,
    since: datetime,
    until: datetime,
    settings: DetectionSettings,
) -> BrandReplay:
    """What live detection with ``settings`` would have done on ``brand``'s buckets in
    ``[since, until)``, had it started at ``since`` with the history stored before it."""
    names = [b.name for b in config.brands]
    if brand not in names:
        raise InputError(f"unknown brand {brand!r}: the configured brands are {', '.join(names)}")
    bucket = settings.bucket
    first, end = bucket_start(since, bucket), bucket_start(until, bucket)
    if end <= first:
        raise InputError(
            f"--since {since:%Y-%m-%d %H:%M} to --until {until:%Y-%m-%d %H:%M} holds no "
            f"closed {format_duration(bucket)} bucket: widen the range"
        )
    history_from = first - bucket * DetectorParams.from_settings(settings).history
    times = mention_times(store, brand, history_from, end)
    down = outages(store, history_from, end + settings.delay)
    events, gaps = [], 0
    for step in judge_buckets(brand, times, first, end, settings, outages=down):
        gaps += step.verdict.gap
        if step.event in REPORTED_EVENTS and step.incident is not None:
            events.append(ReplayEvent(step.event, step.verdict.start, step.incident))
    first_stored = bucket_start(times[0].at, bucket) if times else None
    return BrandReplay(brand, first, end, settings, history_from, first_stored, events, gaps)


def replay_notes(replay: BrandReplay) -> list[str]:
    """What a reader needs besides the events: the range, the warm-up, the outcome."""
    s, when = replay.settings, _when
    notes = [
        f"{replay.brand}: {when(replay.since)} to {when(replay.until)} in "
        f"{format_duration(s.bucket)} buckets, threshold {s.threshold:g}, "
        f"critical x{s.critical_factor:g}, min_count {s.min_count}, "
        f"seasonal_days {s.seasonal_days}"
    ]
    if replay.first_stored is None:
        notes.append(f"no stored mentions of {replay.brand} in that range or the window before it")
    elif replay.first_stored > replay.history_from:
        learned = format_duration(replay.since - replay.history_from)
        note = f"the stored history starts {when(replay.first_stored)}, less than the {learned} "
        note += "the detector learns from before --since"
        if replay.warm_until:
            note = f"warming up until {when(replay.warm_until)}: {note}"
        notes.append(note)
    if replay.gaps:
        notes.append(
            f"{replay.gaps} bucket{'s' * (replay.gaps != 1)} not judged: the sources that "
            "carry most of the brand's mentions were out (a gap is not a calm period)"
        )
    opened = sum(e.event == "opened" for e in replay.events)
    alerts = sum(e.event in ALERTING_EVENTS for e in replay.events)
    outcome = f"{opened} incident{'s' * (opened != 1)} would have opened "
    outcome += f"({alerts} alert{'s' * (alerts != 1)})"
    if replay.still_open:
        outcome += f", one still open at {when(replay.until)}"
    notes.append(outcome + "; nothing was written to the database")
    return notes


def write_replay(replay: BrandReplay, fmt: str, out: TextIO) -> None:
    """The events as a table (``fmt="table"``) or one JSON object each (``"jsonl"``)."""
    if fmt == "jsonl":
        for e in replay.events:
            out.write(json.dumps(_event_record(replay.brand, e)) + "\n")
        return
    rows = [("event", "bucket", "began", "severity", "peak", "signals", "observed", "expected")]
    for e in replay.events:
        i = e.incident
        rows.append(
            (
                e.event,
                _when(e.bucket),
                _when(i.began_at),
                i.severity,
                f"{i.peak_score:.2f}",
                i.kind,
                f"{i.observed:g}",
                f"{i.expected:.1f}",
            )
        )
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    for row in rows:
        out.write("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
        out.write("\n")


def _event_record(brand: str, e: ReplayEvent) -> dict:
    i = e.incident
    return {
        "brand": brand,
        "event": e.event,
        "bucket": e.bucket.isoformat(),
        "began_at": i.began_at.isoformat(),
        "closed_at": i.closed_at.isoformat() if i.closed_at else None,
        "severity": i.severity,
        "score": i.score,
        "peak_score": i.peak_score,
        "signals": i.kind.split("+"),
        "observed": i.observed,
        "expected": i.expected,
    }


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"
