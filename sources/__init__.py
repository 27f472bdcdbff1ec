"""Collectors: fetch a source over HTTP and turn RSS/Atom, HTML pages or JSON into RawItems.

``sources`` knows HTTP and formats, not brands or storage. The product calls
:func:`collect` (with a client from :func:`make_client`); the parsers are public for
imports and tests. Every failure is a :class:`SourceError` (see :mod:`sources.errors`).
"""

from sources.collect import SOURCE_TYPES, collect, make_client
from sources.errors import (
    AddressRefused,
    BlockedError,
    EmptySourceError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ParseError,
    RobotsDisallowed,
    SourceError,
    TooLargeError,
)
from sources.http import FetchResponse, fetch
from sources.items import CollectResult, FetchLimits, FetchSpec, RawItem, Validators
from sources.jsonapi import parse_json
from sources.page import parse_page
from sources.robots import RobotsCache
from sources.rss import parse_feed
from sources.text import html_to_text

__all__ = [
    "SOURCE_TYPES",
    "AddressRefused",
    "BlockedError",
    "CollectResult",
    "EmptySourceError",
    "FetchError",
    "FetchLimits",
    "FetchResponse",
    "FetchSpec",
    "FetchTimeout",
    "HTTPStatusError",
    "ParseError",
    "RawItem",
    "RobotsCache",
    "RobotsDisallowed",
    "SourceError",
    "TooLargeError",
    "Validators",
    "collect",
    "fetch",
    "html_to_text",
    "make_client",
    "parse_feed",
    "parse_json",
    "parse_page",
]
