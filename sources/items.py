"""What a collector hands downstream: plain items, no brands, no storage."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class RawItem:
    """One entry of a feed, a block of a page or an object of a JSON endpoint.

    ``text`` is plain text (HTML already stripped). ``guid`` is the source's own
    identifier when it has one. ``metrics`` carries reach and engagement figures
    the source exposes (score, comments, boosts, views), all numbers.
    """

    url: str
    title: str
    text: str
    guid: str | None = None
    published_at: datetime | None = None  # timezone-aware UTC, or None when unknown
    author: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Validators:
    """Conditional-GET validators remembered between polls of one source."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchSpec:
    """Everything a collector needs to poll one source (built from sources.yaml)."""

    name: str
    type: str  # "rss" | "page" | "json"
    url: str
    # page sources: CSS selectors; "item" selects each block, the rest are relative to it
    selectors: dict[str, str] = field(default_factory=dict)
    # json sources: dotted field paths; "items" points at the list, the rest are relative
    fields: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    # fetch the linked article of each item whose text is short (see sources.article)
    full_text: bool = False


@dataclass(frozen=True)
class FetchLimits:
    """Politeness and safety limits applied to every request."""

    user_agent: str = "crisis-monitor/0.1 (+https://example.invalid/crisis-monitor)"
    connect_timeout: float = 10.0
    total_timeout: float = 30.0  # wall-clock deadline for the whole request, body included
    max_bytes: int = 10 * 1024 * 1024  # cap on the body after decompression
    max_redirects: int = 5
    robots: bool = True  # obey robots.txt for pages and linked articles (with a RobotsCache)
    max_articles: int = 20  # linked articles fetched per poll of a full_text source


@dataclass(frozen=True)
class CollectResult:
    """The outcome of polling one source once.

    ``not_modified`` is True on a 304: no items, no error, validators kept.
    ``warnings`` are one-line problems that did not fail the poll (a malformed feed
    that was still read, a linked article that was refused or could not be fetched).
    """

    items: list[RawItem]
    validators: Validators
    status: int | None
    not_modified: bool = False
    final_url: str | None = None
    retry_after: float | None = None  # seconds the server asked us to wait, if it did
    warnings: list[str] = field(default_factory=list)
    max_age: float | None = None  # seconds the server says the response stays fresh
