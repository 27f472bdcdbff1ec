"""The HTML part of an alert email, made from its plain text.

The page says what the text says: the subject as its heading, the notices (an
escalation, a reminder) in a box, each paragraph and list, a line of dashes as a rule,
and the "Open ...: URL" and "Acknowledge: URL" lines as buttons. Everything is escaped
(brands, titles and summaries come from the public web); only the addresses the alert
itself carries (its links, its samples' URLs) become links, so a post's text cannot
add a link or a button of its own. Inline styles only: no stylesheet, image or script.
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from monitor.alerts.message import alert_notices, alert_subject

__all__ = ["alert_html"]

FONT = "font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;"
ACCENT = {"critical": "#b42318", "warning": "#b45309", "resolved": "#1a7f37", "info": "#0b5cad"}
BUTTON = {"open": "#0b5cad", "critical": "#b42318", "ack": "#1a7f37"}
_BUTTON_LINE = re.compile(r"^(Open [^:]{1,60}|Acknowledge): (\S+)$")

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" \
style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" \
style="max-width:640px;background-color:#ffffff;border-top:4px solid {accent};">
<tr><td style="padding:24px;{font}">
<h1 style="margin:0 0 16px;font-size:20px;line-height:1.3;">{title}</h1>
{body}
<p style="margin:24px 0 0;font-size:12px;color:#6b7280;">Sent by the public-opinion \
crisis monitor.{fallback}</p>
</td></tr></table>
</td></tr></table>
</body>
</html>
"""


def alert_html(payload: dict[str, Any], subject: str, text: str) -> str:
    """A whole HTML page for ``text`` (whose first line, when it is the subject, is the
    heading already)."""
    page = _Page(payload)
    lines = text.split("\n")
    if lines and lines[0].strip() in {subject, alert_subject(payload)}:
        lines = lines[1:]
    body = "\n".join(page.block(block) for block in _blocks(lines))
    link = payload.get("link")
    fallback = (
        f" If the buttons do not work, open {page.inline(link)} in your browser."
        if isinstance(link, str) and link in page.links
        else ""
    )
    resolved = str(payload.get("type", "")).endswith(".resolved")
    accent = ACCENT["resolved"] if resolved else ACCENT.get(str(payload.get("severity")), "#b45309")
    return _PAGE.format(
        title=escape(subject), accent=accent, font=FONT, body=body, fallback=fallback
    )


def _blocks(lines: list[str]) -> list[list[str]]:
    """Paragraphs: runs of lines between blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _links(value: Any, found: set[str]) -> set[str]:
    """Every address the alert carries under ``link``, ``ack_link`` or ``url``, nested too."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("link", "ack_link", "url") and isinstance(item, str):
                if item.startswith(("http://", "https://")):
                    found.add(item)
            else:
                _links(item, found)
    elif isinstance(value, list):
        for item in value:
            _links(item, found)
    return found


class _Page:
    """What one alert's page may turn into links, headings and notices."""

    def __init__(self, payload: dict[str, Any]) -> None:
        self.critical = payload.get("severity") == "critical"
        self.links = _links(payload, set())
        alerts = [a for a in payload.get("alerts", []) if isinstance(a, dict)]
        self.headings = {alert_subject(a) for a in alerts}
        self.notices = set(alert_notices(payload))
        for alert in alerts:
            self.notices.update(alert_notices(alert))
        urls = sorted(self.links, key=len, reverse=True)  # the longest first: no prefix wins
        alternatives = "|".join(re.escape(escape(u)) for u in urls)
        self._pattern = re.compile(f"({alternatives})(?![\\w/%~?=#+@-])") if urls else None

    def inline(self, line: str) -> str:
        """A line escaped, its known addresses as links."""
        escaped = escape(line)
        if self._pattern is None:
            return escaped
        return self._pattern.sub(
            lambda m: f'<a href="{m.group(1)}" style="color:#0b5cad;">{m.group(1)}</a>', escaped
        )

    def block(self, lines: list[str]) -> str:
        if all(set(line.strip()) == {"-"} for line in lines):  # a group's rule
            return '<hr style="border:0;border-top:1px solid #d0d7de;margin:24px 0;">'
        return "\n".join(_merge([self._line(line) for line in lines]))

    def _line(self, line: str) -> tuple[str, str]:
        button = _BUTTON_LINE.match(line.strip())
        if button and button.group(2) in self.links:
            return "button", self._button(button.group(1), button.group(2))
        if line.strip() in self.headings:
            return "h2", line.strip()
        if line.strip() in self.notices:
            return "notice", self.inline(line.strip())
        if line.startswith("- "):
            return "li", self.inline(line[2:])
        return "p", self.inline(line)

    def _button(self, label: str, url: str) -> str:
        ack = label == "Acknowledge"
        color = BUTTON["ack"] if ack else BUTTON["critical" if self.critical else "open"]
        style = (
            f"display:inline-block;padding:10px 18px;border-radius:4px;background-color:{color};"
            "color:#ffffff;text-decoration:none;font-weight:bold;"
            "font-family:Arial,Helvetica,sans-serif;font-size:15px;"
        )
        return (
            f'<td style="padding:0 8px 8px 0;">'
            f'<a href="{escape(url)}" style="{style}">{escape(label)}</a></td>'
        )


def _merge(items: list[tuple[str, str]]) -> list[str]:
    """Consecutive lines of one kind in one element: a paragraph, a list, a button row."""
    html: list[str] = []
    runs: list[tuple[str, list[str]]] = []
    for kind, part in items:
        if runs and runs[-1][0] == kind and kind != "h2":
            runs[-1][1].append(part)
        else:
            runs.append((kind, [part]))
    for kind, parts in runs:
        if kind == "button":
            row = "".join(parts)
            html.append(
                '<table role="presentation" cellpadding="0" cellspacing="0" border="0" '
                f'style="margin:16px 0 8px;"><tr>{row}</tr></table>'
            )
        elif kind == "h2":
            html.append(f'<h2 style="margin:0 0 12px;font-size:17px;">{escape(parts[0])}</h2>')
        elif kind == "notice":
            html.append(
                '<p style="margin:0 0 16px;padding:12px 16px;background-color:#fff8e1;'
                f'border-left:4px solid #b45309;">{"<br>".join(parts)}</p>'
            )
        elif kind == "li":
            items_html = "".join(f'<li style="margin:0 0 6px;">{p}</li>' for p in parts)
            html.append(f'<ul style="margin:0 0 16px;padding-left:20px;">{items_html}</ul>')
        else:
            html.append(f'<p style="margin:0 0 16px;">{"<br>".join(parts)}</p>')
    return html
