"""The ``monitor`` command line: thin wrappers over the Python API.

Domain errors become a one-line message and exit code 1, never a traceback.
"""

from __future__ import annotations

import json
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import click

from monitor.config import Config, load_config, mask_url_password, redacted
from monitor.errors import MonitorError
from monitor.store import Store, open_store

__all__ = ["main"]


def now_utc() -> datetime:
    return datetime.now(UTC)


class Context:
    def __init__(self, config_path: str):
        self.config_path = config_path
        self._config: Config | None = None
        self._store: Store | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            self._config = load_config(self.config_path)
        return self._config

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.config.database)
        return self._store


pass_ctx = click.make_pass_decorator(Context)


class MonitorGroup(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MonitorError as exc:
            raise click.ClickException(str(exc)) from None


def parse_when(value: str | None) -> datetime | None:
    if value is None:
        return None
    from monitor.complaints import parse_time

    try:
        return parse_time(value)
    except (ValueError, OverflowError):
        raise click.BadParameter(
            f"{value!r} is not a date: write e.g. 2026-11-20 or 2026-11-20T14:00Z"
        ) from None


def open_output(path: str, mode: str):
    """Open an output file, or fail with one line naming it."""
    try:
        if "b" in mode:
            return open(path, mode)  # noqa: SIM115 (the caller closes it)
        return open(path, mode, encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None


@click.group(cls=MonitorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    envvar="MONITOR_CONFIG",
    default="sources.yaml",
    show_default=True,
    help="Configuration file (or set MONITOR_CONFIG).",
)
@click.version_option(package_name="crisis-monitor")
@click.pass_context
def cli(ctx: click.Context, config_path: str) -> None:
    """Public-opinion crisis monitor: collect brand mentions, detect storms, alert leadership."""
    ctx.obj = Context(config_path)


@cli.command("check-config")
@click.option("--show", is_flag=True, help="Print the validated config with secrets masked.")
@pass_ctx
def check_config(c: Context, show: bool) -> None:
    """Validate the configuration file and say what it sets up."""
    config = c.config
    channels = len(config.alerts.channels)
    click.echo(
        f"{config.path}: OK: {len(config.brands)} brands, {len(config.sources)} sources, "
        f"{channels} alert channels, database {mask_url_password(config.database)}"
    )
    if show:
        click.echo(json.dumps(redacted(config), indent=2, ensure_ascii=False))


@cli.command()
@click.option("--once", is_flag=True, help="Poll every source once, then exit.")
@pass_ctx
def collect(c: Context, once: bool) -> None:
    """Poll sources and store new mentions (forever, unless --once)."""
    from monitor.collect import Collector
    from monitor.runner import report_outcome, run_forever
    from monitor.store.sourcestate import source_health

    if not once:
        run_forever(c.config, c.store, collect_only=True)
        return
    collector = Collector(c.config, c.store)
    if not c.config.sources:
        click.echo("no sources configured: add some under 'sources:' in " + c.config.path)
        return
    try:
        summary = collector.collect(now_utc(), due_only=False, progress=report_outcome)
    finally:
        collector.close()
    failed = summary.failed
    click.echo(
        f"collected {len(summary.outcomes)} sources: {summary.mentions} new mentions, "
        f"{len(failed)} failed"
    )
    for outcome in summary.outcomes:
        if not outcome.ok:
            label = "BLOCKED" if outcome.problem == "blocked" else "FAILED"
            click.echo(f"  {label} {outcome.name}: {outcome.error}")
        elif outcome.warning:
            label = "EMPTY" if outcome.problem == "empty" else "WARNING"
            click.echo(f"  {label} {outcome.name}: {outcome.warning}")
    polled = {o.name for o in summary.outcomes}
    for row in source_health(c.store):
        if row["disabled"] and row["name"] not in polled:
            click.echo(
                f"  SKIPPED {row['name']}: disabled after {row['error_count']} errors "
                f"(last: {row['last_error']}); run 'monitor sources reset {row['name']}'"
            )


@cli.command()
@pass_ctx
def detect(c: Context) -> None:
    """Judge closed buckets, update incidents, link complaints and send alerts, once."""
    from monitor.pipeline import Pipeline

    report = Pipeline(c.config, c.store).after_collect(now_utc())
    for ev in report.events:
        click.echo(f"incident {ev.incident.id} {ev.event}: {ev.incident.summary}")
    for change in report.dips:
        click.echo(f"source dip {change}")
    for change in report.dead_channels:
        click.echo(f"alert channel {change}")
    for escalation in report.escalations:
        click.echo(escalation.describe())
    for line in report.escalated_alerts:
        click.echo(line)
    if report.dispatch.held_back():
        click.echo(f"alerts not sent: {report.dispatch.held_back()} (see 'monitor alerts list')")
    click.echo(
        f"{len(report.events)} incident events, {report.complaints_linked} complaints linked, "
        f"{len(report.escalations)} escalated, {report.alerts_queued} alerts queued, "
        f"{report.dispatch.sent} sent"
    )


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "jsonl", "parquet", "xlsx"]),
    default="csv",
    show_default=True,
    help="CSV, JSON Lines, Parquet or an Excel workbook (xlsx: needs --out).",
)
@click.option("--brand")
@click.option("--since", help="ISO date or time (inclusive).")
@click.option("--until", help="ISO date or time (exclusive).")
@click.option("--source")
@click.option("--lang")
@click.option("--sentiment", type=click.Choice(["negative", "neutral", "positive"]))
@click.option("--out", type=click.Path(dir_okay=False), help="File to write (default: stdout).")
@pass_ctx
def export(c: Context, fmt: str, brand, since, until, source, lang, sentiment, out) -> None:
    """Export mentions (one row each) as CSV, JSON Lines, Parquet or Excel."""
    from monitor.export import export_mentions
    from monitor.store.mentions import MentionFilter

    if fmt == "xlsx" and not out:
        raise click.ClickException(
            "an Excel workbook is a binary file, not for standard output: add --out FILE.xlsx"
        )
    where = MentionFilter(
        brand=brand,
        since=parse_when(since),
        until=parse_when(until),
        source=source,
        lang=lang,
        sentiment_label=sentiment,
    )
    with _export_progress(c.store, where) as progress:
        if not out:
            export_mentions(c.store, where, fmt, sys.stdout.buffer, progress)
            return
        with open_output(out, "wb") as handle:
            try:
                count = export_mentions(c.store, where, fmt, handle, progress)
            except MonitorError:
                handle.close()
                Path(out).unlink(missing_ok=True)  # no half-written file left behind
                raise
    click.echo(f"wrote {count} mentions to {out}", err=True)


@contextmanager
def _export_progress(store: Store, where) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on standard error when it is a terminal; nothing otherwise (a pipe,
    a log file, cron), so that redirected output carries no progress noise."""
    if not sys.stderr.isatty():
        yield None
        return
    from monitor.store.mentions import count_mentions

    total = count_mentions(store, where)
    with click.progressbar(length=total, label="exporting", show_pos=True, file=sys.stderr) as bar:
        yield lambda done: bar.update(done - bar.pos)


@cli.command()
@pass_ctx
def analyze(c: Context) -> None:
    """Analyze JSON Lines {"id", "text"} from stdin; write one JSON result per line."""
    from monitor.analyze import analyze_lines

    for result in analyze_lines(c.config, sys.stdin):
        click.echo(json.dumps(result, ensure_ascii=False))


@cli.command()
@click.option("--series", type=click.Path(dir_okay=False), help="CSV with timestamp,value rows.")
@click.option("--brand", help="Replay this configured brand's stored mentions instead.")
@click.option("--since", help="With --brand: first bucket to judge (ISO date or time).")
@click.option("--until", help="With --brand: judge buckets before this (default: now).")
@click.option(
    "--set",
    "overrides",
    multiple=True,
    metavar="KEY=VALUE",
    help="A candidate detection setting, e.g. detection.threshold=8 (repeatable).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl"]),
    default="table",
    show_default=True,
    help="With --brand: a table, or one JSON object per incident event.",
)
@click.option("--out", type=click.Path(dir_okay=False), help="Output file (default: stdout).")
@click.option(
    "--use-config",
    is_flag=True,
    help="Use the detection settings of --config instead of the defaults (to tune them).",
)
@click.pass_context
def backtest(
    ctx: click.Context,
    series: str | None,
    brand: str | None,
    since: str | None,
    until: str | None,
    overrides: tuple[str, ...],
    fmt: str,
    out: str | None,
    use_config: bool,
) -> None:
    """Replay the live detector over a timestamp,value series or a brand's stored history."""
    from monitor.backtest import backtest_series, read_series, with_overrides, write_backtest
    from monitor.config import DetectionSettings

    c: Context = ctx.obj
    if (series is None) == (brand is None):
        raise click.UsageError(
            "give --series FILE.csv (a series) or --brand NAME (its stored mentions), not both"
            if series
            else "give --series FILE.csv or --brand NAME --since DATE"
        )
    if brand is not None:
        _backtest_brand(c, brand, since, until, overrides, fmt, out)
        return
    for name, given in (("--since", since), ("--until", until), ("--format", fmt != "table")):
        if given:
            raise click.UsageError(f"{name} applies to --brand only")
    base = c.config.detection if use_config else DetectionSettings()
    settings = with_overrides(base, overrides)
    rows = backtest_series(read_series(series), settings)
    if out:
        with open_output(out, "w") as handle:
            write_backtest(rows, handle)
        alerts = sum(r.alert for r in rows)
        click.echo(f"wrote {len(rows)} rows ({alerts} alerts) to {out}", err=True)
    else:
        write_backtest(rows, sys.stdout)


def _backtest_brand(c: Context, brand, since, until, overrides, fmt, out) -> None:
    """``backtest --brand``: replay stored mentions, read-only, with candidate settings."""
    from monitor.backtest import (
        open_history,
        replay_brand,
        replay_notes,
        with_overrides,
        write_replay,
    )

    start = parse_when(since)
    if start is None:
        raise click.UsageError("--brand needs --since DATE: the first bucket to judge")
    settings = with_overrides(c.config.detection, overrides)
    now = now_utc()
    end = min(parse_when(until) or now, now - settings.delay)  # closed buckets only
    store = open_history(c.config.database)
    try:
        replay = replay_brand(c.config, store, brand, start, end, settings)
    finally:
        store.close()
    notes = replay_notes(replay)
    for line in notes[:-1]:
        click.echo(line, err=True)
    if out:
        with open_output(out, "w") as handle:
            write_replay(replay, fmt, handle)
    else:
        write_replay(replay, fmt, sys.stdout)
        sys.stdout.flush()  # the table before the count that follows it on stderr
    click.echo(notes[-1], err=True)


@cli.command()
@click.option("--host", default=None, help="Dashboard address (default from config, 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Dashboard port (default 8501).")
@click.option("--no-dashboard", is_flag=True, help="Do not start the dashboard beside the monitor.")
@click.option("--once", is_flag=True, help="Run one cycle (what is due), then exit; for cron.")
@click.option("--wall", is_flag=True, help="Serve the dashboard as a read-only wall screen.")
@pass_ctx
def run(
    c: Context, host: str | None, port: int | None, no_dashboard: bool, once: bool, wall: bool
) -> None:
    """Collect, detect, link and alert on schedule, with the dashboard beside it."""
    from monitor.runner import run_cycle, run_forever, start_dashboard, stop_process

    if once:
        run_cycle(c.config, c.store, now_utc())
        return
    dashboard = None
    if not no_dashboard:
        dashboard = start_dashboard(c.config, host, port, wall=wall)
    try:
        run_forever(c.config, c.store)
    finally:
        if dashboard is not None:
            stop_process(dashboard)


@cli.command()
@click.option("--host", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port (default 8501).")
@click.option("--wall", is_flag=True, help="A read-only wall screen: nothing can be changed.")
@pass_ctx
def dashboard(c: Context, host: str | None, port: int | None, wall: bool) -> None:
    """Start the Streamlit dashboard."""
    from monitor.runner import start_dashboard, stop_process

    open_store(c.config.database).close()  # create or migrate before the dashboard reads
    process = start_dashboard(c.config, host, port, wall=wall)
    code = 0
    try:
        code = process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop_process(process)
    sys.exit(code)


@cli.command()
@click.option("--port", type=int, default=8501, show_default=True, help="Dashboard port.")
@click.option(
    "--speed", type=float, default=1.0, show_default=True, help="Faster (2) or slower (0.5) replay."
)
@click.option(
    "--workdir",
    type=click.Path(file_okay=False),
    default="monitor-demo",
    show_default=True,
    help="Folder for the demo's database, config and alerts.",
)
@click.option("--no-dashboard", is_flag=True, help="Replay only; do not start the dashboard.")
@click.option("--exit-after", is_flag=True, help="Exit when the replay ends (for scripts).")
def demo(port: int, speed: float, workdir: str, no_dashboard: bool, exit_after: bool) -> None:
    """Replay a brand crisis offline through the real pipeline, with the dashboard."""
    from monitor.demo.run import run_demo

    run_demo(  # MonitorGroup turns a MonitorError into a one-line message
        Path(workdir),
        port=port,
        speed=speed,
        dashboard=not no_dashboard,
        keep_running=not exit_after,
        echo=click.echo,
    )


from monitor.cli_admin import register  # noqa: E402
from monitor.cli_alerts import register as register_alerts  # noqa: E402
from monitor.cli_reports import register as register_reports  # noqa: E402

register(cli, pass_ctx, now_utc)
register_reports(cli, pass_ctx, now_utc)
register_alerts(cli, pass_ctx, now_utc)


def main() -> None:
    """Entry point of the ``monitor`` console script."""
    # SIGTERM (a service manager stopping us) unwinds like Ctrl+C, so children stop too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    cli(prog_name="monitor")


if __name__ == "__main__":
    main()
