"""Where a brand matched: a mention's text as safe HTML, its alias wrapped in ``<mark>``.

A mention's spans are ``[start, end)`` character offsets into the string the matcher
saw, ``monitor.normalise.matched_text(title, text)``: the title, a newline, the text.
Spans are never trusted: ones that overlap or touch are merged, and ones reaching
past either end (an edited item, an old row) are clamped or dropped. Everything
else is HTML-escaped, so a post quoting ``<script>`` shows it as text.
Pure functions, no Streamlit.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from monitor.normalise import matched_text

__all__ = ["highlight", "highlight_mention", "merge_spans"]


def merge_spans(
    spans: Iterable[Sequence[int]], length: int, offset: int = 0
) -> list[tuple[int, int]]:
    """Spans shifted left by ``offset``, clamped to ``[0, length]``, sorted and merged;
    empty ones dropped."""
    clamped = sorted((max(0, start - offset), min(length, end - offset)) for start, end in spans)
    merged: list[tuple[int, int]] = []
    for start, end in clamped:
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, spans: Iterable[Sequence[int]], offset: int = 0) -> str:
    """``text`` HTML-escaped, with the characters in ``spans`` (less ``offset``) in
    ``<mark>``."""
    out: list[str] = []
    done = 0
    for start, end in merge_spans(spans, len(text), offset):
        out += [html.escape(text[done:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        done = end
    out.append(html.escape(text[done:]))
    return "".join(out)


def highlight_mention(title: str, text: str, spans: Iterable[Sequence[int]]) -> tuple[str, str]:
    """The title and the text of a stored item, each highlighted with the mention's spans
    (which point into both, joined as the matcher saw them)."""
    spans = list(spans)
    text_starts = len(matched_text(title, text)) - len(text)
    return highlight(title, spans), highlight(text, spans, offset=text_starts)
