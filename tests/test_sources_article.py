"""Full text of linked articles, and the rule that keeps content from steering our fetches.

A real server on 127.0.0.1 serves feeds whose entries carry a teaser and link to
article pages. Links to other local or private addresses must be refused before any
request is made, redirects included.
"""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import Callable
from typing import Any

import pytest

from sources import (
    CollectResult,
    FetchLimits,
    FetchSpec,
    RawItem,
    Validators,
    collect,
    make_client,
)
from sources.addresses import LinkGuard, non_public_reason
from sources.article import extract_main_text
from sources.errors import AddressRefused
from sources.robots import RobotsCache

from conftest_sources import (
    HTML,
    JSON,
    RSS,
    SOURCE_NAME,
    LoopbackServer,
    fixture,
    hang,
    read_fixture,
    redirect,
    send,
    status,
)

ARTICLE_START = "United Airlines CEO apologises for dragging passenger off flight\n"
FIRST_PARAGRAPH = (
    "United Airlines chief executive Oscar Munoz apologised on Tuesday for the "
    "\u201ctruly horrific event\u201d in which a passenger was dragged off an overbooked "
    "flight in Chicago, after two days of mounting public anger."
)
LAST_SENTENCE = "the airline said in a statement."
LOOPBACK_RULE = "links found in content may only lead to public addresses or the source's own host"


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        srv.route("/articles/united-apology", fixture("article_united.html", HTML))
        srv.route("/articles/withdrawn", status(404))
        yield srv


def poll(
    url: str,
    source_type: str = "rss",
    limits: FetchLimits | None = None,
    robots: RobotsCache | None = None,
    is_new: Callable[[RawItem], bool] | None = None,
    **spec: Any,
) -> CollectResult:
    limits = limits or FetchLimits(total_timeout=5.0)
    spec.setdefault("full_text", True)

    async def run() -> CollectResult:
        async with make_client(limits) as client:
            source = FetchSpec(name=SOURCE_NAME, type=source_type, url=url, **spec)
            return await collect(client, source, Validators(), limits, robots, is_new)

    return asyncio.run(run())


def requested(server: LoopbackServer) -> list[str]:
    return [r.path for r in server.requests]


def private_links_feed(server: LoopbackServer) -> str:
    body = read_fixture("links_to_private.xml").replace(b"PORT", str(server.port).encode())
    return server.route("/links.xml", send(body, RSS))


# --- extraction -----------------------------------------------------------------------------


def test_main_text_leaves_menus_sidebars_footers_and_comments_out():
    text = extract_main_text(read_fixture("article_united.html"), {}, "https://x.example/a")

    assert text.startswith(ARTICLE_START + FIRST_PARAGRAPH + "\n")
    assert text.endswith(LAST_SENTENCE)
    assert len(text.splitlines()) == 6  # the headline and five paragraphs
    assert "Qantas" not in text  # only in the menu, the sidebar and the footer
    assert "Daily Ledger" not in text and "disgrace" not in text


def test_main_text_of_a_page_without_text_is_empty():
    page = b"<html><head><title>App</title></head><body><div id=app></div></body></html>"

    assert extract_main_text(page, {}, "https://x.example/app") == ""


# --- full text over HTTP --------------------------------------------------------------------


def test_short_summaries_are_replaced_by_the_articles_main_text(server):
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url)

    united, withdrawn, long_read, note = result.items
    assert united.title == "United Airlines CEO apologises"
    assert united.text.startswith(ARTICLE_START + FIRST_PARAGRAPH)
    assert "Qantas" not in united.text
    assert united.guid == "ledger-2017-0411-united"
    assert withdrawn.text == "This story has been withdrawn."
    assert long_read.text.startswith("Airlines routinely sell more seats")
    assert note.text == "Our business desk is short-staffed this week." and note.url == url
    assert result.warnings == [
        f"link {server.url('/articles/withdrawn')} not fetched: page returned HTTP 404 (not found)"
    ]
    assert sorted(requested(server)) == [
        "/articles/united-apology",
        "/articles/withdrawn",
        "/feed.xml",
    ]


def test_without_full_text_no_article_is_fetched(server):
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url, full_text=False)

    assert result.items[0].text == (
        "Oscar Munoz apologises after passenger video spreads. Read more..."
    )
    assert result.warnings == []
    assert requested(server) == ["/feed.xml"]


def test_items_the_caller_already_has_do_not_fetch_their_article_again(server):
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))
    stored = {"ledger-2017-0411-united"}

    result = poll(url, is_new=lambda item: item.guid not in stored)

    assert result.items[0].text == (
        "Oscar Munoz apologises after passenger video spreads. Read more..."
    )
    assert requested(server) == ["/feed.xml", "/articles/withdrawn"]


def test_at_most_max_articles_are_fetched_per_poll(server):
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url, limits=FetchLimits(total_timeout=5.0, max_articles=1))

    assert result.items[0].text.startswith(ARTICLE_START)
    assert result.items[1].text == "This story has been withdrawn."
    assert result.warnings == [
        "2 items with short text link to articles; only the first 1 were fetched "
        "(at most 1 per poll), the rest keep their summaries"
    ]
    assert requested(server) == ["/feed.xml", "/articles/united-apology"]


def test_articles_still_running_at_the_source_deadline_become_warnings(server):
    server.route("/articles/withdrawn", hang())
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url, limits=FetchLimits(total_timeout=1.0))

    assert result.items[0].text.startswith(ARTICLE_START)
    assert result.items[1].text == "This story has been withdrawn."
    assert result.warnings == [
        f"link {server.url('/articles/withdrawn')} not fetched: the source's 1 s deadline ran out"
    ]


def test_a_linked_file_that_is_not_html_keeps_the_summary(server):
    server.route("/articles/withdrawn", send(b"%PDF-1.4 ...", "application/pdf"))
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url)

    assert result.warnings == [
        f"link {server.url('/articles/withdrawn')} is application/pdf, not an HTML page; "
        "kept the item's summary"
    ]


def test_a_bot_wall_instead_of_the_article_keeps_the_summary(server):
    wall = b"<html><head><title>Just a moment...</title></head><body>Checking</body></html>"
    server.route("/articles/withdrawn", send(wall, HTML))
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url)

    assert result.items[1].text == "This story has been withdrawn."
    assert result.warnings == [
        f"link {server.url('/articles/withdrawn')} answered with a Cloudflare challenge "
        "instead of the article; kept the item's summary"
    ]


def test_a_page_without_text_keeps_the_summary(server):
    server.route("/articles/withdrawn", send(b"<html><body><script>x()</script></body>", HTML))
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url)

    assert result.items[1].text == "This story has been withdrawn."
    assert result.warnings == [
        f"link {server.url('/articles/withdrawn')} has no main text to extract; "
        "kept the item's summary"
    ]


def test_a_menu_word_never_replaces_a_longer_summary(server):
    menu = b"<html><body><nav><ul><li><a href='/'>Home</a></li></ul></nav></body></html>"
    server.route("/articles/withdrawn", send(menu, HTML))
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url)

    assert result.items[1].text == "This story has been withdrawn."
    assert result.warnings == [
        f"link {server.url('/articles/withdrawn')} has no main text longer than the item's own"
    ]


def test_json_items_get_full_text_too(server):
    body = b'[{"id": 1, "title": "United", "url": "/articles/united-apology", "text": "Short."}]'
    url = server.route("/api/items", send(body, JSON))
    fields = {"id": "id", "title": "title", "url": "url", "text": "text"}

    result = poll(url, source_type="json", fields=fields)

    assert result.items[0].text.startswith(ARTICLE_START)


def test_robots_txt_of_the_article_is_obeyed(server):
    server.route("/robots.txt", send(b"User-agent: *\nDisallow: /articles/\n", "text/plain"))
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url, robots=RobotsCache())

    assert result.items[0].text == (
        "Oscar Munoz apologises after passenger video spreads. Read more..."
    )
    host = f"127.0.0.1:{server.port}"
    assert result.warnings == [
        f"link {server.url('/articles/united-apology')} not fetched: robots.txt of {host} "
        "disallows /articles/united-apology for this User-Agent",
        f"link {server.url('/articles/withdrawn')} not fetched: robots.txt of {host} "
        "disallows /articles/withdrawn for this User-Agent",
    ]
    assert requested(server) == ["/feed.xml", "/robots.txt"]


# --- link safety ----------------------------------------------------------------------------


def test_links_to_local_and_private_addresses_are_refused_and_never_requested(server):
    url = private_links_feed(server)
    port = server.port

    result = poll(url)

    assert result.items[0].text.startswith(ARTICLE_START)  # the feed's own host: fetched
    assert [i.text for i in result.items[1:]] == ["Teaser."] * 5
    assert result.warnings == [
        f"link http://localhost:{port}/private/admin not fetched: localhost is a loopback "
        f"address (127.0.0.1); {LOOPBACK_RULE}",
        f"link http://10.0.0.1/admin not fetched: 10.0.0.1 is a private address; {LOOPBACK_RULE}",
        f"link http://[::1]:{port}/private/v6 not fetched: ::1 is a loopback address; "
        f"{LOOPBACK_RULE}",
        "link http://169.254.169.254/latest/meta-data/ not fetched: 169.254.169.254 is a "
        f"link-local address; {LOOPBACK_RULE}",
        "link ftp://127.0.0.2/pub/file.txt not fetched: only http(s) links are fetched",
    ]
    assert requested(server) == ["/links.xml", "/articles/united-apology"]


def test_a_redirect_to_a_private_address_is_refused_before_it_is_followed(server):
    port = server.port
    server.route("/articles/withdrawn", redirect(f"http://localhost:{port}/private/secret"))
    server.route("/private/secret", send(b"<html><body><p>secret</p></body></html>", HTML))
    url = server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(url)

    assert result.items[1].text == "This story has been withdrawn."
    assert result.warnings == [
        f"link {server.url('/articles/withdrawn')} not fetched: it redirects to "
        f"http://localhost:{port}/private/secret, and localhost is a loopback address "
        f"(127.0.0.1); {LOOPBACK_RULE}"
    ]
    assert "/private/secret" not in requested(server)


def test_configured_sources_still_follow_redirects_anywhere(server):
    port = server.port
    server.route("/old-feed.xml", redirect(f"http://localhost:{port}/feed.xml"))
    server.route("/feed.xml", fixture("full_text_feed.xml", RSS))

    result = poll(server.url("/old-feed.xml"), full_text=False)

    assert result.final_url == f"http://localhost:{port}/feed.xml"
    assert len(result.items) == 4


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "non-public"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_which_addresses_are_public(address, reason):
    assert non_public_reason(ipaddress.ip_address(address)) == reason


def test_the_guard_trusts_only_the_configured_host():
    guard = LinkGuard("127.0.0.1")

    async def check(url: str) -> str | None:
        try:
            await guard(url)
        except AddressRefused as exc:
            return str(exc)
        return None

    async def run() -> list[str | None]:
        urls = ["http://127.0.0.1:9/a", "https://[::1]/a", "http://0.0.0.0:80/", "file:///etc"]
        return [await check(u) for u in urls]

    assert asyncio.run(run()) == [
        None,
        f"::1 is a loopback address; {LOOPBACK_RULE}",
        f"0.0.0.0 is an unspecified address; {LOOPBACK_RULE}",
        "only http(s) links are fetched",
    ]
