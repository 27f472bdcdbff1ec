"""``monitor alerts``: what was sent, who acknowledged it, what is silenced.

Every test runs the real command line (click's CliRunner) against a SQLite file and a
sources.yaml written to the test's folder, with the clock set to Sunday 17:30 UTC. The
outboxes hold what a detection cycle would have left: incident 1 (Skyline Air, open)
alerted pr-lead and ceo at 17:00, an escalation to pr-lead is still pending, and an ops
alert to the ops channel failed; incident 2 (Acme, closed) alerted pr-lead on Friday.
Each test checks what was stored (``acks_of``, ``list_silences``), not only the output.
"""

from __future__ import annotations

import re
import shlex
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.alerts.message import alert_payload
from monitor.cli import cli
from monitor.models import Incident
from monitor.store import open_store
from monitor.store.acks import acks_of
from monitor.store.alerts import (
    enqueue_alert,
    enqueue_ops_alert,
    list_alerts,
    mark_failed,
    mark_sent,
)
from monitor.store.incidents import save_incident
from monitor.store.silences import list_silences

NOW = datetime(2026, 11, 22, 17, 30, tzinfo=UTC)  # a Sunday
M = timedelta(minutes=1)
DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"

CONFIG = """
database: "sqlite:///{folder}/monitor.db"
brands:
  - {{name: Skyline Air}}
  - {{name: Acme}}
alerts:
  channels:
    - {{name: pr-lead, type: webhook, url: "http://127.0.0.1:9/pr"}}
    - {{name: ceo, type: email, smtp_host: 127.0.0.1, sender: monitor@example.com,
        to: [ceo@example.com]}}
    - {{name: ops, type: webhook, url: "http://127.0.0.1:9/ops", audience: ops}}
"""


class Monitor:
    """The ``monitor`` command against one config, at a time the test sets."""

    def __init__(self, config_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.config_path = config_path
        self.now = NOW
        clock = self

        class FrozenDatetime(datetime):
            @classmethod
            def now(cls, tz=None):  # what monitor.cli.now_utc() asks
                return clock.now.astimezone(tz)

        monkeypatch.setattr("monitor.cli.datetime", FrozenDatetime)
        self.store = open_store(f"sqlite:///{config_path.parent}/monitor.db")

    def __call__(self, *args: str):
        return CliRunner().invoke(cli, ["--config", str(self.config_path), *args])


def incident(brand: str, status: str, opened: datetime) -> Incident:
    return Incident(
        brand=brand,
        kind="volume",
        status=status,
        severity="critical",
        opened_at=opened,
        updated_at=opened,
        began_at=opened - 60 * M,
        observed=95,
        expected=4,
        score=9.5,
        peak_score=9.5,
        closed_at=opened + 600 * M if status == "closed" else None,
        summary=f"{brand}: 95 mentions in the last 1h against about 4.0 expected",
    )


def alert(store, inc: Incident, channel: str, event: str, at: datetime, sent: datetime | None):
    """Queue an incident alert at ``at``; mark it sent at ``sent`` unless None."""
    payload = alert_payload(inc, event, "http://dash.example")
    assert enqueue_alert(store, inc.id, channel, event, inc.severity, payload, at)
    row = list_alerts(store, inc.id)[-1]
    if sent is not None:
        mark_sent(store, row["id"], sent)


@pytest.fixture
def monitor(tmp_path, monkeypatch) -> Monitor:
    config_path = tmp_path / "sources.yaml"
    config_path.write_text(CONFIG.format(folder=tmp_path), encoding="utf-8")
    run = Monitor(config_path, monkeypatch)
    store = run.store
    acme = save_incident(store, incident("Acme", "closed", NOW - timedelta(days=2)))
    skyline = save_incident(store, incident("Skyline Air", "open", NOW - 30 * M))
    alert(store, acme, "pr-lead", "opened", acme.opened_at, acme.opened_at)
    alert(store, skyline, "pr-lead", "opened", NOW - 30 * M, NOW - 30 * M)
    alert(store, skyline, "ceo", "opened", NOW - 30 * M, NOW - 29 * M)
    alert(store, skyline, "pr-lead", "escalated", NOW - 15 * M, None)
    enqueue_ops_alert(
        store, "channel:ceo", "2026-11-22T17:00", "ops", "opened", "warning", {}, NOW - 10 * M
    )
    mark_failed(store, 1, "HTTP 500 from http://127.0.0.1:9/ops", None, "ops_alerts")
    return run


# --- monitor alerts list --------------------------------------------------------------


def test_list_shows_both_outboxes_newest_first(monitor):
    result = monitor("alerts", "list")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "ops#1\tcreated 2026-11-22 17:20 UTC\tnot sent\tops\tchannel:ceo opened\tfailed"
        "\tHTTP 500 from http://127.0.0.1:9/ops",
        "alert#4\tcreated 2026-11-22 17:15 UTC\tnot sent\tpr-lead\tincident 2 escalated\tpending",
        "alert#3\tcreated 2026-11-22 17:00 UTC\tsent 2026-11-22 17:01 UTC\tceo\t"
        "incident 2 opened\tsent",
        "alert#2\tcreated 2026-11-22 17:00 UTC\tsent 2026-11-22 17:00 UTC\tpr-lead\t"
        "incident 2 opened\tsent",
        "alert#1\tcreated 2026-11-20 17:30 UTC\tsent 2026-11-20 17:30 UTC\tpr-lead\t"
        "incident 1 opened\tsent",
    ]


def test_list_filters_by_incident_status_and_channel_and_stops_at_the_limit(monitor):
    def ids(*args: str) -> list[str]:
        result = monitor("alerts", "list", *args)
        assert result.exit_code == 0, result.output
        return [line.split("\t")[0] for line in result.output.splitlines()]

    assert ids("--incident", "2") == ["alert#4", "alert#3", "alert#2"]
    assert ids("--status", "sent", "--channel", "pr-lead") == ["alert#2", "alert#1"]
    assert ids("--status", "failed") == ["ops#1"]
    assert ids("--limit", "2") == ["ops#1", "alert#4"]
    assert monitor("alerts", "list", "--status", "silenced").output == (
        "no alerts matching the filters\n"
    )
    result = monitor("alerts", "list", "--status", "lost")
    assert result.exit_code == 2 and "'lost' is not one of" in result.output


# --- monitor alerts ack ---------------------------------------------------------------


def test_ack_records_who_when_and_via_and_says_what_it_covers(monitor):
    result = monitor("alerts", "ack", "2", "--by", "Maria", "--note", "statement drafted")
    assert (result.exit_code, result.output) == (
        0,
        "incident 2 (Skyline Air) acknowledged by Maria at 2026-11-22 17:30 UTC; "
        "covers 2 alerts sent to pr-lead, ceo\n",
    )
    [ack] = acks_of(monitor.store, "incident:2")
    assert (ack["by"], ack["via"], ack["at"], ack["note"]) == (
        "Maria",
        "cli",
        NOW,
        "statement drafted",
    )
    assert ack["channel"] is None


def test_acknowledging_a_closed_incident_is_recorded_and_says_it_is_closed(monitor):
    result = monitor("alerts", "ack", "1", "--by", "Tom")
    assert (result.exit_code, result.output) == (
        0,
        "incident 1 (Acme) acknowledged by Tom at 2026-11-22 17:30 UTC; covers 1 alert "
        "sent to pr-lead; the incident is closed (since 2026-11-21 03:30 UTC)\n",
    )
    assert [a["by"] for a in acks_of(monitor.store, "incident:1")] == ["Tom"]


def test_ack_of_an_unknown_incident_or_without_a_name_is_refused(monitor):
    result = monitor("alerts", "ack", "99", "--by", "Maria")
    assert (result.exit_code, result.output) == (
        1,
        "Error: no incident 99: see 'monitor incidents list' for the ids\n",
    )
    assert acks_of(monitor.store, "incident:99") == []
    result = monitor("alerts", "ack", "2", "--by", "  ")
    assert (result.exit_code, result.output) == (
        1,
        "Error: say who acknowledges: every acknowledgement is recorded with a name\n",
    )
    result = monitor("alerts", "ack", "2")
    assert result.exit_code == 2 and "Missing option '--by'" in result.output
    assert acks_of(monitor.store, "incident:2") == []


def test_ack_of_an_incident_not_alerted_yet_says_so(monitor):
    quiet = save_incident(monitor.store, incident("Acme", "open", NOW - 5 * M))
    result = monitor("alerts", "ack", str(quiet.id), "--by", "Ana")
    assert result.output == (
        "incident 3 (Acme) acknowledged by Ana at 2026-11-22 17:30 UTC; "
        "no alert of it has been sent yet\n"
    )
    assert [a["by"] for a in acks_of(monitor.store, "incident:3")] == ["Ana"]


# --- monitor alerts silence -----------------------------------------------------------


def test_silence_records_its_matchers_reason_who_and_end(monitor):
    result = monitor(
        "alerts", "silence", "--brand", "skyline air", "--kind", "trending", "--kind", "safety",
        "--for", "4h", "--reason", "known baggage backlog", "--by", "Maria",
    )  # fmt: skip
    assert (result.exit_code, result.output) == (
        0,
        "silence 1: brand=Skyline Air; kind=trending,safety silenced by Maria "
        "until 2026-11-22 21:30 UTC\n",
    )
    [silence] = list_silences(monitor.store)
    assert silence["matchers"] == {"brand": ["Skyline Air"], "kind": ["trending", "safety"]}
    assert (silence["reason"], silence["created_by"]) == ("known baggage backlog", "Maria")
    assert (silence["starts_at"], silence["ends_at"]) == (NOW, NOW + timedelta(hours=4))


def test_silence_until_a_time_and_for_30_days_at_most(monitor):
    until = "2026-11-23T08:00Z"
    args = ("--reason", "maintenance", "--by", "Tom")
    result = monitor("alerts", "silence", "--channel", "OPS", "--until", until, *args)
    assert result.output == "silence 1: channel=ops silenced by Tom until 2026-11-23 08:00 UTC\n"
    result = monitor("alerts", "silence", "--severity", "warning", "--for", "30d", *args)
    assert result.exit_code == 0, result.output
    newest, first = list_silences(monitor.store)
    assert (first["matchers"], first["ends_at"]) == (
        {"channel": ["ops"]},
        datetime(2026, 11, 23, 8, tzinfo=UTC),
    )
    assert (newest["matchers"], newest["ends_at"]) == (
        {"severity": ["warning"]},
        NOW + timedelta(days=30),
    )


TOO_LONG = (
    "Error: silences longer than 30 days hide real crises: give --for 30d or less and set a "
    "new one if it is still needed, or change alerts.route so these alerts go where they "
    "belong\n"
)
REFUSED = [
    (
        ("--for", "1h"),
        "Error: a silence with no --brand/--kind/--severity/--channel would mute every alert: "
        "name what to silence\n",
    ),
    (
        ("--brand", "Acme Air", "--brand", "Acme", "--for", "1h"),
        "Error: --brand: no brand named 'Acme Air' in the configuration "
        "(known: Acme, Skyline Air)\n",
    ),
    (
        ("--channel", "sms", "--for", "1h"),
        "Error: --channel: no channel named 'sms' in the configuration (known: ceo, ops, "
        "pr-lead)\n",
    ),
    (
        ("--brand", "Acme"),
        "Error: say how long to silence: --for DURATION (e.g. 4h) or --until TIME, one of them\n",
    ),
    (
        ("--brand", "Acme", "--for", "1h", "--until", "2026-11-23"),
        "Error: say how long to silence: --for DURATION (e.g. 4h) or --until TIME, one of them\n",
    ),
    (("--brand", "Acme", "--for", "31d"), TOO_LONG),
    (("--brand", "Acme", "--until", "2027-01-01"), TOO_LONG),
    (
        ("--brand", "Acme", "--until", "2026-11-22T12:00Z"),
        "Error: --until 2026-11-22T12:00Z is in the past (now 2026-11-22 17:30 UTC): "
        "give a later time\n",
    ),
]


@pytest.mark.parametrize(("args", "error"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_silence_refusals_are_one_line_errors_that_store_nothing(monitor, args, error):
    result = monitor("alerts", "silence", *args, "--reason", "noise", "--by", "Tom")
    assert (result.exit_code, result.output) == (1, error)
    assert list_silences(monitor.store) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--kind", "rumour", "--for", "1h", "--reason", "x"), "'rumour' is not one of 'spike'"),
        (("--severity", "info", "--for", "1h", "--reason", "x"), "'info' is not one of 'warn"),
        (("--brand", "Acme", "--for", "soon", "--reason", "x"), "'soon' is not a duration"),
        (("--brand", "Acme", "--until", "someday", "--reason", "x"), "'someday' is not a date"),
        (("--brand", "Acme", "--for", "1h"), "Missing option '--reason'"),
    ],
)
def test_silence_values_it_cannot_read_exit_with_2(monitor, args, message):
    result = monitor("alerts", "silence", *args, "--by", "Tom")
    assert result.exit_code == 2 and message in result.output
    assert list_silences(monitor.store) == []


# --- monitor alerts silences / unsilence ----------------------------------------------


def test_silences_lists_those_in_force_or_all(monitor):
    assert monitor("alerts", "silences").output == "no silences in force\n"
    assert monitor("alerts", "silences", "--all").output == "no silences\n"
    args = ("--reason", "launch day", "--by", "Maria")
    monitor("alerts", "silence", "--brand", "Acme", "--for", "1h", *args)
    monitor("alerts", "silence", "--kind", "ops", "--severity", "warning", "--for", "1d", *args)
    monitor.now = NOW + timedelta(hours=2)  # the first has ended
    assert monitor("alerts", "silences").output.splitlines() == [
        "silence 2\tactive until 2026-11-23 17:30 UTC\tkind=ops; severity=warning\t"
        "by Maria: launch day",
    ]
    assert monitor("alerts", "silences", "--all").output.splitlines() == [
        "silence 2\tactive until 2026-11-23 17:30 UTC\tkind=ops; severity=warning\t"
        "by Maria: launch day",
        "silence 1\tended 2026-11-22 18:30 UTC\tbrand=Acme\tby Maria: launch day",
    ]
    monitor("alerts", "unsilence", "2", "--by", "Tom")
    assert monitor("alerts", "silences").output == (
        "no silences in force; 'monitor alerts silences --all' lists past ones\n"
    )


def test_unsilence_lifts_a_silence_and_records_who(monitor):
    monitor("alerts", "silence", "--brand", "Acme", "--for", "1h", "--reason", "x", "--by", "Ana")
    result = monitor("alerts", "unsilence", "1", "--by", "Tom")
    assert (result.exit_code, result.output) == (
        0,
        "silence 1 lifted by Tom at 2026-11-22 17:30 UTC\n",
    )
    [silence] = list_silences(monitor.store)
    assert (silence["expired_by"], silence["expired_at"]) == ("Tom", NOW)


def test_unsilence_refuses_unknown_lifted_and_ended_silences(monitor):
    args = ("--for", "1h", "--reason", "x", "--by", "Ana")
    monitor("alerts", "silence", "--brand", "Acme", *args)
    monitor("alerts", "silence", "--brand", "Skyline Air", *args)
    monitor("alerts", "unsilence", "1", "--by", "Tom")
    assert monitor("alerts", "unsilence", "7", "--by", "Tom").output == (
        "Error: no silence 7: see 'monitor alerts silences --all' for the ids\n"
    )
    result = monitor("alerts", "unsilence", "1", "--by", "Ana")
    assert (result.exit_code, result.output) == (
        1,
        "Error: silence 1 is no longer in force (lifted 2026-11-22 17:30 UTC by Tom): "
        "nothing to lift\n",
    )
    monitor.now = NOW + timedelta(hours=1)
    assert monitor("alerts", "unsilence", "2", "--by", "Ana").output == (
        "Error: silence 2 is no longer in force (ended 2026-11-22 18:30 UTC): nothing to lift\n"
    )
    first, second = sorted(list_silences(monitor.store), key=lambda s: s["id"])
    assert (first["expired_by"], second["expired_by"]) == ("Tom", None)


# --- docs/cli.md ----------------------------------------------------------------------


def alerts_examples() -> list[tuple[str, list[str]]]:
    """(command, printed lines) of every ``$ monitor alerts ...`` example, in order."""
    text = DOCS.read_text(encoding="utf-8")
    examples: list[tuple[str, list[str]]] = []
    for section in re.split(r"^## ", text, flags=re.MULTILINE):
        if not section.startswith("`monitor alerts"):
            continue
        for block in re.findall(r"^```console\n(.*?)^```", section, re.M | re.S):
            for line in block.splitlines():
                if line.startswith("$ "):
                    examples.append((line[2:], []))
                else:
                    examples[-1][1].append(line)
    return examples


def test_cli_md_examples_are_what_the_commands_print(monitor):
    """The examples in docs/cli.md, run in order on this test's outboxes at 17:30."""
    examples = alerts_examples()
    assert len(examples) >= 6
    for command, shown in examples:
        words = shlex.split(command)
        assert words[:2] == ["monitor", "alerts"], command
        result = monitor(*words[1:])
        assert result.output.splitlines() == shown, f"docs/cli.md: `{command}` is stale"
