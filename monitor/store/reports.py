"""Aggregated reads for the dashboard: counts per time bucket, totals, distinct values.

Counting happens in the database (``GROUP BY`` over epoch-aligned buckets, the
same buckets as detection), on SQLite and PostgreSQL alike, so a chart over a
busy week moves a few hundred rows rather than every mention.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, and_, case, cast, distinct, func, select, true

from monitor.store.db import Store
from monitor.store.mentions import MentionFilter
from monitor.store.schema import items, mentions

__all__ = ["mention_facets", "mention_totals", "mention_volume"]

_JOINED = mentions.join(items, items.c.id == mentions.c.item_id)


def _bucket_seconds(store: Store, column: Any, seconds: int) -> Any:
    """Start of the epoch-aligned bucket holding ``column``, in seconds since the epoch."""
    if store.dialect == "postgresql":
        epoch = cast(func.floor(func.extract("epoch", column)), BigInteger)
    else:  # SQLite keeps UTC as naive ISO text
        epoch = cast(func.strftime("%s", column), BigInteger)
    return epoch // seconds * seconds


def mention_volume(
    store: Store, since: datetime, until: datetime, bucket: timedelta, brand: str | None = None
) -> list[dict[str, Any]]:
    """Mentions per bucket, brand and sentiment label in ``[since, until)``, oldest first.

    Each row: ``bucket`` (its start, UTC), ``brand``, ``sentiment_label``, ``mentions``.
    Buckets without mentions are absent.
    """
    seconds = int(bucket.total_seconds())
    if seconds <= 0:
        raise ValueError("bucket must be a positive duration")
    start = _bucket_seconds(store, mentions.c.event_at, seconds).label("bucket")
    query = (
        select(start, mentions.c.brand, items.c.sentiment_label, func.count().label("mentions"))
        .select_from(_JOINED)
        .where(mentions.c.event_at >= since, mentions.c.event_at < until)
        .group_by(start, mentions.c.brand, items.c.sentiment_label)
        .order_by(start, mentions.c.brand, items.c.sentiment_label)
    )
    if brand:
        query = query.where(mentions.c.brand == brand)
    with store.engine.connect() as conn:
        return [
            {
                "bucket": datetime.fromtimestamp(int(r.bucket), UTC),
                "brand": r.brand,
                "sentiment_label": r.sentiment_label,
                "mentions": int(r.mentions),
            }
            for r in conn.execute(query)
        ]


def mention_totals(store: Store, where: MentionFilter) -> dict[str, int]:
    """How many mentions match ``where``, and how many of them are negative or complaints."""
    negative = func.sum(case((items.c.sentiment_label == "negative", 1), else_=0))
    complaint = func.sum(case((items.c.complaint_terms != "[]", 1), else_=0))
    query = (
        select(func.count(), negative, complaint)
        .select_from(_JOINED)
        .where(and_(true(), *where.clauses()))
    )
    with store.engine.connect() as conn:
        total, neg, comp = conn.execute(query).one()
    return {"mentions": int(total), "negative": int(neg or 0), "complaints": int(comp or 0)}


def mention_facets(store: Store) -> dict[str, list[str]]:
    """The brands, sources, languages and sentiment labels that occur in stored mentions."""
    columns = {
        "brands": mentions.c.brand,
        "sources": items.c.source,
        "languages": items.c.lang,
        "sentiments": items.c.sentiment_label,
    }
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for name, column in columns.items():
            query = select(distinct(column)).select_from(_JOINED).order_by(column)
            out[name] = [v for (v,) in conn.execute(query) if v is not None]
    return out
