"""Helpdesk exports load without editing, bad rows are named, re-imports change nothing."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from monitor.complaints import import_complaints
from monitor.errors import InputError
from monitor.store import open_store
from monitor.store.complaints import list_complaints

CONFIG = """
database: sqlite:///monitor.db
brands:
  - {name: Acme Air, aliases: [阿克美航空]}
  - {name: Globex}
complaints:
  sla: 8h
  columns: {Ticket ID: id, Opened: created_at, Description: text}
"""

EXPORT = """Ticket ID,Opened,Description,priority
T-1,2026-11-20 08:00,"Acme Air lost my bag, no reply for two days",high
T-2,2026-11-20T09:00:00+02:00,阿克美航空客服不处理我的投诉,normal
T-3,not a date,"Globex overcharged me",low
T-4,2026-11-20 10:00,,low
T-5,2026-11-20 11:00,"Nothing about any brand here",normal
T-6,2026-11-20 12:00,"too, many, cells",x,y
"""


@pytest.fixture
def setup(tmp_path, write_config):
    config = write_config(CONFIG)
    store = open_store(config.database)
    export = tmp_path / "tickets.csv"
    export.write_text(EXPORT, encoding="utf-8")
    return config, store, export


def test_import_maps_columns_finds_brands_and_reports_bad_rows(setup):
    config, store, export = setup
    report = import_complaints(config, store, export)
    assert (report.added, report.updated, report.unchanged) == (3, 0, 0)
    assert report.errors == [
        f"{export}:4: unreadable date 'not a date': write e.g. 2026-11-20T14:05:00Z; row skipped",
        f"{export}:5: empty text; row skipped",
        f"{export}:7: more cells than header columns (an unquoted comma?); row skipped",
    ]
    rows = {r["external_id"]: r for r in list_complaints(store)}
    assert rows["T-1"]["brand"] == "Acme Air"
    assert rows["T-1"]["priority"] == "high"
    assert rows["T-1"]["created_at"] == datetime(2026, 11, 20, 8, tzinfo=UTC)
    assert rows["T-1"]["sla_due_at"] == datetime(2026, 11, 20, 16, tzinfo=UTC)
    assert rows["T-2"]["brand"] == "Acme Air"
    assert rows["T-2"]["created_at"] == datetime(2026, 11, 20, 7, tzinfo=UTC)
    assert rows["T-5"]["brand"] is None


def test_reimport_is_idempotent_and_an_edited_row_updates(setup):
    config, store, export = setup
    import_complaints(config, store, export)
    again = import_complaints(config, store, export)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    export.write_text(EXPORT.replace("lost my bag, no reply", "lost my bag, refund now"))
    edited = import_complaints(config, store, export)
    assert (edited.added, edited.updated, edited.unchanged) == (0, 1, 2)
    (row,) = [r for r in list_complaints(store) if r["external_id"] == "T-1"]
    assert row["text"] == "Acme Air lost my bag, refund now for two days"
    assert len(list_complaints(store)) == 3


def test_unusable_files_are_one_line_errors(setup, tmp_path):
    config, store, _ = setup
    with pytest.raises(InputError, match="missing column"):
        bad = tmp_path / "bad.csv"
        bad.write_text("a,b\n1,2\n")
        import_complaints(config, store, bad)
    with pytest.raises(InputError, match="cannot open"):
        import_complaints(config, store, tmp_path / "nope.csv")


def test_cli_import_prints_counts_and_row_errors(setup, tmp_path):
    config, _, export = setup
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "monitor",
            "--config",
            config.path,
            "complaints",
            "import",
            str(export),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"{export}: 3 added, 0 updated, 0 unchanged, 3 rows skipped; 0 linked to incidents"
    )
    assert f"{export}:4: unreadable date" in result.stderr


def test_sla_due_follows_config(setup):
    config, store, export = setup
    import_complaints(config, store, export)
    for row in list_complaints(store):
        assert row["sla_due_at"] - row["created_at"] == timedelta(hours=8)
