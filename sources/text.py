"""HTML to plain text, shared by every parser.

Scripts, styles and templates are dropped; block elements (paragraphs, list items,
headings, ``<br>``) become line breaks; any other whitespace, source newlines
included, collapses to one space; entities are unescaped. Text without tags or
entities keeps its own line breaks. Raises nothing: any string gives some text.
"""

from __future__ import annotations

import re
import warnings
from html import unescape

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

__all__ = ["html_to_text", "looks_like_html", "normalise_whitespace"]

_BREAK = "\ue000"  # a private-use character marks the line breaks we insert
_DROP = ["script", "style", "noscript", "template"]
_BLOCKS = [
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
]  # fmt: skip
_HTML_HINT = re.compile(
    r"<(?:[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?|/[a-zA-Z][a-zA-Z0-9]*\s*)>"
    r"|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);"
)


def normalise_whitespace(text: str) -> str:
    """Collapse whitespace inside each line, drop blank lines, keep line breaks."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def looks_like_html(text: str) -> bool:
    """True if ``text`` holds a tag or an entity (so it needs :func:`html_to_text`)."""
    return _HTML_HINT.search(text) is not None


def html_to_text(html: str) -> str:
    """Plain text of an HTML fragment or page, one line per block element."""
    if not html:
        return ""
    if "<" not in html and "&" not in html:
        return normalise_whitespace(html)
    if "<" not in html:  # entities only: no tree to build
        return normalise_whitespace(unescape(html))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for br in soup.find_all("br"):
        br.replace_with(_BREAK)
    for block in soup.find_all(_BLOCKS):
        block.insert_before(_BREAK)
        block.insert_after(_BREAK)
    # a newline in the source is just whitespace in HTML; only block edges break lines
    lines = (" ".join(line.split()) for line in soup.get_text().split(_BREAK))
    return "\n".join(line for line in lines if line)
