"""The plain records that flow between stages (no I/O here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["Analysis", "Complaint", "Incident", "Item", "Mention"]


@dataclass(frozen=True)
class Analysis:
    """What the enricher says about one text."""

    lang: str
    sentiment: float
    sentiment_label: str
    complaint_terms: tuple[str, ...]
    risk_terms: tuple[str, ...]  # safety-critical terms included
    safety_terms: tuple[str, ...] = ()  # harm to people or a legal threat

    @property
    def complaint(self) -> bool:
        return bool(self.complaint_terms)


@dataclass(frozen=True)
class Item:
    """A collected, normalised and enriched item that names at least one brand."""

    key: str
    source: str
    url: str
    title: str
    text: str
    published_at: datetime | None
    fetched_at: datetime
    event_at: datetime
    analysis: Analysis
    author: str | None = None
    metrics: dict[str, float] = field(default_factory=dict)
    early_warning: float = 0.0  # see monitor.earlywarning


@dataclass(frozen=True)
class Mention:
    """One brand named in one item, with the alias that matched and where."""

    item_key: str
    brand: str
    alias: str
    spans: tuple[tuple[int, int], ...]


@dataclass
class Incident:
    """An emerging crisis for one brand, explained."""

    brand: str
    kind: str  # the signals that fired, joined by "+": volume, negative, complaints, tone, safety
    status: str  # "open" | "closed"
    severity: str  # "warning" | "critical"
    opened_at: datetime
    updated_at: datetime
    began_at: datetime  # start of the first anomalous bucket
    observed: float
    expected: float
    score: float
    peak_score: float
    quiet_buckets: int = 0
    storm_buckets: int = 0  # anomalous buckets in a row, up to the latest
    closed_at: datetime | None = None
    id: int | None = None
    details: dict[str, Any] = field(default_factory=dict)
    summary: str = ""


@dataclass(frozen=True)
class Complaint:
    """A complaint record from a helpdesk export or a complaint site."""

    external_id: str
    created_at: datetime
    text: str
    brand: str | None = None
    channel: str = "import"
    customer: str | None = None
    category: str | None = None
    priority: str = "normal"
    status: str = "open"
    owner: str | None = None
    updated_at: datetime | None = None
