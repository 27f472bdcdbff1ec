"""Poll one source once: fetch it, parse it by type, hand back a CollectResult.

This is the one entry point the rest of the product uses (with :func:`make_client`
to build the shared ``httpx.AsyncClient`` and one :class:`sources.robots.RobotsCache`
per collector). Parsing runs in a worker thread so a large page does not stall the
other polls on the event loop.

- A page source (``type: page``) is checked against its site's robots.txt first, when
  a ``robots`` cache is given and ``limits.robots`` is on. Feeds and JSON endpoints are
  published for machines and are not checked.
- With ``spec.full_text``, short items get their linked article's main text
  (:mod:`sources.article`), within the source's deadline: ``limits.total_timeout``
  from the start of the poll.
- Problems that did not fail the poll are in ``CollectResult.warnings``.

Raises :class:`~sources.errors.SourceError` subclasses only (see
:mod:`sources.errors`), always with ``source`` and ``url`` set; an unknown
``spec.type`` raises the base class before any request is made.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import Executor

import httpx

from sources.article import fill_full_text
from sources.blocks import bot_wall
from sources.errors import BlockedError, EmptySourceError, ParseError, SourceError
from sources.http import FetchResponse, fetch
from sources.inflate import ACCEPT_ENCODING
from sources.items import CollectResult, FetchLimits, FetchSpec, RawItem, Validators
from sources.jsonapi import parse_json
from sources.page import parse_page
from sources.robots import RobotsCache
from sources.rss import parse_feed

__all__ = ["SOURCE_TYPES", "collect", "make_client", "parse_response"]

_Parser = Callable[[FetchSpec, FetchResponse, list[str]], list[RawItem]]
_PARSERS: dict[str, _Parser] = {
    "rss": lambda spec, r, warnings: parse_feed(r.content, r.headers, r.final_url, warnings),
    "page": lambda spec, r, _: parse_page(r.content, r.headers, r.final_url, spec.selectors),
    "json": lambda spec, r, _: parse_json(r.content, r.final_url, spec.fields),
}
SOURCE_TYPES: tuple[str, ...] = tuple(_PARSERS)


def parse_response(spec: FetchSpec, response: FetchResponse) -> tuple[list[RawItem], list[str]]:
    """Parse a fetched body by the source's type: its items, and warnings worth keeping.

    A plain function of picklable values, so it can run in another process.
    """
    warnings: list[str] = []
    return _PARSERS[spec.type](spec, response, warnings), warnings


def make_client(limits: FetchLimits, concurrency: int = 20) -> httpx.AsyncClient:
    """An AsyncClient for :func:`collect`: connect timeout, User-Agent, no auto-redirects.

    Redirects are followed by :func:`sources.http.fetch` itself, so they count against
    ``limits.max_redirects`` and the total deadline; the per-read timeout is the total
    deadline, which ``fetch`` enforces for the whole request anyway. ``concurrency`` is
    how many polls the caller runs at once: that many connections are kept alive for
    reuse (the caller, not the client, caps how many are open).
    """
    return httpx.AsyncClient(
        timeout=httpx.Timeout(limits.total_timeout, connect=limits.connect_timeout),
        follow_redirects=False,
        max_redirects=limits.max_redirects,
        # keep as many connections alive as polls may run at once, across hosts
        limits=httpx.Limits(max_connections=None, max_keepalive_connections=concurrency),
        headers={"User-Agent": limits.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
    )


async def collect(
    client: httpx.AsyncClient,
    spec: FetchSpec,
    validators: Validators,
    limits: FetchLimits,
    robots: RobotsCache | None = None,
    is_new: Callable[[RawItem], bool] | None = None,
    parsers: Executor | None = None,
) -> CollectResult:
    """Fetch ``spec.url`` (conditionally) and parse it into RawItems.

    ``robots``: the collector's robots.txt cache; None checks no robots.txt at all.
    ``is_new``: with ``spec.full_text``, only items it accepts get their article
    fetched (the caller knows which items it already stored); None: every item.
    ``parsers``: where parsing runs, e.g. a process pool so that it uses other cores;
    None: a worker thread.
    """
    if spec.type not in _PARSERS:
        raise SourceError(
            f"unknown source type {spec.type!r}; use one of {', '.join(SOURCE_TYPES)}",
            source=spec.name,
            url=spec.url,
        )
    deadline = asyncio.get_running_loop().time() + limits.total_timeout
    if spec.type == "page" and robots is not None and limits.robots:
        try:
            await robots.check(client, spec.url, limits)
        except SourceError as exc:
            exc.source = spec.name
            raise
    response = await fetch(client, spec, validators, limits)
    if response.not_modified:
        return CollectResult(
            items=[],
            validators=response.validators,
            status=response.status,
            not_modified=True,
            final_url=response.final_url,
            retry_after=response.retry_after,
            max_age=response.max_age,
        )
    loop = asyncio.get_running_loop()
    try:
        items, warnings = await loop.run_in_executor(parsers, parse_response, spec, response)
    except (EmptySourceError, ParseError) as exc:
        wall = bot_wall(response.headers, response.content)
        if wall is None:
            exc.source = exc.source or spec.name
            exc.url = exc.url or response.final_url
            raise
        blocked = BlockedError.wall(spec.type, wall, url=response.final_url)
        blocked.source = spec.name
        raise blocked from exc
    except SourceError as exc:
        exc.source = exc.source or spec.name
        exc.url = exc.url or response.final_url
        raise
    if spec.full_text and items:
        items, more = await fill_full_text(
            client, spec, items, limits, robots, deadline, response.final_url, is_new
        )
        warnings.extend(more)
    return CollectResult(
        items=items,
        validators=response.validators,
        status=response.status,
        final_url=response.final_url,
        retry_after=response.retry_after,
        max_age=response.max_age,
        warnings=warnings,
    )
