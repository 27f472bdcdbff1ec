"""Faults in the transfer itself: trickles, hangs, endless bodies, bombs, resets.

Each runs against a real server on 127.0.0.1 with small limits, so the whole module
takes a few seconds. The network-error mapping that loopback cannot produce (DNS,
TLS) is unit-tested with httpx.MockTransport at the end.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import time
import tracemalloc

import httpx
import pytest

from sources import (
    EmptySourceError,
    FetchError,
    FetchLimits,
    FetchSpec,
    FetchTimeout,
    ParseError,
    TooLargeError,
    Validators,
    fetch,
)

from conftest_sources import (
    HTML,
    RSS,
    SOURCE_NAME,
    LoopbackServer,
    collect_once,
    drip,
    encoded,
    endless,
    fixture,
    gzip_bomb,
    hang,
    inflated_size,
    read_fixture,
    reset,
    send,
    truncate,
)

MiB = 1 << 20
SMALL = FetchLimits(total_timeout=1.5, connect_timeout=1.0, max_bytes=MiB)
FEED = read_fixture("rss2_normal.xml")


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


def test_trickled_body_hits_the_total_deadline(server):
    # ~1 KB/s in 100-byte pieces: every read arrives well within httpx's read timeout
    url = server.route("/drip.xml", drip(FEED * 40, piece=100, every=0.1))

    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        collect_once(url, limits=SMALL)
    elapsed = time.monotonic() - started

    assert 1.4 < elapsed < 2.5
    assert str(caught.value).startswith("feed did not finish within the 1.5 s total deadline (")
    assert str(caught.value).endswith(" received); will retry later")
    assert (caught.value.source, caught.value.url) == (SOURCE_NAME, url)


def test_server_that_never_answers_times_out(server):
    url = server.route("/hang.xml", hang())

    started = time.monotonic()
    with pytest.raises(FetchTimeout) as caught:
        collect_once(url, limits=SMALL)

    assert time.monotonic() - started < 2.5
    assert str(caught.value) == (
        "feed did not finish within the 1.5 s total deadline (nothing received); will retry later"
    )


def test_endless_body_stops_at_max_bytes(server):
    url = server.route("/endless.xml", endless())

    with pytest.raises(TooLargeError) as caught:
        collect_once(url, limits=SMALL)

    assert str(caught.value) == (
        "feed sent more than the 1 MiB limit (max_bytes); raise max_bytes for this source "
        "if it is legitimately that large"
    )


def test_slow_endless_body_stops_at_the_deadline(server):
    url = server.route("/endless.xml", endless(every=0.2))  # ~290 KB/s: under 1 MiB in 1.5 s

    with pytest.raises(FetchTimeout, match=r"^feed did not finish within the 1.5 s"):
        collect_once(url, limits=SMALL)


def test_gzip_bomb_is_capped_with_bounded_memory(server):
    bomb = gzip_bomb(200)
    assert len(bomb) < 300_000 and inflated_size(bomb) > 200 * MiB
    url = server.route("/bomb.xml", encoded(bomb, "gzip"))

    tracemalloc.start()
    try:
        with pytest.raises(TooLargeError) as caught:
            collect_once(url, limits=SMALL)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 16 * MiB, f"peak {peak / MiB:.1f} MiB while inflating a 200 MiB bomb"
    assert str(caught.value) == (
        "feed is larger than the 1 MiB limit after decompression (max_bytes); "
        "raise max_bytes for this source if it is legitimately that large"
    )


def test_declared_content_length_over_the_cap_is_refused_before_reading(server):
    url = server.route("/big.xml", send(b" " * (2 * MiB), RSS))

    with pytest.raises(TooLargeError, match=r"^feed declares a 2 MiB body, over the 1 MiB limit"):
        collect_once(url, limits=SMALL)


def test_body_labelled_gzip_that_is_not_gzip(server):
    url = server.route("/bad.xml", encoded(b"this is not gzip data " * 20, "gzip"))

    with pytest.raises(ParseError) as caught:
        collect_once(url, limits=SMALL)

    assert str(caught.value) == (
        "feed is not valid gzip data although the server says Content-Encoding: gzip "
        "(Error -3 while decompressing data: incorrect header check); "
        "the server mislabels its compression"
    )


def test_gzip_stream_cut_short(server):
    whole = gzip.compress(FEED, mtime=0)
    url = server.route("/cut.xml", encoded(whole[: len(whole) // 2], "gzip"))

    with pytest.raises(ParseError) as caught:
        collect_once(url, limits=SMALL)

    assert str(caught.value) == (
        "feed's gzip stream ends early (truncated compressed data); will retry"
    )


def test_unrequested_content_encoding_is_refused(server):
    url = server.route("/br.xml", encoded(b"\x8b\x02\x80hello\x03", "br"))

    with pytest.raises(ParseError, match=r"^feed is sent with Content-Encoding 'br'"):
        collect_once(url, limits=SMALL)


def test_connection_reset_before_the_answer(server):
    url = server.route("/rst.xml", reset())

    with pytest.raises(FetchError) as caught:
        collect_once(url, limits=SMALL)

    assert str(caught.value) == (
        f"connection reset by 127.0.0.1:{server.port} before a complete answer; will retry"
    )


def test_body_shorter_than_its_content_length(server):
    url = server.route("/trunc.xml", truncate(FEED, 0.5))

    with pytest.raises(FetchError) as caught:
        collect_once(url, limits=SMALL)

    assert str(caught.value) == (
        f"connection to 127.0.0.1:{server.port} closed before the full feed arrived "
        "(truncated response); will retry"
    )


def test_connection_refused():
    with socket.socket() as sock:  # a port that was free a moment ago and is closed now
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    with pytest.raises(FetchError) as caught:
        collect_once(f"http://127.0.0.1:{port}/feed.xml", limits=SMALL)

    assert str(caught.value) == (
        f"connection to 127.0.0.1:{port} refused; is the site up? will retry with backoff"
    )
    assert caught.value.retryable


@pytest.mark.parametrize("source_type", ["rss", "page", "json"])
def test_empty_200_is_a_failure_not_a_quiet_day(server, source_type):
    url = server.route("/empty", send(b"", RSS))

    with pytest.raises(EmptySourceError) as caught:
        collect_once(url, source_type=source_type, limits=SMALL)

    assert str(caught.value).endswith(
        " returned an empty body; will retry (check the URL if this persists)"
    )
    assert (caught.value.source, caught.value.url) == (SOURCE_NAME, url)


def test_html_page_configured_as_a_feed(server):
    url = server.route("/maintenance", fixture("not_a_feed.html", HTML))

    with pytest.raises(EmptySourceError, match=r"^response is an HTML page, not an RSS/Atom"):
        collect_once(url, limits=SMALL)


# ----------------------------------------------------------------------------- error mapping


def _fetch_raising(exc: Exception):
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    async def run():
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            spec = FetchSpec(name="mock", type="rss", url="https://feeds.example.invalid/rss")
            return await fetch(client, spec, Validators(), SMALL)

    return asyncio.run(run())


@pytest.mark.parametrize(
    "exc, error_class, message",
    [
        (
            httpx.ConnectError("[Errno -2] Name or service not known"),
            FetchError,
            "could not resolve host feeds.example.invalid (DNS); check the host name in the URL",
        ),
        (
            httpx.ConnectError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
            FetchError,
            "TLS handshake with feeds.example.invalid failed ([SSL: CERTIFICATE_VERIFY_FAILED] "
            "certificate verify failed); check the certificate or use http",
        ),
        (
            httpx.ConnectTimeout("timed out"),
            FetchTimeout,
            "feed host feeds.example.invalid did not accept a connection within 1 s; "
            "will retry later",
        ),
    ],
    ids=["dns", "tls", "connect-timeout"],
)
def test_network_errors_become_one_line_messages(exc, error_class, message):
    with pytest.raises(error_class) as caught:
        _fetch_raising(exc)

    assert str(caught.value) == message
    assert caught.value.source == "mock"
    assert caught.value.url == "https://feeds.example.invalid/rss"
    assert caught.value.__cause__ is exc
