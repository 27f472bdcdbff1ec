"""Alert channels: generic JSON webhook, Slack, Microsoft Teams, email over SMTP, and a
command hook (a program that reads the alert on stdin).

Each ``send`` raises :class:`monitor.errors.AlertError` with a one-line reason;
the dispatcher keeps the alert queued and retries it. The user's templates
(``alerts.templates``) shape what people read: an email (subject, plain part, HTML
part) and a Slack or Teams message. Webhooks and command hooks get the alert's JSON
document as it is.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import signal
import smtplib
import ssl
import subprocess
import time
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import httpx

from monitor.alerts.cards import slack_message, teams_message
from monitor.alerts.templates import TemplateRenderError, render_html, render_message
from monitor.alertsettings import Templates
from monitor.config import CommandChannel, EmailChannel, WebhookChannel
from monitor.durations import format_duration
from monitor.errors import AlertError

__all__ = ["send_alert", "webhook_signature"]


def send_alert(
    channel: WebhookChannel | EmailChannel | CommandChannel,
    payload: dict[str, Any],
    alert_id: int | str,
    templates: Templates | None = None,
) -> None:
    """Deliver one alert through one channel, or raise AlertError (a template that
    cannot be rendered too: nothing is sent then)."""
    if isinstance(channel, CommandChannel):
        _run_command(channel, payload, alert_id)
    elif isinstance(channel, EmailChannel):
        with _rendering(channel):
            message = _email(channel, payload, alert_id, templates)
        _send_email(channel, message)
    else:
        with _rendering(channel):
            body = _webhook_body(channel, payload, templates)
        _send_webhook(channel, body, alert_id)


@contextlib.contextmanager
def _rendering(channel: WebhookChannel | EmailChannel) -> Iterator[None]:
    """A template that fails on this alert: the channel's AlertError, nothing sent."""
    try:
        yield
    except TemplateRenderError as exc:
        raise AlertError(f"{channel.name}: {exc}") from None


def _idempotency_key(alert_id: int | str) -> str:
    return f"crisis-monitor-alert-{alert_id}"


def webhook_signature(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=`` + the hex HMAC-SHA256, keyed by ``secret``, of ``timestamp.body``."""
    signed = timestamp.encode("ascii") + b"." + body
    return "sha256=" + hmac.new(secret.encode("utf-8"), signed, hashlib.sha256).hexdigest()


def _webhook_body(
    channel: WebhookChannel, payload: dict[str, Any], templates: Templates | None
) -> dict[str, Any]:
    if channel.type == "slack":
        return slack_message(payload, templates)
    if channel.type == "teams":
        return teams_message(payload, templates)
    return payload


def _send_webhook(channel: WebhookChannel, document: dict[str, Any], alert_id: int | str) -> None:
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    headers = {
        "Content-Type": "application/json",
        "Idempotency-Key": _idempotency_key(alert_id),
    }
    if channel.secret:
        timestamp = str(int(time.time()))  # the send time: a receiver refuses stale requests
        headers["X-Monitor-Timestamp"] = timestamp
        headers["X-Monitor-Signature"] = webhook_signature(channel.secret, timestamp, body)
    try:
        response = httpx.post(
            channel.url,
            content=body,
            headers=headers,
            timeout=channel.timeout.total_seconds(),
        )
    except httpx.HTTPError as exc:
        raise AlertError(
            f"{channel.name}: cannot reach the webhook ({type(exc).__name__}: {exc})"
        ) from None
    if response.status_code >= 300:
        raise AlertError(f"{channel.name}: the webhook answered HTTP {response.status_code}")


def _run_command(channel: CommandChannel, payload: dict[str, Any], alert_id: int | str) -> None:
    """Run the hook with the alert's JSON on stdin; exit code 0 is delivered."""
    program = channel.command[0]
    env = {
        **os.environ,
        "MONITOR_ALERT_TYPE": str(payload["type"]),
        "MONITOR_IDEMPOTENCY_KEY": _idempotency_key(alert_id),
    }
    try:
        process = subprocess.Popen(
            channel.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,  # its own process group: a timeout kills its children too
        )
    except OSError as exc:
        raise AlertError(
            f"{channel.name}: cannot run {program} ({type(exc).__name__}: {exc.strerror or exc})"
        ) from None
    document = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    try:
        _, stderr = process.communicate(document, timeout=channel.timeout.total_seconds())
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        for pipe in (process.stdin, process.stderr):  # not read to the end: a process
            with contextlib.suppress(OSError):  # that left the group may still hold them
                pipe.close()
        raise AlertError(
            f"{channel.name}: {program} did not finish within "
            f"{format_duration(channel.timeout)} and was killed"
        ) from None
    if process.returncode == 0:
        return
    lines = stderr.decode("utf-8", "replace").strip().splitlines()
    last = f": {lines[-1].strip()[:300]}" if lines else " (nothing on stderr)"
    if process.returncode < 0:
        raise AlertError(
            f"{channel.name}: {program} was killed by signal {-process.returncode}{last}"
        )
    raise AlertError(f"{channel.name}: {program} exited with code {process.returncode}{last}")


def _email(
    channel: EmailChannel,
    payload: dict[str, Any],
    alert_id: int | str,
    templates: Templates | None,
) -> EmailMessage:
    """multipart/alternative: the plain text first, then the HTML page."""
    rendered = render_message(payload, templates)
    message = EmailMessage()
    message["Subject"] = rendered.subject
    message["From"] = channel.sender
    message["To"] = ", ".join(channel.to)
    message["X-Crisis-Monitor-Alert"] = str(alert_id)
    if payload["type"].startswith("report."):  # the report itself: HTML, Markdown as text
        message.set_content(payload["markdown"])
        message.add_alternative(payload["html"], subtype="html")
    else:
        message.set_content(rendered.text)
        message.add_alternative(render_html(payload, rendered, templates), subtype="html")
    return message


def _send_email(channel: EmailChannel, message: EmailMessage) -> None:
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
