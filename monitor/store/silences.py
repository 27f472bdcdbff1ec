"""Silences: alerts matching a silence while it lasts are recorded, not sent.

Each has a reason, who set it, and an end; it can be lifted early (``expire``)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update

from monitor.store.db import Store
from monitor.store.schema import silences

__all__ = ["active_silences", "add_silence", "expire_silence", "list_silences"]

MATCHERS = ("brand", "severity", "kind", "channel")
LONGEST = timedelta(days=30)  # a longer silence hides real crises


def add_silence(
    store: Store,
    matchers: dict[str, list[str]],
    reason: str,
    by: str,
    starts_at: datetime,
    ends_at: datetime,
) -> int:
    """Record a silence; returns its id."""
    unknown = set(matchers) - set(MATCHERS)
    if unknown:
        raise ValueError(f"unknown matcher(s) {', '.join(sorted(unknown))}: use {MATCHERS}")
    if not reason.strip():
        raise ValueError("give a reason (--reason): a silence without one cannot be reviewed")
    if not by.strip():
        raise ValueError("say who silences (--by NAME)")
    if ends_at <= starts_at:
        raise ValueError("a silence must end after it starts")
    if ends_at - starts_at > LONGEST:
        raise ValueError(
            "a silence lasts 30 days at most: one longer hides real crises; set a shorter "
            "one and renew it if it is still needed"
        )
    row = {
        "matchers": json.dumps({k: v for k, v in matchers.items() if v}, sort_keys=True),
        "reason": reason.strip(),
        "created_by": by.strip(),
        "created_at": starts_at,
        "starts_at": starts_at,
        "ends_at": ends_at,
    }
    with store.engine.begin() as conn:
        return int(conn.execute(silences.insert().values(**row)).inserted_primary_key[0])


def expire_silence(store: Store, silence_id: int, by: str, now: datetime) -> bool:
    """Lift a silence now. False when there is no such silence still in force."""
    if not by.strip():
        raise ValueError("say who lifts the silence (--by NAME)")
    with store.engine.begin() as conn:
        done = conn.execute(
            update(silences)
            .where(
                silences.c.id == silence_id,
                silences.c.expired_at.is_(None),
                silences.c.ends_at > now,
            )
            .values(expired_at=now, expired_by=by.strip())
        )
        return bool(done.rowcount)


def _decoded(row: Any) -> dict[str, Any]:
    item = dict(row._mapping)
    item["matchers"] = json.loads(item["matchers"])
    return item


def active_silences(store: Store, now: datetime) -> list[dict[str, Any]]:
    """Silences in force at ``now``."""
    query = (
        select(silences)
        .where(silences.c.starts_at <= now, silences.c.ends_at > now)
        .where(silences.c.expired_at.is_(None))
        .order_by(silences.c.id)
    )
    with store.engine.connect() as conn:
        return [_decoded(r) for r in conn.execute(query)]


def list_silences(store: Store) -> list[dict[str, Any]]:
    """Every silence, newest first."""
    with store.engine.connect() as conn:
        return [_decoded(r) for r in conn.execute(select(silences).order_by(silences.c.id.desc()))]
