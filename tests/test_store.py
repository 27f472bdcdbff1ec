"""The store: created and migrated on first use, WAL on SQLite, idempotent writes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import inspect, text, update

from monitor.errors import StoreError
from monitor.models import Analysis, Incident, Item, Mention
from monitor.store import open_store
from monitor.store.incidents import get_incident, save_incident
from monitor.store.mentions import MentionFilter, count_mentions, mention_rows, save_items
from monitor.store.schema import SCHEMA_VERSION, meta

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)


def item(key: str, at: datetime) -> tuple[Item, list[Mention]]:
    analysis = Analysis("zh-Hant", -0.3, "negative", ("投诉",), ())
    made = Item(
        key=key,
        source="news",
        url=f"https://x.example/{key}",
        title="美聯航又弄壞行李",
        text="我要投訴",
        published_at=at,
        fetched_at=NOW,
        event_at=at,
        analysis=analysis,
    )
    return made, [Mention(key, "United Airlines", "美联航", ((0, 3),))]


def test_saving_twice_stores_once_and_reads_back_aware_utc(database_url):
    store = open_store(database_url)
    batch = [item("a", NOW - timedelta(hours=2)), item("b", NOW - timedelta(hours=1))]
    assert save_items(store, batch) == 2
    assert save_items(store, batch) == 0
    rows = list(mention_rows(store, MentionFilter(brand="United Airlines")))
    assert [r["title"] for r in rows] == ["美聯航又弄壞行李"] * 2
    assert rows[0]["published_at"] == NOW - timedelta(hours=2)
    assert rows[0]["published_at"].tzinfo is not None
    assert rows[0]["complaint_terms"] == ["投诉"]
    assert rows[0]["alias"] == "美联航" and rows[0]["spans"] == [[0, 3]]
    since = MentionFilter(since=NOW - timedelta(hours=1, minutes=30))
    assert count_mentions(store, since) == 1


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/m.db")
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_a_database_from_a_newer_monitor_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path}/m.db"
    store = open_store(url)
    with store.engine.begin() as conn:
        conn.execute(update(meta).values(value=str(SCHEMA_VERSION + 1)))
    store.close()
    with pytest.raises(StoreError, match="newer than this monitor"):
        open_store(url)


def test_unreachable_postgres_is_a_one_line_error():
    with pytest.raises(StoreError) as caught:
        open_store("postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    assert str(caught.value).startswith(
        "cannot use database postgresql+psycopg://nobody@127.0.0.1:9"
    )
    assert "\n" not in str(caught.value)


def test_a_file_that_is_not_a_database_is_a_one_line_error(tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database " * 100)
    with pytest.raises(StoreError) as caught:
        open_store(f"sqlite:///{path}")
    assert str(caught.value) == f"cannot use database sqlite:///{path}: file is not a database"


def test_a_due_source_is_claimed_by_one_worker_only(database_url):
    from monitor.config import Source
    from monitor.store.sourcestate import claim_due, sync_sources

    store = open_store(database_url)
    other_worker = open_store(database_url)
    sync_sources(store, [Source(name="feed", type="rss", url="http://x.example/feed")])
    hold = NOW + timedelta(minutes=1)
    assert [r["name"] for r in claim_due(store, ["feed"], NOW, hold)] == ["feed"]
    assert claim_due(other_worker, ["feed"], NOW, hold) == []
    later = hold + timedelta(minutes=1)
    assert [r["name"] for r in claim_due(other_worker, ["feed"], hold, later)] == ["feed"]


def incident_with_every_signal() -> Incident:
    return Incident(
        brand="United Airlines",
        kind="volume+negative+complaints+tone+safety",
        status="open",
        severity="critical",
        opened_at=NOW,
        updated_at=NOW,
        began_at=NOW - timedelta(hours=1),
        observed=40.0,
        expected=3.0,
        score=14.0,
        peak_score=14.0,
    )


def test_an_incident_on_every_signal_is_stored_whole(database_url):
    store = open_store(database_url)
    saved = save_incident(store, incident_with_every_signal())
    assert get_incident(store, saved.id).kind == "volume+negative+complaints+tone+safety"


def test_an_older_postgresql_database_gets_the_wider_incident_kind(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite does not enforce column widths")
    store = open_store(database_url)
    with store.engine.begin() as conn:
        conn.execute(text("ALTER TABLE incidents ALTER COLUMN kind TYPE VARCHAR(32)"))
        conn.execute(update(meta).where(meta.c.key == "schema_version").values(value="3"))
    store.close()
    reopened = open_store(database_url)
    saved = save_incident(reopened, incident_with_every_signal())
    assert get_incident(reopened, saved.id).kind == "volume+negative+complaints+tone+safety"


def test_a_version_4_database_gains_the_outage_table_and_the_source_index(database_url):
    store = open_store(database_url)
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_items_source_fetched"))
        conn.execute(text("DROP TABLE source_outages"))
        conn.execute(update(meta).where(meta.c.key == "schema_version").values(value="4"))
    store.close()
    reopened = open_store(database_url)
    found = inspect(reopened.engine)
    assert "source_outages" in found.get_table_names()
    assert "ix_items_source_fetched" in {i["name"] for i in found.get_indexes("items")}


def test_an_index_added_within_a_version_is_created_when_the_store_opens(database_url):
    store = open_store(database_url)
    with store.engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_incident_notes"))
    store.close()
    reopened = open_store(database_url)  # same schema version
    names = {i["name"] for i in inspect(reopened.engine).get_indexes("incident_notes")}
    assert "ix_incident_notes" in names
