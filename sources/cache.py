"""How long a response stays fresh, from Cache-Control and Expires.

A server that says its feed is fresh for an hour will not have anything new in
five minutes: polling it sooner only costs both sides. The monitor uses this as a
lower bound on the source's next interval, capped by its own ``max_interval``.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import UTC, datetime

__all__ = ["freshness"]


def freshness(headers: Mapping[str, str], now: datetime) -> float | None:
    """Seconds the response may be reused for, or None when it says nothing useful.

    ``headers`` must have lower-case names. ``no-cache``, ``no-store`` and
    ``max-age=0`` mean "ask every time" (None). ``max-age`` wins over ``Expires``.
    """
    directives = {}
    for part in headers.get("cache-control", "").split(","):
        name, _, value = part.strip().partition("=")
        if name:
            directives[name.lower()] = value.strip().strip('"')
    if "no-store" in directives or "no-cache" in directives:
        return None
    for name in ("s-maxage", "max-age"):
        value = directives.get(name, "")
        if value.isdigit():
            seconds = float(value) - _age(headers)
            return seconds if seconds > 0 else None
    expires = headers.get("expires")
    if not expires:
        return None
    try:
        when = email.utils.parsedate_to_datetime(expires)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = (when - now).total_seconds()
    return seconds if seconds > 0 else None


def _age(headers: Mapping[str, str]) -> float:
    value = headers.get("age", "").strip()
    return float(value) if value.isdigit() else 0.0
