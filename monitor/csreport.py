"""The customer-service report for leadership: a week's or a month's complaints in figures.

Periods are in UTC, their end excluded:

- ``week``: the 7 days ending at the last Monday 00:00 at or before ``period_end``
  (built at any time from Monday 16 November 2026 to the Sunday after it: Monday 9
  November 00:00 to Monday 16 November 00:00);
- ``month``: the calendar month before the one holding ``period_end`` (built any day
  in December 2026: 1 November 00:00 to 1 December 00:00).

What the report holds and how each figure is computed: ``monitor/csreport_figures.py``;
how it reads: ``monitor/csreport_render.py`` (Markdown and HTML, each section with one
line saying how its figures are computed).

:func:`build_report` stores the report (one per kind and period: building again
replaces it and keeps its id, so links already sent still open it).
:func:`queue_report` puts it in the ops outbox (topic ``report:<kind>``, episode the
period's start, event ``sent``) for every channel with ``audience: executive`` and
every channel in ``complaints.notify``, each with its own link
``{dashboard_url}/report?id=N&reader=<channel>``: opening it records the read.
The dispatcher delivers it like any alert, retried and never queued twice.
:func:`send_due_reports` (each pipeline cycle) builds and queues a report once its
period is over: the week's from Monday 08:00 UTC, the month's from the 1st 08:00 UTC.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

from monitor.config import Config
from monitor.csreport_figures import Figures, compute_figures
from monitor.csreport_render import render_html, render_markdown, summary
from monitor.store import Store
from monitor.store.alerts import enqueue_ops_alert
from monitor.store.csreports import find_report, has_complaints, queued_channels, save_report

__all__ = [
    "KINDS",
    "SEND_AFTER",
    "Report",
    "build_report",
    "queue_report",
    "report_channels",
    "report_link",
    "report_payload",
    "report_period",
    "send_due_reports",
]

KINDS = ("week", "month")
SEND_AFTER = timedelta(hours=8)  # after the period's end: Monday / the 1st, 08:00 UTC


@dataclass
class Report:
    kind: str
    period_start: datetime
    period_end: datetime
    created_at: datetime
    figures: Figures
    markdown: str = ""
    html: str = ""
    id: int | None = None
    dashboard_url: str = ""

    @property
    def title(self) -> str:
        if self.kind == "week":
            return f"Customer-service report, week of {self.period_start:%Y-%m-%d}"
        return f"Customer-service report, {self.period_start:%B %Y}"

    @property
    def topic(self) -> str:
        return f"report:{self.kind}"

    @property
    def episode(self) -> str:
        return self.period_start.isoformat()


def report_period(kind: str, period_end: datetime) -> tuple[datetime, datetime]:
    """``(start, end)`` of the last complete week or month at ``period_end`` (see above)."""
    moment = period_end if period_end.tzinfo else period_end.replace(tzinfo=UTC)
    midnight = moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if kind == "week":
        end = midnight - timedelta(days=midnight.weekday())
        return end - timedelta(days=7), end
    if kind == "month":
        end = midnight.replace(day=1)
        return (end - timedelta(days=1)).replace(day=1), end
    raise ValueError(f"unknown report kind {kind!r}: week or month")


def build_report(
    config: Config, store: Store, kind: str, period_end: datetime, now: datetime | None = None
) -> Report:
    """Compute, render and store the report of the period before ``period_end``.

    ``now`` is when it is built (default ``period_end``): records are read as they are
    then, and a due time after it is not a breach yet.
    """
    start, end = report_period(kind, period_end)
    now = now or period_end
    figures = compute_figures(config, store, start, end, now)
    report = Report(kind, start, end, now, figures, dashboard_url=config.alerts.dashboard_url)
    report.markdown = render_markdown(report)
    report.html = render_html(report)
    report.id = save_report(store, kind, start, end, now, report.markdown, report.html)
    return report


# --- sending --------------------------------------------------------------------------


def report_channels(config: Config) -> list[str]:
    """The channels a report goes to: every ``audience: executive`` channel and every
    channel named in ``complaints.notify``, in the order configured."""
    notify = set(config.complaints.notify)
    return [c.name for c in config.alerts.channels if c.audience == "executive" or c.name in notify]


def report_link(dashboard_url: str, report_id: int, reader: str) -> str:
    """The link one reader gets: opening it records that they read the report."""
    return f"{dashboard_url.rstrip('/')}/report?id={report_id}&reader={quote(reader, safe='')}"


def report_payload(report: Report, reader: str) -> dict[str, Any]:
    """The outbox document for one reader: webhooks get it as it is, Slack and Teams
    its summary, email its HTML with the Markdown as the text part."""
    if report.id is None:
        raise ValueError("store the report (build_report) before sending it")
    link = report_link(report.dashboard_url, report.id, reader)
    return {
        "type": f"report.{report.kind}",
        "report_id": report.id,
        "kind": report.kind,
        "title": report.title,
        "severity": "info",
        "status": "sent",
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "summary": summary(report),
        "markdown": render_markdown(report, link),
        "html": render_html(report, link),
        "samples": [],
        "link": link,
    }


def queue_report(
    config: Config,
    store: Store,
    report: Report,
    now: datetime,
    channels: list[str] | None = None,
) -> list[str]:
    """Queue the report on ``channels`` (default :func:`report_channels`) unless it is
    queued there already. Returns the channels it was newly queued on."""
    queued = []
    for name in report_channels(config) if channels is None else channels:
        payload = report_payload(report, name)
        if enqueue_ops_alert(
            store, report.topic, report.episode, name, "sent", "info", payload, now
        ):
            queued.append(name)
    return queued


def send_due_reports(config: Config, store: Store, now: datetime) -> list[str]:
    """Build and queue each report whose period is over, once: the week's from Monday
    08:00 UTC, the month's from the 1st 08:00 UTC (later if the monitor was not running).

    Cheap when there is nothing to do (two small queries per kind); nothing at all while
    the store holds no complaint records. Returns what was done, e.g. ``"week
    2026-11-09: queued on ceo-mail, cs-slack"``.
    """
    done = []
    for kind in KINDS:
        start, end = report_period(kind, now)
        if now < end + SEND_AFTER:
            continue
        wanted = report_channels(config)
        already = queued_channels(store, f"report:{kind}", start.isoformat())
        missing = [name for name in wanted if name not in already]
        if not missing and find_report(store, kind, start) is not None:
            continue
        if not has_complaints(store, end):
            continue
        report = build_report(config, store, kind, now, now)
        queued = queue_report(config, store, report, now, missing)
        where = f"queued on {', '.join(queued)}" if queued else "stored (no channel takes it)"
        done.append(f"{kind} {start:%Y-%m-%d}: {where}")
    return done
