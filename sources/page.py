"""HTML page bytes to RawItems, one per block matched by CSS selectors.

Selectors (all optional; all but ``item`` are relative to each block):

- ``item``: each block; without it the whole page is one item;
- ``title``: default the block's first heading, or the page's ``<title>``;
- ``text``: every match, one per line; default the whole block (``<body>``);
- ``link``: an element with ``href`` (or containing an ``<a href>``), resolved
  against the page URL (and ``<base href>``); default the block's first link; the
  page URL for the whole page or when there is no http(s) link;
- ``date``: its ``datetime`` or ``content`` attribute, else its text;
- ``author``: its text.

Bytes are decoded by :func:`sources.charset.decode_html` (a lying header charset does
not win). Blocks with neither title nor text are skipped.

Raises :class:`~sources.errors.EmptySourceError` for an empty body and
:class:`~sources.errors.ParseError` when ``item`` matches nothing or a selector is
not valid CSS.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import soupsieve
from bs4 import BeautifulSoup, Tag

from sources.charset import decode_html
from sources.dates import parse_date
from sources.errors import EmptySourceError, ParseError
from sources.items import RawItem
from sources.text import html_to_text, normalise_whitespace

__all__ = ["parse_page"]

_HEADINGS = "h1, h2, h3, h4, h5, h6"


def parse_page(
    content: bytes, headers: Mapping[str, str], url: str, selectors: dict[str, str]
) -> list[RawItem]:
    """Blocks of an HTML page as RawItems, as described by ``selectors``."""
    if not content.strip():
        raise EmptySourceError.empty_body("page", url)
    soup = BeautifulSoup(decode_html(content, headers), "html.parser")
    base = _base_url(soup, url)
    item_selector = selectors.get("item")
    if not item_selector:
        body = soup.body or soup
        title = (
            _one_text(body, "title", selectors, url) or _page_title(soup) or _title(body, {}, url)
        )
        item = _item(body, base, selectors, url, title, whole_page=True)
        return [item] if item.title or item.text else []
    blocks = _select(soup, "item", item_selector, url)
    if not blocks:
        raise ParseError(
            f"page has no blocks matching selector item={item_selector!r}; the site's layout "
            "may have changed: update the source's selectors",
            url=url,
        )
    items = (_item(block, base, selectors, url, _title(block, selectors, url)) for block in blocks)
    return [item for item in items if item.title or item.text]


def _item(
    block: Tag,
    base: str,
    selectors: dict[str, str],
    url: str,
    title: str,
    whole_page: bool = False,
) -> RawItem:
    return RawItem(
        url=_link(block, base, selectors, url, whole_page),
        title=title,
        text=_text(block, selectors, url),
        published_at=_date(block, selectors, url),
        author=_one_text(block, "author", selectors, url),
    )


def _title(block: Tag, selectors: dict[str, str], url: str) -> str:
    if "title" in selectors:
        return _one_text(block, "title", selectors, url) or ""
    heading = block.select_one(_HEADINGS)
    return normalise_whitespace(heading.get_text(" ")) if heading else ""


def _page_title(soup: BeautifulSoup) -> str:
    return normalise_whitespace(soup.title.get_text(" ")) if soup.title else ""


def _text(block: Tag, selectors: dict[str, str], url: str) -> str:
    if "text" not in selectors:
        return html_to_text(str(block))
    found = _select(block, "text", selectors["text"], url)
    return "\n".join(t for t in (html_to_text(str(el)) for el in found) if t)


def _link(block: Tag, base: str, selectors: dict[str, str], url: str, whole_page: bool) -> str:
    if "link" in selectors:
        element = _select_one(block, "link", selectors["link"], url)
    elif whole_page:
        return url
    else:
        element = block if block.name == "a" else block.find("a", href=True)
    if element is not None and not element.get("href"):
        element = element.find("a", href=True)
    href = element.get("href") if element is not None else None
    if isinstance(href, str) and href.strip():
        resolved = urljoin(base, href.strip())
        if urlsplit(resolved).scheme in ("http", "https"):
            return resolved
    return url


def _date(block: Tag, selectors: dict[str, str], url: str) -> datetime | None:
    if "date" not in selectors:
        return None
    element = _select_one(block, "date", selectors["date"], url)
    if element is None:
        return None
    for attribute in ("datetime", "content"):
        value = element.get(attribute)
        if isinstance(value, str) and value.strip():
            return parse_date(value)
    return parse_date(element.get_text(" "))


def _one_text(block: Tag, key: str, selectors: dict[str, str], url: str) -> str | None:
    if key not in selectors:
        return None
    element = _select_one(block, key, selectors[key], url)
    if element is None:
        return None
    return normalise_whitespace(element.get_text(" ")) or None


def _base_url(soup: BeautifulSoup, url: str) -> str:
    base = soup.find("base", href=True)
    href = base.get("href") if base else None
    return urljoin(url, href) if isinstance(href, str) else url


def _select(root: Tag, key: str, selector: str, url: str) -> list[Tag]:
    try:
        return soupsieve.select(selector, root)
    except soupsieve.SelectorSyntaxError as exc:
        raise _bad_selector(key, selector, exc, url) from exc


def _select_one(root: Tag, key: str, selector: str, url: str) -> Tag | None:
    try:
        return soupsieve.select_one(selector, root)
    except soupsieve.SelectorSyntaxError as exc:
        raise _bad_selector(key, selector, exc, url) from exc


def _bad_selector(key: str, selector: str, exc: Exception, url: str) -> ParseError:
    reason = str(exc).splitlines()[0]
    return ParseError(
        f"selector {key}={selector!r} is not valid CSS ({reason}); fix the source's selectors",
        url=url,
    )
