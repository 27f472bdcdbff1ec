"""JSON Feed (https://jsonfeed.org, versions 1 and 1.1) bytes to RawItems.

feedparser 6.0.x does not read JSON Feed (its JSON support is only on its unreleased
main branch), so :func:`sources.rss.parse_feed` hands a body that declares
``"version": "https://jsonfeed.org/version/1..."`` to :func:`parse_json_feed`, and
``type: rss`` reads RSS, Atom, RDF and JSON Feed alike.

Per item: ``id`` is the GUID; ``url`` (else ``external_url``) the link, resolved
against the feed's address; ``title``; the text is ``content_text``, else
``content_html`` made plain, else ``summary``; ``date_published`` (else
``date_modified``) the date; ``authors[0].name`` (1.1) or ``author.name`` (1) the
author. Items with neither title nor text are skipped; a feed with no items is a
quiet day.

Raises :class:`~sources.errors.ParseError` for invalid JSON, or when ``items`` is
not a list.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from sources.dates import parse_date
from sources.errors import ParseError
from sources.items import RawItem
from sources.text import html_to_text, normalise_whitespace

__all__ = ["is_json_feed", "parse_json_feed"]

_VERSION = re.compile(rb'"version"\s*:\s*"https?://jsonfeed\.org/version/1')


def is_json_feed(content: bytes) -> bool:
    """True if ``content`` is a JSON object declaring a jsonfeed.org version 1.x."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{" and bool(_VERSION.search(content))


def parse_json_feed(content: bytes, url: str) -> list[RawItem]:
    """Items of a JSON Feed as RawItems; links resolved against ``url``."""
    try:
        document = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(
            f"JSON Feed is not valid JSON ({_reason(exc)}); the publisher must fix it (will retry)",
            url=url,
        ) from exc
    records = document.get("items", []) if isinstance(document, dict) else None
    if not isinstance(records, list):
        raise ParseError(
            'JSON Feed has no list of items ("items" is not a list); the publisher must '
            "fix it (will retry)",
            url=url,
        )
    items = (_item(record, url) for record in records if isinstance(record, dict))
    return [item for item in items if item.title or item.text]


def _item(record: dict[str, Any], base: str) -> RawItem:
    link = _string(record.get("url")) or _string(record.get("external_url"))
    guid = record.get("id")
    return RawItem(
        url=urljoin(base, link) if link else base,
        title=normalise_whitespace(_string(record.get("title"))),
        text=_text(record),
        guid=str(guid) if guid not in (None, "") else None,
        published_at=parse_date(record.get("date_published") or record.get("date_modified")),
        author=_author(record),
    )


def _text(record: dict[str, Any]) -> str:
    plain = normalise_whitespace(_string(record.get("content_text")))
    if plain:
        return plain
    html = _string(record.get("content_html"))
    return html_to_text(html) if html.strip() else html_to_text(_string(record.get("summary")))


def _author(record: dict[str, Any]) -> str | None:
    authors = record.get("authors")
    first = authors[0] if isinstance(authors, list) and authors else record.get("author")
    name = first.get("name") if isinstance(first, dict) else None
    if not isinstance(name, str):
        return None
    return normalise_whitespace(name) or None


def _string(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    return f"not UTF-8 text: {exc}"
