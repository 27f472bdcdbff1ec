"""Match brands in text: names and aliases in any script, minus exclusions.

Alphabetic aliases match on word boundaries (``United`` does not match
``Reunited``); aliases in scripts written without spaces (Chinese, Japanese)
match as substrings. Text and aliases are folded first (see ``textfold``). An
occurrence that lies inside an exclusion phrase (``United States`` for a brand
aliased ``United``) does not count. All aliases of all brands are found in one
pass over the text (an Aho-Corasick automaton), so adding brands costs little.
A brand with a boolean ``query`` (see ``monitor.query``) is mentioned only when the
query also holds for the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from monitor.config import Brand
from monitor.query import parse_query
from monitor.textfold import Folded, fold, fold_text, glued, is_cjk

__all__ = ["BrandMatch", "BrandMatcher", "match_brands"]


@dataclass(frozen=True)
class BrandMatch:
    """One brand found in a text: which alias matched and where (original offsets)."""

    brand: str
    alias: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Phrase:
    brand: int  # index into the matcher's brands
    text: str  # as written in the config
    length: int  # folded length
    head: bool  # needs a word boundary before (starts with an alphabetic character)
    tail: bool  # needs a word boundary after


def _automaton(entries: list[tuple[str, _Phrase]]) -> ahocorasick.Automaton | None:
    table: dict[str, list[_Phrase]] = {}
    for folded, phrase in entries:
        table.setdefault(folded, []).append(phrase)
    if not table:
        return None
    automaton = ahocorasick.Automaton()
    for folded, phrases in table.items():
        automaton.add_word(folded, phrases)
    automaton.make_automaton()
    return automaton


def _phrases(brand_index: int, written: list[str]) -> list[tuple[str, _Phrase]]:
    out = []
    for text in dict.fromkeys(written):
        folded = fold_text(text).strip()
        if folded:
            out.append(
                (
                    folded,
                    _Phrase(
                        brand_index,
                        text,
                        len(folded),
                        not is_cjk(folded[0]),
                        not is_cjk(folded[-1]),
                    ),
                )
            )
    return out


def _found(automaton, text: str):
    """``(start, end, phrase)`` for every occurrence that respects word boundaries."""
    if automaton is None:
        return
    for last, phrases in automaton.iter(text):
        for phrase in phrases:
            start, end = last - phrase.length + 1, last + 1
            if phrase.head and start > 0 and glued(text[start - 1]):
                continue
            if phrase.tail and end < len(text) and glued(text[end]):
                continue
            yield start, end, phrase


class BrandMatcher:
    """Compiled matchers for a list of brands; reuse one for many texts."""

    def __init__(self, brands: list[Brand]):
        self._brands = list(brands)
        aliases, exclusions = [], []
        for index, brand in enumerate(self._brands):
            aliases += _phrases(index, brand.terms)
            exclusions += _phrases(index, brand.exclude)
        self._aliases = _automaton(aliases)
        self._exclusions = _automaton(exclusions)
        self._queries = {
            index: parse_query(brand.query)
            for index, brand in enumerate(self._brands)
            if brand.query is not None
        }

    def match(self, text: str) -> list[BrandMatch]:
        """Every brand named in ``text``, in config order."""
        folded = fold(text)
        blocked: dict[int, list[tuple[int, int]]] = {}
        for start, end, phrase in _found(self._exclusions, folded.text):
            blocked.setdefault(phrase.brand, []).append((start, end))
        hits: dict[int, list[tuple[int, int, str]]] = {}
        for start, end, phrase in _found(self._aliases, folded.text):
            if any(b0 <= start and end <= b1 for b0, b1 in blocked.get(phrase.brand, ())):
                continue
            hits.setdefault(phrase.brand, []).append((start, end, phrase.text))
        return [
            self._result(index, hits[index], folded)
            for index in sorted(hits)
            if index not in self._queries or self._queries[index].holds(text, folded.text)
        ]

    def _result(self, index: int, hits: list[tuple[int, int, str]], folded: Folded) -> BrandMatch:
        # longest first at each position, then drop occurrences inside a longer one
        hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
        kept: list[tuple[int, int, str]] = []
        for start, end, alias in hits:
            if kept and start < kept[-1][1]:
                continue
            kept.append((start, end, alias))
        spans = tuple(folded.span(start, end) for start, end, _ in kept)
        return BrandMatch(self._brands[index].name, kept[0][2], spans)


def match_brands(text: str, brands: list[Brand]) -> list[BrandMatch]:
    """Convenience: match once without keeping a compiled matcher."""
    return BrandMatcher(brands).match(text)
