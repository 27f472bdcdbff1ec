"""`monitor backtest --brand` replays a brand's stored mentions through the live detector.

A week of calm hourly mentions of Acme Bus, then a four-hour storm of complaints on
8 October from 10:00, stored through the real pipeline in a real SQLite file. The
replay reports the incident the live system would have opened, with candidate
settings given by ``--set``, and writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from monitor.cli import cli
from monitor.config import load_config
from monitor.detection import detect_incidents
from monitor.enrich import Enricher
from monitor.ingest import process_items
from monitor.match import BrandMatcher
from monitor.store import open_store
from monitor.store.mentions import save_items
from sources.items import RawItem

START = datetime(2026, 10, 1, tzinfo=UTC)
STORM = {178: 40, 179: 90, 180: 150, 181: 100}  # hours after START: 8 October, 10:00-14:00
CALM = [
    "Took the Acme Bus to work again today",
    "The Acme Bus winter timetable is out",
    "Acme Bus opens a new line to the airport",
]
LATE = "Acme Bus was late again this morning, annoying"
ANGRY = "Acme Bus cancelled my trip again, terrible service, I want a refund"
DOCS = Path(__file__).resolve().parents[1] / "docs"
CONFIG = "database: sqlite:///monitor.db\nbrands:\n  - {name: Acme Bus}\n  - {name: Skyline Air}\n"


def hourly_posts() -> list[RawItem]:
    """Nine days of Acme Bus: 3-6 posts an hour (one in three hours has a late bus in
    it), and a storm of 40, 90, 150 and 100 complaints an hour on 8 October from 10:00."""
    posts = []
    for hour in range(9 * 24):
        at = START + timedelta(hours=hour)
        for n in range(STORM.get(hour) or [3, 4, 5, 4, 6, 3, 5][hour % 7]):
            if hour in STORM:
                text = ANGRY
            else:
                text = LATE if n == 0 and hour % 3 == 0 else CALM[(hour + n) % 3]
            posts.append(
                RawItem(
                    url=f"https://example.com/{hour}/{n}",
                    title=f"{text} ({hour}/{n})",
                    text="",
                    published_at=at + timedelta(minutes=(7 * n) % 60),
                )
            )
    return posts


@pytest.fixture(scope="module")
def history(tmp_path_factory) -> Path:
    """A folder with sources.yaml and monitor.db holding the stored mentions."""
    folder = tmp_path_factory.mktemp("history")
    (folder / "sources.yaml").write_text(CONFIG, encoding="utf-8")
    config = load_config(folder / "sources.yaml")
    store = open_store(config.database)
    matcher, enricher = BrandMatcher(config.brands), Enricher(config)
    collected = START + timedelta(days=9)  # posts from the future would be set aside
    save_items(store, process_items(hourly_posts(), "forum", collected, matcher, enricher))
    store.close()
    return folder


def backtest(folder: Path, *args: str):
    config = str(folder / "sources.yaml")
    return CliRunner().invoke(cli, ["--config", config, "backtest", *args])


def replay(folder: Path, *args: str) -> list[dict]:
    since = ("--since", "2026-10-01", "--until", "2026-10-10")
    result = backtest(folder, "--brand", "Acme Bus", *since, "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def fingerprint(folder: Path) -> tuple[str, dict[str, int]]:
    db = folder / "monitor.db"
    with sqlite3.connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    conn.close()
    return hashlib.sha256(db.read_bytes()).hexdigest(), counts


def test_the_storm_is_reported_with_the_bucket_it_began_on(history):
    result = backtest(
        history, "--brand", "Acme Bus", "--since", "2026-10-08", "--until", "2026-10-10"
    )
    assert result.exit_code == 0, result.output
    header, opened, closed = result.stdout.splitlines()
    assert header.split() == [
        "event", "bucket", "began", "severity", "peak", "signals", "observed", "expected",
    ]  # fmt: skip
    assert opened.split()[:6] == [
        "opened",
        "2026-10-08",
        "10:00",
        "2026-10-08",
        "10:00",
        "critical",
    ]
    assert opened.split()[-2:] == ["40", "4.0"]
    assert closed.startswith("closed  2026-10-09 13:00  2026-10-08 10:00  critical")
    assert "Acme Bus: 2026-10-08 00:00 to 2026-10-10 00:00 in 1h buckets, threshold 6" in (
        result.stderr
    )
    assert "1 incident would have opened (1 alert); nothing was written" in result.stderr


def test_jsonl_gives_one_object_per_incident_event(history):
    opened, closed = replay(history)
    assert opened["event"] == "opened" and closed["event"] == "closed"
    assert opened["began_at"] == closed["began_at"] == "2026-10-08T10:00:00+00:00"
    assert opened["severity"] == "critical" and "volume" in opened["signals"]
    assert (opened["observed"], opened["expected"]) == (40, 4.0)
    assert closed["closed_at"] == "2026-10-09T14:00:00+00:00"  # after a calm day


def test_higher_thresholds_report_no_incident(history):
    # the seasonal test's bar follows `threshold` unless it is set apart
    assert replay(history, "--set", "detection.threshold=50") == []
    assert replay(
        history, "--set", "detection.threshold=50", "--set", "detection.seasonal_threshold=5"
    )
    quiet = ["--set", "detection.threshold=50", "--set", "detection.seasonal_threshold=50"]
    assert replay(history, *quiet) == []
    result = backtest(history, "--brand", "Acme Bus", "--since", "2026-10-08", *quiet)
    assert result.exit_code == 0 and result.stdout.splitlines() == [
        "event  bucket  began  severity  peak  signals  observed  expected"
    ]
    assert "0 incidents would have opened (0 alerts)" in result.stderr


def test_a_short_stored_history_is_said_to_be_warming_up(history):
    result = backtest(
        history, "--brand", "Acme Bus", "--since", "2026-10-01", "--until", "2026-10-03"
    )
    assert result.exit_code == 0, result.output
    assert "warming up until 2026-10-02 00:00: the stored history starts 2026-10-01 00:00" in (
        result.stderr
    )


def test_the_database_is_not_written(history):
    before = fingerprint(history)
    replay(history)
    replay(history, "--set", "detection.bucket=30m", "--set", "detection.seasonal_days=0")
    assert fingerprint(history) == before
    assert before[1]["incidents"] == 0 and before[1]["mentions"] > 1000


def test_live_detection_opens_the_same_incident_as_the_replay(history, tmp_path):
    shutil.copytree(history, tmp_path / "live")  # live detection writes: use a copy
    config = load_config(tmp_path / "live" / "sources.yaml")
    store = open_store(config.database)
    now = datetime(2026, 10, 10, 0, 10, tzinfo=UTC)
    live = [e.incident for e in detect_incidents(config, store, now) if e.event != "updated"]
    store.close()
    replayed = replay(history)
    assert [i.status for i in live] == ["open", "closed"]
    for mine, theirs in zip(replayed, live, strict=True):
        assert mine["began_at"] == theirs.began_at.isoformat()
        assert (mine["severity"], mine["peak_score"]) == (theirs.severity, theirs.peak_score)
        assert mine["signals"] == theirs.kind.split("+")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--set", "detection.threshold=-1"],
            "Error: --set detection.threshold=-1: Input should be greater than 0\n",
        ),
        (
            ["--set", "detection.bucket=2d"],
            "Error: --set detection.bucket=2d: window must cover at least 4 buckets\n",
        ),
        (
            ["--set", "detection.thresold=8"],
            "Error: --set detection.thresold: unknown setting; choose one of detection.bucket, "
            "detection.window, detection.min_history, detection.threshold, "
            "detection.critical_factor, detection.min_count, detection.quiet, "
            "detection.persist, detection.seasonal_days, detection.seasonal_threshold, "
            "detection.smooth, detection.delay, detection.breakdown, "
            "detection.breakdown_threshold\n",
        ),
        (
            ["--set", "threshold"],
            "Error: --set 'threshold': write KEY=VALUE, e.g. detection.threshold=8\n",
        ),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(history, args, message):
    result = backtest(history, "--brand", "Acme Bus", "--since", "2026-10-08", *args)
    assert result.exit_code == 1
    assert result.stderr == message


def test_an_unknown_brand_lists_the_configured_ones(history):
    result = backtest(history, "--brand", "Acme Air", "--since", "2026-10-08")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: unknown brand 'Acme Air': the configured brands are Acme Bus, Skyline Air\n"
    )


def test_series_and_brand_are_two_forms_not_one(history, tmp_path):
    both = backtest(history, "--brand", "Acme Bus", "--series", "x.csv", "--since", "2026-10-08")
    assert (
        both.exit_code == 2 and "give --series FILE.csv (a series) or --brand NAME" in both.stderr
    )
    neither = backtest(history)
    assert neither.exit_code == 2 and "give --series FILE.csv or --brand NAME" in neither.stderr
    no_since = backtest(history, "--brand", "Acme Bus")
    assert no_since.exit_code == 2 and "--brand needs --since DATE" in no_since.stderr
    series = tmp_path / "series.csv"
    series.write_text("timestamp,value\n2026-10-01T00:00Z,3\n2026-10-01T01:00Z,4\n")
    stray = backtest(history, "--series", str(series), "--since", "2026-10-01")
    assert stray.exit_code == 2 and "--since applies to --brand only" in stray.stderr


def test_a_missing_database_is_not_created(tmp_path):
    (tmp_path / "sources.yaml").write_text(CONFIG, encoding="utf-8")
    result = backtest(tmp_path, "--brand", "Acme Bus", "--since", "2026-10-08")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: no database at {tmp_path / 'monitor.db'}: collect")
    assert not (tmp_path / "monitor.db").exists()


def documented_runs() -> list[tuple[str, list[str], str]]:
    """(page, arguments, printed output) of every `monitor backtest --brand` example in docs/
    (commands continued with a backslash are joined; piped ones are skipped)."""
    runs = []
    for page in ("cli.md", "detection.md"):
        text = (DOCS / page).read_text(encoding="utf-8").replace("\\\n    ", "")
        for block in re.findall(r"^```console\n(.*?)^```", text, re.MULTILINE | re.DOTALL):
            for command, output in re.findall(r"^\$ (.*)\n((?:[^$].*\n)*)", block, re.MULTILINE):
                args = shlex.split(command)
                if args[:3] == ["monitor", "backtest", "--brand"] and "|" not in args:
                    runs.append((page, args[2:], output))
    return runs


def test_the_documented_examples_print_what_the_docs_show(history):
    runs = documented_runs()
    assert len(runs) >= 4
    for page, args, output in runs:
        assert backtest(history, *args).output == output, f"docs/{page}: {shlex.join(args)}"
