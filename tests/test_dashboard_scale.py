"""The dashboard's reads at scale: a page of mentions, a capped count, the facets, the posts
to watch, each the same as the plain full read; and the Mentions page turning its pages.

The store functions run on a real SQLite file (and PostgreSQL when
MONITOR_TEST_POSTGRES_URL is set) holding 260 mentions of three brands over 26 hours,
some items naming two brands at the same instant (ties in time order); the page is driven
through AppTest on tests/dashboard_data.py's database (417 mentions). How fast they are on
a million mentions is ``benchmarks/dashboard.py``'s business, not a test's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from monitor.models import Analysis, Item, Mention
from monitor.store import open_store
from monitor.store.mentionpages import any_mentions, facet_values, mention_page
from monitor.store.mentions import (
    MentionFilter,
    count_mentions,
    mention_rows,
    posts_to_watch,
    save_items,
)
from monitor.store.reports import mention_facets

from dashboard_data import BASELINE, GLOBEX_STORM, Dataset, build_dashboard_db

T0 = datetime(2026, 3, 2, tzinfo=UTC)
BRANDS = ("Acme", "Globex", "Initech")
LANGS = ("en", "en", "ro", "zh")
LABELS = ("negative", "neutral", "positive", "neutral")


def _item(k: int) -> tuple[Item, list[Mention]]:
    at = T0 + timedelta(minutes=6 * k)
    label, lang = LABELS[k % 4], LANGS[k % 3 + (k % 2)]
    brands = [BRANDS[k % 3]] + (["Globex"] if k % 7 == 0 and k % 3 != 1 else [])
    complaint = ("refund",) if k % 5 == 0 else ()
    item = Item(
        f"k{k}", ("news", "forum", "blog")[k % 3], f"https://example.com/{k}",
        f"{' and '.join(brands)} post {k}", "refund please" if complaint else "text", at, at,
        at, Analysis(lang, -0.5 if label == "negative" else 0.0, label, complaint, ()),
        metrics={"points": k}, early_warning=round((k * 37 % 101) / 100, 2),
    )  # fmt: skip
    return item, [Mention(item.key, b, b, ((0, len(b)),)) for b in brands]


@pytest.fixture
def store(database_url):
    store = open_store(database_url)
    save_items(store, [_item(k) for k in range(240)])
    yield store
    store.close()


def ids(rows) -> list[int]:
    return [row["id"] for row in rows]


FILTERS = [
    MentionFilter(),
    MentionFilter(brand="Globex"),
    MentionFilter(lang="ro"),
    MentionFilter(brand="Acme", complaint=True),
    MentionFilter(sentiment_label="negative", since=T0 + timedelta(hours=5)),
    MentionFilter(search="REFUND"),
    MentionFilter(source="blog", until=T0 + timedelta(hours=10)),
]


@pytest.mark.parametrize("where", FILTERS)
@pytest.mark.parametrize("many", [True, False])
def test_pages_follow_one_another_as_the_full_newest_first_list(store, where, many):
    full = ids(mention_rows(store, where, newest_first=True))
    assert len(full) > 15  # several pages of 5
    pages = [ids(mention_page(store, where, offset, 5, many=many)) for offset in range(0, 300, 5)]
    assert pages[0] == full[:5]
    assert pages[1] == full[5:10]  # page 2: the next rows, none repeated or skipped
    assert [i for page in pages for i in page] == full
    assert count_mentions(store, where) == len(full)


def test_a_page_holds_the_full_rows_with_their_story_copies(store):
    (row,) = mention_page(store, MentionFilter(brand="Initech"), offset=3, limit=1)
    every = mention_rows(store, MentionFilter(brand="Initech"))
    (same,) = [r for r in every if r["id"] == row["id"]]
    assert row == same


def test_ties_in_time_keep_the_order_of_the_full_list(store):
    both = [r for r in mention_rows(store, MentionFilter(), newest_first=True)]
    twins = [r for r in both if r["title"].count(" and ")]
    assert twins  # items naming two brands: two mentions at one instant
    page = mention_page(store, MentionFilter(), offset=0, limit=len(both), many=True)
    assert ids(page) == ids(both)


def test_the_count_stops_past_its_cap(store):
    everything = count_mentions(store, MentionFilter())
    assert everything == 240 + sum(1 for k in range(240) if k % 7 == 0 and k % 3 != 1)
    assert count_mentions(store, MentionFilter(), at_most=100) == 101  # more than 100
    assert count_mentions(store, MentionFilter(), at_most=everything) == everything
    assert count_mentions(store, MentionFilter(brand="Nobody"), at_most=100) == 0


def test_facets_are_those_of_the_joined_rows(store, tmp_path):
    assert facet_values(store) == mention_facets(store)
    assert facet_values(store)["brands"] == list(BRANDS)
    empty = open_store(f"sqlite:///{tmp_path}/empty.db")
    assert facet_values(empty) == {"brands": [], "sources": [], "languages": [], "sentiments": []}
    assert any_mentions(store) and not any_mentions(empty)


@pytest.mark.parametrize("where", FILTERS)
def test_posts_to_watch_are_the_same_walked_by_score_or_sorted(store, where):
    sorted_ = posts_to_watch(store, where, limit=5, many=False)
    walked = posts_to_watch(store, where, limit=5, many=True)
    assert ids(walked) == ids(sorted_)
    scores = [r["early_warning"] for r in walked]
    assert scores == sorted(scores, reverse=True) and len(walked) == 5


def test_the_newest_page_walks_the_time_index_not_every_mention(tmp_path):
    """SQLite's plan for the first page: along ``ix_mentions_time``, no sort of all rows."""
    from sqlalchemy import and_, select, true

    from monitor.store.mentions import _joined
    from monitor.store.schema import mentions

    store = open_store(f"sqlite:///{tmp_path}/monitor.db")
    for where in (MentionFilter(), MentionFilter(lang="ro", sentiment_label="negative")):
        query = (
            select(mentions.c.id)
            .select_from(_joined(where))
            .where(and_(true(), *where.clauses("mentions")))
            .order_by(mentions.c.event_at.desc(), mentions.c.id)
            .limit(100)
        )
        sql = str(query.compile(store.engine, compile_kwargs={"literal_binds": True}))
        with store.engine.connect() as conn:
            plan = " | ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
        assert "INDEX ix_mentions_time" in plan, plan
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan  # only ties are sorted


# The Mentions page, a page at a time

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Dataset:
    return build_dashboard_db(tmp_path_factory.mktemp("dashboard"))


@pytest.fixture
def mentions_page(monkeypatch, dataset):
    monkeypatch.setenv("MONITOR_CONFIG", str(dataset.config_path))
    st.cache_data.clear()  # the count cap may differ between tests
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("views/mentions.py")
    return at.run()


def newest(dataset: Dataset, where: MentionFilter) -> list[int]:
    from monitor.config import load_config

    store = open_store(load_config(dataset.config_path).database)
    try:
        return ids(mention_rows(store, where, newest_first=True))
    finally:
        store.close()


def test_the_second_page_shows_the_next_hundred(mentions_page, dataset):
    at = mentions_page
    full = newest(dataset, MentionFilter())
    assert list(at.dataframe[0].value["id"]) == full[:100]
    page = at.number_input(key="mentions_page")
    assert page.label == "Page (of 5)"  # 417 mentions
    page.set_value(2).run()
    assert list(at.dataframe[0].value["id"]) == full[100:200]
    assert at.caption[0].value == (
        f"{dataset.mentions} mentions match; showing 101–200, newest first. Export them all "
        "from the Export page."
    )
    assert at.selectbox(key="mentions_pick").value == full[100]  # picks within the page
    at.number_input(key="mentions_page").set_value(5).run()
    assert list(at.dataframe[0].value["id"]) == full[400:]
    assert at.caption[0].value.startswith(f"{dataset.mentions} mentions match; showing 401–417")


def test_new_filters_start_at_their_first_page(mentions_page, dataset):
    at = mentions_page
    at.number_input(key="mentions_page").set_value(4).run()
    at.selectbox(key="mentions_brand").select("Globex").run()
    globex = newest(dataset, MentionFilter(brand="Globex"))
    assert len(globex) == BASELINE + GLOBEX_STORM
    assert at.number_input(key="mentions_page").value == 1
    assert at.number_input(key="mentions_page").label == "Page (of 2)"
    assert list(at.dataframe[0].value["id"]) == globex[:100]
    at.number_input(key="mentions_page").set_value(2).run()
    assert list(at.dataframe[0].value["id"]) == globex[100:]
    at.text_input(key="mentions_search").input("lawsuit").run()  # storm posts: Acme only
    assert texts(at.info) == ["No mentions match these filters: widen them."]
    at.selectbox(key="mentions_brand").select("Acme Coffee").run()
    assert not at.number_input  # 30 posts: one page, no page number
    assert at.caption[0].value == "30 mentions match. Export them all from the Export page."


def test_past_the_cap_the_count_says_more_than(monkeypatch, dataset):
    from dashboard import data

    monkeypatch.setattr(data, "COUNT_CAP", 250)
    monkeypatch.setenv("MONITOR_CONFIG", str(dataset.config_path))
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("views/mentions.py")
    at.run()
    assert at.caption[0].value == (
        "More than 250 mentions match; showing 1–100, newest first. Narrow the filters to "
        "page through them all, or export them from the Export page."
    )
    assert at.number_input(key="mentions_page").label == "Page (of 3)"  # 250 reachable
    at.number_input(key="mentions_page").set_value(3).run()
    full = newest(dataset, MentionFilter())
    assert list(at.dataframe[0].value["id"]) == full[200:300]  # the page is whole
    st.cache_data.clear()


def texts(elements) -> list[str]:
    return [e.value for e in elements]
