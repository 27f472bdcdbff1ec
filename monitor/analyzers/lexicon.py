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
from monitor.textfold import fold_text, glued

__all__ = ["LexiconScorer", "fold_for_lexicon"]

_DAMP = 0.6  # a negated word counts this much, the other way
_BOOST = 1.5  # after an intensifier
_WINDOW = 3  # words before a hit searched for a negator
_EXCLAIM = 0.3  # added per "!" (at most three) in the direction of the sum
# Arabic letter variants written interchangeably: alef forms, teh marbuta, alef maksura
_ARABIC = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None})
_ARABIC_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")
_WORDS = re.compile(r"[^\W_]+")
_CLAUSE_END = re.compile(r"[.!?;:\n]")


def fold_for_lexicon(text: str) -> str:
    """The folded form lexicon entries and texts are compared in."""
    folded = fold_text(text)
    return folded if folded.isascii() else folded.translate(_ARABIC)


def _is_arabic(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff"


class LexiconScorer:
    """Polarity of a text from one language's lexicon (plus emoji)."""

    def __init__(self, data: LanguageData):
        self.code = data.code
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, float] = {}
        for words, sign in ((data.negative, -1.0), (data.positive, 1.0)):
            for word, weight in words.items():
                entries[word] = sign * weight
        entries.update(EMOJI)
        for written, weight in entries.items():
            stem = written.endswith("*")
            folded = fold_for_lexicon(written.rstrip("*")).strip()
            if folded:
                self._automaton.add_word(folded, (folded, weight, stem))
        self._automaton.make_automaton()
        self._negators = frozenset(fold_for_lexicon(w) for w in data.negators)
        self._intensifiers = frozenset(fold_for_lexicon(w) for w in data.intensifiers)
        contrast = sorted({fold_for_lexicon(w) for w in data.contrast if w.strip()})
        self._contrast = (
            re.compile(r"(?<![^\W_])(?:" + "|".join(map(re.escape, contrast)) + r")(?![^\W_])")
            if contrast
            else None
        )

    def polarity(self, text: str) -> float:
        """Polarity in [-1, 1] (0 when no entry of the lexicon is found)."""
        folded = fold_for_lexicon(text)
        hits = self._hits(folded)
        if not hits:
            return 0.0
        pivot = -1
        if self._contrast is not None:
            for found in self._contrast.finditer(folded):
                pivot = found.start()
        total = 0.0
        for start, weight in hits:
            weight *= self._modifier(folded, start)
            if pivot >= 0:
                weight *= 1.5 if start > pivot else 0.5
            total += weight
        if total:
            total += math.copysign(_EXCLAIM * min(folded.count("!"), 3), total)
        return total / math.sqrt(total * total + 15) if total else 0.0

    def _hits(self, folded: str) -> list[tuple[int, float]]:
        found = []
        size = len(folded)
        for last, (word, weight, stem) in self._automaton.iter(folded):
            start = last - len(word) + 1
            if glued(word[0]) and start > 0 and glued(folded[start - 1]):
                if not (_is_arabic(word[0]) and _after_clitic(folded, start)):
                    continue
            if not stem and glued(word[-1]) and last + 1 < size and glued(folded[last + 1]):
                continue
            found.append((start, -len(word), weight))
        found.sort()
        kept = []
        reach = 0
        for start, negative_length, weight in found:
            if start < reach:
                continue  # inside a longer entry already counted
            kept.append((start, weight))
            reach = start - negative_length
        return kept

    def _modifier(self, folded: str, start: int) -> float:
        before = folded[max(0, start - 60) : start]
        clause = _CLAUSE_END.split(before)[-1]
        words = _WORDS.findall(clause)[-_WINDOW:]
        if not words:
            return 1.0
        if any(w in self._negators for w in words):
            return -_DAMP
        if words[-1] in self._intensifiers:
            return _BOOST
        return 1.0


def _after_clitic(folded: str, start: int) -> bool:
    """True when ``folded[:start]`` ends with an Arabic clitic that starts a word."""
    for clitic in _ARABIC_CLITICS:
        begin = start - len(clitic)
        if begin >= 0 and folded[begin:start] == clitic:
            if begin == 0 or not glued(folded[begin - 1]):
                return True
    return False
