"""Group syndicated copies of one story: the same wire article on many sites.

Copies differ in small ways: a publisher's suffix on the title ("... - Reuters"),
a changed or added sentence, a site's boilerplate, Traditional or Simplified
script. Two items are copies when their texts share at least half of their
two-word phrases (Jaccard similarity of the sets of word pairs; Chinese and
Japanese, written without spaces, count overlapping character pairs as words).

Comparing a new item with every stored one would not scale, so each item gets a
MinHash fingerprint cut into ``BANDS`` numbers (locality-sensitive hashing): two
texts that share a fraction ``s`` of their phrases have the same number in a
given band with probability ``s ** ROWS``. The store looks up stored items of
the last few days with an equal band (an indexed lookup), and only those
candidates are compared exactly. With 4 bands of 2, copies sharing 75% of their
phrases are found 96% of the time, 90% almost always, unrelated texts rarely
become candidates at all.

An item joins the story of the most similar candidate; otherwise it starts its
own. A story is known by the id of its first item. This module does no I/O.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from monitor.textfold import CJK_RANGES, fold_text, is_cjk

__all__ = [
    "BANDS",
    "MIN_SIMILARITY",
    "WINDOW",
    "Candidate",
    "Fingerprint",
    "choose_story",
    "fingerprint",
    "phrases",
    "similarity",
    "strip_publisher",
]

BANDS = 4
ROWS = 2
WINDOW = timedelta(days=3)  # copies are published within days of each other
MIN_SIMILARITY = 0.5
MIN_PHRASES = 6  # shorter texts ("Live updates", "Nu recomand") are their own story

_UNIT = re.compile(f"[{CJK_RANGES}]+|[^\\W_]+", re.UNICODE)
_EIGHT = struct.Struct(">8Q")  # a 64-byte digest as 8 unsigned 64-bit hashes
# " - Reuters", " | CNN", "_新浪新闻": a short last segment naming the publisher
_SUFFIX = re.compile(r"(?:\s+[-–—|]\s+|\s*[_｜]\s*)([^-–—|_｜]{1,40})$")


@dataclass(frozen=True)
class Fingerprint:
    """An item's word pairs and its band numbers (``None`` when too short to compare)."""

    phrases: frozenset[str]
    bands: tuple[int, ...] | None


@dataclass(frozen=True)
class Candidate:
    """A stored item that shares a band with a new one."""

    id: int
    story_id: int
    title: str
    text: str


def strip_publisher(title: str) -> str:
    """The title without a trailing publisher name: "Boeing recalls jets - Reuters"."""
    match = _SUFFIX.search(title)
    if match is None:
        return title
    rest = title[: match.start()]
    words = len(match.group(1).split())
    if words > 5 or len(_units(rest)) < 3:
        return title
    return rest


def fingerprint(title: str, text: str) -> Fingerprint:
    """The word pairs of title and text, and their band numbers."""
    found = phrases(title, text)
    if len(found) < MIN_PHRASES:
        return Fingerprint(found, None)
    return Fingerprint(found, _bands(found))


def phrases(title: str, text: str) -> frozenset[str]:
    """The two-word phrases of title (without a publisher suffix) and text."""
    units = _units(f"{strip_publisher(title)}\n{text}")
    return frozenset(f"{a} {b}" for a, b in zip(units, units[1:], strict=False))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """The share of word pairs two texts have in common (Jaccard): 1.0 for the same text."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def choose_story(item: Fingerprint, candidates: Iterable[Candidate]) -> int | None:
    """The story the item belongs to: the most similar candidate's, if similar enough."""
    best: tuple[float, int] | None = None
    for candidate in candidates:
        score = similarity(item.phrases, phrases(candidate.title, candidate.text))
        if score < MIN_SIMILARITY:
            continue
        if best is None or (score, -candidate.story_id) > (best[0], -best[1]):
            best = (score, candidate.story_id)
    return best[1] if best else None


def _units(text: str) -> list[str]:
    """Folded words; runs of CJK characters become overlapping character pairs."""
    out: list[str] = []
    for match in _UNIT.finditer(fold_text(text)):
        run = match.group()
        if is_cjk(run[0]) and len(run) > 1:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            out.append(run)
    return out


def _bands(found: frozenset[str]) -> tuple[int, ...]:
    """MinHash: one 64-byte BLAKE2b digest per phrase is 8 independent 8-byte hashes;
    keep the smallest of each, and hash each band's ``ROWS`` minima into one number.

    Deterministic (no salt, no Python ``hash``): fingerprints must not change between
    processes or releases, or stored items would stop matching new ones.
    """
    digests = (hashlib.blake2b(p.encode(), digest_size=64).digest() for p in found)
    hashes = (_EIGHT.unpack(d) for d in digests)
    minima = [min(column) for column in zip(*hashes, strict=True)]
    bands = []
    for i in range(BANDS):
        rows = b"".join(m.to_bytes(8, "big") for m in minima[i * ROWS : (i + 1) * ROWS])
        digest = hashlib.blake2b(rows, digest_size=8, person=b"band%d" % i).digest()
        bands.append(int.from_bytes(digest, "big", signed=True))  # a signed 64-bit column
    return tuple(bands)
