"""Complaint records: Zendesk and Freshdesk JSON exports load with a mapping, re-imports
change nothing, edits keep their history, customers can be hashed, safety-critical
complaints start higher, and complaint sites' mentions become records.

Imports go through the real CLI into a SQLite file (and PostgreSQL when
MONITOR_TEST_POSTGRES_URL is set); the collector polls a real loopback server.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import text, update

from monitor.cli import cli
from monitor.collect import collect_once
from monitor.complaints import import_complaints
from monitor.store import open_store
from monitor.store.complainthistory import complaint_history, record_event
from monitor.store.complaints import find_complaint, list_complaints
from monitor.store.schema import complaints

from conftest_sources import HTML, RSS, LoopbackServer, send
from feeds import rss

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "complaints"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

CONFIG = """
database: "{database}"
brands:
  - {{name: Acme Air, aliases: [阿克美航空]}}
complaints:
  hash_customers: {hashed}
  customer_salt: pepper
  columns: {columns}
"""
ZENDESK = (
    "{subject: text, description: text, requester.name: customer, via.channel: channel, "
    "assignee.name: owner, type: category}"
)
FRESHDESK = (
    "{subject: text, description_text: text, requester.email: customer, source: channel, "
    "type: category}"
)

FRESHDESK_CODES = {
    "status": {"2": "open", "3": "pending", "4": "resolved", "5": "closed"},
    "priority": {"1": "low", "2": "normal", "3": "high", "4": "urgent"},
    "channel": {"1": "email", "2": "portal", "3": "phone", "7": "chat"},
}


@pytest.fixture
def setup(tmp_path, write_config, database_url):
    def make(hashed: bool = False, columns: str = ZENDESK):
        flag = str(hashed).lower()
        config = write_config(CONFIG.format(database=database_url, hashed=flag, columns=columns))
        export = tmp_path / "zendesk_tickets.json"
        shutil.copy(FIXTURES / "zendesk_tickets.json", export)
        return config, open_store(config.database), export

    return make


def run(config, *args: str):
    return CliRunner().invoke(cli, ["--config", config.path, *args])


def records(store) -> dict[str, dict]:
    return {r["external_id"]: r for r in list_complaints(store)}


def events(store, external_id: str) -> list[dict]:
    row = find_complaint(store, external_id)
    assert row is not None
    return complaint_history(store, row["id"])


def edit_ticket(export: Path, ticket_id: int, **fields) -> None:
    data = json.loads(export.read_text(encoding="utf-8"))
    for ticket in data["tickets"]:
        if ticket["id"] == ticket_id:
            ticket.update(fields)
    export.write_text(json.dumps(data), encoding="utf-8")


# --- helpdesk exports -----------------------------------------------------------------


def test_zendesk_export_loads_through_the_cli_with_a_mapping(setup):
    config, store, export = setup()
    result = run(config, "complaints", "import", str(export))

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        f"{export}: 3 added, 0 updated, 0 unchanged, 1 row skipped; 0 linked to incidents"
    )
    assert result.stderr.strip() == (
        f"{export}: record 4: unreadable date 'last tuesday-ish': "
        "write e.g. 2026-11-20T14:05:00Z; row skipped"
    )
    rows = records(store)
    assert sorted(rows) == ["35436", "35437", "35438"]
    wheelchair = rows["35436"]
    assert wheelchair["text"] == (
        "Wheelchair broken on flight AA12\nAcme Air ground staff dropped my father's "
        "wheelchair in Oslo. It collapsed and he was injured. Booking ref K7PQ2M."
    )
    assert (wheelchair["brand"], wheelchair["channel"]) == ("Acme Air", "web")
    assert (wheelchair["customer"], wheelchair["owner"]) == ("Maria Jensen", "Ana Silva")
    assert (wheelchair["category"], wheelchair["priority"]) == ("incident", "high")
    assert rows["35437"]["owner"] is None  # the ownership engine's to assign
    assert rows["35437"]["status"] == "new"
    assert rows["35438"]["brand"] is None  # it names no brand
    history = events(store, "35436")
    assert [(e["action"], e["actor"]) for e in history] == [
        ("imported", "import:zendesk_tickets.json")
    ]


def test_safety_critical_complaint_starts_at_the_second_tier_with_the_4h_sla(setup):
    config, store, export = setup()
    run(config, "complaints", "import", str(export))
    rows = records(store)

    injured, refund = rows["35436"], rows["35437"]
    assert (injured["safety"], injured["level"], injured["tier"]) == (True, 1, "team lead")
    assert injured["sla_due_at"] - injured["created_at"] == timedelta(hours=4)
    assert (refund["safety"], refund["level"], refund["tier"]) == (False, 0, "agent")
    assert refund["sla_due_at"] - refund["created_at"] == timedelta(hours=20)  # normal
    assert rows["35438"]["sla_due_at"] - rows["35438"]["created_at"] == timedelta(hours=48)


def test_an_export_already_resolved_is_resolved_at_its_last_update(setup):
    config, store, export = setup()
    run(config, "complaints", "import", str(export))
    closed = records(store)["35438"]

    assert closed["status"] == "closed"
    assert closed["resolved_at"] == datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
    assert records(store)["35436"]["resolved_at"] is None


def test_freshdesk_array_loads_with_a_mapping_and_its_codes(setup, tmp_path):
    config, store, _ = setup(columns=FRESHDESK)
    export = tmp_path / "freshdesk.json"
    shutil.copy(FIXTURES / "freshdesk_tickets.json", export)

    report = import_complaints(config, store, export, now=NOW, values=FRESHDESK_CODES)

    assert (report.added, report.errors) == (3, [])
    rows = records(store)
    denied = rows["1101"]
    assert denied["text"] == (
        "Acme Air overbooked my flight\n"
        "I was denied boarding on AA77 to Dublin although I had checked in."
    )
    assert (denied["status"], denied["priority"], denied["channel"]) == ("open", "high", "email")
    assert (denied["customer"], denied["category"]) == ("chloe.martin@mail.example", "Complaint")
    assert denied["sla_due_at"] - denied["created_at"] == timedelta(hours=8)  # high
    injured = rows["1102"]  # Chinese: 受伤, injured
    assert (injured["brand"], injured["safety"], injured["tier"]) == ("Acme Air", True, "team lead")
    assert injured["channel"] == "phone"
    resolved = rows["1103"]
    assert resolved["status"] == "resolved"
    assert resolved["resolved_at"] == datetime(2026, 11, 21, 15, 20, tzinfo=UTC)


def test_csv_export_gets_the_same_tiers_and_history(setup, tmp_path):
    config, store, _ = setup()
    export = tmp_path / "tickets.csv"
    export.write_text(
        "id,created_at,text,priority,customer\n"
        "C-1,2026-11-22 08:00,Acme Air lost my bag,high,@dan\n"
        'C-2,2026-11-22 09:00,"Acme Air: my lawyer will sue you",normal,@eve\n',
        encoding="utf-8",
    )
    result = run(config, "complaints", "import", str(export))

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"{export}: 2 added, 0 updated, 0 unchanged, 0 rows skipped")
    rows = records(store)
    assert (rows["C-1"]["tier"], rows["C-1"]["sla_due_at"]) == (
        "agent",
        datetime(2026, 11, 22, 16, tzinfo=UTC),
    )
    assert (rows["C-2"]["tier"], rows["C-2"]["sla_due_at"]) == (
        "team lead",
        datetime(2026, 11, 22, 13, tzinfo=UTC),
    )
    assert [e["actor"] for e in events(store, "C-2")] == ["import:tickets.csv"]


# --- re-imports and history -------------------------------------------------------------


def count_events(store) -> int:
    with store.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM complaint_events")).scalar_one()


def test_importing_the_same_file_twice_changes_nothing(setup):
    config, store, export = setup()
    run(config, "complaints", "import", str(export))
    before, stored = count_events(store), records(store)

    again = run(config, "complaints", "import", str(export))

    assert again.stdout.startswith(f"{export}: 0 added, 0 updated, 3 unchanged, 1 row skipped")
    assert count_events(store) == before == 3
    assert records(store) == stored


def test_an_edited_row_updates_the_record_and_appends_its_changes(setup):
    config, store, export = setup()
    run(config, "complaints", "import", str(export))
    edit_ticket(export, 35437, priority="urgent", subject="Refund for cancelled flight!!")

    result = run(config, "complaints", "import", str(export))

    assert result.stdout.startswith(f"{export}: 0 added, 1 updated, 2 unchanged")
    row = records(store)["35437"]
    assert row["priority"] == "urgent"
    created = datetime(2026, 11, 20, 10, 40, tzinfo=UTC)
    assert row["sla_due_at"] == created + timedelta(hours=4)  # urgent: the clock re-set
    last = events(store, "35437")[-1]
    assert (last["action"], last["actor"]) == ("updated", "import:zendesk_tickets.json")
    assert last["changes"]["priority"] == ["normal", "urgent"]
    assert last["changes"]["sla_due_at"] == [
        (created + timedelta(hours=20)).isoformat(),
        (created + timedelta(hours=4)).isoformat(),
    ]
    old_text, new_text = last["changes"]["text"]
    assert old_text.startswith("Refund for cancelled flight\n")
    assert new_text.startswith("Refund for cancelled flight!!\n")


def test_resolving_and_reopening_in_the_helpdesk_are_events_of_their_own(setup):
    config, store, export = setup()
    run(config, "complaints", "import", str(export))
    edit_ticket(export, 35437, status="closed", updated_at="2026-11-21T12:00:00Z")
    run(config, "complaints", "import", str(export))
    row = records(store)["35437"]
    assert row["resolved_at"] == datetime(2026, 11, 21, 12, tzinfo=UTC)

    edit_ticket(export, 35437, status="open", updated_at="2026-11-22T08:00:00Z")
    run(config, "complaints", "import", str(export))

    assert records(store)["35437"]["resolved_at"] is None
    actions = [(e["action"], sorted(e["changes"])) for e in events(store, "35437")]
    assert actions == [
        ("imported", actions[0][1]),
        ("updated", ["updated_at"]),
        ("resolved", ["resolved_at", "status"]),
        ("updated", ["updated_at"]),
        ("reopened", ["resolved_at", "sla_due_at", "status"]),
    ]


def test_reimport_keeps_the_owner_the_monitor_assigned(setup):
    config, store, export = setup()
    run(config, "complaints", "import", str(export))
    row = find_complaint(store, "35437")
    with store.engine.begin() as conn:  # what the ownership engine does to an unowned record
        conn.execute(update(complaints).where(complaints.c.id == row["id"]).values(owner="Li"))
        record_event(conn, row["id"], NOW, "monitor", "assigned", {"owner": (None, "Li")})

    again = run(config, "complaints", "import", str(export))

    assert again.stdout.startswith(f"{export}: 0 added, 0 updated, 3 unchanged")
    assert records(store)["35437"]["owner"] == "Li"
    edit_ticket(export, 35437, assignee={"id": 1, "name": "Ana Silva"})
    run(config, "complaints", "import", str(export))
    assert records(store)["35437"]["owner"] == "Ana Silva"  # the helpdesk's own change wins
    updates = [e["changes"] for e in events(store, "35437") if e["action"] == "updated"]
    assert updates == [{"owner": ["Li", "Ana Silva"]}]


# --- customers ----------------------------------------------------------------------------


def test_hashed_customers_never_store_the_raw_value(setup, tmp_path):
    config, store, export = setup(hashed=True)
    csv_export = tmp_path / "more.csv"
    csv_export.write_text(
        "id,created_at,text,customer\nC-9,2026-11-22 08:00,Acme Air lost my bag, Maria Jensen \n",
        encoding="utf-8",
    )
    run(config, "complaints", "import", str(export))
    run(config, "complaints", "import", str(csv_export))

    expected = "sha256:" + hashlib.sha256(b"pepperMaria Jensen").hexdigest()
    rows = records(store)
    assert rows["35436"]["customer"] == rows["C-9"]["customer"] == expected
    with store.engine.connect() as conn:
        stored = [
            str(tuple(r))
            for table in ("complaints", "complaint_events")
            for r in conn.execute(text(f"SELECT * FROM {table}"))
        ]
    for raw in ("Maria Jensen", "Dan Moore", "Li Wei"):
        assert not any(raw in row for row in stored), f"{raw} stored as given"


# --- formats and errors -----------------------------------------------------------------


def test_json_lines_with_a_broken_line_and_a_repeated_id(setup, tmp_path):
    config, store, _ = setup()
    export = tmp_path / "tickets.jsonl"
    lines = [
        {"id": "J-1", "created_at": "2026-11-22T08:00:00Z", "description": "Acme Air lost my bag"},
        "{not json",
        {"id": "J-2", "created_at": 1795334400, "subject": "Acme Air refund"},
        {"id": "J-1", "created_at": "2026-11-22T08:00:00Z", "description": "again"},
    ]
    export.write_text(
        "\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines), encoding="utf-8"
    )

    report = import_complaints(config, store, export, now=NOW)

    assert report.added == 2
    assert report.errors == [
        f"{export}:2: not valid JSON (Expecting property name enclosed in double quotes, "
        "column 2): one ticket object a line; row skipped",
        f"{export}:4: id J-1 again (first at {export}:1); row skipped",
    ]
    assert records(store)["J-2"]["created_at"] == datetime(2026, 11, 22, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[{"id": 1,\n "text": ]', ":2: not valid JSON (Expecting value, column 10); export"),
        ('{"count": 0, "next_page": null}', ": no list of tickets found; export a JSON array"),
        (
            '{"tickets": [{"id": 1, "body": "x", "created_at": "2026-11-22"}]}',
            ": no ticket has the required field(s) text (text: key subject or description); "
            "map your export's keys with complaints.columns",
        ),
        (
            '{"users": [{"id": 1}], "groups": [{"id": 2}]}',
            ": several lists of objects (users, groups) and none is called tickets or complaints",
        ),
    ],
)
def test_an_unusable_json_file_is_one_line_naming_it(setup, tmp_path, body, message):
    config, store, _ = setup()
    export = tmp_path / "bad.json"
    export.write_text(body, encoding="utf-8")

    result = run(config, "complaints", "import", str(export))

    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {export}{message}")
    assert len(result.output.strip().splitlines()) == 1


# --- listing and showing ------------------------------------------------------------------


def test_list_filters_and_show_prints_the_whole_history(setup, tmp_path):
    config, store, _ = setup()
    export = tmp_path / "tickets.csv"
    export.write_text(
        "id,created_at,text,status,owner\n"
        "OLD-1,2020-01-01 08:00,Acme Air lost my bag,open,Ana\n"
        "OLD-2,2020-01-01 09:00,Acme Air refund please,closed,Ana\n"
        "NEW-1,2099-01-01 08:00,Acme Air seat broken,open,Dan\n",
        encoding="utf-8",
    )
    run(config, "complaints", "import", str(export))
    export.write_text(export.read_text().replace("seat broken,open", "seat broken,pending"))
    run(config, "complaints", "import", str(export))

    overdue = run(config, "complaints", "list", "--overdue")
    assert [line.split("\t")[0] for line in overdue.stdout.splitlines()] == ["OLD-1"]
    assert overdue.stdout.split("\t")[4:8] == [
        "L0 agent",
        "Ana",
        "OVERDUE 2020-01-02 04:00",
        "-",
    ]
    by_owner = run(config, "complaints", "list", "--owner", "ana", "--status", "closed")
    assert [line.split("\t")[0] for line in by_owner.stdout.splitlines()] == ["OLD-2"]
    assert "\tresolved 2020-01-01 09:00\t" in by_owner.stdout

    shown = run(config, "complaints", "show", "NEW-1")
    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("NEW-1 (#3): pending, Acme Air")
    history = lines[lines.index("history:") + 1 :]
    assert len(history) == 2
    assert "import:tickets.csv  imported  priority: normal; status: open; owner: Dan" in history[0]
    assert history[1].endswith("import:tickets.csv  updated  status: open -> pending")
    assert run(config, "complaints", "show", "3").stdout == shown.stdout
    missing = run(config, "complaints", "show", "NOPE")
    assert missing.exit_code == 1
    assert "no complaint NOPE: see 'monitor complaints list'" in missing.output


# --- complaint sites --------------------------------------------------------------------

BOARD = """<html><body>
<article class="complaint"><h2>Acme Air threw my stroller</h2>
  <p class="body">At Oslo the Acme Air staff threw it on the belt; my son was hurt.</p>
  <a class="more" href="/c/101">read</a><time datetime="2026-11-23T07:00:00Z">today</time>
  <span class="user">@jane_d</span></article>
<article class="complaint"><h2>Acme Air refund</h2>
  <p class="body">Three weeks and still no refund for AA31.</p>
  <a class="more" href="/c/102">read</a><time datetime="2026-11-23T08:00:00Z">today</time>
  <span class="user">@tom</span></article>
<article class="complaint"><h2>Globex charged me twice</h2>
  <p class="body">No airline here.</p>
  <a class="more" href="/c/103">read</a><time datetime="2026-11-23T08:10:00Z">today</time>
  <span class="user">@kim</span></article>
</body></html>"""

SITES = """
database: "{database}"
brands: [{{name: Acme Air}}]
collect: {{jitter: 0, per_host_delay: 0s}}
sources:
  - name: complaint-board
    type: page
    url: {board}
    complaint_site: true
    selectors: {{item: article.complaint, title: h2, text: p.body, link: a.more,
                 date: time, author: .user}}
  - name: news
    type: rss
    url: {news}
"""


def test_mentions_from_a_complaint_site_become_records(tmp_path, write_config, database_url):
    posts = [("n1", "Acme Air refund refused, a disgrace", NOW - timedelta(hours=1))]
    with LoopbackServer() as server:
        board = server.route("/board", send(BOARD.encode(), HTML))
        news = server.route("/news.xml", send(rss(posts), RSS))
        config = write_config(SITES.format(database=database_url, board=board, news=news))
        store = open_store(config.database)
        collect_once(config, store, NOW)
        first = {r["external_id"]: r for r in list_complaints(store)}
        events_after_first = count_events(store)
        collect_once(config, store, NOW + timedelta(hours=1))

    assert len(first) == 2  # the Globex post names no brand: not a mention, no record
    assert list_complaints(store) == list(first.values())
    assert count_events(store) == events_after_first == 2
    with store.engine.connect() as conn:
        keys = dict(conn.execute(text("SELECT url, key FROM items")).tuples().all())
    stroller = first[f"mention:{keys[server.url('/c/101')]}"]
    assert stroller["channel"] == "complaint-board"
    assert (stroller["customer"], stroller["brand"]) == ("@jane_d", "Acme Air")
    assert stroller["text"] == (
        "Acme Air threw my stroller\n"
        "At Oslo the Acme Air staff threw it on the belt; my son was hurt."
    )
    assert stroller["created_at"] == datetime(2026, 11, 23, 7, tzinfo=UTC)
    assert (stroller["safety"], stroller["tier"]) == (True, "team lead")
    assert stroller["sla_due_at"] == datetime(2026, 11, 23, 11, tzinfo=UTC)
    assert first[f"mention:{keys[server.url('/c/102')]}"]["tier"] == "agent"
    assert "https://news.example/n1" in keys  # the news mention is stored...
    assert not any(r["channel"] == "news" for r in first.values())  # ...but is no record
    with store.engine.connect() as conn:
        actors = conn.execute(text("SELECT DISTINCT actor FROM complaint_events")).scalars()
        assert list(actors) == ["monitor"]


@pytest.mark.parametrize(
    ("mode", "channels"),
    [("sites", []), ("safety", ["news"]), ("complaints", ["news", "news"])],
)
def test_complaints_from_mentions_elsewhere_follow_the_setting(
    tmp_path, write_config, database_url, mode, channels
):
    posts = [
        ("n1", "Acme Air refund refused, a disgrace", NOW - timedelta(hours=1)),
        ("n2", "Acme Air crew injured a passenger, lawsuit coming", NOW - timedelta(hours=2)),
        ("n3", "Acme Air adds a new route to Lisbon", NOW - timedelta(hours=3)),
    ]
    with LoopbackServer() as server:
        board = server.route("/board", send(BOARD.encode(), HTML))
        news = server.route("/news.xml", send(rss(posts), RSS))
        text_ = SITES.format(database=database_url, board=board, news=news)
        config = write_config(text_ + f"complaints: {{from_mentions: {mode}}}\n")
        store = open_store(config.database)
        collect_once(config, store, NOW)
    found = [r["channel"] for r in list_complaints(store) if r["channel"] != "complaint-board"]
    assert found == channels
