"""People act on an incident: comment, give it an owner, resolve it; each is recorded
with who and when, shown in its timeline, and a resolved incident tells those alerted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from monitor.alerts import dispatch_alerts, queue_alerts
from monitor.cli import cli
from monitor.config import load_config
from monitor.detection import IncidentEvent
from monitor.incidentactions import incident_notes_of, owner_of
from monitor.models import Incident
from monitor.store import open_store
from monitor.store.alerts import list_alerts
from monitor.store.incidents import get_incident, save_incident

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)


@pytest.fixture
def setup(tmp_path, monkeypatch, webhook):
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"database: sqlite:///{tmp_path}/monitor.db\n"
        "brands: [{name: Skyline Air}]\n"
        f'alerts:\n  channels:\n    - {{name: pr-lead, type: webhook, url: "{webhook.url}"}}\n'
    )
    config = load_config(path)
    store = open_store(config.database)
    opened = save_incident(store, Incident(
        brand="Skyline Air", kind="volume+negative", status="open", severity="critical",
        opened_at=NOW - timedelta(hours=2), updated_at=NOW - timedelta(hours=2),
        began_at=NOW - timedelta(hours=3), observed=95, expected=4.0, score=9.5,
        peak_score=9.5, summary="Skyline Air: 95 mentions in the last 1h.",
        details={"events": [{"event": "opened", "at": (NOW - timedelta(hours=2)).isoformat(),
                             "bucket": (NOW - timedelta(hours=3)).isoformat()}]},
    ))  # fmt: skip
    queue_alerts(config, store, [IncidentEvent(opened, "opened", True)], opened.opened_at)
    dispatch_alerts(config, store, opened.opened_at)

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return NOW.astimezone(tz)

    monkeypatch.setattr("monitor.cli.datetime", FrozenDatetime)

    def run(*args: str):
        return CliRunner().invoke(cli, ["--config", str(path), *args])

    return run, config, store, opened


def test_comment_assign_and_resolve_are_recorded_with_who(setup, webhook):
    run, config, store, incident = setup
    said = run("incidents", "comment", str(incident.id), "Holding statement sent", "--by", "Dana")
    assert (
        said.exit_code == 0 and said.output == f"incident {incident.id}: comment by Dana recorded\n"
    )
    assert run("incidents", "assign", str(incident.id), "Maria Chen", "--by", "Dana").exit_code == 0
    said = run("incidents", "resolve", str(incident.id), "--by", "Maria Chen",
               "--note", "refunds announced, posts calming")  # fmt: skip
    assert said.exit_code == 0, said.output

    notes = incident_notes_of(store, incident.id)
    assert [(n.action, n.by, n.text) for n in notes] == [
        ("comment", "Dana", "Holding statement sent"),
        ("assign", "Dana", "Maria Chen"),
        ("resolve", "Maria Chen", "refunds announced, posts calming"),
    ]
    assert owner_of(notes) == "Maria Chen"
    closed = get_incident(store, incident.id)
    assert closed is not None and (closed.status, closed.closed_at) == ("closed", NOW)
    # the PR lead heard of it, so hears it is over, on the next cycle
    resolved = [a for a in list_alerts(store) if a["event"].startswith("resolved")]
    assert [(a["channel"], a["status"]) for a in resolved] == [("pr-lead", "pending")]
    dispatch_alerts(config, store, NOW)
    assert [p["type"] for p in webhook.received] == ["incident.opened", "incident.resolved"]

    shown = run("incidents", "show", str(incident.id)).output.splitlines()
    assert shown[0] == f"#{incident.id} [closed/critical] Skyline Air; owner: Maria Chen"
    assert "  2026-11-23 12:00 UTC  Dana commented: Holding statement sent" in shown
    assert "  2026-11-23 12:00 UTC  Resolved by Maria Chen: the incident closed" in shown
    assert ("  2026-11-23 12:00 UTC  Maria Chen resolved it: refunds announced, posts calming"
            in shown)  # fmt: skip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("comment", "99", "x", "--by", "Dana"), "no incident 99: see 'monitor incidents list'"),
        (("comment", "1", "  ", "--by", "Dana"), "the comment is empty"),
        (("assign", "1", "Maria", "--by", " "), "say who acts (--by NAME)"),
        (("assign", "1", " ", "--by", "Dana"), "name the owner"),
    ],
)
def test_bad_actions_are_one_line_errors(setup, args, message):
    run, _, store, _ = setup
    result = run("incidents", *args)
    assert result.exit_code == 1 and message in result.output
    assert "Traceback" not in result.output and incident_notes_of(store, 1) == []


def test_a_closed_incident_cannot_be_resolved_again(setup):
    run, _, _, incident = setup
    assert run("incidents", "resolve", str(incident.id), "--by", "Dana").exit_code == 0
    again = run("incidents", "resolve", str(incident.id), "--by", "Dana")
    assert again.exit_code == 1 and "is already closed" in again.output
