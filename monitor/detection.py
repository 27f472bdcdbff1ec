"""Live detection: judge each brand's closed buckets, keep incidents up to date.

For every brand, the buckets that closed since the last run are judged one by
one, each against the window of buckets before it (no look-ahead), with the
same detector and incident tracker that ``monitor backtest`` replays. A bucket
is judged ``detection.delay`` after it closes, so posts that a source publishes
or that a poll picks up a little late still count in their own bucket.
Incidents found while catching up on old history are recorded but do not
alert: only an event about a bucket that closed within the last two buckets
is ``live``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from monitor.config import Brand, Config, DetectionSettings
from monitor.detect import DetectorParams, Judgement, ShareDetector, SpikeDetector
from monitor.durations import format_duration
from monitor.explain import explain_incident
from monitor.incidents import BucketVerdict, step_incident
from monitor.models import Incident
from monitor.store import Store
from monitor.store.incidents import last_judged, latest_incident, save_incident, set_last_judged
from monitor.store.mentions import MentionFilter, assign_incident, mention_rows, mention_times

__all__ = [
    "IncidentEvent",
    "JudgedBucket",
    "bucket_start",
    "detect_incidents",
    "judge_buckets",
]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_SAMPLE_ROWS = 2000


@dataclass(frozen=True)
class IncidentEvent:
    incident: Incident
    event: str  # opened | escalated | updated | closed
    live: bool


def bucket_start(moment: datetime, bucket: timedelta) -> datetime:
    """The start of the bucket holding ``moment`` (buckets are aligned to the epoch)."""
    steps = (moment - EPOCH) // bucket
    return EPOCH + steps * bucket


def detect_incidents(config: Config, store: Store, now: datetime) -> list[IncidentEvent]:
    """Judge every brand's newly closed buckets; return incident events in time order."""
    events: list[IncidentEvent] = []
    for brand in config.brands:
        events.extend(_detect_brand(config, store, brand, now))
    return events


def _detect_brand(config: Config, store: Store, brand: Brand, now: datetime) -> list[IncidentEvent]:
    settings = config.detection
    bucket = settings.bucket
    params = DetectorParams.from_settings(settings)
    current = bucket_start(now - settings.delay, bucket)  # buckets before this are judged
    series = f"brand:{brand.name}"
    judged = last_judged(store, series)
    if (
        judged is None
    ):  # first run for this brand: start where its data starts, at most a window back
        first = _first_mention(store, brand.name, current)
        if first is None:
            return []
        judged = max(bucket_start(first, bucket), current - bucket * params.history) - bucket
    first_unjudged = judged + bucket
    if first_unjudged >= current:
        return []
    times = mention_times(store, brand.name, first_unjudged - bucket * params.history, current)

    def keep(incident: Incident, verdict: BucketVerdict) -> Incident:
        return _persist(store, incident, brand, verdict, bucket)

    events = []
    for step in judge_buckets(
        brand.name,
        times,
        first_unjudged,
        current,
        settings,
        incident=latest_incident(store, brand.name),  # a closed one may reopen
        now=now,
        keep=keep,
    ):
        if step.event and step.incident is not None:
            live = step.verdict.end >= now - settings.delay - 2 * bucket
            events.append(IncidentEvent(step.incident, step.event, live))
    set_last_judged(store, series, current - bucket)
    return events


@dataclass(frozen=True)
class JudgedBucket:
    """One judged bucket: its verdict, the brand's incident after it, and the event, if any."""

    verdict: BucketVerdict
    incident: Incident | None
    event: str | None  # opened | escalated | updated | closed


MentionTime = tuple[datetime, str, bool, bool]  # as mention_times returns them
Keep = Callable[[Incident, BucketVerdict], Incident]


def judge_buckets(
    brand: str,
    times: Sequence[MentionTime],
    first: datetime,
    end: datetime,
    settings: DetectionSettings,
    incident: Incident | None = None,
    now: datetime | None = None,
    keep: Keep | None = None,
) -> Iterator[JudgedBucket]:
    """Judge one brand's buckets from ``first`` up to ``end``, each against the past only.

    ``times`` are the brand's mentions from up to ``params.history`` buckets before
    ``first`` (the detectors learn those first) to ``end``. ``incident`` is the one
    open before ``first``; ``now`` the time of judging (``None``: each bucket's own,
    its end plus ``detection.delay``, as in a replay). ``keep`` is called with the
    incident of every event before the next bucket is judged, and returns the
    incident to carry on with (live detection saves it there). Live detection and
    ``monitor backtest --brand`` both run this, so a replay is what the live
    system would have done.
    """
    bucket = settings.bucket
    params = DetectorParams.from_settings(settings)
    volume, negative, complaints, safety = _bucket_counts(times, bucket)
    counts = {"volume": volume, "negative": negative, "complaints": complaints}
    detectors = {name: SpikeDetector(params) for name in counts}
    share = ShareDetector(params)
    moment = max(first - bucket * params.history, min(volume, default=first))
    while moment < first:  # learn the window before the first bucket to judge
        for name, det in detectors.items():
            det.learn(counts[name].get(moment, 0))
        share.learn(volume.get(moment, 0), negative.get(moment, 0))
        moment += bucket
    while moment < end:
        signals = {
            name: det.observe(counts[name].get(moment, 0)) for name, det in detectors.items()
        }
        signals["tone"] = share.observe(volume.get(moment, 0), negative.get(moment, 0))
        if safety.get(moment):
            signals["safety"] = _safety_judgement(safety[moment], params, settings)
        verdict = BucketVerdict(brand, moment, moment + bucket, signals)
        judged_at = now if now is not None else verdict.end + settings.delay
        incident, event = step_incident(
            incident, verdict, params, settings.critical_factor, judged_at
        )
        if event and incident is not None and keep is not None:
            incident = keep(incident, verdict)
        yield JudgedBucket(verdict, incident, event)
        moment += bucket


def _first_mention(store: Store, brand: str, before: datetime) -> datetime | None:
    times = mention_times(store, brand, EPOCH, before, limit=1)
    return times[0][0] if times else None


Counts = dict[datetime, int]


def _bucket_counts(times, bucket: timedelta) -> tuple[Counts, Counts, Counts, Counts]:
    """Per bucket: mentions, negative ones, complaints, ones with a safety-critical term."""
    volume: Counts = {}
    negative: Counts = {}
    complaints: Counts = {}
    safety: Counts = {}
    for at, label, complaint, critical in times:
        key = bucket_start(at, bucket)
        volume[key] = volume.get(key, 0) + 1
        if label == "negative":
            negative[key] = negative.get(key, 0) + 1
        if complaint:
            complaints[key] = complaints.get(key, 0) + 1
        if critical:
            safety[key] = safety.get(key, 0) + 1
    return volume, negative, complaints, safety


def _safety_judgement(count: int, params: DetectorParams, settings: DetectionSettings) -> Judgement:
    """One mention naming harm to people or a legal threat is critical on its own,
    whatever the volume and even while the baseline warms up."""
    critical = params.threshold * settings.critical_factor
    return Judgement(float(count), 0.0, critical, True, False)


def _persist(
    store: Store,
    incident: Incident,
    brand: Brand,
    verdict: BucketVerdict,
    bucket: timedelta,
) -> Incident:
    """Save the incident, link its mentions, and refresh its explanation."""
    incident = save_incident(store, incident)
    assert incident.id is not None
    assign_incident(store, brand.name, incident.began_at, verdict.end, incident.id)
    where = MentionFilter(brand=brand.name, incident_id=incident.id)
    rows = list(mention_rows(store, where, limit=MAX_SAMPLE_ROWS, newest_first=True))
    summary, details = explain_incident(
        incident, rows, brand, format_duration(bucket), verdict.signals
    )
    incident.summary = summary
    incident.details = details
    return save_incident(store, incident)
