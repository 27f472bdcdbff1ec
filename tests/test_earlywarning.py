"""Early warning: the one post that may go viral before volume moves.

A post's score (``monitor.earlywarning``) rises with its reach, with its growth
between two polls, with its negativity and with safety-critical terms; it is stored
with the item, updated when a later poll finds the post's figures grown (on a real
SQLite file, and on PostgreSQL when ``MONITOR_TEST_POSTGRES_URL`` is set), exported,
and listed on the dashboard's Mentions page as "Posts to watch".
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pyarrow.parquet as pq
import pytest

from monitor.collect import collect_once
from monitor.earlywarning import early_warning, engagement
from monitor.export import export_mentions
from monitor.models import Analysis, Item, Mention
from monitor.store import open_store
from monitor.store.engagement import refresh_metrics
from monitor.store.mentions import MentionFilter, mention_rows, posts_to_watch, save_items

from conftest_sources import LoopbackServer, send

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
NEUTRAL = Analysis("en", 0.0, "neutral", (), ())
NEGATIVE = Analysis("en", -0.6, "negative", (), ())
COMPLAINT = Analysis("en", -0.6, "negative", ("broke",), ())
SAFETY = Analysis("en", -0.6, "negative", ("refund",), ("burnt",), ("burnt",))


# the score


def test_a_neutral_post_with_no_figures_scores_nothing():
    assert early_warning({}, NEUTRAL) == 0.0
    assert early_warning({"score": 3}, NEUTRAL) < 0.01


def test_the_score_rises_with_reach_on_a_saturating_log_scale():
    scores = [early_warning({"likes": n}, COMPLAINT) for n in (0, 10, 100, 1000, 10_000, 10**6)]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    assert scores[-1] <= 1.0
    assert engagement({"points": 1000}) == 1000  # the reference: 1,000 engagements -> 0.5


def test_source_metric_names_are_recognised_in_any_case_and_weighted():
    assert engagement({"Points": 10, "num_comments": 10, "Retweets": 10, "views": 1000}) == 70
    assert engagement({"favourites_count": 1, "replies_count": 1, "reblogs_count": 1}) == 6
    assert engagement({"rating": 5, "price": 100}) == 0  # not reach: ignored


def test_growth_between_polls_raises_the_score():
    now = {"score": 400, "comments": 100}
    still = early_warning(now, COMPLAINT)
    slow = early_warning(now, COMPLAINT, previous={"score": 390, "comments": 98}, hours=1)
    fast = early_warning(now, COMPLAINT, previous={"score": 40, "comments": 10}, hours=1)
    assert still < slow < fast
    assert early_warning(now, COMPLAINT, previous=now, hours=1) == still
    assert early_warning(now, COMPLAINT, previous={}, hours=0) == still  # no time: no rate


def test_negativity_complaints_and_safety_raise_the_score_at_the_same_reach():
    reach = {"score": 500, "comments": 50}
    ordered = [early_warning(reach, a) for a in (NEUTRAL, NEGATIVE, COMPLAINT, SAFETY)]
    assert ordered == sorted(ordered) and len(set(ordered)) == 4


def test_a_safety_critical_complaint_scores_high_with_no_reach():
    assert early_warning({}, SAFETY) >= 0.7
    assert early_warning({"likes": 100_000}, NEUTRAL) < early_warning({}, SAFETY)


# stored, updated, exported


def post(metrics: dict[str, float], fetched_at: datetime, analysis: Analysis = COMPLAINT):
    item = Item(
        key="guitar",
        source="video",
        url="https://video.example/united-breaks-guitars",
        title="United Breaks Guitars",
        text="They broke my guitar and would not pay.",
        published_at=NOW,
        fetched_at=fetched_at,
        event_at=NOW,
        analysis=analysis,
        metrics=metrics,
        early_warning=early_warning(metrics, analysis),
    )
    return [(item, [Mention("guitar", "United Airlines", "United", ((0, 6),))])]


def stored(store) -> dict:
    (row,) = mention_rows(store, MentionFilter())
    return row


def test_a_post_seen_again_with_grown_figures_gets_a_higher_score(database_url):
    store = open_store(database_url)
    assert save_items(store, post({"views": 2000, "likes": 30}, NOW)) == 1
    first = stored(store)
    assert first["early_warning"] == early_warning({"views": 2000, "likes": 30}, COMPLAINT)

    later = NOW + timedelta(hours=2)
    assert save_items(store, post({"views": 90_000, "likes": 2000}, later)) == 0
    second = stored(store)
    grown = early_warning(
        {"views": 90_000, "likes": 2000}, COMPLAINT, {"views": 2000, "likes": 30}, hours=2
    )
    assert second["early_warning"] == grown > first["early_warning"]
    assert second["metrics"] == {"views": 90_000, "likes": 2000}
    assert second["fetched_at"] == NOW  # first collected then; only the figures moved

    # the same figures again: nothing changes; figures that shrank are not a new score
    save_items(store, post({"views": 90_000, "likes": 2000}, later + timedelta(hours=1)))
    save_items(store, post({"views": 10, "likes": 1}, later + timedelta(hours=2)))
    assert stored(store)["early_warning"] == grown


def test_the_collector_refreshes_known_posts_by_key_in_one_batch(database_url):
    store = open_store(database_url)
    save_items(store, post({"score": 10}, NOW))
    fetched = [
        ("guitar", {"score": 5000}, NOW + timedelta(hours=1)),
        ("not-stored", {"score": 9}, NOW),
        ("guitar", {}, NOW),
    ]
    assert refresh_metrics(store, fetched) == 1
    expected = early_warning({"score": 5000}, COMPLAINT, {"score": 10}, hours=1)
    assert stored(store)["early_warning"] == expected


def test_exports_carry_the_score(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/monitor.db")
    save_items(store, post({}, NOW, SAFETY))
    out = io.BytesIO()
    export_mentions(store, MentionFilter(), "csv", out)
    (row,) = csv.DictReader(io.StringIO(out.getvalue().decode()))
    assert float(row["early_warning"]) == early_warning({}, SAFETY)
    out = io.BytesIO()
    export_mentions(store, MentionFilter(), "jsonl", out)
    assert json.loads(out.getvalue())["early_warning"] == early_warning({}, SAFETY)
    path = tmp_path / "mentions.parquet"
    with path.open("wb") as f:
        export_mentions(store, MentionFilter(), "parquet", f)
    assert pq.read_table(path).column("early_warning").to_pylist() == [early_warning({}, SAFETY)]


def test_posts_to_watch_lists_each_post_once_best_first(tmp_path):
    store = open_store(f"sqlite:///{tmp_path}/monitor.db")
    quiet = post({}, NOW, NEUTRAL)[0][0]
    loud = post({"score": 9000}, NOW)[0][0]
    found = [
        (quiet, [Mention(quiet.key, "United Airlines", "United", ((0, 6),))]),
        (
            loud.__class__(**{**loud.__dict__, "key": "loud", "url": "https://x.example/2"}),
            [
                Mention("loud", "United Airlines", "United", ((0, 6),)),
                Mention("loud", "Taylor Guitars", "guitar", ((7, 13),)),
            ],
        ),
    ]
    save_items(store, found)
    watch = posts_to_watch(store, MentionFilter())
    assert [(w["url"], w["early_warning"]) for w in watch] == [
        ("https://x.example/2", loud.early_warning)
    ]  # the neutral post with no reach scores 0: nothing to watch
    assert posts_to_watch(store, MentionFilter(brand="Taylor Guitars"))[0]["url"].endswith("/2")


def test_a_database_from_before_the_score_gains_its_column(tmp_path):
    url = f"sqlite:///{tmp_path}/monitor.db"
    open_store(url).close()
    store = open_store(url)
    with store.engine.begin() as conn:  # as a version-3 database was
        conn.exec_driver_sql("DROP INDEX ix_items_warning")
        conn.exec_driver_sql("ALTER TABLE items DROP COLUMN early_warning")
        conn.exec_driver_sql("ALTER TABLE items DROP COLUMN metrics_at")
        conn.exec_driver_sql("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    store.close()
    reopened = open_store(url)
    save_items(reopened, post({"score": 10}, NOW))
    assert stored(reopened)["early_warning"] == pytest.approx(
        early_warning({"score": 10}, COMPLAINT)
    )


def test_a_second_poll_of_a_growing_post_raises_its_stored_score(tmp_path, write_config):
    def answer(points: int, comments: int) -> bytes:
        post = {"id": "ubg", "title": "United breaks guitars", "text": "They broke my guitar.",
                "url": "https://v.example/ubg", "points": points, "comments": comments}  # fmt: skip
        return json.dumps({"hits": [post]}).encode()

    with LoopbackServer() as server:
        url = server.route("/api", send(answer(12, 3), "application/json"))
        config = write_config(
            f"database: sqlite:///{tmp_path}/monitor.db\nbrands: [{{name: United Airlines, "
            "aliases: [United]}]\nsources:\n  - {name: video, type: json, url: '" + url + "',\n"
            "     fields: {items: hits, id: id, title: title, text: text, url: url,\n"
            "              metrics.points: points, metrics.comments: comments}}\n"
        )
        store = open_store(config.database)
        collect_once(config, store, NOW)
        first = stored(store)
        server.route("/api", send(answer(3000, 400), "application/json"))
        collect_once(config, store, NOW + timedelta(hours=1))
    second = stored(store)
    assert first["metrics"] == {"points": 12, "comments": 3}
    assert second["metrics"] == {"points": 3000, "comments": 400}
    assert second["early_warning"] > first["early_warning"] > 0
