"""JSON API bytes to RawItems, mapped by dotted field paths.

``fields``:

- ``items``: path to the list of items; empty or absent means the top level is a list;
- ``title``, ``text``, ``url``, ``id``, ``published_at``, ``author``: paths inside
  each item; ``published_at`` may be an ISO string or epoch seconds (milliseconds
  are recognised); ``url`` is resolved against the endpoint URL;
- ``metrics.<name>``: a path to a number, e.g. ``metrics.score: points``.

A path is dot-separated keys and list indices (``data.children``, ``a.0.b``);
``a|b`` takes the first of several paths that holds a value (``url|story_url``).
A missing path gives no value, not an error. HTML in ``text`` is turned into plain
text. Items with neither title nor text are skipped.

Raises :class:`~sources.errors.EmptySourceError` for an empty body and
:class:`~sources.errors.ParseError` for invalid JSON or an ``items`` path that does
not lead to a list.
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import urljoin

from sources.dates import parse_date
from sources.errors import EmptySourceError, ParseError
from sources.items import RawItem
from sources.text import html_to_text, looks_like_html, normalise_whitespace

__all__ = ["parse_json", "resolve_path"]

_MISSING = object()
_METRIC_PREFIX = "metrics."


def parse_json(content: bytes, url: str, fields: dict[str, str]) -> list[RawItem]:
    """Objects of a JSON document as RawItems, as described by ``fields``."""
    if not content.strip():
        raise EmptySourceError.empty_body("json", url)
    data = _load(content, url)
    records = _records(data, fields.get("items", ""), url)
    items = (_item(record, url, fields) for record in records)
    return [item for item in items if item.title or item.text]


def resolve_path(data: Any, path: str) -> Any:
    """The value at a dotted path (``a.0.b``; ``x|y`` = first present), else None."""
    for alternative in path.split("|"):
        value = _resolve_one(data, alternative.strip())
        if value is not _MISSING and value is not None and value != "":
            return value
    return None


def _resolve_one(data: Any, path: str) -> Any:
    current = data
    for key in (part for part in path.split(".") if part):
        if isinstance(current, dict):
            current = current.get(key, _MISSING)
        elif isinstance(current, list) and key.lstrip("-").isdigit():
            index = int(key)
            current = current[index] if -len(current) <= index < len(current) else _MISSING
        else:
            return _MISSING
        if current is _MISSING:
            return _MISSING
    return current


def _load(content: bytes, url: str) -> Any:
    try:
        return json.loads(content)
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text: {exc.reason} at byte {exc.start}"
    except json.JSONDecodeError as exc:
        reason = f"{exc.msg} at line {exc.lineno} column {exc.colno}"
    hint = " (it looks like an HTML page)" if content.lstrip()[:1] == b"<" else ""
    raise ParseError(
        f"JSON endpoint returned invalid JSON{hint} ({reason}); check that the URL serves JSON",
        url=url,
    )


def _records(data: Any, path: str, url: str) -> list[Any]:
    found = resolve_path(data, path) if path else data
    if isinstance(found, list):
        return found
    if not path:
        keys = f" with keys {', '.join(list(data)[:8])}" if isinstance(data, dict) else ""
        raise ParseError(
            f"JSON top level is {_kind(data)}{keys}, not a list; set fields.items "
            "to the path of the list of items",
            url=url,
        )
    what = "not found" if found is None else f"{_kind(found)}, not a list"
    raise ParseError(
        f"JSON path items={path!r} is {what}; set fields.items to the path of the list",
        url=url,
    )


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a string"}.get(type(value), "a value")


def _item(record: Any, base: str, fields: dict[str, str]) -> RawItem:
    def field(name: str) -> Any:
        path = fields.get(name)
        return resolve_path(record, path) if path else None

    link = field("url")
    guid = field("id")
    return RawItem(
        url=urljoin(base, link.strip()) if isinstance(link, str) and link.strip() else base,
        title=_plain(field("title")),
        text=_plain(field("text")),
        guid=str(guid) if guid is not None else None,
        published_at=parse_date(field("published_at")),
        author=_plain(field("author")) or None,
        metrics=_metrics(record, fields),
    )


def _plain(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    text = str(value)
    return html_to_text(text) if looks_like_html(text) else normalise_whitespace(text)


def _metrics(record: Any, fields: dict[str, str]) -> dict[str, float]:
    metrics: dict[str, float] = {}
    for key, path in fields.items():
        if key.startswith(_METRIC_PREFIX) and path:
            number = _number(resolve_path(record, path))
            if number is not None:
                metrics[key[len(_METRIC_PREFIX) :]] = number
    return metrics


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = float(value.replace(",", "") if isinstance(value, str) else value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None
