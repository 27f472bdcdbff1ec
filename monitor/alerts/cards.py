"""Chat messages: a Slack Block Kit message and a Microsoft Teams Adaptive Card.

Both carry the alert's subject, what it says, its facts and a button to open it on the
dashboard, within the limits the two services document: Slack's header text at most
150 characters, a section's text at most 3,000, a button's label 75 and its URL 3,000,
at most 50 blocks; Teams takes an Adaptive Card (version 1.4) as the one attachment
of a ``message`` posted to a Workflows webhook.
"""

from __future__ import annotations

from typing import Any

from monitor.alerts.message import alert_subject, alert_text

__all__ = ["slack_message", "teams_message"]

HEADER_MAX = 150
SECTION_MAX = 3000
BUTTON_MAX = 75
URL_MAX = 3000
CARD_VERSION = "1.4"


def slack_message(payload: dict[str, Any]) -> dict[str, Any]:
    """Block Kit: a header, the alert's text, its facts, a button; ``text`` is the
    plain fallback that notifications and old clients show."""
    subject = alert_subject(payload)
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": _cut(subject, HEADER_MAX)}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": _cut(_escape(_body(payload)), SECTION_MAX)},
        },
    ]
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
    link = payload.get("link")
    if link and len(link) <= URL_MAX:
        blocks.append(
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": _cut(_button(payload), BUTTON_MAX)},
                        "url": link,
                        "action_id": "open",
                        **({"style": "danger"} if payload.get("severity") == "critical" else {}),
                    }
                ],
            }
        )
    return {"text": alert_text(payload), "blocks": blocks}


def teams_message(payload: dict[str, Any]) -> dict[str, Any]:
    """An Adaptive Card in a ``message``: the subject as a heading (red when
    critical), the text, the facts as a FactSet, and an OpenUrl action."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": alert_subject(payload),
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
            **({"color": "Attention"} if payload.get("severity") == "critical" else {}),
        },
        {"type": "TextBlock", "text": _body(payload), "wrap": True},
    ]
    facts = _facts(payload)
    if facts:
        body.append({"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in facts]})
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": CARD_VERSION,
        "body": body,
    }
    if payload.get("link"):
        card["actions"] = [
            {"type": "Action.OpenUrl", "title": _button(payload), "url": payload["link"]}
        ]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def _body(payload: dict[str, Any]) -> str:
    """The alert's text without its first line (the subject, shown as the heading)."""
    lines = alert_text(payload).split("\n")
    return "\n".join(lines[1:]).strip() or str(payload.get("summary", ""))


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
