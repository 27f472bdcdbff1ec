"""How many new items each source has been bringing, for spotting a sudden silence.

Read by ``monitor.dips``: three aggregate queries over ``items`` for every source at
once (GROUP BY source).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import extract, func, select, tuple_

from monitor.store.db import Store
from monitor.store.schema import items, sources

__all__ = ["Activity", "source_activity"]


@dataclass(frozen=True)
class Activity:
    """A source's items fetched since some time, and how its polls are going."""

    source: str
    first: datetime  # the first poll in the period that brought items
    newest: datetime  # the last poll that brought items
    items: int  # items brought after ``first`` (that poll's batch may be a backlog)
    last_success_at: datetime | None  # its last successful poll (None: no state row)
    unchanged_polls: int  # successful polls in a row that brought nothing new
    # its items by hour of the day they were published (UTC), 24 counts; empty: unknown
    by_hour: tuple[int, ...] = ()

    @property
    def span(self) -> timedelta:
        """From the first to the last poll that brought items."""
        return self.newest - self.first


def source_activity(store: Store, since: datetime) -> dict[str, Activity]:
    """Every source with items fetched after ``since``, by name.

    The first poll's batch is counted apart: a source's first poll brings what its
    feed holds, often days of items at once, which is not the rate it brings new ones.
    Three aggregate queries whatever the number of sources, on the index of
    ``(source, fetched_at)``; the first batches are found with ``(source,
    fetched_at) IN (subquery)``, since a join of ``items`` with its own aggregate
    made SQLite read ``items`` once per source. ``by_hour`` counts items by the hour
    of the day they were published, in UTC on both databases.
    """
    recent = items.c.fetched_at > since
    bounds = (
        select(
            items.c.source,
            func.min(items.c.fetched_at).label("first"),
            func.max(items.c.fetched_at).label("newest"),
            func.count().label("total"),
        )
        .where(recent)
        .group_by(items.c.source)
        .subquery()
    )
    query = select(bounds, sources.c.last_success_at, sources.c.unchanged_polls).outerjoin(
        sources, sources.c.name == bounds.c.source
    )
    at_first = tuple_(items.c.source, items.c.fetched_at).in_(
        select(bounds.c.source, bounds.c.first)
    )
    first_batches = select(items.c.source, func.count()).where(at_first).group_by(items.c.source)
    published = items.c.event_at
    if store.dialect == "postgresql":  # the hour in UTC, whatever the session's time zone
        published = func.timezone("UTC", published)
    hour = extract("hour", published)
    hours = select(items.c.source, hour, func.count()).where(recent).group_by(items.c.source, hour)
    with store.engine.connect() as conn:
        batches = {source: n for source, n in conn.execute(first_batches)}
        by_hour: dict[str, list[int]] = {}
        for source, h, n in conn.execute(hours):
            by_hour.setdefault(source, [0] * 24)[int(h) % 24] += int(n)
        return {
            r.source: Activity(
                r.source,
                r.first,
                r.newest,
                int(r.total) - int(batches.get(r.source, 0)),
                r.last_success_at,
                int(r.unchanged_polls or 0),
                tuple(by_hour.get(r.source, ())),
            )
            for r in conn.execute(query)
        }
