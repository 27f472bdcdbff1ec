"""The history of every complaint record: each change, who made it, and when.

Every write to a complaint (import, edit, assignment, acknowledgement, escalation,
resolution, link) appends one event in the same transaction as the change itself,
so the history and the record never disagree, even after a crash.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection

from monitor.store.db import Store
from monitor.store.schema import complaint_events

__all__ = ["ACTIONS", "complaint_history", "record_event"]

ACTIONS = (
    "imported",
    "updated",
    "assigned",
    "acknowledged",
    "escalated",
    "resolved",
    "reopened",
    "linked",
)

Changes = dict[str, tuple[Any, Any]]  # field -> (old, new)


def record_event(
    conn: Connection,
    complaint_id: int,
    at: datetime,
    actor: str,
    action: str,
    changes: Changes | None = None,
    note: str | None = None,
) -> None:
    """Append one event to a complaint's history, inside the caller's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown complaint action {action!r}: one of {', '.join(ACTIONS)}")
    conn.execute(
        insert(complaint_events).values(
            complaint_id=complaint_id,
            at=at,
            actor=actor,
            action=action,
            changes=json.dumps(
                {k: [_plain(old), _plain(new)] for k, (old, new) in (changes or {}).items()},
                ensure_ascii=False,
            ),
            note=note,
        )
    )


def complaint_history(store: Store, complaint_id: int) -> list[dict[str, Any]]:
    """A complaint's events, oldest first; ``changes`` as ``{field: [old, new]}``."""
    query = (
        select(complaint_events)
        .where(complaint_events.c.complaint_id == complaint_id)
        .order_by(complaint_events.c.at, complaint_events.c.id)
    )
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    for row in rows:
        row["changes"] = json.loads(row["changes"] or "{}")
    return rows


def _plain(value: Any) -> Any:
    """JSON-ready: datetimes as ISO 8601."""
    return value.isoformat() if isinstance(value, datetime) else value
