"""robots.txt (RFC 9309): fetched once per origin, kept for a while, asked before pages.

One :class:`RobotsCache` per collector: no global state. It fetches
``scheme://host[:port]/robots.txt`` through the same client and :func:`sources.http.fetch`
(same deadline and User-Agent, a 512 KiB cap) and parses it with Protego. As RFC 9309
says:

- a 2xx answer is parsed; the group naming our User-Agent's product token applies,
  else the ``*`` group; the most specific (longest) matching rule wins;
- 4xx (404, 410, 401, 403...) means there are no rules: everything is allowed;
- 5xx, 429, a network failure, a timeout or an oversized robots.txt means everything is
  disallowed. That answer is kept only ``failure_ttl`` seconds, so the next poll asks
  again;
- redirects are followed (up to ``limits.max_redirects``).

Parsed rules (and "no rules") are kept ``ttl`` seconds (24 hours by default) by the
injected ``clock``. Only pages and linked articles are checked: feeds and JSON
endpoints are published for machines.

:meth:`RobotsCache.check` raises :class:`~sources.errors.RobotsDisallowed`;
:meth:`RobotsCache.allowed` answers a bool. Nothing else escapes.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

import httpx
from protego import Protego

from sources.errors import FetchTimeout, HTTPStatusError, RobotsDisallowed, SourceError
from sources.http import CheckURL, fetch
from sources.items import FetchLimits, FetchSpec, Validators

__all__ = ["ROBOTS_MAX_BYTES", "RobotsCache"]

ROBOTS_MAX_BYTES = 512 * 1024  # RFC 9309 asks crawlers to read at least 500 KiB
DAY = 24 * 60 * 60.0


@dataclass(frozen=True)
class _Rules:
    parser: Protego | None  # None: no rules (4xx) or unreachable
    unreachable: str | None  # why robots.txt could not be read; then all is disallowed
    expires: float

    def allows(self, url: str, user_agent: str) -> bool:
        if self.unreachable is not None:
            return False
        return self.parser is None or self.parser.can_fetch(url, user_agent)


class RobotsCache:
    """robots.txt rules per origin (scheme, host, port), fetched when first needed."""

    def __init__(
        self,
        ttl: float = DAY,
        failure_ttl: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ttl = ttl
        self.failure_ttl = failure_ttl
        self.clock = clock
        self._rules: dict[str, _Rules] = {}
        self._pending: dict[str, asyncio.Task[_Rules]] = {}

    async def allowed(
        self,
        client: httpx.AsyncClient,
        url: str,
        user_agent: str,
        limits: FetchLimits,
        check_url: CheckURL | None = None,
    ) -> bool:
        """Whether robots.txt lets ``user_agent`` fetch ``url`` (False if unreachable)."""
        rules = await self._rules_for(client, url, limits, check_url)
        return rules.allows(url, user_agent)

    async def check(
        self,
        client: httpx.AsyncClient,
        url: str,
        limits: FetchLimits,
        check_url: CheckURL | None = None,
    ) -> None:
        """Return if ``limits.user_agent`` may fetch ``url``; raise RobotsDisallowed if not."""
        rules = await self._rules_for(client, url, limits, check_url)
        if rules.allows(url, limits.user_agent):
            return
        parts = urlsplit(url)
        host, path = parts.netloc, parts.path or "/"
        if rules.unreachable is not None:
            raise RobotsDisallowed(
                f"robots.txt of {host} could not be read ({rules.unreachable}), which "
                "RFC 9309 says means everything is disallowed; will retry",
                host=host,
                path=path,
                unreachable=True,
                url=url,
            )
        raise RobotsDisallowed(
            f"robots.txt of {host} disallows {path} for this User-Agent; remove the source "
            "or ask the site for access",
            host=host,
            path=path,
            url=url,
        )

    def crawl_delay(self, url: str, user_agent: str) -> float | None:
        """The Crawl-delay (seconds) cached for ``url``'s origin and ``user_agent``, if any."""
        rules = self._rules.get(_origin(url))
        if rules is None or rules.parser is None:
            return None
        delay = rules.parser.crawl_delay(user_agent)
        return float(delay) if delay is not None else None

    async def _rules_for(
        self, client: httpx.AsyncClient, url: str, limits: FetchLimits, check_url: CheckURL | None
    ) -> _Rules:
        origin = _origin(url)
        cached = self._rules.get(origin)
        if cached is not None and cached.expires > self.clock():
            return cached
        task = self._pending.get(origin)
        # sources polled at once on one host share one fetch (within one event loop: the
        # cache outlives each polling round's asyncio.run)
        if task is None or task.get_loop() is not asyncio.get_running_loop():
            task = asyncio.ensure_future(self._load(client, origin, limits, check_url))
            self._pending[origin] = task
            task.add_done_callback(lambda _: self._pending.pop(origin, None))
        return await asyncio.shield(task)

    async def _load(
        self,
        client: httpx.AsyncClient,
        origin: str,
        limits: FetchLimits,
        check_url: CheckURL | None,
    ) -> _Rules:
        parser, unreachable = await _fetch_rules(client, origin, limits, check_url)
        ttl = self.failure_ttl if unreachable is not None else self.ttl
        rules = _Rules(parser, unreachable, self.clock() + ttl)
        self._rules[origin] = rules
        return rules


async def _fetch_rules(
    client: httpx.AsyncClient, origin: str, limits: FetchLimits, check_url: CheckURL | None
) -> tuple[Protego | None, str | None]:
    """(parsed rules or None for "no rules", why robots.txt was unreachable or None)."""
    spec = FetchSpec(name="robots.txt", type="robots", url=origin + "/robots.txt")
    robots_limits = replace(limits, max_bytes=min(limits.max_bytes, ROBOTS_MAX_BYTES))
    try:
        response = await fetch(client, spec, Validators(), robots_limits, check_url)
    except HTTPStatusError as exc:
        if 400 <= exc.status < 500 and exc.status != 429:
            return None, None
        return None, f"HTTP {exc.status}"
    except FetchTimeout:
        return None, f"no answer within the {limits.total_timeout:g} s deadline"
    except SourceError as exc:
        return None, _short(exc)
    return Protego.parse(response.content.decode("utf-8", errors="replace")), None


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), "", "", ""))


def _short(exc: SourceError) -> str:
    """The first clause of a SourceError's message: what went wrong, not what happens next."""
    return str(exc).split(";", 1)[0]
