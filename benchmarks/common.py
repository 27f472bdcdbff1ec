"""Shared bits of the benchmarks: the machine header, default data paths, a timer.

The evaluation data is third-party and for evaluation only: it lives beside the
checkout in ``../shared`` and is never copied into the repository. Every
benchmark takes its data paths as arguments and defaults them to that folder.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"

if str(REPO) not in sys.path:  # measure this checkout even when run from elsewhere
    sys.path.insert(0, str(REPO))


def cpu_model() -> str:
    """``platform.processor()``, or the model name Linux reports when that says little."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def machine() -> str:
    """One line naming the machine, so absolute figures can be compared honestly."""
    return (
        f"machine: {cpu_model()}, processor {platform.processor() or '?'}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()} "
        f"({platform.python_implementation()})"
    )


def skip(name: str, why: str) -> None:
    print(f"[{name}] skipped: {why}")


def timed(work: Callable[[], object], min_seconds: float) -> tuple[int, float]:
    """Run ``work`` until ``min_seconds`` have passed; (runs, seconds)."""
    runs, start = 0, time.perf_counter()
    while True:
        work()
        runs += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return runs, elapsed


def per_second(count: float, seconds: float) -> str:
    rate = count / seconds if seconds > 0 else float("inf")
    return f"{rate:,.0f}" if rate >= 100 else f"{rate:,.1f}"


def f1(gold: list, pred: list, label: object) -> float:
    """F1 of one label (any values that compare equal: strings, booleans)."""
    tp = sum(g == label and p == label for g, p in zip(gold, pred, strict=True))
    off = sum((g == label) != (p == label) for g, p in zip(gold, pred, strict=True))
    return 2 * tp / (2 * tp + off) if tp + off else 0.0


def accuracy(gold: list, pred: list) -> float:
    return sum(g == p for g, p in zip(gold, pred, strict=True)) / len(gold)
