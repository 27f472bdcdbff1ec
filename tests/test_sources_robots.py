"""robots.txt (RFC 9309) against a real server on 127.0.0.1, with an injected clock.

Pages are checked before they are fetched; feeds and JSON endpoints are not. 2xx is
parsed, 4xx allows everything, 5xx or no answer disallows everything for a short while.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from sources import CollectResult, FetchLimits, FetchSpec, Validators, collect, make_client
from sources.errors import RobotsDisallowed
from sources.robots import RobotsCache

from conftest_sources import (
    HTML,
    RSS,
    SOURCE_NAME,
    LoopbackServer,
    fixture,
    reset,
    send,
    status,
)

UA = "crisis-monitor/0.1 (+https://example.invalid/crisis-monitor)"
LIMITS = FetchLimits(user_agent=UA, total_timeout=5.0)
PAGE = b"<html><head><title>Complaints</title></head><body><p>Didi overcharged me.</p></body>"


class Clock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


def robots_paths(server: LoopbackServer) -> list[str]:
    return [r.path for r in server.requests if r.path == "/robots.txt"]


def ask(cache: RobotsCache, checks: list[tuple[str, str]], limits: FetchLimits = LIMITS):
    """[allowed(url, user_agent) for each check], all through one client."""

    async def run() -> list[bool]:
        async with make_client(limits) as client:
            return [await cache.allowed(client, url, ua, limits) for url, ua in checks]

    return asyncio.run(run())


def poll(
    url: str,
    cache: RobotsCache | None,
    source_type: str = "page",
    limits: FetchLimits = LIMITS,
    **spec: Any,
) -> CollectResult:
    async def run() -> CollectResult:
        async with make_client(limits) as client:
            source = FetchSpec(name=SOURCE_NAME, type=source_type, url=url, **spec)
            return await collect(client, source, Validators(), limits, cache)

    return asyncio.run(run())


def test_groups_apply_per_user_agent_and_the_longest_rule_wins(server):
    server.route("/robots.txt", fixture("robots_groups.txt", "text/plain"))
    cache = RobotsCache()
    url = server.url

    answers = ask(
        cache,
        [
            (url("/"), UA),
            (url("/complaints/public/2"), UA),
            (url("/private/a"), UA),
            (url("/complaints/2"), UA),
            (url("/complaints/2"), "Other/1.0"),
            (url("/private/a"), "Other/1.0"),
            (url("/"), "BadBot/2.0"),
        ],
    )

    assert answers == [True, True, True, False, True, False, False]
    assert robots_paths(server) == ["/robots.txt"]  # fetched once for seven questions
    assert server.requests[0].headers["user-agent"] == UA
    assert cache.crawl_delay(url("/anything"), UA) == 5.0
    assert cache.crawl_delay(url("/anything"), "Other/1.0") == 2.0


@pytest.mark.parametrize("code", [404, 410, 401, 403])
def test_robots_txt_answering_4xx_allows_everything(server, code):
    server.route("/robots.txt", status(code))

    assert ask(RobotsCache(), [(server.url("/private/a"), UA), (server.url("/"), "BadBot")]) == [
        True,
        True,
    ]


@pytest.mark.parametrize("code", [500, 503, 429])
def test_robots_txt_answering_5xx_or_429_disallows_everything(server, code):
    server.route("/robots.txt", status(code))

    assert ask(RobotsCache(), [(server.url("/"), UA)]) == [False]


def test_unreachable_robots_txt_disallows_everything(server):
    server.route("/robots.txt", reset())

    assert ask(RobotsCache(), [(server.url("/"), UA)]) == [False]


def test_rules_are_kept_for_a_day_by_the_injected_clock(server):
    server.route("/robots.txt", fixture("robots_groups.txt", "text/plain"))
    clock = Clock()
    cache = RobotsCache(clock=clock)

    ask(cache, [(server.url("/"), UA)])
    clock.now += 24 * 3600 - 1
    ask(cache, [(server.url("/"), UA)])
    assert len(robots_paths(server)) == 1
    clock.now += 2
    ask(cache, [(server.url("/"), UA)])
    assert len(robots_paths(server)) == 2


def test_a_failed_robots_txt_is_asked_again_after_failure_ttl(server):
    server.route("/robots.txt", status(503))
    clock = Clock()
    cache = RobotsCache(failure_ttl=300, clock=clock)

    assert ask(cache, [(server.url("/"), UA), (server.url("/a"), UA)]) == [False, False]
    assert len(robots_paths(server)) == 1
    server.route("/robots.txt", status(404))
    clock.now += 301
    assert ask(cache, [(server.url("/"), UA)]) == [True]
    assert len(robots_paths(server)) == 2


def test_sources_polled_at_once_on_one_host_share_one_robots_fetch(server):
    server.route("/robots.txt", fixture("robots_groups.txt", "text/plain"))
    cache = RobotsCache()

    async def run() -> list[bool]:
        async with make_client(LIMITS) as client:
            checks = [cache.allowed(client, server.url(f"/p{i}"), UA, LIMITS) for i in range(5)]
            return list(await asyncio.gather(*checks))

    assert asyncio.run(run()) == [True] * 5
    assert robots_paths(server) == ["/robots.txt"]


# --- page sources -------------------------------------------------------------------------


def test_page_disallowed_by_robots_txt_is_not_fetched(server):
    server.route("/robots.txt", fixture("robots_groups.txt", "text/plain"))
    url = server.route("/complaints/2", send(PAGE, HTML))

    with pytest.raises(RobotsDisallowed) as caught:
        poll(url, RobotsCache())

    error = caught.value
    assert str(error) == (
        f"robots.txt of 127.0.0.1:{server.port} disallows /complaints/2 for this User-Agent; "
        "remove the source or ask the site for access"
    )
    assert (error.source, error.url) == (SOURCE_NAME, url)
    assert (error.host, error.path) == (f"127.0.0.1:{server.port}", "/complaints/2")
    assert not error.retryable and error.blocked
    assert [r.path for r in server.requests] == ["/robots.txt"]


def test_page_behind_an_unreadable_robots_txt_is_retried_later(server):
    server.route("/robots.txt", status(503))
    url = server.route("/complaints/2", send(PAGE, HTML))

    with pytest.raises(RobotsDisallowed) as caught:
        poll(url, RobotsCache())

    assert str(caught.value) == (
        f"robots.txt of 127.0.0.1:{server.port} could not be read (HTTP 503), which "
        "RFC 9309 says means everything is disallowed; will retry"
    )
    assert caught.value.retryable and not caught.value.blocked
    assert [r.path for r in server.requests] == ["/robots.txt"]


def test_allowed_page_is_fetched_after_robots_txt(server):
    server.route("/robots.txt", fixture("robots_groups.txt", "text/plain"))
    url = server.route("/complaints/public/2", send(PAGE, HTML))

    result = poll(url, RobotsCache())

    assert [i.text for i in result.items] == ["Didi overcharged me."]
    assert [r.path for r in server.requests] == ["/robots.txt", "/complaints/public/2"]


def test_robots_false_in_limits_checks_nothing(server):
    server.route("/robots.txt", status(503))
    url = server.route("/complaints/2", send(PAGE, HTML))
    limits = FetchLimits(user_agent=UA, total_timeout=5.0, robots=False)

    result = poll(url, RobotsCache(), limits=limits)

    assert len(result.items) == 1
    assert [r.path for r in server.requests] == ["/complaints/2"]


def test_without_a_cache_nothing_is_checked(server):
    server.route("/robots.txt", status(503))
    url = server.route("/complaints/2", send(PAGE, HTML))

    assert len(poll(url, None).items) == 1
    assert [r.path for r in server.requests] == ["/complaints/2"]


def test_feeds_are_not_checked_they_are_published_for_machines(server):
    server.route("/robots.txt", send(b"User-agent: *\nDisallow: /\n", "text/plain"))
    url = server.route("/feed.xml", fixture("rss2_normal.xml", RSS))

    result = poll(url, RobotsCache(), source_type="rss")

    assert len(result.items) == 3
    assert [r.path for r in server.requests] == ["/feed.xml"]
