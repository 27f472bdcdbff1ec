"""The command-line contracts: collect --once, analyze, export, sources, and clean errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyarrow.parquet as pq

from conftest_sources import RSS, LoopbackServer, send, status
from feeds import calm_posts, rss


def monitor(config_path, *args, stdin: str | None = None):
    return subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(config_path), *args],
        input=stdin,
        capture_output=True,
        text=True,
    )


CONFIG = """
database: sqlite:///monitor.db
brands:
  - {{name: Acme Air, aliases: [阿克美航空]}}
sources:
  - {{name: good, type: rss, url: "{good}"}}
  - {{name: broken, type: rss, url: "{broken}"}}
  - {{name: down, type: rss, url: "http://127.0.0.1:9/feed"}}
  - {{name: junk, type: rss, url: "{junk}"}}
"""


def test_collect_once_stores_mentions_and_records_every_failure(tmp_path, write_config):
    from datetime import UTC, datetime

    posts = calm_posts(datetime.now(UTC), hours=3, per_hour=2)
    with LoopbackServer() as server:
        config = write_config(
            CONFIG.format(
                good=server.route("/good.xml", send(rss(posts), RSS)),
                broken=server.route("/broken.xml", status(503, retry_after="120")),
                junk=server.route(
                    "/junk.xml", send(b"<html><body>Not a feed</body></html>", "text/html")
                ),
            )
        )
        result = monitor(config.path, "collect", "--once")
        again = monitor(config.path, "collect", "--once")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"collected 4 sources: {len(posts)} new mentions, 3 failed"
    assert lines[1].startswith("  FAILED broken: ") and "503" in lines[1]
    assert lines[2].startswith("  FAILED down: ")
    assert lines[3].startswith("  FAILED junk: ")
    assert f"  good: {len(posts)} items, {len(posts)} new mentions" in result.stderr
    assert again.stdout.splitlines()[0] == "collected 4 sources: 0 new mentions, 3 failed"

    listed = monitor(config.path, "sources", "list").stdout.splitlines()
    states = {line.split("\t")[0]: line.split("\t") for line in listed}
    assert states["good"][1] == "ok"
    assert states["broken"][1] == "failing"
    assert states["broken"][3] == "errors 2"
    assert "503" in states["broken"][4]


def test_collect_with_an_unusable_database_is_a_one_line_error(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("database: sqlite:///no/such/folder/m.db\nsources: []\n")
    result = monitor(config, "collect", "--once")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"Error: database folder {tmp_path}/no/such/folder does not exist: "
        "create it or fix 'database'"
    )


def test_analyze_contract(tmp_path):
    config = tmp_path / "sources.yaml"
    config.write_text("brands:\n  - {name: United Airlines, aliases: [美联航]}\n")
    lines = "\n".join(
        [
            json.dumps({"id": 1, "text": "United Airlines lost my bag, I want a refund"}),
            json.dumps({"id": "b", "text": "美聯航的服務很好"}, ensure_ascii=False),
            "not json",
        ]
    )
    result = monitor(config, "analyze", stdin=lines)
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert out[0] == {
        "id": 1,
        "lang": "en",
        "sentiment": {"label": "negative", "score": -0.2},
        "brands": ["United Airlines"],
        "complaint": True,
        "risk_terms": [],
        "safety_terms": [],
    }
    assert out[1]["id"] == "b"
    assert out[1]["lang"] == "zh-Hant"
    assert out[1]["brands"] == ["United Airlines"]
    assert set(out[1]["sentiment"]) == {"label", "score"}
    assert out[2]["error"].startswith("line 3: ")


def test_export_formats_share_columns_and_filters(tmp_path, write_config):
    from datetime import UTC, datetime

    posts = calm_posts(datetime(2026, 11, 20, tzinfo=UTC), hours=4, per_hour=3)
    with LoopbackServer() as server:
        feed = server.route("/f", send(rss(posts), RSS))
        config = write_config(
            "database: sqlite:///monitor.db\nbrands: [{name: Acme Air}]\n"
            f"sources: [{{name: news, type: rss, url: '{feed}'}}]\n"
        )
        assert monitor(config.path, "collect", "--once").returncode == 0
    as_csv = monitor(config.path, "export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == len(posts)
    contract = [
        "id",
        "brand",
        "source",
        "url",
        "title",
        "text",
        "published_at",
        "fetched_at",
        "lang",
        "sentiment",
        "sentiment_label",
        "complaint",
        "incident_id",
    ]
    assert list(rows[0])[: len(contract)] == contract
    assert {r["brand"] for r in rows} == {"Acme Air"}

    as_jsonl = monitor(
        config.path, "export", "--format", "jsonl", "--since", "2026-11-19T22:00:00Z"
    )
    records = [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    assert 0 < len(records) < len(posts)
    assert all(r["published_at"] >= "2026-11-19T22:00:00+00:00" for r in records)

    out = tmp_path / "mentions.parquet"
    written = monitor(config.path, "export", "--format", "parquet", "--out", str(out))
    assert written.stderr.strip().endswith(f"wrote {len(posts)} mentions to {out}")
    table = pq.read_table(out)
    assert table.num_rows == len(posts)
    assert table.column_names[: len(contract)] == contract
    assert sorted(table.column("id").to_pylist()) == sorted(int(r["id"]) for r in rows)

    bad = monitor(config.path, "export", "--since", "yesterday-ish")
    assert bad.returncode == 2
    assert "'yesterday-ish' is not a date" in bad.stderr


def test_sources_reset_reenables_a_source(tmp_path, write_config):
    config = write_config(
        "database: sqlite:///monitor.db\ncollect: {error_limit: 1}\n"
        "sources: [{name: down, type: rss, url: 'http://127.0.0.1:9/feed'}]\n"
    )
    first = monitor(config.path, "collect", "--once")
    assert "disabled after 1 consecutive errors: run 'monitor sources reset down'" in first.stdout
    assert monitor(config.path, "sources", "list").stdout.split("\t")[1] == "DISABLED"
    skipped = monitor(config.path, "collect", "--once").stdout.splitlines()
    assert skipped[0] == "collected 0 sources: 0 new mentions, 0 failed"
    assert skipped[1].startswith("  SKIPPED down: disabled after 1 errors (last: ")
    reset = monitor(config.path, "sources", "reset", "down")
    assert reset.stdout.strip() == "down: reset; it will be polled on the next cycle"
    assert monitor(config.path, "sources", "list").stdout.split("\t")[1] == "ok"
    unknown = monitor(config.path, "sources", "reset", "nope")
    assert unknown.returncode == 1
    assert "no source named 'nope'" in unknown.stderr


def test_run_once_polls_detects_and_reports(tmp_path, write_config):
    from datetime import UTC, datetime

    posts = calm_posts(datetime.now(UTC), hours=2, per_hour=2)
    with LoopbackServer() as server:
        feed = server.route("/f", send(rss(posts), RSS))
        config = write_config(
            "database: sqlite:///monitor.db\nbrands: [{name: Acme Air}]\n"
            f"sources: [{{name: news, type: rss, url: '{feed}'}}]\n"
        )
        first = monitor(config.path, "run", "--once")
        second = monitor(config.path, "run", "--once")  # nothing is due yet
    assert first.returncode == 0, first.stderr
    assert f"cycle: 1 sources polled, {len(posts)} new mentions, 0 incident events" in first.stderr
    assert second.returncode == 0
    assert "cycle:" not in second.stderr
