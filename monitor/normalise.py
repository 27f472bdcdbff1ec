"""Normalise collected items: canonical URL, clean text, a natural key.

The natural key makes every write idempotent: the source's GUID when it has
one, else the canonical URL, else a hash of title and text. Re-polling a feed
or re-running an import therefore never stores the same item twice.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

__all__ = ["canonical_url", "clean_text", "effective_time", "matched_text", "natural_key"]

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref_src|igshid|spm)$", re.I)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n\s*")


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, drop the fragment and tracking parameters."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    netloc = parts.netloc.lower()
    if netloc.endswith(":80") and parts.scheme == "http":
        netloc = netloc[:-3]
    if netloc.endswith(":443") and parts.scheme == "https":
        netloc = netloc[:-4]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


def clean_text(text: str) -> str:
    """Normalise Unicode (NFKC), collapse runs of spaces, keep paragraph breaks, drop controls.

    NFKC turns compatibility forms into their plain letters (full-width ``ＵＮＩＴＥＤ``,
    ligatures, circled digits), so stored text searches, exports and reads the way
    people type it. It never repairs mojibake: that is the decoder's job, before.
    """
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def matched_text(title: str, text: str) -> str:
    """The one string an item's brands are matched in: title, a newline, then the text.

    A mention's ``spans`` are offsets into it; enrichment reads it too.
    """
    return f"{title}\n{text}" if title else text


def natural_key(source: str, guid: str | None, url: str, title: str, text: str) -> str:
    """A stable 32-hex-digit key for one item of one source."""
    if guid and guid.strip():
        basis = "guid:" + guid.strip()
    elif url.strip():
        basis = "url:" + canonical_url(url)
    else:
        basis = "hash:" + title.strip() + "\n" + text.strip()
    return hashlib.sha256(f"{source}\n{basis}".encode()).hexdigest()[:32]


def effective_time(published_at: datetime | None, fetched_at: datetime) -> datetime:
    """When a mention counts for detection: its publication time, never in the future."""
    if published_at is None:
        return fetched_at
    if published_at.tzinfo is None:
        published_at = published_at.replace(tzinfo=UTC)
    return min(published_at, fetched_at)
