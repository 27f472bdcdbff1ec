"""Complaint records from helpdesk exports and from complaint sites.

``import_complaints`` loads a CSV or JSON export (see :mod:`monitor.complaintimport`
for the formats and ``complaints.columns``); ``id``, ``created_at`` and ``text`` are
required. A row without a brand gets the first brand its text names. A bad row is
reported with its place in the file and skipped; the rest still loads. Importing the
same file twice changes nothing; an edited row updates its record, and every change
is kept in the record's history (``monitor.store.complainthistory``).

``record_site_complaints`` turns each new mention from a source marked
``complaint_site: true`` into a record of its own.

A new record starts at the tier ``complaints.start_level`` gives it (higher when its
text holds a safety-critical term, found by the enricher as for mentions) with that
tier's SLA. With ``complaints.hash_customers``, customers are stored as
``sha256:`` and the salted hash of the trimmed value, never as given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dateutil import parser as dateparser

from monitor.complaintimport import read_export
from monitor.config import ComplaintSettings, Config, Source
from monitor.enrich import Enricher
from monitor.match import BrandMatcher
from monitor.models import Complaint, Item, Mention
from monitor.normalise import matched_text
from monitor.ownership import tier_sla
from monitor.store import Store
from monitor.store.complaints import Placement, known_complaints, upsert_complaints

__all__ = [
    "ImportReport",
    "customer_ref",
    "import_complaints",
    "parse_time",
    "placement",
    "complaint_mentions",
    "record_site_complaints",
]


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self, name: str) -> str:
        """``tickets.json: 3 added, 1 updated, 0 unchanged, 1 row skipped``"""
        skipped = len(self.errors)
        return (
            f"{name}: {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{skipped} row{'' if skipped == 1 else 's'} skipped"
        )


def parse_time(text: str) -> datetime:
    """A timestamp as written in exports; naive times are taken as UTC."""
    moment = dateparser.isoparse(text) if "T" in text else dateparser.parse(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def customer_ref(settings: ComplaintSettings, customer: str | None) -> str | None:
    """The customer as stored: as given, or ``sha256:<hex>`` of the salted, trimmed
    value when ``complaints.hash_customers`` is on."""
    if customer is None or not customer.strip():
        return None
    if not settings.hash_customers:
        return customer.strip()
    digest = hashlib.sha256((settings.customer_salt + customer.strip()).encode("utf-8"))
    return "sha256:" + digest.hexdigest()


def placement(settings: ComplaintSettings) -> Placement:
    """Where new records start (``complaints.start_level``) and their time at each tier
    (``monitor.ownership.tier_sla``, as escalation counts it)."""
    return Placement(
        settings, lambda level, priority, safety: tier_sla(settings, level, priority, safety)
    )


def import_complaints(
    config: Config,
    store: Store,
    path: str | Path,
    *,
    now: datetime | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> ImportReport:
    """Load one CSV or JSON export; ``now`` dates its history events (default: the clock).

    ``values`` translates exported codes per field (``{"status": {"4": "resolved"}}``;
    default ``complaints.values``).
    Raises InputError if the file as a whole is unusable.
    """
    file = Path(path)
    if values is None:
        values = config.complaints.values
    rows = read_export(file, config.complaints.columns, values)
    report = ImportReport()
    matcher = BrandMatcher(config.brands)
    records: list[Complaint] = []
    first_at: dict[str, str] = {}
    for row in rows:
        try:
            if row.problem:
                raise ValueError(row.problem)
            record = _record(row.values, matcher, config.complaints)
            first = first_at.get(record.external_id)
            if first:
                raise ValueError(f"id {record.external_id} again (first at {first})")
        except ValueError as exc:
            report.errors.append(f"{row.where}: {exc}; row skipped")
            continue
        first_at[record.external_id] = row.where
        records.append(record)
    new = set(first_at) - known_complaints(store, first_at)
    enricher = Enricher(config) if new else None
    safety = {
        r.external_id: bool(enricher.analyze(r.text).safety_terms)
        for r in records
        if enricher and r.external_id in new
    }
    outcomes = upsert_complaints(
        store,
        [(r, safety.get(r.external_id, False)) for r in records],
        placement(config.complaints),
        str(file),
        actor=f"import:{file.name}",
        at=now or datetime.now(UTC),
    )
    for outcome in outcomes:
        setattr(report, outcome, getattr(report, outcome) + 1)
    return report


def complaint_mentions(
    config: Config, source: Source, found: Sequence[tuple[Item, Sequence[Mention]]]
) -> list[tuple[Item, Sequence[Mention]]]:
    """The new mentions that become complaint records: all of a complaint site's, and
    elsewhere as ``complaints.from_mentions`` says (safety-critical ones, or every
    complaint)."""
    if source.complaint_site:
        return list(found)
    mode = config.complaints.from_mentions
    if mode == "safety":
        return [(i, m) for i, m in found if m and i.analysis.safety_terms]
    if mode == "complaints":  # every complaint, and the safety-critical posts too
        return [
            (i, m)
            for i, m in found
            if m and (i.analysis.complaint_terms or i.analysis.safety_terms)
        ]
    return []


def record_site_complaints(
    config: Config,
    store: Store,
    source: str,
    found: Sequence[tuple[Item, Sequence[Mention]]],
    now: datetime,
) -> int:
    """Make each mention of a complaint site a record (``mention:<item key>``); known
    ones are left as they are. Returns records added."""
    settings = config.complaints
    records = [
        (
            Complaint(
                external_id=f"mention:{item.key}",
                created_at=item.event_at,
                text=matched_text(item.title, item.text),
                brand=mentions[0].brand if mentions else None,
                channel=source,
                customer=customer_ref(settings, item.author),
            ),
            bool(item.analysis.safety_terms),
        )
        for item, mentions in found
    ]
    outcomes = upsert_complaints(
        store, records, placement(settings), source, actor="monitor", at=now
    )
    return outcomes.count("added")


def _time(text: str) -> datetime:
    try:
        return parse_time(text)
    except (ValueError, OverflowError):
        raise ValueError(f"unreadable date {text!r}: write e.g. 2026-11-20T14:05:00Z") from None


def _record(
    values: Mapping[str, str | None], matcher: BrandMatcher, settings: ComplaintSettings
) -> Complaint:
    external_id, created, text = values.get("id"), values.get("created_at"), values.get("text")
    if not external_id:
        raise ValueError("empty id")
    if not text:
        raise ValueError("empty text")
    if not created:
        raise ValueError("empty created_at")
    created_at = _time(created)
    updated = values.get("updated_at")
    brand = values.get("brand")
    if brand is None:
        found = matcher.match(text)
        brand = found[0].brand if found else None
    return Complaint(
        external_id=external_id,
        created_at=created_at,
        text=text,
        brand=brand,
        channel=values.get("channel") or "import",
        customer=customer_ref(settings, values.get("customer")),
        category=values.get("category"),
        priority=(values.get("priority") or "normal").lower(),
        status=(values.get("status") or "open").lower(),
        owner=values.get("owner"),
        updated_at=_time(updated) if updated else None,
    )
