"""RSS / Atom / RDF bytes to RawItems with feedparser 6.0.x; JSON Feed via sources.jsonfeed.

feedparser never fetches anything here: it gets the bytes (wrapped in ``BytesIO``,
because a bare ``bytes`` value that looks like a file path is opened as a local file)
and the response headers (for the charset and, via Content-Location, the base URL).

Lenient like a feed reader: a malformed ("bozo") feed that still yields entries is
read, and a one-line warning saying what is wrong is added to the ``warnings`` list
given by the caller (charset and Content-Type mismatches, which feedparser also flags,
are harmless and not reported). What is not a quiet day:

- an empty body -> :class:`~sources.errors.EmptySourceError`;
- zero entries from something that is not a feed (an HTML page, an error page,
  random bytes: feedparser reports no exception, just no entries)
  -> :class:`~sources.errors.EmptySourceError`;
- zero entries from a recognisable but broken feed -> :class:`~sources.errors.ParseError`.

A well-formed feed with zero entries returns ``[]``.
"""

from __future__ import annotations

import io
import json
import xml.sax
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import feedparser

from sources.dates import struct_time_to_utc
from sources.errors import EmptySourceError, ParseError
from sources.items import RawItem
from sources.jsonfeed import is_json_feed, parse_json_feed
from sources.text import html_to_text, normalise_whitespace

__all__ = ["parse_feed"]

# feedparser asks xml.sax for the libxml2 driver first; it is never installed, and a
# failed import is not cached, so each parse paid for a search of sys.path (about
# 0.5 ms a feed, under the import lock): go straight to the built-in expat parser
feedparser.api.PREFERRED_XML_PARSERS = []

# bozo reasons that say nothing about the feed's structure
_HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
# entry keys feedparser fills from slash:comments, thr:total and RSS <comments>
_COMMENT_KEYS = ("slash_comments", "thr_total", "comments")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def parse_feed(
    content: bytes, headers: Mapping[str, str], url: str, warnings: list[str] | None = None
) -> list[RawItem]:
    """Entries of an RSS/Atom/RDF or JSON Feed as RawItems; links resolved against ``url``.

    Problems that did not stop the feed from being read are appended to ``warnings``.
    """
    if not content.strip():
        raise EmptySourceError.empty_body("rss", url)
    if is_json_feed(content):
        return parse_json_feed(content, url)
    response_headers = {
        k.lower(): v for k, v in headers.items() if k.lower() not in ("content-encoding",)
    }
    response_headers["content-location"] = urljoin(
        url, response_headers.get("content-location", "")
    )
    parsed = feedparser.parse(io.BytesIO(content), response_headers=response_headers)
    if not parsed.entries:
        _check_really_empty(parsed, content, response_headers, url)
        return []
    problem = parsed.get("bozo_exception")
    if parsed.get("bozo") and warnings is not None and not isinstance(problem, _HARMLESS_BOZO):
        warnings.append(
            f"feed is malformed but {len(parsed.entries)} entries were read "
            f"({_describe(problem)}); the publisher should fix it"
        )
    return [_item(entry, url) for entry in parsed.entries]


def _describe(problem: object) -> str:
    """A SAX error as "what at line N", anything else as its text."""
    if isinstance(problem, xml.sax.SAXParseException):
        return f"{problem.getMessage()} at line {problem.getLineNumber()}"
    return str(problem) or type(problem).__name__


def _is_json(content: bytes) -> bool:
    """Whether the body is a JSON document (not just bytes that start with a brace)."""
    if content.lstrip()[:1] not in (b"{", b"["):
        return False
    try:
        json.loads(content)
    except ValueError:  # includes UnicodeDecodeError
        return False
    return True


def _check_really_empty(parsed: Any, content: bytes, headers: Mapping[str, str], url: str) -> None:
    problem = parsed.get("bozo_exception")
    if not parsed.get("version"):
        if _looks_like_html(content, headers):
            what, fix = "an HTML page", "check the feed URL, or use type: page for an HTML page"
        elif _is_json(content):
            what, fix = "a JSON document", "check the feed URL, or use type: json with fields"
        else:
            what, fix = "an unrecognised format", "check the feed URL"
        raise EmptySourceError(
            f"response is {what}, not an RSS/Atom feed (0 entries); {fix}", url=url
        )
    if parsed.get("bozo") and not isinstance(problem, _HARMLESS_BOZO):
        raise ParseError(
            f"feed is malformed and yielded no entries ({problem}); "
            "the publisher must fix it (will retry)",
            url=url,
        )


def _looks_like_html(content: bytes, headers: Mapping[str, str]) -> bool:
    content_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
    return content_type in _HTML_TYPES or b"<html" in content[:4096].lower()


def _item(entry: Any, base: str) -> RawItem:
    link = entry.get("link") or next(
        (link.get("href") for link in entry.get("links", []) if link.get("href")), None
    )
    return RawItem(
        url=urljoin(base, link) if link else base,
        title=_plain(entry.get("title", ""), entry.get("title_detail")),
        text=_entry_text(entry),
        guid=entry.get("id") or None,
        published_at=struct_time_to_utc(
            entry.get("published_parsed") or entry.get("updated_parsed")
        ),
        author=entry.get("author") or None,
        metrics=_metrics(entry),
    )


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))
        return _plain(best.get("value", ""), best)
    return _plain(entry.get("summary", ""), entry.get("summary_detail"))


def _plain(value: str, detail: Mapping[str, Any] | None) -> str:
    if detail is not None and detail.get("type") == "text/plain":
        return normalise_whitespace(value)
    return html_to_text(value)


def _metrics(entry: Any) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for key in _COMMENT_KEYS:
        count = _count(entry.get(key))
        if count is not None:
            metrics["comments"] = count
            break
    return metrics


def _count(value: object) -> float | None:
    """A non-negative number from a feed field; None for URLs and other text."""
    if not isinstance(value, str):
        return None
    text = value.strip().replace(",", "")
    if not text.isdigit():
        return None
    return float(text)
