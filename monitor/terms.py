"""Complaint and risk vocabularies, multilingual, extendable from config.

*Complaint* terms mark a mention as a customer complaint (refund, 投诉,
reclamație...). *Risk* terms are safety-critical or legal (death, injury,
lawsuit, boycott, 死亡, 起诉, deces...): one such mention deserves attention on
its content alone. Alphabetic terms match at the start of a word, so ``refund``
also finds ``refunds`` and ``refunded``; short ones (four letters or fewer, like
``sue`` or ``fire``) must be the whole word; Chinese terms match anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import ahocorasick

from monitor.textfold import fold_text, glued, is_cjk

__all__ = ["COMPLAINT_TERMS", "RISK_TERMS", "TermSet"]

COMPLAINT_TERMS: tuple[str, ...] = (
    # English
    "complain",
    "complaint",
    "refund",
    "scam",
    "rip-off",
    "ripoff",
    "rip off",
    "fraud",
    "worst",
    "terrible",
    "awful",
    "horrible",
    "disgusting",
    "unacceptable",
    "useless",
    "never again",
    "never fly",
    "never buy",
    "rude",
    "cancelled",
    "canceled",
    "delayed",
    "lost my",
    "lost luggage",
    "broke my",
    "broken",
    "damaged",
    "overcharged",
    "charged twice",
    "no response",
    "no reply",
    "ignored",
    "on hold",
    "hung up",
    "still waiting",
    "waited",
    "customer service",
    "unresolved",
    "disappointed",
    "angry",
    "furious",
    "shame on",
    "compensation",
    "chargeback",
    "misleading",
    "false advertising",
    # Chinese (folded to Simplified, so Traditional forms match too)
    "投诉",
    "维权",
    "曝光",
    "退款",
    "退钱",
    "差评",
    "骗子",
    "欺诈",
    "坑人",
    "垃圾",
    "态度差",
    "不处理",
    "没人管",
    "索赔",
    "赔偿",
    "客服",
    "拒绝",
    "气愤",
    "失望",
    "弄坏",
    # Romanian
    "reclamație",
    "reclamatie",
    "plângere",
    "plangere",
    "rambursare",
    "banii înapoi",
    "țeapă",
    "teapa",
    "înșelătorie",
    "inselatorie",
    "nemulțumit",
    "nemultumit",
    "dezamăgit",
    "dezamagit",
    "groaznic",
    "cel mai prost",
    "nu recomand",
    "defect",
)

RISK_TERMS: tuple[str, ...] = (
    # English
    "death",
    "dead",
    "died",
    "dies",
    "killed",
    "kill",
    "fatal",
    "murder",
    "injury",
    "injured",
    "hurt",
    "hospital",
    "assault",
    "attacked",
    "rape",
    "harass",
    "violence",
    "fire",
    "explosion",
    "poison",
    "lawsuit",
    "sue",
    "suing",
    "sued",
    "legal action",
    "lawyer",
    "class action",
    "boycott",
    "recall",
    "unsafe",
    "danger",
    # Chinese
    "死亡",
    "遇害",
    "身亡",
    "丧命",
    "致死",
    "受伤",
    "伤害",
    "杀",
    "强奸",
    "性侵",
    "暴力",
    "起诉",
    "律师",
    "诉讼",
    "抵制",
    "召回",
    "中毒",
    "安全隐患",
    "失联",
    "遇难",
    # Romanian
    "deces",
    "decedat",
    "mort",
    "a murit",
    "rănit",
    "ranit",
    "accident",
    "agresiune",
    "viol",
    "proces",
    "avocat",
    "boicot",
    "pericol",
    "otrăvire",
    "otravire",
)


@dataclass(frozen=True)
class TermHits:
    complaint: tuple[str, ...]
    risk: tuple[str, ...]


class TermSet:
    """Compiled complaint and risk vocabularies, each one Aho-Corasick automaton.

    A term that starts with a letter of an alphabetic script needs a word boundary
    before it; a short one (four characters or fewer) also after it, so ``scam``
    does not match ``scampi`` while ``refund`` matches ``refunded``. Terms in CJK
    scripts match anywhere. Overlapping hits resolve leftmost, then longest.
    """

    def __init__(
        self, extra_complaint: list[str] | None = None, extra_risk: list[str] | None = None
    ):
        self._complaint = _automaton([*COMPLAINT_TERMS, *(extra_complaint or [])])
        self._risk = _automaton([*RISK_TERMS, *(extra_risk or [])])

    def find(self, text: str) -> TermHits:
        """The complaint and risk terms present in ``text`` (folded forms, no repeats)."""
        folded = fold_text(text)
        return TermHits(_hits(self._complaint, folded), _hits(self._risk, folded))


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
