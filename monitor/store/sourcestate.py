"""Per-source polling state: validators, schedule, errors. Storage decides what is due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Connection

from monitor.config import Source
from monitor.store.db import Store, insert_ignore
from monitor.store.schema import source_outages, sources

Outage = tuple[datetime, datetime | None]  # began, ended (None: still out)

__all__ = [
    "Outage",
    "claim_due",
    "outages",
    "record_failure",
    "record_success",
    "reset_source",
    "source_health",
    "sync_sources",
]


def sync_sources(store: Store, configured: Sequence[Source]) -> None:
    """Make sure every configured source has a state row; a changed URL forgets validators.

    Reads the stored (name, url, type) once and writes only what is new or changed,
    so a round over thousands of unchanged sources costs one query.
    """
    with store.engine.begin() as conn:
        stored = {
            name: (url, kind)
            for name, url, kind in conn.execute(
                select(sources.c.name, sources.c.url, sources.c.type)
            )
        }
        insert_ignore(
            conn,
            sources,
            [
                {
                    "name": s.name,
                    "type": s.type,
                    "url": s.url,
                    "error_count": 0,
                    "items_seen": 0,
                    "mentions_added": 0,
                    "disabled": False,
                }
                for s in configured
                if s.name not in stored
            ],
        )
        for s in configured:
            if s.name in stored and stored[s.name] != (s.url, s.type):
                conn.execute(
                    update(sources)
                    .where(sources.c.name == s.name)
                    .values(
                        url=s.url, type=s.type, etag=None, last_modified=None, next_check_at=None
                    )
                )


def claim_due(
    store: Store, names: Sequence[str], now: datetime, hold_until: datetime, due_only: bool = True
) -> list[dict[str, Any]]:
    """Pick the sources that are due and push their ``next_check_at`` to ``hold_until``.

    Setting the next check before fetching means a crash mid-poll never makes a
    source hammer its server, and a second worker does not take the same source:
    the claim is one ``UPDATE ... RETURNING`` whose condition is the due check
    itself (PostgreSQL also skips rows another worker has locked).
    """
    claimed: list[dict[str, Any]] = []
    with store.engine.begin() as conn:
        for start in range(0, len(names), 500):
            chunk = list(names[start : start + 500])
            due = select(sources.c.name).where(
                sources.c.name.in_(chunk), sources.c.disabled.is_(False)
            )
            if due_only:
                due = due.where(
                    or_(sources.c.next_check_at.is_(None), sources.c.next_check_at <= now)
                )
            if store.dialect == "postgresql":
                due = due.with_for_update(skip_locked=True)
            claim = (
                update(sources)
                .where(sources.c.name.in_(due.scalar_subquery()))
                .values(next_check_at=hold_until)
                .returning(*sources.c)
            )
            claimed += [dict(r._mapping) for r in conn.execute(claim)]
    return claimed


def record_success(
    store: Store,
    name: str,
    now: datetime,
    next_check_at: datetime,
    status: int | None,
    etag: str | None,
    last_modified: str | None,
    items_seen: int,
    mentions_added: int,
    *,
    full: bool = True,
    unchanged_polls: int = 0,
    interval: float | None = None,
    digest: str | None = None,
    problem: str | None = None,
    warning: str | None = None,
) -> None:
    """Record a successful poll. ``full`` is False for a 304 (no body, items unknown).

    ``problem`` is None, or ``empty`` for a feed that suddenly has no entries.
    """
    values: dict[str, Any] = {
        "last_checked_at": now,
        "last_success_at": now,
        "next_check_at": next_check_at,
        "last_status": status,
        "last_error": None,
        "error_count": 0,
        "etag": etag,
        "last_modified": last_modified,
        "items_seen": sources.c.items_seen + items_seen,
        "mentions_added": sources.c.mentions_added + mentions_added,
        "unchanged_polls": unchanged_polls,
        "interval_seconds": interval,
        "problem": problem,
        "last_warning": warning,
    }
    if full:
        values.update(last_items=items_seen, content_digest=digest, last_body_at=now)
    with store.engine.begin() as conn:
        if problem == "empty":  # answering, but with nothing: as blind as a failure
            _open_outage(conn, name, now)
        else:
            _close_outage(conn, name, now)
        conn.execute(update(sources).where(sources.c.name == name).values(**values))


def record_failure(
    store: Store,
    name: str,
    now: datetime,
    next_check_at: datetime,
    status: int | None,
    error: str,
    error_limit: int,
    *,
    problem: str = "failing",
    interval: float | None = None,
) -> int:
    """Record an error on the source; disable it past ``error_limit``. Returns the error count.

    ``problem`` is ``failing`` or ``blocked`` (a bot wall, a 403, robots.txt); a
    disabled source's problem is ``disabled``.
    """
    with store.engine.begin() as conn:
        _open_outage(conn, name, now)
        conn.execute(
            update(sources)
            .where(sources.c.name == name)
            .values(
                last_checked_at=now,
                next_check_at=next_check_at,
                last_status=status,
                last_error=error,
                error_count=sources.c.error_count + 1,
                problem=problem,
                interval_seconds=interval,
            )
        )
        count = conn.execute(
            select(sources.c.error_count).where(sources.c.name == name)
        ).scalar_one()
        if count >= error_limit:
            conn.execute(
                update(sources)
                .where(sources.c.name == name)
                .values(disabled=True, problem="disabled")
            )
    return int(count)


def _open_outage(conn: Connection, name: str, now: datetime) -> None:
    """Start an outage of the source unless one is open: from its last successful poll
    (what it published since then is not seen yet), or ``now`` if it never had one."""
    open_one = select(source_outages.c.id).where(
        source_outages.c.source == name, source_outages.c.ended_at.is_(None)
    )
    if conn.execute(open_one).first() is not None:
        return
    last = conn.execute(
        select(sources.c.last_success_at).where(sources.c.name == name)
    ).scalar_one_or_none()
    insert_ignore(conn, source_outages, [{"source": name, "began_at": min(last or now, now)}])


def _close_outage(conn: Connection, name: str, now: datetime) -> None:
    conn.execute(
        update(source_outages)
        .where(source_outages.c.source == name, source_outages.c.ended_at.is_(None))
        .values(ended_at=now)
    )


def outages(store: Store, since: datetime, until: datetime) -> dict[str, list[Outage]]:
    """Each source's outages that overlap ``[since, until)``; an open one ends ``None``."""
    query = (
        select(source_outages.c.source, source_outages.c.began_at, source_outages.c.ended_at)
        .where(
            source_outages.c.began_at < until,
            or_(source_outages.c.ended_at.is_(None), source_outages.c.ended_at > since),
        )
        .order_by(source_outages.c.began_at)
    )
    found: dict[str, list[Outage]] = {}
    with store.engine.connect() as conn:
        for source, began, ended in conn.execute(query):
            found.setdefault(source, []).append((began, ended))
    return found


def reset_source(store: Store, name: str) -> bool:
    """Re-enable a source, clear its errors and make it due now. False if unknown."""
    with store.engine.begin() as conn:
        result = conn.execute(
            update(sources)
            .where(sources.c.name == name)
            .values(
                disabled=False, error_count=0, last_error=None, next_check_at=None, problem=None
            )
        )
    return result.rowcount > 0


def source_health(store: Store) -> list[dict[str, Any]]:
    """Every source's state, for the Sources page and ``monitor sources``."""
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(sources).order_by(sources.c.name))]
