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

from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from monitor.config import Brand, Config, DetectionSettings
from monitor.detect import DetectorParams, Judgement, ShareDetector, SpikeDetector
from monitor.durations import format_duration
from monitor.explain import explain_incident
from monitor.incidents import BucketVerdict, step_incident
from monitor.models import Incident
from monitor.store import Store
from monitor.store.complaintlinks import predating_complaints
from monitor.store.incidents import last_judged, latest_incident, save_incident, set_last_judged
from monitor.store.mentions import (
    MentionFilter,
    MentionTime,
    assign_incident,
    mention_rows,
    mention_times,
)
from monitor.store.sourcestate import Outage, outages

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
    history_from = first_unjudged - bucket * params.history
    times = mention_times(store, brand.name, history_from, current)

    link_before = config.complaints.link_before

    def keep(incident: Incident, verdict: BucketVerdict, event: str) -> Incident:
        return _persist(store, incident, brand, verdict, event, settings, link_before)

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
        outages=outages(store, history_from, current + settings.delay),
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


Keep = Callable[[Incident, BucketVerdict, str], Incident]
# a gap: the sources that carried at least this share of a brand's mentions were out
GAP_SHARE = 0.5
# a part holding this share of the brand's mentions is the brand itself: not judged apart
WHOLE_SHARE = 0.9
BREAKDOWN_FACTOR = 1.25  # a part's threshold, unless set: it is one of many chances


def judge_buckets(
    brand: str,
    times: Sequence[MentionTime],
    first: datetime,
    end: datetime,
    settings: DetectionSettings,
    incident: Incident | None = None,
    now: datetime | None = None,
    keep: Keep | None = None,
    outages: Mapping[str, Sequence[Outage]] | None = None,
) -> Iterator[JudgedBucket]:
    """Judge one brand's buckets from ``first`` up to ``end``, each against the past only.

    ``times`` are the brand's mentions from up to ``params.history`` buckets before
    ``first`` (the detectors learn those first) to ``end``. ``incident`` is the one
    open before ``first``; ``now`` the time of judging (``None``: each bucket's own,
    its end plus ``detection.delay``, as in a replay). ``keep`` is called with the
    incident and event of every event before the next bucket is judged, and returns
    the incident to carry on with (live detection saves it there). ``outages``: each
    source's outages; a bucket whose main sources were out when it was judged is a
    gap, neither judged nor learned (a source outage is not a calm period). Live
    detection and ``monitor backtest --brand`` both run this, so a replay is what the
    live system would have done.
    """
    bucket = settings.bucket
    params = DetectorParams.from_settings(settings)
    counts = _BucketCounts(times, bucket, settings.breakdown)
    down = _Outages(outages or {}, settings.delay)
    detectors = {name: SpikeDetector(params) for name in _COUNTED}
    share = ShareDetector(params)
    part_params = _part_params(params, settings)
    # a part can only be anomalous in a bucket holding min_count of its mentions: the
    # others need no detector (a brand seen in a thousand feeds has few busy ones)
    parts = {key: SpikeDetector(part_params) for key in counts.busy_parts(first, params.min_count)}
    seen: Counter[str] = Counter()  # mentions per source so far: who carries the brand
    part_seen: Counter[tuple[str, str]] = Counter()  # and per part
    moment = max(first - bucket * params.history, min(counts.volume, default=first))
    while moment < end:
        out = down.sources(moment, moment + bucket)
        if _gap(out, seen):
            for det in (*detectors.values(), *parts.values()):
                det.skip()
            verdict = BucketVerdict(brand, moment, moment + bucket, {}, gap=True)
            if moment >= first:
                yield JudgedBucket(verdict, incident, None)
            moment += bucket
            continue
        total = sum(seen.values())
        if moment < first:  # learn the window before the first bucket to judge
            for name, det in detectors.items():
                det.learn(counts.get(name, moment))
            share.learn(counts.get("volume", moment), counts.get("negative", moment))
            for key, det in parts.items():
                _learn_part(det, key, counts.part(key, moment), out)
                part_seen[key] += counts.part(key, moment)
        else:
            signals = _judge(counts, moment, detectors, share, params, settings)
            signals.update(_judge_parts(parts, counts, moment, out, part_seen, total))
            verdict = BucketVerdict(brand, moment, moment + bucket, signals)
            judged_at = now if now is not None else verdict.end + settings.delay
            incident, event = step_incident(
                incident, verdict, params, settings.critical_factor, judged_at
            )
            if event and incident is not None and keep is not None:
                incident = keep(incident, verdict, event)
            yield JudgedBucket(verdict, incident, event)
        seen.update(counts.by_source.get(moment, {}))
        moment += bucket


_COUNTED = ("volume", "negative", "complaints", "reach")


def _judge(
    counts: _BucketCounts,
    moment: datetime,
    detectors: dict[str, SpikeDetector],
    share: ShareDetector,
    params: DetectorParams,
    settings: DetectionSettings,
) -> dict[str, Judgement]:
    """The brand's own signals on one bucket."""
    signals = {name: det.observe(counts.get(name, moment)) for name, det in detectors.items()}
    volume = counts.get("volume", moment)
    reach = signals.pop("reach")
    # the same as volume where no mention carries figures: only news when they do
    if reach.value > volume and reach.anomalous and volume >= params.min_count:
        signals["reach"] = reach
    signals["tone"] = share.observe(int(volume), int(counts.get("negative", moment)))
    critical = counts.get("safety", moment)
    if critical:
        signals["safety"] = _safety_judgement(int(critical), params, settings)
    return signals


def _part_params(params: DetectorParams, settings: DetectionSettings) -> DetectorParams:
    threshold = settings.breakdown_threshold or params.threshold * BREAKDOWN_FACTOR
    ratio = threshold / params.threshold
    return replace(
        params, threshold=threshold, seasonal_threshold=params.seasonal_threshold * ratio
    )


def _learn_part(det: SpikeDetector, key: tuple[str, str], count: int, out: set[str]) -> None:
    if key[0] == "source" and key[1] in out:
        det.skip()
    else:
        det.learn(count)


def _judge_parts(
    parts: dict[tuple[str, str], SpikeDetector],
    counts: _BucketCounts,
    moment: datetime,
    out: set[str],
    seen: Counter[tuple[str, str]],
    total: int,
) -> dict[str, Judgement]:
    """The most surprising anomalous source and language of the bucket, if any.

    A source that was out is not judged (its silence is no news); a part that
    carries nearly all the brand's mentions is the brand itself, judged already.
    ``seen`` (mentions per part so far) is updated."""
    best: dict[str, Judgement] = {}
    for key, det in parts.items():
        kind, name = key
        if kind == "source" and name in out:
            det.skip()
            continue
        count = counts.part(key, moment)
        judgement = det.observe(count)
        whole = total and seen[key] >= WHOLE_SHARE * total
        seen[key] += count
        if whole:
            continue
        if judgement.anomalous and judgement.score > best.get(kind, _NONE).score:
            best[kind] = replace(judgement, label=f"{kind} {name}")
    return best


_NONE = Judgement(0.0, 0.0, float("-inf"), False, False)


def _gap(out: set[str], seen: Counter[str]) -> bool:
    """Whether the sources out carried at least ``GAP_SHARE`` of the brand's mentions so far."""
    total = sum(seen.values())
    return bool(out) and total > 0 and sum(seen[s] for s in out) >= GAP_SHARE * total


class _Outages:
    """Which sources were out when a bucket was judged."""

    def __init__(self, outages: Mapping[str, Sequence[Outage]], delay: timedelta):
        self._outages = {name: list(spans) for name, spans in outages.items() if spans}
        self._delay = delay

    def sources(self, start: datetime, end: datetime) -> set[str]:
        """Sources whose last successful poll before the bucket was judged (``end`` plus
        the delay) came before the bucket ended: what they published in it was unseen."""
        judged = end + self._delay
        return {
            name
            for name, spans in self._outages.items()
            if any(began < end and (ended is None or ended > judged) for began, ended in spans)
        }


def _first_mention(store: Store, brand: str, before: datetime) -> datetime | None:
    times = mention_times(store, brand, EPOCH, before, limit=1)
    return times[0].at if times else None


class _BucketCounts:
    """A brand's mentions counted per bucket: the signals, per source, per part."""

    def __init__(self, times: Sequence[MentionTime], bucket: timedelta, breakdown: Sequence[str]):
        self._signals: dict[str, dict[datetime, float]] = {
            name: {} for name in ("volume", "negative", "complaints", "safety", "reach")
        }
        self.by_source: dict[datetime, Counter[str]] = {}
        self._parts: dict[tuple[str, str], dict[datetime, int]] = {}
        for m in times:
            key = bucket_start(m.at, bucket)
            flags = (
                ("volume", 1.0),
                ("negative", float(m.label == "negative")),
                ("complaints", float(m.complaint)),
                ("safety", float(m.safety)),
                ("reach", m.reach),
            )
            for name, amount in flags:
                if amount:
                    series = self._signals[name]
                    series[key] = series.get(key, 0.0) + amount
            self.by_source.setdefault(key, Counter())[m.source] += 1
            for kind in breakdown:
                part = self._parts.setdefault((kind, m.source if kind == "source" else m.lang), {})
                part[key] = part.get(key, 0) + 1

    @property
    def volume(self) -> dict[datetime, float]:
        return self._signals["volume"]

    def busy_parts(self, since: datetime, least: float) -> list[tuple[str, str]]:
        """The parts with at least ``least`` mentions in some bucket from ``since`` on."""
        return [
            key
            for key, series in self._parts.items()
            if any(n >= least and at >= since for at, n in series.items())
        ]

    def get(self, name: str, moment: datetime) -> float:
        return self._signals[name].get(moment, 0.0)

    def part(self, key: tuple[str, str], moment: datetime) -> int:
        return self._parts[key].get(moment, 0)


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
    event: str,
    settings: DetectionSettings,
    link_before: timedelta | None = None,
) -> Incident:
    """Save the incident, link its mentions, refresh its explanation, record the event.

    The explanation names the complaints filed before the storm: those linked to it, and
    (``link_before``) those of its brand filed that long before it and not linked yet,
    which this cycle links right after detection."""
    bucket = settings.bucket
    events = list(incident.details.get("events", []))
    if event != "updated":  # every busy bucket is no milestone
        at = incident.updated_at.isoformat()
        events.append({"event": event, "at": at, "bucket": verdict.start.isoformat()})
    incident = save_incident(store, incident)
    assert incident.id is not None
    assign_incident(store, brand.name, incident.began_at, verdict.end, incident.id)
    where = MentionFilter(brand=brand.name, incident_id=incident.id)
    rows = list(mention_rows(store, where, limit=MAX_SAMPLE_ROWS, newest_first=True))
    predating = predating_complaints(store, incident, link_before)
    summary, details = explain_incident(
        incident,
        rows,
        brand,
        format_duration(bucket),
        verdict.signals,
        linked=predating,
    )
    incident.summary = summary
    incident.details = {**details, "events": events}
    return save_incident(store, incident)
