"""Run every benchmark in turn and print one compact report.

    python benchmarks/run.py [--shared PATH] [--quick]

``--shared`` is the folder holding the evaluation data and tools (``data/``,
``tools/``, ``seeds/``), by default ``../shared`` beside the checkout. A
benchmark whose data is absent is skipped with a message. ``--quick`` evaluates
sentiment (both scripts) on 200 rows per file and ingests 500 items instead of 5,000. The
polling benchmark serves 1,000 loopback feeds here (300 with ``--quick``), not its
own default of 5,000.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import detect
import nab
import poll
import sentiment
import sentiment_eval
import throughput
from common import DEFAULT_SHARED, machine


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--quick", action="store_true", help="smaller samples, shorter timings")
    args = parser.parse_args(argv)
    shared: Path = args.shared
    nab_data = shared / "data" / "nab_tweets"
    steps: list[tuple[str, Callable[[], None]]] = [
        (
            nab.NAME,
            lambda: nab.run_benchmark(
                nab_data, nab_data / "combined_windows_dev.json", shared / "tools" / "nab_score.py"
            ),
        ),
        (
            detect.NAME,
            lambda: detect.run_benchmark(
                nab_data, nab_data / "combined_windows_dev.json", quick=args.quick
            ),
        ),
        (
            "sentiment_eval",
            lambda: sentiment_eval.run_benchmark(
                shared / "data" / "sentiment", 200 if args.quick else None
            ),
        ),
        (
            "sentiment",
            lambda: sentiment.run_benchmark(
                shared / "data" / "sentiment", 200 if args.quick else None
            ),
        ),
        (
            "throughput",
            lambda: throughput.run_benchmark(
                shared / "seeds", 500 if args.quick else 5000, args.quick
            ),
        ),
        ("poll", lambda: poll.run_benchmark(300 if args.quick else 1000, 50, 32)),
    ]
    print(machine())
    print(f"shared data: {shared}{' (quick)' if args.quick else ''}")
    total = time.perf_counter()
    for name, step in steps:
        start = time.perf_counter()
        print()
        step()
        print(f"  ({name}: {time.perf_counter() - start:.1f} s)")
    print(f"\nall benchmarks: {time.perf_counter() - total:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
