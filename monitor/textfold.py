"""Fold text for matching: one comparable form whatever the script or keyboard.

Folding maps Traditional Chinese to Simplified (OpenCC ``t2s``), full-width to
half-width (NFKC), upper to lower case, and drops diacritics, so that 美聯航
matches 美联航, ＵＮＩＴＥＤ matches united, and ş (cedilla) matches ș (comma).
Every folded character remembers the offset of the original character it came
from, so a match can be highlighted in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import opencc

__all__ = [
    "WORD_BEFORE",
    "WORD_AFTER",
    "Folded",
    "fold",
    "fold_text",
    "fold_words",
    "glued",
    "is_cjk",
    "starts_word",
]

# Regex character ranges of scripts written without spaces; a Latin word touching
# one of these characters still has a word boundary there ("沃Comcast新" names Comcast).
CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
# Lookarounds for "not glued to another letter or digit of an alphabetic script".
WORD_BEFORE = f"(?<![^\\W_{CJK_RANGES}])"
WORD_AFTER = f"(?![^\\W_{CJK_RANGES}])"
_CJK = re.compile(f"[{CJK_RANGES}]")


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


@dataclass(frozen=True)
class Folded:
    """Folded text plus, for each folded character, its offset in the original."""

    text: str
    offsets: Sequence[int]  # a range when folding kept every character in place

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original ``[start, end)`` span of folded ``[start, end)``."""
        first = self.offsets[start]
        last = self.offsets[end - 1] + 1
        return first, last


@lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    text = unicodedata.normalize("NFKC", char).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> Folded:
    """Fold ``text`` and keep the offset map."""
    if text.isascii():  # the common case: only case to fold, every offset in place
        return Folded(text.lower(), range(len(text)))
    converted = _t2s().convert(text) if _CJK.search(text) else text
    if len(converted) != len(text):  # a phrase conversion changed the length: go char by char
        converted = "".join(_t2s().convert(c) if is_cjk(c) else c for c in text)
        if len(converted) != len(text):
            converted = text
    pieces = [_fold_char(c) for c in converted]
    if all(len(p) == 1 for p in pieces):
        return Folded("".join(pieces), range(len(pieces)))
    offsets = [index for index, piece in enumerate(pieces) for _ in piece]
    return Folded("".join(pieces), tuple(offsets))


def fold_text(text: str) -> str:
    """Only the folded text (for aliases, terms and keys)."""
    return fold(text).text


# Written interchangeably, so folded alike for word lists (not for brand matching, which
# keeps offsets): Arabic alef forms, teh marbuta, alef maksura and the tatweel stretch;
# curly and straight apostrophes; a hyphen and a space ("ras-le-bol"); œ and oe.
_VARIANTS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ـ": None,
     "’": "'", "‘": "'", "-": " ", "œ": "oe", "æ": "ae"}
)  # fmt: skip
# Arabic clitics written joined to the next word: "and", "the", "with", "for"...
_ARABIC_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ف", "ب", "ل", "ك")


def fold_words(text: str) -> str:
    """Fold for word lists (sentiment lexicons, complaint and risk terms): ``fold_text``
    plus the variants people write interchangeably (Arabic letter forms, apostrophes,
    hyphens, ligatures). Offsets are not kept."""
    return fold_text(text).translate(_VARIANTS)


def starts_word(folded: str, start: int) -> bool:
    """Whether a word may begin at ``folded[start]``: nothing of the same word before it,
    or only an Arabic clitic (و, ال, ب...) that itself begins a word."""
    if start == 0 or not glued(folded[start - 1]):
        return True
    if not "\u0600" <= folded[start] <= "\u06ff":
        return False
    for clitic in _ARABIC_CLITICS:
        begin = start - len(clitic)
        if begin >= 0 and folded[begin:start] == clitic:
            if begin == 0 or not glued(folded[begin - 1]):
                return True
    return False


def is_cjk(char: str) -> bool:
    """True for a Han ideograph, kana or hangul (scripts written without spaces)."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


def glued(char: str) -> bool:
    """True for a letter, digit or combining mark of an alphabetic script (Devanagari
    vowel signs are marks): a word goes on through it."""
    if char.isalnum():
        return not is_cjk(char)
    return unicodedata.category(char).startswith("M")
