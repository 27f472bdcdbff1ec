"""Per-host politeness: at most N requests to one host at a time, spaced by a delay.

The collector takes a host's slot *before* the global concurrency slot and before
the request's deadline starts, so a queue for one busy host neither blocks polls
of other hosts nor times out while it waits.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import TypeVar
from urllib.parse import urlsplit

__all__ = ["HostGate", "host_of", "interleave_by_host"]

T = TypeVar("T")


def host_of(url: str) -> str:
    """The host a URL's requests go to (lower case, with a non-default port)."""
    try:
        return urlsplit(url).netloc.lower() or url
    except ValueError:
        return url


class HostGate:
    """Caps concurrent requests per host and spaces their starts by ``delay`` seconds."""

    def __init__(self, per_host: int, delay: float):
        self.per_host = per_host
        self.delay = delay
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._next_start: dict[str, float] = {}

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold one of the host's ``per_host`` slots."""
        semaphore = self._slots.setdefault(host_of(url), asyncio.Semaphore(self.per_host))
        async with semaphore:
            yield

    async def space(self, url: str) -> None:
        """Wait until ``delay`` has passed since the last request to this host started.

        Call it right before the request (after any other wait), so the spacing
        holds for the requests as they really go out.
        """
        if self.delay <= 0:
            return
        host = host_of(url)
        loop = asyncio.get_running_loop()
        start = max(loop.time(), self._next_start.get(host, 0.0))
        self._next_start[host] = start + self.delay
        wait = start - loop.time()
        if wait > 0:
            await asyncio.sleep(wait)


def interleave_by_host(rows: list[T], url_of: Callable[[T], str]) -> list[T]:
    """Order rows round-robin across hosts, so the first to run span many hosts."""
    queues: dict[str, list[T]] = {}
    for row in rows:
        queues.setdefault(host_of(url_of(row)), []).append(row)
    ordered: list[T] = []
    depth = 0
    while len(ordered) < len(rows):
        for queue in queues.values():
            if depth < len(queue):
                ordered.append(queue[depth])
        depth += 1
    return ordered
