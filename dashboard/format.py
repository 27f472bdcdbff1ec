"""Plain-text formatting for the dashboard (pure functions, no Streamlit)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from monitor.errors import ConfigError, MonitorError

__all__ = [
    "ago", "age", "badges", "change_line", "code", "complaint_note", "error_line", "escalation",
    "every", "link", "percent", "plain", "SLA_COLORS", "sla_countdown", "sla_state", "utc",
    "web_url",
]  # fmt: skip

# Markdown's punctuation, backslash-escaped: emphasis, links, images, raw HTML, LaTeX, tables
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>$~|"})
# and where other characters mean more than themselves: the & of an entity (it would show
# decoded), a heading's #, and the : of http:// and the . of www. (Streamlit links such
# an address; escaped there, the link is made from the text as shown, else it shows the
# backslashes of the characters escaped after them)
_ENTITY = r"&(?=#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{1,31};)"
_MORE = re.compile(rf"{_ENTITY}|(?<=[A-Za-z]):(?=//)|(?i:(?<=\bwww))\.")
_HEADING = re.compile(r"^( {0,3})(?=#{1,6}(?:[ \t]|$))", re.MULTILINE)
_WEB = ("http", "https")
# what stays as it is in a linked address: RFC 3986's reserved and unreserved characters
# but ( and ), which end a Markdown link; spaces, quotes, <>, \ and the rest are %-encoded
_URL_SAFE = "%:/?#[]@!$&'*+,;=~"


def ago(moment: datetime | None, now: datetime) -> str:
    """``"5 min ago"``, ``"3 h ago"``, ``"2 d ago"``; ``"never"`` for None."""
    if moment is None:
        return "never"
    seconds = (now - moment).total_seconds()
    if abs(seconds) < 60:
        return "just now"
    if seconds < 0:
        return "in " + _span(-seconds)
    return _span(seconds) + " ago"


def _span(seconds: float) -> str:
    if seconds < 3600:
        return f"{max(1, round(seconds / 60))} min"
    if seconds < 2 * 86400:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} d"


def every(seconds: float | None) -> str:
    """A polling interval, rounded for reading: ``"45s"``, ``"22m"``, ``"1h 30m"``, ``"2d"``.

    ``"—"`` for None or NaN (a source never polled, or polled before intervals were recorded).
    """
    if seconds is None or math.isnan(seconds):
        return "—"
    if seconds < 59.5:
        return f"{round(seconds)}s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes}m"
    if minutes >= 48 * 60:
        return f"{round(seconds / 86400)}d"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h {minutes}m" if minutes else f"{hours}h"


def plain(text: str) -> str:
    """``text`` escaped so Markdown shows it as written (no emphasis, links, images, HTML,
    entities or LaTeX). Streamlit still turns ``:smile:`` into an emoji and a bare
    ``https://`` address into a link to it (never a ``javascript:`` one)."""
    escaped = _MORE.sub(lambda found: "\\" + found[0], text.translate(_MARKDOWN))
    return _HEADING.sub(lambda found: found[1] + "\\", escaped)


def code(text: str) -> str:
    """``text`` as a Markdown code span, shown as written: nothing in it is Markdown. It is
    fenced with more backticks than any run in ``text`` (which cannot end it), on one line
    (a blank line would end it too); a span shows line breaks as spaces anyway."""
    text = re.sub("[\r\n]", " ", text)
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    return f"{fence} {text} {fence}"  # CommonMark drops one space at each end


def web_url(url: object) -> str | None:
    """``url`` if it is an absolute http(s) address, %-encoded where it could end the
    Markdown link it is put in; None for anything else (``javascript:``, ``data:``, a
    relative or an empty address, not a string). For links and ``LinkColumn`` cells made
    from what strangers wrote: a post's URL is never a script to run."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())  # also drops the tabs and newlines browsers ignore
    except ValueError:
        return None
    if parts.scheme.lower() not in _WEB or not parts.netloc:
        return None
    return quote(urlunsplit(parts), safe=_URL_SAFE)


def link(label: str, url: object) -> str:
    """A Markdown link to ``url`` showing ``label`` (Markdown already), or ``label``
    alone when ``url`` is not a web address (``web_url``)."""
    address = web_url(url)
    return f"[{label}]({address})" if address else label


def badges(terms: Iterable[str], color: str) -> str:
    """Markdown badges (``:red-badge[recall]``) for ``terms``, or ``"none"``."""
    return " ".join(f":{color}-badge[{plain(t)}]" for t in terms) or "none"


def utc(moment: datetime | None) -> str:
    """``"2026-11-20 14:00 UTC"``, or an em dash for None."""
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "—"


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def complaint_note(created: Iterable[datetime], began_at: datetime) -> str:
    """``"3 related complaints, oldest 20 h before the storm began"``."""
    times = sorted(created)
    if not times:
        return "No related complaints"
    noun = "complaint" if len(times) == 1 else "complaints"
    lead = (began_at - times[0]).total_seconds() / 3600
    when = (
        f"oldest {lead:.0f} h before the storm began"
        if lead >= 0.5
        else "all filed during the incident"
    )
    return f"{len(times)} related {noun}, {when}"


def sla_countdown(due: datetime | None, now: datetime) -> str:
    """``"due in 3 h 10 min"``, ``"4 h 5 min overdue"``, ``"due now"`` (within a minute);
    ``"no SLA"`` for None. Minutes are whole ones, rounded down; past two days, days and hours.
    """
    if due is None:
        return "no SLA"
    seconds = (due - now).total_seconds()
    if abs(seconds) < 60:
        return "due now"
    if seconds > 0:
        return "due in " + _clock(seconds)
    return _clock(-seconds) + " overdue"


def _clock(seconds: float) -> str:
    minutes = int(seconds // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    if hours >= 48:
        days, hours = divmod(hours, 24)
        return f"{days} d {hours} h" if hours else f"{days} d"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


# how a page colours an SLA state (Streamlit's Markdown colour names)
SLA_COLORS = {"overdue": "red", "due soon": "orange"}


def sla_state(due: datetime | None, now: datetime, sla: timedelta | None) -> str | None:
    """``"overdue"`` once ``due`` has passed, ``"due soon"`` with under a quarter of ``sla``
    (the complaint's SLA at its tier) left, else ``"on time"``; None without a due time."""
    if due is None:
        return None
    left = due - now
    if left <= timedelta(0):
        return "overdue"
    if sla is not None and left < sla / 4:
        return "due soon"
    return "on time"


def age(moment: datetime | None, now: datetime) -> str:
    """How long ago ``moment`` was, without "ago": ``"40 min"``, ``"26 h"``, ``"9 d"``."""
    if moment is None:
        return "—"
    return _span(max(60.0, (now - moment).total_seconds()))


def escalation(level: int | None, tier: str | None) -> str:
    """``"2 · head of customer service"``: the tier's index in ``complaints.tiers`` and name."""
    return f"{level or 0} · {tier or '?'}"


def change_line(changes: dict[str, list[Any]]) -> str:
    """A history event's changes: ``"owner: dana → lee; level: 0 → 1"`` (``—`` for empty)."""
    return "; ".join(
        f"{field}: {_value(old)} → {_value(new)}" for field, (old, new) in changes.items()
    )


def _value(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str) and len(value) >= 16 and value[10:11] == "T":
        try:  # an ISO 8601 time, as record_event stores datetimes
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        return utc(moment.astimezone(UTC) if moment.tzinfo else moment)
    return str(value)


def error_line(exc: MonitorError) -> str:
    """A monitor error as one line (a config error lists its problems separated by ';')."""
    if isinstance(exc, ConfigError):
        return f"{exc.path}: " + "; ".join(exc.problems)
    return " ".join(str(exc).split())
