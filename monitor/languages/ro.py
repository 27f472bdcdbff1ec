"""Romanian: sentiment lexicon, complaint, risk and safety terms, function words.

Written for this project from general knowledge of Romanian. Diacritics may be
written either way (ș/ş, ț/ţ, or none): matching folds them.
"""

from __future__ import annotations

NEGATIVE: dict[str, float] = {}
POSITIVE: dict[str, float] = {}
NEGATORS = ("nu", "nici", "fără", "niciodată")
INTENSIFIERS = ("foarte", "prea", "extrem", "super", "atât")
CONTRAST = ("dar", "însă", "totuși")

COMPLAINT = (
    "reclamație", "reclamatie", "plângere", "plangere", "rambursare", "banii înapoi",
    "țeapă", "teapa", "înșelătorie", "inselatorie", "nemulțumit", "nemultumit",
    "dezamăgit", "dezamagit", "groaznic", "cel mai prost", "nu recomand", "defect",
)  # fmt: skip
RISK = ("boicot", "pericol", "periculos")
SAFETY = (
    "deces", "decedat", "mort", "a murit", "rănit", "ranit", "accident", "agresiune",
    "viol", "proces", "avocat", "otrăvire", "otravire",
)  # fmt: skip
FUNCTION_WORDS = (
    "și", "este", "sunt", "nu", "că", "pentru", "foarte", "care", "mai", "din", "cu",
    "să", "un", "o", "am", "fost", "bun", "bună", "produs", "produsul", "ce", "dar",
    "doar", "mult", "după",
)  # fmt: skip
