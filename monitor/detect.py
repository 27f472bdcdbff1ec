"""Spike detection on bucketed counts, streaming, from the past only.

Each bucket is judged when it closes against the buckets before it: the
baseline is the median of ``log1p(count)`` over a rolling window and the scale
is the median absolute deviation, with two floors so that a flat series does
not make every blip infinitely surprising: a fixed one, and the Poisson noise
of the baseline count (about ``1/sqrt(count + 1)`` on the log scale), which
keeps a brand with a median of 0-2 mentions per bucket from alerting on every
stray mention. Working on ``log1p`` keeps the score meaningful for a brand with
three mentions an hour and for one with three thousand. No alert is possible
before ``min_history`` buckets (warm-up).
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from monitor.config import DetectionSettings

__all__ = ["DetectorParams", "Judgement", "SpikeDetector"]

MAD_TO_SIGMA = 1.4826
SCALE_FLOOR = 0.15


@dataclass(frozen=True)
class DetectorParams:
    """Detector settings expressed in buckets of one series."""

    window: int
    min_history: int
    threshold: float
    min_count: float
    quiet: int

    @classmethod
    def from_settings(
        cls, settings: DetectionSettings, bucket: timedelta | None = None
    ) -> DetectorParams:
        step = bucket or settings.bucket
        return cls(
            window=max(4, round(settings.window / step)),
            min_history=max(2, round(settings.min_history / step)),
            threshold=settings.threshold,
            min_count=settings.min_count,
            quiet=max(1, round(settings.quiet / step)),
        )


@dataclass(frozen=True)
class Judgement:
    """The verdict on one closed bucket."""

    value: float
    expected: float  # baseline count (back from the log scale)
    score: float  # robust z on log1p scale; 0 while warming up
    anomalous: bool
    warming_up: bool


class SpikeDetector:
    """Streaming detector for one series. ``observe`` judges a value, then learns it."""

    def __init__(self, params: DetectorParams):
        self.params = params
        self._window: deque[float] = deque()
        self._sorted: list[float] = []

    @property
    def history(self) -> int:
        return len(self._window)

    def judge(self, value: float) -> Judgement:
        """Judge ``value`` against the past without learning it."""
        p = self.params
        if len(self._window) < p.min_history:
            return Judgement(value, _expm1(self._median()), 0.0, False, True)
        x = math.log1p(max(value, 0.0))
        median = self._median()
        deviations = sorted(abs(v - median) for v in self._sorted)
        mad = deviations[len(deviations) // 2] * MAD_TO_SIGMA
        poisson = 1.0 / math.sqrt(math.expm1(median) + 1.0)
        score = (x - median) / max(mad, SCALE_FLOOR, poisson)
        anomalous = score >= p.threshold and value >= p.min_count
        return Judgement(value, _expm1(median), round(score, 4), anomalous, False)

    def learn(self, value: float) -> None:
        x = math.log1p(max(value, 0.0))
        self._window.append(x)
        bisect.insort(self._sorted, x)
        if len(self._window) > self.params.window:
            old = self._window.popleft()
            del self._sorted[bisect.bisect_left(self._sorted, old)]

    def observe(self, value: float) -> Judgement:
        verdict = self.judge(value)
        self.learn(value)
        return verdict

    def _median(self) -> float:
        if not self._sorted:
            return 0.0
        return self._sorted[len(self._sorted) // 2]


def _expm1(x: float) -> float:
    return round(math.expm1(x), 3)
