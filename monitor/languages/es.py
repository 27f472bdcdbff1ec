"""Spanish: sentiment lexicon, complaint, risk and safety terms, function words.

Written for this project from general knowledge of Spanish.
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {}
POSITIVE: dict[str, float] = {}
NEGATORS: tuple[str, ...] = ()
INTENSIFIERS: tuple[str, ...] = ()
CONTRAST: tuple[str, ...] = ()

COMPLAINT: tuple[str, ...] = ()
RISK: tuple[str, ...] = ()
SAFETY: tuple[str, ...] = ()
FUNCTION_WORDS: tuple[str, ...] = ()
