"""An unresolved complaint whose subject starts trending publicly raises its own alert.

Each cycle, for every unresolved complaint of a known brand filed within
``complaints.link_before``, count the brand's public posts in the last closed detection
bucket (the one detection has just judged) that share one of its identifiers (order
or booking number, licence plate, flight, @handle; ``monitor.linking``) or at least
``MIN_TERMS`` of its key terms (a product name counts as a term). When that count
reaches ``FLOOR`` and is at least ``FACTOR`` times the same count per bucket over the
day before, one alert is queued for the complaint, once ever: to the channels named in
``complaints.notify`` and to every ``audience: executive`` channel (those that take its
severity: critical for a safety-critical complaint, else warning). It goes through the
ops outbox with topic ``complaint-trending:<id>``. A closed bucket does not change, so
each complaint is judged once per bucket, however many cycles run in it.

A complaint linked to an open incident raises none: that incident's alerts and
explanation already carry it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from monitor.alerts.enqueue import routings
from monitor.alerts.message import trending_payload
from monitor.alerts.routing import Labels
from monitor.config import Config
from monitor.detection import bucket_start
from monitor.durations import format_duration
from monitor.explain import hours_words, top_terms
from monitor.identifiers import Features, features, find_identifiers
from monitor.store import Store
from monitor.store.alerts import enqueue_ops_alert
from monitor.store.complaintlinks import ComplaintRow, alerted_topics, trending_candidates
from monitor.store.mentions import MentionFilter, mention_rows
from monitor.textfold import fold_words

__all__ = ["FACTOR", "FLOOR", "MIN_TERMS", "PREFIX", "Trend", "watch_trending"]

PREFIX = "complaint-trending:"
FLOOR = 5  # posts in one bucket sharing the complaint's subject
FACTOR = 3.0  # ... and this many times the day before's count per bucket
MIN_TERMS = 2
BASELINE = timedelta(days=1)
# (database, brand) -> the bucket last judged and the complaints judged on it: a bucket
# does not change once closed, so each complaint is judged once per bucket, not per cycle
_JUDGED: dict[tuple[str, str], tuple[datetime, set[int]]] = {}


@dataclass(frozen=True)
class Trend:
    """A complaint's subject in public: posts in the last bucket, their usual number per
    bucket over the day before, what they share, and a few of them."""

    posts: int
    usual: float
    shared: list[str]
    samples: list[dict[str, Any]]


@dataclass(frozen=True)
class _Post:
    at: datetime
    ids: frozenset[str]
    words: frozenset[str]
    title: str
    url: str


def watch_trending(config: Config, store: Store, now: datetime) -> int:
    """Queue an alert for each complaint whose subject started trending. Returns how
    many alerts were queued."""
    bucket, delay = config.detection.bucket, config.detection.delay
    end = bucket_start(now - delay, bucket)  # the last closed bucket ends here
    start = end - bucket
    done = alerted_topics(store, PREFIX)
    waiting: dict[str, list[ComplaintRow]] = defaultdict(list)
    for row in trending_candidates(store, now - config.complaints.link_before, end):
        if f"{PREFIX}{row.id}" not in done and row.brand:
            waiting[row.brand].append(row)
    terms = {b.name: tuple(b.terms) for b in config.brands}
    queued = 0
    for brand, rows in waiting.items():
        key = (str(store.engine.url), brand)
        judged_end, judged = _JUDGED.get(key, (end, set()))
        todo = [r for r in rows if judged_end != end or r.id not in judged]
        if not todo:
            continue
        brand_terms = terms.get(brand, (brand,))
        posts = _posts(store, brand, start - BASELINE, end, brand_terms)
        _JUDGED[key] = (end, (judged if judged_end == end else set()) | {r.id for r in todo})
        for row in todo:
            trend = _assess(features(row.text, brand_terms), posts, start, bucket)
            if trend is not None:
                queued += _queue(config, store, row, trend, now, format_duration(bucket))
    return queued


def _posts(
    store: Store, brand: str, since: datetime, until: datetime, brand_terms: tuple[str, ...]
) -> list[_Post]:
    out = []
    for row in mention_rows(store, MentionFilter(brand=brand, since=since, until=until)):
        text = f"{row['title']}\n{row['text']}"
        ids = find_identifiers(text, brand_terms)
        words = {fold_words(w) for w, _ in top_terms([text], brand_terms, limit=None)}
        words |= {i.key for i in ids.values() if i.kind == "product"}
        strong = frozenset(k for k, i in ids.items() if i.kind != "product")
        out.append(_Post(row["event_at"], strong, frozenset(words), row["title"], row["url"]))
    return out


def _assess(
    complaint: Features, posts: list[_Post], start: datetime, bucket: timedelta
) -> Trend | None:
    """The complaint's trend if its subject is trending in the bucket from ``start``."""
    strong = complaint.strong_ids()
    terms = [*complaint.terms, *(k for k, i in complaint.ids.items() if i.kind == "product")]
    recent: list[tuple[_Post, list[str]]] = []
    before = 0
    for post in posts:
        shared = _shared(complaint, strong, terms, post)
        if not shared:
            continue
        if post.at >= start:
            recent.append((post, shared))
        else:
            before += 1
    usual = before / (BASELINE / bucket)
    if len(recent) < FLOOR or len(recent) < FACTOR * usual:
        return None
    counts = Counter(s for _, shared in recent for s in shared)
    top = [s for s, _ in counts.most_common(3)]
    samples = [{"title": p.title[:160], "url": p.url} for p, _ in recent[:3]]
    return Trend(len(recent), usual, top, samples)


def _shared(complaint: Features, strong: set[str], terms: list[str], post: _Post) -> list[str]:
    """What a post shares with the complaint, as written in the complaint: its
    identifiers, or its key terms when at least ``MIN_TERMS`` are shared."""
    ids = [i.shown for k, i in complaint.ids.items() if k in strong and k in post.ids]
    words = [t for t in terms if t in post.words]  # in the complaint's order
    if ids:
        return ids + words[:2]
    if len(words) >= MIN_TERMS:
        return [complaint.ids[w].shown if w in complaint.ids else w for w in words]
    return []


def _queue(
    config: Config, store: Store, row: ComplaintRow, trend: Trend, now: datetime, bucket: str
) -> int:
    complaint = {
        "id": row.id,
        "external_id": row.external_id,
        "brand": row.brand,
        "text": row.text,
        "safety": row.safety,
        "unresolved_for": hours_words(now - row.created_at),
    }
    facts = {"posts": trend.posts, "usual": trend.usual, "shared": trend.shared,
             "samples": trend.samples, "bucket": bucket}  # fmt: skip
    payload = trending_payload(complaint, facts, config.alerts.dashboard_url)
    severity = payload["severity"]
    topic, episode = f"{PREFIX}{row.id}", row.created_at.isoformat()
    kinds = ("trending", "safety") if row.safety else ("trending",)
    labels = Labels(row.brand, severity, kinds)
    subject = f"{topic}@{episode}"
    routed = routings(config, store, "ops_alerts", labels, subject, now)
    names = [name for name, _ in routed]
    # complaint owners' channels hear of it too, as a complaint notice
    configured = {c.name for c in config.alerts.channels}
    owners = [n for n in config.complaints.notify if n in configured and n not in names]
    queued = [(name, routing) for name, routing in routed]
    queued += [(name, None) for name in owners]
    return sum(
        enqueue_ops_alert(
            store, topic, episode, name, "trending", severity, payload, now, routing=routing
        )
        for name, routing in queued
    )
