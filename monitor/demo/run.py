"""Run the demo: scenario server, webhook receiver, the real pipeline on a fast clock."""

from __future__ import annotations

import csv
import secrets
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from monitor.alerts.acklink import read_ack_token
from monitor.complaints import import_complaints
from monitor.config import Config, load_config
from monitor.demo.receiver import WebhookReceiver
from monitor.demo.scenario import BRAND, Scenario, build_scenario
from monitor.demo.server import DemoClock, DemoServer
from monitor.errors import MonitorError
from monitor.pipeline import Pipeline
from monitor.runner import stop_process
from monitor.store import open_store
from monitor.store.acks import record_ack

__all__ = ["DemoResult", "run_demo", "write_demo_config"]

CALM_STEP = timedelta(hours=1)
STORM_STEP = timedelta(minutes=15)
CALM_PAUSE = 0.25  # real seconds per calm step at speed 1
STORM_PAUSE = 1.2  # real seconds per storm step at speed 1

CONFIG_TEMPLATE = """\
# Written by `monitor demo`: a fictional airline replayed from a local server.
database: sqlite:///demo.db
languages: [en, zh, ro]
collect:
  per_host_delay: 0s  # the replay server is our own, on this machine: no need to be polite
brands:
  - name: {brand}
    aliases: [Skyline Airlines, "@SkylineAir", "#SkylineAirBrokeIt", 天际航空]
    exclude: [Skyline Air Conditioning]
sources:
  - name: demo-news
    type: rss
    url: {base}/news.rss
  - name: demo-forum
    type: json
    url: {base}/forum.json
    fields:
      items: hits
      id: objectID
      title: title
      text: story_text
      url: url
      published_at: created_at
      author: author
      metrics.score: points
      metrics.comments: num_comments
  - name: demo-reviews
    type: page
    url: {base}/reviews.html
    selectors:
      item: article.review
      title: h3
      text: p.body
      link: a.permalink
      date: time
alerts:
  dashboard_url: http://127.0.0.1:{dashboard_port}
  ack:
    secret: ${{MONITOR_ACK_SECRET:-{ack_secret}}}  # made for this replay
  channels:
    - {{name: pr-lead, type: webhook, url: "{webhook}/pr-lead"}}
    - {{name: head-comms, type: webhook, url: "{webhook}/head-comms"}}
    - {{name: ceo, type: webhook, url: "{webhook}/ceo"}}
  # The PR lead hears first; unacknowledged, a critical alert goes on to the head of
  # communications after 30 minutes, then to the CEO.
  route:
    receivers: [pr-lead]
    escalate_to: [head-comms, ceo]
    escalate_after: {{warning: 1h, critical: 30m}}
"""
ACKNOWLEDGER = "head-comms"  # in the replay, the one who acknowledges (with the alert's link)


class DemoResult:
    def __init__(self, config: Config, scenario: Scenario, receiver: WebhookReceiver):
        self.config = config
        self.scenario = scenario
        self.alerts = receiver.received
        self.deliveries = receiver.deliveries  # (receiver, alert)


def write_demo_config(workdir: Path, base: str, webhook: str, dashboard_port: int) -> Path:
    path = workdir / "sources.yaml"
    path.write_text(
        CONFIG_TEMPLATE.format(
            brand=BRAND,
            base=base,
            webhook=webhook,
            dashboard_port=dashboard_port,
            ack_secret=secrets.token_urlsafe(32),
        ),
        encoding="utf-8",
    )
    return path


def _write_complaints(workdir: Path, scenario: Scenario) -> Path:
    path = workdir / "helpdesk_export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(scenario.complaints[0]))
        writer.writeheader()
        writer.writerows(scenario.complaints)
    return path


def run_demo(
    workdir: Path,
    port: int = 8501,
    speed: float = 1.0,
    dashboard: bool = True,
    keep_running: bool = True,
    echo: Callable[[str], None] = print,
) -> DemoResult:
    """Replay the crisis; with ``dashboard`` the Streamlit app runs beside it on ``port``."""
    if speed <= 0:
        raise MonitorError("--speed must be greater than 0")
    workdir.mkdir(parents=True, exist_ok=True)
    for stale in ("demo.db", "demo.db-wal", "demo.db-shm", "alerts.jsonl"):
        (workdir / stale).unlink(missing_ok=True)
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    scenario = build_scenario(now - timedelta(hours=57))
    clock = DemoClock(scenario.start)
    server = DemoServer(scenario, clock).start()
    receiver = WebhookReceiver(workdir / "alerts.jsonl").start()
    process = None
    try:
        config = load_config(write_demo_config(workdir, server.base_url, receiver.url, port))
        store = open_store(config.database)
        report = import_complaints(config, store, _write_complaints(workdir, scenario))
        echo(f"demo: {BRAND}, a fictional airline; {report.added} helpdesk complaints imported")
        if dashboard:
            from monitor.runner import start_dashboard

            process = start_dashboard(config, None, port)
        _replay(Pipeline(config, store), scenario, clock, receiver, speed, echo)
        echo(f"demo: replay finished; alerts received are in {workdir / 'alerts.jsonl'}")
        if process is not None and keep_running:
            echo(f"demo: dashboard still at http://127.0.0.1:{port} (Ctrl+C to stop)")
            process.wait()
        return DemoResult(config, scenario, receiver)
    except KeyboardInterrupt:
        echo("demo: stopped")
        raise SystemExit(0) from None
    finally:
        if process is not None:
            stop_process(process)
        server.stop()
        receiver.stop()


def _replay(
    pipeline: Pipeline,
    scenario: Scenario,
    clock: DemoClock,
    receiver: WebhookReceiver,
    speed: float,
    echo: Callable[[str], None],
) -> None:
    moment = scenario.start + CALM_STEP
    last_day = None
    shown = 0
    while moment <= scenario.end + timedelta(hours=1):
        clock.set(moment)
        report = pipeline.cycle(moment, due_only=False)
        storm = moment > scenario.storm_at
        if storm:
            echo(f"{moment:%a %H:%M} UTC (simulated): {report.collected.mentions} new mentions")
        elif moment.date() != last_day:
            echo(f"{moment:%a %H:%M} UTC (simulated): quiet day, baseline building")
            last_day = moment.date()
        for failed in report.collected.failed:
            echo(f"  source {failed.name} failed: {failed.error}")
        for ev in report.events:
            if ev.event in ("opened", "escalated"):
                echo(f"  >>> incident #{ev.incident.id} {ev.event}: {ev.incident.summary}")
        while shown < len(receiver.deliveries):
            name, payload = receiver.deliveries[shown]
            _show_alert(name, payload, echo)
            if name == ACKNOWLEDGER and payload.get("ack_link"):
                _acknowledge(pipeline, payload["ack_link"], moment, echo)
            shown += 1
        step = STORM_STEP if moment >= scenario.storm_at else CALM_STEP
        time.sleep((STORM_PAUSE if storm else CALM_PAUSE) / speed)
        moment += step


def _show_alert(name: str, payload: dict, echo: Callable[[str], None]) -> None:
    late = payload.get("escalation")
    why = f" (nobody acknowledged it for {late['unacknowledged_for']})" if late else ""
    echo(
        f"  [webhook {name}] alert received: {payload.get('type')} {payload.get('brand')} "
        f"severity={payload.get('severity')}{why} -> {payload.get('link')}"
    )


def _acknowledge(pipeline: Pipeline, link: str, moment: datetime, echo) -> None:
    """What the dashboard's acknowledge page does when the link is opened."""
    token = parse_qs(urlsplit(link).query)["token"][0]
    secret = pipeline.config.alerts.ack.secret
    assert secret is not None
    claim = read_ack_token(secret, token, moment)
    record_ack(pipeline.store, claim.subject, claim.channel, "link", moment, claim.channel)
    echo(f"  {claim.channel} acknowledges {claim.subject} with the link in the alert")
