"""Long-running modes: the scheduling loop and the dashboard process."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import click

from monitor.collect import SourceOutcome
from monitor.config import Config
from monitor.dashboardsettings import WALL_ENV, startup_refusal
from monitor.errors import MonitorError
from monitor.pipeline import Pipeline
from monitor.store import Store

__all__ = ["report_outcome", "run_cycle", "run_forever", "start_dashboard", "stop_process"]

TICK_SECONDS = 20.0


def report_outcome(outcome: SourceOutcome) -> None:
    """One progress line per polled source."""
    if outcome.ok:
        note = "not modified" if outcome.not_modified else f"{outcome.items} items"
        if outcome.dropped:
            note += f" ({outcome.dropped} spam or blocked)"
        click.echo(f"  {outcome.name}: {note}, {outcome.mentions} new mentions", err=True)
    else:
        label = "BLOCKED" if outcome.problem == "blocked" else "FAILED"
        click.echo(f"  {outcome.name}: {label}: {outcome.error}", err=True)


def run_cycle(
    config: Config, store: Store, now: datetime, pipeline: Pipeline | None = None
) -> None:
    """One cycle: poll what is due, detect, link, alert; report on stderr."""
    pipeline = pipeline or Pipeline(config, store)
    report = pipeline.cycle(now, True, report_outcome)
    for ev in report.events:
        click.echo(
            f"{now:%H:%M:%S} incident #{ev.incident.id} {ev.event}: {ev.incident.summary}", err=True
        )
    for change in report.dips:
        click.echo(f"{now:%H:%M:%S} source dip {change} (ops told)", err=True)
    for change in report.dead_channels:
        click.echo(f"{now:%H:%M:%S} alert channel {change}", err=True)
    for escalation in report.escalations:
        click.echo(f"{now:%H:%M:%S} {escalation.describe()}", err=True)
    for line in report.escalated_alerts:
        click.echo(f"{now:%H:%M:%S} {line}", err=True)
    if report.dispatch.held_back():
        held = report.dispatch.held_back()
        click.echo(f"{now:%H:%M:%S} alerts not sent: {held} (see 'monitor alerts list')", err=True)
    for error in report.dispatch.errors:
        click.echo(f"{now:%H:%M:%S} alert delivery failed: {error}", err=True)
    if not report.collected.outcomes and not report.events:
        return
    click.echo(
        f"{now:%H:%M:%S} cycle: {len(report.collected.outcomes)} sources polled, "
        f"{report.collected.mentions} new mentions, {len(report.events)} incident events, "
        f"{report.dispatch.sent} alerts sent",
        err=True,
    )


def run_forever(config: Config, store: Store, collect_only: bool = False) -> None:
    """Poll what is due, then detect, link and alert; repeat until interrupted."""
    pipeline = Pipeline(config, store)
    click.echo(
        f"monitoring {len(config.brands)} brands from {len(config.sources)} sources "
        f"into {config.database} (Ctrl+C to stop)",
        err=True,
    )
    try:
        while True:
            now = datetime.now(UTC)
            if collect_only:
                summary = pipeline.collector.collect(now, True, report_outcome)
                if summary.outcomes:
                    click.echo(f"{now:%H:%M:%S} {summary.mentions} new mentions", err=True)
            else:
                run_cycle(config, store, now, pipeline)
            time.sleep(TICK_SECONDS)
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    finally:
        pipeline.collector.close()


def start_dashboard(
    config: Config,
    host: str | None,
    port: int | None,
    env: dict[str, str] | None = None,
    wall: bool = False,
) -> subprocess.Popen[bytes]:
    """Start ``streamlit run dashboard/app.py`` for this config; returns the process.

    Refuses (MonitorError, one line) to serve without a login on an address others can
    reach (``monitor.dashboardsettings.startup_refusal``). ``wall``: a read-only wall
    screen, told to the dashboard through ``WALL_ENV`` (set here and nowhere else).
    """
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    host = host or config.dashboard.host
    port = port or config.dashboard.port
    authlib = importlib.util.find_spec("authlib") is not None
    refusal = startup_refusal(config.dashboard, host, authlib=authlib)
    if refusal:
        raise MonitorError(refusal)
    child_env = dict(os.environ if env is None else env)
    child_env.pop(WALL_ENV, None)  # only --wall makes a wall screen
    if wall:
        child_env[WALL_ENV] = "1"
    if not config.path.startswith("<"):
        child_env["MONITOR_CONFIG"] = str(Path(config.path).resolve())
    child_env.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app),
        "--server.address",
        host,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--global.developmentMode",
        "false",
    ]
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"dashboard: http://{shown}:{port}" + (" (read-only wall screen)" if wall else ""),
               err=True)  # fmt: skip
    return subprocess.Popen(command, env=child_env)


def stop_process(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Ask a child process to stop, and kill it if it does not within ``timeout``."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
