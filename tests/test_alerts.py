"""Alerts reach every channel once per incident event, survive failures, and give up loudly."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from monitor.alerts import dispatch_alerts, queue_alerts
from monitor.detection import IncidentEvent
from monitor.models import Incident
from monitor.store import open_store
from monitor.store.alerts import list_alerts
from monitor.store.incidents import save_incident

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


class ScriptedWebhook:
    """A loopback webhook that answers the scripted status codes in turn (then 204)."""

    def __init__(self, codes: list[int]):
        self.codes = list(codes)
        self.bodies: list[dict] = []
        self.headers: list[dict] = []
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                hook.bodies.append(json.loads(body))
                hook.headers.append(dict(self.headers))
                self.send_response(hook.codes.pop(0) if hook.codes else 204)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def hooks():
    made: list[ScriptedWebhook] = []

    def make(codes):
        made.append(ScriptedWebhook(codes))
        return made[-1]

    yield make
    for hook in made:
        hook.close()


def incident(store, severity="warning") -> Incident:
    return save_incident(
        store,
        Incident(
            brand="Acme Air",
            kind="volume",
            status="open",
            severity=severity,
            opened_at=NOW,
            updated_at=NOW,
            began_at=NOW - timedelta(hours=1),
            observed=60,
            expected=4.0,
            score=6.2,
            peak_score=6.2,
            summary="Acme Air: 60 mentions in the last 1h ...",
            details={
                "top_terms": ["refund"],
                "samples": [
                    {
                        "id": 1,
                        "title": "Acme Air lost my bag",
                        "url": "https://x.example/1",
                        "sentiment": "negative",
                    }
                ],
            },
        ),
    )


def config_with(write_config, channels: str, max_attempts: int = 3):
    return write_config(f"""
database: sqlite:///monitor.db
alerts:
  dashboard_url: http://dash.example
  max_attempts: {max_attempts}
  channels:
{channels}
""")


def test_every_channel_gets_one_message_per_event(write_config, hooks, smtp_server):
    controller, mail = smtp_server
    generic, slack, teams = hooks([]), hooks([]), hooks([])
    config = config_with(
        write_config,
        f"""
    - {{name: hook, type: webhook, url: "{generic.url}"}}
    - {{name: slack, type: slack, url: "{slack.url}"}}
    - {{name: teams, type: teams, url: "{teams.url}"}}
    - {{name: mail, type: email, smtp_host: 127.0.0.1, smtp_port: {controller.port},
        sender: m@example.com, to: [ceo@example.com]}}
    - {{name: critical-only, type: webhook, url: "{generic.url}", min_severity: critical}}
    - {{name: ops, type: webhook, url: "{generic.url}", audience: ops}}
""",
    )
    store = open_store(config.database)
    event = IncidentEvent(incident(store), "opened", live=True)
    assert queue_alerts(config, store, [event], NOW) == 4
    assert queue_alerts(config, store, [event], NOW) == 0  # the same event again: nothing new
    report = dispatch_alerts(config, store, NOW)
    assert (report.sent, report.retrying, report.failed) == (4, 0, 0)
    assert dispatch_alerts(config, store, NOW + timedelta(minutes=5)).sent == 0

    assert len(generic.bodies) == 1
    assert generic.bodies[0]["type"] == "incident.opened"
    assert (
        generic.bodies[0]["link"] == f"http://dash.example/incidents?incident={event.incident.id}"
    )
    assert generic.headers[0]["Idempotency-Key"].startswith("crisis-monitor-alert-")
    assert slack.bodies[0]["text"].startswith(
        "[WARNING] Acme Air: public-opinion incident emerging"
    )
    check_slack(slack.bodies[0])
    check_teams(teams.bodies[0])
    [button] = slack.bodies[0]["blocks"][-1]["elements"]
    assert (button["text"]["text"], button["url"]) == (
        "Open the incident",
        generic.bodies[0]["link"],
    )
    card = teams.bodies[0]["attachments"][0]["content"]
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Open the incident", "url": generic.bodies[0]["link"]}
    ]
    assert card["body"][0]["text"] == "[WARNING] Acme Air: public-opinion incident emerging"
    assert len(mail.messages) == 1
    (plain,) = [p for p in mail.messages[0].walk() if p.get_content_type() == "text/plain"]
    body = plain.get_payload(decode=True).decode()
    assert "Acme Air lost my bag (https://x.example/1)" in body
    assert f"Open the incident: http://dash.example/incidents?incident={event.incident.id}" in body


def test_a_failing_channel_is_retried_with_backoff_then_delivered(write_config, hooks):
    flaky = hooks([500, 503])
    config = config_with(
        write_config, f'    - {{name: hook, type: webhook, url: "{flaky.url}"}}', max_attempts=5
    )
    store = open_store(config.database)
    queue_alerts(config, store, [IncidentEvent(incident(store), "opened", True)], NOW)
    first = dispatch_alerts(config, store, NOW)
    assert (first.sent, first.retrying) == (0, 1)
    assert first.errors == ["hook: the webhook answered HTTP 500 (will retry)"]
    assert dispatch_alerts(config, store, NOW).sent == 0  # not due yet: backoff
    second = dispatch_alerts(config, store, NOW + timedelta(minutes=2))
    assert second.errors == ["hook: the webhook answered HTTP 503 (will retry)"]
    third = dispatch_alerts(config, store, NOW + timedelta(hours=1))
    assert third.sent == 1
    (row,) = list_alerts(store)
    assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 3, None)
    assert len(flaky.bodies) == 3


def test_an_unreachable_channel_gives_up_after_max_attempts(write_config):
    config = config_with(
        write_config,
        "    - {name: hook, type: webhook, url: 'http://127.0.0.1:9/x'}",
        max_attempts=2,
    )
    store = open_store(config.database)
    queue_alerts(config, store, [IncidentEvent(incident(store), "opened", True)], NOW)
    dispatch_alerts(config, store, NOW)
    last = dispatch_alerts(config, store, NOW + timedelta(days=1))
    assert last.failed == 1
    assert last.errors[0].endswith("(gave up after 2 attempts)")
    (row,) = list_alerts(store)
    assert row["status"] == "failed"
    assert row["last_error"].startswith("hook: cannot reach the webhook (ConnectError")


def test_history_and_updates_do_not_alert(write_config, hooks):
    hook = hooks([])
    config = config_with(write_config, f'    - {{name: hook, type: webhook, url: "{hook.url}"}}')
    store = open_store(config.database)
    inc = incident(store)
    events = [IncidentEvent(inc, "opened", live=False), IncidentEvent(inc, "updated", live=True)]
    assert queue_alerts(config, store, events, NOW) == 0
    escalated = IncidentEvent(incident(store, "critical"), "escalated", live=True)
    assert queue_alerts(config, store, [escalated], NOW) == 1


def test_a_returning_storm_alerts_each_time_it_comes_back(write_config, hooks):
    hook = hooks([])
    config = config_with(write_config, f'    - {{name: hook, type: webhook, url: "{hook.url}"}}')
    store = open_store(config.database)
    first = incident(store)
    back = IncidentEvent(replace(first, updated_at=NOW + timedelta(hours=30)), "reopened", True)
    again = IncidentEvent(replace(first, updated_at=NOW + timedelta(hours=60)), "reopened", True)
    assert queue_alerts(config, store, [back], NOW + timedelta(hours=30)) == 1
    assert queue_alerts(config, store, [back], NOW + timedelta(hours=30)) == 0  # nothing new
    assert dispatch_alerts(config, store, NOW + timedelta(hours=30)).sent == 1
    assert queue_alerts(config, store, [again], NOW + timedelta(hours=60)) == 1  # again
    assert dispatch_alerts(config, store, NOW + timedelta(hours=60)).sent == 1
    assert [b["type"] for b in hook.bodies] == ["incident.reopened", "incident.reopened"]


def test_two_events_of_one_incident_pending_together_go_as_one_message(write_config, hooks):
    hook = hooks([])
    config = config_with(write_config, f'    - {{name: hook, type: webhook, url: "{hook.url}"}}')
    store = open_store(config.database)
    first = incident(store)
    critical = replace(first, severity="critical")
    queue_alerts(config, store, [IncidentEvent(first, "opened", True)], NOW)
    queue_alerts(config, store, [IncidentEvent(critical, "escalated", True)], NOW)
    assert dispatch_alerts(config, store, NOW).sent == 1
    [body] = hook.bodies
    assert body["type"] == "incident.escalated" and body["history"] == ["opened"]
    # the key names both rows: a resend that gained a row is not taken for a repeat
    key = hook.headers[0]["Idempotency-Key"]
    assert key.startswith("crisis-monitor-alert-1-group-") and len(key) == 41
    assert {a["status"] for a in list_alerts(store)} == {"sent"}


# The shapes Slack (Block Kit) and Microsoft Teams (Adaptive Cards 1.4 in a Workflows
# message) document, checked on what the receivers got.
SLACK_BLOCKS = {"header", "section", "context", "actions"}


def check_slack(body: dict) -> None:
    assert isinstance(body["text"], str) and body["text"]  # the notification fallback
    blocks = body["blocks"]
    assert 1 <= len(blocks) <= 50 and {b["type"] for b in blocks} <= SLACK_BLOCKS
    for block in blocks:
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text" and len(block["text"]["text"]) <= 150
        if block["type"] == "section":
            assert block["text"]["type"] == "mrkdwn" and len(block["text"]["text"]) <= 3000
        if block["type"] == "context":
            assert 1 <= len(block["elements"]) <= 10
        if block["type"] == "actions":
            for button in block["elements"]:
                assert button["type"] == "button" and len(button["text"]["text"]) <= 75
                assert len(button["url"]) <= 3000 and len(button["action_id"]) <= 255


def check_teams(body: dict) -> None:
    assert body["type"] == "message"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    assert {e["type"] for e in card["body"]} <= {"TextBlock", "FactSet"}
    for element in card["body"]:
        if element["type"] == "FactSet":
            assert all(set(f) == {"title", "value"} for f in element["facts"])
    assert all(a["type"] == "Action.OpenUrl" and a["url"] for a in card.get("actions", []))


def test_long_chat_messages_are_cut_to_the_documented_limits():
    from monitor.alerts.cards import slack_message, teams_message
    from monitor.alerts.message import ops_payload

    payload = ops_payload(
        "coverage", "opened", "x" * 5000, {"failing": ["a" * 300]}, "http://d.example", NOW
    )
    payload["brand"] = "B" * 400  # a fact longer than a header
    slack = slack_message(payload)
    check_slack(slack)
    assert slack["blocks"][1]["text"]["text"].endswith("\u2026")
    payload["summary"] = "refund <!channel> <http://evil.example|click> & more"
    said = slack_message(payload)["blocks"][1]["text"]["text"]
    assert "&lt;!channel&gt; &lt;http://evil.example|click&gt; &amp; more" in said
    assert "<" not in said
    check_teams(teams_message(payload))
