"""Durations written the way people write them in config: ``90s``, ``15m``, ``1h``, ``2d``."""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")


def parse_duration(value: str | int | float | timedelta, allow_zero: bool = False) -> timedelta:
    """Parse ``"15m"``-style text (or a number of seconds) into a timedelta.

    Raises ValueError with the accepted forms in its message. Zero is refused
    unless ``allow_zero`` (a pause that may be switched off, say).
    """
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 30s, 15m, 1h or 2d")
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _PATTERN.match(str(value))
        if not match:
            raise ValueError(f"{value!r} is not a duration: write e.g. 30s, 15m, 1h or 2d")
        seconds = float(match.group(1)) * _UNITS[match.group(2) or "s"]
    if seconds < 0 or (seconds == 0 and not allow_zero):
        raise ValueError("a duration must be greater than zero")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """The shortest exact form of a duration, e.g. ``timedelta(hours=1)`` -> ``"1h"``."""
    if delta.total_seconds() != int(delta.total_seconds()):
        return f"{delta.total_seconds():g}s"
    seconds = int(delta.total_seconds())
    for unit in ("w", "d", "h", "m"):
        if seconds and seconds % _UNITS[unit] == 0:
            return f"{seconds // _UNITS[unit]}{unit}"
    return f"{seconds}s"


def format_gap(delta: timedelta) -> str:
    """Elapsed time for reading, in at most two units: ``"<1 min"``, ``"5 min"``,
    ``"2 h 5 min"``, ``"1 d 2 h"``, ``"3 d"`` (the sign is dropped)."""
    seconds = abs(delta.total_seconds())
    if seconds < 60:
        return "<1 min"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    days, hours = divmod(round(seconds / 3600), 24)
    return f"{days} d {hours} h" if hours else f"{days} d"
