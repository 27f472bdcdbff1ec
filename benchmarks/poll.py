"""Polling: the monitor's collect cycle against a bare httpx loop, on N loopback feeds.

One server process (asyncio, a minimal HTTP/1.1 responder) serves N distinct RSS feeds
from memory, spread over H loopback host names (``http://127.0.0.X:PORT/feeds/I.xml``),
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
import email.utils
import gzip as gzip_module
import html
import json
import pstats
import random
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import httpx
from common import machine, per_second

if TYPE_CHECKING:  # imported where used, so the server and the bare loop stay bare
    from monitor.collect import Collector
    from monitor.config import Config

NAME = "poll"
TARGET_RATIO, TARGET_SHARE, TARGET_RSS_MB = 1.5, 0.05, 300
BRANDS = [
    {"name": "Acme Air", "aliases": ["阿克米航空"]},
    {"name": "Globex Bank", "aliases": ["Globex"]},
    {"name": "Initech"},
]
BRAND_TITLES = (
    "{b} lost my luggage in {c} and customer service hung up on me",
    "Worst experience ever with {b} in {c}: no refund, no response",
    "{b} opens a new office in {c}",
    "{b} publishes its quarterly results; analysts in {c} are pleased",
    "Am sunat la {b} de trei ori din {c} și nu am primit rambursarea",
)
ZH_TITLE = "阿克米航空的客服太差了，投诉了三次都没人理，要求退款"
PLAIN_TITLES = (
    "Weather in {c}: rain expected tomorrow",
    "{c} council votes on the new tram line",
    "Traffic update for {c}",
    "Local team wins the derby in {c}",
)
# Item text is sentences of random words, so that no two items read as copies of one story
# (the store groups syndicated copies; near-identical filler would make every item a copy).
WORDS = """
the a of to and in for on with at by from about after before over under between into council
city mayor school hospital station bridge market harbour museum library park street road
river airport train bus tram ferry ticket price budget report survey plan week month year
morning evening night weekend holiday season summer winter spring residents workers students
teachers drivers nurses farmers tourists visitors families said says announced confirmed
expects plans opened closed raised cut delayed approved rejected discussed published
reviewed visited built repaired moved changed reported new old local national regional
public private small large early late main next last first second third several many few
most some other own same different recent annual water energy housing traffic weather rain
wind snow heat power fuel food coffee bread meeting vote decision law rule service centre
office court police fire team club match game festival concert exhibition show book film
music art history science health money tax rent wage job contract project proposal scheme
route line stop platform north south east west central coastal rural urban quiet busy open
closed free full because while although since until unless when where which who that this
those these more less much very only also still already again soon today yesterday tomorrow
two three four five ten twenty hundred thousand million percent hours minutes days
""".split()
CITIES = ("Oslo", "Lisbon", "Taipei", "Bucharest", "Dublin", "Porto", "Cluj")
LAST_MODIFIED = "Fri, 01 May 2026 08:00:00 GMT"
REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found"}


def _sentence(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14)))
    return text[0].upper() + text[1:] + "."


def build_feed(index: int) -> tuple[bytes, int, int]:
    """Feed ``index``: RSS bytes (10-20 items, about 5-15 KB), items, items naming a brand."""
    rng = random.Random(index)
    published = datetime(2026, 5, 1, 8, tzinfo=UTC)
    entries, named = [], 0
    for k in range(rng.randint(10, 20)):
        city = rng.choice(CITIES)
        if rng.random() < 0.3:
            named += 1
            brand = rng.choice(BRANDS)["name"]
            title = ZH_TITLE if rng.random() < 0.1 else rng.choice(BRAND_TITLES)
            title = title.format(b=brand, c=city)
        else:
            title = rng.choice(PLAIN_TITLES).format(c=city)
        body = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        summary = f'<p>{body}</p><p><a href="https://site{index}.example/{k}">Read more</a></p>'
        date = email.utils.format_datetime(published - timedelta(minutes=37 * k))
        entries.append(
            f"<item><title>{html.escape(title)}</title><link>https://site{index}.example/{k}"
            f'</link><guid isPermaLink="false">feed-{index}-{k}</guid><pubDate>{date}</pubDate>'
            f"<description>{html.escape(summary)}</description></item>"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {index}</title><link>https://site{index}.example/</link>"
        f"<description>Local news {index}</description>{''.join(entries)}</channel></rss>"
    )
    return xml.encode(), len(entries), named


# --- the server process --------------------------------------------------------------


class _Feeds:
    """Pre-built feed bodies and the byte counters (cumulative; phases take differences)."""

    def __init__(self, count: int, use_gzip: bool):
        self.bodies, self.gzipped, self.etags = [], [], []
        self.items = self.named = 0
        for i in range(count):
            body, items, named = build_feed(i)
            self.bodies.append(body)
            self.gzipped.append(gzip_module.compress(body, 6) if use_gzip else None)
            self.etags.append(f'"{i}-{zlib.crc32(body):08x}"')
            self.items, self.named = self.items + items, self.named + named
        self.counters = {"requests": 0, "sent": 0, "received": 0, "connections": 0}
        self._date = (0, "")

    def date(self) -> str:
        now = int(time.time())
        if now != self._date[0]:
            self._date = (now, email.utils.formatdate(now, usegmt=True))
        return self._date[1]

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, list[str], bytes]:
        if path == "/robots.txt":
            return 200, ["Content-Type: text/plain"], b"User-agent: *\nAllow: /\n"
        number = path.removeprefix("/feeds/").removesuffix(".xml")
        if not (path.startswith("/feeds/") and number.isdigit() and int(number) < len(self.etags)):
            return 404, ["Content-Type: text/plain"], b"no such feed\n"
        i = int(number)
        etag, body = self.etags[i], self.bodies[i]
        fields = [f"ETag: {etag}", f"Last-Modified: {LAST_MODIFIED}"]
        match = headers.get("if-none-match")
        if match is not None:
            tags = {t.strip().removeprefix("W/") for t in match.split(",")}
            if "*" in tags or etag in tags:
                return 304, fields, b""
        elif headers.get("if-modified-since") == LAST_MODIFIED:
            return 304, fields, b""
        fields.append("Content-Type: application/rss+xml; charset=utf-8")
        if self.gzipped[i] is not None and "gzip" in headers.get("accept-encoding", ""):
            body = self.gzipped[i]
            fields += ["Content-Encoding: gzip", "Vary: Accept-Encoding"]
        return 200, fields, body


class _Responder(asyncio.Protocol):
    """Minimal HTTP/1.1: GET only, keep-alive, pipelining; /_stats on the control port."""

    def __init__(self, feeds: _Feeds, control: bool):
        self.feeds, self.control, self.buffer = feeds, control, b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        if not self.control:
            self.feeds.counters["connections"] += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            self.respond(head)

    def respond(self, head: bytes) -> None:
        lines = head.decode("latin-1").split("\r\n")
        target = lines[0].split(" ")[1] if " " in lines[0] else "/"
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if self.control:
            status, fields, body = 200, [], json.dumps(self.feeds.counters).encode()
        else:
            status, fields, body = self.feeds.answer(target.split("?")[0], headers)
        fields += [f"Date: {self.feeds.date()}", "Server: poll-bench"]
        if status != 304:
            fields.append(f"Content-Length: {len(body)}")
        lines = "".join(f"{field}\r\n" for field in fields)
        data = f"HTTP/1.1 {status} {REASONS[status]}\r\n{lines}\r\n".encode("latin-1") + body
        if not self.control:
            c = self.feeds.counters
            c["requests"] += 1
            c["sent"] += len(data)
            c["received"] += len(head) + 4
            c[str(status)] = c.get(str(status), 0) + 1
            if target == "/robots.txt":
                c["robots"] = c.get("robots", 0) + 1
        self.transport.write(data)
        if headers.get("connection", "").lower() == "close":
            self.transport.close()


async def _serve(count: int, hosts: int, use_gzip: bool) -> None:
    feeds = _Feeds(count, use_gzip)
    loop = asyncio.get_running_loop()
    servers = []
    for _ in range(5):  # another program may hold our port on some 127.0.0.X: pick again
        try:
            first = await loop.create_server(lambda: _Responder(feeds, False), "127.0.0.1", 0)
            servers = [first]
            port = first.sockets[0].getsockname()[1]
            for x in range(2, hosts + 1):
                servers.append(
                    await loop.create_server(
                        lambda: _Responder(feeds, False), f"127.0.0.{x}", port, backlog=1024
                    )
                )
            break
        except OSError:
            for server in servers:
                server.close()
    else:
        raise SystemExit(f"could not bind one port on 127.0.0.1-127.0.0.{hosts}")
    control = await loop.create_server(lambda: _Responder(feeds, True), "127.0.0.1", 0)
    ready = {
        "port": port,
        "control": control.sockets[0].getsockname()[1],
        "items": feeds.items,
        "named": feeds.named,
        "bytes": sum(len(b) for b in feeds.bodies),
        "gzip_bytes": sum(len(b) for b in feeds.gzipped if b),
    }
    print(json.dumps(ready), flush=True)
    await loop.run_in_executor(None, sys.stdin.read)  # until the benchmark closes our stdin


def server_stats(control: int) -> dict[str, int]:
    return httpx.get(f"http://127.0.0.1:{control}/_stats", trust_env=False).json()


def _since(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: v - before.get(k, 0) for k, v in after.items()}


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
        "server": _since(before, server_stats(job["control"])),
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
        "server": _since(before, server_stats(job["control"])),
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
        asyncio.run(_serve(args.feeds, args.hosts, args.gzip))
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
