"""The dashboard's parts without Streamlit: aggregated reads, chart builders, text formatting.

The aggregated reads (monitor/store/reports.py) run on SQLite and, when
MONITOR_TEST_POSTGRES_URL is set, on PostgreSQL: bucketing is written per dialect.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from dashboard import charts
from dashboard.format import ago, badges, complaint_note, error_line, every, percent, plain
from dashboard.highlight import highlight, highlight_mention, merge_spans
from monitor.config import Brand
from monitor.errors import ConfigError, StoreError
from monitor.match import BrandMatcher
from monitor.models import Analysis, Item, Mention
from monitor.normalise import matched_text
from monitor.store import open_store
from monitor.store.mentions import MentionFilter, mention_rows, save_items
from monitor.store.reports import mention_facets, mention_totals, mention_volume

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def found(
    key: str,
    brand: str,
    at: datetime,
    label: str = "neutral",
    lang: str = "en",
    source: str = "news",
    complaint: tuple[str, ...] = (),
):
    score = {"negative": -0.5, "neutral": 0.0, "positive": 0.5}[label]
    item = Item(
        key,
        source,
        f"https://example.com/{key}",
        f"{brand} news {key}",
        "text",
        at,
        at,
        at,
        Analysis(lang, score, label, complaint, ()),
    )
    return item, [Mention(key, brand, brand, ((0, len(brand)),))]


@pytest.fixture
def store(database_url):
    store = open_store(database_url)
    save_items(
        store,
        [
            found("a", "Acme", T0 + timedelta(minutes=5)),
            found(
                "b",
                "Acme",
                T0 + timedelta(minutes=59, seconds=59, microseconds=600_000),
                "negative",
                complaint=("refund",),
            ),  # rounds up to the next hour if cast naively
            found("c", "Acme", T0 + HOUR, "negative", lang="ro", source="forum"),
            found("d", "Acme", T0 + HOUR + timedelta(minutes=30), "negative", source="forum"),
            found("e", "Globex", T0 + timedelta(minutes=10), "positive", lang="zh"),
            found("f", "Acme", T0 + 3 * HOUR, "positive"),  # outside the window below
        ],
    )
    yield store
    store.close()


def test_mention_volume_counts_per_bucket_brand_and_sentiment(store):
    rows = mention_volume(store, T0, T0 + 2 * HOUR, HOUR)
    assert rows == [
        {"bucket": T0, "brand": "Acme", "sentiment_label": "negative", "mentions": 1},
        {"bucket": T0, "brand": "Acme", "sentiment_label": "neutral", "mentions": 1},
        {"bucket": T0, "brand": "Globex", "sentiment_label": "positive", "mentions": 1},
        {"bucket": T0 + HOUR, "brand": "Acme", "sentiment_label": "negative", "mentions": 2},
    ]
    assert mention_volume(store, T0, T0 + 4 * HOUR, timedelta(days=1), brand="Acme") == [
        {
            "bucket": datetime(2026, 3, 2, tzinfo=UTC),
            "brand": "Acme",
            "sentiment_label": "negative",
            "mentions": 3,
        },
        {
            "bucket": datetime(2026, 3, 2, tzinfo=UTC),
            "brand": "Acme",
            "sentiment_label": "neutral",
            "mentions": 1,
        },
        {
            "bucket": datetime(2026, 3, 2, tzinfo=UTC),
            "brand": "Acme",
            "sentiment_label": "positive",
            "mentions": 1,
        },
    ]


def test_mention_totals_and_facets(store):
    assert mention_totals(store, MentionFilter()) == {"mentions": 6, "negative": 3, "complaints": 1}
    assert mention_totals(store, MentionFilter(brand="Acme", since=T0 + HOUR)) == {
        "mentions": 3,
        "negative": 2,
        "complaints": 0,
    }
    assert mention_totals(store, MentionFilter(brand="Nobody")) == {
        "mentions": 0,
        "negative": 0,
        "complaints": 0,
    }
    assert mention_facets(store) == {
        "brands": ["Acme", "Globex"],
        "sources": ["forum", "news"],
        "languages": ["en", "ro", "zh"],
        "sentiments": ["negative", "neutral", "positive"],
    }


def test_volume_chart_stacks_negative_first_and_marks_incidents():
    volume = pd.DataFrame(
        [
            {"bucket": T0, "sentiment_label": "positive", "mentions": 2},
            {"bucket": T0, "sentiment_label": "negative", "mentions": 3},
            {"bucket": T0 + HOUR, "sentiment_label": "neutral", "mentions": 1},
        ]
    )
    incidents = pd.DataFrame(
        [
            {
                "id": 7,
                "began_at": T0 + HOUR,
                "severity": "critical",
                "status": "open",
                "summary": "Acme: 40 mentions",
            }
        ]
    )
    spec = charts.volume_chart(volume, incidents, HOUR, "Acme").to_dict()
    bars, rule, label = spec["layer"]
    stacked = spec["datasets"][bars["data"]["name"]]
    assert [(r["sentiment_label"], r["y0"], r["y1"]) for r in stacked] == [
        ("negative", 0, 3),
        ("positive", 3, 5),
        ("neutral", 0, 1),
    ]
    assert stacked[0]["bucket_end"].startswith("2026-03-02T11:00:00")
    assert rule["mark"]["type"] == "rule" and label["mark"]["type"] == "text"
    assert spec["datasets"][label["data"]["name"]][0]["label"] == "#7 critical"
    assert spec["title"] == "Acme"

    quiet = charts.volume_chart(volume, incidents.iloc[0:0], HOUR, "Acme").to_dict()
    assert len(quiet["layer"]) == 1


def test_sentiment_chart_plots_the_negative_share_per_brand():
    volume = pd.DataFrame(
        [
            {"bucket": T0, "brand": "Acme", "sentiment_label": "negative", "mentions": 1},
            {"bucket": T0, "brand": "Acme", "sentiment_label": "neutral", "mentions": 3},
            {"bucket": T0, "brand": "Globex", "sentiment_label": "positive", "mentions": 2},
        ]
    )
    spec = charts.sentiment_chart(volume, "share").to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [(r["brand"], r["share"]) for r in rows] == [("Acme", 0.25), ("Globex", 0.0)]


def test_text_formatting():
    now = T0 + timedelta(hours=5)
    assert ago(T0, now) == "5 h ago"
    assert ago(now - timedelta(seconds=30), now) == "just now"
    assert ago(now - timedelta(minutes=12), now) == "12 min ago"
    assert ago(now + timedelta(minutes=10), now) == "in 10 min"
    assert ago(now - timedelta(days=3), now) == "3 d ago"
    assert ago(None, now) == "never"
    assert percent(1, 3) == "33%" and percent(0, 0) == "—"
    assert plain("50% off *today* at $5 [link](x)") == r"50% off \*today\* at \$5 \[link\](x)"
    assert complaint_note([T0 + HOUR, T0 - 20 * HOUR], T0) == (
        "2 related complaints, oldest 20 h before the storm began"
    )
    assert complaint_note([T0 + HOUR], T0) == "1 related complaint, all filed during the incident"
    assert complaint_note([], T0) == "No related complaints"
    assert badges(["lawsuit", "[x]"], "red") == r":red-badge[lawsuit] :red-badge[\[x\]]"
    assert badges([], "red") == "none"


def test_polling_intervals_read_like_config_durations():
    assert [every(s) for s in (45, 59.4, 60, 1327.4, 3600, 5400, 6 * 3600, 2 * 86400)] == [
        "45s", "59s", "1m", "22m", "1h", "1h 30m", "6h", "2d",
    ]  # fmt: skip
    assert every(None) == "—" and every(float("nan")) == "—"


def test_errors_become_one_line():
    error = ConfigError("sources.yaml", ["line 3: brands[0].name: required", "line 9: x: bad"])
    assert error_line(error) == "sources.yaml: line 3: brands[0].name: required; line 9: x: bad"
    assert error_line(StoreError("cannot open\n  database")) == "cannot open database"


# Where the brand matched: the Mentions page highlights a picked mention's alias


def test_highlight_marks_the_spans_and_escapes_everything_else():
    text = 'Acme <script>alert("x")</script> & Acme'
    assert highlight(text, [[0, 4], [35, 39]]) == (
        "<mark>Acme</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "<mark>Acme</mark>"
    )
    assert highlight("<b>Acme</b>", [[3, 7]]) == "&lt;b&gt;<mark>Acme</mark>&lt;/b&gt;"
    assert highlight("no brand here", []) == "no brand here"


def test_highlight_merges_overlapping_spans_and_clamps_stale_ones():
    text = "Acme Coffee Co"
    # overlapping and touching spans become one mark; empty and reversed ones are dropped
    assert highlight(text, [[5, 11], [0, 4], [2, 6], [7, 7], [9, 3]]) == (
        "<mark>Acme Coffee</mark> Co"
    )
    assert merge_spans([[0, 4], [4, 6]], 14) == [(0, 6)]
    # spans past either end (the text was edited after matching) are clamped or dropped
    assert (
        highlight(text, [[-3, 2], [12, 40], [50, 60]]) == "<mark>Ac</mark>me Coffee <mark>Co</mark>"
    )


def test_highlight_counts_characters_so_cjk_and_emoji_offsets_hold():
    text = "😡 爱克咖啡的杯子烫伤了我，Acme 必须道歉"
    spans = [[2, 6], [14, 18]]
    assert [text[a:b] for a, b in spans] == ["爱克咖啡", "Acme"]
    assert (
        highlight(text, spans)
        == "😡 <mark>爱克咖啡</mark>的杯子烫伤了我，<mark>Acme</mark> 必须道歉"
    )


def test_a_stored_mention_highlights_in_its_title_and_its_text(database_url):
    """Spans point into ``matched_text(title, text)``, as the collector matched it."""
    title, text = "爱克咖啡 <lid> recall", "Second cup from Acme burnt me."
    (match,) = BrandMatcher([Brand(name="Acme Coffee", aliases=["Acme", "爱克咖啡"])]).match(
        matched_text(title, text)
    )
    made = Item("k", "forum", "https://x.example/k", title, text, T0, T0, T0,
                Analysis("en", -0.6, "negative", ("burnt",), ("recall",), ("burnt",)))  # fmt: skip
    store = open_store(database_url)
    save_items(store, [(made, [Mention("k", match.brand, match.alias, match.spans)])])
    (row,) = mention_rows(store, MentionFilter())
    assert row["spans"] == [[0, 4], [34, 38]]  # the text starts after the title and "\n"
    assert highlight_mention(row["title"], row["text"], row["spans"]) == (
        "<mark>爱克咖啡</mark> &lt;lid&gt; recall",
        "Second cup from <mark>Acme</mark> burnt me.",
    )
    assert (
        highlight_mention("", text, [[16, 20]])[1] == "Second cup from <mark>Acme</mark> burnt me."
    )
