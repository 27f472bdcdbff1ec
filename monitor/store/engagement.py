"""Reach figures of stored items that grew between polls, and their early-warning score.

An item is stored once (insert-or-ignore); only its ``metrics`` move afterwards.
When a poll finds a known item's figures grown, the stored figures, the time they
were read (``metrics_at``, or ``fetched_at`` the first time) and the item's stored
analysis give its new score (``monitor.earlywarning``), weighing the growth per hour.
Everything else about the item stays as first stored. Comparing costs one query per
thousand keys; only the grown items are written, in one batched UPDATE.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection, Row

from monitor.earlywarning import early_warning
from monitor.models import Analysis
from monitor.store.db import Store
from monitor.store.schema import items

__all__ = ["Fetched", "grown_metrics", "refresh_metrics", "stored_items"]

# (natural key, figures as fetched now, when they were fetched)
Fetched = tuple[str, Mapping[str, float], datetime]

_STORED = (
    items.c.key,
    items.c.id,
    items.c.metrics,
    items.c.metrics_at,
    items.c.fetched_at,
    items.c.lang,
    items.c.sentiment,
    items.c.sentiment_label,
    items.c.complaint_terms,
    items.c.risk_terms,
    items.c.safety_terms,
)
_SET_METRICS = (
    update(items)
    .where(items.c.id == bindparam("item_id"))
    .values(
        metrics=bindparam("new_metrics"),
        early_warning=bindparam("score"),
        metrics_at=bindparam("read_at"),
    )
)
CHUNK = 1000


def stored_items(conn: Connection, keys: Iterable[str]) -> dict[str, Row[Any]]:
    """Stored items by natural key, with what scoring them again needs (``id`` too)."""
    wanted = list(dict.fromkeys(keys))
    out: dict[str, Row[Any]] = {}
    for start in range(0, len(wanted), CHUNK):
        query = select(*_STORED).where(items.c.key.in_(wanted[start : start + CHUNK]))
        out.update((row.key, row) for row in conn.execute(query))
    return out


def grown_metrics(conn: Connection, fetched: Sequence[Fetched], stored: Mapping[str, Row]) -> int:
    """Update the stored items whose figures grew: figures, score, time read. Returns how many."""
    updates: dict[int, dict[str, Any]] = {}
    for key, metrics, read_at in fetched:
        row = stored.get(key)
        if row is None or not metrics:
            continue
        before = json.loads(row.metrics or "{}")
        if not any(value > before.get(name, 0) for name, value in metrics.items()):
            continue
        since = row.metrics_at or row.fetched_at
        hours = (read_at - since).total_seconds() / 3600
        updates[row.id] = {
            "item_id": row.id,
            "new_metrics": json.dumps({**before, **metrics}),
            "score": early_warning(metrics, _analysis(row), before, hours),
            "read_at": read_at,
        }
    if updates:
        conn.execute(_SET_METRICS, list(updates.values()))
    return len(updates)


def refresh_metrics(store: Store, fetched: Sequence[Fetched]) -> int:
    """Known items seen again by a poll: update those whose figures grew (see module doc)."""
    fetched = [f for f in fetched if f[1]]
    if not fetched:
        return 0
    with store.engine.begin() as conn:
        return grown_metrics(conn, fetched, stored_items(conn, (key for key, _, _ in fetched)))


def _analysis(row: Row[Any]) -> Analysis:
    return Analysis(
        lang=row.lang,
        sentiment=row.sentiment,
        sentiment_label=row.sentiment_label,
        complaint_terms=tuple(json.loads(row.complaint_terms or "[]")),
        risk_terms=tuple(json.loads(row.risk_terms or "[]")),
        safety_terms=tuple(json.loads(row.safety_terms or "[]")),
    )
