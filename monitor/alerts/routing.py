"""The routing tree: which receivers hear an alert, and under which policy.

An alert enters at the root and goes down the first child whose ``match`` fits it
(and on to the next siblings too when that child says ``continue: true``); a node
that no child takes delivers to its receivers. Settings a node leaves out are its
parent's. Whatever the tree says, ops alerts reach ``audience: ops`` channels only,
everything else ``audience: executive`` channels only, each at its ``min_severity``.

Without ``alerts.route`` the tree is: every executive channel hears every incident,
trending complaint and nothing else; every ops channel hears every ops alert.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from typing import Any

from monitor.alertsettings import AlertSettings, EscalateAfter, Match, Route
from monitor.models import Incident

__all__ = [
    "Delivery",
    "Labels",
    "Policy",
    "incident_kinds",
    "incident_labels",
    "route_alert",
]

_SEVERITY_RANK = {"info": 0, "warning": 1, "critical": 2}

# detection's signals, as the kinds routes match on
_SIGNAL_KINDS = {
    "volume": "spike",
    "reach": "spike",
    "source": "spike",
    "language": "spike",
    "negative": "negativity",
    "tone": "negativity",
    "complaints": "complaints",
    "safety": "safety",
}


@dataclass(frozen=True)
class Labels:
    """What an alert is about."""

    brand: str | None
    severity: str  # info | warning | critical
    kinds: tuple[str, ...]

    def to_json(self) -> str:
        return json.dumps({"brand": self.brand, "severity": self.severity, "kinds": self.kinds})

    @classmethod
    def from_json(cls, text: str | None) -> Labels | None:
        if not text:
            return None
        data = json.loads(text)
        return cls(data["brand"], data["severity"], tuple(data["kinds"]))

    def fits(self, match: Match) -> bool:
        return match.matches(self.brand, self.severity, self.kinds)


def incident_kinds(incident: Incident) -> tuple[str, ...]:
    """``volume+negative`` -> ``("spike", "negativity")``."""
    kinds: list[str] = []
    for signal in incident.kind.split("+"):
        kind = _SIGNAL_KINDS.get(signal, "spike")
        if kind not in kinds:
            kinds.append(kind)
    return tuple(kinds)


def incident_labels(incident: Incident) -> Labels:
    return Labels(incident.brand, incident.severity, incident_kinds(incident))


@dataclass(frozen=True)
class Policy:
    """How alerts for one receiver are grouped, repeated and escalated."""

    group_by: tuple[str, ...] = ("brand",)
    group_wait: float = 0.0  # seconds
    group_interval: float = 300.0
    repeat_interval: float = 4 * 3600.0
    send_resolved: bool = True
    escalate_to: tuple[str, ...] = ()
    escalate_after: dict[str, float] = field(
        default_factory=lambda: {"warning": 7200.0, "critical": 1800.0}
    )
    step: int = 0  # 0: the route's own receiver; k: the k-th of escalate_to

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str | None) -> Policy | None:
        if not text:
            return None
        data = json.loads(text)
        data["group_by"] = tuple(data["group_by"])
        data["escalate_to"] = tuple(data["escalate_to"])
        return cls(**data)

    def group_key(self, labels: Labels) -> str:
        parts = []
        for name in self.group_by:
            value = {"brand": labels.brand, "severity": labels.severity}.get(name)
            parts.append(f"{name}={'+'.join(labels.kinds) if name == 'kind' else value}")
        return ",".join(parts)

    def escalates_after(self, severity: str) -> timedelta:
        return timedelta(seconds=self.escalate_after.get(severity, self.escalate_after["warning"]))

    def _with(self, node: Route) -> Policy:
        """This policy with what ``node`` sets."""
        changes: dict[str, Any] = {}
        for name in ("group_wait", "group_interval", "repeat_interval"):
            value = getattr(node, name)
            if value is not None:
                changes[name] = value.total_seconds()
        if node.group_by is not None:
            changes["group_by"] = tuple(node.group_by)
        if node.send_resolved is not None:
            changes["send_resolved"] = node.send_resolved
        if node.escalate_to is not None:
            changes["escalate_to"] = tuple(node.escalate_to)
        if node.escalate_after is not None:
            changes["escalate_after"] = _seconds(node.escalate_after)
        return Policy(**{**asdict(self), **changes}) if changes else self


def _seconds(after: EscalateAfter) -> dict[str, float]:
    return {"warning": after.warning.total_seconds(), "critical": after.critical.total_seconds()}


@dataclass(frozen=True)
class Delivery:
    channel: str
    policy: Policy


def _default_tree(settings: AlertSettings) -> Route:
    executive = [c.name for c in settings.channels if c.audience == "executive"]
    ops = [c.name for c in settings.channels if c.audience == "ops"]
    return Route(
        receivers=executive,
        routes=[
            Route(match=Match(kind=["ops"]), receivers=ops),
            # complaint owners hear of breaches through complaints.notify
            Route(match=Match(kind=["sla_breach"]), receivers=[]),
        ],
    )


def _walk(node: Route, policy: Policy, receivers: list[str], labels: Labels):
    """(receivers, policy) of the nodes that take ``labels`` below and at ``node``."""
    policy = policy._with(node)
    receivers = node.receivers if node.receivers is not None else receivers
    taken = []
    for child in node.routes:
        if labels.fits(child.match):
            taken += list(_walk(child, policy, receivers, labels))
            if not child.continue_:
                break
    return taken or [(receivers, policy)]


def route_alert(settings: AlertSettings, labels: Labels) -> list[Delivery]:
    """The receivers of an alert, each with its policy, in tree order, each once."""
    tree = settings.route or _default_tree(settings)
    channels = {c.name: c for c in settings.channels}
    ops = "ops" in labels.kinds
    deliveries: dict[str, Delivery] = {}
    for receivers, policy in _walk(tree, Policy(), [], labels):
        for name in receivers:
            channel = channels.get(name)
            if channel is None or name in deliveries or (channel.audience == "ops") != ops:
                continue
            if _SEVERITY_RANK[labels.severity] < _SEVERITY_RANK[channel.min_severity]:
                continue
            deliveries[name] = Delivery(name, policy)
    if ops and not deliveries:  # the tree named no ops channel: ops alerts are never lost
        for channel in settings.channels:
            if channel.audience == "ops":
                deliveries[channel.name] = Delivery(channel.name, Policy())
    return list(deliveries.values())
