"""Signed one-click acknowledge links.

A link carries what it acknowledges (the alert's subject, e.g. ``incident:12``), the
receiver it was sent to, and when it expires, signed with ``alerts.ack.secret``
(HMAC-SHA256). The dashboard records the acknowledgement when a browser opens it;
a link altered in any way, or past its expiry, is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

__all__ = ["AckClaim", "AckLinkError", "ack_link", "ack_token", "read_ack_token"]


class AckLinkError(ValueError):
    """The link is not one the monitor made, or it has expired."""


@dataclass(frozen=True)
class AckClaim:
    subject: str  # "incident:12"
    channel: str  # the receiver the link was sent to
    expires: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: str, body: bytes) -> str:
    return _b64(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest())


def ack_token(secret: str, subject: str, channel: str, expires: datetime) -> str:
    """``BODY.SIGNATURE``, both URL-safe base64."""
    body = f"{subject}\n{channel}\n{int(expires.timestamp())}".encode()
    return f"{_b64(body)}.{_mac(secret, body)}"


def read_ack_token(secret: str, token: str, now: datetime) -> AckClaim:
    """The claim of a token made by :func:`ack_token` with ``secret``; raises
    :class:`AckLinkError` when it was altered, made with another secret, or expired."""
    try:
        body_text, signature = token.strip().split(".")
        body = _unb64(body_text)
        subject, channel, stamp = body.decode("utf-8").split("\n")
        expires = datetime.fromtimestamp(int(stamp), UTC)
    except (ValueError, UnicodeDecodeError):
        damaged = "this acknowledge link is damaged: open the alert's link again"
        raise AckLinkError(damaged) from None
    if not hmac.compare_digest(signature, _mac(secret, body)):
        raise AckLinkError(
            "this acknowledge link was not made by this monitor (or its secret has changed)"
        )
    if now >= expires:
        raise AckLinkError(
            f"this acknowledge link expired at {expires:%Y-%m-%d %H:%M} UTC: acknowledge "
            "on the dashboard instead"
        )
    return AckClaim(subject, channel, expires)


def ack_link(
    dashboard_url: str,
    secret: str,
    subject: str,
    channel: str,
    now: datetime,
    valid: timedelta,
) -> str:
    """The dashboard address that acknowledges ``subject`` for ``channel`` in one click."""
    token = ack_token(secret, subject, channel, now + valid)
    return f"{dashboard_url.rstrip('/')}/acknowledge?token={quote(token)}"
