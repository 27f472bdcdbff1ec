"""Spike detection on bucketed counts, streaming, from the past only.

Each bucket is judged when it closes against the buckets before it, by two tests:

- **Level**: the bucket's count against the window before it. Counts are compared
  on a log scale, ``log(count + 3)``, so the score means the same for a brand with
  three mentions an hour and one with three thousand; the offset of 3 keeps a brand
  with 0-2 mentions per bucket from looking volatile. The baseline is the median of
  the window and the scale its median absolute deviation, with two floors so a flat
  series does not make every blip infinitely surprising: a fixed one, and the
  Poisson noise of the baseline count on this scale
  (``0.5 * sqrt(count + 0.25) / (count + 3)``).
- **Seasonal**: the mean count of the last hour (``smooth``) against the same hour
  on up to ``seasonal_days`` previous days (their median, or the same hour a week
  before when that was twice as high: weekly seasonality), so a surge at 4 a.m. is judged
  against 4 a.m., not against the busy afternoons that dominate a plain window, and a
  busy Saturday against last Saturday. The residual's scale is the median absolute
  deviation of past residuals (a week of them), with the same two floors. Daily
  cycles make the level test's scale wide; this test sees a sustained five-fold rise
  that no single bucket shows.
  It needs two days of history; its threshold (``seasonal_threshold``) is lower
  than the level test's, since it judges hours, not buckets: far fewer independent
  chances to be surprised.

The score is the larger of the two, the seasonal one expressed on the level test's
scale (× ``threshold / seasonal_threshold``), so one threshold and one critical
factor apply to both. No alert is possible before ``min_history`` buckets (warm-up),
nor for fewer than ``min_count`` mentions in the bucket.

Each test's score is also capped by the **counting noise** of its count: the z that
has the same upper tail as the count's chance under the Poisson law at the usual rate
(the level test: the bucket against the window's mean count; the seasonal test: the
hour's total against the usual hour's). Real counts vary more than Poisson counts, so
a count that pure counting noise makes unremarkable is never news, however flat the
window: with most buckets empty the median and MAD are 0, and the two floors alone
score 5 mentions 6.5, though at a usual 1.3 a bucket counting noise brings 5 or more
once in 90 buckets. The cap leaves busy series alone (their MAD is far wider than
their Poisson noise) and keeps sparse ones, and the sparse parts a breakdown judges,
from alerting on stray mentions.
"""

from __future__ import annotations

import bisect
import math
from collections import deque
from dataclasses import dataclass
from datetime import timedelta
from statistics import NormalDist

from monitor.config import DetectionSettings

__all__ = ["DetectorParams", "Judgement", "ShareDetector", "SpikeDetector", "poisson_log_tail"]

OFFSET = 3.0
MAD_TO_SIGMA = 1.4826
# The seasonal test's threshold as a share of the level test's, unless set apart: it
# judges hours, not buckets, so it has far fewer chances to be surprised.
SEASONAL_SHARE = 5 / 6
SCALE_FLOOR = 0.15
POISSON_FLOOR = 0.5
# the same hour a week ago replaces the daily median only when it was clearly higher (twice)
WEEKLY_MARGIN = math.log(2)


@dataclass(frozen=True)
class DetectorParams:
    """Detector settings expressed in buckets of one series."""

    window: int
    min_history: int
    threshold: float
    min_count: float
    quiet: int
    persist: int = 1_000_000  # anomalous buckets in a row that make an incident critical
    period: int = 0  # buckets in a day; 0: no seasonal test (a bucket that does not divide a day)
    seasonal_days: int = 0
    seasonal_threshold: float = 5.0
    smooth: int = 1  # buckets averaged by the seasonal test

    @property
    def history(self) -> int:
        """Buckets of past a detector needs to judge its next bucket fully: the window,
        and for the seasonal test ``seasonal_days`` of residuals, each of which needs two
        earlier days (live detection re-learns this much on every run, so the seasonal
        test's spread rests on a full week of residuals, as in a long replay)."""
        if not self.seasonal_days:
            return self.window
        return max(self.window, self.period * (self.seasonal_days + 2) + self.smooth)

    @classmethod
    def from_settings(
        cls, settings: DetectionSettings, bucket: timedelta | None = None
    ) -> DetectorParams:
        step = bucket or settings.bucket
        day = timedelta(days=1)
        period = day // step if step <= day and day % step == timedelta(0) else 0
        return cls(
            window=max(4, round(settings.window / step)),
            min_history=max(2, round(settings.min_history / step)),
            threshold=settings.threshold,
            min_count=settings.min_count,
            quiet=max(1, round(settings.quiet / step)),
            persist=max(1, round(settings.persist / step)),
            period=period,
            seasonal_days=settings.seasonal_days if period else 0,
            seasonal_threshold=settings.seasonal_threshold or settings.threshold * SEASONAL_SHARE,
            smooth=max(1, round(settings.smooth / step)),
        )


@dataclass(frozen=True)
class Judgement:
    """The verdict on one closed bucket."""

    value: float
    expected: float  # baseline count (back from the log scale)
    score: float  # robust z on the log scale; 0 while warming up
    anomalous: bool
    warming_up: bool
    seasonal: bool = False  # the seasonal test gave the score (expected: the usual hour)
    label: str = ""  # which part of the brand it judges, for a breakdown ("source demo-news")


def _scale(value: float) -> float:
    return math.log(max(value, 0.0) + OFFSET)


def _count(scaled: float) -> float:
    return max(math.exp(scaled) - OFFSET, 0.0)


def poisson_log_tail(count: int, rate: float) -> float:
    """log P(X >= count) for X ~ Poisson(rate > 0) and a count of at least 1: the series
    of the regularized lower incomplete gamma function, in logarithms (no underflow)."""
    log_term = count * math.log(rate) - rate - math.lgamma(count + 1)
    total, term, n = 1.0, 1.0, 1
    while term > 1e-9 * total and n < 10_000:
        term *= rate / (count + n)
        total += term
        n += 1
    return log_term + math.log(total)


def _counting_noise_z(count: float, rate: float) -> float:
    """The normal z with the upper tail of ``count`` mentions at a Poisson ``rate``:
    how surprising the count is from counting noise alone (inf with no usual rate)."""
    whole = math.ceil(count - 1e-9)
    if rate <= 0:
        return math.inf if whole > 0 else 0.0
    if whole <= rate:
        return 0.0
    log_tail = poisson_log_tail(whole, rate)
    if log_tail > -700:
        return -NormalDist().inv_cdf(min(math.exp(log_tail), 0.5))
    # far out, log P(Z >= z) ~ -z^2/2 - log(z * sqrt(2 pi)): solve by iteration
    z = math.sqrt(-2 * log_tail)
    for _ in range(3):
        z = math.sqrt(-2 * (log_tail + math.log(z * math.sqrt(2 * math.pi))))
    return z


class _RollingMedian:
    """The median and median absolute deviation of the last ``size`` values."""

    def __init__(self, size: int):
        self.size = size
        self._values: deque[float] = deque()
        self._sorted: list[float] = []

    def __len__(self) -> int:
        return len(self._values)

    def add(self, value: float) -> None:
        self._values.append(value)
        bisect.insort(self._sorted, value)
        if len(self._values) > self.size:
            old = self._values.popleft()
            del self._sorted[bisect.bisect_left(self._sorted, old)]

    def median(self) -> float:
        return self._sorted[len(self._sorted) // 2]

    def mad(self, center: float) -> float:
        """The median absolute deviation from ``center``, as a standard deviation.

        The deviations below ``center`` and those above it are each already in order
        in the sorted window, so the middle one is found by a binary search over how
        many come from each side, not by sorting them all on every bucket."""
        values = self._sorted
        split = bisect.bisect_left(values, center)
        below, above = split, len(values) - split  # deviations center - v, v - center

        def low(i: int) -> float:  # the i-th smallest deviation below center
            return center - values[split - 1 - i]

        def high(j: int) -> float:  # the j-th smallest deviation above center
            return values[split + j] - center

        wanted = len(values) // 2 + 1  # the middle deviation is the wanted-th smallest
        lo, hi = max(0, wanted - above), min(wanted, below)
        while True:
            i = (lo + hi) // 2  # take i deviations from below, wanted - i from above
            j = wanted - i
            if i < below and j > 0 and high(j - 1) > low(i):
                lo = i + 1
            elif i > 0 and j < above and low(i - 1) > high(j):
                hi = i - 1
            else:
                candidates = ([low(i - 1)] if i else []) + ([high(j - 1)] if j else [])
                return max(candidates) * MAD_TO_SIGMA


class _SeasonalTest:
    """The last ``smooth`` buckets' mean against the same time on previous days."""

    def __init__(self, params: DetectorParams):
        self.params = params
        self._recent: deque[float] = deque()
        # None marks a gap: a bucket with no data (its sources were out), not a zero
        self._levels: deque[float | None] = deque(maxlen=params.period * params.seasonal_days + 1)
        self._residuals = _RollingMedian(params.period * params.seasonal_days)

    def judge(self, value: float) -> tuple[float, float] | None:
        """(z score, expected count) of ``value``, or None while there is too little past."""
        p = self.params
        recent = [*self._recent, value][-p.smooth :]
        level = _scale(sum(recent) / len(recent))
        same_time = self._same_time()
        if len(same_time) < 2 or len(self._residuals) < p.period:
            return None
        expected = self._usual(same_time)
        center = self._residuals.median()
        baseline = _count(expected)
        poisson = POISSON_FLOOR * math.sqrt((baseline + 0.25) / p.smooth) / (baseline + OFFSET)
        scale = max(self._residuals.mad(center), SCALE_FLOOR, poisson)
        z = (level - expected - center) / scale
        if z > 0:  # never more surprising than the hour's total is to counting noise
            z = min(z, _counting_noise_z(sum(recent), _count(expected + center) * len(recent)))
        return z, baseline

    def learn(self, value: float) -> None:
        p = self.params
        self._recent.append(value)
        if len(self._recent) > p.smooth:
            self._recent.popleft()
        level = _scale(sum(self._recent) / len(self._recent))
        same_time = self._same_time()
        if len(same_time) >= 2:
            self._residuals.add(level - self._usual(same_time))
        self._levels.append(level)

    def skip(self) -> None:
        """A gap: keep the days aligned, learn nothing, start the next hour afresh."""
        self._recent.clear()
        self._levels.append(None)

    def _usual(self, same_time: list[float]) -> float:
        """The usual level at this time: the median of the previous days, or the same
        time a week ago when that was clearly higher (a brand busy on Saturdays). Only
        clearly: a week-old level is one noisy sample, and taking the larger of it and
        the median whenever it is higher made storms at k=10 go unseen 8% more often."""
        usual = sorted(same_time)[len(same_time) // 2]
        p = self.params
        if p.seasonal_days >= 7 and len(self._levels) >= p.period * 7:
            week = self._levels[len(self._levels) - p.period * 7]
            if week is not None and week > usual + WEEKLY_MARGIN:
                usual = week
        return usual

    def _same_time(self) -> list[float]:
        """The levels one, two... ``seasonal_days`` days before the bucket to come
        (gaps left out)."""
        p = self.params
        levels = self._levels
        found = []
        for d in range(1, p.seasonal_days + 1):
            if len(levels) >= p.period * d:
                level = levels[len(levels) - p.period * d]
                if level is not None:
                    found.append(level)
        return found


class SpikeDetector:
    """Streaming detector for one series. ``observe`` judges a value, then learns it."""

    def __init__(self, params: DetectorParams):
        self.params = params
        self._levels = _RollingMedian(params.window)
        self._counts: deque[float] = deque()  # the window's counts, for its mean rate
        self._total = 0.0
        self._seasonal = _SeasonalTest(params) if params.seasonal_days and params.period else None

    @property
    def history(self) -> int:
        return len(self._levels)

    def judge(self, value: float) -> Judgement:
        """Judge ``value`` against the past without learning it."""
        p = self.params
        median = self._levels.median() if len(self._levels) else _scale(0.0)
        expected = round(_count(median), 3) if len(self._levels) else 0.0
        if len(self._levels) < p.min_history:
            return Judgement(value, expected, 0.0, False, True)
        mad = self._levels.mad(median)
        baseline = _count(median)
        poisson = POISSON_FLOOR * math.sqrt(baseline + 0.25) / (baseline + OFFSET)
        score = (_scale(value) - median) / max(mad, SCALE_FLOOR, poisson)
        if score > 0:  # never more surprising than the count is to counting noise
            score = min(score, _counting_noise_z(value, self._total / len(self._counts)))
        seasonal = False
        judged = self._seasonal.judge(value) if self._seasonal else None
        if judged is not None:
            z, usual = judged
            z *= p.threshold / p.seasonal_threshold
            if z > score:
                score, expected, seasonal = z, round(usual, 3), True
        anomalous = score >= p.threshold and value >= p.min_count
        return Judgement(value, expected, round(score, 4), anomalous, False, seasonal)

    def learn(self, value: float) -> None:
        if self._seasonal:
            self._seasonal.learn(value)
        self._levels.add(_scale(value))
        value = max(value, 0.0)
        self._counts.append(value)
        self._total += value
        if len(self._counts) > self.params.window:
            self._total = max(self._total - self._counts.popleft(), 0.0)

    def skip(self) -> None:
        """A gap (no data for the bucket, not a zero): nothing is judged or learned."""
        if self._seasonal:
            self._seasonal.skip()

    def observe(self, value: float) -> Judgement:
        verdict = self.judge(value)
        self.learn(value)
        return verdict


MIN_SHARE_RISE = 0.15  # a shift of the negative share smaller than this is not news


class ShareDetector:
    """The share of negative mentions in a bucket against the window's share.

    Negativity often rises before volume does: the same number of posts, more of them
    angry. The score is a binomial z, ``(k - n p) / sqrt(n p (1 - p))`` for ``k``
    negative mentions out of ``n`` against the window's share ``p`` (with one
    pseudo-count each way, so a window without negatives does not make one negative
    post infinitely surprising). A bucket is anomalous when the score reaches the
    threshold, the share is at least ``MIN_SHARE_RISE`` above the usual one (a huge
    brand's tiny shift is statistically sure but not news), and it holds at least
    ``min_count`` negative mentions. ``value`` and ``expected`` are shares.
    """

    def __init__(self, params: DetectorParams):
        self.params = params
        self._window: deque[tuple[int, int]] = deque()
        self._mentions = 0
        self._negative = 0

    def observe(self, mentions: int, negative: int) -> Judgement:
        verdict = self.judge(mentions, negative)
        self.learn(mentions, negative)
        return verdict

    def judge(self, mentions: int, negative: int) -> Judgement:
        p = self.params
        usual = (self._negative + 1) / (self._mentions + 2)
        share = negative / mentions if mentions else 0.0
        if len(self._window) < p.min_history:
            return Judgement(round(share, 4), round(usual, 4), 0.0, False, True)
        if not mentions:
            return Judgement(0.0, round(usual, 4), 0.0, False, False)
        score = (negative - mentions * usual) / math.sqrt(mentions * usual * (1 - usual))
        anomalous = (
            score >= p.threshold and share - usual >= MIN_SHARE_RISE and negative >= p.min_count
        )
        return Judgement(round(share, 4), round(usual, 4), round(score, 4), anomalous, False)

    def learn(self, mentions: int, negative: int) -> None:
        self._window.append((mentions, negative))
        self._mentions += mentions
        self._negative += negative
        if len(self._window) > self.params.window:
            old_mentions, old_negative = self._window.popleft()
            self._mentions -= old_mentions
            self._negative -= old_negative
