"""Incidents: anomalies of one brand become one incident that opens, grows, and closes.

The tracker is a pure state machine shared by live detection and the backtest,
so a backtest replays exactly what the live system would have done:

- a bucket that is anomalous on any signal (volume, negative volume) opens an
  incident if none is open (event ``opened``), or updates the open one;
- the open incident is ``escalated`` when it first turns critical: its score crosses
  the critical threshold (``threshold x critical_factor``), or it has been anomalous
  for ``persist`` buckets in a row (a storm that lasts is serious whatever its score);
- it is ``closed`` after ``quiet`` calm buckets in a row;
- a closed incident is ``reopened`` when the storm returns within another ``quiet``
  of its closing: the same incident goes on, with its history and peak.

Alerts go out on ``opened``, ``reopened`` and ``escalated`` only, so one storm means
one alert (two if it turns critical), never one per bucket.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from monitor.detect import DetectorParams, Judgement
from monitor.models import Incident

__all__ = ["ALERTING_EVENTS", "BucketVerdict", "step_incident"]

ALERTING_EVENTS = ("opened", "reopened", "escalated")


@dataclass(frozen=True)
class BucketVerdict:
    """The judgements of one brand's signals on one closed bucket."""

    brand: str
    start: datetime
    end: datetime
    signals: dict[str, Judgement]  # signal name ("volume", "negative") -> judgement
    gap: bool = False  # the brand's main sources were out: neither judged nor learned

    @property
    def anomalous(self) -> list[str]:
        return [name for name, j in self.signals.items() if j.anomalous]

    @property
    def score(self) -> float:
        scores = [self.signals[name].score for name in self.anomalous]
        return max(scores) if scores else max((j.score for j in self.signals.values()), default=0.0)


def _returns(incident: Incident, verdict: BucketVerdict, params: DetectorParams) -> bool:
    """Whether an anomaly in ``verdict`` is the closed ``incident``'s storm coming back:
    within ``quiet`` buckets of its closing."""
    if incident.closed_at is None:
        return False
    bucket = verdict.end - verdict.start
    return verdict.start < incident.closed_at + bucket * params.quiet


def _severity(
    score: float, params: DetectorParams, critical_factor: float, storm_buckets: int = 1
) -> str:
    """Critical when the score reaches the critical level, or when the storm has lasted
    ``persist`` buckets in a row; else a warning."""
    if score >= params.threshold * critical_factor or storm_buckets >= params.persist:
        return "critical"
    return "warning"


def step_incident(
    incident: Incident | None,
    verdict: BucketVerdict,
    params: DetectorParams,
    critical_factor: float,
    now: datetime,
) -> tuple[Incident | None, str | None]:
    """Advance one brand's incident by one bucket. Returns the incident and the event, if any."""
    volume = verdict.signals.get("volume")
    anomalous = verdict.anomalous
    if incident is None or incident.status == "closed":
        if not anomalous:
            return incident, None
        score = verdict.score
        if incident is not None and _returns(incident, verdict, params):
            peak = max(score, incident.peak_score)
            return replace(
                incident,
                kind="+".join(dict.fromkeys(incident.kind.split("+") + anomalous)),
                status="open",
                closed_at=None,
                quiet_buckets=0,
                storm_buckets=1,
                updated_at=now,
                observed=volume.value if volume else incident.observed,
                expected=volume.expected if volume else incident.expected,
                score=score,
                peak_score=peak,
                severity=_severity(peak, params, critical_factor),
            ), "reopened"
        opened = Incident(
            brand=verdict.brand,
            kind="+".join(anomalous),
            status="open",
            severity=_severity(score, params, critical_factor),
            opened_at=now,
            updated_at=now,
            began_at=verdict.start,
            observed=volume.value if volume else 0.0,
            expected=volume.expected if volume else 0.0,
            score=score,
            peak_score=score,
            storm_buckets=1,
        )
        return opened, "opened"
    if not anomalous:
        quiet = incident.quiet_buckets + 1
        if quiet >= params.quiet:
            return replace(
                incident,
                status="closed",
                quiet_buckets=quiet,
                storm_buckets=0,
                closed_at=verdict.end,
                updated_at=now,
            ), "closed"
        return replace(incident, quiet_buckets=quiet, storm_buckets=0), None
    score = verdict.score
    kinds = list(dict.fromkeys(incident.kind.split("+") + anomalous))
    storm = incident.storm_buckets + 1
    severity = _severity(max(score, incident.peak_score), params, critical_factor, storm)
    if incident.severity == "critical":
        severity = "critical"  # severity never falls while the incident is open
    grown = replace(
        incident,
        kind="+".join(kinds),
        quiet_buckets=0,
        storm_buckets=storm,
        updated_at=now,
        observed=volume.value if volume else incident.observed,
        expected=volume.expected if volume else incident.expected,
        score=score,
        peak_score=max(score, incident.peak_score),
        severity=severity,
    )
    if severity == "critical" and incident.severity != "critical":
        return grown, "escalated"
    return grown, "updated"
