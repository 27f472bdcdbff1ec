"""Reads for browsing millions of mentions from the dashboard: whether any is stored, the
values its filters offer, and one page of a filtered list, newest first.

Each stays about as quick on a million mentions as on a thousand: the facets are read as
a loose index scan, and a page chooses its mention ids along an index that gives the
order (``ix_mentions_time``, ``ix_mentions_brand_time``, ``ix_mentions_incident``) before
reading full rows for those ids only. Counting what matches is ``count_mentions(...,
at_most=N)`` in :mod:`monitor.store.mentions`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, func, select, true

from monitor.store.db import Store
from monitor.store.mentions import MentionFilter, _joined, _row_dict, _select_rows  # as listed
from monitor.store.schema import items, mentions

__all__ = ["any_mentions", "facet_values", "mention_page"]


def any_mentions(store: Store) -> bool:
    """Whether any mention is stored (one index probe)."""
    with store.engine.connect() as conn:
        return conn.execute(select(mentions.c.id).limit(1)).first() is not None


_FACETS = {
    "brands": mentions.c.brand,
    "sources": items.c.source,
    "languages": items.c.lang,
    "sentiments": items.c.sentiment_label,
}


def facet_values(store: Store) -> dict[str, list[str]]:
    """The brands, sources, languages and sentiment labels of the stored mentions, each
    sorted. Every stored item names a brand, so the items' values are the mentions'. Read
    as a loose index scan, one ``min(column) > previous`` probe per value, so millions of
    rows cost what their few distinct values do."""
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for name, column in _FACETS.items():
            values: list[str] = []
            while True:
                query = select(func.min(column))
                if values:
                    query = query.where(column > values[-1])
                value = conn.execute(query).scalar()
                if value is None:
                    break
                values.append(value)
            out[name] = values
    return out


def mention_page(
    store: Store, where: MentionFilter, offset: int = 0, limit: int = 100, many: bool = True
) -> list[dict[str, Any]]:
    """Rows ``offset`` to ``offset + limit`` of the mentions matching ``where``, newest
    first (as :func:`mention_rows` orders and shapes them).

    ``many``: more than a few thousand match, so the newest are found by walking the
    mentions newest first (the brand's, the incident's or all) and testing each item;
    otherwise through the filter's own indexes, then sorted. The page's ids are chosen
    first, so the full rows (and their story's copies) are read for those rows only.
    """
    page = (
        select(mentions.c.id)
        .select_from(_joined(where))
        .where(and_(true(), *where.clauses("mentions" if many else "all")))
        .order_by(mentions.c.event_at.desc(), mentions.c.id)
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    query = (
        _select_rows()
        .join(page, page.c.id == mentions.c.id)
        .order_by(mentions.c.event_at.desc(), mentions.c.id)
    )
    with store.engine.connect() as conn:
        return [_row_dict(row._mapping) for row in conn.execute(query)]
