"""A lexicon scorer for languages written with spaces (and any other the data covers).

Built from a language's data (:mod:`monitor.languages`): sentiment words with
weights, negators, intensifiers, contrast words, and the shared emoji weights. The
text is folded (case, width, diacritics; Arabic letter variants too), then every
entry is found in one Aho-Corasick pass. An entry must start at a word boundary
(Arabic ones may follow a clitic such as و or ال) and end at one unless it is a stem
(``décevant*``). Overlapping hits resolve leftmost, then longest.

For each hit: a negator among the three words before it (within the clause) turns
it around, damped (×-0.6); an intensifier just before it strengthens it (×1.5);
hits before the last contrast word ("but") count half, hits after it 1.5×, as
VADER does. Exclamation marks strengthen the total a little. The sum is squashed
into [-1, 1] with ``s / sqrt(s² + 15)``.
"""

from __future__ import annotations

import math
import re

import ahocorasick

from monitor.languages import LanguageData
from monitor.languages.emoji import EMOJI
from monitor.textfold import fold_words, glued, starts_word

__all__ = ["LexiconScorer"]

_DAMP = 0.6  # a negated word counts this much, the other way
_BOOST = 1.5  # after an intensifier
_WINDOW = 3  # words before a hit searched for a negator
_EXCLAIM = 0.3  # added per "!" (at most three) in the direction of the sum
# a word: letters and digits, and the combining marks inside Indic words
_WORDS = re.compile(r"(?:[^\W_]|[\u0900-\u0dff])+")
_CLAUSE_END = re.compile(r"[.!?;:\n]")


class LexiconScorer:
    """Polarity of a text from one language's lexicon (plus emoji)."""

    def __init__(self, data: LanguageData):
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, float] = {}
        for words, sign in ((data.negative, -1.0), (data.positive, 1.0)):
            for word, weight in words.items():
                entries[word] = sign * weight
        entries.update(EMOJI)
        negators = frozenset(fold_words(w) for w in data.negators)
        for written, weight in entries.items():
            stem = written.endswith("*")
            folded = fold_words(written.rstrip("*")).strip()
            if folded:
                first = _WORDS.match(folded)
                # an entry that holds its own negator ("pas bon") is not turned around again
                negated = first is not None and first.group() in negators
                self._automaton.add_word(folded, (folded, weight, stem, negated))
        self._automaton.make_automaton()
        self._negators = negators
        self._intensifiers = frozenset(fold_words(w) for w in data.intensifiers)
        contrast = sorted({fold_words(w) for w in data.contrast if w.strip()})
        self._contrast = (
            re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, contrast)) + r")(?![^\W_])")
            if contrast
            else None
        )

    def polarity(self, text: str) -> float:
        """Polarity in [-1, 1] (0 when no entry of the lexicon is found)."""
        folded = fold_words(text)
        hits = self._hits(folded)
        if not hits:
            return 0.0
        pivot = -1
        if self._contrast is not None:
            for found in self._contrast.finditer(folded):
                pivot = found.start()
        total = 0.0
        for start, weight, negated in hits:
            weight *= self._modifier(folded, start, negated)
            if pivot >= 0:
                weight *= 1.5 if start > pivot else 0.5
            total += weight
        if total:
            total += math.copysign(_EXCLAIM * min(folded.count("!"), 3), total)
        return total / math.sqrt(total * total + 15) if total else 0.0

    def _hits(self, folded: str) -> list[tuple[int, float, bool]]:
        found = []
        size = len(folded)
        for last, (word, weight, stem, negated) in self._automaton.iter(folded):
            start = last - len(word) + 1
            if glued(word[0]) and not starts_word(folded, start):
                continue
            if not glued(word[0]) and not _emoticon_stands_apart(word, folded, start, last):
                continue
            if not stem and glued(word[-1]) and last + 1 < size and glued(folded[last + 1]):
                continue
            found.append((start, -len(word), weight, negated))
        found.sort()
        kept = []
        reach = 0
        for start, negative_length, weight, negated in found:
            if start < reach:
                continue  # inside a longer entry already counted
            kept.append((start, weight, negated))
            reach = start - negative_length
        return kept

    def _modifier(self, folded: str, start: int, negated: bool) -> float:
        before = folded[max(0, start - 60) : start]
        clause = _CLAUSE_END.split(before)[-1]
        words = _WORDS.findall(clause)[-_WINDOW:]
        if not words:
            return 1.0
        if not negated and any(w in self._negators for w in words):
            return -_DAMP
        if words[-1] in self._intensifiers:
            return _BOOST
        return 1.0


def _emoticon_stands_apart(word: str, folded: str, start: int, last: int) -> bool:
    """An ASCII emoticon (``:(``, ``:/``) counts only between spaces, so the ``:/`` of
    every ``https://`` is not a frown; emoji always count."""
    if not word.isascii():
        return True
    before_ok = start == 0 or folded[start - 1].isspace()
    after_ok = last + 1 == len(folded) or not (glued(folded[last + 1]) or folded[last + 1] in "/")
    return before_ok and after_ok
