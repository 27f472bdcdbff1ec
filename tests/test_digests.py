"""Daily and weekly briefs per receiver: due once per period, in the receiver's zone.

Every test uses a real database (a SQLite file, and PostgreSQL when
MONITOR_TEST_POSTGRES_URL is set), written through the monitor's own paths:
``save_incident``, alerts queued and marked sent as the dispatcher does,
acknowledgements recorded as the dashboard does, complaint records imported from a
helpdesk CSV. The end-to-end test delivers a brief to a real SMTP server on 127.0.0.1.
Nothing reads the clock.

The story (``seed``), for the daily brief of Monday 2026-11-23 08:00 UTC, whose
period runs from Sunday 22 November 08:00:

=========  ========  ====================================================================
incident   severity  what happens
=========  ========  ====================================================================
Acme       critical  opened Sat 10:00 (pr-lead told 10:05, ana acks 11:00), escalated Sun
                     14:00: pr-lead told 14:02, ceo-mail 14:03, nobody acknowledges
Globex     critical  opened Sun 09:00 (pr-lead told 09:01), closed 20:00, never
                     acknowledged; recorded before detection kept milestones
Globex     critical  10-11 November: closed long ago, its alert never acknowledged
Initech    warning   opened Thu, closed Fri, reopened Sun 18:00 (pr-lead and ceo-mail told
                     18:05); bo acknowledges 19:00
=========  ========  ====================================================================

Complaint records (default SLAs: urgent 4 h, high 8 h, normal 20 h, low 48 h; a
safety-critical one 4 h): C1-C9, see ``COMPLAINTS``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import event

from monitor.alerts import dispatch_alerts
from monitor.alerts.digest import build_digest, digest_period, queue_due_digests
from monitor.alerts.digest_text import digest_subject, digest_text
from monitor.complaints import import_complaints
from monitor.config import Config
from monitor.models import Incident
from monitor.store import Store, open_store
from monitor.store.acks import record_ack
from monitor.store.alerts import enqueue_alert, list_alerts, list_ops_alerts, mark_sent
from monitor.store.incidents import save_incident

SAT, SUN, MON = (datetime(2026, 11, day, tzinfo=UTC) for day in (21, 22, 23))
H, M = timedelta(hours=1), timedelta(minutes=1)
EIGHT = time(8)  # digest_at by default
DUE = MON + 8 * H  # pr-lead's digest_at (08:00 UTC)
DASH = "http://dash.example"

CONFIG = """
database: "{database}"
brands:
  - {{name: Acme Coffee, aliases: [Acme]}}
  - {{name: Globex}}
  - {{name: Initech}}
alerts:
  dashboard_url: {dash}/
  channels:
{channels}
"""
HOOK = 'type: webhook, url: "http://127.0.0.1:9/x"'
PR_LEAD = (
    "    - {name: pr-lead, type: email, smtp_host: 127.0.0.1, smtp_port: {port}, "
    "sender: monitor@example.com, to: [pr@example.com], digest: daily}"
)
CEO = f"    - {{name: ceo-mail, {HOOK}}}"
CN_LEAD = f"    - {{name: cn-lead, {HOOK}, digest: daily, timezone: Asia/Shanghai}}"
BOARD = (
    f'    - {{name: board, {HOOK}, digest: weekly, digest_at: "09:30", timezone: Europe/London}}'
)
OPS = f"    - {{name: ops-hook, {HOOK}, audience: ops}}"

# id, created_at, text, priority, status, updated_at, owner
COMPLAINTS = [
    ("C1", SAT - 3 * 24 * H + 9 * H, "Acme refund still missing after two weeks. " * 4,
     "normal", "open", "", ""),  # overdue since 19 Nov
    ("C2", SUN + 20 * H, "Acme charged my card twice for one latte", "urgent", "open", "",
     "Ana"),  # overdue since Mon 00:00
    ("C3", SUN + 22 * H, "The Globex heater caught fire in our kitchen", "low", "open", "",
     ""),  # safety-critical: first whatever its priority; overdue since Mon 02:00
    ("C4", SUN + 7 * H, "Acme app lost my loyalty points", "high", "open", "", ""),
    ("C5", SUN + 13 * H, "Acme store closed early again", "normal", "open", "", ""),
    ("C6", SAT + 9 * H, "Acme got my order wrong", "normal", "resolved", SUN + 10 * H, ""),
    ("C7", SAT - 24 * H + 9 * H, "Acme coffee served cold", "normal", "open", "", ""),
    ("C8", SUN + 21 * H, "Globex website is slow", "low", "open", "", ""),
    ("C9", SAT - 4 * 24 * H + 9 * H, "Acme lid leaked on my shirt", "normal", "resolved",
     SAT - 3 * 24 * H, ""),  # reopened Mon 07:00 below: oldest, yet not overdue
]  # fmt: skip


@pytest.fixture
def setup(database_url: str, write_config) -> Iterator:
    stores: list[Store] = []

    def make(*channels: str, port: int = 25) -> tuple[Config, Store]:
        block = "\n".join(c.replace("{port}", str(port)) for c in channels)
        config = write_config(CONFIG.format(database=database_url, dash=DASH, channels=block))
        stores.append(open_store(config.database))
        return config, stores[-1]

    yield make
    for store in stores:
        store.close()


def _incident(brand: str, severity: str, opened: datetime, updated: datetime, **fields):
    return Incident(
        brand=brand,
        kind="volume+negative",
        status=fields.pop("status", "open"),
        severity=severity,
        opened_at=opened,
        updated_at=updated,
        began_at=opened - H,
        observed=90.0,
        expected=4.5,
        score=12.0,
        peak_score=14.0,
        **fields,
    )


def _milestones(*events: tuple[str, datetime]) -> dict:
    return {"events": [{"event": e, "at": at.isoformat(), "bucket": ""} for e, at in events]}


def _send(store: Store, incident_id: int, channel: str, event: str, severity: str, at) -> None:
    enqueue_alert(store, incident_id, channel, event, severity, {}, at - M)
    (row,) = [
        a for a in list_alerts(store, incident_id) if (a["channel"], a["event"]) == (channel, event)
    ]
    mark_sent(store, row["id"], at)


def _import(config: Config, store: Store, path: Path, rows: list[tuple], now: datetime) -> None:
    def cell(value) -> str:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ") if isinstance(value, datetime) else value

    lines = [",".join(f'"{cell(v)}"' for v in row) for row in rows]
    path.write_text(
        "id,created_at,text,priority,status,updated_at,owner\n" + "\n".join(lines) + "\n",
        encoding="utf-8",
    )
    assert import_complaints(config, store, path, now=now).errors == []


def seed(config: Config, store: Store, tmp_path: Path) -> dict[str, int]:
    """The story of the module docstring; returns the incidents' ids."""
    summary = "Mentions of Acme rose to 90 an hour, 20 times the usual 4.5. Most are angry."
    acme = _incident(
        "Acme Coffee",
        "critical",
        SAT + 10 * H,
        MON + 7 * H,
        summary=summary,
        details=_milestones(("opened", SAT + 10 * H), ("escalated", SUN + 14 * H)),
    )
    globex = _incident(
        "Globex",
        "critical",
        SUN + 9 * H,
        SUN + 20 * H,
        status="closed",
        closed_at=SUN + 20 * H,
        summary="Globex posts surged",
    )
    old = _incident(
        "Globex",
        "critical",
        SAT - 11 * 24 * H,
        SAT - 10 * 24 * H,
        status="closed",
        closed_at=SAT - 10 * 24 * H,
    )
    initech = _incident(
        "Initech",
        "warning",
        SAT - 2 * 24 * H,
        SUN + 18 * H,
        details=_milestones(
            ("opened", SAT - 2 * 24 * H), ("closed", SAT - 24 * H), ("reopened", SUN + 18 * H)
        ),
    )
    ids = {}
    for name, incident in (("acme", acme), ("globex", globex), ("old", old), ("initech", initech)):
        ids[name] = save_incident(store, incident).id
    _send(store, ids["acme"], "pr-lead", "opened", "warning", SAT + 10 * H + 5 * M)
    record_ack(store, f"incident:{ids['acme']}", "ana", "dashboard", SAT + 11 * H)
    _send(store, ids["acme"], "pr-lead", "escalated", "critical", SUN + 14 * H + 2 * M)
    _send(store, ids["acme"], "ceo-mail", "escalated", "critical", SUN + 14 * H + 3 * M)
    _send(store, ids["globex"], "pr-lead", "opened", "critical", SUN + 9 * H + M)
    _send(store, ids["old"], "pr-lead", "opened", "critical", SAT - 11 * 24 * H + M)
    _send(store, ids["initech"], "pr-lead", "reopened", "warning", SUN + 18 * H + 5 * M)
    _send(store, ids["initech"], "ceo-mail", "reopened", "warning", SUN + 18 * H + 5 * M)
    record_ack(store, f"incident:{ids['initech']}", "bo", "link", SUN + 19 * H, "ceo-mail")

    _import(config, store, tmp_path / "export-1.csv", COMPLAINTS, SUN + 23 * H)
    reopened = ("C9", *COMPLAINTS[-1][1:4], "open", MON + 7 * H, "")
    _import(config, store, tmp_path / "export-2.csv", [reopened], MON + 7 * H)
    return ids


# --- when a brief is due ---------------------------------------------------------------


def test_a_daily_brief_is_queued_once_after_digest_at(setup):
    config, store = setup(PR_LEAD, CEO, OPS)
    assert queue_due_digests(config, store, SUN + 12 * H) == ["daily 2026-11-22 for pr-lead"]
    assert queue_due_digests(config, store, SUN + 12 * H) == []
    assert queue_due_digests(config, store, MON + 8 * H - M) == []
    assert queue_due_digests(config, store, MON + 8 * H) == ["daily 2026-11-23 for pr-lead"]
    assert queue_due_digests(config, store, MON + 8 * H + M) == []
    assert queue_due_digests(config, store, MON + 23 * H) == []

    rows = list_ops_alerts(store, "digest:pr-lead")
    assert [(r["channel"], r["event"], r["severity"], r["status"]) for r in rows] == [
        ("pr-lead", "daily", "info", "pending")
    ] * 2
    assert [r["episode"] for r in rows] == [
        "2026-11-22T08:00:00+00:00",
        "2026-11-23T08:00:00+00:00",
    ]
    assert list_ops_alerts(store) == rows  # no brief for the channels without a digest


def test_the_channels_time_zone_decides_when(setup):
    """08:00 in Shanghai is 00:00 UTC: the brief of the day ending then goes out then."""
    config, store = setup(CN_LEAD, PR_LEAD)
    queue_due_digests(config, store, SUN + 12 * H)
    assert queue_due_digests(config, store, MON - M) == []
    assert queue_due_digests(config, store, MON) == ["daily 2026-11-23 for cn-lead"]
    assert queue_due_digests(config, store, MON + 8 * H) == ["daily 2026-11-23 for pr-lead"]
    (latest,) = [r for r in list_ops_alerts(store, "digest:cn-lead") if r["created_at"] == MON]
    assert latest["episode"] == "2026-11-23T00:00:00+00:00"
    payload = build_digest(
        config, store, "cn-lead", *digest_period("daily", EIGHT, "Asia/Shanghai", MON), MON
    )
    assert (payload["period_start"], payload["period_end"]) == (
        "2026-11-22T00:00:00+00:00",
        "2026-11-23T00:00:00+00:00",
    )


def test_a_weekly_brief_goes_out_on_mondays_only(setup):
    config, store = setup(BOARD)
    assert queue_due_digests(config, store, MON - 6 * 24 * H) == ["weekly 2026-11-16 for board"]
    for day in range(1, 7):  # Tuesday to Sunday, morning and evening
        for hour in (9, 10, 21):
            assert queue_due_digests(config, store, MON - day * 24 * H + hour * H) == []
    assert queue_due_digests(config, store, MON + 9 * H + 29 * M) == []  # 09:30 London, GMT
    assert queue_due_digests(config, store, MON + 9 * H + 30 * M) == ["weekly 2026-11-23 for board"]
    assert queue_due_digests(config, store, MON + 10 * H) == []
    (_, latest) = list_ops_alerts(store, "digest:board")
    assert (latest["event"], latest["episode"]) == ("weekly", "2026-11-23T09:30:00+00:00")


def test_a_monitor_down_at_digest_time_sends_the_latest_missed_brief_once(setup):
    config, store = setup(PR_LEAD)
    queue_due_digests(config, store, SUN - 2 * 24 * H + 9 * H)  # Friday's brief, then down
    assert queue_due_digests(config, store, MON + 15 * H) == ["daily 2026-11-23 for pr-lead"]
    assert queue_due_digests(config, store, MON + 16 * H) == []
    episodes = [r["episode"] for r in list_ops_alerts(store, "digest:pr-lead")]
    assert episodes == ["2026-11-20T08:00:00+00:00", "2026-11-23T08:00:00+00:00"]


def test_nothing_due_costs_one_query(setup):
    config, store = setup(PR_LEAD, CN_LEAD, BOARD)
    queue_due_digests(config, store, DUE)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert queue_due_digests(config, store, DUE + H) == []
    assert len(statements) == 1, statements


def test_a_period_spans_a_daylight_saving_change_without_gap():
    """London falls back on 25 October 2026: that day's period is 25 hours long."""
    start, end = digest_period(
        "daily", EIGHT, "Europe/London", datetime(2026, 10, 25, 9, tzinfo=UTC)
    )
    assert (start, end) == (
        datetime(2026, 10, 24, 7, tzinfo=UTC),  # 08:00 BST
        datetime(2026, 10, 25, 8, tzinfo=UTC),  # 08:00 GMT
    )
    following = digest_period(
        "daily", EIGHT, "Europe/London", datetime(2026, 10, 26, 9, tzinfo=UTC)
    )
    assert following[0] == end


# --- what a brief holds -----------------------------------------------------------------


def daily(config: Config, store: Store, now: datetime = DUE) -> dict:
    start, end = digest_period("daily", EIGHT, "UTC", now)
    return build_digest(config, store, "pr-lead", start, end, now)


def test_the_brief_lists_open_incidents_changes_and_unacknowledged_alerts(setup, tmp_path):
    config, store = setup(PR_LEAD, CEO)
    ids = seed(config, store, tmp_path)
    payload = daily(config, store)
    acme, globex, initech = ids["acme"], ids["globex"], ids["initech"]
    assert payload["type"] == "digest.daily"
    assert (payload["channel"], payload["severity"], payload["status"]) == (
        "pr-lead",
        "info",
        "open",
    )
    assert (payload["period_start"], payload["period_end"]) == (
        "2026-11-22T08:00:00+00:00",
        "2026-11-23T08:00:00+00:00",
    )
    assert payload["link"] == DASH
    assert payload["open_incidents"] == [
        {
            "id": acme,
            "brand": "Acme Coffee",
            "severity": "critical",
            "opened_at": "2026-11-21T10:00:00+00:00",
            "summary": "Mentions of Acme rose to 90 an hour, 20 times the usual 4.5.",
            "link": f"{DASH}/incidents?incident={acme}",
            "acknowledged_by": {"by": "ana", "at": "2026-11-21T11:00:00+00:00"},
        },
        {
            "id": initech,
            "brand": "Initech",
            "severity": "warning",
            "opened_at": "2026-11-19T00:00:00+00:00",
            "summary": "",
            "link": f"{DASH}/incidents?incident={initech}",
            "acknowledged_by": {"by": "bo", "at": "2026-11-22T19:00:00+00:00"},
        },
    ]
    changes = [(c["id"], c["brand"], c["event"], c["at"]) for c in payload["changes"]]
    assert changes == [
        (globex, "Globex", "opened", "2026-11-22T09:00:00+00:00"),  # from opened_at
        (acme, "Acme Coffee", "escalated", "2026-11-22T14:00:00+00:00"),
        (initech, "Initech", "reopened", "2026-11-22T18:00:00+00:00"),
        (globex, "Globex", "closed", "2026-11-22T20:00:00+00:00"),  # from closed_at
    ]
    unacked = [
        (a["incident_id"], a["severity"], a["channel"], a["sent_at"], a["unacknowledged_for"])
        for a in payload["unacknowledged"]
    ]
    assert unacked == [
        (globex, "critical", "pr-lead", "2026-11-22T09:01:00+00:00", "22 h 59 min"),
        (acme, "critical", "pr-lead", "2026-11-22T14:02:00+00:00", "17 h 58 min"),
        (acme, "critical", "ceo-mail", "2026-11-22T14:03:00+00:00", "17 h 57 min"),
    ]
    assert payload["unacknowledged"][0]["incident_status"] == "closed"
    assert payload["summary"] == (
        "2 open incidents (1 critical), 4 incident changes in the period, 3 alerts "
        "unacknowledged; complaints: 4 new, 1 resolved, 8 open, 5 overdue"
    )
    assert digest_subject(payload) == (
        "[DIGEST] Daily brief 2026-11-23: 2 open incidents, 2 critical unacknowledged, "
        "5 complaints overdue"
    )


def test_a_critical_alert_stays_in_the_briefs_until_acknowledged(setup, tmp_path):
    config, store = setup(PR_LEAD, CEO)
    ids = seed(config, store, tmp_path)
    record_ack(store, f"incident:{ids['acme']}", "ana", "link", MON + 9 * H, "pr-lead")

    again = daily(config, store, DUE + 2 * H)  # the same period, after ana's ack
    assert [a["incident_id"] for a in again["unacknowledged"]] == [ids["globex"]]
    assert again["open_incidents"][0]["acknowledged_by"] == {
        "by": "ana",
        "at": "2026-11-23T09:00:00+00:00",
    }
    # an acknowledgement at the very moment of sending covers the alert
    record_ack(store, f"incident:{ids['globex']}", "cy", "dashboard", SUN + 9 * H + M)
    assert daily(config, store, DUE + 3 * H)["unacknowledged"] == []
    # a resolved notice asks nothing of anyone: it never waits for an acknowledgement
    _send(store, ids["globex"], "ceo", "resolved 2026-11-23T10:00", "critical", MON + 10 * H)
    assert daily(config, store, DUE + 3 * H)["unacknowledged"] == []
    # Tuesday's brief: Globex closed and its alert was Sunday's, Acme's are acknowledged
    tuesday = daily(config, store, DUE + 24 * H)
    assert tuesday["unacknowledged"] == []
    assert digest_subject(tuesday) == (  # C5 and C9 are overdue by then
        "[DIGEST] Daily brief 2026-11-24: 2 open incidents, 7 complaints overdue"
    )


def test_complaints_most_in_need_come_first(setup, tmp_path):
    """Safety-critical first whatever its priority, then urgent, high, normal (overdue
    before not, then the oldest), low; at most five."""
    config, store = setup(PR_LEAD, CEO)
    seed(config, store, tmp_path)
    payload = daily(config, store)
    top = [
        (c["external_id"], c["priority"], c["safety"], c["overdue"])
        for c in payload["top_complaints"]
    ]
    assert top == [
        ("C3", "low", True, True),
        ("C2", "urgent", False, True),
        ("C4", "high", False, True),
        ("C1", "normal", False, True),
        ("C7", "normal", False, True),
    ]
    first, second = payload["top_complaints"][:2]
    assert (first["brand"], first["tier"], first["due"]) == (
        "Globex",
        "team lead",
        "2026-11-23T02:00:00+00:00",
    )
    assert (second["owner"], second["tier"]) == ("Ana", "agent")
    assert first["link"].startswith(f"{DASH}/complaints?complaint=")
    c1 = payload["top_complaints"][3]["text"]
    assert len(c1) == 120 and c1.endswith("\u2026") and c1.startswith("Acme refund still")
    assert payload["complaint_counts"] == {"new": 4, "resolved": 1, "open": 8, "overdue": 5}


def test_the_text_has_a_heading_per_section_and_links(setup, tmp_path):
    config, store = setup(PR_LEAD, CEO)
    ids = seed(config, store, tmp_path)
    text = digest_text(daily(config, store))
    acme, globex, initech = ids["acme"], ids["globex"], ids["initech"]
    lines = text.splitlines()
    assert lines[0] == digest_subject(daily(config, store))
    assert lines[3] == "Period: 2026-11-22 08:00 to 2026-11-23 08:00 (UTC)"
    for expected in [
        "Open incidents",
        f"- #{acme} Acme Coffee, CRITICAL, open since 2026-11-21 10:00: Mentions of Acme rose "
        "to 90 an hour, 20 times the usual 4.5. Acknowledged by ana at 2026-11-21 11:00.",
        f"  {DASH}/incidents?incident={acme}",
        f"- #{initech} Initech, WARNING, open since 2026-11-19 00:00: Acknowledged by bo at "
        "2026-11-22 19:00.",
        "Alerts nobody acknowledged",
        f"- #{globex} Globex: critical alert sent to pr-lead at 2026-11-22 09:01, "
        "unacknowledged for 22 h 59 min (the incident has closed since)",
        f"- #{acme} Acme Coffee: critical alert sent to ceo-mail at 2026-11-22 14:03, "
        "unacknowledged for 17 h 57 min",
        "Changes in the period",
        f"- 2026-11-22 20:00 #{globex} Globex: closed",
        "Complaints",
        "4 new and 1 resolved in the period; 8 open now, 5 past their SLA.",
        "- C3 (Globex, SAFETY-CRITICAL, priority low, OVERDUE, was due 2026-11-23 02:00, "
        "in the team lead queue): \u201cThe Globex heater caught fire in our kitchen\u201d",
        "- C2 (Acme Coffee, priority urgent, OVERDUE, was due 2026-11-23 00:00, owner Ana "
        "(agent)): \u201cAcme charged my card twice for one latte\u201d",
        f"Dashboard: {DASH}",
    ]:
        assert expected in lines, expected


def test_an_empty_brief_says_so_in_each_section(setup):
    config, store = setup(CN_LEAD)
    start, end = digest_period("daily", EIGHT, "Asia/Shanghai", MON)
    payload = build_digest(config, store, "cn-lead", start, end, MON)
    assert digest_subject(payload) == "[DIGEST] Daily brief 2026-11-23: no open incidents"
    text = digest_text(payload)
    assert "Period: 2026-11-22 08:00 to 2026-11-23 08:00 (Asia/Shanghai)" in text
    for nothing in (
        "0 new and 0 resolved in the period; 0 open now, 0 past their SLA.",
        "No open incidents.",
        "No alert is waiting for an acknowledgement.",
        "No incident opened, escalated, reopened or closed.",
        "No unresolved complaints.",
    ):
        assert nothing in text.splitlines()


def test_weekly_subjects_name_the_week(setup):
    config, store = setup(BOARD)
    payload = build_digest(
        config, store, "board", *digest_period("weekly", EIGHT, "UTC", MON + 9 * H), MON + 9 * H
    )
    assert payload["type"] == "digest.weekly"
    assert digest_subject(payload).startswith("[DIGEST] Weekly brief 16\u201322 Nov 2026:")
    month_end = datetime(2026, 12, 7, 9, tzinfo=UTC)
    payload = build_digest(
        config, store, "board", *digest_period("weekly", EIGHT, "UTC", month_end), month_end
    )
    assert digest_subject(payload).startswith("[DIGEST] Weekly brief 30 Nov \u2013 6 Dec 2026:")
    new_year = datetime(2027, 1, 4, 9, tzinfo=UTC)
    payload = build_digest(
        config, store, "board", *digest_period("weekly", EIGHT, "UTC", new_year), new_year
    )
    assert digest_subject(payload).startswith(
        "[DIGEST] Weekly brief 28 Dec 2026 \u2013 3 Jan 2027:"
    )


def test_an_unknown_channel_is_named_in_the_error(setup):
    config, store = setup(PR_LEAD, CEO)
    with pytest.raises(
        ValueError, match=r"no alert channel named 'cfo' \(channels: pr-lead, ceo-mail\)"
    ):
        build_digest(config, store, "cfo", SUN, MON, MON)


# --- delivered ------------------------------------------------------------------------


def test_the_brief_reaches_the_inbox(setup, tmp_path, smtp_server):
    controller, sink = smtp_server
    config, store = setup(PR_LEAD, CEO, port=controller.port)
    ids = seed(config, store, tmp_path)
    assert queue_due_digests(config, store, DUE) == ["daily 2026-11-23 for pr-lead"]
    report = dispatch_alerts(config, store, DUE + M)
    assert (report.sent, report.errors) == (1, [])
    (message,) = sink.messages
    assert " ".join(message["Subject"].split()) == (  # unfolded: long headers are folded
        "[DIGEST] Daily brief 2026-11-23: 2 open incidents, 2 critical unacknowledged, "
        "5 complaints overdue"
    )
    assert message["To"] == "pr@example.com"
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/plain"]
    body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
    assert "Alerts nobody acknowledged" in body
    assert f"{DASH}/incidents?incident={ids['acme']}" in body
    assert "\u201cThe Globex heater caught fire in our kitchen\u201d" in body
    (row,) = list_ops_alerts(store, "digest:pr-lead")
    assert row["status"] == "sent"
    assert queue_due_digests(config, store, DUE + 2 * M) == []
