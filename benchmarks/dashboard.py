"""Dashboard: each page's first render in headless Chromium, empty database against N mentions.

Two SQLite stores with the same small config (four brands, eight sources): an empty one
(the schema only) and one seeded with N mentions over 60 days, incidents, complaint
records, source states and a report (``dashboard_seed.py``). The seeded store is kept in
the work folder with ``--keep`` and reused by the next run (while under 12 hours old, so
"the last 24 hours" still holds mentions); indexes the schema gained since are created on
it first, as the monitor's migration does when the schema version rises. The work folder
defaults to ``monitor-bench-dashboard`` in the system's temporary folder.

For every page (Overview, Incidents, an incident's detail by its alert link, Mentions,
Complaints, Sources, Export, Reports, Alerts) and each store: a fresh ``monitor dashboard``
process, one warm-up visit to the Acknowledge page (so Python's imports and the config are
loaded, and no query this page runs is cached), then the page in a fresh browser context:
**cold**, from navigation until Streamlit has finished the script run
(``stApp[data-test-script-state=notRunning]``) with the page's heading visible; then the
page again in another fresh context: **warm** (the server's cached reads). A page that
shows an exception is flagged. Targets: cold under 2 s with N mentions, and at most twice
the empty store's.

    python benchmarks/dashboard.py [--rows 1000000] [--workdir DIR] [--keep] [--reseed]
                                   [--pages NAME,...] [--repeat 3] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import REPO, machine
from dashboard_seed import seed, write_config

NAME = "dashboard"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]  # fmt: skip
TARGET_SECONDS, TARGET_RATIO = 2.0, 2.0
MAX_AGE = timedelta(hours=12)  # a kept store older than this is seeded again
PAGE_TIMEOUT_MS = 180_000
# name -> (address, heading); {incident}: an incident of the seeded store (1 when empty)
PAGES = {
    "Overview": ("/", "Overview"),
    "Incidents": ("/incidents", "Incidents"),
    "Incident detail": ("/incidents?incident={incident}", "Incidents"),
    "Mentions": ("/mentions", "Mentions"),
    "Complaints": ("/complaints", "Complaints"),
    "Sources": ("/sources", "Sources"),
    "Export": ("/export", "Export"),
    "Reports": ("/report", "Reports"),
    "Alerts": ("/alerts", "Alerts"),
}


@dataclass
class Visit:
    seconds: float
    loaded: float  # of which until DOMContentLoaded: Streamlit's own page and scripts
    error: str = ""  # an exception the page showed


def seeded_store(folder: Path, rows: int, reseed: bool) -> tuple[Path, dict]:
    """The config of a store with ``rows`` mentions, seeded unless a fresh one is kept."""
    info_path = folder / "seeded.json"
    if not reseed and info_path.exists() and (folder / "monitor.db").exists():
        info = json.loads(info_path.read_text())
        age = datetime.now(UTC) - datetime.fromisoformat(info["seeded_at"])
        if info.get("rows") == rows and age < MAX_AGE:
            print(f"  reusing the store seeded {age.total_seconds() / 3600:.1f} h ago ({folder})")
            added = add_missing_indexes(write_config(folder))
            if added:
                print(f"  created the indexes the schema gained since: {', '.join(added)}")
            return folder / "sources.yaml", info
    print(f"  seeding {rows:,} mentions into {folder} ...", flush=True)
    info = seed(folder, rows, datetime.now(UTC))
    print(f"  seeded in {info['seconds']} s (items and mentions {info['bulk_seconds']} s)")
    info_path.write_text(json.dumps(info))
    return folder / "sources.yaml", info


def add_missing_indexes(config_path: Path) -> list[str]:
    """Create every index of ``monitor.store.schema`` the store lacks; their names."""
    from sqlalchemy import inspect

    from monitor.config import load_config
    from monitor.store import open_store
    from monitor.store.schema import metadata

    store = open_store(load_config(config_path).database)
    added = []
    try:
        with store.engine.begin() as conn:
            for table in metadata.sorted_tables:
                present = {i["name"] for i in inspect(conn).get_indexes(table.name)}
                for index in table.indexes:
                    if index.name not in present:
                        index.create(conn)
                        added.append(str(index.name))
    finally:
        store.close()
    return added


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serving(config: Path, log: Path) -> Iterator[str]:
    """``monitor dashboard`` for ``config`` on a free port; yields its base URL."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
           "PYTHONPATH": str(REPO)}  # fmt: skip
    command = [sys.executable, "-m", "monitor", "--config", str(config), "dashboard",
               "--port", str(port)]  # fmt: skip
    with log.open("ab") as output:
        process = subprocess.Popen(command, env=env, cwd=config.parent, start_new_session=True,
                                   stdout=output, stderr=subprocess.STDOUT)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the dashboard exited: see {log}")
            try:
                with urllib.request.urlopen(base + "/_stcore/health", timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the dashboard did not start: see {log}") from None
                time.sleep(0.1)  # polling a starting server, bounded by the deadline
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def visit(browser, url: str, heading: str) -> Visit:
    """Open ``url`` in a fresh context; seconds until the script run ended and ``heading``
    shows."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        started = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
        page.get_by_role("heading", name=heading, exact=True).first.wait_for()
        seconds = time.perf_counter() - started
        loaded = page.evaluate(
            "performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd"
        )
        shown = page.locator('[data-testid="stException"]')
        error = shown.first.inner_text()[:120] if shown.count() else ""
        return Visit(seconds, loaded / 1000, " ".join(error.split()))
    finally:
        context.close()


def measure(
    browser, config: Path, pages: list[str], incident: int, log: Path, repeat: int
) -> dict[str, list[tuple[Visit, Visit]]]:
    """{page: [(cold Visit, warm Visit)] * repeat}, each on a fresh dashboard process."""
    out: dict[str, list[tuple[Visit, Visit]]] = {}
    for name in pages:
        path, heading = PAGES[name]
        for _ in range(repeat):
            with serving(config, log) as base:
                visit(browser, base + "/acknowledge", "Acknowledge")  # imports, config, store
                url = base + path.format(incident=incident)
                out.setdefault(name, []).append(
                    (visit(browser, url, heading), visit(browser, url, heading))
                )
        cold, warm = (" ".join(f"{v[k].seconds:.2f}" for v in out[name]) for k in (0, 1))
        errors = {v[0].error for v in out[name] if v[0].error}
        print(f"    {name}: {cold} s, warm {warm} s" + "".join(f"  ERROR {e}" for e in errors),
              flush=True)  # fmt: skip
    return out


def median(visits: list[tuple[Visit, Visit]], which: int) -> float:
    return statistics.median(v[which].seconds for v in visits)


def report(empty: dict, full: dict, rows: int) -> bool:
    """Print the table; True when every page meets both targets."""
    label = f"{rows:,}" if rows % 1000 else f"{rows // 1000:,}k"
    label = "1M" if rows == 1_000_000 else label
    print(f"\n| page | empty (s) | {label} (s) | ratio | warm {label} (s) | target |")
    print("|---|---|---|---|---|---|")
    ok = True
    for name in full:
        base, cold, warm = median(empty[name], 0), median(full[name], 0), median(full[name], 1)
        error = next((v[0].error for v in full[name] if v[0].error), "")
        met = cold < TARGET_SECONDS and cold / base <= TARGET_RATIO and not error
        ok &= met
        flag = "ok" if met else "**MISS**" + (f" (error: {error})" if error else "")
        print(f"| {name} | {base:.2f} | {cold:.2f} | {cold / base:.2f}x | {warm:.2f} | {flag} |")
    every = [v.loaded for runs in (*empty.values(), *full.values()) for pair in runs for v in pair]
    repeat = len(next(iter(full.values())))
    print(f"\nmedians of {repeat} runs; targets: first render < {TARGET_SECONDS:g} s with "
          f"{label} mentions and at most {TARGET_RATIO:g}x the empty store's. Of every visit, "
          f"loading Streamlit's page itself (to DOMContentLoaded) took a median "
          f"{statistics.median(every):.2f} s")  # fmt: skip
    return ok


def run_benchmark(
    rows: int, workdir: Path, keep: bool, reseed: bool, pages: list[str], repeat: int = 3
) -> bool:
    if not CHROMIUM.exists():
        print(f"[{NAME}] skipped: headless Chromium not found at {CHROMIUM}")
        return True
    from playwright.sync_api import sync_playwright

    print(f"[{NAME}] {rows:,} mentions; work folder {workdir}")
    empty_dir = workdir / "empty"
    shutil.rmtree(empty_dir, ignore_errors=True)
    empty_config = write_config(empty_dir)
    add_missing_indexes(empty_config)  # opening the store creates the schema
    full_config, info = seeded_store(workdir / f"seeded-{rows}", rows, reseed)
    incident = info["incidents"][len(info["incidents"]) // 2]  # a closed one, mid-span
    log = workdir / "dashboard.log"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            try:
                print("  empty store:")
                empty = measure(browser, empty_config, pages, 1, log, repeat)
                print(f"  {rows:,} mentions:")
                full = measure(browser, full_config, pages, incident, log, repeat)
            finally:
                browser.close()
    finally:
        if not keep:
            shutil.rmtree(workdir / f"seeded-{rows}", ignore_errors=True)
    return report(empty, full, rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000, help="mentions to seed")
    parser.add_argument(
        "--workdir", type=Path, default=Path(tempfile.gettempdir()) / "monitor-bench-dashboard",
        help="where the stores, configs and the dashboard log go",
    )  # fmt: skip
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the seeded store for the next run (about 1 GB per 1M mentions)",
    )
    parser.add_argument("--reseed", action="store_true", help="seed again even if one is kept")
    parser.add_argument("--pages", default=",".join(PAGES),
                        help=f"comma-separated, of: {', '.join(PAGES)}")  # fmt: skip
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="fresh dashboards per page and store; medians are reported",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    pages = [p.strip() for p in args.pages.split(",") if p.strip()]
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown pages: {', '.join(unknown)}")
    print(machine())
    args.workdir.mkdir(parents=True, exist_ok=True)
    ok = run_benchmark(args.rows, args.workdir, args.keep, args.reseed, pages, args.repeat)
    return 1 if args.check and not ok else 0


if __name__ == "__main__":
    sys.exit(main())
