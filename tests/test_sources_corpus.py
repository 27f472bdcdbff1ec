"""The collector against the shared fault-injecting corpus server (serve_corpus.py).

A second, independent server: if our own loopback fixture and the collector shared
a blind spot, this one would show it. It lives beside the checkout
(``../shared/tools/serve_corpus.py``); a fresh clone has no such folder, so the
module skips there.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from monitor.collect import Collector
from monitor.store import open_store
from monitor.store.sourcestate import source_health
from sources import (
    EmptySourceError,
    FetchError,
    FetchLimits,
    FetchTimeout,
    HTTPStatusError,
    ParseError,
    TooLargeError,
)

from conftest_sources import FIXTURES, collect_once

SERVE_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "tools" / "serve_corpus.py"
SMALL = FetchLimits(total_timeout=1.5, connect_timeout=1.0, max_bytes=1 << 20)
FAULTS = [
    "drip/*=drip:50", "hang/*=hang", "status/*=status:503:120", "reset/*=reset",
    "trunc/*=truncate:0.5", "bomb/*=gzipbomb:300", "badgzip/*=badgzip",
    "loop/*=redirect-loop", "endless/*=endless:0", "empty/*=empty", "garbage/*=garbage:4096",
    "empty_channel.xml=fail-first:1:503",
]  # fmt: skip


@pytest.fixture(scope="module")
def corpus() -> Iterator[str]:
    if not SERVE_CORPUS.exists():
        pytest.skip(
            "../shared/tools/serve_corpus.py not found: fault-injection corpus tests need "
            "the shared tools beside the checkout"
        )
    command = [sys.executable, str(SERVE_CORPUS), str(FIXTURES), "--port", "0", "--quiet"]
    command += ["--stop-after", "120", "--compress", "--charset", "gbk_complaints.html=utf-8"]
    command += [f"--fault={rule}" for rule in FAULTS]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        ready = process.stdout.readline().split()  # blocks until the server listens
        assert ready[:1] == ["READY"], f"serve_corpus.py did not start: {ready}"
        yield f"http://127.0.0.1:{ready[1]}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_gzip_and_conditional_get_round_trip(corpus):
    url = f"{corpus}/rss2_normal.xml"

    first = collect_once(url)
    second = collect_once(url, validators=first.validators)

    assert [i.guid for i in first.items] == ["tag:news.example.com,2017:united-1", "didi-2", None]
    assert first.validators.etag and first.validators.etag.startswith('W/"')  # gzipped variant
    assert first.validators.last_modified
    assert second.not_modified and second.items == []
    assert second.validators.etag == first.validators.etag


def test_gbk_page_declared_utf8(corpus):
    result = collect_once(
        f"{corpus}/gbk_complaints.html",
        source_type="page",
        selectors={"item": ".complaint", "title": "h2"},
    )

    assert [i.title for i in result.items] == [
        "美聯航超售強行拖拽乘客", "滴滴司机绕路多收费", "滴滴客服电话打不通",
    ]  # fmt: skip


def test_fail_first_then_recovers_with_retry_after(corpus):
    url = f"{corpus}/empty_channel.xml"

    with pytest.raises(HTTPStatusError) as caught:
        collect_once(url)
    recovered = collect_once(url)

    assert (caught.value.status, caught.value.retry_after) == (503, 1.0)
    assert recovered.status == 200 and recovered.items == []


FAULT_CASES = [
    ("drip/a.xml", FetchTimeout, "feed did not finish within the 1.5 s total deadline"),
    ("hang/a.xml", FetchTimeout, "feed did not finish within the 1.5 s total deadline"),
    ("status/a.xml", HTTPStatusError, "feed returned HTTP 503 (server unavailable); will retry "
     "after 120 s"),
    ("reset/a.xml", FetchError, "connection reset by 127.0.0.1:"),
    ("trunc/a.xml", FetchError, "connection to 127.0.0.1:"),
    ("bomb/a.xml", TooLargeError, "feed is larger than the 1 MiB limit after decompression"),
    ("badgzip/a.xml", ParseError, "feed is not valid gzip data"),
    ("loop/a.xml", FetchError, "feed redirected more than 5 times (too many redirects"),
    ("endless/rss2_normal.xml", TooLargeError, "feed sent more than the 1 MiB limit"),
    ("empty/a.xml", EmptySourceError, "feed returned an empty body"),
    ("garbage/a.xml", EmptySourceError, "response is an unrecognised format"),
    ("not_a_feed.html", EmptySourceError, "response is an HTML page, not an RSS/Atom feed"),
]  # fmt: skip


@pytest.mark.parametrize(
    "path, error_class, message_start", FAULT_CASES, ids=[c[0] for c in FAULT_CASES]
)
def test_faults_become_the_right_errors(corpus, path, error_class, message_start):
    with pytest.raises(error_class) as caught:
        collect_once(f"{corpus}/{path}", limits=SMALL)

    assert str(caught.value).startswith(message_start)


def test_one_collector_cycle_over_every_fault_records_each_and_keeps_the_rest(
    corpus, tmp_path, write_config
):
    faults = [(f"fault{n}", path, start) for n, (path, _, start) in enumerate(FAULT_CASES)]
    sources = [("good", "rss2_normal.xml")] + [(name, path) for name, path, _ in faults]
    config = write_config(
        f"database: sqlite:///{tmp_path}/monitor.db\n"
        "brands: [{name: United Airlines}]\n"
        "collect: {total_timeout: 1.5s, connect_timeout: 1s, max_bytes: 1048576,\n"
        # the server's listen backlog is 5: more at once and connections wait for SYN retries
        "          concurrency: 16, per_host_concurrency: 4, per_host_delay: 0s}\n"
        "sources:\n"
        + "".join(f"  - {{name: {n}, type: rss, url: '{corpus}/{p}'}}\n" for n, p in sources)
    )
    store = open_store(config.database)
    started = time.monotonic()
    summary = Collector(config, store).collect(datetime.now(UTC), due_only=False)
    took = time.monotonic() - started

    rows = {row["name"]: row for row in source_health(store)}
    assert rows["good"]["problem"] is None, rows["good"]["last_error"]
    assert rows["good"]["mentions_added"] >= 1
    for name, path, start in faults:
        assert rows[name]["problem"] == "failing", (path, rows[name]["last_error"])
        assert rows[name]["last_error"].startswith(start), (path, rows[name]["last_error"])
        assert rows[name]["error_count"] == 1
    assert len(summary.failed) == len(faults)
    # four at a time: each fault ends at the 1.5 s deadline at worst, far from their sum
    assert took < len(sources) * 1.5 / 2, took
