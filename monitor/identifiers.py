"""Identifiers and key terms: what names one case, in a complaint or a post.

An identifier is an order or booking number (``#A12345``, ``ORD-2231``, "booking number
XK55AB2"), a licence plate (``B 123 ABC``, ``AB-123-CD``, ``AB12 CDE``, ``ABC-1234``), a
flight number (``SK1234``, "flight AA12"), an @handle, or a product name (``iPhone``,
``PlayStation``, "my Galaxy S24", or a brand alias that names a product: one sharing no
word with the brand's name). They are found by a small set of regular expressions, in
that order, each match masking its text from the next ones; case matters (``SK1234`` is
a flight, ``sk1234`` is not). Each has a key to compare (upper case without spaces,
``#``, ``-`` or ``_``; a handle in lower case) and is shown as first written.

Key terms are a text's content words (``monitor.explain.top_terms``: folded, no stop
words, the brand's name and aliases left out). This module does no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from monitor.explain import top_terms
from monitor.stories import fingerprint
from monitor.textfold import fold_words, is_cjk

__all__ = ["KINDS", "STRONG", "Features", "Identifier", "features", "find_identifiers"]

KINDS = {
    "order": "order number",
    "plate": "licence plate",
    "flight": "flight",
    "handle": "handle",
    "product": "product",
}
STRONG = ("order", "plate", "flight", "handle")  # a product is shared by many customers
# Capitalised words before a number that are places, times or paperwork, not products.
_NOT_PRODUCTS = frozenset(
    """gate terminal flight row seat room platform bus line route day page step level floor
    version order booking ticket case covid chapter part section week year hour minute
    number item zone door exit track car coach bay stand phase january february march april
    may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday youtube tiktok whatsapp linkedin wechat paypal""".split()
)
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("order", re.compile(r"(?<![\w&#])#(?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,}")),
    ("order", re.compile(r"\b(?:ORD|ORDER|INV|REF|BKG|PNR|TKT|RMA|RES)[-_ ]?\d[A-Z0-9-]{2,}\b")),
    (
        "order",
        re.compile(
            r"\b(?i:order|booking|reservation|ticket|invoice|confirmation)"
            r"(?:\s+(?i:no\.?|nr\.?|number|code|ref))?\s*[#:]?\s*"
            r"((?=[A-Za-z0-9-]*\d)[A-Za-z0-9][A-Za-z0-9-]{3,})\b"
        ),
    ),
    (
        "plate",
        re.compile(
            r"\b[A-Z]{1,3}[- ]\d{2,4}[- ][A-Z]{1,3}\b"  # B 123 ABC, AB-123-CD
            r"|\b[A-Z]{2}\d{2} ?[A-Z]{3}\b"  # AB12 CDE
            r"|\b[A-Z]{1,3}-[A-Z]{1,2} ?\d{1,4}\b"  # M-AB 1234
            r"|\b[A-Z]{3}[- ]\d{3,4}\b"  # ABC-1234
        ),
    ),
    ("flight", re.compile(r"\b(?i:flight)\s+([A-Z0-9]{2} ?\d{1,4})\b|\b[A-Z]{2} ?\d{2,4}\b")),
    ("handle", re.compile(r"(?<![\w@.])@[A-Za-z0-9_]{2,30}\b")),
    (
        "product",
        re.compile(
            r"\b(?:i[A-Z][a-z]+|[A-Z][a-z]+(?:[A-Z][a-z0-9]+)+)\b"  # iPhone, PlayStation
            r"|(?<=[a-z,;] )[A-Z][a-z]+ [A-Z]{0,3}\d{1,4}[A-Za-z]{0,3}\b"  # my Galaxy S24
        ),
    ),
)


_SEPARATORS = re.compile(r"[\s#_-]")


@dataclass(frozen=True)
class Identifier:
    """Something that names one case: ``kind`` (a key of ``KINDS``), ``key`` to compare,
    ``shown`` as first written."""

    kind: str
    key: str
    shown: str

    def words(self) -> str:
        return f"{KINDS[self.kind]} {self.shown}"


def find_identifiers(text: str, brand_terms: Sequence[str] = ()) -> dict[str, Identifier]:
    """Identifiers in ``text`` by key, in the order written. The brand's own name and
    aliases are not identifiers (every post of the brand names them), except aliases
    that name a product of it (they share no word with the brand's name)."""
    found: dict[str, Identifier] = {}
    skip = _brand_keys(tuple(brand_terms))
    rest = text
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(rest):
            shown = (match.group(1) if pattern.groups else None) or match.group()
            shown = shown.strip()
            if _unlikely(kind, shown):
                continue
            key = _key(kind, shown)
            if key.split(":", 1)[1] not in skip:
                found.setdefault(key, Identifier(kind, key, shown))
        rest = pattern.sub(lambda m: " " * len(m.group()), rest)
    for alias in _products(tuple(brand_terms)):
        if re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", text, re.IGNORECASE):
            key = _key("product", alias)
            found.setdefault(key, Identifier("product", key, alias))
    return found


def _key(kind: str, shown: str) -> str:
    if kind == "handle":
        return f"handle:{shown.lower()}"
    return f"{kind}:{_SEPARATORS.sub('', shown).upper()}"


def _unlikely(kind: str, shown: str) -> bool:
    if kind == "order" and shown.lstrip("#").isdigit() and len(shown.lstrip("#")) < 5:
        return True  # "order 2026": a year more likely than an order
    return kind == "product" and shown.split()[0].lower() in _NOT_PRODUCTS


@lru_cache(maxsize=256)
def _brand_keys(terms: tuple[str, ...]) -> frozenset[str]:
    products = {a.upper() for a in _products(terms)}
    keys = {re.sub(r"[\s#_@-]", "", t).upper() for t in terms if t.upper() not in products}
    return frozenset(keys | {t.lower() for t in terms if t.startswith("@")})


@lru_cache(maxsize=256)
def _products(terms: tuple[str, ...]) -> tuple[str, ...]:
    """Aliases that name a product, not the brand: no word of the name, not a handle,
    not in a script written without spaces ("Cybertruck" for Tesla, not "Tesla Inc")."""
    if not terms:
        return ()
    name = fold_words(terms[0])
    words = set(name.split()) | {name.replace(" ", "")}
    out = []
    for alias in terms[1:]:
        folded = fold_words(alias)
        if alias.startswith("@") or any(is_cjk(c) for c in alias):
            continue
        if words & (set(folded.split()) | {folded.replace(" ", "")}) or name in folded:
            continue
        out.append(alias)
    return tuple(out)


# --- a complaint's features --------------------------------------------------------------


@dataclass(frozen=True)
class Features:
    """What a text is compared by: its key terms (folded, in text order), its folded text,
    its identifiers, its word pairs and MinHash bands (``monitor.stories``)."""

    terms: tuple[str, ...]
    folded: str
    ids: dict[str, Identifier] = field(hash=False)
    phrases: frozenset[str]
    bands: tuple[int, ...] | None

    def has_term(self, term: str) -> bool:
        """Whether the text uses ``term``: a word, or a phrase or CJK term within it."""
        if " " in term or any(is_cjk(c) for c in term):
            return term in self.folded
        return term in self.terms

    def strong_ids(self) -> set[str]:
        return {k for k, i in self.ids.items() if i.kind in STRONG}


def features(text: str, brand_terms: Sequence[str] = ()) -> Features:
    """The features of one text. Neither the brand's name and aliases nor the words of
    its identifiers ("ord-2231") are key terms."""
    folded = fold_words(text)
    ids = find_identifiers(text, brand_terms)
    own = {fold_words(i.shown).lstrip("#@") for i in ids.values()}
    words = {fold_words(w) for w, _ in top_terms([text], brand_terms, limit=None)} - own
    ordered = tuple(sorted(words, key=lambda w: (folded.find(w), w)))
    pairs = fingerprint("", text)
    return Features(ordered, f" {folded} ", ids, pairs.phrases, pairs.bands)
