"""Chat messages: a Slack Block Kit message and a Microsoft Teams Adaptive Card.

Both carry the alert's subject, what it says, its facts and a button to open it on the
dashboard, within the limits the two services document: Slack's header text at most
150 characters, a section's text at most 3,000, a button's label 75 and its URL 3,000,
at most 50 blocks; Teams takes an Adaptive Card (version 1.4) as the one attachment
of a ``message`` posted to a Workflows webhook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from monitor.alerts.message import alert_notices, alert_subject, alert_text
from monitor.alerts.templates import Message, render_message

if TYPE_CHECKING:
    from monitor.alertsettings import Templates

__all__ = ["slack_message", "teams_message"]

HEADER_MAX = 150
SECTION_MAX = 3000
BUTTON_MAX = 75
URL_MAX = 3000
BLOCKS_MAX = 50
CARD_VERSION = "1.4"
# A group's alerts shown one by one: with the header, the group's own section, the
# facts and the buttons, within Slack's 50 blocks (the rest are counted, not shown).
GROUP_SHOWN = BLOCKS_MAX - 4
# Teams refuses a message over about 28 KB: a group's alerts stop at this much text.
TEAMS_TEXT_MAX = 20_000
PRIMARY = {"style": "primary"}  # the Acknowledge button


def slack_message(payload: dict[str, Any], templates: Templates | None = None) -> dict[str, Any]:
    """Block Kit: a header, the alert's text (a group: one section per alert), its
    facts, its buttons; ``text`` is the plain fallback that notifications show."""
    message = render_message(payload, templates)
    header = {"type": "plain_text", "text": _cut(message.subject, HEADER_MAX)}
    blocks: list[dict[str, Any]] = [{"type": "header", "text": header}]
    blocks += [_slack_section(text) for text in _sections(payload, message)]
    facts = _facts(payload)
    if facts:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    {"type": "mrkdwn", "text": f"*{k}:* {_escape(v)}"} for k, v in facts[:10]
                ],
            }
        )
    buttons = _buttons(payload)
    if buttons:
        critical = _alarming(payload)
        styles = {"open": {"style": "danger"} if critical else {}, "acknowledge": PRIMARY}
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": _cut(label, BUTTON_MAX)},
                        "url": url,
                        "action_id": action,
                        **styles[action.split("-")[0]],
                    }
                    for action, label, url in buttons
                ],
            }
        )
    return {"text": message.text, "blocks": blocks}


def teams_message(payload: dict[str, Any], templates: Templates | None = None) -> dict[str, Any]:
    """An Adaptive Card in a ``message``: the subject as a heading (red when
    critical), the text (a group: each alert under its own subject), the facts as a
    FactSet, and an OpenUrl action per button."""
    message = render_message(payload, templates)
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": message.subject,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
            **({"color": "Attention"} if _alarming(payload) else {}),
        }
    ]
    for heading, text in _parts(payload, message, room=TEAMS_TEXT_MAX):
        if heading:
            body.append(
                {
                    "type": "TextBlock",
                    "text": heading,
                    "weight": "Bolder",
                    "wrap": True,
                    "separator": True,
                }  # fmt: skip
            )
        body.append({"type": "TextBlock", "text": _cut(text, SECTION_MAX), "wrap": True})
    facts = _facts(payload)
    if facts:
        body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in facts]})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": body,
    }
    buttons = _buttons(payload)
    if buttons:
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": label, "url": url} for _, label, url in buttons
        ]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def _parts(
    payload: dict[str, Any], message: Message, room: int = BLOCKS_MAX * SECTION_MAX
) -> list[tuple[str | None, str]]:
    """What the message says below its header, as (heading, text) parts: one part, or
    for a group with the built-in text its own part then one per alert, as many as
    fit in ``GROUP_SHOWN`` parts and ``room`` characters."""
    if payload.get("type") != "group" or message.custom_text:
        return [(None, _body(payload, message))]
    alerts = payload["alerts"]
    own = "\n".join([*alert_notices(payload), payload["summary"]])
    parts: list[tuple[str | None, str]] = [(None, own)]
    room -= len(own)
    for i, alert in enumerate(alerts):
        heading = alert_subject(alert)
        text = _cut(_body(alert, Message(heading, alert_text(alert))), SECTION_MAX)
        last_slot = i == GROUP_SHOWN - 1 and len(alerts) > GROUP_SHOWN
        if last_slot or len(heading) + len(text) > room:
            more = len(alerts) - i
            parts.append((None, f"\u2026and {more} more: open the dashboard to see them all."))
            break
        parts.append((heading, text))
        room -= len(heading) + len(text)
    return parts


def _sections(payload: dict[str, Any], message: Message) -> list[str]:
    """Slack's section texts: a part's heading in bold above its text, both escaped."""
    return [
        (f"*{_escape(heading)}*\n" if heading else "") + _escape(text)
        for heading, text in _parts(payload, message)
    ]


def _slack_section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text, SECTION_MAX)}}


def _body(payload: dict[str, Any], message: Message) -> str:
    """The text below the heading: a user's text whole; the built-in text without its
    first line (the subject, shown as the heading)."""
    if message.custom_text:
        return message.text
    lines = message.text.split("\n")
    return "\n".join(lines[1:]).strip() or str(payload.get("summary", ""))


GROUP_ACK_BUTTONS = 5  # a group's alerts past these are acknowledged from their text links


def _alarming(payload: dict[str, Any]) -> bool:
    """Shown in red: critical, and not the notice that it is over."""
    over = str(payload.get("type", "")).endswith(".resolved")
    return payload.get("severity") == "critical" and not over


def _buttons(payload: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(action, label, URL): open the alert, and acknowledge it when it has a link for
    that; a group: open the dashboard, and one Acknowledge button per incident in it,
    each named, so no button acknowledges more than it says."""
    if payload.get("type") == "group" and payload.get("alerts"):
        buttons = []
        if payload.get("link") and len(payload["link"]) <= URL_MAX:
            buttons.append(("open", "Open the dashboard", payload["link"]))
        acks = [a for a in payload["alerts"] if a.get("ack_link")][:GROUP_ACK_BUTTONS]
        for n, alert in enumerate(acks):
            if len(alert["ack_link"]) <= URL_MAX:
                label = f"Acknowledge {alert.get('brand')} #{alert.get('incident_id')}"
                buttons.append((f"acknowledge-{n}", _cut(label, BUTTON_MAX), alert["ack_link"]))
        return buttons
    buttons = []
    link = payload.get("link")
    if link and len(link) <= URL_MAX:
        buttons.append(("open", _button(payload), link))
    ack = payload.get("ack_link")
    if ack and len(ack) <= URL_MAX:
        buttons.append(("acknowledge", "Acknowledge", ack))
    return buttons


def _facts(payload: dict[str, Any]) -> list[tuple[str, str]]:
    names = (("brand", "Brand"), ("severity", "Severity"), ("status", "Status"))
    return [(label, str(payload[key])) for key, label in names if payload.get(key)]


def _button(payload: dict[str, Any]) -> str:
    kind = str(payload.get("type", ""))
    if kind.startswith("incident."):
        return "Open the incident"
    if kind.startswith("complaint."):
        return "Open the complaint"
    if kind.startswith("report."):
        return "Open the report"
    return "Open the dashboard"


def _escape(text: str) -> str:
    """Slack mrkdwn: ``&``, ``<`` and ``>`` escaped, so a post's text cannot make links
    or mentions (``<!channel>``) of its own."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"
