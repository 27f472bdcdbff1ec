"""The dashboard's data layer: every read goes through here, cached.

The config and the database handle are a cached resource (one per config file,
reloaded when the file changes); queries are cached data with a short TTL,
keyed by the database URL so two configs never share results. Reads go only
through ``monitor``'s store and export API; nothing here touches the network.
A database problem surfaces as :class:`monitor.errors.StoreError` with a
one-line message, which ``app.py`` shows instead of a traceback.
"""

from __future__ import annotations

import functools
import io
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard.format import web_url
from monitor.complaintstatus import RESOLVED_STATUSES
from monitor.config import Config, load_config
from monitor.coverage import TOPIC as COVERAGE_TOPIC
from monitor.coverage import Coverage, assess_coverage
from monitor.dips import PREFIX as DIP_PREFIX
from monitor.errors import StoreError
from monitor.export import export_mentions
from monitor.models import Incident
from monitor.ownership import tier_sla
from monitor.store import Store, open_store
from monitor.store.alerts import list_alerts
from monitor.store.complainthistory import complaint_history as history_rows
from monitor.store.complaints import list_complaints
from monitor.store.incidents import get_incident, list_incidents
from monitor.store.mentionpages import any_mentions, facet_values, mention_page
from monitor.store.mentions import MentionFilter, count_mentions
from monitor.store.mentions import posts_to_watch as watch_list
from monitor.store.opsstate import open_episodes, read_ops_state
from monitor.store.reports import mention_totals, mention_volume
from monitor.store.sourcestate import source_health
from monitor.timeline import TimelineEntry, incident_timeline

__all__ = [
    "COUNT_CAP",
    "MENTION_DETAIL_COLUMNS",
    "MENTION_TABLE_COLUMNS",
    "Monitor",
    "alerts",
    "blind_since",
    "clock",
    "complaint_board",
    "complaint_history",
    "complaints",
    "config",
    "connect",
    "count",
    "coverage",
    "current",
    "export_file",
    "facets",
    "forget_complaints",
    "has_mentions",
    "incident",
    "incident_frame",
    "incidents",
    "mention_table",
    "now",
    "posts_to_watch",
    "silent_sources",
    "sources",
    "timeline",
    "totals",
    "volume",
]

TTL = timedelta(seconds=30)
_PATH_KEY = "monitor_config_path"
T = TypeVar("T")


@dataclass(frozen=True)
class Monitor:
    """What the dashboard reads from: the validated config and its open store."""

    config: Config
    store: Store


def connect(path: str) -> Monitor:
    """Load the config at ``path`` and open its database for this session.

    Raises ConfigError or StoreError; the result is shared by every session.
    """
    monitor = _open(os.path.abspath(path), _mtime(path))
    st.session_state[_PATH_KEY] = path
    return monitor


def _mtime(path: str) -> float | None:
    try:
        return os.path.getmtime(path)
    except OSError:
        return None


@st.cache_resource(show_spinner=False)
def _open(path: str, mtime: float | None) -> Monitor:
    # ``mtime`` is part of the cache key, so editing sources.yaml reloads it
    config = load_config(path)
    return Monitor(config, _store(config.database))


@st.cache_resource(show_spinner=False)
def _store(url: str) -> Store:
    return open_store(url)  # raises StoreError with a one-line reason


def _unusable(what: str, exc: SQLAlchemyError) -> StoreError:
    reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    return StoreError(f"{what}: {reason}")


def _current() -> Monitor:
    path = st.session_state.get(_PATH_KEY)
    if path is None:
        raise StoreError("no config loaded: start the dashboard with `monitor dashboard`")
    return connect(path)


def config() -> Config:
    """The validated config of this dashboard."""
    return _current().config


def current() -> Monitor:
    """This dashboard's config and open store, for the few actions a page hands to
    ``monitor`` (acknowledging or assigning a complaint)."""
    return _current()


def clock() -> datetime:
    """The current time in UTC: when an action happened (tests pin it)."""
    return datetime.now(UTC)


def now() -> datetime:
    """The current time in UTC, to the minute (so cached queries are reused within a minute)."""
    return clock().replace(second=0, microsecond=0)


def _query(fn: Callable[..., T] | None = None, *, max_entries: int | None = None):
    """Cache ``fn(store, ...)`` per database URL; turn database errors into StoreError."""
    if fn is None:
        return functools.partial(_query, max_entries=max_entries)

    def query(url: str, *args: Any, **kwargs: Any) -> T:
        try:
            return fn(_store(url), *args, **kwargs)
        except SQLAlchemyError as exc:
            raise _unusable("cannot read the database", exc) from None

    # Streamlit keys a cache by module, qualified name and source: name each one apart
    query.__qualname__ = f"query.{fn.__name__}"
    cached = st.cache_data(ttl=TTL, max_entries=max_entries, show_spinner=False)(query)

    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> T:
        return cached(_current().config.database, *args, **kwargs)

    run.clear = cached.clear  # type: ignore[attr-defined]  # forget every cached result
    return run


@_query
def totals(store: Store, where: MentionFilter) -> dict[str, int]:
    """Mentions matching ``where``: ``mentions``, ``negative``, ``complaints`` (every one
    counted: for a day or an incident; :func:`count` for what may match millions)."""
    return mention_totals(store, where)


@_query
def has_mentions(store: Store) -> bool:
    """Whether any mention is stored yet."""
    return any_mentions(store)


COUNT_CAP = 10_000  # mentions counted for a list at most; past it: "more than 10,000"


def count(where: MentionFilter, at_most: int | None = None) -> int:
    """Mentions matching ``where``, counted up to ``at_most + 1`` (which means more than
    ``at_most``; by default ``COUNT_CAP``), so it stays quick on millions."""
    return _count(where, COUNT_CAP if at_most is None else at_most)


@_query
def _count(store: Store, where: MentionFilter, at_most: int) -> int:
    return count_mentions(store, where, at_most=at_most)


@_query
def facets(store: Store) -> dict[str, list[str]]:
    """Brands, sources, languages and sentiment labels present in the stored mentions."""
    return facet_values(store)


@_query
def volume(
    store: Store, since: datetime, until: datetime, bucket: timedelta, brand: str | None = None
) -> pd.DataFrame:
    """Mentions per bucket, brand and sentiment (columns bucket, brand, sentiment_label,
    mentions)."""
    rows = mention_volume(store, since, until, bucket, brand)
    return pd.DataFrame(rows, columns=["bucket", "brand", "sentiment_label", "mentions"])


MENTION_TABLE_COLUMNS = [
    "event_at", "brand", "source", "title", "url", "sentiment_label", "sentiment",
    "early_warning", "lang", "complaint", "complaint_terms", "risk_terms", "incident_id", "id",
]  # fmt: skip


# what a page shows for one picked mention, besides its table columns
MENTION_DETAIL_COLUMNS = ["text", "alias", "spans", "safety_terms"]


def mention_table(where: MentionFilter, limit: int = 500, offset: int = 0) -> pd.DataFrame:
    """Mentions matching ``where``, newest first, from the ``offset``-th, ``limit`` of them:
    ``MENTION_TABLE_COLUMNS`` (terms joined by commas), then ``MENTION_DETAIL_COLUMNS``
    (spans and safety terms as lists)."""
    return _mention_table(where, limit, offset, many=count(where) > COUNT_CAP)


@_query
def _mention_table(
    store: Store, where: MentionFilter, limit: int, offset: int, many: bool
) -> pd.DataFrame:
    rows = mention_page(store, where, offset=offset, limit=limit, many=many)
    frame = pd.DataFrame(rows, columns=[*MENTION_TABLE_COLUMNS, *MENTION_DETAIL_COLUMNS])
    for column in ("complaint_terms", "risk_terms"):
        frame[column] = frame[column].map(", ".join)
    frame["url"] = frame["url"].map(web_url)  # a LinkColumn opens it: http(s) only
    return frame


WATCH_COLUMNS = ["early_warning", "title", "source", "brand", "url", "event_at"]


def posts_to_watch(where: MentionFilter, limit: int = 5) -> pd.DataFrame:
    """The ``limit`` posts matching ``where`` with the highest early-warning score, best
    first (``WATCH_COLUMNS``; see ``monitor.earlywarning``); empty when none has one."""
    return _posts_to_watch(where, limit, many=count(where) > COUNT_CAP)


@_query
def _posts_to_watch(store: Store, where: MentionFilter, limit: int, many: bool) -> pd.DataFrame:
    return pd.DataFrame(watch_list(store, where, limit, many=many), columns=WATCH_COLUMNS)


@_query
def incidents(store: Store, brand: str | None = None, status: str | None = None) -> list[Incident]:
    """Incidents, newest first."""
    return list_incidents(store, brand=brand, status=status)


@_query
def incident(store: Store, incident_id: int) -> Incident | None:
    return get_incident(store, incident_id)


INCIDENT_COLUMNS = [
    "id", "brand", "severity", "status", "signals", "began_at", "observed", "expected",
    "score", "peak_score", "summary",
]  # fmt: skip


def incident_frame(found: list[Incident]) -> pd.DataFrame:
    """Incidents as a table (``INCIDENT_COLUMNS``), for lists and chart markers."""
    rows = [
        {"id": i.id, "brand": i.brand, "severity": i.severity, "status": i.status,
         "signals": i.kind.replace("+", ", "), "began_at": i.began_at, "observed": i.observed,
         "expected": i.expected, "score": i.score, "peak_score": i.peak_score,
         "summary": i.summary}
        for i in found
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=INCIDENT_COLUMNS)


COMPLAINT_COLUMNS = [
    "external_id", "brand", "channel", "created_at", "status", "priority", "owner",
    "sla_due_at", "incident_id", "link_reason", "category", "customer", "text",
]  # fmt: skip


@_query
def complaints(
    store: Store, brand: str | None = None, incident_id: int | None = None
) -> pd.DataFrame:
    """Complaint records, oldest first."""
    rows = list_complaints(store, incident_id=incident_id, brand=brand)
    return pd.DataFrame(rows, columns=COMPLAINT_COLUMNS)


BOARD_LIMIT = 50_000  # records read for the Complaints page (the oldest first)
COMPLAINT_BOARD_COLUMNS = [
    "id", *COMPLAINT_COLUMNS, "updated_at", "level", "tier", "safety", "acknowledged_at",
    "resolved_at", "link_score", "cluster_id",
]  # fmt: skip


def complaint_board(brand: str | None = None) -> pd.DataFrame:
    """Complaint records for the Complaints page, oldest first.

    Columns: ``COMPLAINT_BOARD_COLUMNS`` (an unplaced record's ``level`` and ``tier`` where
    it starts; ``safety`` a bool), then ``resolved`` (its status says so, as
    ``monitor.ownership`` reads it), ``sla`` (the time allowed at its tier,
    ``monitor.ownership.tier_sla``) and ``cluster_size`` (1 when alone).
    """
    frame = _complaint_rows(brand).copy()
    settings = config().complaints
    last = len(settings.tiers) - 1
    frame["safety"] = frame["safety"].astype("boolean").fillna(False).astype(bool)
    start = frame["safety"].map(settings.start_level)  # where a record never placed starts
    frame["level"] = pd.to_numeric(frame["level"]).fillna(start).astype(int).clip(0, last)
    frame["tier"] = frame["tier"].fillna(frame["level"].map(lambda i: settings.tiers[i].name))
    frame["resolved"] = frame["status"].str.lower().isin(RESOLVED_STATUSES)
    frame["sla"] = [
        tier_sla(settings, row.level, row.priority, row.safety)
        for row in frame[["level", "priority", "safety"]].itertuples()
    ]
    # a cluster's head has no cluster_id, or its own id
    group = pd.to_numeric(frame["cluster_id"]).fillna(frame["id"])
    frame["cluster_size"] = group.map(group.value_counts()).astype(int)
    return frame


@_query
def _complaint_rows(store: Store, brand: str | None) -> pd.DataFrame:
    rows = list_complaints(store, brand=brand, limit=BOARD_LIMIT)
    return pd.DataFrame(rows, columns=COMPLAINT_BOARD_COLUMNS)


HISTORY_COLUMNS = ["at", "actor", "action", "changes", "note"]


@_query
def complaint_history(store: Store, complaint_id: int) -> pd.DataFrame:
    """A complaint's history, oldest first (``HISTORY_COLUMNS``; ``changes`` as
    ``{field: [old, new]}``)."""
    return pd.DataFrame(history_rows(store, complaint_id), columns=HISTORY_COLUMNS)


def forget_complaints() -> None:
    """Drop every cached read that shows complaints, after an action changed one."""
    for query in (complaints, _complaint_rows, complaint_history, timeline):
        query.clear()  # type: ignore[attr-defined]


@_query
def timeline(store: Store, incident_id: int) -> list[TimelineEntry]:
    """The incident's steps in time order, from its first related complaint to its
    closing (``monitor.timeline``); empty for an unknown incident."""
    found = get_incident(store, incident_id)
    return incident_timeline(store, found) if found is not None else []


ALERT_COLUMNS = [
    "channel", "event", "severity", "status", "attempts", "created_at", "sent_at", "last_error",
]  # fmt: skip


@_query
def alerts(store: Store, incident_id: int) -> pd.DataFrame:
    """The alerts queued or sent for one incident."""
    return pd.DataFrame(list_alerts(store, incident_id=incident_id), columns=ALERT_COLUMNS)


SOURCE_COLUMNS = [
    "name", "type", "url", "last_checked_at", "last_success_at", "next_check_at", "last_status",
    "error_count", "last_error", "last_warning", "problem", "disabled", "last_items",
    "unchanged_polls", "interval_seconds", "items_seen", "mentions_added",
]  # fmt: skip
# a source's health, worst first: what the Sources page sorts and colours by
HEALTH = ("disabled", "blocked", "failing", "empty", "not polled yet", "ok")


def sources() -> pd.DataFrame:
    """Every configured source with its polling state; a source never polled has no times.

    Columns: ``SOURCE_COLUMNS`` plus ``configured`` (False for a state row whose source
    was removed from the config) and ``health`` (one of ``HEALTH``).
    """
    configured = [(s.name, s.type, s.url) for s in config().sources]
    return _sources(tuple(configured))


@_query
def _sources(store: Store, configured: tuple[tuple[str, str, str], ...]) -> pd.DataFrame:
    state = {row["name"]: row for row in source_health(store)}
    rows = []
    for name, kind, url in configured:
        row = state.pop(name, None) or {
            "name": name,
            "type": kind,
            "url": url,
            "error_count": 0,
            "disabled": False,
        }
        rows.append({**row, "configured": True})
    rows += [{**row, "configured": False} for row in state.values()]
    rows = [{**row, "health": _health(row)} for row in rows]
    return pd.DataFrame(rows, columns=[*SOURCE_COLUMNS, "configured", "health"])


def _health(row: dict[str, Any]) -> str:
    # as monitor.coverage counts it: a row from before ``problem`` existed fails by its errors
    if row.get("disabled") or row.get("problem") == "disabled":
        return "disabled"
    if row.get("problem") in ("blocked", "failing", "empty"):
        return row["problem"]
    if row.get("error_count"):
        return "failing"
    return "not polled yet" if row.get("last_checked_at") is None else "ok"


def coverage() -> Coverage:
    """Which enabled sources the monitor is blind to, by problem (``monitor.coverage``)."""
    settings = config()
    enabled = tuple(sorted(s.name for s in settings.sources if s.enabled))
    return _coverage(enabled, _config=settings)


@_query
def _coverage(store: Store, enabled: tuple[str, ...], _config: Config) -> Coverage:
    # ``enabled`` keys the cache: it is all of the config that coverage reads
    return assess_coverage(_config, store)


@_query
def blind_since(store: Store) -> datetime | None:
    """When the open "partly blind" ops episode began (its ops alert was queued), or None."""
    state = read_ops_state(store, COVERAGE_TOPIC)
    return state["opened_at"] if state else None


@_query
def silent_sources(store: Store) -> list[dict[str, Any]]:
    """The sources in an open dip (``monitor.dips``), by name: their episodes' details."""
    return sorted(open_episodes(store, DIP_PREFIX).values(), key=lambda d: str(d.get("source")))


EXPORT_MIME = {
    "csv": "text/csv",
    "jsonl": "application/x-ndjson",
    "parquet": "application/vnd.apache.parquet",
}


@_query(max_entries=4)  # files can be large: keep only the last few
def export_file(store: Store, where: MentionFilter, fmt: str) -> tuple[bytes, int]:
    """The export of every mention matching ``where`` in ``fmt``, and its row count."""
    buffer = io.BytesIO()
    count = export_mentions(store, where, fmt, buffer)
    return buffer.getvalue(), count
