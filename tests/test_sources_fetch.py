"""HTTP behaviour of the collector against a real server on 127.0.0.1.

Conditional GET, request headers, compression, redirects, status codes and
Retry-After. Faults that break the transfer itself are in test_sources_faults.py.
"""

from __future__ import annotations

import gzip
import zlib
from datetime import UTC, datetime

import pytest

from sources import FetchError, FetchLimits, HTTPStatusError, SourceError, Validators
from sources.http import parse_retry_after

from conftest_sources import (
    RSS,
    SOURCE_NAME,
    LoopbackServer,
    collect_once,
    encoded,
    fixture,
    read_fixture,
    redirect,
    redirect_loop,
    send,
    status,
)

ETAG = '"rss-v1"'
LAST_MODIFIED = "Tue, 11 Apr 2017 15:00:00 GMT"
UNITED = "United Airlines apologises after passenger dragged off flight"


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


def test_first_poll_stores_validators_and_second_poll_is_not_modified(server):
    url = server.route(
        "/feed.xml",
        fixture("rss2_normal.xml", RSS, etag=ETAG, last_modified=LAST_MODIFIED, compress=True),
    )
    limits = FetchLimits(user_agent="crisis-monitor-tests/1.0", total_timeout=5.0)

    first = collect_once(url, limits=limits)
    second = collect_once(url, limits=limits, validators=first.validators)

    assert (first.status, first.not_modified, len(first.items)) == (200, False, 3)
    assert first.items[0].title == UNITED
    assert first.validators == Validators(etag=ETAG, last_modified=LAST_MODIFIED)
    assert second.status == 304 and second.not_modified and second.items == []
    assert second.validators == first.validators
    sent_first, sent_second = (r.headers for r in server.requests)
    assert sent_first["user-agent"] == "crisis-monitor-tests/1.0"
    assert sent_first["accept-encoding"] == "gzip, deflate"
    assert "if-none-match" not in sent_first and "if-modified-since" not in sent_first
    assert sent_second["if-none-match"] == ETAG
    assert sent_second["if-modified-since"] == LAST_MODIFIED


def test_last_modified_alone_is_enough_for_a_304(server):
    url = server.route("/feed.xml", fixture("rss2_normal.xml", RSS, last_modified=LAST_MODIFIED))

    result = collect_once(url, validators=Validators(last_modified=LAST_MODIFIED))

    assert result.not_modified and result.status == 304
    assert result.validators == Validators(last_modified=LAST_MODIFIED)


def test_source_headers_are_sent_but_cannot_change_accept_encoding(server):
    url = server.route("/feed.xml", fixture("rss2_normal.xml", RSS))

    collect_once(url, headers={"Accept-Language": "zh-TW", "accept-encoding": "br"})

    sent = server.requests[0].headers
    assert sent["accept-language"] == "zh-TW"
    assert sent["accept-encoding"] == "gzip, deflate"
    assert sent["accept"].startswith("application/rss+xml")


@pytest.mark.parametrize(
    "encoding, compress",
    [
        ("gzip", lambda b: gzip.compress(b, mtime=0)),
        ("deflate", zlib.compress),  # RFC 9110 deflate: zlib-wrapped
        ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # what some servers send: raw
    ],
    ids=["gzip", "deflate-zlib", "deflate-raw"],
)
def test_compressed_bodies_are_decoded(server, encoding, compress):
    body = compress(read_fixture("rss2_normal.xml"))
    url = server.route("/feed.xml", encoded(body, encoding))

    result = collect_once(url)

    assert [i.title for i in result.items][:1] == [UNITED]


def test_redirect_is_followed_and_final_url_reported(server):
    final = server.route("/new/feed.xml", fixture("rss2_normal.xml", RSS))
    url = server.route("/old/feed.xml", redirect("/new/feed.xml", code=301))

    result = collect_once(url)

    assert result.final_url == final
    assert len(result.items) == 3
    assert result.items[1].url == server.url("/didi")


def test_source_credentials_never_follow_a_redirect_to_another_host(server):
    server.route("/feed.xml", fixture("rss2_normal.xml", RSS))
    elsewhere = server.url("/feed.xml").replace("127.0.0.1", "localhost")
    server.route("/same", redirect("/feed.xml"))
    server.route("/away", redirect(elsewhere))
    secret = {"Authorization": "Bearer s3cret", "X-Api-Key": "k", "Accept-Language": "ro"}

    collect_once(server.url("/same"), headers=secret)
    collect_once(server.url("/away"), headers=secret)

    seen = [(r.path, r.headers.get("host", "").split(":")[0], r.headers) for r in server.requests]
    assert [(p, h) for p, h, _ in seen] == [
        ("/same", "127.0.0.1"),
        ("/feed.xml", "127.0.0.1"),
        ("/away", "127.0.0.1"),
        ("/feed.xml", "localhost"),
    ]
    assert [h.get("authorization") for _, _, h in seen] == ["Bearer s3cret"] * 3 + [None]
    assert [h.get("x-api-key") for _, _, h in seen] == ["k"] * 3 + [None]
    assert seen[3][2]["accept-language"] == "ro"


def test_redirect_loop_stops_at_max_redirects(server):
    url = server.route("/loop.xml", redirect_loop())

    with pytest.raises(FetchError) as caught:
        collect_once(url, limits=FetchLimits(max_redirects=3, total_timeout=5.0))

    assert str(caught.value) == (
        "feed redirected more than 3 times (too many redirects, a redirect loop?); "
        "point the source at the final address"
    )
    assert (caught.value.source, caught.value.url) == (SOURCE_NAME, url)
    assert [r.path for r in server.requests] == [
        "/loop.xml", "/loop.xml?hop=1", "/loop.xml?hop=2", "/loop.xml?hop=3",
    ]  # fmt: skip


def test_503_with_retry_after_seconds(server):
    url = server.route("/feed.xml", status(503, retry_after="120"))

    with pytest.raises(HTTPStatusError) as caught:
        collect_once(url)

    error = caught.value
    assert str(error) == (
        "feed returned HTTP 503 (server unavailable); will retry after 120 s as the server asks"
    )
    assert (error.status, error.retry_after, error.retryable) == (503, 120.0, True)
    assert (error.source, error.url) == (SOURCE_NAME, url)


def test_503_without_retry_after_backs_off(server):
    url = server.route("/feed.xml", status(503))

    with pytest.raises(HTTPStatusError) as caught:
        collect_once(url)

    assert (
        str(caught.value) == "feed returned HTTP 503 (server unavailable); will retry with backoff"
    )
    assert caught.value.retry_after is None


def test_429_with_retry_after_http_date(server):
    url = server.route("/api", status(429, retry_after="Wed, 21 Oct 2037 07:28:00 GMT"))

    with pytest.raises(HTTPStatusError) as caught:
        collect_once(url, source_type="json")

    expected = (datetime(2037, 10, 21, 7, 28, tzinfo=UTC) - datetime.now(UTC)).total_seconds()
    assert caught.value.status == 429
    assert caught.value.retry_after == pytest.approx(expected, abs=5)
    assert str(caught.value).startswith("JSON endpoint returned HTTP 429 (too many requests)")


def test_404_names_the_fix_and_is_not_retryable(server):
    url = server.url("/missing.html")

    with pytest.raises(HTTPStatusError) as caught:
        collect_once(url, source_type="page")

    assert str(caught.value) == "page returned HTTP 404 (not found); check the URL"
    assert (caught.value.status, caught.value.retryable) == (404, False)


def test_unknown_source_type_fails_before_any_request(server):
    url = server.route("/feed.xml", send(b"x"))

    with pytest.raises(SourceError) as caught:
        collect_once(url, source_type="twitter")

    assert type(caught.value) is SourceError
    assert str(caught.value) == "unknown source type 'twitter'; use one of rss, page, json"
    assert server.requests == []


@pytest.mark.parametrize(
    "value, expected",
    [
        ("120", 120.0),
        ("0", 0.0),
        ("Sun, 06 Nov 1994 08:49:37 GMT", 60.0),
        ("Sun, 06 Nov 1994 08:47:37 GMT", 0.0),  # in the past: no wait
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value, expected):
    now = datetime(1994, 11, 6, 8, 48, 37, tzinfo=UTC)
    assert parse_retry_after(value, now) == expected
