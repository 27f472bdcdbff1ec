"""Export: ``monitor export --format parquet`` against pyarrow writing the same rows directly.

Seeds N synthetic mentions (default 1,000,000) into a temporary SQLite file through the
store's own schema (``open_store`` creates it; rows go in with one ``executemany`` per
table), or reads an existing store given with ``--database URL``. Then, each phase in a
fresh process so that its peak memory is its own:

(a) **pyarrow direct**: the export's own SQL (``monitor.export._query``: the mention
    query, oldest first) on the raw ``sqlite3`` cursor, ``fetchmany`` batches turned into
    Arrow columns (timestamps cast from SQLite's text by Arrow, JSON term lists parsed)
    and written with one ``pq.ParquetWriter``, row groups cut where the export cuts them:
    the floor for "the same rows, read and written";
(b) **export_mentions**: ``monitor.export.export_mentions(store, MentionFilter(),
    "parquet", file)``, the function the CLI calls, in process;
(c) **CLI**: ``monitor export --format parquet --out FILE`` end to end in a new Python
    process (start-up and imports included), run through ``monitor.cli.main``.

Reported: rows, seconds (wall and CPU; (a) and (b) time the work only), rows/s, peak RSS
(``VmHWM`` of the phase's process, read as it ends: not ``ru_maxrss``, which Linux
carries over from the parent) and its growth over the RSS before the work began (imports
done), the ratio (b)/(a) (target <= 2x, wall) and whether (b) and (c) wrote tables equal to (a)'s.
``--formats csv,jsonl,xlsx`` adds ``export_mentions`` rows/s for those formats (xlsx
only up to Excel's 1,048,575 data rows). ``--repeat N`` runs (a)-(c) N times, interleaved,
and keeps each one's fastest run: on a shared machine wall time swings with the load.
``--check`` exits 1 when the ratio misses its target or the files differ.

    python benchmarks/export.py [--rows N] [--database sqlite:///PATH] [--keep DIR]
                                [--formats csv,jsonl,xlsx] [--repeat N] [--check]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import REPO, machine, per_second

NAME = "export"
TARGET_RATIO = 2.0
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"  # how SQLAlchemy stores a DateTime in SQLite

BRANDS = ("Skyline Air", "Acme Bank", "Didi", "Nordwind Telecom", "Globex Foods")
SOURCES = tuple(f"source-{i:02d}" for i in range(20))
LANGS = ("en", "en", "en", "en", "zh-Hans", "zh-Hant", "ro", "fr", "und")
WORDS = (
    "delayed flight refund support ticket waited weeks customer service lost bag never "
    "again great crew friendly app crashed charged twice boarding gate cancelled thanks "
    "price hike outage lawsuit recall boycott injured food poisoning lawyer apology"
).split()
HAN = "航班延误退款客服投诉司机绕路收费态度很差行李丢失感谢服务"
COMPLAINT = ("refund", "waited", "charged twice", "客服", "退款", "投诉")
RISK = ("boycott", "recall", "lawsuit", "injured", "lawyer")
SAFETY = ("injured", "lawyer", "lawsuit")


# --- seeding ---------------------------------------------------------------------------


def _words(rng: random.Random, low: int, high: int, lang: str) -> str:
    if lang.startswith("zh"):
        return "".join(rng.choice(HAN) for _ in range(rng.randint(low, high)))
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _item(rng: random.Random, i: int, start: datetime) -> tuple:
    lang = rng.choice(LANGS)
    fetched = start + timedelta(seconds=30 * i + rng.randint(0, 29))
    published = None if rng.random() < 0.1 else fetched - timedelta(minutes=rng.randint(0, 600))
    event = published or fetched
    complaint = [rng.choice(COMPLAINT)] if rng.random() < 0.3 else []
    risk = [rng.choice(RISK)] if rng.random() < 0.05 else []
    safety = [t for t in risk if t in SAFETY]
    title = _words(rng, 4, 12, lang)
    if rng.random() < 0.01:  # what a hostile post might try in a spreadsheet
        title = rng.choice(('=HYPERLINK("http://x")', "+1", "-cmd", "@SUM(A1)")) + title
    sentiment = round(rng.uniform(-1, 1), 4)
    label = "negative" if sentiment < -0.05 else "positive" if sentiment > 0.05 else "neutral"
    return (
        i,
        f"k{i}",
        rng.choice(SOURCES),
        f"https://example.com/{lang}/posts/{i}",
        title,
        "\n".join(_words(rng, 10, 60, lang) for _ in range(rng.randint(1, 3))),
        None if rng.random() < 0.3 else f"user{rng.randint(1, 50_000)}",
        published.strftime(SQLITE_TIME) if published else None,
        fetched.strftime(SQLITE_TIME),
        event.strftime(SQLITE_TIME),
        lang,
        sentiment,
        label,
        json.dumps(complaint, ensure_ascii=False),
        json.dumps(risk),
        json.dumps(safety),
        json.dumps({"likes": rng.randint(0, 500)}),
        i if rng.random() < 0.9 else max(1, i - rng.randint(1, 50)),  # story_id
        None if rng.random() < 0.2 else round(rng.random(), 4),
    )


ITEM_COLUMNS = (
    "id, key, source, url, title, text, author, published_at, fetched_at, event_at, lang, "
    "sentiment, sentiment_label, complaint_terms, risk_terms, safety_terms, metrics, "
    "story_id, early_warning"
)


def seed(path: Path, rows: int, seed_value: int = 7) -> float:
    """``rows`` mentions (one per item, brands spread) in a new store at ``path``; seconds."""
    from monitor.store.db import open_store

    began = time.perf_counter()
    open_store(f"sqlite:///{path}").close()  # the store's schema, created as in production
    rng = random.Random(seed_value)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    marks = ", ".join("?" * len(ITEM_COLUMNS.split(",")))
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA synchronous=OFF")
        for first in range(1, rows + 1, 50_000):
            chunk = [_item(rng, i, start) for i in range(first, min(first + 50_000, rows + 1))]
            db.executemany(f"INSERT INTO items ({ITEM_COLUMNS}) VALUES ({marks})", chunk)
            db.executemany(
                "INSERT INTO mentions (id, item_id, brand, alias, spans, event_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [(r[0], r[0], BRANDS[r[0] % 5], BRANDS[r[0] % 5], "[[0, 4]]", r[9]) for r in chunk],
            )
    return time.perf_counter() - began


# --- the phases, each in a fresh process ----------------------------------------------------


def _status(field: str) -> int:
    """A field of /proc/self/status in bytes (VmRSS, VmHWM)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    return 0


def direct_parquet(path: Path, out: Path) -> int:
    """The baseline: the export's own SQL (``monitor.export._query``, compiled for SQLite)
    on the raw ``sqlite3`` cursor, ``fetchmany`` batches turned into Arrow columns with
    pyarrow's own casts and compute functions, row groups cut where the export cuts them."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq
    from sqlalchemy.dialects import sqlite

    from monitor.export import (
        BATCH,
        EXPORT_COLUMNS,
        ROW_GROUP,
        ROW_GROUP_BYTES,
        TERMS,
        TIMES,
        _arrow_schema,
        _query,
    )
    from monitor.store.mentions import MentionFilter

    sql = str(_query(MentionFilter()).compile(dialect=sqlite.dialect()))
    schema = _arrow_schema()
    count, pending = 0, []
    with sqlite3.connect(path) as db, pq.ParquetWriter(out, schema) as writer:
        cursor = db.execute(sql)
        names = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(BATCH):
            cols = dict(zip(names, zip(*batch, strict=True), strict=True))
            arrays = {}
            for field in schema:
                name, values = field.name, cols.get(field.name)
                if name in TIMES:  # SQLite's text, UTC: parsed by Arrow
                    naive = pa.array(values, pa.string()).cast(pa.timestamp("us"))
                    arrays[name] = naive.cast(field.type)
                elif name in TERMS:
                    text = "[" + ",".join(t or "[]" for t in values) + "]"
                    arrays[name] = pa.array(json.loads(text), field.type)
                elif name == "copies":
                    counted = pc.fill_null(pa.array(values, field.type), 0)
                    arrays[name] = pc.max_element_wise(counted, 1)
                elif name != "complaint":
                    arrays[name] = pa.array(values, field.type)
            arrays["complaint"] = pc.greater(pc.list_value_length(arrays["complaint_terms"]), 0)
            pending.append(pa.RecordBatch.from_pydict(arrays, schema=schema))
            count += len(batch)
            held = sum(b.num_rows for b in pending), sum(b.nbytes for b in pending)
            if held[0] >= ROW_GROUP or held[1] >= ROW_GROUP_BYTES:
                writer.write_table(pa.Table.from_batches(pending, schema))
                pending = []
        if pending:
            writer.write_table(pa.Table.from_batches(pending, schema))
    assert list(schema.names) == list(EXPORT_COLUMNS)
    return count


def run_phase(phase: str, db: Path, out: Path) -> dict:
    """In the child: import what the phase needs, then time only the work."""
    import pyarrow.parquet  # noqa: F401  (both phases need it: imported before the clock)
    import xlsxwriter  # noqa: F401

    from monitor.export import export_mentions
    from monitor.store.db import open_store
    from monitor.store.mentions import MentionFilter

    store = open_store(f"sqlite:///{db}")
    before = _status("VmRSS")
    wall, cpu = time.perf_counter(), time.process_time()
    if phase == "direct":
        rows = direct_parquet(db, out)
    else:
        with out.open("wb") as handle:
            rows = export_mentions(store, MentionFilter(), phase, handle)
    return {
        "rows": rows,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "before": before,
        "peak": _status("VmHWM"),
    }


# The CLI end to end: ``monitor`` is ``monitor.cli:main``; this runs it the same way and
# reports the process's VmHWM on standard error as it exits.
CLI = (
    "import atexit, sys\n"
    "def peak():\n"
    "    for line in open('/proc/self/status'):\n"
    "        if line.startswith('VmHWM:'):\n"
    "            sys.stderr.write(f'\\nVmHWM {int(line.split()[1]) * 1024}\\n')\n"
    "atexit.register(peak)\n"
    "from monitor.cli import main\n"
    "sys.argv[0] = 'monitor'\n"
    "main()\n"
)


def _child(phase: str, db: Path, out: Path) -> dict:
    command = [sys.executable, __file__, "--phase", phase, "--database", str(db), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    if done.returncode != 0:
        raise SystemExit(f"[{NAME}] the {phase} phase failed:\n{done.stderr}")
    return {**json.loads(done.stdout.splitlines()[-1]), "size": out.stat().st_size}


def _cli(db: Path, out: Path, folder: Path) -> dict:
    config = folder / "monitor.yaml"
    config.write_text(f"database: sqlite:///{db}\n")
    command = [sys.executable, "-c", CLI, "--config", str(config), "export"]
    command += ["--format", "parquet", "--out", str(out)]
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    wall = time.perf_counter() - wall
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"[{NAME}] monitor export failed:\n{done.stderr}")
    lines = done.stderr.splitlines()
    peak = int(next(line for line in lines if line.startswith("VmHWM ")).split()[1])
    wrote = next(line for line in lines if line.startswith("wrote "))
    return {
        "rows": int(wrote.split()[1]),
        "wall": wall,
        "cpu": (after.ru_utime - cpu.ru_utime) + (after.ru_stime - cpu.ru_stime),
        "before": None,
        "peak": peak,
        "size": out.stat().st_size,
    }


# --- orchestration -------------------------------------------------------------------------


def _mb(n: float | None) -> str:
    return "-" if n is None else f"{n / 1e6:,.0f} MB"


def _line(label: str, r: dict) -> str:
    growth = None if r["before"] is None else r["peak"] - r["before"]
    return (
        f"  {label:<46s} {r['rows']:>10,} {r['wall']:8.1f} {r['cpu']:8.1f} "
        f"{per_second(r['rows'], r['wall']):>9s} {_mb(r['peak']):>9s} {_mb(growth):>8s} "
        f"{_mb(r['size']):>8s}"
    )


def run_benchmark(db: Path, folder: Path, formats: list[str], repeat: int) -> list[str]:
    """Every phase (the three Parquet ones ``repeat`` times, interleaved, the fastest
    kept); prints the table and returns the targets missed."""
    import pyarrow.parquet as pq

    runs: dict[str, list[dict]] = {"direct": [], "export": [], "cli": []}
    for _ in range(repeat):
        runs["direct"].append(_child("direct", db, folder / "direct.parquet"))
        runs["export"].append(_child("parquet", db, folder / "export.parquet"))
        runs["cli"].append(_cli(db, folder / "cli.parquet", folder))
    direct, export, cli = (min(runs[k], key=lambda r: r["wall"]) for k in runs)
    others = {fmt: _child(fmt, db, folder / f"export.{fmt}") for fmt in formats}
    print(
        f"  {'phase':<46s} {'rows':>10s} {'wall s':>8s} {'CPU s':>8s} {'rows/s':>9s} "
        f"{'peak RSS':>9s} {'growth':>8s} {'file':>8s}"
    )
    print(_line("pyarrow direct (same SQL, raw cursor)", direct))
    print(_line("export_mentions(..., 'parquet'), in process", export))
    print(_line("monitor export --format parquet --out (CLI)", cli))
    for fmt, result in others.items():
        print(_line(f"export_mentions(..., {fmt!r}), in process", result))
    ratio, cpu_ratio = export["wall"] / direct["wall"], export["cpu"] / direct["cpu"]
    verdict = "ok" if ratio <= TARGET_RATIO else "MISSED"
    print(
        f"  export/direct: {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (target <= "
        f"{TARGET_RATIO:g}x wall: {verdict}); CLI/direct {cli['wall'] / direct['wall']:.2f}x "
        "wall (process start, config and imports included)"
    )
    reference = pq.read_table(folder / "direct.parquet")
    same = [
        name
        for name in ("export", "cli")
        if pq.read_table(folder / f"{name}.parquet").equals(reference)
    ]
    print(f"  Parquet equal to pyarrow direct's: {', '.join(same) or 'NONE'} of export, cli")
    print(
        "  peak RSS: VmHWM of the phase's own process; growth: VmHWM less VmRSS before "
        "the work (imports done); CPU: user + system"
    )
    missed = [] if ratio <= TARGET_RATIO else [f"export/direct {ratio:.2f}x > {TARGET_RATIO:g}x"]
    if len(same) < 2:
        missed.append("the export's Parquet differs from pyarrow direct's")
    return missed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="mentions to seed")
    parser.add_argument("--database", help="an existing SQLite store (sqlite:///PATH) to read")
    parser.add_argument("--keep", help="seed into DIR/export.db (reused if there) and keep")
    parser.add_argument(
        "--formats", default="", help="also time these formats, e.g. csv,jsonl,xlsx"
    )
    parser.add_argument(
        "--repeat", type=int, default=1, help="run the Parquet phases N times, keep the fastest"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        print(json.dumps(run_phase(args.phase, Path(args.database), Path(args.out))))
        return 0
    formats = [f for f in args.formats.split(",") if f]
    unknown = set(formats) - {"csv", "jsonl", "xlsx"}
    if unknown:
        parser.error(f"--formats takes csv, jsonl, xlsx, not {', '.join(sorted(unknown))}")
    print(machine())
    with tempfile.TemporaryDirectory(prefix="export-bench-") as scratch:
        folder = Path(args.keep or scratch)
        folder.mkdir(parents=True, exist_ok=True)
        if args.database:
            if not args.database.startswith("sqlite:///"):
                parser.error("--database takes a SQLite store: sqlite:///PATH")
            db = Path(args.database[len("sqlite:///") :])
            print(f"[{NAME}] reading {db}")
        else:
            db = folder / "export.db"
            if db.exists():
                print(f"[{NAME}] reusing {db}")
            else:
                print(f"[{NAME}] seeded {args.rows:,} mentions in {seed(db, args.rows):.1f} s")
        missed = run_benchmark(db, folder, formats, max(1, args.repeat))
    if args.check and missed:
        print(f"[{NAME}] targets missed: " + "; ".join(missed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
