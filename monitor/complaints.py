"""Import complaint records from helpdesk CSV exports.

Columns are matched by name (``id``, ``created_at``, ``text`` are required;
``brand``, ``channel``, ``customer``, ``category``, ``priority``, ``status``,
``owner``, ``updated_at`` are optional). ``complaints.columns`` in the config
maps other exports' headers to these names (``{"Ticket ID": id}``). A row
without a brand gets the first brand its text names. A bad row is reported
with its line number and skipped; the rest of the file still loads. Importing
the same file twice changes nothing.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dateutil import parser as dateparser

from monitor.config import Config
from monitor.errors import InputError
from monitor.match import BrandMatcher
from monitor.models import Complaint
from monitor.store import Store
from monitor.store.complaints import upsert_complaint

__all__ = ["ImportReport", "import_complaints", "parse_time"]

REQUIRED = ("id", "created_at", "text")
OPTIONAL = ("brand", "channel", "customer", "category", "priority", "status", "owner", "updated_at")


@dataclass
class ImportReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)


def parse_time(text: str) -> datetime:
    """A timestamp as written in exports; naive times are taken as UTC."""
    moment = dateparser.isoparse(text) if "T" in text else dateparser.parse(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def import_complaints(config: Config, store: Store, path: str | Path) -> ImportReport:
    """Load one CSV export. Raises InputError if the file or its header is unusable."""
    file = Path(path)
    try:
        handle = file.open(newline="", encoding="utf-8-sig")
    except OSError as exc:
        raise InputError(f"{file}: cannot open ({exc.strerror})") from None
    report = ImportReport()
    matcher = BrandMatcher(config.brands)
    mapping = {k.strip().lower(): v for k, v in config.complaints.columns.items()}
    with handle:
        try:
            reader = csv.DictReader(handle)
            header = [
                mapping.get(h.strip().lower(), h.strip().lower()) for h in reader.fieldnames or []
            ]
        except (csv.Error, UnicodeDecodeError) as exc:
            raise InputError(f"{file}: not a readable CSV file ({exc})") from None
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise InputError(
                f"{file}: missing column(s) {', '.join(missing)}; map your export's headers "
                "with complaints.columns in sources.yaml"
            )
        reader.fieldnames = header
        try:
            for row in reader:
                line = reader.line_num
                try:
                    record = _record(row, matcher)
                except ValueError as exc:
                    report.errors.append(f"{file}:{line}: {exc}; row skipped")
                    continue
                outcome = upsert_complaint(store, record, config.complaints.sla, str(file))
                setattr(report, outcome, getattr(report, outcome) + 1)
        except (csv.Error, UnicodeDecodeError) as exc:
            report.errors.append(
                f"{file}:{reader.line_num}: unreadable ({exc}); import stopped here"
            )
    return report


def _time(text: str) -> datetime:
    try:
        return parse_time(text)
    except (ValueError, OverflowError):
        raise ValueError(f"unreadable date {text!r}: write e.g. 2026-11-20T14:05:00Z") from None


def _record(row: dict[str, str | None], matcher: BrandMatcher) -> Complaint:
    if row.get(None):  # type: ignore[call-overload]  # csv puts surplus cells under None
        raise ValueError("more cells than header columns (an unquoted comma?)")

    def get(name: str) -> str | None:
        value = row.get(name)
        return value.strip() if value and value.strip() else None

    external_id, created, text = get("id"), get("created_at"), get("text")
    if not external_id:
        raise ValueError("empty id")
    if not text:
        raise ValueError("empty text")
    if not created:
        raise ValueError("empty created_at")
    created_at = _time(created)
    updated = get("updated_at")
    updated_at = _time(updated) if updated else None
    brand = get("brand")
    if brand is None:
        found = matcher.match(text)
        brand = found[0].brand if found else None
    return Complaint(
        external_id=external_id,
        created_at=created_at,
        text=text,
        brand=brand,
        channel=get("channel") or "import",
        customer=get("customer"),
        category=get("category"),
        priority=(get("priority") or "normal").lower(),
        status=(get("status") or "open").lower(),
        owner=get("owner"),
        updated_at=updated_at,
    )
