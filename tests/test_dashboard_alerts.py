"""Acknowledgements and alert hygiene on the dashboard, through Streamlit's AppTest.

A real SQLite store, written with the monitor's own functions (incidents saved, alerts
queued and marked sent, an acknowledgement recorded from the command line). What the
dispatcher records for alerts it holds back (silenced, deduplicated) is written onto
the outbox rows directly, as the dispatcher leaves them. The dashboard's clock is
pinned to ``NOW`` (10:30 UTC):

========  ===========  ========  ==================================================
incident  brand        status    its alerts
========  ===========  ========  ==================================================
A         Acme Coffee  open      pr-lead-email sent 10:00; pr-slack deduplicated
G         Globex       open      pr-lead-email sent 09:00, acknowledged by Li Wei
                                 from the command line at 09:10
C         Globex       closed    pr-lead-email sent yesterday, never acknowledged
========  ===========  ========  ==================================================

Ops: a coverage alert sent to ops-slack at 08:00, and one that failed at 10:10.
Acknowledge links are signed with ``MONITOR_ACK_SECRET`` (``alerts.ack.secret``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from dashboard import data
from dashboard.incident_detail import NO_NAME, ack_line, ack_state
from monitor.alerts.acklink import ack_link, ack_token
from monitor.config import load_config
from monitor.models import Incident
from monitor.store import open_store
from monitor.store.acks import acks_of, record_ack
from monitor.store.alerts import enqueue_alert, enqueue_ops_alert, mark_failed, mark_sent
from monitor.store.incidents import save_incident
from monitor.store.schema import alerts
from monitor.store.silences import add_silence, list_silences

APP = str(Path(__file__).resolve().parent.parent / "dashboard" / "app.py")
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=UTC)
H, MIN = timedelta(hours=1), timedelta(minutes=1)
SECRET = "dashboard-test-secret-0123456789"
CHANNELS = """\
alerts:
  dashboard_url: http://127.0.0.1:8501
  ack:
    secret: ${MONITOR_ACK_SECRET}
  channels:
    - name: pr-lead-email
      type: email
      smtp_host: 127.0.0.1
      sender: monitor@example.com
      to: [pr@example.com]
    - name: pr-slack
      type: slack
      url: http://127.0.0.1:9/slack
    - name: ops-slack
      type: slack
      url: http://127.0.0.1:9/ops
      audience: ops
"""
CONFIG = """\
database: sqlite:///monitor.db
brands:
  - name: Acme Coffee
    aliases: [Acme]
  - name: Globex
sources: []
"""


@dataclass(frozen=True)
class Seeded:
    """Where the store's config is, and its incidents' ids."""

    config_path: Path
    acme: int  # open, not acknowledged
    globex: int  # open, acknowledged from the command line
    closed: int


def _incident(brand: str, began: datetime, status: str = "open", **fields) -> Incident:
    return Incident(
        brand=brand, kind="volume+negative", status=status, severity="warning",
        opened_at=began + 10 * MIN, updated_at=began + 20 * MIN, began_at=began, observed=40.0,
        expected=3.0, score=9.0, peak_score=9.0, summary=f"{brand} storm", **fields,
    )  # fmt: skip


def _sent(store, incident_id: int, channel: str, at: datetime, event: str = "opened") -> None:
    enqueue_alert(store, incident_id, channel, event, "warning", {"brand": "x"}, at)
    query = select(alerts.c.id).where(
        alerts.c.incident_id == incident_id, alerts.c.channel == channel, alerts.c.event == event
    )
    with store.engine.connect() as conn:
        alert_id = conn.execute(query).scalar_one()
    mark_sent(store, alert_id, at)


def _held(store, incident_id: int, channel: str, status: str, note: str, at: datetime) -> None:
    """An alert the dispatcher recorded and did not send, with why."""
    enqueue_alert(store, incident_id, channel, "opened", "warning", {"brand": "x"}, at)
    with store.engine.begin() as conn:
        conn.execute(
            update(alerts)
            .where(alerts.c.incident_id == incident_id, alerts.c.channel == channel)
            .values(status=status, note=note, subject=f"incident:{incident_id}")
        )


def build_store(folder: Path, now: datetime = NOW, ack_links: bool = True) -> Seeded:
    """The store of the module docstring, its times relative to ``now``."""
    path = folder / "sources.yaml"
    channels = CHANNELS if ack_links else CHANNELS.replace(
        "  ack:\n    secret: ${MONITOR_ACK_SECRET}\n", ""
    )  # fmt: skip
    path.write_text(CONFIG + channels, encoding="utf-8")
    store = open_store(load_config(str(path)).database)
    try:
        today = now.replace(minute=0)  # 10:00 at NOW
        closed = save_incident(store, _incident(
            "Globex", today - 30 * H, "closed", closed_at=today - 20 * H
        ))  # fmt: skip
        globex = save_incident(store, _incident("Globex", today - 2 * H))
        acme = save_incident(store, _incident("Acme Coffee", today - 20 * MIN))
        assert closed.id and globex.id and acme.id
        _sent(store, closed.id, "pr-lead-email", today - 29 * H)
        _sent(store, globex.id, "pr-lead-email", today - H)
        record_ack(store, f"incident:{globex.id}", "Li Wei", "cli", today - 50 * MIN)
        _sent(store, acme.id, "pr-lead-email", today)
        _held(store, acme.id, "pr-slack", "deduplicated",
              "told in the group brand=Acme Coffee at 10:00 UTC", today)  # fmt: skip
        enqueue_ops_alert(
            store, "coverage", "e1", "ops-slack", "opened", "warning", {}, today - 2 * H
        )
        mark_sent(store, 1, today - 2 * H, table="ops_alerts")
        enqueue_ops_alert(
            store, "coverage", "e2", "ops-slack", "opened", "warning", {}, today + 10 * MIN
        )
        mark_failed(store, 2, "HTTP 500 from Slack", None, table="ops_alerts")
    finally:
        store.close()
    return Seeded(path, acme.id, globex.id, closed.id)


@pytest.fixture
def db(tmp_path, monkeypatch) -> Seeded:
    monkeypatch.setenv("MONITOR_ACK_SECRET", SECRET)
    return build_store(tmp_path)


@pytest.fixture
def open_page(monkeypatch, db):
    """``open_page("alerts")`` runs that page at ``NOW`` with those query parameters."""
    monkeypatch.setattr(data, "clock", lambda: NOW)

    def run(page: str, config: Path | None = None, **query: str) -> AppTest:
        monkeypatch.setenv("MONITOR_CONFIG", str(config or db.config_path))
        at = AppTest.from_file(APP, default_timeout=30)
        at.switch_page(f"views/{page}.py")
        at.query_params.update(query)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def stored_acks(db: Seeded, incident_id: int) -> list[tuple[str, str, str | None, datetime]]:
    store = open_store(load_config(str(db.config_path)).database)
    try:
        return [(a["by"], a["via"], a["channel"], a["at"])
                for a in acks_of(store, f"incident:{incident_id}")]  # fmt: skip
    finally:
        store.close()


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def button(at: AppTest, label: str):
    (found,) = [b for b in at.button if b.label == label]
    return found


# the incident page


def test_an_open_incident_says_who_was_told_and_that_nobody_acknowledged(open_page, db):
    at = open_page("incidents", incident=str(db.acme))
    said = texts(at.markdown)
    assert ":orange[**Not acknowledged: an alert went to pr-lead-email at 10:00 UTC**]" in said
    assert not [m for m in said if m.startswith("- Acknowledged by")]
    assert "2 alerts for this incident, 1 sent; 1 deduplicated" in texts(at.caption)
    table = at.dataframe[-1].value
    assert list(zip(table["channel"], table["status"], table["note"], strict=True)) == [
        ("pr-lead-email", "sent", None),
        ("pr-slack", "deduplicated", "told in the group brand=Acme Coffee at 10:00 UTC"),
    ]


def test_acknowledging_on_the_incident_page_records_the_name(open_page, db):
    at = open_page("incidents", incident=str(db.acme))
    at.text_input(key="incident_ack_name").input("Maria Chen")
    at.text_input(key="incident_ack_note").input("calling the store")
    button(at, "Acknowledge").click().run()

    assert stored_acks(db, db.acme) == [("Maria Chen", "dashboard", None, NOW)]
    assert texts(at.success) == [f"Incident #{db.acme} acknowledged by Maria Chen at "
                                 "2026-11-23 10:30 UTC."]  # fmt: skip
    said = texts(at.markdown)
    assert ":green[**Acknowledged**]" in said
    assert ("- Acknowledged by Maria Chen at 2026-11-23 10:30 UTC via the dashboard: "
            "calling the store") in said  # fmt: skip
    # the name is remembered for the next acknowledgement, on any page
    assert at.text_input(key="incident_ack_name").value == "Maria Chen"
    at.switch_page("views/alerts.py").run()
    assert at.text_input(key="silence_name").value == "Maria Chen"


def test_an_acknowledgement_without_a_name_is_refused(open_page, db):
    at = open_page("incidents", incident=str(db.acme))
    at.text_input(key="incident_ack_name").input("   ")
    button(at, "Acknowledge").click().run()
    assert texts(at.error) == [NO_NAME]
    assert stored_acks(db, db.acme) == []


def test_the_history_says_how_each_acknowledgement_came(open_page, db):
    at = open_page("incidents", incident=str(db.globex))
    said = texts(at.markdown)
    assert ":green[**Acknowledged**]" in said
    assert "- Acknowledged by Li Wei at 2026-11-23 09:10 UTC via the command line" in said

    types = {"pr-lead-email": "email", "pr-slack": "slack", "hook": "webhook"}
    link = {"by": "pr-lead-email", "via": "link", "channel": "pr-lead-email", "at": NOW}
    assert ack_line(link, types) == (
        "Acknowledged by pr-lead-email at 2026-11-23 10:30 UTC via the email link sent to "
        "pr-lead-email"
    )
    assert ack_line({**link, "channel": "pr-slack"}, types).endswith(
        "via the Slack link sent to pr-slack"
    )
    assert ack_line({**link, "channel": "hook"}, types).endswith("via the link sent to hook")


def test_an_alert_sent_after_the_acknowledgement_needs_another():
    acked = [{"by": "Maria Chen", "at": NOW}]
    first, escalated = ("pr-lead-email", NOW - 30 * MIN), ("exec-email", NOW + 15 * MIN)
    assert ack_state([first], acked, NOW) == (True, "Acknowledged")
    assert ack_state([first, escalated, ("pr-slack", NOW + 15 * MIN)], acked, NOW) == (
        False,
        "Not acknowledged: alerts went to exec-email and pr-slack at 10:45 UTC after the last "
        "acknowledgement",
    )
    assert ack_state([(first[0], NOW - 25 * H)], [], NOW) == (
        False,
        "Not acknowledged: an alert went to pr-lead-email at 2026-11-22 09:30 UTC",
    )
    assert ack_state([], [], NOW)[0] is None


def test_a_closed_incident_has_no_acknowledge_button(open_page, db):
    at = open_page("incidents", incident=str(db.closed))
    assert "Acknowledge" not in [b.label for b in at.button]
    assert not [m for m in texts(at.markdown) if "acknowledged" in m.lower()]


# the one-click link


def test_an_acknowledge_link_records_once(open_page, db, monkeypatch):
    url = ack_link("http://127.0.0.1:8501", SECRET, f"incident:{db.acme}", "pr-lead-email",
                   NOW - 30 * MIN, timedelta(days=7))  # fmt: skip
    token = url.split("token=", 1)[1]
    at = open_page("acknowledge", token=token)
    assert texts(at.success) == [
        f"Acknowledged incident #{db.acme} (Acme Coffee) for pr-lead-email at 2026-11-23 10:30 UTC."
    ]
    once = [("pr-lead-email", "link", "pr-lead-email", NOW)]
    assert stored_acks(db, db.acme) == once
    button(at, f"Open incident #{db.acme}").click().run()  # the incident, acknowledged
    assert at.subheader[0].value == f"#{db.acme} Acme Coffee: warning, open"
    assert at.query_params["incident"] == [str(db.acme)]
    assert (
        "- Acknowledged by pr-lead-email at 2026-11-23 10:30 UTC via the email link sent to "
        "pr-lead-email"
    ) in texts(at.markdown)
    assert stored_acks(db, db.acme) == once

    at.run()  # the page reruns
    at = open_page("acknowledge", token=token)  # the link opened again, later
    assert texts(at.info) == [
        f"Already acknowledged: incident #{db.acme} (Acme Coffee) for pr-lead-email at "
        "2026-11-23 10:30 UTC, from this link. Nothing more to do until another alert is sent."
    ]
    assert stored_acks(db, db.acme) == once

    # the incident turns critical and is told again: the same link acknowledges that too
    store = open_store(load_config(str(db.config_path)).database)
    _sent(store, db.acme, "pr-lead-email", NOW + 5 * MIN, event="critical")
    store.close()
    monkeypatch.setattr(data, "clock", lambda: NOW + 10 * MIN)
    at = open_page("acknowledge", token=token)
    assert len(at.success) == 1
    assert [a[3] for a in stored_acks(db, db.acme)] == [NOW, NOW + 10 * MIN]


@pytest.mark.parametrize(
    ("token", "says"),
    [
        (lambda good: good[:-2] + ("AA" if not good.endswith("AA") else "BB"),
         "This acknowledge link was not made by this monitor (or its secret has changed)."),
        (lambda good: ack_token("another-monitors-secret-123", "incident:1", "pr-lead-email",
                                NOW + H),
         "This acknowledge link was not made by this monitor (or its secret has changed)."),
        (lambda good: "not-a-token",
         "This acknowledge link is damaged: open the alert's link again."),
        (lambda good: ack_token(SECRET, "incident:1", "pr-lead-email", NOW - MIN),
         "This acknowledge link expired at 2026-11-23 10:29 UTC: acknowledge on the dashboard "
         "instead."),
    ],
    ids=["tampered", "foreign", "damaged", "expired"],
)  # fmt: skip
def test_a_bad_acknowledge_link_records_nothing(open_page, db, token, says):
    good = ack_token(SECRET, f"incident:{db.acme}", "pr-lead-email", NOW + H)
    at = open_page("acknowledge", token=token(good))
    assert texts(at.error) == [says]
    assert "[Open the Incidents page](/incidents)" in texts(at.markdown)
    assert stored_acks(db, db.acme) == []


def test_a_link_for_an_incident_not_in_this_database(open_page, db):
    at = open_page("acknowledge", token=ack_token(SECRET, "incident:99", "pr-slack", NOW + H))
    assert texts(at.error) == [
        "Incident #99 is not in this database: the link was made by another monitor. "
        "Nothing was recorded."
    ]


def test_the_page_without_a_link_says_where_to_acknowledge(open_page, db):
    at = open_page("acknowledge")
    assert texts(at.info) == [
        "This page records the acknowledge links that alerts carry; this address has none. "
        "To acknowledge an incident, open it on the Incidents page and press Acknowledge."
    ]


def test_an_ops_alert_link_acknowledges_its_episode(open_page, db):
    at = open_page("acknowledge", token=ack_token(SECRET, "coverage@e2", "ops-slack", NOW + H))
    assert texts(at.success) == ["Acknowledged coverage@e2 for ops-slack at 2026-11-23 10:30 UTC."]
    button(at, "Open the Alerts page").click().run()
    assert texts(at.title) == ["Alerts"]
    store = open_store(load_config(str(db.config_path)).database)
    assert [(a["by"], a["via"]) for a in acks_of(store, "coverage@e2")] == [("ops-slack", "link")]
    store.close()


def test_without_a_secret_links_are_off(open_page, tmp_path):
    (tmp_path / "off").mkdir()
    off = build_store(tmp_path / "off", ack_links=False)
    at = open_page("acknowledge", config=off.config_path, token="anything")
    assert texts(at.info) == [
        "One-click acknowledge links are off: alerts.ack.secret is not set in sources.yaml. "
        "Acknowledge on the incident's page instead."
    ]
    assert stored_acks(off, off.acme) == []


# the Alerts page


def test_alerts_page_counts_lists_and_filters(open_page, db):
    at = open_page("alerts")
    assert texts(at.title) == ["Alerts"]
    assert {m.label: m.value for m in at.metric} == {
        "Pending": "0", "Sent": "4", "Failed": "1", "Silenced": "0", "Inhibited": "0",
        "Deduplicated": "1",
    }  # fmt: skip
    waiting, recent = (d.value for d in at.dataframe)
    assert list(waiting["incident"]) == [f"/incidents?incident={db.acme}"]  # not G, not C
    assert list(waiting["channels"]) == ["pr-lead-email"]
    assert list(waiting["waiting"]) == ["30 min"]
    assert list(recent["about"]) == [
        "ops: coverage", f"incident #{db.acme} · Acme Coffee", f"incident #{db.acme} · Acme Coffee",
        f"incident #{db.globex} · Globex", "ops: coverage", f"incident #{db.closed} · Globex",
    ]  # fmt: skip  # newest first
    assert recent["note"].iloc[0] == "HTTP 500 from Slack"

    at.selectbox(key="alerts_status").select("sent").run()
    assert set(at.dataframe[-1].value["status"]) == {"sent"}
    at.selectbox(key="alerts_channel").select("ops-slack").run()
    assert list(at.dataframe[-1].value["about"]) == ["ops: coverage"]
    at.selectbox(key="alerts_status").select("silenced").run()
    assert "No alerts match these filters." in texts(at.info)


def test_acknowledged_incidents_leave_the_unacknowledged_list(open_page, db):
    store = open_store(load_config(str(db.config_path)).database)
    record_ack(store, f"incident:{db.acme}", "Maria Chen", "dashboard", NOW - MIN)
    store.close()
    at = open_page("alerts")
    assert texts(at.success) == ["Every alert sent for an open incident has been acknowledged."]


def test_adding_a_silence_asks_for_a_reason_and_a_name(open_page, db):
    at = open_page("alerts")
    assert "No silence in force: every alert goes out as routed." in texts(at.caption)
    at.text_input(key="silence_name").input("")
    button(at, "Add silence").click().run()
    assert texts(at.error) == [
        "Choose what to silence: at least one brand, kind, severity or channel (a silence "
        "matching everything would hide every alert).",
        "Give a reason: a silence without one cannot be reviewed.",
        "Write your name: every silence is recorded with who set it.",
    ]
    at.multiselect(key="silence_brand").select("Globex")
    at.multiselect(key="silence_kind").select("spike")
    at.text_input(key="silence_for").input("soon")
    at.text_input(key="silence_reason").input("planned outage")
    at.text_input(key="silence_name").input("Sam")
    button(at, "Add silence").click().run()
    assert texts(at.error) == ["For: 'soon' is not a duration: write e.g. 30s, 15m, 1h or 2d."]
    at.text_input(key="silence_for").input("31d")
    button(at, "Add silence").click().run()
    assert texts(at.error) == ["A silence lasts 30 days at most: one longer hides real crises."]
    assert not _silences(db)

    at.text_input(key="silence_for").input("90m")
    button(at, "Add silence").click().run()
    assert not at.error
    (silence,) = _silences(db)
    assert silence["matchers"] == {"brand": ["Globex"], "kind": ["spike"]}
    assert (silence["reason"], silence["created_by"]) == ("planned outage", "Sam")
    assert (silence["starts_at"], silence["ends_at"]) == (NOW, NOW + 90 * MIN)
    assert texts(at.success)[-1] == (
        f"Silence #{silence['id']} set by Sam: brand Globex · kind spike until "
        "2026-11-23 12:00 UTC."
    )
    active = at.dataframe[-1].value
    assert list(zip(active["matches"], active["set by"], active["ends in"], strict=True)) == [
        ("brand Globex · kind spike", "Sam", "1 h 30 min")
    ]


def test_a_silence_can_end_on_a_chosen_day(open_page, db):
    at = open_page("alerts")
    at.multiselect(key="silence_channel").select("pr-slack")
    at.date_input(key="silence_until_day").set_value(date(2026, 11, 25))
    at.text_input(key="silence_reason").input("Slack migration")
    at.text_input(key="silence_name").input("Sam")
    button(at, "Add silence").click().run()
    (silence,) = _silences(db)
    assert silence["ends_at"] == datetime(2026, 11, 25, tzinfo=UTC)


def test_lifting_a_silence_needs_a_name(open_page, db):
    store = open_store(load_config(str(db.config_path)).database)
    silence_id = add_silence(store, {"severity": ["warning"]}, "noisy night", "Li Wei",
                             NOW - H, NOW + H)  # fmt: skip
    store.close()
    at = open_page("alerts")
    assert at.selectbox(key="silence_lift_id").value == silence_id
    at.text_input(key="silence_lift_name").input("")
    button(at, "Lift silence").click().run()
    assert texts(at.error) == ["Write your name: lifting a silence is recorded with who did it."]
    assert _silences(db)[0]["expired_at"] is None

    at.text_input(key="silence_lift_name").input("Maria Chen")
    button(at, "Lift silence").click().run()
    (lifted,) = _silences(db)
    assert (lifted["expired_by"], lifted["expired_at"]) == ("Maria Chen", NOW)
    assert texts(at.success) == [
        f"Silence #{silence_id} lifted by Maria Chen at 2026-11-23 10:30 UTC: matching alerts "
        "go out again."
    ]
    assert "No silence in force: every alert goes out as routed." in texts(at.caption)
    assert at.expander[-1].label == "Ended or lifted (1)"


def _silences(db: Seeded) -> list[dict]:
    store = open_store(load_config(str(db.config_path)).database)
    try:
        return list_silences(store)
    finally:
        store.close()


# comment, assign, resolve on the incident page


def test_comment_assign_and_resolve_from_the_incident_page(open_page, db):
    from monitor.incidentactions import incident_notes_of, owner_of
    from monitor.store.incidents import get_incident

    at = open_page("incidents", incident=str(db.acme))
    at.text_input(key="incident_action_name").input("Maria Chen")
    at.text_area(key="incident_comment_text").input("Holding statement sent")
    button(at, "Add comment").click().run()
    at.text_input(key="incident_owner").input("Dana Ruiz")
    button(at, "Assign").click().run()
    assert texts(at.success)[-1] == "Dana Ruiz owns the response now."
    button(at, "Resolve").click().run()

    store = open_store(load_config(str(db.config_path)).database)
    try:
        notes = incident_notes_of(store, db.acme)
        assert [(n.action, n.by, n.text) for n in notes] == [
            ("comment", "Maria Chen", "Holding statement sent"),
            ("assign", "Maria Chen", "Dana Ruiz"),
            ("resolve", "Maria Chen", ""),
        ]
        assert owner_of(notes) == "Dana Ruiz"
        assert get_incident(store, db.acme).status == "closed"
    finally:
        store.close()
    assert not [b for b in at.button if b.label == "Resolve"]  # closed: nothing to resolve


def test_an_incident_action_without_a_name_is_refused(open_page, db):
    from dashboard.incident_actions import NO_NAME as NO_ACTION_NAME
    from monitor.incidentactions import incident_notes_of

    at = open_page("incidents", incident=str(db.acme))
    at.text_input(key="incident_action_name").input(" ")
    at.text_area(key="incident_comment_text").input("x")
    button(at, "Add comment").click().run()
    assert NO_ACTION_NAME in texts(at.error)
    store = open_store(load_config(str(db.config_path)).database)
    try:
        assert incident_notes_of(store, db.acme) == []
    finally:
        store.close()
