"""Every dashboard page through Streamlit's AppTest, against a populated database.

The database (tests/dashboard_data.py) holds two brands, one open storm found by
live detection, one closed incident, four complaint records and three sources (one
failing, one disabled). Each test runs ``dashboard/app.py`` as ``streamlit run``
would, with ``MONITOR_CONFIG`` pointing at it, and checks what the page says.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from monitor.config import load_config
from monitor.coverage import watch_coverage
from monitor.store import open_store

from dashboard_data import (
    BASELINE,
    CONFIG_TEXT,
    FORUM_ERROR,
    GLOBEX_STORM,
    SPIKE,
    Dataset,
    build_dashboard_db,
    write_empty_config,
)
from dashboard_data import _sources as record_source_states

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
NO_DATA = "No mentions yet: run `monitor collect --once` or `monitor demo`"  # exact wording


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Dataset:
    return build_dashboard_db(tmp_path_factory.mktemp("dashboard"))


@pytest.fixture
def open_page(monkeypatch, dataset):
    """``open_page("incidents", incident="2")`` runs that page with those query parameters."""

    def run(page: str | None = None, config: Path | None = None, **query: str) -> AppTest:
        monkeypatch.setenv("MONITOR_CONFIG", str(config or dataset.config_path))
        at = AppTest.from_file(APP, default_timeout=30)
        if page:
            at.switch_page(f"views/{page}.py")
        at.query_params.update(query)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        assert not at.error, [e.value for e in at.error]
        return at

    return run


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def chart_titles(at: AppTest) -> list[str]:
    return [json.loads(c.proto.spec)["title"] for c in at.get("arrow_vega_lite_chart")]


# Overview


def test_overview_shows_the_last_day_and_the_open_storm(open_page, dataset):
    at = open_page()
    assert texts(at.title) == ["Overview"]
    day = sum(dataset.mentions_24h.values())
    negative = sum(dataset.negative_24h.values())
    assert metrics(at) == {
        "Mentions (24 h)": str(day),
        "Negative share (24 h)": f"{round(100 * negative / day)}%",
        "Open incidents": "1",
        "Sources not collecting": "2 of 3",
    }
    assert chart_titles(at) == [
        "Acme Coffee: mentions per hour, by sentiment",
        "Globex: mentions per hour, by sentiment",
        "Share of negative mentions per hour",
    ]
    incident = dataset.incident
    heading = f"**#{incident.id} Acme Coffee** · {incident.severity} · began "
    assert [t for t in texts(at.markdown) if t.startswith(heading) and t.endswith(" h ago")]
    assert incident.summary in texts(at.markdown)
    assert [b.label for b in at.button] == [f"Open incident #{incident.id}"]


def test_overview_for_one_brand_and_a_longer_range(open_page, dataset):
    at = open_page()
    at.selectbox(key="overview_brand").select("Globex").run()
    assert metrics(at)["Mentions (24 h)"] == str(dataset.mentions_24h["Globex"])
    assert metrics(at)["Open incidents"] == "0"
    assert texts(at.success) == ["No open incidents."]
    assert chart_titles(at) == [
        "Globex: mentions per hour, by sentiment",
        "Share of negative mentions per hour",
    ]
    at.radio(key="overview_range").set_value("30 days").run()
    assert chart_titles(at) == [
        "Globex: mentions per day, by sentiment",
        "Share of negative mentions per day",
    ]


def test_overview_button_opens_the_incident(open_page, dataset):
    at = open_page()
    at.button[0].click().run()
    assert texts(at.title) == ["Incidents"]
    assert (
        at.subheader[0].value == f"#{dataset.incident.id} Acme Coffee: "
        f"{dataset.incident.severity}, open"
    )
    assert at.query_params["incident"] == [str(dataset.incident.id)]


@pytest.mark.parametrize(
    ("page", "says"),
    [
        (None, NO_DATA),
        ("mentions", NO_DATA),
        ("export", NO_DATA),
        ("incidents", "No incidents match. Incidents open when detection finds a storm: run "
                      "`monitor run` (or `monitor detect` after `monitor collect --once`), "
                      "or clear the filters."),
        ("complaints", "No complaint records yet: import a helpdesk export with "
                       "`monitor complaints import FILE.csv`."),
    ],
)  # fmt: skip
def test_empty_database_says_what_to_do(open_page, tmp_path, page, says):
    at = open_page(page, config=write_empty_config(tmp_path))
    assert texts(at.info) == [says]
    assert not at.metric and not at.dataframe


def test_sources_never_polled_are_listed_before_the_first_poll(open_page, tmp_path):
    at = open_page("sources", config=write_empty_config(tmp_path))
    assert metrics(at) == {
        "Sources": "3", "Collecting": "0", "Failing": "0", "Blocked": "0", "Empty": "0",
        "Disabled": "0", "Never polled": "3",
    }  # fmt: skip
    assert texts(at.info) == [
        "No source has been polled yet: run `monitor collect --once`, or start `monitor run`."
    ]
    assert not at.error and not at.warning  # not polled yet is not blind
    table = at.dataframe[0].value
    assert list(table["name"]) == ["news-rss", "forum", "reviews-api"]
    assert set(table["health"]) == {"not polled yet"}
    assert set(table["polls_every"]) == {"—"}


def test_bad_config_is_one_line_not_a_traceback(monkeypatch, tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - name: x\n    type: rss\n    url: ftp://nowhere\n")
    monkeypatch.setenv("MONITOR_CONFIG", str(path))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert texts(at.error) == [
        f"{path}: line 4: sources[0].url: must start with http:// or https:// and name a host"
    ]
    monkeypatch.setenv("MONITOR_CONFIG", str(tmp_path / "missing.yaml"))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert texts(at.error) == [
        f"{tmp_path / 'missing.yaml'}: file not found: pass --config PATH or set MONITOR_CONFIG"
    ]


@pytest.mark.parametrize(
    ("database", "says"),
    [
        ("sqlite:///no/such/folder/monitor.db",
         "database folder {dir}/no/such/folder does not exist: create it or fix 'database'"),
        ("sqlite:///garbage.db",
         "cannot use database sqlite:///{dir}/garbage.db: file is not a database"),
    ],
)  # fmt: skip
def test_unusable_database_is_one_line_not_a_traceback(monkeypatch, tmp_path, database, says):
    (tmp_path / "garbage.db").write_bytes(b"this is not SQLite" * 500)
    path = tmp_path / "sources.yaml"
    path.write_text(f"database: {database}\n")
    monkeypatch.setenv("MONITOR_CONFIG", str(path))
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert texts(at.error) == [says.format(dir=tmp_path)]


# Incidents


def test_incident_explains_itself(open_page, dataset):
    incident = dataset.incident
    at = open_page("incidents")
    assert at.subheader[0].value == f"#{incident.id} Acme Coffee: {incident.severity}, open"
    assert incident.summary in texts(at.markdown)
    assert metrics(at) == {
        "Observed (per 1h)": str(dataset.incident_mentions),
        "Expected": "3.0",
        "Surprise score": f"{incident.score:.1f}",
        "Severity": incident.severity,
        "Negative share": f"{round(100 * SPIKE / dataset.incident_mentions)}%",
    }
    signals = ", ".join(f"{s} spike" for s in incident.kind.split("+"))
    assert f"**Signals:** {signals}" in texts(at.markdown)
    terms = next(t for t in texts(at.markdown) if t.startswith("**Risk terms**"))
    assert ":red-badge[recall]" in terms and ":red-badge[lawsuit]" in terms
    assert any("Burnt again by a Acme Coffee cup" in t for t in texts(at.markdown))
    captions = texts(at.caption)
    assert f"{dataset.incident_mentions} mentions linked to this incident" in captions
    assert "2 related complaints, oldest 20 h before the storm began" in captions
    assert "1 alert for this incident, 1 sent" in captions


def test_incident_tables_list_its_mentions_complaints_and_alerts(open_page, dataset):
    at = open_page("incidents")
    listed, mentions, complaints, alerts = (d.value for d in at.dataframe)
    assert list(listed["id"]) == [dataset.incident.id, dataset.closed.id]
    assert len(mentions) == dataset.incident_mentions
    assert list(complaints["external_id"]) == dataset.linked_complaints
    assert list(complaints["link_reason"]) == [
        "same brand, filed 20 h before the storm began; shares the term burnt",
        "same brand, filed during the incident; shares the term recall",
    ]
    assert list(zip(alerts["channel"], alerts["event"], alerts["status"], strict=True)) == [
        ("pr-lead", "opened", "sent")
    ]


def test_alert_link_selects_its_incident(open_page, dataset):
    closed = dataset.closed
    at = open_page("incidents", incident=str(closed.id))
    assert at.subheader[0].value == f"#{closed.id} Globex: warning, closed"
    assert closed.summary in texts(at.markdown)
    assert at.selectbox[2].value == closed.id
    assert at.query_params["incident"] == [str(closed.id)]
    assert texts(at.caption)[-1].startswith("No alerts for this incident")


def test_alert_link_wins_over_filters_and_a_bad_link_warns(open_page, dataset):
    at = open_page("incidents", incident=str(dataset.closed.id))
    at.selectbox(key="incidents_status").select("open").run()
    assert at.subheader[0].value.startswith(f"#{dataset.incident.id} Acme Coffee: ")
    assert at.query_params["incident"] == [str(dataset.incident.id)]

    at = open_page("incidents", incident="999")
    assert texts(at.warning) == [
        "Incident #999 does not exist in this database.",
        "1 related complaint filed before the storm, 20 h before it began, still unresolved.",
    ]  # the second: the incident shown, and the complaint that predates its storm
    assert at.subheader[0].value.startswith(f"#{dataset.incident.id} Acme Coffee: ")


# Mentions, complaints, sources, export


def test_mentions_table_counts_and_filters(open_page, dataset):
    at = open_page("mentions")
    assert texts(at.caption) == [
        f"{dataset.mentions} mentions match; showing 1–100, newest first. Export them all "
        "from the Export page."
    ]  # a page at a time: tests/test_dashboard_scale.py turns them
    table = at.dataframe[0].value
    assert len(table) == 100
    assert table["event_at"].is_monotonic_decreasing

    at.selectbox(key="mentions_brand").select("Acme Coffee")
    at.checkbox(key="mentions_complaint").check().run()
    assert at.caption[0].value.startswith(f"{SPIKE} mentions match; showing 1–100")
    at.text_input(key="mentions_search").input("recall").run()
    table = at.dataframe[0].value
    assert len(table) == SPIKE // 2
    assert table["title"].str.contains("recall", case=False).all()

    at.text_input(key="mentions_search").input("no such words anywhere").run()
    assert texts(at.info) == ["No mentions match these filters: widen them."]


def test_mentions_page_lists_the_posts_to_watch(open_page, dataset):
    at = open_page("mentions")
    table = at.dataframe[0].value
    assert "early_warning" in table.columns
    assert "Posts to watch" in texts(at.subheader)
    best = table.sort_values(["early_warning", "event_at"], ascending=False).head(5)
    listed = [m for m in texts(at.markdown) if m.startswith("**0.")]
    assert len(listed) == 5
    for line, (_, row) in zip(listed, best.iterrows(), strict=True):
        assert line.startswith(f"**{row['early_warning']:.2f}** · [")
        assert line.endswith(f"]({row['url']}) · {row['source']}")
    assert "Acme Coffee" in listed[0]  # the storm's most shared post

    # calm posts with no reach score 0: nothing to watch
    at.selectbox(key="mentions_sentiment").select("positive").run()
    assert "Posts to watch" not in texts(at.subheader)


def test_a_picked_mention_reads_in_full_with_the_brand_highlighted(open_page, dataset):
    at = open_page("mentions")
    at.selectbox(key="mentions_brand").select("Acme Coffee")
    at.text_input(key="mentions_search").input("lawsuit").run()
    table = at.dataframe[0].value
    picker = at.selectbox(key="mentions_pick")
    assert picker.options[0].endswith(" · Acme Coffee recall? Scalding coffee, lawsuit incoming")
    assert picker.value == table["id"].iloc[0]  # the newest shown mention

    (shown,) = at.get("html")
    assert shown.proto.body == (
        '<div class="mention-text"><p style="font-weight:600;margin:0 0 0.5em">'
        "<mark>Acme Coffee</mark> recall? Scalding coffee, lawsuit incoming</p>"
        '<div style="white-space:pre-wrap"><mark>Acme Coffee</mark> recall? Scalding coffee, '
        "lawsuit incoming. Photos of the blisters in the thread.</div></div>"
    )
    said = texts(at.markdown)
    assert "**Safety terms**  \n:red-badge[lawsuit]" in said
    assert "**Complaint terms:** refund, burnt  \n**Risk terms:** recall, lawsuit" in said

    # a mention picked further down, then filtered away: the newest shown one is picked
    picker.select(table["id"].iloc[3]).run()
    assert at.selectbox(key="mentions_pick").value == table["id"].iloc[3]
    at.selectbox(key="mentions_brand").select("Globex")
    at.text_input(key="mentions_search").input("").run()
    assert not at.exception
    assert at.selectbox(key="mentions_pick").value == at.dataframe[0].value["id"].iloc[0]
    assert "<mark>Globex</mark>" in at.get("html")[0].proto.body
    assert not [m for m in texts(at.markdown) if "Safety terms" in m]


def test_complaints_page(open_page):
    at = open_page("complaints")
    shown = metrics(at)
    assert {k: shown[k] for k in ("Unresolved", "Overdue", "Linked to incidents")} == {
        "Unresolved": "2",
        "Overdue": "1",
        "Linked to incidents": "2",
    }
    assert list(at.dataframe[0].value["external_id"]) == ["C-1001", "C-1002"]  # overdue first
    assert sorted(at.dataframe[1].value["external_id"]) == ["C-1000", "C-2001"]  # resolved


# The Sources page tests add a blocked and an emptied source to the dataset's config (the
# shared config keeps three sources: the Overview counts them); the page reads only the
# source states, so these databases hold nothing else.
MORE_SOURCES = """\
  - name: trade-press
    type: rss
    url: http://127.0.0.1:9/trade.xml
  - name: press-rss
    type: rss
    url: http://127.0.0.1:9/press.xml
"""
OPS_CHANNEL = """\
    - name: ops-pager
      type: webhook
      url: http://127.0.0.1:9/ops
      audience: ops
"""
BLOCKED_ERROR = (
    "feed answered with a Cloudflare challenge instead of its content (the site blocks "
    "automated clients); ask the site for access or use its official feed or API"
)
NOT_COLLECTING = (
    "Not collecting properly:\n\n"
    "- **reviews-api** (disabled): stopped after too many errors in a row; fix the cause, "
    "then run `monitor sources reset reviews-api`.\n"
    "- **trade-press** (blocked): the site refuses the monitor; ask the site for access, or "
    "use its official feed or API.\n"
    "- **forum** (failing): retried automatically, backing off; the last error is in the "
    "table below.\n"
    "- **press-rss** (empty): the feed answered with no entries; check the URL."
)
BLIND = (
    "The monitor is partly blind: 4 of 5 sources not collecting "
    "(1 disabled, 1 blocked, 1 failing, 1 empty). "
)


def source_states(
    folder: Path, blind_share: float | None = None, ops: bool = False,
    alerted: datetime | None = None,
) -> Path:  # fmt: skip
    """Five sources (ok, failing, disabled, blocked, emptied); ``alerted``: the monitor's
    cycle found it partly blind then and queued the ops alert."""
    text = CONFIG_TEXT.replace("collect:\n", MORE_SOURCES + "collect:\n")
    if blind_share is not None:
        text = text.replace(
            "  error_limit: 3\n", f"  error_limit: 3\n  blind_share: {blind_share}\n"
        )
    path = folder / "sources.yaml"
    path.write_text(text + (OPS_CHANNEL if ops else ""), encoding="utf-8")
    config = load_config(path)
    store = open_store(config.database)
    try:
        record_source_states(config, store, datetime.now(UTC))
        if alerted is not None:
            assert watch_coverage(config, store, alerted) == "opened"
    finally:
        store.close()
    return path


@pytest.fixture
def open_sources(monkeypatch, dataset):
    """The Sources page, which may show an error (the monitor is partly blind)."""

    def run(config: Path | None = None) -> AppTest:
        monkeypatch.setenv("MONITOR_CONFIG", str(config or dataset.config_path))
        at = AppTest.from_file(APP, default_timeout=30)
        at.switch_page("views/sources.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def test_sources_page_shows_failing_sources_and_their_errors(open_sources):
    at = open_sources()
    assert metrics(at) == {
        "Sources": "3", "Collecting": "1", "Failing": "1", "Blocked": "0", "Empty": "0",
        "Disabled": "1", "Never polled": "0",
    }  # fmt: skip
    assert texts(at.error) == [
        "The monitor is partly blind: 2 of 3 sources not collecting (1 disabled, 1 failing). "
        "No ops channel is configured, so nobody has been alerted: add one to "
        "`alerts.channels` with `audience: ops`."
    ]
    assert texts(at.warning) == [
        "Not collecting properly:\n\n"
        "- **reviews-api** (disabled): stopped after too many errors in a row; fix the cause, "
        "then run `monitor sources reset reviews-api`.\n"
        "- **forum** (failing): retried automatically, backing off; the last error is in the "
        "table below."
    ]
    table = at.dataframe[0].value.set_index("name")
    assert list(table["health"]) == ["disabled", "failing", "ok"]
    assert table.loc["forum", "last_error"] == FORUM_ERROR
    assert table.loc["reviews-api", "last_error"] == "connection refused"
    assert table.loc["reviews-api", "error_count"] == 3


def test_sources_page_puts_the_worst_first_and_says_what_to_do(open_sources, tmp_path):
    at = open_sources(source_states(tmp_path))
    assert metrics(at) == {
        "Sources": "5", "Collecting": "1", "Failing": "1", "Blocked": "1", "Empty": "1",
        "Disabled": "1", "Never polled": "0",
    }  # fmt: skip
    assert texts(at.error) == [
        BLIND + "No ops channel is configured, so nobody has been alerted: add one to "
        "`alerts.channels` with `audience: ops`."
    ]
    assert texts(at.warning) == [NOT_COLLECTING]
    table = at.dataframe[0].value.set_index("name")
    assert list(table.index) == ["reviews-api", "trade-press", "forum", "press-rss", "news-rss"]
    assert list(table["health"]) == ["disabled", "blocked", "failing", "empty", "ok"]
    assert table["polls_every"].to_dict() == {
        "reviews-api": "stopped", "trade-press": "1h", "forum": "30m", "press-rss": "15m",
        "news-rss": "22m",
    }  # fmt: skip
    assert pd.isna(table.loc["reviews-api", "next_check_at"])  # not polled until reset
    assert table.loc["trade-press", "last_error"] == BLOCKED_ERROR
    assert table.loc["trade-press", "last_status"] == 403
    assert table.loc["press-rss", "last_warning"] == (
        "feed returned no entries; it had 25 last time (moved, emptied, or blocking us?)"
    )
    assert table.loc["press-rss", "last_items"] == 0
    assert table.loc["news-rss", "last_items"] == 120  # a 304 since: the last full answer's


def test_sources_page_below_the_blind_share_only_warns(open_sources, tmp_path):
    at = open_sources(source_states(tmp_path, blind_share=0.9))  # 4 of 5 < 0.9
    assert not at.error
    assert texts(at.warning) == [NOT_COLLECTING]


def test_sources_page_says_whether_ops_were_alerted(open_sources, tmp_path):
    alerted = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)
    (tmp_path / "told").mkdir()
    at = open_sources(source_states(tmp_path / "told", ops=True, alerted=alerted))
    assert texts(at.error) == [
        BLIND + "Ops have been alerted on ops-pager; partly blind since 2026-11-20 14:00 UTC."
    ]
    (tmp_path / "not-yet").mkdir()
    at = open_sources(source_states(tmp_path / "not-yet", ops=True))
    assert texts(at.error) == [
        BLIND + "Ops will be alerted on ops-pager at the next `monitor run` cycle."
    ]


def test_export_page_offers_the_download(open_page, dataset):
    at = open_page("export")
    [button] = at.get("download_button")
    assert button.proto.label == f"Download {dataset.mentions} mentions (csv)"
    assert texts(at.code) == ["monitor export --format csv --out mentions.csv"]

    at.selectbox(key="export_brand").select("Globex")
    at.radio(key="export_format").set_value("parquet").run()
    [button] = at.get("download_button")
    globex = BASELINE + GLOBEX_STORM
    assert button.proto.label == f"Download {globex} mentions (parquet)"
    assert texts(at.code) == [
        "monitor export --format parquet --brand Globex --out mentions.parquet"
    ]


def test_incident_shows_its_timeline_from_the_first_complaint(open_page, dataset):
    from datetime import timedelta

    from monitor.durations import format_gap

    incident = dataset.incident
    at = open_page("incidents")
    filed = incident.began_at - timedelta(hours=20)  # C-1001, 20 h before the storm began
    assert (
        f"**Timeline** · First complaint {format_gap(incident.opened_at - filed)} before the "
        "incident opened; executives alerted within a minute of opening (pr-lead); still open."
    ) in texts(at.markdown)
    (table,) = [t for t in texts(at.markdown) if t.startswith("| When |")]
    header, _, first, began, *rest = table.splitlines()
    assert header == "| When | After the previous step | What |"
    assert first == (
        f"| {filed:%Y-%m-%d %H:%M} UTC | — | First related complaint filed (C-1001, email): "
        "“Lid came off, coffee burnt my hand” |"
    )
    assert began == (
        f"| {incident.began_at:%Y-%m-%d %H:%M} UTC | +20 h | The storm began (first unusual "
        "1h bucket) |"
    )
    assert any(row.endswith("| Alert sent to pr-lead (incident opened) |") for row in rest)


def test_sources_page_lists_the_sources_gone_silent(open_sources, tmp_path):
    from test_dips import busy, polled

    from monitor.dips import watch_dips

    path = source_states(tmp_path)
    config = load_config(path)
    store = open_store(config.database)
    now = datetime.now(UTC)
    try:
        busy(store, "news-rss", now - timedelta(hours=4))
        polled(store, "news-rss", now - timedelta(minutes=5), unchanged=3)
        assert watch_dips(config, store, now) == ["opened: news-rss"]
    finally:
        store.close()
    at = open_sources(path)
    [silent] = [w for w in texts(at.warning) if w.startswith("Gone silent")]
    assert silent.startswith(
        "Gone silent (ops have been told):\n\n- news-rss has brought no new items naming a "
        "brand for 4 h"
    )


def test_each_brand_has_a_state_against_last_week(open_page, dataset):
    at = open_page()
    said = texts(at.markdown)
    assert "**Acme Coffee** :orange-background[**watch**]" in said or (
        "**Acme Coffee** :red-background[**crisis**]" in said
    )  # its storm is open
    assert "**Globex** :green-background[calm]" in said
    assert any(t.startswith("Updated ") and "refreshes every 1 min" in t for t in texts(at.caption))


def test_a_brand_state_follows_its_incidents_and_its_negative_share():
    from dataclasses import replace

    from dashboard.brand_status import brand_state

    def counts(mentions: int, negative: int) -> dict[str, int]:
        return {"mentions": mentions, "negative": negative, "complaints": 0}

    calm, before = counts(40, 4), counts(40, 4)
    assert brand_state("Acme", calm, before, []).state == "calm"
    sour = brand_state("Acme", counts(40, 12), before, [])  # 30% against 10%
    assert (sour.state, sour.why) == ("watch", "negative share 30%, 10% a week ago")
    assert brand_state("Acme", counts(8, 6), counts(8, 1), []).state == "calm"  # too few
    storm = dataset_incident()
    assert brand_state("Acme", calm, before, [storm]).state == "watch"
    critical = replace(storm, severity="critical")
    assert brand_state("Acme", calm, before, [critical]).why == "critical incident #7 open"
    assert brand_state("Other", calm, before, [critical]).state == "calm"


def dataset_incident():
    from datetime import UTC, datetime

    from monitor.models import Incident

    at = datetime(2026, 11, 23, tzinfo=UTC)
    return Incident(brand="Acme", kind="volume", status="open", severity="warning",
                    opened_at=at, updated_at=at, began_at=at, observed=50, expected=5,
                    score=6, peak_score=6, id=7)  # fmt: skip
