"""Complaint and risk vocabularies, multilingual, extendable from config.

*Complaint* terms mark a mention as a customer complaint (refund, 投诉,
reclamație...). *Risk* terms name a threat to the brand (boycott, recall, 抵制...);
among them, *safety-critical* terms name harm to people or a legal threat (death,
injury, violence, lawsuit, 死亡, 起诉, deces...): one such mention deserves
attention on its content alone. The built-in terms of every language live in
:mod:`monitor.languages`; ``terms`` in the config adds more, for every language.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from monitor.languages import LANGUAGE_MODULES, language_data
from monitor.textfold import fold_words, glued, is_cjk, starts_word

__all__ = ["TermHits", "TermSet"]


@dataclass(frozen=True)
class TermHits:
    complaint: tuple[str, ...]
    risk: tuple[str, ...]  # safety-critical terms included
    safety: tuple[str, ...]


class TermSet:
    """Compiled complaint, risk and safety vocabularies.

    A text is searched for the terms of its own language, English's (customers
    mix English in everywhere) and the config's, in one Aho-Corasick pass, so a
    Romanian ``proces`` (lawsuit) is not found in an English "process". A text of
    undetermined language is searched for every language's terms.

    A term that starts with a letter of an alphabetic script needs a word boundary
    before it; a short one (four characters or fewer) also after it, so ``scam``
    does not match ``scampi`` while ``refund`` matches ``refunded``. Terms in CJK
    scripts match anywhere. Overlapping hits resolve leftmost, then longest.
    """

    def __init__(
        self,
        extra_complaint: list[str] | None = None,
        extra_risk: list[str] | None = None,
        extra_safety: list[str] | None = None,
    ):
        self._extra = _Terms(extra_complaint or [], extra_risk or [], extra_safety or [])
        self._automata: dict[tuple[str, ...], ahocorasick.Automaton | None] = {}

    def find(self, text: str, lang: str = "und") -> TermHits:
        """The complaint, risk and safety-critical terms in ``text`` (folded forms, no
        repeats); every safety-critical term is a risk term too."""
        base = lang.split("-")[0]
        key = tuple(LANGUAGE_MODULES) if base == "und" else tuple(dict.fromkeys((base, "en")))
        automaton = self._automata.get(key)
        if automaton is None and key not in self._automata:
            automaton = self._automata[key] = self._build(key)
        complaint: list[str] = []
        risk: list[str] = []
        safety: list[str] = []
        for term, kinds in _hits(automaton, fold_words(text)):
            if "complaint" in kinds:
                complaint.append(term)
            if "risk" in kinds or "safety" in kinds:
                risk.append(term)
            if "safety" in kinds:
                safety.append(term)
        return TermHits(tuple(complaint), tuple(risk), tuple(safety))

    def _build(self, codes: tuple[str, ...]) -> ahocorasick.Automaton | None:
        kinds: dict[str, set[str]] = {}
        sets = [language_data(code) for code in codes]
        for terms in [*(s for s in sets if s is not None), self._extra]:
            for kind in ("complaint", "risk", "safety"):
                for written in getattr(terms, kind):
                    term = fold_words(written).strip()
                    if term:
                        kinds.setdefault(term, set()).add(kind)
        if not kinds:
            return None
        automaton = ahocorasick.Automaton()
        for term, found in kinds.items():
            head = not is_cjk(term[0])
            tail = not is_cjk(term[-1]) and len(term) <= 4
            automaton.add_word(term, (term, head, tail, frozenset(found)))
        automaton.make_automaton()
        return automaton


@dataclass(frozen=True)
class _Terms:
    complaint: list[str]
    risk: list[str]
    safety: list[str]


def _hits(automaton: ahocorasick.Automaton | None, folded: str) -> list[tuple[str, frozenset[str]]]:
    if automaton is None:
        return []
    found = []
    for last, (term, head, tail, kinds) in automaton.iter(folded):
        start, end = last - len(term) + 1, last + 1
        if head and not starts_word(folded, start):
            continue
        if tail and end < len(folded) and glued(folded[end]):
            continue
        found.append((start, -len(term), term, kinds))
    found.sort()
    kept: dict[str, frozenset[str]] = {}
    reach = 0
    for start, negative_length, term, kinds in found:
        if start < reach:
            continue  # inside a hit already taken
        kept.setdefault(term.strip(), kinds)
        reach = start - negative_length
    return list(kept.items())
