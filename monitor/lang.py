"""Language identification, offline.

In order, cheapest first:

1. Scripts that name their language: Chinese by its ideographs, split into
   ``zh-Hans`` and ``zh-Hant`` (hanzidentifier); kana is Japanese (``ja``), hangul
   Korean (``ko``); Arabic script is ``ar`` and Devanagari ``hi`` when no other
   configured language shares the script.
2. Function words: each configured language's frequent, distinctive short words
   (``FUNCTION_WORDS`` in :mod:`monitor.languages`) vote; a clear winner (at least
   two votes and twice the runner-up) is the answer. This settles most texts in
   microseconds and recognises romanized Hindi (``hi-Latn``), which statistical
   models miss. It runs only when every configured language written in Latin script
   has function words, so it never hides a language from step 3.
3. lingua, restricted to the configured languages written in Latin script, in its
   low-accuracy mode by default: trigram models only, about 2 MB per language.
   ``accurate=True`` (``language_accuracy: high``) reads short posts better but holds
   about 25 MB of models per language.

Returns ``"und"`` when the text has too few letters to tell.
"""

from __future__ import annotations

import re
from collections import Counter

import hanzidentifier
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from monitor.languages import language_data
from monitor.textfold import fold_text, is_cjk

__all__ = ["LanguageIdentifier"]

# languages told by script alone, and the other languages that share the script
_BY_SCRIPT = {"ar": ("fa", "ur", "ps", "ku"), "hi": ("mr", "ne", "sa")}
_NOT_LATIN = {"zh", "ja", "ko", "ar", "fa", "ur", "hi", "mr", "ne", "ru", "uk", "bg", "el", "he"}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


class LanguageIdentifier:
    """Tells the language of a text among ``languages`` (ISO 639-1 codes)."""

    def __init__(self, languages: list[str], accurate: bool = False):
        bases = list(dict.fromkeys(code.split("-")[0].lower() for code in languages))
        for code in bases:
            if getattr(IsoCode639_1, code.upper(), None) is None:
                raise ValueError(
                    f"unknown language code {code!r}: use ISO 639-1 such as en, ro, zh"
                )
        if "en" not in bases:
            bases.append("en")
        self._script = {
            code for code in _BY_SCRIPT if code in bases and not set(_BY_SCRIPT[code]) & set(bases)
        }
        self._lingua_codes = [
            getattr(IsoCode639_1, c.upper()) for c in bases if c not in self._script | {"zh"}
        ]
        self._detector: LanguageDetector | None = None
        self._accurate = accurate
        self._votes = _function_words(bases)

    def _lingua(self) -> LanguageDetector:
        if self._detector is None:
            codes = list(self._lingua_codes)
            if len(codes) == 1:  # lingua needs two languages to choose from
                codes.append(IsoCode639_1.RO if codes[0] != IsoCode639_1.RO else IsoCode639_1.EN)
            builder = LanguageDetectorBuilder.from_iso_codes_639_1(*codes)
            if not self._accurate:
                builder = builder.with_low_accuracy_mode()
            self._detector = builder.build()
        return self._detector

    def identify(self, text: str) -> str:
        """``en``, ``ro``, ``zh-Hans``, ``zh-Hant``, ``hi-Latn``... or ``und``."""
        sample = text[:2000]
        letters = [c for c in sample if c.isalpha()]
        if len(letters) < 3:
            return "und"
        by_script = self._by_script(letters)
        if by_script:
            return by_script
        if self._votes:
            voted = _vote(self._votes, sample)
            if voted:
                return voted
        language = self._lingua().detect_language_of(sample)
        if language is None:
            return "und"
        if language == Language.CHINESE:  # some Chinese in mostly other text
            han = "".join(c for c in letters if is_cjk(c))
            return _chinese_variant(han) if han else "zh-Hans"
        return language.iso_code_639_1.name.lower()

    def _by_script(self, letters: list[str]) -> str | None:
        kana = hangul = han = arabic = devanagari = 0
        for c in letters:
            if c < "\u0600":
                continue
            if "\u3040" <= c <= "\u30ff":
                kana += 1
            elif "\uac00" <= c <= "\ud7af":
                hangul += 1
            elif is_cjk(c):
                han += 1
            elif c <= "\u06ff":
                arabic += 1
            elif "\u0900" <= c <= "\u097f":
                devanagari += 1
        total = len(letters)
        if kana / total >= 0.2:  # Japanese is mostly kana; Chinese posts borrow a の
            return "ja"
        if hangul / total >= 0.3:
            return "ko"
        if han / total >= 0.3:
            return _chinese_variant("".join(c for c in letters if is_cjk(c)))
        if arabic / total >= 0.5 and "ar" in self._script:
            return "ar"
        if devanagari / total >= 0.5 and "hi" in self._script:
            return "hi"
        return None


def _function_words(bases: list[str]) -> dict[str, tuple[str, ...]] | None:
    """word -> the languages it votes for; None unless every configured language
    written in Latin script has function words (else voting could hide one)."""
    votes: dict[str, list[str]] = {}
    for code in bases:
        if code in _NOT_LATIN:
            continue
        data = language_data(code)
        if data is None or not data.function_words:
            return None
        for word in data.function_words:
            votes.setdefault(fold_text(word), []).append(code)
    if "hi" in bases and language_data("hi") is not None:
        for word in language_data("hi").function_words:  # type: ignore[union-attr]
            votes.setdefault(fold_text(word), []).append("hi-Latn")
    return {word: tuple(dict.fromkeys(codes)) for word, codes in votes.items()}


def _vote(votes: dict[str, tuple[str, ...]], sample: str) -> str | None:
    tally: Counter[str] = Counter()
    for word in _WORD.findall(fold_text(sample)):
        codes = votes.get(word)
        if codes:
            for code in codes:
                tally[code] += 1 / len(codes)
    if not tally:
        return None
    ranked = tally.most_common(2)
    first, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    return first if score >= 2 and score >= 2 * runner_up else None


def _chinese_variant(han: str) -> str:
    kind = hanzidentifier.identify(han)
    if kind == hanzidentifier.TRADITIONAL:
        return "zh-Hant"
    if kind == hanzidentifier.SIMPLIFIED:
        return "zh-Hans"
    if kind == hanzidentifier.MIXED:
        # count characters that exist only in one script
        trad = sum(1 for c in han if hanzidentifier.identify(c) == hanzidentifier.TRADITIONAL)
        simp = sum(1 for c in han if hanzidentifier.identify(c) == hanzidentifier.SIMPLIFIED)
        return "zh-Hant" if trad > simp else "zh-Hans"
    return "zh-Hans"
