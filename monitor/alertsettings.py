"""``alerts:`` in sources.yaml: the channels, the routing tree, acknowledgement, hygiene.

A channel is a receiver: somewhere an alert goes (an email list, a Slack channel...),
with its audience, its quiet hours and its digest. The routing tree says which
receivers hear which alert, how alerts are grouped and repeated, and whom an
unacknowledged alert escalates to (``monitor.alerts.routing`` walks it).
"""

from __future__ import annotations

import re
from datetime import time, timedelta
from functools import partial
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jinja2 import TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BeforeValidator, Field, ValidationInfo, field_validator, model_validator

from monitor.durations import parse_duration
from monitor.settingsbase import Duration
from monitor.settingsbase import SettingsModel as _Model

__all__ = [
    "KINDS",
    "SEVERITIES",
    "AckSettings",
    "AlertSettings",
    "Channel",
    "CommandChannel",
    "EmailChannel",
    "InhibitRule",
    "Match",
    "QuietHours",
    "Route",
    "Templates",
    "WebhookChannel",
]

# What an alert is about, for routing, silences and inhibition:
KINDS = (
    "spike",  # mentions surge: volume, reach, one source or language
    "negativity",  # negative posts surge, or the share of them shifts
    "safety",  # safety-critical posts or complaints (injury, fire, death...)
    "complaints",  # complaint posts surge
    "trending",  # a complaint record has gone public
    "sla_breach",  # a complaint past its SLA at the top tier
    "ops",  # the monitor itself: sources failing or silent, channels failing
)
SEVERITIES = ("warning", "critical")
Kind = Literal[KINDS]  # type: ignore[valid-type]
Severity = Literal["warning", "critical"]
Pause = Annotated[timedelta, BeforeValidator(partial(parse_duration, allow_zero=True))]
_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def _as_list(value: Any) -> Any:
    """``brand: Acme`` means ``brand: [Acme]``."""
    return [value] if isinstance(value, str) else value


def _clock(value: Any) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, int) and 0 <= value < 24 * 60:  # YAML reads 22:00 as 1320 minutes
        return time(value // 60, value % 60)
    match = _CLOCK.match(str(value).strip())
    if not match:
        raise ValueError(f'{value!r} is not a time of day: write it as HH:MM, e.g. "22:00"')
    return time(int(match.group(1)), int(match.group(2)))


Clock = Annotated[time, BeforeValidator(_clock)]


def _zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r}: use an IANA name such as UTC, Europe/London, "
            "Asia/Shanghai"
        ) from None
    return value


class Match(_Model):
    """Which alerts a route, silence or inhibition rule applies to: every key given must
    match (a list matches any of its values); no keys match every alert."""

    brand: Annotated[list[str], BeforeValidator(_as_list)] = Field(default_factory=list)
    severity: Annotated[list[Severity], BeforeValidator(_as_list)] = Field(default_factory=list)
    kind: Annotated[list[Kind], BeforeValidator(_as_list)] = Field(default_factory=list)

    def matches(self, brand: str | None, severity: str, kinds: tuple[str, ...]) -> bool:
        if self.brand and brand not in self.brand:
            return False
        if self.severity and severity not in self.severity:
            return False
        return not self.kind or any(k in self.kind for k in kinds)


class EscalateAfter(_Model):
    """How long an alert may go unacknowledged before it escalates, per severity."""

    warning: Duration = timedelta(hours=2)
    critical: Duration = timedelta(minutes=30)


class Route(_Model):
    """A node of the routing tree. Settings left out are inherited from the parent."""

    match: Match = Match()
    receivers: list[str] | None = Field(None, description="channel names; none: the parent's")
    continue_: bool = Field(False, alias="continue")
    group_by: list[Literal["brand", "kind", "severity"]] | None = None
    group_wait: Pause | None = None
    group_interval: Pause | None = None
    repeat_interval: Duration | None = None
    send_resolved: bool | None = None
    escalate_to: list[str] | None = None
    escalate_after: EscalateAfter | None = None
    routes: list[Route] = Field(default_factory=list)

    model_config = {**_Model.model_config, "populate_by_name": True}

    @field_validator("receivers", "escalate_to")
    @classmethod
    def _known_receivers(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        names = (info.context or {}).get("channels")
        if value is None or names is None:
            return value
        unknown = [n for n in value if n not in names]
        if unknown:
            known = ", ".join(sorted(names)) or "none configured"
            raise ValueError(
                f"{', '.join(unknown)}: not in alerts.channels ({known}); name a channel there"
            )
        return value


class InhibitRule(_Model):
    """While an incident matching ``source`` is open, alerts matching ``target`` that
    share the ``equal`` labels are not sent (they are recorded as inhibited)."""

    source: Match
    target: Match
    equal: list[Literal["brand"]] = Field(default_factory=lambda: ["brand"])


class QuietHours(_Model):
    """A receiver's night: alerts wait until ``end`` unless critical (``critical: deliver``)."""

    start: Clock
    end: Clock
    critical: Literal["deliver", "hold"] = "deliver"

    @model_validator(mode="after")
    def _not_empty(self) -> QuietHours:
        if self.start == self.end:
            raise ValueError("start and end are the same time: quiet hours would be empty")
        return self


class _Receiver(_Model):
    """What every channel has: its name, audience and when it hears of things."""

    name: str
    audience: Literal["executive", "ops"] = "executive"
    min_severity: Severity = "warning"
    timezone: Annotated[str, BeforeValidator(str)] = "UTC"
    quiet_hours: QuietHours | None = None
    digest: Literal["none", "daily", "weekly"] = "none"
    digest_at: Clock = time(8, 0)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        return _zone(value)

    @model_validator(mode="after")
    def _digests_for_people(self) -> _Receiver:
        if self.digest != "none" and self.audience == "ops":
            raise ValueError(
                "digest: the daily and weekly briefs are for executive channels; ops "
                "channels hear of the monitor itself as it happens: remove digest"
            )
        return self


class WebhookChannel(_Receiver):
    type: Literal["webhook", "slack", "teams"]
    url: str
    timeout: Duration = timedelta(seconds=10)
    secret: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value

    @model_validator(mode="after")
    def _secret_signs_generic_webhooks(self) -> WebhookChannel:
        if self.secret is not None and self.type != "webhook":
            raise ValueError(
                f"secret signs `type: webhook` requests only; {self.type} ignores it: remove it"
            )
        if self.secret == "":
            raise ValueError("secret is empty: set its environment variable to the shared key")
        return self


class EmailChannel(_Receiver):
    type: Literal["email"]
    smtp_host: str
    smtp_port: int = Field(25, ge=1, le=65535)
    security: Literal["none", "starttls", "ssl"] = "none"
    username: str | None = None
    password: str | None = None
    sender: str
    to: list[str] = Field(min_length=1)
    timeout: Duration = timedelta(seconds=20)


class CommandChannel(_Receiver):
    type: Literal["command"]
    command: list[str]
    timeout: Duration = timedelta(seconds=30)

    @field_validator("command", mode="before")
    @classmethod
    def _program_and_args(cls, value: Any) -> Any:
        if isinstance(value, str):
            raise ValueError("must be a list, [program, arg, ...]: no shell splits a string")
        if isinstance(value, list) and (not value or not str(value[0]).strip()):
            raise ValueError("must start with the program to run: [program, arg, ...]")
        return value


Channel = Annotated[WebhookChannel | EmailChannel | CommandChannel, Field(discriminator="type")]


class AckSettings(_Model):
    """Signed one-click acknowledge links in alerts."""

    secret: str | None = Field(None, description="signs the links; none: no links")
    link_valid: Duration = timedelta(days=7)

    @field_validator("secret")
    @classmethod
    def _long_enough(cls, value: str | None) -> str | None:
        if value is not None and len(value) < 16:
            raise ValueError(
                "too short to sign links safely: use 16 characters or more, e.g. the output "
                "of `python -c 'import secrets; print(secrets.token_urlsafe(32))'`"
            )
        return value


class Templates(_Model):
    """Jinja2 templates that replace the built-in wording (the alert's JSON document
    is the context: ``{{ brand }}``, ``{{ severity }}``, ``{{ summary }}``...; see
    ``monitor.alerts.templates``). Each is compiled at load: a syntax error is
    reported with its line in the template."""

    subject: str | None = None
    text: str | None = None
    html: str | None = None

    @field_validator("subject", "text", "html")
    @classmethod
    def _compiles(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        try:
            SandboxedEnvironment(autoescape=info.field_name == "html").compile(value)
        except TemplateSyntaxError as exc:
            problem = " ".join(str(exc.message or "not a valid template").split())
            raise ValueError(f"{info.field_name} template, line {exc.lineno}: {problem}") from None
        return value


def _default_inhibit() -> list[InhibitRule]:
    """A brand in a critical incident: its warnings (a trending complaint, ...) wait."""
    return [InhibitRule(source=Match(severity=["critical"]), target=Match(severity=["warning"]))]


class AlertSettings(_Model):
    dashboard_url: str = "http://127.0.0.1:8501"
    max_attempts: int = Field(8, ge=1)
    channels: list[Channel] = Field(default_factory=list)
    route: Route | None = Field(
        None, description="none: every executive channel hears every incident it takes"
    )
    inhibit: list[InhibitRule] = Field(default_factory=_default_inhibit)
    ack: AckSettings = AckSettings()
    templates: Templates = Templates()

    @model_validator(mode="after")
    def _names_and_root(self) -> AlertSettings:
        """Channel names are unique; the tree's root has receivers. (The tree's channel
        names are checked field by field, against the file's channels, as it loads.)"""
        seen: set[str] = set()
        for channel in self.channels:
            if channel.name in seen:
                raise ValueError(f"channels: the name {channel.name!r} is used twice")
            seen.add(channel.name)
        if self.route is not None and not self.route.receivers:
            raise ValueError(
                "route.receivers: the root of the routing tree needs receivers, "
                "for alerts no route below matches"
            )
        return self
