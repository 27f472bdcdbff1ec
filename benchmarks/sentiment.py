"""Sentiment per analyzer choice on the labelled dev data, against the issue's targets.

Every text of each ``*_dev.csv`` in ``--data`` goes through ``monitor analyze``'s
code path, ``Analyzer(parse_config(...)).analyze(text)`` (language ID, vocabularies,
the analyzer configured for the language), once per analyzer choice:

- ``default``: the configured default (``brands: []``: VADER for en, the project's
  Chinese lexicon for zh, the project's lexicon of the language for ro, fr, de, es, it,
  pt, ar, hi, the vocabularies alone otherwise);
- ``vader``, ``textblob``, ``terms``: that analyzer for every language;
- ``lexicon``: the project's lexicons alone, no VADER (files other than en and zh);
- ``chinese``: the Chinese lexicon for zh, the vocabularies alone otherwise (zh files only).

Printed, one table per metric: negative-vs-rest accuracy and macro-F1, 3-class
accuracy and macro-F1 (files with a ``neutral`` label), a mean row, texts/s per
choice, and the issue's negative-vs-rest macro-F1 targets beside the default column.
Then the default Analyzer (three brands configured) on all files interleaved, one
core: texts/s against the target of 3,000. These are the dev halves; the product is
judged on the held-out halves.

    python benchmarks/sentiment.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, zip_longest
from pathlib import Path

from common import DEFAULT_SHARED, accuracy, f1, machine, per_second, skip, timed
from sentiment_eval import read_rows

from monitor.analyze import Analyzer
from monitor.config import parse_config

NAME = "sentiment"


def _everywhere(analyzer: str) -> str:
    return f"brands: []\nsentiment: {{analyzers: {{}}, default: {analyzer}}}"


# column -> (config, the files it runs on)
CHOICES: dict[str, tuple[str, Callable[[str], bool]]] = {
    "default": ("brands: []", lambda name: True),
    "vader": (_everywhere("vader"), lambda name: True),
    "textblob": (_everywhere("textblob"), lambda name: True),
    "terms": (_everywhere("terms"), lambda name: True),
    "lexicon": (
        _everywhere("lexicon"),
        lambda name: not name.startswith(("en", "zh")),
    ),
    "chinese": (
        "brands: []\nsentiment: {analyzers: {zh: chinese}, default: terms}",
        lambda name: name.startswith("zh"),
    ),
}
THROUGHPUT_CONFIG = """\
brands:
  - {name: United Airlines, aliases: ["@united", UAL, 美联航]}
  - {name: Meituan, aliases: [美团, 美團, waimai]}
  - {name: eMAG, aliases: [emag.ro]}
"""
THROUGHPUT_TARGET = 3000

# The negative-vs-rest macro-F1 targets, by row of the macro-F1 table.
ZH_HANT_MEAN = "zh-Hant files, mean"
MULTI_MEAN = "multi, mean of 7 languages"
TARGETS: dict[str, float] = {
    "en_tweeteval": 0.75,
    "en_airline": 0.70,
    "zh-Hans_nlpcc2014-weibo": 0.68,
    ZH_HANT_MEAN: 0.62,
    "ro_laroseda": 0.75,
    MULTI_MEAN: 0.62,
}


@dataclass
class FileRun:
    name: str
    gold: list[str]
    langs: list[str]
    texts: list[str]
    labels: dict[str, list[str]] = field(default_factory=dict)  # choice -> predicted labels

    @property
    def has_neutral(self) -> bool:
        return "neutral" in self.gold


Metric = Callable[[list[str], list[str]], float]


def macro_f1(gold: list[str], pred: list[str]) -> float:
    """Mean F1 over the labels that occur in either list."""
    labels = sorted(set(gold) | set(pred))
    return sum(f1(gold, pred, label) for label in labels) / len(labels)


def negative_vs_rest(metric: Metric) -> Metric:
    def binary(gold: list[str], pred: list[str]) -> float:
        return metric(
            ["negative" if g == "negative" else "rest" for g in gold],
            ["negative" if p == "negative" else "rest" for p in pred],
        )

    return binary


def evaluate(files: list[Path], limit: int | None) -> tuple[list[FileRun], dict[str, float]]:
    """Label every text with every choice that applies; seconds spent per choice."""
    analyzers = {}
    for choice, (config, _) in CHOICES.items():
        analyzers[choice] = Analyzer(parse_config(config))
        analyzers[choice].analyze("warm up the language model")
        analyzers[choice].analyze("预热中文分析器")
    seconds = dict.fromkeys(CHOICES, 0.0)
    runs = []
    for path in files:
        rows = read_rows(path, limit)
        run = FileRun(
            path.name.removesuffix("_dev.csv"),
            [r["label"] for r in rows],
            [r["lang"] for r in rows],
            [r["text"] for r in rows],
        )
        for choice, (_, applies) in CHOICES.items():
            if not applies(run.name):
                continue
            analyze = analyzers[choice].analyze
            start = time.perf_counter()
            run.labels[choice] = [analyze(text)["sentiment"]["label"] for text in run.texts]
            seconds[choice] += time.perf_counter() - start
        runs.append(run)
    return runs, seconds


Row = tuple[str, int, dict[str, float]]


def scored(name: str, gold: list[str], labels: dict[str, list[str]], metric: Metric) -> Row:
    return name, len(gold), {c: metric(gold, pred) for c, pred in labels.items()}


def mean_row(name: str, rows: list[Row]) -> Row:
    """Per column, the mean over the rows that have it (a column missing from some is left out)."""
    columns = [c for c in CHOICES if all(c in r[2] for r in rows)]
    return name, 0, {c: sum(r[2][c] for r in rows) / len(rows) for c in columns}


def multi_languages(run: FileRun, metric: Metric) -> list[Row]:
    rows = []
    for lang in sorted(set(run.langs)):
        picked = [i for i, code in enumerate(run.langs) if code == lang]
        labels = {c: [pred[i] for i in picked] for c, pred in run.labels.items()}
        rows.append(scored(f"  {lang}", [run.gold[i] for i in picked], labels, metric))
    return rows


def binary_rows(runs: list[FileRun], metric: Metric) -> Iterator[Row]:
    """Every file (the multi file also per language), the targets' means, the file means."""
    files = [scored(r.name, r.gold, r.labels, metric) for r in runs]
    for run, row in zip(runs, files, strict=True):
        yield row
        if run.name.startswith("multi"):
            languages = multi_languages(run, metric)
            yield from languages
            yield mean_row(MULTI_MEAN, languages)
    hant = [row for row in files if row[0].startswith("zh-Hant")]
    if hant:
        yield mean_row(ZH_HANT_MEAN, hant)
    yield mean_row(f"mean of {len(files)} files", files)
    zh = [row for row in files if row[0].startswith("zh")]
    if zh:
        yield mean_row(f"mean of {len(zh)} zh files", zh)


def three_class_rows(runs: list[FileRun], metric: Metric) -> Iterator[Row]:
    files = [scored(r.name, r.gold, r.labels, metric) for r in runs if r.has_neutral]
    yield from files
    if files:
        yield mean_row(f"mean of {len(files)} files", files)


def header(title: str, with_target: bool) -> str:
    target = f" {'target':>11s}" if with_target else ""
    rest = "".join(f" {c:>8s}" for c in CHOICES if c != "default")
    return f"  {title:30s} {'rows':>5s} {'default':>8s}{target}{rest}"


def line(row: Row, with_target: bool) -> str:
    name, count, values = row

    def cell(choice: str) -> str:
        return f" {values[choice]:8.3f}" if choice in values else f" {'-':>8s}"

    target = ""
    if with_target:
        goal = TARGETS.get(name.strip())
        verdict = ("ok" if values["default"] >= goal else "MISS") if goal is not None else ""
        target = f" {f'>={goal:.2f} {verdict}':>11s}" if goal is not None else f" {'':11s}"
    rest = "".join(cell(c) for c in CHOICES if c != "default")
    return f"  {name:30s} {count or '':>5} {cell('default')[1:]:>8s}{target}{rest}"


def print_table(title: str, rows: Iterator[Row], with_target: bool = False) -> list[Row]:
    rows = list(rows)
    print(header(title, with_target))
    for row in rows:
        print(line(row, with_target))
    return rows


def throughput(files: list[Path], limit: int | None, min_seconds: float) -> tuple[int, float, str]:
    """Texts/s of the default Analyzer, three brands, all files interleaved, on one core."""
    columns = [[r["text"] for r in read_rows(path, limit)] for path in files]
    stream = [t for t in chain.from_iterable(zip_longest(*columns)) if t is not None]
    analyzer = Analyzer(parse_config(THROUGHPUT_CONFIG))
    pinned = "one core (this process's CPU time, not pinned)"
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    if affinity:
        os.sched_setaffinity(0, {min(affinity)})
        pinned = f"pinned to CPU {min(affinity)}"
    try:
        for text in stream[:200]:  # warm-up: language model, vocabularies, analyzers
            analyzer.analyze(text)
        runs, seconds = timed(lambda: [analyzer.analyze(text) for text in stream], min_seconds)
    finally:
        if affinity:
            os.sched_setaffinity(0, affinity)
    return runs * len(stream), seconds, pinned


def run_benchmark(data: Path, limit: int | None = None) -> None:
    files = sorted(data.glob("*_dev.csv")) if data.is_dir() else []
    if not files:
        skip(NAME, f"no *_dev.csv in {data} (pass --data DIR)")
        return
    runs, seconds = evaluate(files, limit)
    texts = sum(len(r.gold) for r in runs)
    quick = f" (quick: {limit} evenly spread rows per file)" if limit else ""
    print(
        f"[{NAME}] {len(runs)} files, {texts:,} texts{quick}; DEV halves: the product is "
        "judged on the held-out halves"
    )
    print("  columns: default = the configured default (en: vader, zh: chinese, ro fr de es it")
    print("  pt ar hi: lexicon, else terms); vader, textblob, terms = that analyzer everywhere;")
    print("  chinese = zh: chinese, else terms; lexicon = the language's lexicon, else terms")
    print_table("negative vs rest: accuracy", binary_rows(runs, negative_vs_rest(accuracy)))
    rows = print_table(
        "negative vs rest: macro-F1", binary_rows(runs, negative_vs_rest(macro_f1)), True
    )
    met = [r for r in rows if r[0].strip() in TARGETS]
    hits = sum(r[2]["default"] >= TARGETS[r[0].strip()] for r in met)
    print(f"  targets (default, negative-vs-rest macro-F1): {hits} of {len(met)} met")
    print_table("3-class: accuracy", three_class_rows(runs, accuracy))
    print_table("3-class: macro-F1", three_class_rows(runs, macro_f1))
    counts = {c: sum(len(r.labels[c]) for r in runs if c in r.labels) for c in CHOICES}
    rates = "".join(f" {per_second(counts[c], seconds[c]):>8s}" for c in CHOICES)
    print(f"  {'texts/s (analyze, incl. lang ID)':36s}{rates}")
    count, spent, pinned = throughput(files, limit, 1.0 if limit else 3.0)
    verdict = "ok" if count / spent >= THROUGHPUT_TARGET else "MISS"
    print(
        f"  mixed stream, all files interleaved, default config + 3 brands, {pinned}: "
        f"{per_second(count, spent)} texts/s (target >= {THROUGHPUT_TARGET:,} {verdict})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_SHARED / "data" / "sentiment")
    parser.add_argument("--limit", type=int, help="only N rows of each file, evenly spread")
    args = parser.parse_args(argv)
    print(machine())
    run_benchmark(args.data, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
