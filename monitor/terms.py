"""Complaint and risk vocabularies, multilingual, extendable from config.

*Complaint* terms mark a mention as a customer complaint (refund, 投诉,
reclamație...). *Risk* terms are safety-critical or legal (death, injury,
lawsuit, boycott, 死亡, 起诉, deces...): one such mention deserves attention on
its content alone. Alphabetic terms match at the start of a word, so ``refund``
also finds ``refunds`` and ``refunded``; short ones (four letters or fewer, like
``sue`` or ``fire``) must be the whole word; Chinese terms match anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from monitor.textfold import WORD_AFTER, WORD_BEFORE, fold_text, is_cjk

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
    """Compiled complaint and risk vocabularies."""

    def __init__(
        self, extra_complaint: list[str] | None = None, extra_risk: list[str] | None = None
    ):
        self._complaint = _compile([*COMPLAINT_TERMS, *(extra_complaint or [])])
        self._risk = _compile([*RISK_TERMS, *(extra_risk or [])])

    def find(self, text: str) -> TermHits:
        """The complaint and risk terms present in ``text`` (folded forms, no repeats)."""
        folded = fold_text(text)
        return TermHits(_hits(self._complaint, folded), _hits(self._risk, folded))


def _compile(terms: list[str]) -> re.Pattern[str]:
    parts = []
    for term in sorted({fold_text(t) for t in terms if t.strip()}, key=len, reverse=True):
        head = "" if is_cjk(term[0]) else WORD_BEFORE
        tail = WORD_AFTER if not is_cjk(term[-1]) and len(term) <= 4 else ""
        parts.append(head + re.escape(term) + tail)
    return re.compile("|".join(parts))


def _hits(pattern: re.Pattern[str], folded: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group(0).strip() for m in pattern.finditer(folded)))
