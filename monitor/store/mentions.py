"""Items and their brand mentions: save once, read for detection, export and the dashboard."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import and_, bindparam, func, literal, or_, select, true, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from monitor.earlywarning import engagement
from monitor.models import Item, Mention
from monitor.store.db import Store, insert_ignore, insert_new
from monitor.store.engagement import grown_metrics, stored_items
from monitor.store.schema import items, mentions
from monitor.stories import WINDOW, Candidate, choose_story, fingerprint

__all__ = [
    "MentionFilter",
    "MentionTime",
    "count_mentions",
    "mention_rows",
    "mention_times",
    "posts_to_watch",
    "reach_weight",
    "save_items",
    "assign_incident",
    "story_copies",
]

# the newest few copies decide: a copy-paste campaign of thousands of near-identical posts
# must not make every new item compare itself with all of them
MAX_CANDIDATES = 8
_BANDS = [items.c.band0, items.c.band1, items.c.band2, items.c.band3]
# Built once with bound parameters: one compiled statement serves every new item.
_CANDIDATES = (
    select(items.c.id, items.c.story_id, items.c.title, items.c.text)
    .where(
        or_(*(band == bindparam(f"b{i}") for i, band in enumerate(_BANDS))),
        items.c.event_at >= bindparam("since"),
        items.c.event_at <= bindparam("until"),
        items.c.story_id.is_not(None),
    )
    .order_by(items.c.id.desc())
    .limit(MAX_CANDIDATES)
)
_SET_STORY = (
    update(items)
    .where(items.c.id == bindparam("item_id"))
    .values(
        story_id=bindparam("story"),
        **{band.name: bindparam(f"b{i}") for i, band in enumerate(_BANDS)},
    )
)


def save_items(store: Store, found: Sequence[tuple[Item, Sequence[Mention]]]) -> int:
    """Store new items and their mentions; known items are ignored. Returns new mentions.

    A new item joins the story of a syndicated copy stored in the days around it, or
    starts its own (see ``monitor.stories``). A known item whose reach figures grew
    gets them, with a new early-warning score (see ``monitor.store.engagement``).
    """
    found = list(found)
    if not found:
        return 0
    with store.engine.begin() as conn:
        new = set(insert_new(conn, items, [_item_row(item) for item, _ in found], items.c.key))
        stored = stored_items(conn, (item.key for item, _ in found))
        ids = {key: row.id for key, row in stored.items()}
        for item, _ in found:
            if item.key in new:
                _join_story(conn, ids[item.key], item)
        seen_again = [(i.key, i.metrics, i.fetched_at) for i, _ in found if i.key not in new]
        grown_metrics(conn, seen_again, stored)
        return insert_ignore(
            conn,
            mentions,
            [
                {
                    "item_id": ids[item.key],
                    "brand": m.brand,
                    "alias": m.alias,
                    "spans": json.dumps([list(s) for s in m.spans]),
                    "event_at": item.event_at,
                }
                for item, item_mentions in found
                for m in item_mentions
            ],
        )


def _join_story(conn: Connection, item_id: int, item: Item) -> None:
    """Fingerprint a new item; put it in the story of the most similar stored copy that
    shares a band with it in the window around its time, or in a story of its own."""
    fp = fingerprint(item.title, item.text)
    bands = {f"b{i}": band for i, band in enumerate(fp.bands or (None,) * len(_BANDS))}
    story = None
    if fp.bands is not None:
        window = {
            "since": item.event_at - WINDOW,
            "until": item.event_at + WINDOW,
        }
        rows = conn.execute(_CANDIDATES, bands | window)
        story = choose_story(fp, (Candidate(*row) for row in rows))
    conn.execute(_SET_STORY, {"item_id": item_id, "story": story or item_id} | bands)


def story_copies(store: Store, story_id: int) -> int:
    """How many stored items are copies of one story (1 for a story told once)."""
    query = select(func.count()).select_from(items).where(items.c.story_id == story_id)
    with store.engine.connect() as conn:
        return max(1, int(conn.execute(query).scalar_one()))


def _item_row(item: Item) -> dict[str, Any]:
    a = item.analysis
    return {
        "key": item.key,
        "source": item.source,
        "url": item.url,
        "title": item.title,
        "text": item.text,
        "author": item.author,
        "published_at": item.published_at,
        "fetched_at": item.fetched_at,
        "event_at": item.event_at,
        "lang": a.lang,
        "sentiment": a.sentiment,
        "sentiment_label": a.sentiment_label,
        "complaint_terms": json.dumps(list(a.complaint_terms), ensure_ascii=False),
        "risk_terms": json.dumps(list(a.risk_terms), ensure_ascii=False),
        "safety_terms": json.dumps(list(a.safety_terms), ensure_ascii=False),
        "metrics": json.dumps(item.metrics),
        "early_warning": item.early_warning,
    }


class MentionTime(NamedTuple):
    """What detection needs of one mention."""

    at: datetime  # event time: publication, capped at fetch
    label: str  # sentiment label
    complaint: bool  # holds a complaint term
    safety: bool  # holds a safety-critical term
    source: str
    lang: str
    reach: float  # weight in the reach-weighted volume: 1 + log10(1 + engagements)


def reach_weight(metrics: str | None) -> float:
    """A mention's weight in the reach-weighted volume, from its stored ``metrics`` JSON:
    ``1 + log10(1 + E)`` with ``E`` the weighted engagements (monitor/earlywarning.py),
    so a post without figures counts 1, one with 1,000 engagements 4, a million 7."""
    if not metrics or metrics == "{}":
        return 1.0
    try:
        figures = json.loads(metrics)
    except ValueError:
        return 1.0
    if not isinstance(figures, dict):
        return 1.0
    return 1.0 + math.log10(1.0 + engagement(figures))


def mention_times(
    store: Store, brand: str, since: datetime, until: datetime, limit: int | None = None
) -> list[MentionTime]:
    """A brand's mentions in ``[since, until)``, in time order, as detection counts them."""
    query = (
        select(
            mentions.c.event_at,
            items.c.sentiment_label,
            items.c.complaint_terms,
            items.c.safety_terms,
            items.c.source,
            items.c.lang,
            items.c.metrics,
        )
        .join(items, items.c.id == mentions.c.item_id)
        .where(mentions.c.brand == brand, mentions.c.event_at >= since, mentions.c.event_at < until)
        .order_by(mentions.c.event_at)
        .limit(limit)
    )
    with store.engine.connect() as conn:
        return [
            MentionTime(
                r[0], r[1], r[2] != "[]", r[3] not in (None, "[]"), r[4], r[5], reach_weight(r[6])
            )
            for r in conn.execute(query)
        ]


@dataclass(frozen=True)
class MentionFilter:
    """Filters shared by export, the dashboard and the CLI. ``None`` means any."""

    brand: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    lang: str | None = None
    sentiment_label: str | None = None
    complaint: bool | None = None
    incident_id: int | None = None
    search: str | None = None

    def clauses(self, indexed: str = "all") -> list[Any]:
        """The WHERE terms. ``indexed``: which of them SQLite may look up through an
        index: ``all``, ``mentions`` (not the items' columns) or ``none`` (to make it walk
        an order-giving index instead; other databases plan with statistics)."""
        m = _Columns(mentions, indexed == "all" or indexed == "mentions")
        i = _Columns(items, indexed == "all")
        out = []
        if self.brand:
            out.append(m.brand == self.brand)
        if self.since:
            out.append(m.event_at >= self.since)
        if self.until:
            out.append(m.event_at < self.until)
        if self.source:
            out.append(i.source == self.source)
        if self.lang:
            out.append(i.lang == self.lang)
        if self.sentiment_label:
            out.append(i.sentiment_label == self.sentiment_label)
        if self.complaint is not None:
            has_terms = i.complaint_terms != "[]"
            out.append(has_terms if self.complaint else ~has_terms)
        if self.incident_id is not None:
            out.append(m.incident_id == self.incident_id)
        if self.search:
            like = f"%{self.search}%"
            out.append(items.c.title.ilike(like) | items.c.text.ilike(like))
        return out

    def reads_items(self) -> bool:
        """Whether a term is on the item (source, language, sentiment, complaint, text)."""
        return (
            bool(self.source or self.lang or self.sentiment_label or self.search)
            or self.complaint is not None
        )


class _unindexed(FunctionElement[Any]):
    """A column SQLite must not look up through an index: ``+column`` (SQLite's documented
    way); the bare column elsewhere."""

    inherit_cache = True

    def __init__(self, column: Any):
        super().__init__(column)
        self.type = column.type


@compiles(_unindexed)
def _bare(element: _unindexed, compiler: Any, **kw: Any) -> str:
    return compiler.process(element.clauses.clauses[0], **kw)


@compiles(_unindexed, "sqlite")
def _plus(element: _unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + compiler.process(element.clauses.clauses[0], **kw)


class _Columns:
    """A table's columns, as they are or each wrapped in ``_unindexed``."""

    def __init__(self, table: Any, indexed: bool):
        self._table, self._indexed = table, indexed

    def __getattr__(self, name: str) -> Any:
        column = self._table.c[name]
        return column if self._indexed else _unindexed(column)


def _select_rows():
    copies = items.alias("copies")
    count = (
        select(func.count())
        .select_from(copies)
        .where(copies.c.story_id == items.c.story_id)
        .scalar_subquery()
    )
    return select(
        mentions.c.id,
        mentions.c.brand,
        items.c.source,
        items.c.url,
        items.c.title,
        items.c.text,
        items.c.published_at,
        items.c.fetched_at,
        mentions.c.event_at,
        items.c.lang,
        items.c.sentiment,
        items.c.sentiment_label,
        items.c.complaint_terms,
        items.c.risk_terms,
        items.c.safety_terms,
        mentions.c.incident_id,
        mentions.c.alias,
        mentions.c.spans,
        items.c.author,
        items.c.metrics,
        items.c.early_warning,
        items.c.story_id,
        count.label("copies"),
    ).join(items, items.c.id == mentions.c.item_id)


def mention_rows(
    store: Store,
    where: MentionFilter,
    limit: int | None = None,
    newest_first: bool = False,
    batch: int = 2000,
):
    """Yield mention rows as dicts (see ``_row_dict`` for the keys), streaming in batches."""
    query = _select_rows().where(and_(true(), *where.clauses()))
    order = mentions.c.event_at.desc() if newest_first else mentions.c.event_at
    query = query.order_by(order, mentions.c.id)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=batch).execute(query)
        for row in result:
            yield _row_dict(row._mapping)


def _row_dict(m) -> dict[str, Any]:
    complaint_terms = json.loads(m["complaint_terms"])
    return {
        "id": m["id"],
        "brand": m["brand"],
        "source": m["source"],
        "url": m["url"],
        "title": m["title"],
        "text": m["text"],
        "published_at": m["published_at"],
        "fetched_at": m["fetched_at"],
        "event_at": m["event_at"],
        "lang": m["lang"],
        "sentiment": m["sentiment"],
        "sentiment_label": m["sentiment_label"],
        "complaint": bool(complaint_terms),
        "complaint_terms": complaint_terms,
        "risk_terms": json.loads(m["risk_terms"]),
        "safety_terms": json.loads(m["safety_terms"] or "[]"),
        "incident_id": m["incident_id"],
        "alias": m["alias"],
        "spans": _spans(m.get("spans")),
        "author": m["author"],
        "metrics": json.loads(m["metrics"]),
        "early_warning": m["early_warning"],  # None for items stored before the score
        "story_id": m["story_id"],
        "copies": max(1, m["copies"] or 0),
    }


def posts_to_watch(
    store: Store, where: MentionFilter, limit: int = 5, many: bool = False
) -> list[dict[str, Any]]:
    """The ``limit`` items matching ``where`` with the highest early-warning score, best
    first, as mention rows (one per item: a post naming two brands is listed once).
    ``many``: many mentions match, so walk the items best score first (its index) and
    test each, rather than sort every match."""
    query = (
        _select_rows()
        .where(and_(items.c.early_warning > 0, *where.clauses("none" if many else "all")))
        .order_by(items.c.early_warning.desc(), mentions.c.event_at.desc(), mentions.c.id)
        .limit(limit * 4)
    )
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for row in conn.execute(query):
            found = _row_dict(row._mapping)
            out.setdefault((found["source"], found["url"], found["title"]), found)
    return list(out.values())[:limit]


def _spans(stored: str | None) -> list[list[int]]:
    """``[[start, end], ...]`` offsets into ``matched_text(title, text)``; [] when unknown."""
    return [[int(start), int(end)] for start, end in json.loads(stored or "[]")]


def count_mentions(store: Store, where: MentionFilter, at_most: int | None = None) -> int:
    """How many mentions match ``where``; with ``at_most``, counting stops past it, so
    ``at_most + 1`` means "more than ``at_most``" (a count that stays cheap on millions)."""
    found = select(literal(1)).select_from(_joined(where)).where(and_(true(), *where.clauses()))
    if at_most is not None:
        found = found.limit(at_most + 1)
    query = select(func.count()).select_from(found.subquery())
    with store.engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


def _joined(where: MentionFilter) -> Any:
    """Mentions, joined to their items only when ``where`` reads an item's columns."""
    if where.reads_items():
        return mentions.join(items, items.c.id == mentions.c.item_id)
    return mentions


def assign_incident(
    store: Store, brand: str, since: datetime, until: datetime, incident_id: int
) -> int:
    """Link a brand's unlinked mentions in ``[since, until)`` to an incident."""
    stmt = (
        update(mentions)
        .where(
            mentions.c.brand == brand,
            mentions.c.event_at >= since,
            mentions.c.event_at < until,
            mentions.c.incident_id.is_(None),
        )
        .values(incident_id=incident_id)
    )
    with store.engine.begin() as conn:
        return conn.execute(stmt).rowcount


def known_keys(store: Store, keys: Iterable[str]) -> set[str]:
    """Which of these natural keys are stored already (one query per 500 keys)."""
    wanted = list(dict.fromkeys(keys))
    found: set[str] = set()
    with store.engine.connect() as conn:
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found.update(conn.execute(select(items.c.key).where(items.c.key.in_(chunk))).scalars())
    return found
