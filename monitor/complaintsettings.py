"""``complaints:`` in sources.yaml: SLAs, the escalation tiers, imports' mapping."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import Field, field_validator, model_validator

from monitor.settingsbase import Duration
from monitor.settingsbase import SettingsModel as _Model

__all__ = ["COMPLAINT_FIELDS", "ComplaintSettings", "Tier"]


COMPLAINT_FIELDS = (
    "id",
    "created_at",
    "text",
    "brand",
    "channel",
    "customer",
    "category",
    "priority",
    "status",
    "owner",
    "updated_at",
)


class Tier(_Model):
    """One step of the escalation chain: who owns a complaint at this level."""

    name: str = Field(min_length=1)
    owners: list[str] = Field(
        default_factory=list,
        description="people who take complaints at this tier (the least loaded first); "
        "none: the tier itself is the owner",
    )
    sla: Duration | None = Field(
        None, description="time at this tier before moving up; default the priority's SLA"
    )


def _default_tiers() -> list[Tier]:
    names = ("agent", "team lead", "head of customer service", "executive")
    return [Tier(name=name) for name in names]


class ComplaintSettings(_Model):
    sla: Duration = timedelta(hours=20)
    priority_sla: dict[str, Duration] = Field(
        default_factory=lambda: {
            "urgent": timedelta(hours=4),
            "high": timedelta(hours=8),
            "low": timedelta(hours=48),
        },
        description="SLA per priority (lower case); others get complaints.sla",
    )
    link_before: Duration = timedelta(hours=72)
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="export header (CSV) or key path (JSON, a.b) -> field, e.g. {Ticket ID: id}",
    )
    hash_customers: bool = Field(
        False, description="store customers as a salted SHA-256, not as given"
    )
    customer_salt: str = Field("", description="salt for hashed customers (keep it secret)")
    tiers: list[Tier] = Field(default_factory=_default_tiers, min_length=1)
    safety_tier: str | None = Field(
        None,
        description="tier where safety-critical complaints start; none: the second tier",
    )
    safety_sla: Duration = Field(
        timedelta(hours=4), description="SLA of a safety-critical complaint at each tier"
    )
    notify: list[str] = Field(
        default_factory=list,
        description="alert channels that tell a complaint's new owner (assigned, escalated)",
    )
    from_mentions: Literal["sites", "safety", "complaints"] = Field(
        "sites",
        description="which mentions become records: those of complaint sites; also "
        "safety-critical ones; also every complaint",
    )
    values: dict[str, dict[str, str]] = Field(
        default_factory=dict,
        description="exported codes -> the monitor's values, per field, "
        "e.g. {status: {'4': resolved}}",
    )

    @field_validator("values")
    @classmethod
    def _value_fields(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        unknown = sorted(f for f in value if f not in COMPLAINT_FIELDS)
        if unknown:
            raise ValueError(
                f"unknown complaint field(s) {', '.join(unknown)}: translate values of "
                + ", ".join(COMPLAINT_FIELDS)
            )
        return value

    @model_validator(mode="after")
    def _tier_names(self) -> ComplaintSettings:
        names = [t.name for t in self.tiers]
        if len(set(names)) != len(names):
            raise ValueError("tier names must be unique")
        if self.safety_tier is not None and self.safety_tier not in names:
            raise ValueError(
                f"safety_tier {self.safety_tier!r} is not a tier: choose {', '.join(names)}"
            )
        return self

    def start_level(self, safety: bool = False) -> int:
        """The tier (index) where a new complaint starts: the first, or for a
        safety-critical one ``safety_tier`` (by default the second)."""
        if not safety:
            return 0
        if self.safety_tier is not None:
            return [t.name for t in self.tiers].index(self.safety_tier)
        return min(1, len(self.tiers) - 1)

    def sla_for(self, priority: str, safety: bool = False) -> timedelta:
        """How long a complaint of this priority may stay unresolved at one tier."""
        if safety:
            return self.safety_sla
        return self.priority_sla.get(priority.lower(), self.sla)

    @field_validator("columns")
    @classmethod
    def _known_fields(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted({f for f in value.values() if f not in COMPLAINT_FIELDS})
        if unknown:
            raise ValueError(
                f"unknown complaint field(s) {', '.join(unknown)}: map headers to "
                + ", ".join(COMPLAINT_FIELDS)
            )
        return value
