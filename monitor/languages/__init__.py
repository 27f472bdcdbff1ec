"""What the monitor knows of each language, one module per language.

A language module (``monitor/languages/fr.py``...) holds, as plain constants:

- ``NEGATIVE`` / ``POSITIVE``: sentiment words and phrases with a weight (0.5 mild,
  1-2 clear, 2.5-3 strong). A trailing ``*`` makes an entry a stem (``décevant*``
  also matches ``décevante``); without it the entry must end at a word boundary.
- ``NEUTRAL``: words that carry no sentiment here, whatever a general lexicon says.
- ``NEGATORS``, ``INTENSIFIERS``, ``CONTRAST``: words that turn a sentiment word
  around, strengthen it, or make the clause after them count more ("but").
- ``COMPLAINT``, ``RISK``, ``SAFETY``: complaint terms, risk terms (reputation and
  product risk: boycott, recall), and safety-critical terms (death, injury,
  violence, sexual assault, poisoning, fire, legal threats), which are risk terms too.
- ``FUNCTION_WORDS``: frequent, distinctive short words that tell the language apart
  from its neighbours (used by language identification before the statistical model).

Entries are written naturally, with their diacritics; matching folds case, width,
diacritics and Traditional/Simplified Chinese on both sides. Every list was
written for this project from general knowledge of the language, not drawn from
any dataset or third-party lexicon.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

__all__ = ["LANGUAGE_MODULES", "LanguageData", "language_data"]

# language code -> module name under monitor.languages
LANGUAGE_MODULES: dict[str, str] = {
    "en": "en",
    "zh": "zh",
    "ro": "ro",
    "fr": "fr",
    "de": "de",
    "es": "es",
    "it": "it",
    "pt": "pt",
    "ar": "ar",
    "hi": "hi",
}


@dataclass(frozen=True)
class LanguageData:
    code: str
    negative: Mapping[str, float]
    positive: Mapping[str, float]
    neutral: tuple[str, ...]
    negators: tuple[str, ...]
    intensifiers: tuple[str, ...]
    contrast: tuple[str, ...]
    complaint: tuple[str, ...]
    risk: tuple[str, ...]
    safety: tuple[str, ...]
    function_words: tuple[str, ...]

    @property
    def has_lexicon(self) -> bool:
        return bool(self.negative or self.positive)


@cache
def language_data(code: str) -> LanguageData | None:
    """The data of language ``code`` (``zh-Hant`` and ``hi-Latn`` read ``zh`` and ``hi``),
    or None when the project has no module for it."""
    name = LANGUAGE_MODULES.get(code) or LANGUAGE_MODULES.get(code.split("-")[0])
    if name is None:
        return None
    module = importlib.import_module(f"monitor.languages.{name}")
    return LanguageData(
        code=code.split("-")[0],
        negative=getattr(module, "NEGATIVE", {}),
        positive=getattr(module, "POSITIVE", {}),
        neutral=tuple(getattr(module, "NEUTRAL", ())),
        negators=tuple(getattr(module, "NEGATORS", ())),
        intensifiers=tuple(getattr(module, "INTENSIFIERS", ())),
        contrast=tuple(getattr(module, "CONTRAST", ())),
        complaint=tuple(getattr(module, "COMPLAINT", ())),
        risk=tuple(getattr(module, "RISK", ())),
        safety=tuple(getattr(module, "SAFETY", ())),
        function_words=tuple(getattr(module, "FUNCTION_WORDS", ())),
    )
