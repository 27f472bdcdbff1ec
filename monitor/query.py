"""Boolean brand queries, as media-monitoring tools write them.

A brand's ``query`` narrows what counts as a mention of it: the brand is mentioned
when one of its aliases is found *and* the query holds for the text. ::

    query: '(flight OR airline OR plane OR 航班) NOT "United States" NOT soccer'
    query: 'refund NEAR/5 (delay OR cancelled)'

- ``word`` and ``"exact phrase"``: folded like aliases (case, width, diacritics,
  Traditional/Simplified); alphabetic words match on word boundaries, ``refund*``
  matches any word starting with ``refund``; CJK terms match anywhere.
- ``a AND b``, or just ``a b``; ``a OR b``; ``NOT a`` (also ``a NOT b`` = ``a AND NOT b``);
  ``a NEAR/n b``: both within n words of each other (CJK characters count as words);
  parentheses group. Precedence, tightest first: NOT, NEAR, AND, OR.

:func:`parse_query` raises :class:`QueryError` with the position and the fix.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from monitor.textfold import fold_text, glued, is_cjk

__all__ = ["Query", "QueryError", "parse_query"]

_TOKEN = re.compile(r'\s*(?:(\()|(\))|"([^"]*)"|(NEAR/\d+)|([^\s()"]+))')
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


class QueryError(ValueError):
    """A query that cannot be read; the message names the position and the fix."""


@dataclass(frozen=True)
class _Term:
    text: str  # folded
    prefix: bool  # ends with * in the query


@dataclass(frozen=True)
class _Op:
    kind: str  # AND | OR | NOT | NEAR
    args: tuple
    distance: int = 0


class Query:
    """A parsed query; :meth:`holds` tests a text (folded or not)."""

    def __init__(self, source: str, tree: _Term | _Op):
        self.source = source
        self._tree = tree

    def holds(self, text: str, folded: str | None = None) -> bool:
        """Whether the query holds for ``text`` (pass ``folded`` if already folded)."""
        folded = fold_text(text) if folded is None else folded
        return _evaluate(self._tree, folded, _Words(folded))

    def __repr__(self) -> str:
        return f"Query({self.source!r})"


def parse_query(source: str) -> Query:
    """Parse ``source``; raise QueryError naming what is wrong and where."""
    tokens = _tokens(source)
    if not tokens:
        raise QueryError("the query is empty: write terms joined by AND, OR, NOT or NEAR/n")
    parser = _Parser(tokens, source)
    tree = parser.any_of()
    if parser.position < len(tokens):
        kind, value, at = tokens[parser.position]
        raise QueryError(f"unexpected {value!r} at character {at + 1}: check the parentheses")
    return Query(source, tree)


def _tokens(source: str) -> list[tuple[str, str, int]]:
    out, position = [], 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:
            if source[position:].strip() == "":
                break
            raise QueryError(
                f"unclosed quote at character {source.index(chr(34), position) + 1}: "
                'close the "phrase"'
            )
        opening, closing, phrase, near, word = match.groups()
        at = match.start() + (len(match.group(0)) - len(match.group(0).lstrip()))
        if opening:
            out.append(("(", "(", at))
        elif closing:
            out.append((")", ")", at))
        elif phrase is not None:
            out.append(("term", phrase, at))
        elif near:
            out.append(("NEAR", near, at))
        elif word in ("AND", "OR", "NOT"):
            out.append((word, word, at))
        else:
            out.append(("term", word, at))
        position = match.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str, int]], source: str):
        self.tokens, self.source, self.position = tokens, source, 0

    def peek(self) -> str | None:
        return self.tokens[self.position][0] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str, int]:
        token = self.tokens[self.position]
        self.position += 1
        return token

    def any_of(self) -> _Term | _Op:
        parts = [self.all_of()]
        while self.peek() == "OR":
            self.take()
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else _Op("OR", tuple(parts))

    def all_of(self) -> _Term | _Op:
        parts = [self.near()]
        while self.peek() in ("AND", "NOT", "term", "("):
            if self.peek() == "AND":
                self.take()
            parts.append(self.near())
        return parts[0] if len(parts) == 1 else _Op("AND", tuple(parts))

    def near(self) -> _Term | _Op:
        left = self.negated()
        while self.peek() == "NEAR":
            _, value, _ = self.take()
            right = self.negated()
            if not isinstance(left, _Term) or not isinstance(right, _Term):
                raise QueryError(f"{value} joins two terms or phrases, not groups: {self.source}")
            left = _Op("NEAR", (left, right), int(value.split("/")[1]))
        return left

    def negated(self) -> _Term | _Op:
        if self.peek() == "NOT":
            self.take()
            return _Op("NOT", (self.negated(),))
        return self.atom()

    def atom(self) -> _Term | _Op:
        if self.position >= len(self.tokens):
            raise QueryError(f"the query ends after an operator: {self.source!r}: add a term")
        kind, value, at = self.take()
        if kind == "(":
            inner = self.any_of()
            if self.peek() != ")":
                raise QueryError(f"the parenthesis at character {at + 1} is never closed")
            self.take()
            return inner
        if kind == "term":
            prefix = value.endswith("*") and len(value) > 1
            text = fold_text(value[:-1] if prefix else value).strip()
            if not text:
                raise QueryError(f'empty term at character {at + 1}: remove the ""')
            return _Term(text, prefix)
        raise QueryError(f"unexpected {value!r} at character {at + 1}: put a term before it")


class _Words:
    """Word positions of a folded text, for NEAR (a CJK character is a word)."""

    def __init__(self, folded: str):
        self.starts: list[int] = []
        for match in _WORD.finditer(folded):
            run = match.group()
            if is_cjk(run[0]):
                self.starts.extend(range(match.start(), match.end()))
            else:
                self.starts.append(match.start())

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)


def _occurrences(term: _Term, folded: str) -> list[int]:
    found, start = [], folded.find(term.text)
    while start != -1:
        end = start + len(term.text)
        head_ok = is_cjk(term.text[0]) or start == 0 or not glued(folded[start - 1])
        tail_ok = (
            term.prefix or is_cjk(term.text[-1]) or end == len(folded) or not glued(folded[end])
        )
        if head_ok and tail_ok:
            found.append(start)
        start = folded.find(term.text, start + 1)
    return found


def _evaluate(node: _Term | _Op, folded: str, words: _Words) -> bool:
    if isinstance(node, _Term):
        return bool(_occurrences(node, folded))
    if node.kind == "AND":
        return all(_evaluate(arg, folded, words) for arg in node.args)
    if node.kind == "OR":
        return any(_evaluate(arg, folded, words) for arg in node.args)
    if node.kind == "NOT":
        return not _evaluate(node.args[0], folded, words)
    left = [words.index(i) for i in _occurrences(node.args[0], folded)]
    right = [words.index(i) for i in _occurrences(node.args[1], folded)]
    return any(abs(a - b) <= node.distance for a in left for b in right)
