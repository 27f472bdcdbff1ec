"""Throughput: brand matching, and ingest (normalise, match, enrich, save) into SQLite.

(a) ``BrandMatcher`` with 1, 50 and 500 brands (synthetic names and aliases in
Latin and Chinese script, plus a few real brands the seed texts name) over the
seed texts in ``--seeds`` (synthetic text when absent): texts/s and MB/s.
(b) N synthetic ``RawItem``s through ``monitor.ingest.process_items`` and
``save_items`` into a temporary SQLite file: items/s, then peak Python memory
(tracemalloc) in a second, separate run, since tracing slows everything down.

    python benchmarks/throughput.py [--seeds DIR] [--items N] [--quick]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import DEFAULT_SHARED, machine, per_second, timed

from monitor.config import Brand, parse_config
from monitor.enrich import Enricher
from monitor.ingest import process_items
from monitor.match import BrandMatcher
from monitor.store.db import open_store
from monitor.store.mentions import save_items
from sources.items import RawItem

NAME = "throughput"
BRAND_COUNTS = (1, 50, 500)
REAL_BRANDS = (  # named in the seed texts, so the matcher finds something
    Brand(name="Walmart", aliases=["Wal-Mart", "沃尔玛"], exclude=["Walmart.com"]),
    Brand(name="Comcast", aliases=["康卡斯特"]),
    Brand(name="Didi", aliases=["Didi Chuxing", "滴滴", "滴滴出行"], exclude=["Didi Chuxing Fund"]),
)
SYLLABLES = "ka lo mi ra ten vo zu bel cor dan fi gro hal jun mar nor pel quin sol tra".split()
SUFFIXES = "Air Bank Foods Motors Telecom Pharma Mart Hotels Energy Media".split()
HAN = "华美达航空银行食品汽车电信医药超市酒店星海金龙凤祥瑞安泰康宁远东方"
SYNTHETIC_TEXT = (
    "Walmart refused to match its own online price and customer service hung up on me. "
    "昨天叫了滴滴，司机绕路还多收了钱，客服态度很差，我要投诉。 "
    "Am sunat la Comcast de trei ori și nu am primit rambursarea. "
)


def synthetic_brands(count: int, seed: int = 7) -> list[Brand]:
    rng = random.Random(seed)
    brands = list(REAL_BRANDS[:count])
    names = {b.name for b in brands}
    while len(brands) < count:
        stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title()
        name = f"{stem} {rng.choice(SUFFIXES)}"
        if name in names:
            continue
        names.add(name)
        chinese = "".join(rng.choice(HAN) for _ in range(rng.randint(2, 4)))
        brands.append(Brand(name=name, aliases=[stem, chinese], exclude=[f"{stem} Street"]))
    return brands


def seed_texts(seeds: Path | None) -> tuple[list[str], str]:
    files = sorted(seeds.glob("*.txt")) if seeds and seeds.is_dir() else []
    if files:
        return [f.read_text(encoding="utf-8", errors="replace") for f in files], str(seeds)
    return [SYNTHETIC_TEXT * 20] * 5, "synthetic text (no seed texts found; pass --seeds DIR)"


def bench_matcher(texts: list[str], min_seconds: float) -> None:
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    base_rate = None
    for count in BRAND_COUNTS:
        start = time.perf_counter()
        matcher = BrandMatcher(synthetic_brands(count))
        build = time.perf_counter() - start
        found = sum(len(matcher.match(t)) for t in texts)
        runs, seconds = timed(lambda m=matcher: [m.match(t) for t in texts], min_seconds)
        rate = runs * len(texts) / seconds
        base_rate = base_rate or rate
        print(
            f"  {count:4d} brands: {per_second(runs * len(texts), seconds):>7s} texts/s, "
            f"{runs * megabytes / seconds:6.2f} MB/s, x{rate / base_rate:.3f} of 1 brand; "
            f"build {build * 1000:.0f} ms, {found} brand hits per pass"
        )


def raw_items(count: int, brands: list[Brand], seed: int = 11) -> list[RawItem]:
    rng = random.Random(seed)
    templates = (
        "{b} lost my luggage again, worst customer service ever. Still waiting for a refund",
        "Just flew {b}: friendly crew, on time, great experience!",
        "{b} announces quarterly results and a new route to Lisbon",
        "{z}的客服太差了，投诉了三次都没人理，要求退款",
        "今天坐{z}的航班，服务很好，准时到达",
        "{b} mi-a pierdut bagajul, cel mai prost serviciu, vreau rambursare",
        "Nothing about any brand here, just the weather in town",
    )
    start = datetime(2026, 11, 1, tzinfo=UTC)
    items = []
    for i in range(count):
        brand = rng.choice(brands)
        text = rng.choice(templates).format(b=brand.name, z=brand.aliases[-1])
        items.append(
            RawItem(
                url=f"https://example.invalid/post/{i}",
                title="",
                text=f"{text} #{i}",
                guid=f"bench-{i}",
                published_at=start + timedelta(seconds=17 * i),
                author=f"user{i % 97}",
                metrics={"score": float(i % 50)},
            )
        )
    return items


def ingest_once(items: list[RawItem], brands: list[Brand], folder: Path) -> dict[str, float]:
    """Seconds of process_items, save_items and a second (all known) save_items."""
    config = parse_config("brands: []")
    matcher, enricher = BrandMatcher(brands), Enricher(config)
    enricher.analyze("warm up the language model and the lexicon")
    store = open_store(f"sqlite:///{folder / 'bench.db'}")
    fetched = datetime(2026, 11, 3, tzinfo=UTC)
    try:
        start = time.perf_counter()
        found = process_items(items, "bench", fetched, matcher, enricher)
        processed = time.perf_counter()
        save_items(store, found)
        saved = time.perf_counter()
        save_items(store, found)
        again = time.perf_counter()
    finally:
        store.close()
    return {
        "kept": len(found),
        "process": processed - start,
        "save": saved - processed,
        "resave": again - saved,
    }


def bench_ingest(count: int) -> None:
    brands = synthetic_brands(20)
    items = raw_items(count, brands)
    with tempfile.TemporaryDirectory(prefix="ingest-") as tmp:
        t = ingest_once(items, brands, Path(tmp))
    with tempfile.TemporaryDirectory(prefix="ingest-mem-") as tmp:
        tracemalloc.start()
        ingest_once(items, brands, Path(tmp))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(
        f"  ingest {count:,} items ({t['kept']:,.0f} name a brand): "
        f"process_items {per_second(count, t['process'])} items/s, "
        f"save_items {per_second(t['kept'], t['save'])} items/s, "
        f"end to end {per_second(count, t['process'] + t['save'])} items/s"
    )
    print(
        f"  save_items again (all known, insert-or-ignore) {per_second(t['kept'], t['resave'])}"
        f" items/s; peak Python memory (tracemalloc) {peak / 2**20:.1f} MiB,"
        f" {peak / count / 1024:.1f} KiB per item"
    )


def run_benchmark(seeds: Path | None, items: int, quick: bool = False) -> None:
    texts, origin = seed_texts(seeds)
    average = sum(len(t) for t in texts) / len(texts)
    print(f"[{NAME}] matcher over {len(texts)} texts (avg {average:,.0f} chars) from {origin}")
    bench_matcher(texts, 0.3 if quick else 1.0)
    bench_ingest(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SHARED / "seeds")
    parser.add_argument("--items", type=int, help="synthetic items to ingest (5000; 500 quick)")
    parser.add_argument("--quick", action="store_true", help="fewer items, shorter timings")
    args = parser.parse_args(argv)
    print(machine())
    run_benchmark(args.seeds, args.items or (500 if args.quick else 5000), args.quick)
    return 0


if __name__ == "__main__":
    sys.exit(main())
