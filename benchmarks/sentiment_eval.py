"""Sentiment and language identification of the analyzer on labelled dev data.

For each ``*_dev.csv`` in ``--data`` (columns ``text,label,lang,source``) the
product's ``Analyzer`` labels every text. The crisis decision is *negative vs
rest*: printed are accuracy, macro-F1 over the two classes and the F1 of the
negative class, beside the macro-F1 of always saying "not negative" and
TextBlob's published dev figure. Language identification is scored against the
``lang`` column twice: with the default configuration (ten languages, among them
``hi``, which reports romanized Hindi as ``hi-Latn``) and with only ``languages:
[en, zh, ro]``. ``hi-Latn`` counts as right only when identified as ``hi`` or
``hi-Latn``, which only the default configuration can say.

    python benchmarks/sentiment_eval.py [--data DIR] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from common import DEFAULT_SHARED, accuracy, f1, machine, per_second, skip

from monitor.analyze import Analyzer
from monitor.config import parse_config

NAME = "sentiment_eval"
DEFAULT_CONFIG = "brands: []"
NARROW_CONFIG = "brands: []\nlanguages: [en, zh, ro]"

# TextBlob's negative-vs-rest macro-F1 on the dev halves, threshold tuned on the English dev
# files; from shared/data/sentiment/README.md, "Baseline numbers" (the xlmt figure is pooled).
TEXTBLOB_DEV: dict[str, float] = {
    "en_tweeteval": 0.590,
    "en_airline": 0.537,
    "en_fpb-news": 0.634,
    "zh-Hans_nlpcc2014-weibo": 0.468,
    "zh-Hans_waimai10k": 0.248,
    "zh-Hant_lihkg-yue": 0.333,
    "zh-Hant_nlpcc2014-weibo-s2tw": 0.485,
    "ro_laroseda": 0.365,
    "multi_xlmt-umsab": 0.441,
}


@dataclass
class FileEval:
    name: str
    gold_negative: list[bool] = field(default_factory=list)
    negative: list[bool] = field(default_factory=list)
    negative_narrow: list[bool] = field(default_factory=list)
    gold_lang: list[str] = field(default_factory=list)
    lang: list[str] = field(default_factory=list)
    lang_narrow: list[str] = field(default_factory=list)


def binary_scores(gold: list[bool], pred: list[bool]) -> tuple[float, float, float]:
    """Accuracy, macro-F1 (negative, rest) and F1 of the negative class."""
    f1_negative = f1(gold, pred, True)
    return accuracy(gold, pred), (f1_negative + f1(gold, pred, False)) / 2, f1_negative


def lang_right(gold: str, predicted: str) -> bool:
    return predicted == gold or (gold == "hi-Latn" and predicted == "hi")


def lang_accuracy(gold: list[str], predicted: list[str]) -> float:
    return sum(lang_right(g, p) for g, p in zip(gold, predicted, strict=True)) / len(gold)


def read_rows(path: Path, limit: int | None) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if not limit or limit >= len(rows):
        return rows
    return rows[:: len(rows) // limit][:limit]  # evenly spread: the multi file is sorted by lang


def evaluate(files: list[Path], limit: int | None) -> tuple[list[FileEval], dict[str, float]]:
    """Label every text with both configs; timings in ``seconds``."""
    seconds: dict[str, float] = {}
    start = time.perf_counter()
    default = Analyzer(parse_config(DEFAULT_CONFIG))
    narrow = Analyzer(parse_config(NARROW_CONFIG))
    default.analyze("warm up the language model")
    narrow.analyze("warm up the language model")
    seconds["warm-up"] = time.perf_counter() - start
    seconds["default"] = seconds["narrow"] = 0.0
    evals = []
    for path in files:
        result = FileEval(path.name.removesuffix("_dev.csv"))
        for row in read_rows(path, limit):
            start = time.perf_counter()
            first = default.analyze(row["text"])
            middle = time.perf_counter()
            second = narrow.analyze(row["text"])
            seconds["default"] += middle - start
            seconds["narrow"] += time.perf_counter() - middle
            result.gold_negative.append(row["label"] == "negative")
            result.negative.append(first["sentiment"]["label"] == "negative")
            result.negative_narrow.append(second["sentiment"]["label"] == "negative")
            result.gold_lang.append(row["lang"])
            result.lang.append(first["lang"])
            result.lang_narrow.append(second["lang"])
        evals.append(result)
    return evals, seconds


def report_sentiment(evals: list[FileEval]) -> None:
    print(
        f"  {'negative vs rest':30s} {'rows':>5s} {'acc':>5s} {'mF1':>5s} {'F1neg':>5s}"
        f" {'triv':>5s} {'TB ref':>6s} {'mF1 3L':>6s}"
    )
    macro = []
    for e in evals:
        acc, mf1, f1neg = binary_scores(e.gold_negative, e.negative)
        trivial = binary_scores(e.gold_negative, [False] * len(e.negative))[1]
        narrow = binary_scores(e.gold_negative, e.negative_narrow)[1]
        ref = TEXTBLOB_DEV.get(e.name)
        ref_text = f"{ref:.3f}" if ref is not None else "-"
        print(
            f"  {e.name:30s} {len(e.negative):5d} {acc:5.3f} {mf1:5.3f} {f1neg:5.3f}"
            f" {trivial:5.3f} {ref_text:>6s} {narrow:6.3f}"
        )
        macro.append(mf1)
    print(f"  {'mean over files':30s} {'':5s} {'':5s} {sum(macro) / len(macro):5.3f}")


def report_languages(evals: list[FileEval]) -> None:
    print(
        f"  {'language id (accuracy)':30s} {'gold':>8s} {'default':>8s} {'en,zh,ro':>8s}"
        "  wrong answers: default | en,zh,ro"
    )
    for e in evals:
        codes = sorted(set(e.gold_lang))
        gold = "/".join(codes) if len(codes) < 3 else "mixed"
        print(
            f"  {e.name:30s} {gold:>8s} {lang_accuracy(e.gold_lang, e.lang):8.3f}"
            f" {lang_accuracy(e.gold_lang, e.lang_narrow):8.3f}  {misses(e.gold_lang, e.lang)}"
            f" | {misses(e.gold_lang, e.lang_narrow)}"
        )
        for code in codes if gold == "mixed" else []:
            picked = [i for i, g in enumerate(e.gold_lang) if g == code]
            sub_gold = [code] * len(picked)
            default = [e.lang[i] for i in picked]
            narrow = [e.lang_narrow[i] for i in picked]
            print(
                f"    {code:28s} {len(picked):8d} {lang_accuracy(sub_gold, default):8.3f}"
                f" {lang_accuracy(sub_gold, narrow):8.3f}  {misses(sub_gold, default)}"
                f" | {misses(sub_gold, narrow)}"
            )


def misses(gold: list[str], predicted: list[str], top: int = 3) -> str:
    wrong = Counter(p for g, p in zip(gold, predicted, strict=True) if not lang_right(g, p))
    return ", ".join(f"{p} {n}" for p, n in wrong.most_common(top)) or "-"


def run_benchmark(data: Path, limit: int | None = None) -> None:
    files = sorted(data.glob("*_dev.csv")) if data.is_dir() else []
    if not files:
        skip(NAME, f"no *_dev.csv in {data} (pass --data DIR)")
        return
    evals, seconds = evaluate(files, limit)
    texts = sum(len(e.negative) for e in evals)
    quick = f" (quick: {limit} evenly spread rows per file)" if limit else ""
    print(
        f"[{NAME}] {len(evals)} files, {texts:,} texts{quick}; "
        f"analyze {per_second(texts, seconds['default'])} texts/s (default, 10 langs), "
        f"{per_second(texts, seconds['narrow'])} texts/s (en,zh,ro); "
        f"warm-up {seconds['warm-up']:.2f} s"
    )
    report_sentiment(evals)
    report_languages(evals)


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
