"""A populated monitor database for the dashboard tests, built with the real monitor APIs.

What it holds (times relative to ``now``):

- Acme Coffee and Globex each get a calm baseline: one mention every 20 minutes for
  two days (every ninth one negative). In the last closed hour Acme Coffee gets 120
  negative mentions about burnt cups and a recall: live detection
  (``detect_incidents``, default settings) opens an incident and the alert
  queue sends it to the ``pr-lead`` channel (marked sent; nothing leaves the machine).
- Globex had a small storm 31 hours ago, during detection's warm-up, recorded by hand
  as a closed warning incident (so the deep-link test has a second incident to pick).
- Every mention is found by the real ``BrandMatcher`` in the joined title and text, so
  its alias and spans are what collection would store. The storm's posts carry the
  safety term "lawsuit", and reach that grows with each post (``40 * i`` points and
  ``3 * i`` comments for the i-th): the last ones are the posts to watch.
- Complaints: two Acme ones linked to the storm (20 h before it, and during it), one
  Acme one too old to link, one Globex one filed after its incident closed.
- Sources: ``news-rss`` healthy, ``forum`` failing with an HTTP 503, ``reviews-api``
  disabled after three errors in a row (``collect.error_limit: 3``).

Not a conftest.py: test modules import it (``from dashboard_data import ...``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from monitor.alerts import queue_alerts
from monitor.config import Brand, Config, parse_config
from monitor.detection import bucket_start, detect_incidents
from monitor.earlywarning import early_warning
from monitor.explain import explain_incident
from monitor.linking import link_complaints
from monitor.match import BrandMatcher
from monitor.models import Analysis, Complaint, Incident, Item, Mention
from monitor.normalise import matched_text
from monitor.store import Store, open_store
from monitor.store.alerts import due_alerts, mark_sent
from monitor.store.complaints import upsert_complaint
from monitor.store.incidents import save_incident
from monitor.store.mentions import MentionFilter, assign_incident, mention_rows, save_items
from monitor.store.sourcestate import record_failure, record_success, sync_sources

__all__ = [
    "BASELINE",
    "CONFIG_TEXT",
    "Dataset",
    "FORUM_ERROR",
    "GLOBEX_STORM",
    "SPIKE",
    "build_dashboard_db",
    "write_empty_config",
]

CONFIG_TEXT = """\
database: sqlite:///monitor.db
brands:
  - name: Acme Coffee
    aliases: [Acme, 爱克咖啡]
  - name: Globex
    aliases: [Globex Bank]
sources:
  - name: news-rss
    type: rss
    url: http://127.0.0.1:9/news.xml
  - name: forum
    type: page
    url: http://127.0.0.1:9/forum
    selectors: {item: article, text: p}
  - name: reviews-api
    type: json
    url: http://127.0.0.1:9/reviews.json
collect:
  error_limit: 3
alerts:
  dashboard_url: http://127.0.0.1:8501
  channels:
    - name: pr-lead
      type: webhook
      url: http://127.0.0.1:9/hook
"""
FORUM_ERROR = "HTTP 503 Service Unavailable (retry after 600 s)"
SPIKE = 120  # 40 times the hourly baseline: detection (default settings) opens an incident
BASELINE = 144  # one mention every 20 minutes for 48 hours, per brand
GLOBEX_STORM = 9

_CALM = [
    ("en", "neutral", 0.0, "{brand} opens a new branch downtown"),
    ("en", "positive", 0.6, "Loving the new seasonal menu at {brand}"),
    ("ro", "neutral", 0.0, "{brand} anunță program prelungit în weekend"),
    ("zh", "positive", 0.5, "{brand} 的新品很好喝"),
    ("en", "neutral", 0.1, "Queue at {brand} this morning, as usual"),
    ("en", "positive", 0.4, "{brand} app update makes ordering faster"),
]
_NEGATIVE = ("en", "negative", -0.5, "Not impressed with {brand} service today")
_SOURCES = ("news-rss", "forum", "reviews-api")


@dataclass(frozen=True)
class Dataset:
    """Where the database is and what the dashboard must show for it."""

    config_path: Path
    now: datetime
    incident: Incident  # Acme Coffee's open incident, as detection saved it
    closed: Incident  # Globex's closed incident
    mentions: int  # every stored mention
    mentions_24h: dict[str, int]  # per brand, event_at >= now - 24 h
    negative_24h: dict[str, int]
    incident_mentions: int
    linked_complaints: list[str]  # external ids linked to the Acme incident


def write_empty_config(folder: Path) -> Path:
    """The same config, with an empty database next to it."""
    path = folder / "sources.yaml"
    path.write_text(CONFIG_TEXT, encoding="utf-8")
    return path


def _item(key: str, brand: Brand, at: datetime, source: str, analysis: Analysis, title: str,
          text: str = "", metrics: dict[str, float] | None = None,
          ) -> tuple[Item, list[Mention]]:  # fmt: skip
    item = Item(
        key=key,
        source=source,
        url=f"https://{source}.example/{key}",
        title=title,
        text=f"{title}. {text}".strip(),
        published_at=at,
        fetched_at=at + timedelta(minutes=2),
        event_at=at,
        analysis=analysis,
        author="someone",
        metrics=metrics or {},
        early_warning=early_warning(metrics or {}, analysis),
    )
    # matched as collection does: the real matcher over the title and text joined
    (found,) = BrandMatcher([brand]).match(matched_text(item.title, item.text))
    return item, [Mention(key, found.brand, found.alias, found.spans)]


def _baseline(brand: Brand, now: datetime) -> list[tuple[Item, list[Mention]]]:
    out = []
    for k in range(BASELINE):
        # minutes before now: 7, 27, 47, ... never within 7 minutes of the 24 h edge
        at = now - timedelta(minutes=20 * k + 7)
        lang, label, score, title = _NEGATIVE if k % 9 == 0 else _CALM[k % len(_CALM)]
        analysis = Analysis(lang, score, label, (), ())
        key = f"{brand.name[:4].lower()}-{k}"
        out.append(_item(key, brand, at, _SOURCES[k % 3], analysis, title.format(brand=brand.name)))
    return out


_STORM_TITLES = [
    "{brand} cup lid melted and burnt my hand, I want a refund",
    "{brand} recall? Scalding coffee, lawsuit incoming",
    "Burnt again by a {brand} cup, refund refused",
    "{brand} lids are dangerous: recall them now",
]
_STORM_TEXTS = [
    "Third time this month.",
    "Staff said the lids are a known issue.",
    "Photos of the blisters in the thread.",
    "Who else got hurt?",
    "Avoid the large cups.",
]


def _spike(brand: Brand, start: datetime) -> list[tuple[Item, list[Mention]]]:
    angry = Analysis(
        "en", -0.8, "negative", ("refund", "burnt"), ("recall", "lawsuit"), ("lawsuit",)
    )
    return [
        _item(f"acme-storm-{i}", brand, start + timedelta(seconds=15 + 29 * i),
              ("forum", "news-rss")[i % 2] if i % 5 else "reviews-api", angry,
              _STORM_TITLES[i % 4].format(brand=brand.name), _STORM_TEXTS[i % 5],
              {"points": 40 * i, "num_comments": 3 * i})
        for i in range(SPIKE)
    ]  # fmt: skip


def _globex_storm(config: Config, store: Store, brand: Brand, now: datetime) -> Incident:
    """A small past storm, recorded as a closed incident with its real explanation."""
    began = bucket_start(now - timedelta(hours=31), timedelta(hours=1))
    upset = Analysis("en", -0.4, "negative", ("failing",), ())
    title = "Globex Bank card payments failing at checkout"
    save_items(store, [
        _item(f"glob-storm-{i}", brand, began + timedelta(minutes=5 * i + 2), "news-rss", upset,
              title)
        for i in range(GLOBEX_STORM)
    ])  # fmt: skip
    incident = save_incident(
        store,
        Incident(
            brand=brand.name,
            kind="volume",
            status="closed",
            severity="warning",
            opened_at=began + timedelta(hours=1),
            updated_at=now - timedelta(hours=6),
            began_at=began,
            observed=12.0,
            expected=3.0,
            score=6.2,
            peak_score=6.2,
            quiet_buckets=24,
            closed_at=now - timedelta(hours=6),
        ),
    )
    assert incident.id is not None
    assign_incident(store, brand.name, began, began + timedelta(hours=1), incident.id)
    rows = list(mention_rows(store, MentionFilter(incident_id=incident.id), newest_first=True))
    incident.summary, incident.details = explain_incident(incident, rows, brand, "1h")
    return save_incident(store, incident)


def _complaints(config: Config, store: Store, storm: datetime, now: datetime) -> None:
    records = [
        Complaint(
            "C-1001",
            storm - timedelta(hours=20),
            "Lid came off, coffee burnt my hand",
            brand="Acme Coffee",
            channel="email",
            priority="high",
            owner="dana",
        ),
        Complaint(
            "C-1002",
            storm + timedelta(minutes=30),
            "Saw the recall posts, is it safe?",
            brand="Acme Coffee",
            channel="phone",
        ),
        Complaint(
            "C-1000",
            now - timedelta(days=9),
            "Wrong order delivered",
            brand="Acme Coffee",
            status="resolved",
        ),
        Complaint(
            "C-2001",
            now - timedelta(hours=3),
            "Card declined twice",
            brand="Globex",
            channel="chat",
            status="resolved",
            owner="li",
        ),
    ]
    for record in records:
        upsert_complaint(store, record, config.complaints.sla, "helpdesk.csv")
    link_complaints(config, store, now)


def _sources(config: Config, store: Store, now: datetime) -> None:
    """Source states as the collector records them.

    ``news-rss`` healthy (nothing new for two polls, so its interval stretched to 22 min),
    ``forum`` failing with an HTTP 503 (backing off 30 min), ``reviews-api`` disabled after
    three errors in a row; and, when the config lists them (the shared config keeps three
    sources, which the Overview counts; the Sources page tests add these two),
    ``trade-press`` blocked by a bot wall and ``press-rss`` emptied.
    """
    sync_sources(store, config.sources)
    limit = config.collect.error_limit
    names = {s.name for s in config.sources}
    minutes = timedelta(minutes=1)
    record_success(
        store, "news-rss", now=now - 34 * minutes, next_check_at=now - 19 * minutes, status=200,
        etag='"v1"', last_modified=None, items_seen=120, mentions_added=80, interval=15 * 60,
        digest="c" * 64,
    )  # fmt: skip
    record_success(
        store, "news-rss", now=now - 4 * minutes, next_check_at=now + 18 * minutes, status=304,
        etag='"v1"', last_modified=None, items_seen=0, mentions_added=0, full=False,
        unchanged_polls=2, interval=22 * 60,
    )  # fmt: skip
    record_success(
        store, "forum", now=now - 120 * minutes, next_check_at=now - 60 * minutes, status=200,
        etag=None, last_modified=None, items_seen=40, mentions_added=30, interval=15 * 60,
    )  # fmt: skip
    record_failure(
        store, "forum", now=now - 5 * minutes, next_check_at=now + 25 * minutes, status=503,
        error=FORUM_ERROR, error_limit=limit, interval=30 * 60,
    )  # fmt: skip
    for hours in (3, 2, 1):
        record_failure(
            store, "reviews-api", now=now - timedelta(hours=hours),
            next_check_at=now + 15 * minutes, status=None, error="connection refused",
            error_limit=limit, interval=15 * 60 * 2 ** (4 - hours),
        )  # fmt: skip
    if "trade-press" in names:
        record_failure(
            store, "trade-press", now=now - 8 * minutes, next_check_at=now + 52 * minutes,
            status=403, problem="blocked", interval=3600, error_limit=limit,
            error="feed answered with a Cloudflare challenge instead of its content (the site "
            "blocks automated clients); ask the site for access or use its official feed or API",
        )  # fmt: skip
    if "press-rss" in names:
        record_success(
            store, "press-rss", now=now - 75 * minutes, next_check_at=now - 60 * minutes,
            status=200, etag=None, last_modified=None, items_seen=25, mentions_added=12,
            interval=15 * 60, digest="a" * 64,
        )  # fmt: skip
        record_success(
            store, "press-rss", now=now - 3 * minutes, next_check_at=now + 12 * minutes,
            status=200, etag=None, last_modified=None, items_seen=0, mentions_added=0,
            interval=15 * 60, digest="b" * 64, problem="empty",
            warning="feed returned no entries; it had 25 last time "
            "(moved, emptied, or blocking us?)",
        )  # fmt: skip


def build_dashboard_db(folder: Path, now: datetime | None = None) -> Dataset:
    """Write ``sources.yaml`` and a populated ``monitor.db`` into ``folder``."""
    now = now or datetime.now(UTC)
    path = write_empty_config(folder)
    config = parse_config(CONFIG_TEXT, str(path))
    store = open_store(config.database)
    try:
        acme, globex = config.brands
        # the last hour bucket detection has judged: one that closed at least
        # detection.delay ago (in the first minutes of an hour, the one before)
        judged = now - config.detection.delay
        storm = bucket_start(judged, timedelta(hours=1)) - timedelta(hours=1)
        save_items(store, _baseline(acme, now) + _baseline(globex, now) + _spike(acme, storm))
        closed = _globex_storm(config, store, globex, now)
        events = detect_incidents(config, store, now)
        opened = [e.incident for e in events if e.event == "opened"]
        assert [i.brand for i in opened] == ["Acme Coffee"], events
        queue_alerts(config, store, events, now)
        for alert in due_alerts(store, now):
            mark_sent(store, alert["id"], now)
        _complaints(config, store, storm, now)
        _sources(config, store, now)
        incident = events[-1].incident
    finally:
        store.close()
    recent = sum(1 for k in range(BASELINE) if 20 * k + 7 < 24 * 60)
    negative = sum(1 for k in range(BASELINE) if 20 * k + 7 < 24 * 60 and k % 9 == 0)
    assert incident.id is not None and closed.id is not None
    return Dataset(
        config_path=path,
        now=now,
        incident=incident,
        closed=closed,
        mentions=2 * BASELINE + SPIKE + GLOBEX_STORM,
        mentions_24h={"Acme Coffee": recent + SPIKE, "Globex": recent},
        negative_24h={"Acme Coffee": negative + SPIKE, "Globex": negative},
        incident_mentions=SPIKE + 3,
        linked_complaints=["C-1001", "C-1002"],
    )
