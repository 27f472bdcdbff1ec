"""The customer-service report for leadership, from real records to the reader's inbox.

The scenario (``seed``): complaint records stored by the import path
(``upsert_complaint``), then worked on the way people and the monitor do it, each at
an explicit time: acknowledgements, assignments, resolutions, a reopening and SLA
escalations through ``monitor.ownership`` (each writes its ``complaint_events`` entry
with ``record_event``), and a resolution that arrives in a later export.
Times count from T0 = Monday 2026-11-09 00:00 UTC; the week reported ends at T0 + 7 d,
and the report is built at T0 + 7 d 8 h. SLA: 20 h at every tier (the default).

====  ============  =======  =========  =================================================
ref   brand         channel  filed      what happens
====  ============  =======  =========  =================================================
E     Acme Coffee   email    T0 - 48 h  acked by ana at -47 h; escalated at 23 h and 44 h
F     Acme Coffee   email    T0 - 24 h  resolved by ana at 5 h (resolving acks it)
A     Acme Coffee   email    T0 + 1 h   acked by ana at 3 h, resolved by ana at 11 h,
                                        reopened at 15 h (due 21 h -> 35 h), resolved 30 h
B     Acme Coffee   email    T0 + 2 h   assigned to bob by lead-lena at 6 h (no ack);
                                        escalated at 23 h and 44 h, never resolved
C     Globex        chat     T0 + 24 h  acked by dan at 25 h, resolved by dan at 54 h
D     Acme Coffee   phone    T0 + 72 h  owner erin; the next export says closed at 77 h
H     Acme Coffee   email    T0 + 164 h open
G     Globex        chat     T0 + 192 h after the week: in no figure
====  ============  =======  =========  =================================================

A (whose text is hostile markup), B and H form one cluster headed by A; A and B are
linked to an Acme incident that began at T0 + 48 h; C to a Globex incident closed
before the week began (so not listed).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from monitor.alerts import dispatch_alerts
from monitor.cli import cli
from monitor.config import Config, parse_config
from monitor.csreport import (
    build_report,
    queue_report,
    report_channels,
    report_period,
    send_due_reports,
)
from monitor.models import Complaint, Incident
from monitor.ownership import acknowledge, assign, escalate_overdue, reopen, resolve
from monitor.pipeline import Pipeline
from monitor.store import Store, open_store
from monitor.store.complaints import upsert_complaint
from monitor.store.csreports import list_reads, list_reports, record_read
from monitor.store.incidents import save_incident
from monitor.store.schema import complaints, ops_alerts, reports

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
T0 = datetime(2026, 11, 9, tzinfo=UTC)  # a Monday
END = T0 + timedelta(days=7)
BUILT = END + timedelta(hours=8)
H = timedelta(hours=1)
HOSTILE = (
    "<script>alert(1)</script> Refund please, the driver was rude "
    "<img src=x onerror=alert(2)> [win](javascript:alert(3)) ![p](http://evil.example/p.png)"
)

TICKET_D = "App crashed while paying, refund requested"
DETAILS_D = {"brand": "Acme Coffee", "channel": "phone", "owner": "erin"}

CONFIG = """\
database: {database}
brands:
  - {{name: Acme Coffee, aliases: [Acme]}}
  - {{name: Globex}}
alerts:
  dashboard_url: http://dash.example:8501
  channels:
    - name: ceo-mail
      type: email
      smtp_host: 127.0.0.1
      smtp_port: {smtp_port}
      sender: monitor@example.com
      to: [ceo@example.com]
    - {{name: cs-slack, type: slack, url: "{hook}", audience: ops}}
    - {{name: ops-hook, type: webhook, url: "{hook}", audience: ops}}
complaints:
  notify: [cs-slack]
"""


def make_config(database: str, smtp_port: int = 25, hook: str = "http://127.0.0.1:9/x") -> Config:
    return parse_config(CONFIG.format(database=database, smtp_port=smtp_port, hook=hook))


def add(config: Config, store: Store, ref: str, created: datetime, text: str, **fields) -> int:
    """Store one complaint record the way an import does; returns its id."""
    fields.setdefault("channel", "email")
    record = Complaint(external_id=ref, created_at=created, text=text, **fields)
    upsert_complaint(store, record, config.complaints.sla, "helpdesk.csv")
    with store.engine.connect() as conn:
        return conn.execute(select(complaints.c.id).where(complaints.c.external_id == ref)).one()[0]


def incident(store: Store, brand: str, began: datetime, closed: datetime) -> int:
    saved = save_incident(
        store,
        Incident(brand, "volume", "closed", "warning", began, closed, began, 40, 4, 9, 9,
                 closed_at=closed),
    )  # fmt: skip
    assert saved.id is not None
    return saved.id


def seed(config: Config, store: Store) -> dict[str, int]:
    """The scenario of the module docstring, acted out in time order."""
    ids = {
        "E": add(config, store, "E", T0 - 48 * H, "Cup lid leaked", brand="Acme Coffee"),
        "F": add(config, store, "F", T0 - 24 * H, "Wrong order", brand="Acme Coffee"),
        "A": add(config, store, "A", T0 + H, HOSTILE, brand="Acme Coffee"),
        "B": add(config, store, "B", T0 + 2 * H, "Driver never arrived, I want a refund",
                 brand="Acme Coffee"),
        "C": add(config, store, "C", T0 + 24 * H, "Refund still missing after the cancelled "
                 "order", brand="Globex", channel="chat"),
        "D": add(config, store, "D", T0 + 72 * H, TICKET_D, **DETAILS_D),
        "H": add(config, store, "H", T0 + 164 * H, "The driver was rude again",
                 brand="Acme Coffee"),
        "G": add(config, store, "G", T0 + 192 * H, "Refund refund refund", brand="Globex",
                 channel="chat"),
    }  # fmt: skip
    acknowledge(config, store, ids["E"], "ana", T0 - 47 * H)
    acknowledge(config, store, ids["A"], "ana", T0 + 3 * H)
    resolve(config, store, ids["F"], "ana", T0 + 5 * H)
    assign(config, store, ids["B"], "bob", "lead-lena", T0 + 6 * H)
    resolve(config, store, ids["A"], "ana", T0 + 11 * H)
    reopen(config, store, ids["A"], "ana", T0 + 15 * H)  # its 21 h due time is replaced
    escalate_overdue(config, store, T0 + 23 * H)  # B (due 22 h), E (due -28 h)
    acknowledge(config, store, ids["C"], "dan", T0 + 25 * H)
    resolve(config, store, ids["A"], "ana", T0 + 30 * H)  # after 21 h, before 35 h: no breach
    escalate_overdue(config, store, T0 + 44 * H)  # B and E again (due 43 h); C is due 44 h
    resolve(config, store, ids["C"], "dan", T0 + 54 * H)
    closed = {"status": "closed", "updated_at": T0 + 77 * H}
    add(config, store, "D", T0 + 72 * H, TICKET_D, **DETAILS_D, **closed)  # the next export
    acme = incident(store, "Acme Coffee", T0 + 48 * H, T0 + 60 * H)
    globex = incident(store, "Globex", T0 - 120 * H, T0 - 96 * H)
    with store.engine.begin() as conn:  # what monitor.linking stores for a group and a link
        for ref, head in (("A", "A"), ("B", "A"), ("H", "A"), ("C", "C")):
            conn.execute(
                update(complaints).where(complaints.c.id == ids[ref]).values(cluster_id=ids[head])
            )
        for ref, incident_id in (("A", acme), ("B", acme), ("C", globex)):
            conn.execute(
                update(complaints)
                .where(complaints.c.id == ids[ref])
                .values(incident_id=incident_id, link_reason="test")
            )
    ids["acme"] = acme
    return ids


@pytest.fixture
def world(database_url):
    config = make_config(database_url)
    store = open_store(config.database)
    ids = seed(config, store)
    yield config, store, ids
    store.close()


# --- periods --------------------------------------------------------------------------


def test_a_week_ends_at_the_last_monday_and_a_month_is_the_previous_calendar_month():
    monday = datetime(2026, 11, 16, tzinfo=UTC)
    assert report_period("week", monday) == (monday - timedelta(days=7), monday)
    assert report_period("week", monday + timedelta(days=6, hours=23)) == (
        monday - timedelta(days=7),
        monday,
    )
    assert report_period("week", monday - timedelta(seconds=1))[1] == monday - timedelta(days=7)
    assert report_period("week", datetime(2026, 11, 18, 9)) == (T0, END)  # naive: UTC
    assert report_period("month", datetime(2026, 12, 15, 10, tzinfo=UTC)) == (
        datetime(2026, 11, 1, tzinfo=UTC),
        datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert report_period("month", datetime(2026, 1, 1, tzinfo=UTC)) == (
        datetime(2025, 12, 1, tzinfo=UTC),
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    with pytest.raises(ValueError, match="unknown report kind 'day': week or month"):
        report_period("day", monday)


# --- the figures ----------------------------------------------------------------------


def test_the_weeks_figures_are_exact(world):
    config, store, ids = world
    report = build_report(config, store, "week", BUILT, BUILT)
    f = report.figures
    assert (report.period_start, report.period_end) == (T0, END)
    # received A B C D H; resolved A C D F; still open B E H
    assert (f.total.received, f.total.resolved, f.total.open_at_end) == (5, 4, 3)
    assert {k: (v.received, v.resolved, v.open_at_end) for k, v in f.by_brand.items()} == {
        "Acme Coffee": (4, 3, 3),
        "Globex": (1, 1, 0),
    }
    assert list(f.by_channel) == ["email", "chat", "phone"]
    assert [(v.received, v.resolved, v.open_at_end) for v in f.by_channel.values()] == [
        (3, 2, 3),
        (1, 1, 0),
        (1, 1, 0),
    ]
    # first responses in the week: A 2 h, B 4 h (lead-lena's assignment), C 1 h, F 29 h
    assert (f.first_response.value, f.first_response.count) == (3 * H, 4)
    assert f.first_response.from_events == 1
    # resolutions in the week: D 5 h, A 29 h (its last), F 29 h, C 30 h
    assert (f.resolution.value, f.resolution.count) == (29 * H, 4)
    # B: agent (due 22 h), team lead (43 h), head (64 h, not escalated yet);
    # E: team lead (43 h), head (64 h); C: agent (44 h, resolved at 54 h); not A: its
    # 21 h due time was replaced when it was reopened at 15 h, and it met the 35 h one
    assert f.breaches == {
        "agent": 2,
        "team lead": 2,
        "head of customer service": 2,
        "executive": 0,
    }
    assert f.resolvers == [("ana", 2), ("dan", 1), ("erin", 1)]  # D came in an import: owner
    assert f.terms[:3] == [("refund", 4), ("driver", 3), ("rude", 2)]
    (cluster,) = f.clusters
    assert (cluster.id, cluster.complaints, cluster.open_at_end) == (ids["A"], 3, 2)
    assert (cluster.brand, cluster.text) == ("Acme Coffee", HOSTILE)
    (linked,) = f.incidents
    assert (linked.incident_id, linked.brand, linked.complaints, linked.before) == (
        ids["acme"],
        "Acme Coffee",
        2,
        2,
    )
    assert (linked.oldest_before, linked.unresolved_at_start) == (47 * H, 1)


def test_a_due_time_still_ahead_when_built_is_no_breach(world):
    config, store, _ = world
    early = build_report(config, store, "week", END, T0 + 50 * H)  # built mid-week
    # B's and E's 64 h due times have not passed yet; C's 44 h one has (C resolved at 54 h)
    assert early.figures.breaches["head of customer service"] == 0
    assert early.figures.breaches["agent"] == 2


def test_the_markdown_says_the_period_and_how_each_figure_is_computed(world):
    config, store, ids = world
    md = build_report(config, store, "week", BUILT, BUILT).markdown
    lines = md.splitlines()
    assert lines[0] == "# Customer-service report, week of 2026-11-09"
    assert lines[2] == (
        "Period: Monday 2026-11-09 00:00 UTC to Monday 2026-11-16 00:00 UTC "
        "(7 days, the end excluded). Built 2026-11-16 08:00 UTC."
    )
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Volumes",
        "## Response times",
        "## SLA breaches by tier",
        "## Who resolved how many",
        "## Top pain points",
        "## Complaints linked to public incidents",
    ]
    hows = [line for line in lines if line.startswith("_How: ")]
    assert len(hows) == len(headings)  # one line each
    assert "- Received: 5" in lines
    assert "- Still open at the end: 3" in lines
    assert "| Acme Coffee | 4 | 3 | 3 |" in lines
    assert (
        "- Median time to first response: 3 h (4 complaints; 1 from the history, "
        "without acknowledged\\_at)"
    ) in lines
    assert "- Median time to resolution: 1 d 5 h (4 complaints)" in lines
    assert "| team lead | 2 |" in lines
    assert "| ana | 2 |" in lines
    assert "- Terms: refund (4), driver (3), rude (2)" in md
    incident_row = (
        f"| [#{ids['acme']}](http://dash.example:8501/incidents?incident={ids['acme']}) "
        "| Acme Coffee | 2026-11-11 00:00 UTC | 2 | 2 | 1 d 23 h before | 1 |"
    )
    assert incident_row in lines


def test_customer_text_cannot_become_markup_in_either_format(world):
    config, store, _ = world
    report = build_report(config, store, "week", BUILT, BUILT)
    html, md = report.html, report.markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html and "<img" not in html
    assert "onerror=alert(2)&gt;" in html  # shown as text inside an escaped tag
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith("http://dash.example:8501/") for h in hrefs)
    assert "<style" not in html and "javascript:alert(3)" in html  # as words, not a link
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert not re.search(r"(?<!\\)\]\(javascript:", md)  # no link: its bracket is escaped
    assert "![" not in md and "!\\[p\\](http://evil.example/p.png)" in md  # no image either
    assert "\\[win\\](javascript:alert(3))" in md


def test_building_again_replaces_the_report_and_keeps_its_id(world):
    config, store, ids = world
    first = build_report(config, store, "week", BUILT, BUILT)
    resolve(config, store, ids["H"], "ana", END - H)  # a late change to the week
    again = build_report(config, store, "week", BUILT + 2 * H, BUILT + 2 * H)
    assert again.id == first.id
    (row,) = list_reports(store)
    assert row["created_at"] == BUILT + 2 * H
    assert again.figures.total.open_at_end == first.figures.total.open_at_end - 1


def test_a_month_report_covers_the_calendar_month(world):
    config, store, _ = world
    month = build_report(config, store, "month", datetime(2026, 12, 3, tzinfo=UTC))
    assert month.title == "Customer-service report, November 2026"
    assert month.figures.total.received == 8  # all of them, G included
    assert "(30 days, the end excluded)" in month.markdown


# --- sending and reading --------------------------------------------------------------


def test_executives_get_the_html_by_email_and_the_notify_channel_the_summary(
    tmp_path, smtp_server, webhook
):
    controller, mail = smtp_server
    config = make_config(f"sqlite:///{tmp_path}/monitor.db", controller.port, webhook.url)
    store = open_store(config.database)
    seed(config, store)
    dispatch_alerts(config, store, BUILT)  # the complaints' own notifications, out of the way
    webhook.received.clear()
    report = build_report(config, store, "week", BUILT, BUILT)
    assert report_channels(config) == ["ceo-mail", "cs-slack"]  # not ops-hook
    assert queue_report(config, store, report, BUILT) == ["ceo-mail", "cs-slack"]
    assert queue_report(config, store, report, BUILT) == []  # queued once per channel
    sent = dispatch_alerts(config, store, BUILT)
    assert (sent.sent, sent.failed, sent.errors) == (2, 0, [])
    assert dispatch_alerts(config, store, BUILT + H).sent == 0

    (message,) = mail.messages
    assert message["Subject"] == "Customer-service report, week of 2026-11-09"
    parts = {part.get_content_type(): part for part in message.walk()}
    assert message.get_content_type() == "multipart/alternative"
    text = parts["text/plain"].get_payload(decode=True).decode()
    html = parts["text/html"].get_payload(decode=True).decode()
    link = f"http://dash.example:8501/report?id={report.id}&reader=ceo-mail"
    assert text.startswith("# Customer-service report, week of 2026-11-09")
    assert f"Open this report on the dashboard: {link}" in text
    assert f'<a href="{link.replace("&", "&amp;")}">' in html
    assert "<h2" in html and "&lt;script&gt;" in html and "<script" not in html

    (slack,) = webhook.received
    assert slack["text"].startswith("Customer-service report, week of 2026-11-09\n\n5 complaints")
    assert "6 SLA breaches (agent 2, team lead 2, head of customer service 2)." in slack["text"]
    assert slack["text"].endswith(f"/report?id={report.id}&reader=cs-slack")
    assert "<script" not in slack["text"]
    store.close()


@pytest.fixture
def dashboard(tmp_path, monkeypatch):
    """A config file and its database holding the week's report (built at BUILT)."""
    config_path = tmp_path / "sources.yaml"
    config_path.write_text(
        CONFIG.format(database="sqlite:///monitor.db", smtp_port=25, hook="http://127.0.0.1:9/x"),
        encoding="utf-8",
    )
    config = make_config(f"sqlite:///{tmp_path}/monitor.db")
    store = open_store(config.database)
    seed(config, store)
    report = build_report(config, store, "week", BUILT, BUILT)
    monkeypatch.setenv("MONITOR_CONFIG", str(config_path))
    yield store, report
    store.close()


def open_report_page(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.switch_page("views/report.py")
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def test_opening_the_link_records_one_read_per_page_load(dashboard):
    store, report = dashboard
    at = open_report_page(id=str(report.id), reader="ceo-mail")
    (shown,) = at.get("html")
    assert "Customer-service report, week of 2026-11-09" in shown.proto.body
    assert [(r["report_id"], r["reader"]) for r in list_reads(store)] == [(report.id, "ceo-mail")]
    assert "- read by ceo\\-mail at" not in at.markdown[-1].value  # Markdown-safe, as written
    assert at.markdown[-1].value.startswith("- read by ceo-mail at ")
    at.run()  # a rerun of the same page load (a widget touched) is not another read
    assert len(list_reads(store)) == 1
    again = open_report_page(id=str(report.id), reader="ceo-mail")  # opened again
    assert len(list_reads(store)) == 2
    assert again.markdown[-1].value.count("read by ceo-mail at") == 2


def test_the_reports_page_without_a_link_lists_reports_and_records_nothing(dashboard):
    store, report = dashboard
    at = open_report_page()
    assert at.selectbox[0].value == report.id
    assert at.selectbox[0].options[0].startswith(f"#{report.id} Week of 2026-11-09")
    assert list_reads(store) == []
    assert "Nobody has opened this report" in at.caption[0].value
    record_read(store, report.id, "cs-slack", BUILT + H)
    bad = open_report_page(id="999", reader="ceo-mail")
    assert "Report #999 does not exist" in bad.warning[0].value
    assert [r["reader"] for r in list_reads(store)] == ["cs-slack"]  # nothing for #999


def test_the_reports_page_says_how_to_get_a_first_report(tmp_path, monkeypatch):
    config_path = tmp_path / "sources.yaml"
    config_path.write_text("database: sqlite:///monitor.db\n", encoding="utf-8")
    monkeypatch.setenv("MONITOR_CONFIG", str(config_path))
    at = open_report_page()
    assert "`monitor report build --kind week`" in at.info[0].value


# --- the schedule ---------------------------------------------------------------------


def test_the_weekly_report_goes_out_once_from_monday_0800(database_url, smtp_server, webhook):
    controller, mail = smtp_server
    config = make_config(database_url, controller.port, webhook.url)
    config = config.model_copy(
        update={"complaints": config.complaints.model_copy(update={"notify": []})}
    )  # only ceo-mail takes reports; complaint notifications go nowhere
    store = open_store(config.database)
    seed(config, store)
    pipeline = Pipeline(config, store)
    pipeline.after_collect(END + 7 * H + 59 * timedelta(minutes=1))  # Monday 07:59
    assert list_reports(store) == [] and mail.messages == []
    pipeline.after_collect(END + 8 * H)  # Monday 08:00: built, queued, sent
    pipeline.after_collect(END + 8 * H + timedelta(minutes=5))  # next cycle: nothing again
    assert send_due_reports(config, store, END + 30 * H) == []  # Tuesday: still nothing
    assert [(r["kind"], r["period_start"], r["created_at"]) for r in list_reports(store)] == [
        ("week", T0, END + 8 * H)  # built once, not again on each later cycle
    ]
    (message,) = mail.messages
    assert message["Subject"] == "Customer-service report, week of 2026-11-09"
    with store.engine.connect() as conn:
        rows = conn.execute(select(ops_alerts).where(ops_alerts.c.topic == "report:week")).all()
    assert [(r.channel, r.episode, r.event, r.status) for r in rows] == [
        ("ceo-mail", T0.isoformat(), "sent", "sent")
    ]
    assert webhook.received == []  # neither cs-slack nor ops-hook takes reports here
    store.close()


def test_the_monthly_report_goes_out_on_the_first_and_none_without_complaints(tmp_path):
    config = make_config(f"sqlite:///{tmp_path}/monitor.db")
    store = open_store(config.database)
    first = datetime(2026, 12, 1, tzinfo=UTC)
    assert send_due_reports(config, store, first + 9 * H) == []  # no complaints: no report
    seed(config, store)
    assert send_due_reports(config, store, first + 7 * H) == [
        "week 2026-11-23: queued on ceo-mail, cs-slack"  # its Monday 08:00 has passed
    ]
    assert send_due_reports(config, store, first + 8 * H) == [
        "month 2026-11-01: queued on ceo-mail, cs-slack"
    ]
    assert send_due_reports(config, store, first + 20 * H) == []
    with store.engine.connect() as conn:
        kinds = conn.execute(select(reports.c.kind).order_by(reports.c.id)).scalars().all()
    assert kinds == ["week", "month"]
    store.close()


# --- the command line -----------------------------------------------------------------


def test_cli_builds_writes_and_lists_reads(tmp_path):
    config_path = tmp_path / "sources.yaml"
    config_path.write_text(
        CONFIG.format(database="sqlite:///monitor.db", smtp_port=25, hook="http://127.0.0.1:9/x"),
        encoding="utf-8",
    )
    config = make_config(f"sqlite:///{tmp_path}/monitor.db")
    store = open_store(config.database)
    seed(config, store)
    runner = CliRunner()
    base = ["--config", str(config_path), "report"]
    out = tmp_path / "week.html"
    built = runner.invoke(
        cli, [*base, "build", "--kind", "week", "--end", "2026-11-16T08:00Z", "--format", "html",
              "--out", str(out)],
    )  # fmt: skip
    assert built.exit_code == 0, built.output
    assert built.stderr.startswith(
        "report #1: Customer-service report, week of 2026-11-09 (2026-11-09 to 2026-11-16, "
        "end excluded) stored"
    )
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    printed = runner.invoke(cli, [*base, "build", "--kind", "week", "--end", "2026-11-20"])
    assert printed.stdout.startswith("# Customer-service report, week of 2026-11-09\n")
    record_read(store, 1, "ceo-mail", datetime(2026, 11, 16, 9, 12, tzinfo=UTC))
    reads = runner.invoke(cli, [*base, "reads", "--id", "1"])
    assert reads.exit_code == 0, reads.output
    lines = reads.stdout.splitlines()
    assert lines[0].startswith("report #1: week 2026-11-09 to 2026-11-16 (built ")
    assert lines[1:] == ["  ceo-mail: read 2026-11-16 09:12 UTC (not a channel it was sent to)"]
    missing = runner.invoke(cli, [*base, "reads", "--id", "7"])
    assert missing.exit_code == 1
    assert "no report #7: see 'monitor report reads'" in missing.output
    store.close()
