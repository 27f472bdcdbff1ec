"""Poll one source once: fetch it, parse it by type, hand back a CollectResult.

This is the one entry point the rest of the product uses (with :func:`make_client`
to build the shared ``httpx.AsyncClient``). Parsing runs in a worker thread so a
large page does not stall the other polls on the event loop.

Raises :class:`~sources.errors.SourceError` subclasses only (see
:mod:`sources.errors`), always with ``source`` and ``url`` set; an unknown
``spec.type`` raises the base class before any request is made.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from sources.blocks import bot_wall
from sources.errors import BlockedError, EmptySourceError, ParseError, SourceError
from sources.http import FetchResponse, fetch
from sources.inflate import ACCEPT_ENCODING
from sources.items import CollectResult, FetchLimits, FetchSpec, RawItem, Validators
from sources.jsonapi import parse_json
from sources.page import parse_page
from sources.rss import parse_feed

__all__ = ["SOURCE_TYPES", "collect", "make_client"]

_Parser = Callable[[FetchSpec, FetchResponse], list[RawItem]]
_PARSERS: dict[str, _Parser] = {
    "rss": lambda spec, r: parse_feed(r.content, r.headers, r.final_url),
    "page": lambda spec, r: parse_page(r.content, r.headers, r.final_url, spec.selectors),
    "json": lambda spec, r: parse_json(r.content, r.final_url, spec.fields),
}
SOURCE_TYPES: tuple[str, ...] = tuple(_PARSERS)


def make_client(limits: FetchLimits) -> httpx.AsyncClient:
    """An AsyncClient for :func:`collect`: connect timeout, User-Agent, no auto-redirects.

    Redirects are followed by :func:`sources.http.fetch` itself, so they count against
    ``limits.max_redirects`` and the total deadline; the per-read timeout is the total
    deadline, which ``fetch`` enforces for the whole request anyway.
    """
    return httpx.AsyncClient(
        timeout=httpx.Timeout(limits.total_timeout, connect=limits.connect_timeout),
        follow_redirects=False,
        max_redirects=limits.max_redirects,
        headers={"User-Agent": limits.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
    )


async def collect(
    client: httpx.AsyncClient, spec: FetchSpec, validators: Validators, limits: FetchLimits
) -> CollectResult:
    """Fetch ``spec.url`` (conditionally) and parse it into RawItems."""
    parser = _PARSERS.get(spec.type)
    if parser is None:
        raise SourceError(
            f"unknown source type {spec.type!r}; use one of {', '.join(SOURCE_TYPES)}",
            source=spec.name,
            url=spec.url,
        )
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
    try:
        items = await asyncio.to_thread(parser, spec, response)
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
    return CollectResult(
        items=items,
        validators=response.validators,
        status=response.status,
        final_url=response.final_url,
        retry_after=response.retry_after,
        max_age=response.max_age,
    )
