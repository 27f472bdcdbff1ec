"""Polling: the monitor's collect cycle against a bare httpx loop, on N loopback feeds.

One server process (``poll_server.py``: asyncio, a minimal HTTP/1.1 responder) serves N
distinct RSS feeds from memory, spread over H loopback host names
(``http://127.0.0.X:PORT/feeds/I.xml``),
with ETag and Last-Modified on every response, 304 for a matching If-None-Match (or
If-Modified-Since), and gzip with ``--gzip`` when the client asks. Against the same URLs
and with the same global concurrency, each phase in its own fresh process:

(a) a bare ``httpx.AsyncClient`` GET loop under an ``asyncio.Semaphore``, reading bodies;
(b) the monitor's full cycle, ``Collector(config, store).collect(now, due_only=False)``
    into a temporary SQLite file, per-host politeness set so that it is not the
    bottleneck (per_host_concurrency = concurrency, per_host_delay 0);
(c) a second cycle right after, where every feed answers 304.

Reported: wall time, requests/s, mentions stored, bytes the server sent (headers
included); monitor/bare (target <= 1.5x); the 304 cycle's bytes as a share of the full
cycle's (target < 5%); peak RSS of the monitor's process (target < 300 MB). ``--check``
exits 1 when a target is missed. ``--profile`` then runs both monitor cycles again, in
a fresh process and database, under cProfile (event loop and parser threads) and prints
the top costs of each.

    python benchmarks/poll.py [--feeds N] [--hosts H] [--concurrency C] [--gzip]
                              [--check] [--profile]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import pstats
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from common import machine, per_second
from poll_server import BRANDS, serve, server_stats, since

if TYPE_CHECKING:  # imported where used, so the server and the bare loop stay bare
    from monitor.collect import Collector
    from monitor.config import Config

NAME = "poll"
TARGET_RATIO, TARGET_SHARE, TARGET_RSS_MB = 1.5, 0.05, 300


# --- the client phases, each in a fresh process ---------------------------------------


class Ticker:
    """A progress line at each fifth of a phase."""

    def __init__(self, label: str, total: int):
        self.label, self.total, self.done, self.step = label, total, 0, max(total // 5, 1)

    def tick(self, *_: object) -> None:
        self.done += 1
        if self.done % self.step == 0 and self.done < self.total:
            print(f"    {self.label}: {self.done:,} / {self.total:,}", flush=True)


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise LookupError(field)


def peak_rss() -> int:
    """This process's RSS high-water mark since its exec (VmHWM).

    Not ``ru_maxrss``: Linux carries that over from the parent across fork and exec,
    so a child of a big process (``run.py`` after the sentiment benchmark) would
    report its parent's peak.
    """
    return _status_kb("VmHWM")


def current_rss() -> int:
    return _status_kb("VmRSS")


async def _bare_loop(urls: list[str], concurrency: int, ticker: Ticker) -> None:
    gate = asyncio.Semaphore(concurrency)
    async with httpx.AsyncClient(timeout=30) as client:  # httpx's defaults, as make_client

        async def get(url: str) -> None:
            async with gate:
                await client.get(url)  # reads the body
            ticker.tick()

        await asyncio.gather(*(get(u) for u in urls))


def bare_role(job: dict) -> dict:
    before = server_stats(job["control"])
    start = time.perf_counter()
    asyncio.run(_bare_loop(job["urls"], job["concurrency"], Ticker("bare loop", len(job["urls"]))))
    wall = time.perf_counter() - start
    return {
        "wall": wall,
        "server": since(before, server_stats(job["control"])),
        "peak_rss": peak_rss(),
    }


def monitor_config(job: dict, database: str) -> Config:
    from monitor.config import Config

    return Config.model_validate(
        {
            "database": database,
            "brands": BRANDS,
            "sources": [
                {"name": f"feed-{i:05d}", "type": "rss", "url": url}
                for i, url in enumerate(job["urls"])
            ],
            "collect": {
                **job["settings"],
                "per_host_delay": timedelta(seconds=job["settings"]["per_host_delay"]),
            },
        }
    )


def _cycle(collector: Collector, job: dict, label: str, profile: bool = False) -> dict:
    ticker = Ticker(label, len(job["urls"]))
    before = server_stats(job["control"])
    start = time.perf_counter()
    if profile:
        summary = _profiled(collector, ticker.tick, label)
    else:
        summary = collector.collect(datetime.now(UTC), due_only=False, progress=ticker.tick)
    wall = time.perf_counter() - start
    return {
        "wall": wall,
        "server": since(before, server_stats(job["control"])),
        "mentions": summary.mentions,
        "failed": len(summary.failed),
        "first_error": summary.failed[0].error if summary.failed else None,
    }


def monitor_role(job: dict) -> dict:
    from monitor.collect import Collector
    from monitor.store.db import open_store

    path = Path(job["folder"]) / "poll.db"
    config = monitor_config(job, f"sqlite:///{path}")
    store = open_store(config.database)
    collector = Collector(config, store)
    collector.enricher.analyze("warm up the language model, built once per process")
    setup_rss = current_rss()
    try:
        if job["profile"]:
            for label in ("full cycle", "304 cycle"):
                _cycle(collector, job, f"profiled {label}", profile=True)
            return {}
        full = _cycle(collector, job, "monitor full cycle")
        again = _cycle(collector, job, "monitor 304 cycle")
        # the parser processes a big round starts (collect.parse_processes) count too
        pool = collector._parsers
        workers = [p.pid for p in (pool._processes or {}).values()] if pool else []
        parser_rss = [_vm_hwm(pid) for pid in workers]
    finally:
        collector.close()
        store.close()
    with sqlite3.connect(path) as db:
        stored = db.execute("SELECT count(*) FROM mentions").fetchone()[0]
    return {
        "full": full,
        "again": again,
        "stored": stored,
        "setup_rss": setup_rss,
        "peak_rss": peak_rss(),
        "parser_rss": parser_rss,
    }


def _vm_hwm(pid: int) -> int:
    """Another process's RSS high-water mark (VmHWM), in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _profiled(collector: Collector, progress, label: str) -> object:
    """One cycle under cProfile, the event loop's thread and the parser threads merged."""
    profiles: list[cProfile.Profile] = []
    local = threading.local()

    class ProfilingExecutor(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            def run():
                if not hasattr(local, "profile"):
                    local.profile = cProfile.Profile()
                    profiles.append(local.profile)
                local.profile.enable()
                try:
                    return fn(*args, **kwargs)
                finally:
                    local.profile.disable()

            return super().submit(run)

    async def cycle():
        asyncio.get_running_loop().set_default_executor(ProfilingExecutor())
        return await collector.run(datetime.now(UTC), False, progress)

    main = cProfile.Profile()
    summary = main.runcall(asyncio.run, cycle())
    stats = pstats.Stats(main)
    for profile in profiles:
        stats.add(profile)
    print(f"\n  {label}, by own time (event loop and parser threads summed):")
    stats.sort_stats("tottime").print_stats(20)
    print(f"  {label}, by cumulative time:")
    stats.sort_stats("cumulative").print_stats(30)
    return summary


# --- orchestration ---------------------------------------------------------------------


def _in_child(role: str, job: dict, folder: Path) -> dict:
    job_file = folder / f"{role}.json"
    job_file.write_text(json.dumps({**job, "folder": str(folder)}))
    done = subprocess.run([sys.executable, __file__, "--role", role, "--job", str(job_file)])
    out = job_file.with_suffix(".out.json")
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"[{NAME}] the {role} phase failed (exit code {done.returncode})")
    return json.loads(out.read_text())


def _mb(n: float) -> str:
    return f"{n / 1e6:,.1f} MB" if n >= 1e5 else f"{n / 1e3:,.1f} kB"


def _row(label: str, wall: float, server: dict, mentions: str) -> str:
    mix = f"{server.get('200', 0):,} / {server.get('304', 0):,}"
    return (
        f"  {label:<20s} {wall:7.2f} {per_second(server['requests'], wall):>11s} "
        f"{mix:>17s} {server['connections']:>6,} {mentions:>9s} {_mb(server['sent']):>11s}"
    )


def report(info: dict, bare: dict, mon: dict) -> list[str]:
    full, again = mon["full"], mon["again"]
    print(
        f"  {'phase':<20s} {'wall s':>7s} {'requests/s':>11s} {'200 / 304':>17s} "
        f"{'conns':>6s} {'mentions':>9s} {'server sent':>11s}"
    )
    print(_row("bare httpx loop", bare["wall"], bare["server"], "-"))
    print(_row("monitor full cycle", full["wall"], full["server"], f"{full['mentions']:,}"))
    print(_row("monitor 304 cycle", again["wall"], again["server"], f"{again['mentions']:,}"))
    ratio = full["wall"] / bare["wall"]
    share = again["server"]["sent"] / full["server"]["sent"]
    rss = (mon["peak_rss"] + sum(mon["parser_rss"])) / 1e6
    checks = [
        (ratio <= TARGET_RATIO, f"monitor/bare {ratio:.2f}x (target <= {TARGET_RATIO}x)"),
        (share < TARGET_SHARE, f"304 cycle bytes {share:.1%} of the full cycle (target < 5%)"),
        (
            rss < TARGET_RSS_MB,
            f"monitor peak RSS {rss:.0f} MB (target < {TARGET_RSS_MB} MB): main process "
            f"{mon['peak_rss'] / 1e6:.0f} MB + {len(mon['parser_rss'])} parser process(es) "
            + " + ".join(f"{r / 1e6:.0f} MB" for r in mon["parser_rss"]),
        ),
        (
            mon["stored"] == info["named"] and not full["failed"] and not again["failed"],
            f"mentions stored {mon['stored']:,} of {info['named']:,} items naming a brand; "
            f"failed sources {full['failed']} + {again['failed']}",
        ),
    ]
    for ok, text in checks:
        print(f"  {'ok  ' if ok else 'MISS'} {text}")
    print(
        f"  monitor RSS after setup (config, store, warm language model) "
        f"{mon['setup_rss'] / 1e6:.0f} MB; bare loop process peak {bare['peak_rss'] / 1e6:.0f} MB"
    )
    if full["server"].get("robots"):
        print(f"  robots.txt requests in the full cycle: {full['server']['robots']}")
    for cycle in (full, again):
        if cycle["first_error"]:
            print(f"  first error: {cycle['first_error']}")
    return [text for ok, text in checks if not ok]


def run_benchmark(
    feeds: int, hosts: int, concurrency: int, use_gzip: bool = False, profile: bool = False
) -> list[str]:
    """Run the three phases (and a profiled cycle); print the report; return missed targets."""
    if not 1 <= hosts <= 254:
        raise SystemExit(f"[{NAME}] --hosts must be between 1 and 254 (127.0.0.1-254)")
    if not 1 <= concurrency <= 256:
        raise SystemExit(f"[{NAME}] --concurrency must be between 1 and 256, as in the config")
    settings = {
        "concurrency": concurrency,
        "per_host_concurrency": min(concurrency, 64),
        "per_host_delay": 0.0,
    }
    print(
        f"[{NAME}] {feeds:,} feeds on {hosts} loopback hosts, global concurrency {concurrency}"
        f"{', gzip' if use_gzip else ''}; monitor settings: {settings} (per_host_delay in s),"
        " other collect settings default"
    )
    command = [sys.executable, __file__, "--role", "server", "--feeds", str(feeds)]
    command += ["--hosts", str(hosts)] + (["--gzip"] if use_gzip else [])
    start = time.perf_counter()
    server = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(server.stdout.readline() or "{}")
        if "port" not in info:
            raise SystemExit(f"[{NAME}] the feed server did not start")
        size = info["gzip_bytes"] or info["bytes"]
        print(
            f"  server ready in {time.perf_counter() - start:.1f} s: {info['items']:,} items "
            f"({info['named']:,} name a brand), {_mb(info['bytes'])} of feeds"
            + (f", {_mb(size)} gzipped" if use_gzip else "")
        )
        urls = [
            f"http://127.0.0.{1 + i % hosts}:{info['port']}/feeds/{i}.xml" for i in range(feeds)
        ]
        job = {"urls": urls, "control": info["control"], "settings": settings}
        with tempfile.TemporaryDirectory(prefix="poll-") as tmp:
            print("  (a) bare httpx loop ...", flush=True)
            bare = _in_child("bare", {**job, "concurrency": concurrency}, Path(tmp))
            print("  (b, c) monitor full cycle, then 304 cycle ...", flush=True)
            mon = _in_child("monitor", {**job, "profile": False}, Path(tmp))
            print()
            missed = report(info, bare, mon)
            if profile:
                profiled = Path(tmp) / "profile"
                profiled.mkdir()
                _in_child("monitor", {**job, "profile": True}, profiled)
    finally:
        server.stdin.close()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.terminate()
            server.wait()
    return missed


def _child_main(args: argparse.Namespace) -> int:
    if args.role == "server":
        asyncio.run(serve(args.feeds, args.hosts, args.gzip))
        return 0
    job = json.loads(Path(args.job).read_text())
    result = (bare_role if args.role == "bare" else monitor_role)(job)
    Path(args.job).with_suffix(".out.json").write_text(json.dumps(result))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--feeds", type=int, default=5000, help="feeds to serve and poll")
    parser.add_argument("--hosts", type=int, default=50, help="loopback host names (1-254)")
    parser.add_argument("--concurrency", type=int, default=32, help="global, both clients")
    parser.add_argument("--gzip", action="store_true", help="gzip bodies when asked")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    parser.add_argument("--profile", action="store_true", help="then profile both monitor cycles")
    parser.add_argument("--role", choices=("server", "bare", "monitor"), help=argparse.SUPPRESS)
    parser.add_argument("--job", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role:
        return _child_main(args)
    print(machine())
    missed = run_benchmark(args.feeds, args.hosts, args.concurrency, args.gzip, args.profile)
    if args.check and missed:
        print(f"[{NAME}] targets missed: " + "; ".join(missed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
