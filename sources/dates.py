"""Dates as sources write them, turned into timezone-aware UTC datetimes.

Accepts epoch seconds (or milliseconds, when the number is too large to be seconds),
ISO 8601, RFC 2822 (``email.utils``), ``2024年3月5日 14:30`` and whatever
``dateutil`` reads without guessing the year. A date without a timezone is taken as
UTC. Raises nothing: an unreadable date is ``None``, never "now".
"""

from __future__ import annotations

import email.utils
import math
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime

from dateutil import parser as dateutil_parser

__all__ = ["parse_date", "struct_time_to_utc"]

_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
_CJK = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
    r"(?:\s*(\d{1,2})\s*[:：时時]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
)
_RFC2822 = re.compile(r"\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_NO_YEAR = datetime(1, 1, 1)  # dateutil fills missing fields from this: year 1 = no year given
_MILLISECONDS_FROM = 1e11  # 1e11 seconds is the year 5138; as milliseconds it is 1973


def parse_date(value: object) -> datetime | None:
    """An aware UTC datetime for an epoch number or a date string, else ``None``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    text = str(value).strip()
    if not text:
        return None
    if _NUMBER.fullmatch(text):
        return _from_epoch(float(text))
    for reader in _READERS:
        try:
            parsed = reader(text)
        except (ValueError, TypeError, OverflowError, IndexError):
            continue
        if parsed is not None:
            return _as_utc(parsed)
    return None


def struct_time_to_utc(value: time.struct_time | None) -> datetime | None:
    """feedparser's ``*_parsed`` fields (UTC ``struct_time``) as aware datetimes."""
    if value is None:
        return None
    try:
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, TypeError):
        return None


def _as_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _from_epoch(seconds: float) -> datetime | None:
    if not math.isfinite(seconds):
        return None
    if abs(seconds) >= _MILLISECONDS_FROM:
        seconds /= 1000.0
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _rfc2822(text: str) -> datetime | None:
    if not _RFC2822.match(text):
        return None  # email.utils is lenient: "April 10, 2017 7:03 PM" would lose its PM
    return email.utils.parsedate_to_datetime(text)


def _cjk(text: str) -> datetime | None:
    match = _CJK.search(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    return datetime(year, month, day, hour, minute, second)


def _dateutil(text: str) -> datetime | None:
    parsed = dateutil_parser.parse(text, default=_NO_YEAR)
    return None if parsed.year == _NO_YEAR.year else parsed


_READERS: tuple[Callable[[str], datetime | None], ...] = (_iso, _rfc2822, _cjk, _dateutil)
