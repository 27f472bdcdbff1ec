"""The customer-service report as Markdown and as HTML, from one outline.

Both say the period and, under each heading, in one line, how its figures are
computed. Everything a customer, an agent or an export wrote (brands, channels,
names, terms, complaint texts) is untrusted: in HTML it is escaped
(:func:`html.escape`), in Markdown its punctuation is backslash-escaped, so it shows
as written and can never become markup, a link, an image or a script. The HTML uses
inline styles only (mail clients drop ``<style>`` blocks, and the dashboard shows it
in place) and no JavaScript.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from html import escape
from typing import TYPE_CHECKING

from monitor.durations import format_gap

if TYPE_CHECKING:
    from monitor.csreport import Report

__all__ = ["render_html", "render_markdown", "summary"]

EXCERPT = 160  # characters of a cluster's first complaint
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~$"})

_BODY = (
    "font-family: Arial, Helvetica, sans-serif; color: #1f2328; line-height: 1.45; "
    "max-width: 860px; margin: 0 auto; padding: 16px;"
)
_H1 = "font-size: 22px; margin: 0 0 8px;"
_H2 = "font-size: 17px; margin: 24px 0 4px; border-bottom: 1px solid #d0d7de;"
_HOW = "color: #57606a; font-size: 13px; margin: 0 0 8px;"
_TABLE = "border-collapse: collapse; margin: 6px 0 12px; font-size: 14px;"
_TH = "text-align: left; border: 1px solid #d0d7de; background: #f6f8fa; padding: 4px 8px;"
_TD = "border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top;"
_LINK = "background: #ddf4ff; padding: 8px 12px; border-radius: 6px;"


@dataclass(frozen=True)
class _Link:
    text: str
    url: str


Cell = str | int | _Link


@dataclass(frozen=True)
class _Table:
    header: list[str]
    rows: list[list[Cell]]
    empty: str  # said instead of an empty table


@dataclass(frozen=True)
class _Section:
    title: str
    how: str  # one line: how these figures are computed
    facts: list[str] = field(default_factory=list)
    tables: list[_Table] = field(default_factory=list)


def render_markdown(report: Report, link: str | None = None) -> str:
    """The report as Markdown; ``link``: the reader's own link, said at the top."""
    lines = [f"# {_md(report.title)}", "", _period(report), ""]
    if link:
        lines += [f"Open this report on the dashboard: {link}", ""]
    for section in _outline(report):
        lines += [f"## {section.title}", "", f"_How: {_md(section.how)}_", ""]
        lines += [f"- {fact}" for fact in map(_md, section.facts)]
        if section.facts:
            lines.append("")
        for table in section.tables:
            lines += [*_md_table(table), ""]
    return "\n".join(lines).rstrip() + "\n"


def render_html(report: Report, link: str | None = None) -> str:
    """The report as one HTML document with inline styles and no script."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(report.title)}</title></head>",
        f'<body style="{_BODY}">',
        f'<h1 style="{_H1}">{escape(report.title)}</h1>',
        f"<p>{escape(_period(report))}</p>",
    ]
    if link:
        parts.append(
            f'<p style="{_LINK}"><a href="{escape(link)}">Open this report on the '
            "dashboard</a> (opening it tells the team you have read it)</p>"
        )
    for section in _outline(report):
        parts += [
            f'<h2 style="{_H2}">{escape(section.title)}</h2>',
            f'<p style="{_HOW}">How: {escape(section.how)}</p>',
        ]
        if section.facts:
            items = "".join(f"<li>{escape(fact)}</li>" for fact in section.facts)
            parts.append(f"<ul>{items}</ul>")
        parts += [_html_table(table) for table in section.tables]
    parts += ["</body></html>"]
    return "\n".join(parts) + "\n"


def summary(report: Report) -> str:
    """A few sentences for chat channels (Slack, Teams): the headline figures only."""
    f = report.figures
    text = (
        f"{f.total.received} complaints received, {f.total.resolved} resolved, "
        f"{f.total.open_at_end} still open at the end. "
        f"Median first response {_gap(f.first_response.value)}, "
        f"resolution {_gap(f.resolution.value)}."
    )
    breaches = sum(f.breaches.values())
    per_tier = ", ".join(f"{tier} {n}" for tier, n in f.breaches.items() if n)
    text += f" {breaches} SLA breaches" + (f" ({per_tier})." if per_tier else ".")
    if f.incidents:
        n = len(f.incidents)
        text += f" Complaints were linked to {n} public incident{'' if n == 1 else 's'}."
    return text


# --- the outline ----------------------------------------------------------------------


def _period(report: Report) -> str:
    days = (report.period_end - report.period_start).days
    return (
        f"Period: {_day(report.period_start)} to {_day(report.period_end)} "
        f"({days} days, the end excluded). Built {report.created_at:%Y-%m-%d %H:%M} UTC."
    )


def _day(moment: datetime) -> str:
    return f"{moment:%A %Y-%m-%d %H:%M} UTC"


def _gap(value: timedelta | None) -> str:
    return format_gap(value) if value is not None else "n/a"


def _outline(report: Report) -> list[_Section]:
    return [
        _volumes(report),
        _times(report),
        _breaches(report),
        _resolvers(report),
        _pain_points(report),
        _incidents(report),
    ]


def _volumes(report: Report) -> _Section:
    f = report.figures
    header = ["Received", "Resolved", "Still open at the end"]

    def rows(volumes):
        return [[name, v.received, v.resolved, v.open_at_end] for name, v in volumes.items()]

    return _Section(
        "Volumes",
        "received = filed in the period (created_at); resolved = resolution time in the "
        "period; still open = filed before the end and not resolved before it.",
        [
            f"Received: {f.total.received}",
            f"Resolved: {f.total.resolved}",
            f"Still open at the end: {f.total.open_at_end}",
        ],
        [
            _Table(["Brand", *header], rows(f.by_brand), "No complaints."),
            _Table(["Channel", *header], rows(f.by_channel), "No complaints."),
        ],
    )


def _times(report: Report) -> _Section:
    first, done = report.figures.first_response, report.figures.resolution
    response = f"Median time to first response: {_gap(first.value)} ({first.count} complaints"
    if first.from_events:
        response += f"; {first.from_events} from the history, without acknowledged_at"
    return _Section(
        "Response times",
        "first response = acknowledged_at - created_at, or the first acknowledged/assigned "
        "event by a person when acknowledged_at is empty, median over the period's first "
        "responses; resolution = resolved_at - created_at, median over the period's "
        "resolutions.",
        [
            response + ")",
            f"Median time to resolution: {_gap(done.value)} ({done.count} complaints)",
        ],
    )


def _breaches(report: Report) -> _Section:
    breaches = report.figures.breaches
    return _Section(
        "SLA breaches by tier",
        "each SLA due time in the period that passed with its complaint unresolved, counted "
        "at the tier the complaint was at then (each escalation moves it one tier up).",
        [f"Breaches: {sum(breaches.values())}"],
        [_Table(["Tier", "Breaches"], [[t, n] for t, n in breaches.items()], "No tiers.")],
    )


def _resolvers(report: Report) -> _Section:
    return _Section(
        "Who resolved how many",
        "the person in the last resolved event of each complaint resolved in the period; "
        "for a resolution that came in an import, the complaint's owner.",
        tables=[
            _Table(
                ["Resolved by", "Complaints"],
                [[name, n] for name, n in report.figures.resolvers],
                "No complaint was resolved in the period.",
            )
        ],
    )


def _pain_points(report: Report) -> _Section:
    f = report.figures
    terms = ", ".join(f"{term} ({n})" for term, n in f.terms) or "none"
    rows: list[list[Cell]] = [
        [f"#{c.id}", c.complaints, c.open_at_end, c.brand or "(none)", _excerpt(c.text)]
        for c in f.clusters
    ]
    return _Section(
        "Top pain points",
        "terms = the most frequent words of the complaints received in the period, each "
        "counted once per complaint, brand names left out; clusters = complaints grouped as "
        "one issue (cluster_id), two or more received in the period.",
        [f"Terms: {terms}"],
        [
            _Table(
                ["Cluster", "Complaints", "Still open", "Brand", "First complaint"],
                rows,
                "No cluster of two or more complaints in the period.",
            )
        ],
    )


def _incidents(report: Report) -> _Section:
    base = report.dashboard_url.rstrip("/")
    rows: list[list[Cell]] = [
        [
            _Link(f"#{i.incident_id}", f"{base}/incidents?incident={i.incident_id}"),
            i.brand,
            f"{i.began_at:%Y-%m-%d %H:%M} UTC",
            i.complaints,
            i.before,
            _gap(i.oldest_before) + " before" if i.oldest_before is not None else "-",
            i.unresolved_at_start,
        ]
        for i in report.figures.incidents
    ]
    header = [
        "Incident", "Brand", "Storm began", "Linked complaints", "Filed before it",
        "Oldest", "Unresolved when it began",
    ]  # fmt: skip
    return _Section(
        "Complaints linked to public incidents",
        "incidents active in the period with linked complaints; filed before it = filed "
        "before the storm began, the oldest of those, and how many of those were still "
        "unresolved then.",
        tables=[_Table(header, rows, "No complaint was linked to a public incident.")],
    )


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1].rstrip() + "\u2026"


# --- Markdown and HTML ----------------------------------------------------------------


def _md(text: str) -> str:
    """Untrusted text as Markdown that shows it as written, on one line."""
    return " ".join(str(text).split()).translate(_MARKDOWN)


def _md_cell(cell: Cell) -> str:
    if isinstance(cell, _Link):
        return f"[{_md(cell.text)}]({cell.url})"
    return _md(str(cell))


def _md_table(table: _Table) -> list[str]:
    if not table.rows:
        return [_md(table.empty)]
    lines = [
        "| " + " | ".join(map(_md, table.header)) + " |",
        "|" + "|".join("---" for _ in table.header) + "|",
    ]
    lines += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in table.rows]
    return lines


def _html_cell(cell: Cell) -> str:
    if isinstance(cell, _Link):
        return f'<a href="{escape(cell.url)}">{escape(cell.text)}</a>'
    return escape(str(cell))


def _html_table(table: _Table) -> str:
    if not table.rows:
        return f"<p>{escape(table.empty)}</p>"
    head = "".join(f'<th style="{_TH}">{escape(h)}</th>' for h in table.header)
    body = "".join(
        "<tr>" + "".join(f'<td style="{_TD}">{_html_cell(c)}</td>' for c in row) + "</tr>"
        for row in table.rows
    )
    return f'<table style="{_TABLE}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
