"""Reads and writes for linking complaint records to incidents, grouping them by issue,
and watching them trend (``monitor.linking``, ``monitor.trending`` decide; this stores).

Every change to a complaint's link or group appends a ``linked`` event to its history
in the same transaction (``monitor.store.complainthistory``). A write only lands when
the record still holds what the caller read (its old ``incident_id``, its old
``cluster_id``), so two monitors running the same cycle never record a change twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.sql.elements import ColumnElement

from monitor.complaintstatus import is_resolved, unresolved
from monitor.models import Incident
from monitor.store.complainthistory import record_event
from monitor.store.db import Store
from monitor.store.schema import complaints, incidents, ops_alerts

__all__ = [
    "ComplaintRow",
    "Predating",
    "alerted_topics",
    "cluster_members",
    "clustered",
    "group_pool",
    "link_candidates",
    "mark_alone",
    "predating_complaints",
    "save_group",
    "save_link",
    "summarise_predating",
    "unlinked_spans",
    "trending_candidates",
    "ungrouped_complaints",
    "still_open",
]

ACTOR = "monitor"  # who links and groups, in a complaint's history


@dataclass(frozen=True)
class ComplaintRow:
    """What linking, grouping and trending read of a complaint record."""

    id: int
    external_id: str
    brand: str | None
    created_at: datetime
    text: str
    status: str
    customer: str | None = None
    incident_id: int | None = None
    link_score: float | None = None
    cluster_id: int | None = None
    resolved_at: datetime | None = None
    safety: bool = False


_ROW_COLUMNS = (
    complaints.c.id,
    complaints.c.external_id,
    complaints.c.brand,
    complaints.c.created_at,
    complaints.c.text,
    complaints.c.status,
    complaints.c.customer,
    complaints.c.incident_id,
    complaints.c.link_score,
    complaints.c.cluster_id,
    complaints.c.resolved_at,
    complaints.c.safety,
)


def _rows(store: Store, *where: ColumnElement[bool]) -> list[ComplaintRow]:
    query = select(*_ROW_COLUMNS).where(*where).order_by(complaints.c.created_at, complaints.c.id)
    with store.engine.connect() as conn:
        return [
            ComplaintRow(**{**r._mapping, "safety": bool(r.safety)}) for r in conn.execute(query)
        ]


def still_open() -> ColumnElement[bool]:
    """Not resolved: no resolved time, and an unresolved status."""
    return and_(
        complaints.c.resolved_at.is_(None),
        unresolved(complaints.c.status),
    )


# --- linking ---------------------------------------------------------------------------


def unlinked_spans(store: Store) -> dict[str | None, tuple[datetime, datetime]]:
    """Per brand (None: no brand), when its unlinked complaints were filed: first, last."""
    query = (
        select(
            complaints.c.brand, func.min(complaints.c.created_at), func.max(complaints.c.created_at)
        )
        .where(complaints.c.incident_id.is_(None))
        .group_by(complaints.c.brand)
    )
    with store.engine.connect() as conn:
        return {b: (lo, hi) for b, lo, hi in conn.execute(query)}


def link_candidates(
    store: Store, incident: Incident, before: timedelta, now: datetime, live: bool
) -> list[ComplaintRow]:
    """Complaints that may link to ``incident``: filed from ``before`` ahead of the storm
    until it closed (or now), of its brand and not linked yet; for a ``live`` (open)
    incident also those of no brand, and those linked to another incident."""
    brand = complaints.c.brand == incident.brand
    unlinked = complaints.c.incident_id.is_(None)
    return _rows(
        store,
        or_(brand, complaints.c.brand.is_(None)) if live else brand,
        complaints.c.created_at >= incident.began_at - before,
        complaints.c.created_at <= (incident.closed_at or now),
        or_(unlinked, complaints.c.incident_id != incident.id) if live else unlinked,
    )


def save_link(
    store: Store, row: ComplaintRow, incident_id: int, score: float, reason: str, now: datetime
) -> bool:
    """Link (or move) one complaint to an incident and record it; False if the record
    changed since it was read."""
    same = (
        complaints.c.incident_id.is_(None)
        if row.incident_id is None
        else complaints.c.incident_id == row.incident_id
    )
    with store.engine.begin() as conn:
        done = conn.execute(
            update(complaints)
            .where(complaints.c.id == row.id, same)
            .values(incident_id=incident_id, link_score=score, link_reason=reason)
        ).rowcount
        if not done:
            return False
        changes = {
            "incident_id": (row.incident_id, incident_id),
            "link_score": (row.link_score, score),
        }
        record_event(conn, row.id, now, ACTOR, "linked", changes, reason)
    return True


class Predating(NamedTuple):
    """The complaints filed before a storm began: how many, the oldest filing time,
    and how many are still unresolved."""

    count: int
    oldest: datetime | None
    unresolved: int


def summarise_predating(
    rows: Iterable[tuple[datetime, str | None, datetime | None]], began_at: datetime
) -> Predating:
    """``Predating`` from ``(created_at, status, resolved_at)`` of an incident's complaints."""
    before = [(c, s, r) for c, s, r in rows if c < began_at]
    open_ = sum(1 for _, s, r in before if r is None and not is_resolved(s))
    return Predating(len(before), min((c for c, _, _ in before), default=None), open_)


def predating_complaints(
    store: Store, incident: Incident, pending: timedelta | None = None
) -> Predating:
    """The complaints linked to ``incident`` that were filed before its storm began.

    With ``pending`` (``complaints.link_before``), also those of its brand filed that long
    before it and not linked yet: detection explains a new incident before the cycle
    links complaints to it, and its first alert should name them already."""
    linked = complaints.c.incident_id == incident.id
    if pending is not None:
        waiting = and_(
            complaints.c.incident_id.is_(None),
            complaints.c.brand == incident.brand,
            complaints.c.created_at >= incident.began_at - pending,
        )
        linked = or_(linked, waiting)
    query = select(complaints.c.created_at, complaints.c.status, complaints.c.resolved_at).where(
        linked, complaints.c.created_at < incident.began_at
    )
    with store.engine.connect() as conn:
        return summarise_predating(conn.execute(query).tuples(), incident.began_at)


# --- grouping --------------------------------------------------------------------------


def ungrouped_complaints(store: Store) -> list[ComplaintRow]:
    """Complaints of a known brand not grouped yet, oldest first."""
    return _rows(store, complaints.c.cluster_id.is_(None), complaints.c.brand.is_not(None))


def group_pool(store: Store, brand: str, start: datetime, end: datetime) -> list[ComplaintRow]:
    """A brand's complaints filed in ``[start, end]``, grouped or not."""
    return _rows(
        store,
        complaints.c.brand == brand,
        complaints.c.created_at >= start,
        complaints.c.created_at <= end,
    )


def cluster_members(store: Store, heads: Iterable[int]) -> list[ComplaintRow]:
    """Every complaint of the clusters headed by ``heads`` (heads included)."""
    wanted = sorted(set(heads))
    if not wanted:
        return []
    return _rows(store, or_(complaints.c.cluster_id.in_(wanted), complaints.c.id.in_(wanted)))


def mark_alone(store: Store, ids: Iterable[int]) -> None:
    """Complaints checked and found alone head their own cluster (no history event:
    nothing a person would read changed)."""
    with store.engine.begin() as conn:
        for cid in ids:
            conn.execute(
                update(complaints)
                .where(complaints.c.id == cid, complaints.c.cluster_id.is_(None))
                .values(cluster_id=cid)
            )


def save_group(
    store: Store, head: int, members: Iterable[ComplaintRow], notes: dict[int, str], now: datetime
) -> int:
    """Put ``members`` in the cluster headed by ``head``, each with a ``linked`` event
    (``notes[id]`` says why). Returns how many changed."""
    changed = 0
    with store.engine.begin() as conn:
        for row in members:
            if row.cluster_id == head:
                continue
            old = (
                complaints.c.cluster_id.is_(None)
                if row.cluster_id is None
                else complaints.c.cluster_id == row.cluster_id
            )
            done = conn.execute(
                update(complaints).where(complaints.c.id == row.id, old).values(cluster_id=head)
            ).rowcount
            if done:
                note = notes.get(row.id) or "grouped with the same issue"
                changes = {"cluster_id": (row.cluster_id, head)}
                record_event(conn, row.id, now, ACTOR, "linked", changes, note)
                changed += 1
    return changed


def clustered(store: Store, brand: str | None, min_size: int = 2) -> list[ComplaintRow]:
    """Complaints of clusters of at least ``min_size``, oldest first."""
    big = (
        select(complaints.c.cluster_id)
        .where(complaints.c.cluster_id.is_not(None))
        .group_by(complaints.c.cluster_id)
        .having(func.count() >= min_size)
    )
    where = [complaints.c.cluster_id.in_(big)]
    if brand:
        where.append(complaints.c.brand == brand)
    return _rows(store, *where)


# --- trending --------------------------------------------------------------------------


def trending_candidates(store: Store, since: datetime, until: datetime) -> list[ComplaintRow]:
    """Unresolved complaints of a known brand filed in ``[since, until)`` that are not
    linked to an open incident (that incident's alerts speak for them)."""
    open_incident = select(incidents.c.id).where(incidents.c.status == "open")
    return _rows(
        store,
        still_open(),
        complaints.c.brand.is_not(None),
        complaints.c.created_at >= since,
        complaints.c.created_at < until,
        or_(complaints.c.incident_id.is_(None), complaints.c.incident_id.not_in(open_incident)),
    )


def alerted_topics(store: Store, prefix: str) -> set[str]:
    """Ops-outbox topics starting with ``prefix`` that already have an alert queued."""
    query = select(ops_alerts.c.topic).where(ops_alerts.c.topic.startswith(prefix)).distinct()
    with store.engine.connect() as conn:
        return set(conn.execute(query).scalars())
