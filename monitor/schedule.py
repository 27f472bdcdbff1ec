"""When to poll a source next: interval, adaptive stretch, freshness, backoff, jitter.

Pure functions of the poll's outcome and the settings; the collector stores the
result as the source's ``next_check_at`` (storage decides what is due).

- A source that keeps bringing nothing new is polled less often: each unchanged
  poll stretches its interval by half, up to ``collect.max_interval``; anything
  new brings it back to its base interval at once.
- A server that says its answer stays fresh (Cache-Control ``max-age``,
  ``Expires``) is not asked again before then, within ``max_interval``.
- A server that asks us to wait (``Retry-After``, on a 429, a 503 or even a 200)
  is obeyed, whatever the limits.
- Failures back off exponentially (interval x 2^(errors-1), at most ``MAX_BACKOFF``).
- Every delay is spread by up to ``collect.jitter`` of itself, deterministically,
  so sources with one interval do not fire together.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from monitor.config import CollectSettings

__all__ = ["MAX_BACKOFF", "Plan", "backoff_delay", "jittered", "success_delay"]

MAX_BACKOFF = timedelta(hours=6)
STRETCH = 1.5


@dataclass(frozen=True)
class Plan:
    """The next check of one source and why it was chosen (shown on the Sources page)."""

    delay: timedelta
    reason: str


def success_delay(
    base: timedelta,
    settings: CollectSettings,
    unchanged_polls: int,
    max_age: float | None = None,
    retry_after: float | None = None,
) -> Plan:
    """The delay after a successful poll (new items, nothing new, or a 304)."""
    ceiling = max(base, settings.max_interval)
    delay, reason = base, "interval"
    if settings.adaptive and unchanged_polls > 0:
        stretched = min(base * STRETCH ** min(unchanged_polls, 64), ceiling)
        if stretched > delay:
            delay, reason = stretched, f"nothing new in {unchanged_polls} polls"
    if max_age:
        fresh = min(timedelta(seconds=max_age), ceiling)
        if fresh > delay:
            delay, reason = fresh, "the server's Cache-Control/Expires"
    if retry_after:
        asked = timedelta(seconds=retry_after)
        if asked > delay:
            delay, reason = asked, "the server's Retry-After"
    return Plan(delay, reason)


def backoff_delay(base: timedelta, errors: int, retry_after: float | None = None) -> Plan:
    """The delay after the ``errors``-th consecutive failure."""
    delay = min(base * (2 ** min(max(errors, 1) - 1, 16)), max(MAX_BACKOFF, base))
    reason = f"backoff after {errors} error{'s' if errors != 1 else ''}"
    if retry_after and timedelta(seconds=retry_after) > delay:
        return Plan(timedelta(seconds=retry_after), "the server's Retry-After")
    return Plan(delay, reason)


def jittered(delay: timedelta, name: str, now: datetime, jitter: float) -> timedelta:
    """``delay`` moved by up to ``jitter`` of itself, the same for the same name and time."""
    digest = hashlib.sha256(f"{name}|{now.isoformat()}".encode()).digest()
    fraction = (digest[0] / 255.0 * 2 - 1) * jitter
    return delay * (1 + fraction)
