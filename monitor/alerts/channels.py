"""Alert channels: generic JSON webhook, Slack, Microsoft Teams, email over SMTP.

Each ``send`` raises :class:`monitor.errors.AlertError` with a one-line reason;
the dispatcher keeps the alert queued and retries it.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Any

import httpx

from monitor.alerts.message import alert_subject, alert_text
from monitor.config import EmailChannel, WebhookChannel
from monitor.errors import AlertError

__all__ = ["send_alert"]


def send_alert(
    channel: WebhookChannel | EmailChannel, payload: dict[str, Any], alert_id: int | str
) -> None:
    """Deliver one alert through one channel, or raise AlertError."""
    if isinstance(channel, EmailChannel):
        _send_email(channel, payload, alert_id)
    else:
        _send_webhook(channel, payload, alert_id)


def _webhook_body(channel: WebhookChannel, payload: dict[str, Any]) -> dict[str, Any]:
    if channel.type == "slack":
        return {"text": alert_text(payload)}
    if channel.type == "teams":
        return {
            "@type": "MessageCard",
            "@context": "https://schema.org/extensions",
            "summary": alert_subject(payload),
            "themeColor": "D70000" if payload["severity"] == "critical" else "FFA500",
            "title": alert_subject(payload),
            "text": payload["summary"],
            "potentialAction": [
                {
                    "@type": "OpenUri",
                    "name": "Open the incident"
                    if "incident_id" in payload
                    else "Open the dashboard",
                    "targets": [{"os": "default", "uri": payload["link"]}],
                }
            ],
        }
    return payload


def _send_webhook(channel: WebhookChannel, payload: dict[str, Any], alert_id: int | str) -> None:
    headers = {"Idempotency-Key": f"crisis-monitor-alert-{alert_id}"}
    try:
        response = httpx.post(
            channel.url,
            json=_webhook_body(channel, payload),
            headers=headers,
            timeout=channel.timeout.total_seconds(),
        )
    except httpx.HTTPError as exc:
        raise AlertError(
            f"{channel.name}: cannot reach the webhook ({type(exc).__name__}: {exc})"
        ) from None
    if response.status_code >= 300:
        raise AlertError(f"{channel.name}: the webhook answered HTTP {response.status_code}")


def _send_email(channel: EmailChannel, payload: dict[str, Any], alert_id: int | str) -> None:
    message = EmailMessage()
    message["Subject"] = alert_subject(payload)
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.to)
    message["X-Crisis-Monitor-Alert"] = str(alert_id)
    if payload["type"].startswith("report."):  # the report itself: HTML, Markdown as text
        message.set_content(payload["markdown"])
        message.add_alternative(payload["html"], subtype="html")
    else:
        message.set_content(alert_text(payload))
    timeout = channel.timeout.total_seconds()
    try:
        if channel.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(
                channel.smtp_host,
                channel.smtp_port,
                timeout=timeout,
                context=ssl.create_default_context(),
            )
        else:
            client = smtplib.SMTP(channel.smtp_host, channel.smtp_port, timeout=timeout)
        with client:
            if channel.security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if channel.username:
                client.login(channel.username, channel.password or "")
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise AlertError(
            f"{channel.name}: SMTP delivery to {channel.smtp_host}:{channel.smtp_port} "
            f"failed ({type(exc).__name__}: {exc})"
        ) from None
