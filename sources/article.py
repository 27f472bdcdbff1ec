"""Full text of linked articles, for sources whose items carry only a short summary.

With ``FetchSpec.full_text``, each item whose text is shorter than :data:`SHORT_TEXT`
characters and which links somewhere other than the source itself gets its linked
article fetched and its text replaced by the article's main text (the title is kept).
The main text is extracted by trafilatura (``fast=True``, comments excluded), which
leaves out menus, headers, footers and "related stories": a brand named only in a
site's navigation must not become a mention.

Bounds: at most ``limits.max_articles`` articles per poll (in item order), at most
:data:`CONCURRENCY` at once, all within the source's deadline (``deadline``, a
``loop.time()`` value); each through :func:`sources.http.fetch` with the source's
client and limits, the link checked by :class:`sources.addresses.LinkGuard` before
every hop and, when ``limits.robots`` and a cache is given, by robots.txt. The
source's own ``headers`` are not sent: they may hold credentials for the source only.

Nothing here fails a poll: a refused, failed, empty or late article keeps the item's
summary and adds a one-line warning (``link URL not fetched: why``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

import httpx

from sources.addresses import LinkGuard
from sources.blocks import bot_wall
from sources.charset import decode_html
from sources.errors import AddressRefused, SourceError
from sources.http import fetch
from sources.items import FetchLimits, FetchSpec, RawItem, Validators
from sources.robots import RobotsCache
from sources.text import normalise_whitespace

__all__ = ["CONCURRENCY", "SHORT_TEXT", "extract_main_text", "fill_full_text"]

SHORT_TEXT = 400  # characters: an item with less text than this gets its article fetched
CONCURRENCY = 4  # articles fetched at once for one source
_KEPT = "kept the item's summary"
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/xml", "text/xml", "")


@dataclass(frozen=True)
class _Outcome:
    text: str | None = None
    warning: str | None = None


def extract_main_text(content: bytes, headers: Mapping[str, str], url: str) -> str:
    """The main text of an article page (no menus, footers, comments); "" if none found.

    On a page with no article at all this may be a stray menu word: callers keep the
    longer of it and what they had.
    """
    html = decode_html(content, headers)
    import trafilatura  # only sources with full_text need it (and its tens of MB)

    text = trafilatura.extract(html, url=url, fast=True, include_comments=False)
    return normalise_whitespace(text or "")


async def fill_full_text(
    client: httpx.AsyncClient,
    spec: FetchSpec,
    items: list[RawItem],
    limits: FetchLimits,
    robots: RobotsCache | None,
    deadline: float,
    final_url: str | None = None,
    is_new: Callable[[RawItem], bool] | None = None,
) -> tuple[list[RawItem], list[str]]:
    """Items with short text get their linked article's main text; plus warnings.

    Items whose URL is the source's own (``spec.url`` or ``final_url``: parsers give
    it to items without a link) are left alone, and so are items for which ``is_new``
    (when given) returns False: their articles were fetched on an earlier poll.
    """
    own = {spec.url, final_url}
    wanted = [_wants_article(item, own, is_new) for item in items]
    links = list(dict.fromkeys(item.url for item, want in zip(items, wanted, strict=True) if want))
    warnings: list[str] = []
    if len(links) > limits.max_articles:
        cap = limits.max_articles
        warnings.append(
            f"{len(links)} items with short text link to articles; only the first {cap} were "
            f"fetched (at most {cap} per poll), the rest keep their summaries"
        )
        links = links[: limits.max_articles]
    if not links:
        return items, warnings
    outcomes = await _fetch_all(client, spec, links, limits, robots, deadline)
    warnings.extend(o.warning for o in outcomes.values() if o.warning)
    filled = []
    for item, want in zip(items, wanted, strict=True):
        text = outcomes[item.url].text if want and item.url in outcomes else None
        if text and len(text) > len(item.text):
            item = replace(item, text=text)
        elif text:  # a page whose "main text" is a menu word must not replace a summary
            shorter = f"link {item.url} has no main text longer than the item's own"
            if shorter not in warnings:  # two items may share one link
                warnings.append(shorter)
        filled.append(item)
    return filled, warnings


def _wants_article(
    item: RawItem, own: set[str | None], is_new: Callable[[RawItem], bool] | None
) -> bool:
    return len(item.text) < SHORT_TEXT and item.url not in own and (is_new is None or is_new(item))


async def _fetch_all(
    client: httpx.AsyncClient,
    spec: FetchSpec,
    links: list[str],
    limits: FetchLimits,
    robots: RobotsCache | None,
    deadline: float,
) -> dict[str, _Outcome]:
    guard = LinkGuard(urlsplit(spec.url).hostname)
    semaphore = asyncio.Semaphore(CONCURRENCY)
    tasks = {
        link: asyncio.ensure_future(_one(client, spec, link, limits, robots, guard, semaphore))
        for link in links
    }
    timeout = max(0.0, deadline - asyncio.get_running_loop().time())
    _, late = await asyncio.wait(tasks.values(), timeout=timeout)
    for task in late:
        task.cancel()
    await asyncio.gather(*late, return_exceptions=True)
    late_warning = "link {} not fetched: the source's {:g} s deadline ran out"
    return {
        link: _Outcome(warning=late_warning.format(link, limits.total_timeout))
        if task in late
        else task.result()
        for link, task in tasks.items()
    }


async def _one(
    client: httpx.AsyncClient,
    spec: FetchSpec,
    link: str,
    limits: FetchLimits,
    robots: RobotsCache | None,
    guard: LinkGuard,
    semaphore: asyncio.Semaphore,
) -> _Outcome:
    async with semaphore:
        try:
            await guard(link)
            if robots is not None and limits.robots:
                await robots.check(client, link, limits, check_url=guard)
            page = FetchSpec(name=spec.name, type="page", url=link)
            response = await fetch(client, page, Validators(), limits, check_url=guard)
        except AddressRefused as exc:
            hop = "" if exc.url in (None, link) else f"it redirects to {exc.url}, and "
            return _Outcome(warning=f"link {link} not fetched: {hop}{exc}")
        except SourceError as exc:
            return _Outcome(warning=f"link {link} not fetched: {str(exc).split(';', 1)[0]}")
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type not in _HTML_TYPES:
        return _Outcome(warning=f"link {link} is {content_type}, not an HTML page; {_KEPT}")
    try:
        text = await asyncio.to_thread(
            extract_main_text, response.content, response.headers, response.final_url
        )
    except Exception as exc:  # a third-party parser on hostile input: never fail the poll
        return _Outcome(
            warning=f"link {link}: main text extraction failed ({type(exc).__name__}); {_KEPT}"
        )
    wall = bot_wall(response.headers, response.content) if len(text) < SHORT_TEXT else None
    if wall is not None:
        return _Outcome(warning=f"link {link} answered with {wall} instead of the article; {_KEPT}")
    if not text:
        return _Outcome(warning=f"link {link} has no main text to extract; {_KEPT}")
    return _Outcome(text=text)
