"""Complaint and risk vocabularies, multilingual, extendable from config.

*Complaint* terms mark a mention as a customer complaint (refund, 投诉,
reclamație...). *Risk* terms name a threat to the brand (boycott, recall, 抵制...);
among them, *safety-critical* terms name harm to people or a legal threat (death,
injury, violence, lawsuit, 死亡, 起诉, deces...): one such mention deserves
attention on its content alone. The built-in terms of every language live in
:mod:`monitor.languages`; config adds more. Alphabetic terms match at the start of a word, so ``refund``
also finds ``refunds`` and ``refunded``; short ones (four letters or fewer, like
``sue`` or ``fire``) must be the whole word; Chinese terms match anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from monitor.languages import LANGUAGE_MODULES, language_data
from monitor.textfold import fold_text, glued, is_cjk

__all__ = ["COMPLAINT_TERMS", "RISK_TERMS", "SAFETY_TERMS", "TermHits", "TermSet"]


def _gathered(kind: str) -> tuple[str, ...]:
    terms: list[str] = []
    for code in LANGUAGE_MODULES:
        data = language_data(code)
        if data is not None:
            terms.extend(getattr(data, kind))
    return tuple(dict.fromkeys(terms))


COMPLAINT_TERMS: tuple[str, ...] = _gathered("complaint")
RISK_TERMS: tuple[str, ...] = _gathered("risk")
SAFETY_TERMS: tuple[str, ...] = _gathered("safety")


@dataclass(frozen=True)
class TermHits:
    complaint: tuple[str, ...]
    risk: tuple[str, ...]  # safety-critical terms included
    safety: tuple[str, ...]


class TermSet:
    """Compiled complaint and risk vocabularies, each one Aho-Corasick automaton.

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
        self._complaint = _automaton([*COMPLAINT_TERMS, *(extra_complaint or [])])
        safety = [*SAFETY_TERMS, *(extra_safety or [])]
        self._risk = _automaton([*RISK_TERMS, *(extra_risk or []), *safety])
        self._safety = {fold_text(t).strip() for t in safety}

    def find(self, text: str) -> TermHits:
        """The complaint, risk and safety-critical terms in ``text`` (folded forms, no
        repeats); every safety-critical term is a risk term too."""
        folded = fold_text(text)
        risk = _hits(self._risk, folded)
        safety = tuple(t for t in risk if t in self._safety)
        return TermHits(_hits(self._complaint, folded), risk, safety)


def _automaton(terms: list[str]) -> ahocorasick.Automaton | None:
    automaton = ahocorasick.Automaton()
    for term in {fold_text(t) for t in terms if t.strip()}:
        head = not is_cjk(term[0])
        tail = not is_cjk(term[-1]) and len(term) <= 4
        automaton.add_word(term, (term, head, tail))
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def _hits(automaton: ahocorasick.Automaton | None, folded: str) -> tuple[str, ...]:
    if automaton is None:
        return ()
    found = []
    for last, (term, head, tail) in automaton.iter(folded):
        start, end = last - len(term) + 1, last + 1
        if head and start > 0 and glued(folded[start - 1]):
            continue
        if tail and end < len(folded) and glued(folded[end]):
            continue
        found.append((start, -len(term), term))
    found.sort()
    kept: list[str] = []
    reach = 0
    for start, negative_length, term in found:
        if start < reach:
            continue  # inside a hit already taken
        kept.append(term.strip())
        reach = start - negative_length
    return tuple(dict.fromkeys(kept))
