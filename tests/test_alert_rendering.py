"""What people read of an alert: the email's plain and HTML parts, chat messages with an
Acknowledge button, escalations, reminders, groups, resolved incidents, and the user's
templates (sandboxed, checked at load, failing loudly at send time).

Email goes to a real SMTP server on 127.0.0.1 (aiosmtpd); Slack and Teams messages to a
real loopback webhook.
"""

from __future__ import annotations

import json
import sys
import types
from datetime import UTC, datetime, timedelta
from email.message import Message
from html import escape

import pytest
from test_alert_channels import RawReceiver
from test_alerts import check_slack, check_teams

from monitor.alerts.cards import slack_message, teams_message
from monitor.alerts.channels import send_alert
from monitor.alerts.message import GROUP_RULE, alert_payload, alert_subject, alert_text
from monitor.alertsettings import Templates
from monitor.config import parse_config
from monitor.errors import AlertError, ConfigError
from monitor.models import Incident

OPENED = datetime(2026, 11, 23, 10, tzinfo=UTC)
DASH = "http://dash.example"
ACK = "http://dash.example/acknowledge?token=abc.def"


def incident_alert(brand: str = "Acme Air", severity: str = "warning", **extra) -> dict:
    """An incident's alert document, as the dispatcher sends it (plus ``extra`` keys)."""
    incident = Incident(
        brand=brand,
        kind="volume+negative",
        status="open",
        severity=severity,
        opened_at=OPENED,
        updated_at=OPENED,
        began_at=OPENED - timedelta(hours=1),
        observed=60,
        expected=4.0,
        score=6.2,
        peak_score=7.5,
        summary=f"{brand}: 60 mentions in the last 1h against about 4.0 expected",
        details={
            "samples": [
                {"id": 1, "title": f"{brand} lost my bag", "url": "https://x.example/1?a=1&b=2"}
            ]
        },
        id=12,
    )
    return {**alert_payload(incident, "opened", DASH), **extra}


def channels(*lines: str, templates: str = "") -> tuple[dict, Templates]:
    """The channels of a config with these channel lines (and templates), by name."""
    listed = "".join(f"\n    - {line}" for line in lines) or " []"
    config = parse_config(f"alerts:\n  dashboard_url: {DASH}\n  channels:{listed}\n{templates}")
    return {c.name: c for c in config.alerts.channels}, config.alerts.templates


def mail_line(port: int) -> str:
    return (
        f"{{name: mail, type: email, smtp_host: 127.0.0.1, smtp_port: {port}, "
        "sender: monitor@example.com, to: [ceo@example.com]}"
    )


def subject(message: Message) -> str:
    """An email's subject, unfolded (a long header is folded over lines on the wire)."""
    return " ".join(str(message["Subject"]).split())


def parts(message: Message) -> dict[str, str]:
    """The decoded text parts of a multipart/alternative email (lines end in CRLF on
    the wire: read back as ``\\n``), checking their order: plain text, then HTML."""
    types_ = [p.get_content_type() for p in message.walk()]
    assert types_ == ["multipart/alternative", "text/plain", "text/html"]
    return {
        p.get_content_type(): p.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n")
        for p in message.walk()
        if not p.is_multipart()
    }


@pytest.fixture
def receiver():
    server = RawReceiver()
    yield server
    server.close()


def received(receiver: RawReceiver) -> dict:
    ((_headers, body),) = receiver.requests
    return json.loads(body)


# --- email: plain text and HTML ------------------------------------------------------------


def test_an_incident_email_has_the_plain_text_then_an_escaped_html_page(smtp_server):
    controller, mail = smtp_server
    by_name, _ = channels(mail_line(controller.port))
    alert = incident_alert(brand="<script>alert(1)</script> Air", ack_link=ACK)
    alert["summary"] += " & see http://evil.example/phish"
    send_alert(by_name["mail"], alert, 7)

    (message,) = mail.messages
    assert subject(message) == alert_subject(alert)
    text, html = parts(message).values()
    assert text.rstrip("\n") == alert_text(alert)
    assert "Acknowledge: " + ACK in text.splitlines()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Air" in html
    assert "<script" not in html
    link = alert["link"]
    assert f'<a href="{escape(link)}"' in html and ">Open the incident</a>" in html
    assert f'<a href="{escape(ACK)}"' in html and ">Acknowledge</a>" in html
    assert '<a href="https://x.example/1?a=1&amp;b=2"' in html  # a sample's own address
    assert 'href="http://evil.example' not in html  # text from the web makes no link
    assert "&amp; see http://evil.example/phish" in html
    for external in ("<img", "<link", "<style", "<iframe", "src=", "javascript:"):
        assert external not in html


def test_without_an_acknowledge_link_there_is_no_acknowledge_button(smtp_server):
    controller, mail = smtp_server
    by_name, _ = channels(mail_line(controller.port))
    send_alert(by_name["mail"], incident_alert(), 8)
    text, html = parts(mail.messages[0]).values()
    assert "Acknowledge" not in text and "Acknowledge" not in html
    assert ">Open the incident</a>" in html


def test_a_complaint_email_is_multipart_too(smtp_server):
    controller, mail = smtp_server
    by_name, _ = channels(mail_line(controller.port))
    complaint = {
        "type": "complaint.assigned",
        "external_id": "ZD-1",
        "brand": "Acme Air",
        "owner": "Ana",
        "tier": "agent",
        "priority": "normal",
        "safety": False,
        "previous_tier": None,
        "breached": False,
        "severity": "warning",
        "due": "2026-11-23T11:00:00+00:00",
        "text": "Lost <bag>",
        "summary": "Lost <bag>",
        "samples": [],
        "link": f"{DASH}/complaints?complaint=3",
        "ack_link": ACK,
    }
    send_alert(by_name["mail"], complaint, 9)
    text, html = parts(mail.messages[0]).values()
    assert text.rstrip("\n").endswith(
        f"Open the complaint: {complaint['link']}\nAcknowledge: {ACK}"
    )
    assert "\u201cLost &lt;bag&gt;\u201d" in html and ">Open the complaint</a>" in html


# --- escalations, reminders, merged events -------------------------------------------------

ESCALATION = {
    "step": 1,
    "of": 2,
    "unacknowledged_for": "30 min",
    "first_sent_to": "pr-lead",
    "first_sent_at": "2026-11-23T10:00:00+00:00",
}


def test_an_escalation_says_who_had_it_and_since_when():
    alert = incident_alert(severity="critical", escalation=ESCALATION, ack_link=ACK)
    subject = "[UNACKNOWLEDGED 30 min] [CRITICAL] Acme Air: public-opinion incident emerging"
    assert alert_subject(alert) == subject
    assert alert_text(alert).split("\n")[:4] == [
        subject,
        "",
        "Nobody has acknowledged this alert since it went to pr-lead at 2026-11-23 10:00 UTC; "
        "you are next in the chain (1 of 2).",
        "",
    ]
    assert alert_text(alert).endswith(f"Open the incident: {alert['link']}\nAcknowledge: {ACK}")


def test_a_reminder_and_the_events_merged_into_one_message():
    alert = incident_alert(reminder={"open_for": "4 h"}, history=["opened", "escalated"])
    assert alert_subject(alert) == (
        "[REMINDER] [WARNING] Acme Air: public-opinion incident emerging"
    )
    lines = alert_text(alert).split("\n")
    assert lines[2:5] == [
        "Still open and unacknowledged after 4 h.",
        "Since the last message: opened, escalated to critical.",
        "",
    ]
    assert lines[5] == alert["summary"]


def test_a_resolved_incident_says_how_long_it_lasted():
    incident = Incident(
        brand="Acme Air",
        kind="volume",
        status="closed",
        severity="critical",
        opened_at=OPENED,
        updated_at=OPENED,
        began_at=OPENED,
        observed=3,
        expected=4.0,
        score=0.4,
        peak_score=9.25,
        closed_at=OPENED + timedelta(hours=5, minutes=20),
        summary="Acme Air: back to 3 mentions an hour",
        id=12,
    )
    alert = alert_payload(incident, "resolved", DASH)
    assert (alert["type"], alert["duration"]) == ("incident.resolved", "5 h 20 min")
    assert alert_subject(alert) == (
        "[RESOLVED] Acme Air: public-opinion incident over after 5 h 20 min"
    )
    assert alert_text(alert) == (
        "[RESOLVED] Acme Air: public-opinion incident over after 5 h 20 min\n\n"
        "Acme Air: back to 3 mentions an hour\n\n"
        "Opened 2026-11-23 10:00 UTC, closed 2026-11-23 15:20 UTC.\n"
        "Peak score: 9.25.\n\n"
        f"Open the incident: {DASH}/incidents?incident=12"
    )


# --- groups --------------------------------------------------------------------------------


def group(alerts: list[dict], brand: str | None = "Acme Air", severity="critical") -> dict:
    summary = f"{len(alerts)} alerts" + (f" for {brand}" if brand else "")
    return {
        "type": "group",
        "severity": severity,
        "brand": brand,
        "status": "open",
        "summary": summary,
        "alerts": alerts,
        "link": f"{DASH}/incidents",
        "samples": [],
    }


def test_a_group_lists_each_alert_under_one_subject():
    first = incident_alert(severity="critical", ack_link=ACK)
    second = incident_alert(reminder={"open_for": "4 h"})
    third = {**incident_alert(), "brand": "Other"}
    grouped = group([first, second, third])
    assert alert_subject(grouped) == "[CRITICAL] Acme Air: 3 alerts"
    assert alert_subject(group([first, third], brand=None, severity="warning")) == (
        "[WARNING] 2 alerts"
    )
    head, *each = alert_text(grouped).split(f"\n\n{GROUP_RULE}\n\n")
    assert head == (
        f"[CRITICAL] Acme Air: 3 alerts\n\n3 alerts for Acme Air\n\n"
        f"Open the dashboard: {DASH}/incidents"
    )
    assert each == [alert_text(first), alert_text(second), alert_text(third)]


def test_a_group_in_slack_and_teams_keeps_to_the_limits():
    alerts = [{**incident_alert(ack_link=f"{ACK}{i}"), "incident_id": i + 1} for i in range(60)]
    slack = slack_message(group(alerts))
    check_slack(slack)
    blocks = slack["blocks"]
    assert len(blocks) == 50
    assert blocks[0]["text"]["text"] == "[CRITICAL] Acme Air: 60 alerts"
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert sections[0] == "60 alerts for Acme Air"
    assert sections[1].startswith(f"*{alert_subject(alerts[0])}*\n")
    assert sections[-1] == "\u2026and 15 more: open the dashboard to see them all."
    # the dashboard, then one named Acknowledge per alert (the first five; the others
    # are acknowledged from the link under each in the text)
    open_, *acks = blocks[-1]["elements"]
    assert (open_["text"]["text"], open_["url"]) == ("Open the dashboard", f"{DASH}/incidents")
    assert [(a["text"]["text"], a["url"], a["style"]) for a in acks] == [
        (f"Acknowledge Acme Air #{i + 1}", f"{ACK}{i}", "primary") for i in range(5)
    ]

    teams = teams_message(group(alerts))
    check_teams(teams)
    assert len(json.dumps(teams)) < 28_000  # what a Workflows webhook accepts


def test_a_webhook_receives_the_group_document_as_it_is(receiver):
    by_name, templates = channels(
        f'{{name: hook, type: webhook, url: "{receiver.url}"}}',
        templates='  templates: {subject: "{{ summary }}"}\n',
    )
    grouped = group([incident_alert(), incident_alert(ack_link=ACK)])
    send_alert(by_name["hook"], grouped, 3, templates)
    assert received(receiver) == grouped


# --- Slack and Teams -----------------------------------------------------------------------


def test_slack_and_teams_carry_an_acknowledge_button(receiver):
    by_name, _ = channels(
        f'{{name: slack, type: slack, url: "{receiver.url}"}}',
        f'{{name: teams, type: teams, url: "{receiver.url}"}}',
    )
    alert = incident_alert(severity="critical", ack_link=ACK, escalation=ESCALATION)
    send_alert(by_name["slack"], alert, 1)
    send_alert(by_name["teams"], alert, 2)
    slack, teams = (json.loads(body) for _, body in receiver.requests)
    check_slack(slack)
    check_teams(teams)
    header = slack["blocks"][0]["text"]["text"]
    assert header.startswith("[UNACKNOWLEDGED 30 min] [CRITICAL] Acme Air")
    assert slack["blocks"][1]["text"]["text"].startswith("Nobody has acknowledged this alert")
    buttons = [
        (b["text"]["text"], b["url"], b.get("style")) for b in slack["blocks"][-1]["elements"]
    ]
    assert buttons == [
        ("Open the incident", alert["link"], "danger"),
        ("Acknowledge", ACK, "primary"),
    ]
    card = teams["attachments"][0]["content"]
    assert card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Open the incident", "url": alert["link"]},
        {"type": "Action.OpenUrl", "title": "Acknowledge", "url": ACK},
    ]


# --- the user's templates ------------------------------------------------------------------

TEMPLATES = """  templates:
    subject: "{{ brand }} needs you ({{ severity }})"
    text: |
      {{ summary }}
      {% if ack_link %}Acknowledge here: {{ ack_link }}{% endif %}
      Details: {{ link }}
    html: '<p>{{ summary }}</p>{% if ack_link %}<a href="{{ ack_link }}">Ack</a>{% endif %}'
"""


def test_user_templates_shape_the_email_and_the_slack_message(smtp_server, receiver):
    controller, mail = smtp_server
    by_name, templates = channels(
        mail_line(controller.port),
        f'{{name: slack, type: slack, url: "{receiver.url}"}}',
        templates=TEMPLATES,
    )
    alert = incident_alert(brand="Acme <Air>", ack_link=ACK)
    send_alert(by_name["mail"], alert, 4, templates)
    send_alert(by_name["slack"], alert, 5, templates)

    (message,) = mail.messages
    assert subject(message) == "Acme <Air> needs you (warning)"
    text, html = parts(message).values()
    assert text.rstrip("\n") == (
        f"{alert['summary']}\nAcknowledge here: {ACK}\nDetails: {alert['link']}"
    )
    assert html.rstrip("\n") == (
        "<p>Acme &lt;Air&gt;: 60 mentions in the last 1h against about 4.0 expected</p>"
        f'<a href="{escape(ACK)}">Ack</a>'
    )
    slack = received(receiver)
    check_slack(slack)
    assert slack["blocks"][0]["text"]["text"] == "Acme <Air> needs you (warning)"
    assert slack["blocks"][1]["text"]["text"] == escape(text.rstrip("\n"), quote=False)
    assert slack["text"] == text.rstrip("\n")


def test_a_template_can_wrap_the_built_in_wording(smtp_server):
    controller, mail = smtp_server
    by_name, templates = channels(
        mail_line(controller.port),
        templates=(
            '  templates:\n    subject: "PR desk: {{ default_subject }}"\n'
            '    text: "{{ default_text }}\\n\\nReply-to: pr@example.com"\n'
        ),
    )
    alert = incident_alert()
    send_alert(by_name["mail"], alert, 6, templates)
    (message,) = mail.messages
    assert subject(message) == "PR desk: " + alert_subject(alert)
    text, html = parts(message).values()
    assert text.rstrip("\n") == alert_text(alert) + "\n\nReply-to: pr@example.com"
    assert "Reply-to: pr@example.com" in html  # no HTML template: the page shows the text


@pytest.mark.parametrize(
    ("templates", "problem"),
    [
        ('    text: "Hello\\n{{ brand }"\n', "line 4: alerts.templates.text: text template, "
         "line 2: unexpected '}'"),
        ("    subject: |\n      ok\n      {% if brand %}\n", "line 4: alerts.templates.subject: "
         "subject template, line 2: Unexpected end of template. Jinja was looking for the "
         "following tags: 'elif' or 'else' or 'endif'. The innermost block that needs to be "
         "closed is 'if'."),
        ("    html: '{{ summary | shout }}'\n", "line 4: alerts.templates.html: html template, "
         "line 1: No filter named 'shout'."),
    ],
)  # fmt: skip
def test_a_template_that_does_not_compile_is_refused_at_load(templates, problem):
    with pytest.raises(ConfigError) as err:
        parse_config(f"alerts:\n  channels: []\n  templates:\n{templates}")
    assert err.value.problems == [problem]


@pytest.mark.parametrize(
    ("template", "reason"),
    [
        ('text: "{{ brand }}\\n{{ brnad }}"', "text template, line 2: 'brnad' is undefined"),
        ("subject: \"{{ ''.__class__.__mro__ }}\"",
         "subject template, line 1: access to attribute '__class__' of 'str' object is unsafe."),
        ("subject: \"{{ cycler.__init__.__globals__ }}\"",
         "subject template, line 1: access to attribute '__init__' of 'type' object is unsafe."),
        ('html: "{{ observed / 0 }}"', "html template, line 1: ZeroDivisionError: division by "
         "zero"),
    ],
)  # fmt: skip
def test_a_template_that_fails_at_send_time_is_an_alert_error(smtp_server, template, reason):
    controller, mail = smtp_server
    by_name, templates = channels(
        mail_line(controller.port), templates=f"  templates: {{{template}}}\n"
    )
    with pytest.raises(AlertError) as err:
        send_alert(by_name["mail"], incident_alert(), 10, templates)
    assert str(err.value) == f"mail: {reason}"
    assert mail.messages == []  # nothing half-rendered went out


def test_a_failing_template_sends_nothing_to_slack(receiver):
    by_name, templates = channels(
        f'{{name: slack, type: slack, url: "{receiver.url}"}}',
        templates='  templates: {text: "{{ ack_link.upper() }}"}\n',
    )
    with pytest.raises(AlertError) as err:
        send_alert(by_name["slack"], incident_alert(), 11, templates)
    assert str(err.value) == ("slack: text template, line 1: 'None' has no attribute 'upper'")
    assert receiver.requests == []


def test_a_report_is_not_templated():
    _, templates = channels(templates='  templates: {subject: "{{ brand }}"}\n')
    report = {
        "type": "report.weekly",
        "title": "Customer-service report",
        "summary": "12 complaints",
        "link": f"{DASH}/report?id=1",
    }
    assert slack_message(report, templates)["blocks"][0]["text"]["text"] == report["title"]


def test_digests_are_worded_by_the_digest_module(monkeypatch):
    digest = types.ModuleType("monitor.alerts.digest_text")
    digest.digest_subject = lambda payload: f"Daily brief: {payload['day']}"
    digest.digest_text = lambda payload: f"Daily brief: {payload['day']}\n\nAll calm."
    monkeypatch.setitem(sys.modules, "monitor.alerts.digest_text", digest)
    brief = {"type": "digest.daily", "day": "2026-11-23"}
    assert alert_subject(brief) == "Daily brief: 2026-11-23"
    assert alert_text(brief) == "Daily brief: 2026-11-23\n\nAll calm."


def test_a_resolved_notice_is_not_shown_in_alarm_red():
    critical = incident_alert(severity="critical")
    over = {**critical, "type": "incident.resolved", "closed_at": OPENED.isoformat(),
            "duration": "5 h", "status": "closed"}  # fmt: skip

    def red(message: dict) -> bool:
        return "danger" in json.dumps(message) or "Attention" in json.dumps(message)

    assert red(slack_message(critical)) and red(teams_message(critical))
    assert not red(slack_message(over)) and not red(teams_message(over))
