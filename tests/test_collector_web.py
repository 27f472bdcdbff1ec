"""The monitor's collector on the parts of the web that fight back: robots.txt, summaries
that need their article, feeds that are broken but readable.

Real loopback servers, a real SQLite file, the real Collector; time is injected.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from monitor.collect import Collector
from monitor.store import open_store
from monitor.store.mentions import MentionFilter, mention_rows
from monitor.store.sourcestate import source_health

from conftest_sources import HTML, RSS, LoopbackServer, fixture, send
from feeds import rss

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PAGE = (
    b"<html><body><article class='post'><h2>United Airlines drops a bag</h2>"
    b"<p>United Airlines lost my bag in Oslo.</p></article></body></html>"
)
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


def collector(tmp_path, write_config, sources: str, collect: str = "") -> Collector:
    config = write_config(
        f"database: sqlite:///{tmp_path}/monitor.db\n"
        "brands: [{name: United Airlines, aliases: [United]}]\n"
        f"collect: {{jitter: 0, per_host_delay: 0s{collect}}}\n"
        f"sources:\n{sources}"
    )
    return Collector(config, open_store(config.database))


def page_source(name: str, url: str) -> str:
    return (
        f"  - {{name: {name}, type: page, url: '{url}', "
        "selectors: {item: article.post, title: h2, text: p}}\n"
    )


def test_robots_txt_blocks_a_page_source_and_says_so(tmp_path, write_config):
    with LoopbackServer() as server:
        server.route("/robots.txt", send(ROBOTS, "text/plain"))
        ok = server.route("/public/board", send(PAGE, HTML))
        refused = server.route("/private/board", send(PAGE, HTML))
        polled = collector(
            tmp_path, write_config, page_source("open", ok) + page_source("closed", refused)
        )
        summary = polled.collect(NOW, due_only=False)
        paths = Counter(r.path for r in server.requests)

    rows = {r["name"]: r for r in source_health(polled.store)}
    assert rows["open"]["problem"] is None and rows["open"]["mentions_added"] == 1
    assert rows["closed"]["problem"] == "blocked"
    host = refused.split("/")[2]
    assert rows["closed"]["last_error"] == (
        f"robots.txt of {host} disallows /private/board for this User-Agent; remove the "
        "source or ask the site for access"
    )
    assert paths == {"/robots.txt": 1, "/public/board": 1}  # fetched once, obeyed
    assert {o.name: o.problem for o in summary.outcomes} == {"open": None, "closed": "blocked"}


def test_robots_false_reads_the_page_anyway(tmp_path, write_config):
    with LoopbackServer() as server:
        server.route("/robots.txt", send(ROBOTS, "text/plain"))
        refused = server.route("/private/board", send(PAGE, HTML))
        polled = collector(
            tmp_path, write_config, page_source("closed", refused), ", robots: false"
        )
        summary = polled.collect(NOW, due_only=False)
        paths = [r.path for r in server.requests]

    assert summary.mentions == 1
    assert paths == ["/private/board"]


def test_full_text_fetches_each_article_once_across_polls(tmp_path, write_config):
    first = [("a1", "United Airlines statement", NOW - timedelta(hours=2))]
    later = first + [("a2", "United Airlines, day two", NOW - timedelta(hours=1))]
    article = (
        "<html><body><nav>Menu Home World</nav><article><h1>{title}</h1>"
        + "<p>United Airlines said on Tuesday that it would review how it handles "
        "overbooked flights after a passenger was hurt, and apologised to him.</p>"
        * 3
        + "</article><footer>Contact us</footer></body></html>"
    )
    with LoopbackServer() as server:
        feed = {"body": rss(first)}
        url = server.route(
            "/feed.xml", lambda h: h.respond(200, feed["body"], {"Content-Type": RSS})
        )
        for guid in ("a1", "a2"):
            server.route(f"/{guid}", send(article.format(title=guid).encode(), HTML))
        body = rss(first).replace(b"https://news.example/", server.url("/").encode())
        feed["body"] = body
        polled = collector(
            tmp_path,
            write_config,
            f"  - {{name: wire, type: rss, url: '{url}', full_text: true}}\n",
        )
        polled.collect(NOW, due_only=False)
        feed["body"] = rss(later).replace(b"https://news.example/", server.url("/").encode())
        polled.collect(NOW + timedelta(minutes=20), due_only=False)
        paths = Counter(r.path for r in server.requests)

    assert paths == {"/feed.xml": 2, "/robots.txt": 1, "/a1": 1, "/a2": 1}
    texts = [m["text"] for m in mention_rows(polled.store, MentionFilter())]
    assert len(texts) == 2
    assert sorted(t.split("\n")[0] for t in texts) == ["a1", "a2"]  # each its own article
    assert all("\nUnited Airlines said on Tuesday that it would review" in t for t in texts)
    assert not any("Contact us" in t or "Menu" in t for t in texts)


def test_a_broken_but_readable_feed_is_read_with_a_warning_on_the_source(tmp_path, write_config):
    with LoopbackServer() as server:
        url = server.route("/feed.xml", fixture("malformed_recoverable.xml", RSS))
        polled = collector(
            tmp_path, write_config, f"  - {{name: loose, type: rss, url: '{url}'}}\n"
        )
        summary = polled.collect(NOW, due_only=False)

    [row] = source_health(polled.store)
    assert summary.outcomes[0].ok and summary.outcomes[0].items == 2
    assert row["problem"] is None
    assert row["last_warning"].startswith("feed is malformed but 2 entries were read (")
    assert row["last_warning"].endswith("); the publisher should fix it")
