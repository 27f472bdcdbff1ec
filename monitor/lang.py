"""Language identification, offline.

Chinese is recognised by its script and split into ``zh-Hans`` and ``zh-Hant``
(hanzidentifier); text with kana is Japanese (``ja``), with hangul Korean
(``ko``); other text goes to lingua, restricted to the configured
languages so that it only chooses among languages the team actually meets.
Returns ``"und"`` when the text is too short or too mixed to tell.
"""

from __future__ import annotations

import hanzidentifier
from lingua import IsoCode639_1, LanguageDetector, LanguageDetectorBuilder

from monitor.textfold import is_cjk

__all__ = ["LanguageIdentifier"]

_MIN_CONFIDENCE = 0.5


class LanguageIdentifier:
    """Tells the language of a text among ``languages`` (ISO 639-1 codes)."""

    def __init__(self, languages: list[str]):
        codes = []
        for code in languages:
            iso = getattr(IsoCode639_1, code.split("-")[0].upper(), None)
            if iso is None:
                raise ValueError(
                    f"unknown language code {code!r}: use ISO 639-1 such as en, ro, zh"
                )
            if iso not in codes:
                codes.append(iso)
        if IsoCode639_1.EN not in codes:
            codes.append(IsoCode639_1.EN)
        self._detector: LanguageDetector | None = None
        self._codes = codes

    def _lingua(self) -> LanguageDetector:
        if self._detector is None:
            if len(self._codes) == 1:
                self._codes.append(
                    IsoCode639_1.RO if self._codes[0] != IsoCode639_1.RO else IsoCode639_1.EN
                )
            self._detector = LanguageDetectorBuilder.from_iso_codes_639_1(*self._codes).build()
        return self._detector

    def identify(self, text: str) -> str:
        """``en``, ``ro``, ``zh-Hans``, ``zh-Hant``... or ``und``."""
        sample = text[:2000]
        letters = [c for c in sample if c.isalpha()]
        if len(letters) < 3:
            return "und"
        kana = sum(1 for c in letters if "\u3040" <= c <= "\u30ff")
        hangul = sum(1 for c in letters if "\uac00" <= c <= "\ud7af")
        if kana / len(letters) >= 0.2:  # Japanese is mostly kana; Chinese posts borrow a の
            return "ja"
        if hangul / len(letters) >= 0.3:
            return "ko"
        han = [c for c in letters if is_cjk(c)]
        if len(han) / len(letters) >= 0.3:
            return _chinese_variant("".join(han))
        confidences = self._lingua().compute_language_confidence_values(sample)
        if not confidences or confidences[0].value < _MIN_CONFIDENCE:
            return "und"
        code = confidences[0].language.iso_code_639_1.name.lower()
        if code == "zh":  # some Chinese in mostly other text: still tell the script
            return _chinese_variant("".join(han)) if han else "zh-Hans"
        return code


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
