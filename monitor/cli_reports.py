"""``monitor report build|reads``: the customer-service report for leadership."""

from __future__ import annotations

import click

from monitor.csreport import KINDS

__all__ = ["register"]


def register(cli: click.Group, pass_ctx, now_utc) -> None:
    """Attach the ``report`` command group to the main CLI."""

    @cli.group()
    def report() -> None:
        """Customer-service reports (weekly, monthly) and who read them."""

    @report.command("build")
    @click.option("--kind", type=click.Choice(KINDS), required=True, help="week or month.")
    @click.option(
        "--end",
        help="Report on the last full week/month before this time (ISO; default now).",
    )
    @click.option(
        "--format",
        "fmt",
        type=click.Choice(["md", "html"]),
        default="md",
        show_default=True,
        help="What to print or write.",
    )
    @click.option("--out", type=click.Path(dir_okay=False), help="Write to FILE, not stdout.")
    @click.option("--send", is_flag=True, help="Queue it on the report channels and send.")
    @pass_ctx
    def report_build(c, kind: str, end: str | None, fmt: str, out: str | None, send: bool):
        """Build (or rebuild) a report, store it, print it; --send also delivers it."""
        from monitor.alerts import dispatch_alerts
        from monitor.cli import open_output, parse_when
        from monitor.csreport import build_report, queue_report, report_channels

        now = now_utc()
        built = build_report(c.config, c.store, kind, parse_when(end) or now, now)
        text = built.markdown if fmt == "md" else built.html
        if out:
            with open_output(out, "w") as handle:
                handle.write(text)
        else:
            click.echo(text, nl=False)
        click.echo(
            f"report #{built.id}: {built.title} ({built.period_start:%Y-%m-%d} to "
            f"{built.period_end:%Y-%m-%d}, end excluded) stored",
            err=True,
        )
        if not send:
            return
        channels = report_channels(c.config)
        if not channels:
            raise click.ClickException(
                "no channel takes reports: give one `audience: executive` in alerts.channels "
                "or name it in complaints.notify"
            )
        queued = queue_report(c.config, c.store, built, now, channels)
        skipped = [name for name in channels if name not in queued]
        if skipped:
            click.echo(f"already queued earlier (not sent again): {', '.join(skipped)}", err=True)
        sent = dispatch_alerts(c.config, c.store, now)
        for error in sent.errors:
            click.echo(error, err=True)
        click.echo(
            f"queued on {len(queued)} channels; everything due in the outbox: {sent.sent} sent, "
            f"{sent.retrying} retrying, {sent.failed} failed",
            err=True,
        )

    @report.command("reads")
    @click.option("--id", "report_id", type=int, help="Only this report.")
    @pass_ctx
    def report_reads(c, report_id: int | None) -> None:
        """Each stored report: where it was sent and who opened it, when."""
        from monitor.store.csreports import get_report, list_reads, list_reports

        if report_id is not None and get_report(c.store, report_id) is None:
            raise click.ClickException(f"no report #{report_id}: see 'monitor report reads'")
        found = [r for r in list_reports(c.store) if report_id in (None, r["id"])]
        if not found:
            click.echo("no reports yet: build one with 'monitor report build --kind week'")
        reads = list_reads(c.store, report_id)
        for row in found:
            click.echo(
                f"report #{row['id']}: {row['kind']} {row['period_start']:%Y-%m-%d} to "
                f"{row['period_end']:%Y-%m-%d} (built {row['created_at']:%Y-%m-%d %H:%M} UTC)"
            )
            for line in _reader_lines(
                c.store, row, [r for r in reads if r["report_id"] == row["id"]]
            ):
                click.echo("  " + line)


def _reader_lines(store, row, reads) -> list[str]:
    """One line per reader: where it was delivered, and when they opened it."""
    from monitor.store.csreports import report_deliveries

    deliveries = report_deliveries(store, f"report:{row['kind']}", row["period_start"].isoformat())
    opened: dict[str, list] = {}
    for read in reads:
        opened.setdefault(read["reader"], []).append(read["at"])
    lines = []
    for d in deliveries:
        sent = (
            f"sent {d['sent_at']:%Y-%m-%d %H:%M} UTC"
            if d["status"] == "sent"
            else f"{d['status']} ({_attempts(d)})"
        )
        lines.append(f"{d['channel']}: {sent}, {_opened(opened.pop(d['channel'], []))}")
    lines += [
        f"{reader}: {_opened(times)} (not a channel it was sent to)"
        for reader, times in opened.items()
    ]
    return lines or ["not sent, not read"]


def _opened(times: list) -> str:
    if not times:
        return "not read"
    first = f"read {times[0]:%Y-%m-%d %H:%M} UTC"
    return first + (f" (opened {len(times)} times)" if len(times) > 1 else "")


def _attempts(delivery) -> str:
    """``"2 attempts, last: SMTP delivery to ... failed (...)"``."""
    n = delivery["attempts"]
    text = f"{n} attempt" + ("" if n == 1 else "s")
    error = (delivery["last_error"] or "").removeprefix(f"{delivery['channel']}: ")
    return f"{text}, last: {error}" if error else text
