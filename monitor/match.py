"""Match brands in text: names and aliases in any script, minus exclusions.

Alphabetic aliases match on word boundaries (``United`` does not match
``Reunited``); aliases in scripts written without spaces (Chinese, Japanese)
match as substrings. Text and aliases are folded first (see ``textfold``). An
occurrence that lies inside an exclusion phrase (``United States`` for a brand
aliased ``United``) does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.config import Brand
from monitor.textfold import WORD_AFTER, WORD_BEFORE, Folded, fold, fold_text, is_cjk

__all__ = ["BrandMatch", "BrandMatcher", "match_brands"]


@dataclass(frozen=True)
class BrandMatch:
    """One brand found in a text: which alias matched and where (original offsets)."""

    brand: str
    alias: str
    spans: tuple[tuple[int, int], ...]


def _pattern(phrases: list[str]) -> re.Pattern[str] | None:
    parts = []
    for phrase in sorted(
        {fold_text(p).strip() for p in phrases if p.strip()}, key=len, reverse=True
    ):
        escaped = re.escape(phrase)
        head = "" if is_cjk(phrase[0]) else WORD_BEFORE
        tail = "" if is_cjk(phrase[-1]) else WORD_AFTER
        parts.append(f"{head}{escaped}{tail}")
    return re.compile("|".join(parts)) if parts else None


class BrandMatcher:
    """Compiled matchers for a list of brands; reuse one for many texts."""

    def __init__(self, brands: list[Brand]):
        self._brands = [
            (brand, _pattern(brand.terms), _pattern(brand.exclude), _alias_map(brand))
            for brand in brands
        ]

    def match(self, text: str) -> list[BrandMatch]:
        """Every brand named in ``text``, in config order."""
        folded = fold(text)
        found = []
        for brand, pattern, exclude, aliases in self._brands:
            if pattern is None:
                continue
            spans, first_alias = _occurrences(folded, pattern, exclude)
            if spans:
                found.append(BrandMatch(brand.name, aliases.get(first_alias, first_alias), spans))
        return found


def _alias_map(brand: Brand) -> dict[str, str]:
    return {fold_text(term).strip(): term for term in brand.terms}


def _occurrences(folded: Folded, pattern: re.Pattern[str], exclude: re.Pattern[str] | None):
    blocked = [m.span() for m in exclude.finditer(folded.text)] if exclude else []
    spans = []
    first = None
    for m in pattern.finditer(folded.text):
        start, end = m.span()
        if any(b0 <= start and end <= b1 for b0, b1 in blocked):
            continue
        spans.append(folded.span(start, end))
        first = first or m.group(0)
    return tuple(spans), first


def match_brands(text: str, brands: list[Brand]) -> list[BrandMatch]:
    """Convenience: match once without keeping a compiled matcher."""
    return BrandMatcher(brands).match(text)
