"""Seed a monitor database for the dashboard benchmark: N mentions over 60 days.

The schema comes from ``monitor.store.open_store`` (so it is exactly what the monitor
creates); items and mentions then go in with ``sqlite3`` directly, 50,000 rows per
``executemany`` in one transaction, times written as SQLAlchemy writes them
(``YYYY-MM-DD HH:MM:SS.ffffff``, UTC, no zone). One item per mention, spread evenly
over the 60 days before ``now`` across four brands (40/30/20/10%), eight sources, five
languages and three sentiments; 10% carry complaint terms, 3% risk terms, 1% a safety
term; a fifth come from social sources with reach figures, and every item's
early-warning score is ``monitor.earlywarning.early_warning``'s. Then, through the real
store API: 24 incidents (the last 3 open), each linking its brand's mentions over two
hours, explained by ``explain_incident``, with an alert sent to ``pr-lead``; 3,000
complaint records (some linked by ``link_complaints``); source states; a weekly report.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.config import Config, load_config
from monitor.models import Analysis, Complaint, Incident

__all__ = ["BRANDS", "CONFIG", "SPAN", "seed", "write_config"]

SPAN = timedelta(days=60)
BATCH = 50_000
BRANDS = {"Acme Coffee": 40, "Globex": 30, "Initech": 20, "Umbrella Air": 10}
SOURCES = ["news-rss", "wire-rss", "trade-rss", "forum", "reviews-api", "blog-page",
           "social-a", "social-b"]  # fmt: skip
SOCIAL = {"social-a", "social-b", "forum"}
LANGS = {"en": 60, "zh": 15, "ro": 10, "fr": 8, "de": 7}
CONFIG = """\
database: sqlite:///{db}
brands:
  - name: Acme Coffee
    aliases: [Acme]
  - name: Globex
    aliases: [Globex Bank]
  - name: Initech
  - name: Umbrella Air
sources:
{sources}
alerts:
  dashboard_url: http://127.0.0.1:8501
  channels:
    - name: pr-lead
      type: webhook
      url: http://127.0.0.1:9/hook
"""
TITLES = [
    "{b} opens a new branch downtown", "Loving the new seasonal menu at {b}",
    "Queue at {b} this morning, as usual", "{b} app update makes ordering faster",
    "Not impressed with {b} service today", "{b} refund still missing after two weeks",
    "{b} announces quarterly results", "Why I switched away from {b}",
]  # fmt: skip
BODY = (
    "A longer body follows the title, as a feed summary or a forum post would carry it: "
    "opinions, a few details about the visit, the staff, the price and what came next."
)


def write_config(folder: Path) -> Path:
    """``sources.yaml`` with its ``monitor.db`` in ``folder``; returns the config path."""
    folder.mkdir(parents=True, exist_ok=True)
    listed = "\n".join(
        f"  - name: {name}\n    type: rss\n    url: http://127.0.0.1:9/{name}.xml"
        for name in SOURCES
    )
    path = folder / "sources.yaml"
    path.write_text(CONFIG.format(db=folder / "monitor.db", sources=listed), encoding="utf-8")
    return path


def _when(at: datetime) -> str:
    # as SQLAlchemy's SQLite DateTime stores a naive UTC time (monitor.store.schema.UTCDateTime)
    return at.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _pick(rng: random.Random, weights: dict[str, int], count: int) -> list[str]:
    return rng.choices(list(weights), list(weights.values()), k=count)


def _rows(count: int, now: datetime, rng: random.Random) -> Iterator[tuple[tuple, tuple]]:
    """(item row, mention row) pairs in time order, ids 1..count."""
    from monitor.earlywarning import early_warning

    start = now - SPAN
    step = SPAN / count
    for i in range(count):
        at = start + step * (i + rng.random())
        brand = _pick(rng, BRANDS, 1)[0]
        source = SOURCES[rng.randrange(len(SOURCES))]
        lang = _pick(rng, LANGS, 1)[0]
        roll = rng.random()
        label, score = (
            ("negative", -0.6) if roll < 0.25 else ("neutral", 0.0) if roll < 0.7 else
            ("positive", 0.5)
        )  # fmt: skip
        complaint = ("refund", "broken") if label == "negative" and rng.random() < 0.4 else ()
        risk = ("recall",) if rng.random() < 0.03 else ()
        safety = ("injury",) if rng.random() < 0.01 else ()
        risk += safety  # safety terms are risk terms too
        metrics = (
            {"points": rng.randrange(2000), "num_comments": rng.randrange(300)}
            if source in SOCIAL else {}
        )  # fmt: skip
        ew = early_warning(metrics, Analysis(lang, score, label, complaint, risk, safety))
        title = TITLES[i % len(TITLES)].format(b=brand)
        when = _when(at)
        item = (
            i + 1, f"k{i:09d}", source, f"https://{source}.example/p/{i}", title,
            f"{title}. {BODY}", "someone", when, _when(at + timedelta(minutes=3)), when, lang,
            score, label, json.dumps(list(complaint)), json.dumps(list(risk)),
            json.dumps(metrics), i + 1, json.dumps(list(safety)), ew,
        )  # fmt: skip
        yield item, (i + 1, i + 1, brand, brand, json.dumps([[0, len(brand)]]), when)


_ITEM_SQL = (
    "INSERT INTO items (id, key, source, url, title, text, author, published_at, fetched_at, "
    "event_at, lang, sentiment, sentiment_label, complaint_terms, risk_terms, metrics, "
    "story_id, safety_terms, early_warning) VALUES (" + ", ".join("?" * 19) + ")"
)
_MENTION_SQL = (
    "INSERT INTO mentions (id, item_id, brand, alias, spans, event_at) VALUES (?, ?, ?, ?, ?, ?)"
)


def _bulk(db: Path, count: int, now: datetime, rng: random.Random) -> None:
    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-400000")  # 400 MB while seeding only
        rows = _rows(count, now, rng)
        done = 0
        while done < count:
            batch = [next(rows) for _ in range(min(BATCH, count - done))]
            conn.executemany(_ITEM_SQL, [item for item, _ in batch])
            conn.executemany(_MENTION_SQL, [mention for _, mention in batch])
            done += len(batch)
            if done % (BATCH * 4) == 0:
                print(f"    {done:,} / {count:,} mentions", flush=True)
        conn.commit()
    finally:
        conn.close()


def _incidents(config: Config, now: datetime) -> list[int]:
    """24 incidents over the span, the last 3 open; each links two hours of its brand."""
    from monitor.explain import explain_incident
    from monitor.store import open_store
    from monitor.store.alerts import enqueue_alert, mark_sent
    from monitor.store.incidents import save_incident
    from monitor.store.mentions import MentionFilter, assign_incident, mention_rows

    store = open_store(config.database)
    ids = []
    try:
        brands = list(config.brands)
        for k in range(24):
            brand = brands[k % len(brands)]
            open_ = k >= 21  # the last three are recent and open
            at = now - timedelta(hours=30 - 9 * (k - 21)) if open_ else (
                now - SPAN + timedelta(days=2.4 * k + 1)
            )  # fmt: skip
            began = at.replace(minute=0, second=0, microsecond=0)
            incident = save_incident(store, Incident(
                brand=brand.name, kind="volume+negative", status="open" if open_ else "closed",
                severity="critical" if k % 4 == 0 else "warning", began_at=began,
                opened_at=began + timedelta(hours=1), updated_at=began + timedelta(hours=2),
                observed=400.0, expected=150.0, score=8.0, peak_score=9.5,
                closed_at=None if open_ else began + timedelta(hours=12),
            ))  # fmt: skip
            assert incident.id is not None
            assign_incident(store, brand.name, began, began + timedelta(hours=2), incident.id)
            rows = list(mention_rows(store, MentionFilter(incident_id=incident.id), limit=2000))
            incident.summary, incident.details = explain_incident(incident, rows, brand, "1h")
            save_incident(store, incident)
            enqueue_alert(store, incident.id, "pr-lead", "opened", incident.severity, {},
                          began + timedelta(hours=1))  # fmt: skip
            ids.append(incident.id)
        from monitor.store.alerts import due_alerts

        for alert in due_alerts(store, now):
            mark_sent(store, alert["id"], now)
    finally:
        store.close()
    return ids


def _complaints(config: Config, now: datetime, rng: random.Random, count: int = 3000) -> None:
    from monitor.complaints import placement
    from monitor.linking import link_complaints
    from monitor.store import open_store
    from monitor.store.complaints import upsert_complaints

    store = open_store(config.database)
    try:
        names = list(BRANDS)
        records = []
        for k in range(count):
            created = now - SPAN + SPAN * (k + rng.random()) / count
            status = "resolved" if created < now - timedelta(days=5) and k % 5 else "open"
            records.append((Complaint(
                f"C-{k:05d}", created, f"Refund missing, order {k} arrived broken",
                brand=names[k % len(names)], channel=("email", "chat", "phone")[k % 3],
                priority=("normal", "high")[k % 7 == 0], status=status,
                owner=("dana", "li", None)[k % 3],
                updated_at=created + timedelta(hours=30) if status == "resolved" else None,
            ), k % 50 == 0))  # fmt: skip
        upsert_complaints(store, records, placement(config.complaints), "helpdesk.csv",
                          actor="import:helpdesk.csv", at=now)  # fmt: skip
        link_complaints(config, store, now)
    finally:
        store.close()


def _states(config: Config, now: datetime) -> None:
    from monitor.store import open_store
    from monitor.store.sourcestate import record_failure, record_success, sync_sources

    store = open_store(config.database)
    try:
        sync_sources(store, config.sources)
        for name in SOURCES:
            if name == "forum":
                record_failure(store, name, now=now - timedelta(minutes=5),
                               next_check_at=now + timedelta(minutes=25), status=503,
                               error="HTTP 503", error_limit=5, interval=1800)  # fmt: skip
                continue
            record_success(store, name, now=now - timedelta(minutes=4),
                           next_check_at=now + timedelta(minutes=11), status=200, etag=None,
                           last_modified=None, items_seen=40, mentions_added=20,
                           interval=900)  # fmt: skip
    finally:
        store.close()


def seed(folder: Path, count: int, now: datetime, seed_value: int = 8) -> dict[str, object]:
    """A config and a database of ``count`` mentions in ``folder``; what was seeded."""
    from monitor.csreport import build_report
    from monitor.store import open_store

    path = write_config(folder)
    config = load_config(path)
    db = folder / "monitor.db"
    for stale in folder.glob("monitor.db*"):
        stale.unlink()
    open_store(config.database).close()  # the schema, exactly as the monitor creates it
    rng = random.Random(seed_value)
    started = time.perf_counter()
    _bulk(db, count, now, rng)
    bulk = time.perf_counter() - started
    incident_ids = _incidents(config, now)
    _complaints(config, now, rng)
    _states(config, now)
    store = open_store(config.database)
    try:
        build_report(config, store, "week", now)
    finally:
        store.close()
    return {
        "rows": count,
        "seeded_at": now.isoformat(),
        "incidents": incident_ids,
        "bulk_seconds": round(bulk, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }
