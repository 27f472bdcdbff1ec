"""Complaint records: insert or update with history, list, find (linking: monitor.linking).

Every write keeps the record's history (``monitor.store.complainthistory``) in the
same transaction. Re-importing an export compares each row with what the previous
imports of that record said (folded from its ``import:`` events), not with the
record as it is now: an owner the monitor assigned, or a complaint someone resolved
from the dashboard, stays as it is until the helpdesk itself says otherwise.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.engine import Connection

from monitor.complaintstatus import is_resolved, unresolved
from monitor.config import ComplaintSettings
from monitor.models import Complaint
from monitor.store.complainthistory import Changes, record_event
from monitor.store.db import Store, insert_new
from monitor.store.schema import complaint_events, complaints

__all__ = [
    "Placement",
    "find_complaint",
    "known_complaints",
    "list_complaints",
    "upsert_complaint",
    "upsert_complaints",
]

# the fields an export sets; a re-import may change any of them
_UPDATABLE = (
    "brand",
    "channel",
    "customer",
    "updated_at",
    "text",
    "category",
    "priority",
    "status",
    "owner",
)
_SHOWN_ON_IMPORT = ("status", "priority", "owner", "level", "tier", "safety", "sla_due_at")
_CHUNK = 500  # ids per IN (...) query


@dataclass(frozen=True)
class Placement:
    """Where a new record starts and how long a record may stay at a tier.

    ``sla(level, priority, safety)``: the time at tier ``level`` (``complaints.tiers``).
    """

    settings: ComplaintSettings
    sla: Callable[[int, str, bool], timedelta]

    def start(self, safety: bool) -> tuple[int, str]:
        level = self.settings.start_level(safety)
        return level, self.settings.tiers[level].name


def upsert_complaints(
    store: Store,
    records: Iterable[tuple[Complaint, bool]],
    placement: Placement,
    source: str,
    *,
    actor: str,
    at: datetime,
) -> list[str]:
    """Insert new records (each with its safety flag) or update changed ones, in one
    transaction; each change is recorded by ``actor`` at ``at``. Returns, per record,
    'added', 'updated' or 'unchanged'."""
    with store.engine.begin() as conn:
        return [
            _upsert(conn, record, safety, placement, source, actor, at)
            for record, safety in records
        ]


def upsert_complaint(
    store: Store,
    record: Complaint,
    sla: timedelta | Placement,
    source: str,
    *,
    safety: bool = False,
    actor: str | None = None,
    at: datetime | None = None,
) -> str:
    """One record; a bare ``sla`` is every record's time at every tier. The change is
    dated ``at``, else the record's own last time."""
    if isinstance(sla, timedelta):
        fixed = sla
        sla = Placement(ComplaintSettings(), lambda _level, _priority, _safety: fixed)
    (outcome,) = upsert_complaints(
        store,
        [(record, safety)],
        sla,
        source,
        actor=actor or f"import:{source}",
        at=at or record.updated_at or record.created_at,
    )
    return outcome


def known_complaints(store: Store, external_ids: Iterable[str]) -> set[str]:
    """Which of these external ids are stored already."""
    wanted = list(dict.fromkeys(external_ids))
    found: set[str] = set()
    with store.engine.connect() as conn:
        for i in range(0, len(wanted), _CHUNK):
            query = select(complaints.c.external_id).where(
                complaints.c.external_id.in_(wanted[i : i + _CHUNK])
            )
            found.update(conn.execute(query).scalars())
    return found


def _upsert(
    conn: Connection,
    record: Complaint,
    safety: bool,
    placement: Placement,
    source: str,
    actor: str,
    at: datetime,
) -> str:
    incoming = {f: getattr(record, f) for f in _UPDATABLE}
    level, tier = placement.start(safety)
    row = incoming | {
        "external_id": record.external_id,
        "created_at": record.created_at,
        "imported_from": source,
        "level": level,
        "tier": tier,
        "safety": safety,
        "sla_due_at": record.created_at + placement.sla(level, record.priority, safety),
        "resolved_at": (record.updated_at or record.created_at)
        if is_resolved(record.status)
        else None,
    }
    inserted = insert_new(conn, complaints, [row], complaints.c.id)
    if inserted:
        shown = {f: (None, row[f]) for f in _SHOWN_ON_IMPORT if row[f] is not None}
        snapshot = {f: (None, v) for f, v in incoming.items() if v is not None}
        record_event(conn, inserted[0], at, actor, "imported", snapshot | shown)
        return "added"
    query = select(complaints).where(complaints.c.external_id == record.external_id)
    current = dict(conn.execute(query).one()._mapping)
    before = _last_imported(conn, current["id"]) or current
    changed = {
        f: (current[f], v)
        for f, v in incoming.items()
        if _plain(v) != _plain(before.get(f)) and v != current[f]
    }
    if not changed:
        return "unchanged"
    changed |= _new_clock(current, changed, placement, record, at)
    conn.execute(
        update(complaints)
        .where(complaints.c.id == current["id"])
        .values(**{f: new for f, (_old, new) in changed.items()})
    )
    turn: Changes = {}
    if "resolved_at" in changed:  # the status crossed resolved: an event of its own
        reopened = changed["resolved_at"][1] is None
        moved = ("status", "resolved_at", "sla_due_at") if reopened else ("status", "resolved_at")
        turn = {f: changed.pop(f) for f in moved if f in changed}
    if changed:
        record_event(conn, current["id"], at, actor, "updated", changed)
    if turn:
        action = "reopened" if turn["resolved_at"][1] is None else "resolved"
        record_event(conn, current["id"], at, actor, action, turn)
    return "updated"


def _new_clock(
    current: dict[str, Any],
    changed: Changes,
    placement: Placement,
    record: Complaint,
    at: datetime,
) -> Changes:
    """``resolved_at`` when the status crosses resolved, and a new SLA due time when the
    priority changed (the clock at the current tier keeps its start) or it reopened
    (a fresh clock, as ``monitor complaints reopen`` gives)."""
    extra: Changes = {}
    safety = bool(current["safety"])
    level = current["level"]
    if level is None:
        level = placement.start(safety)[0]
    due = current["sla_due_at"]
    if "priority" in changed:
        old, new = current["priority"] or "normal", record.priority
        start = due - placement.sla(level, old, safety) if due else current["created_at"]
        due = start + placement.sla(level, new, safety)
    if "status" in changed:
        was, now = is_resolved(current["status"]), is_resolved(record.status)
        if now and not was:
            extra["resolved_at"] = (current["resolved_at"], record.updated_at or at)
        elif was and not now:
            extra["resolved_at"] = (current["resolved_at"], None)
            due = at + placement.sla(level, record.priority, safety)
    if due != current["sla_due_at"]:
        extra["sla_due_at"] = (current["sla_due_at"], due)
    return extra


def _last_imported(conn: Connection, complaint_id: int) -> dict[str, Any] | None:
    """The export's fields as the imports of this record last wrote them (None when no
    import recorded any: a record from before the history, or from a complaint site)."""
    query = (
        select(complaint_events.c.changes)
        .where(
            complaint_events.c.complaint_id == complaint_id,
            complaint_events.c.actor.like("import:%"),
        )
        .order_by(complaint_events.c.id)
    )
    folded: dict[str, Any] = {}
    seen = False
    for (changes,) in conn.execute(query):
        seen = True
        for f, (_old, new) in json.loads(changes or "{}").items():
            if f in _UPDATABLE:
                folded[f] = new
    return folded if seen else None


def _plain(value: Any) -> Any:
    """As the history stores it (datetimes in ISO 8601), to compare with it."""
    return value.isoformat() if isinstance(value, datetime) else value


def list_complaints(
    store: Store,
    incident_id: int | None = None,
    brand: str | None = None,
    limit: int = 1000,
    *,
    status: str | None = None,
    owner: str | None = None,
    overdue_at: datetime | None = None,
) -> list[dict[str, Any]]:
    """Complaint records, oldest first. ``status`` and ``owner`` match without regard
    to case; ``overdue_at``: only those unresolved and past their SLA at that time."""
    query = select(complaints).order_by(complaints.c.created_at, complaints.c.id).limit(limit)
    if incident_id is not None:
        query = query.where(complaints.c.incident_id == incident_id)
    if brand:
        query = query.where(complaints.c.brand == brand)
    if status:
        query = query.where(func.lower(complaints.c.status) == status.lower())
    if owner:
        query = query.where(func.lower(complaints.c.owner) == owner.lower())
    if overdue_at is not None:
        query = query.where(
            complaints.c.resolved_at.is_(None),
            unresolved(complaints.c.status),
            complaints.c.sla_due_at < overdue_at,
        )
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def find_complaint(store: Store, ref: str) -> dict[str, Any] | None:
    """One record by its external (helpdesk) id, else by its number; None if neither."""
    ref = ref.strip()
    with store.engine.connect() as conn:
        query = select(complaints).where(complaints.c.external_id == ref)
        row = conn.execute(query).first()
        if row is None and ref.isdigit():
            row = conn.execute(select(complaints).where(complaints.c.id == int(ref))).first()
    return dict(row._mapping) if row is not None else None
