"""Spike detection on bucketed counts, streaming, from the past only.

Each bucket is judged when it closes against the buckets before it. Counts are
compared on a log scale, ``log(count + 3)``, so the score means the same for a
brand with three mentions an hour and one with three thousand; the offset of 3
keeps a brand with 0-2 mentions per bucket from looking volatile. The baseline
is the median of the window and the scale its median absolute deviation, with
two floors so a flat series does not make every blip infinitely surprising: a
fixed one, and the Poisson noise of the baseline count on this scale
(``0.5 * sqrt(count + 0.25) / (count + 3)``). No alert is possible before
``min_history`` buckets (warm-up), nor for fewer than ``min_count`` mentions.
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from dataclasses import dataclass
from datetime import timedelta

from monitor.config import DetectionSettings

__all__ = ["DetectorParams", "Judgement", "SpikeDetector"]

OFFSET = 3.0
MAD_TO_SIGMA = 1.4826
SCALE_FLOOR = 0.15
POISSON_FLOOR = 0.5


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
    score: float  # robust z on the log scale; 0 while warming up
    anomalous: bool
    warming_up: bool


def _scale(value: float) -> float:
    return math.log(max(value, 0.0) + OFFSET)


def _count(scaled: float) -> float:
    return max(math.exp(scaled) - OFFSET, 0.0)


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
        median = self._median()
        expected = round(_count(median), 3) if self._sorted else 0.0
        if len(self._window) < p.min_history:
            return Judgement(value, expected, 0.0, False, True)
        deviations = sorted(abs(v - median) for v in self._sorted)
        mad = deviations[len(deviations) // 2] * MAD_TO_SIGMA
        baseline = _count(median)
        poisson = POISSON_FLOOR * math.sqrt(baseline + 0.25) / (baseline + OFFSET)
        score = (_scale(value) - median) / max(mad, SCALE_FLOOR, poisson)
        anomalous = score >= p.threshold and value >= p.min_count
        return Judgement(value, expected, round(score, 4), anomalous, False)

    def learn(self, value: float) -> None:
        x = _scale(value)
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
            return _scale(0.0)
        return self._sorted[len(self._sorted) // 2]
