"""Acknowledgements: who saw an alert, when and how.

An acknowledgement covers every alert of its subject (``incident:12``, or an ops
alert's ``TOPIC@EPISODE``) sent before it: an incident that escalates to critical
after it was acknowledged needs acknowledging again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from monitor.store.db import Store
from monitor.store.schema import acks

__all__ = ["acks_of", "latest_acks", "record_ack"]

VIA = ("dashboard", "link", "cli")


def record_ack(
    store: Store,
    subject: str,
    by: str,
    via: str,
    at: datetime,
    channel: str | None = None,
    note: str | None = None,
) -> int:
    """Record an acknowledgement; returns its id. ``by`` must name someone."""
    by = by.strip()
    if not by:
        raise ValueError("say who acknowledges: every acknowledgement is recorded with a name")
    if via not in VIA:
        raise ValueError(f"via must be one of {', '.join(VIA)}")
    row = {"subject": subject, "by": by, "via": via, "channel": channel, "at": at, "note": note}
    with store.engine.begin() as conn:
        return int(conn.execute(acks.insert().values(**row)).inserted_primary_key[0])


def acks_of(store: Store, subject: str) -> list[dict[str, Any]]:
    """Every acknowledgement of ``subject``, oldest first."""
    query = select(acks).where(acks.c.subject == subject).order_by(acks.c.at, acks.c.id)
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query)]


def latest_acks(store: Store, subjects: list[str] | None = None) -> dict[str, datetime]:
    """Each subject's latest acknowledgement time (all subjects when ``subjects`` is None)."""
    query = select(acks.c.subject, func.max(acks.c.at)).group_by(acks.c.subject)
    if subjects is not None:
        if not subjects:
            return {}
        query = query.where(acks.c.subject.in_(subjects))
    with store.engine.connect() as conn:
        return {subject: at for subject, at in conn.execute(query)}
