"""An incident's timeline, from its first related complaint to its closing.

Each test builds one Acme Air incident in a real database (a SQLite file, and
PostgreSQL when MONITOR_TEST_POSTGRES_URL is set) through the monitor's own write
paths: ``save_incident``, complaint records upserted and linked as an import does,
posts saved and assigned as collection and detection do, alerts queued and marked
as the dispatcher does. All times are fixed; nothing reads the clock.

The story: a complaint filed 25 hours before the storm began (resolved the evening
the incident opened), the storm from 14:00, the incident opened at 15:05, the PR
lead alerted at 15:10, escalation an hour after opening (the CEO's mailbox refused
the alert), and the storm calm two days later.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from monitor.config import Brand, Config
from monitor.durations import format_gap
from monitor.linking import link_complaints
from monitor.models import Analysis, Complaint, Incident, Item, Mention
from monitor.store import Store, open_store
from monitor.store.acks import record_ack
from monitor.store.alerts import enqueue_alert, list_alerts, mark_failed, mark_sent, set_status
from monitor.store.complaints import upsert_complaint
from monitor.store.incidents import save_incident
from monitor.store.mentions import assign_incident, save_items
from monitor.timeline import KINDS, TimelineEntry, incident_timeline, timeline_summary

BRAND = "Acme Air"
BEGAN = datetime(2026, 11, 20, 14, 0, tzinfo=UTC)  # start of the first unusual 1h bucket
OPENED = BEGAN + timedelta(hours=1, minutes=5)  # judged detection.delay after it closed
ESCALATED = OPENED + timedelta(hours=1)
CLOSED_AT = BEGAN + timedelta(days=2)  # end of the last calm bucket
CLOSE_JUDGED = CLOSED_AT + timedelta(minutes=5)
SLA = timedelta(hours=20)
FORUM = "https://forum.example"

EVENTS = [
    {"event": "opened", "at": OPENED.isoformat(), "bucket": BEGAN.isoformat()},
    {"event": "updated", "at": ESCALATED.isoformat(), "bucket": "2026-11-20T15:00:00+00:00"},
    {"event": "escalated", "at": ESCALATED.isoformat(), "bucket": "2026-11-20T15:00:00+00:00"},
    {"event": "closed", "at": CLOSE_JUDGED.isoformat(), "bucket": "2026-11-22T13:00:00+00:00"},
]


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    store = open_store(database_url)
    try:
        yield store
    finally:
        store.close()


def _incident(details: dict, **changes) -> Incident:
    incident = Incident(
        brand=BRAND,
        kind="volume+negative",
        status="closed",
        severity="critical",
        opened_at=OPENED,
        updated_at=CLOSE_JUDGED,
        began_at=BEGAN,
        observed=90.0,
        expected=4.0,
        score=12.0,
        peak_score=14.0,
        closed_at=CLOSED_AT,
        details=details,
    )
    return replace(incident, **changes)


def _post(key: str, at: datetime, title: str, complaint_terms: tuple[str, ...] = ()):
    label = "negative" if complaint_terms else "neutral"
    analysis = Analysis("en", -0.6 if complaint_terms else 0.0, label, complaint_terms, ())
    item = Item(key, "forum", f"{FORUM}/{key}", title, title, at, at, at, analysis)
    return item, [Mention(key, BRAND, "Acme Air", ((0, 8),))]


def _complain(store: Store, external_id: str, filed: datetime, text: str, **fields) -> None:
    record = Complaint(external_id, filed, text, brand=fields.pop("brand", BRAND), **fields)
    upsert_complaint(store, record, SLA, "helpdesk.csv")


def build(store: Store, details: dict, **changes) -> Incident:
    """The story in the module docstring, stored; returns the saved incident."""
    incident = save_incident(store, _incident(details, **changes))
    assert incident.id is not None
    save_items(store, [
        _post("early-gripe", BEGAN - timedelta(hours=2), "Acme Air lost my bag", ("lost",)),
        _post("calm", BEGAN + timedelta(minutes=5), "Acme Air adds a route to Oslo"),
        _post("storm-1", BEGAN + timedelta(minutes=10), "Acme Air driver was rude and reckless",
              ("rude", "reckless")),
        _post("storm-2", BEGAN + timedelta(minutes=40), "Acme Air refund refused", ("refund",)),
    ])  # fmt: skip
    assign_incident(store, BRAND, BEGAN, BEGAN + timedelta(hours=1), incident.id)

    filed = BEGAN - timedelta(hours=25)
    driver = "The driver on the airport shuttle was speeding and shouting at passengers. " * 3
    _complain(store, "C-1", filed, driver, channel="email")
    _complain(store, "C-2", BEGAN + timedelta(minutes=20), "Saw the video, is it safe?")
    _complain(store, "C-3", BEGAN + timedelta(minutes=30), "My flight too", channel="phone")
    _complain(store, "C-0", BEGAN - timedelta(hours=100), "Too old to be related")
    _complain(store, "G-1", BEGAN - timedelta(hours=1), "Another brand", brand="Globex")
    link_complaints(Config(brands=[Brand(name=BRAND)]), store, BEGAN + timedelta(days=3))
    # the helpdesk's next export: C-1 resolved that evening, C-2 closed (as written there)
    upd = {"channel": "email", "status": "resolved", "updated_at": OPENED + timedelta(hours=4)}
    _complain(store, "C-1", filed, driver, **upd)
    upd = {"status": "Closed", "updated_at": OPENED + timedelta(hours=2)}
    _complain(store, "C-2", BEGAN + timedelta(minutes=20), "Saw the video, is it safe?", **upd)

    enqueue_alert(store, incident.id, "pr-lead", "opened", "warning", {}, OPENED)
    enqueue_alert(store, incident.id, "pr-lead", "escalated", "critical", {}, ESCALATED)
    enqueue_alert(store, incident.id, "ceo-email", "escalated", "critical", {}, ESCALATED)
    ids = {(a["channel"], a["event"]): a["id"] for a in list_alerts(store, incident.id)}
    mark_sent(store, ids["pr-lead", "opened"], OPENED + timedelta(minutes=5))
    mark_sent(store, ids["pr-lead", "escalated"], ESCALATED + timedelta(minutes=2))
    mark_failed(store, ids["ceo-email", "escalated"], "550 mailbox unavailable", None)
    return incident


def steps(entries: list[TimelineEntry]) -> list[tuple[datetime, str, str | None]]:
    return [(e.at, e.what, e.ref) for e in entries]


def test_timeline_runs_from_the_first_complaint_to_the_closing(store):
    incident = build(store, {"bucket": "1h", "events": EVENTS})
    entries = incident_timeline(store, incident)
    assert steps(entries) == [
        (BEGAN - timedelta(hours=25), "first_complaint", "C-1"),
        (BEGAN, "began", None),
        (BEGAN + timedelta(minutes=10), "first_complaint_mention", f"{FORUM}/storm-1"),
        (OPENED, "opened", None),
        (OPENED + timedelta(minutes=5), "alert_sent", "pr-lead"),
        (ESCALATED, "escalated", None),
        (ESCALATED, "alert_failed", "ceo-email"),
        (ESCALATED + timedelta(minutes=2), "alert_sent", "pr-lead"),
        (OPENED + timedelta(hours=2), "complaint_resolved", "C-2"),
        (OPENED + timedelta(hours=4), "complaint_resolved", "C-1"),
        (CLOSE_JUDGED, "closed", None),
    ]
    assert {e.what for e in entries} <= set(KINDS)
    texts = [e.text for e in entries]
    assert texts[0] == (
        "First related complaint filed (C-1, email): “The driver on the airport shuttle was "
        "speeding and shouting at passengers. The driver on the…”"
    )
    assert texts[1] == "The storm began (first unusual 1h bucket)"
    assert texts[2] == (
        "First complaining post (forum; rude, reckless): “Acme Air driver was rude and reckless”"
    )
    assert texts[3:8] == [
        "The monitor opened the incident",
        "Alert sent to pr-lead (incident opened)",
        "The incident escalated to critical",
        "Alert to ceo-email (incident escalated) failed after 1 attempt: 550 mailbox unavailable",
        "Alert sent to pr-lead (incident escalated)",
    ]
    assert texts[8:] == [
        "Complaint C-2 marked closed, 2 h 45 min after it was filed",
        "Complaint C-1 marked resolved, 1 d 6 h after it was filed",
        "The incident closed: the storm has calmed",
    ]
    assert timeline_summary(entries) == (
        "First complaint 1 d 2 h before the incident opened; executives alerted 5 min after "
        "opening (pr-lead); escalated 1 h after opening; closed 1 d 23 h after opening."
    )


def test_an_incident_from_before_events_were_recorded_uses_its_own_times(store):
    incident = build(store, {"bucket": "1h"})  # no "events": detected by an older monitor
    entries = incident_timeline(store, incident)
    kinds = [e.what for e in entries]
    assert "escalated" not in kinds
    assert kinds.count("opened") == kinds.count("closed") == 1
    assert [e.at for e in entries if e.what in ("opened", "closed")] == [OPENED, CLOSED_AT]
    assert kinds[-1] == "closed" and kinds[0] == "first_complaint"
    assert timeline_summary(entries) == (
        "First complaint 1 d 2 h before the incident opened; executives alerted 5 min after "
        "opening (pr-lead); closed 1 d 23 h after opening."
    )


def test_a_storm_that_returned_is_still_open(store):
    reopened = CLOSE_JUDGED + timedelta(hours=3)
    events = [
        *EVENTS,
        {"event": "reopened", "at": reopened.isoformat(), "bucket": "2026-11-22T16:00:00+00:00"},
        {"event": "surprise", "at": reopened.isoformat()},  # unknown events are left out
        {"event": "escalated", "at": "not a time"},  # and so are unreadable times
        "garbage",
    ]
    incident = build(store, {"events": events}, status="open", closed_at=None)
    entries = incident_timeline(store, incident)
    assert [e.what for e in entries][-2:] == ["closed", "reopened"]
    assert [e.at for e in entries if e.what == "escalated"] == [ESCALATED]
    assert timeline_summary(entries).endswith("; reopened 2 d 2 h after opening, still open.")


def test_an_incident_without_complaints_or_alerts(store):
    incident = save_incident(store, _incident({}, status="open", closed_at=None))
    entries = incident_timeline(store, incident)
    assert steps(entries) == [(BEGAN, "began", None), (OPENED, "opened", None)]
    assert entries[0].text == "The storm began (first unusual bucket)"
    assert timeline_summary(entries) == "No alert sent; still open."


def test_a_queued_alert_is_not_yet_an_alert_sent(store):
    incident = save_incident(store, _incident({}, status="open", closed_at=None))
    assert incident.id is not None
    enqueue_alert(store, incident.id, "pr-lead", "opened", "warning", {}, OPENED)
    (alert,) = list_alerts(store, incident.id)
    mark_failed(store, alert["id"], "HTTP 502", OPENED + timedelta(minutes=1))
    (entry,) = [e for e in incident_timeline(store, incident) if e.ref == "pr-lead"]
    assert (entry.at, entry.what) == (OPENED, "alert_pending")
    assert entry.text == "Alert to pr-lead (incident opened) queued, not delivered yet " + (
        "(last error: HTTP 502)"
    )
    assert timeline_summary([e for e in incident_timeline(store, incident)]) == (
        "Alert queued, not delivered yet; still open."
    )


def test_acknowledgements_and_alerts_not_sent_are_steps_with_who_and_why(store):
    incident = save_incident(store, _incident({}, status="open", closed_at=None))
    assert incident.id is not None
    enqueue_alert(store, incident.id, "pr-lead", "opened", "warning", {}, OPENED)
    enqueue_alert(store, incident.id, "ceo", "opened", "warning", {}, OPENED)
    pr_lead, ceo = list_alerts(store, incident.id)
    mark_sent(store, pr_lead["id"], OPENED)
    set_status(store, ceo["id"], "silenced", "silenced by #1 (Dana: board meeting)")
    record_ack(store, f"incident:{incident.id}", "Dana Ruiz", "dashboard",
               OPENED + timedelta(minutes=25), note="statement drafted")  # fmt: skip
    record_ack(store, f"incident:{incident.id}", "head-comms", "link",
               OPENED + timedelta(minutes=40), channel="head-comms")  # fmt: skip
    entries = incident_timeline(store, incident)
    texts = [e.text for e in entries if e.what in ("alert_not_sent", "acknowledged")]
    assert texts == [
        "Alert to ceo (incident opened) not sent: silenced by #1 (Dana: board meeting)",
        "Acknowledged by Dana Ruiz on the dashboard: statement drafted",
        "Acknowledged by head-comms with the link sent to head-comms",
    ]
    assert timeline_summary(entries) == (
        "Executives alerted within a minute of opening (pr-lead); acknowledged 25 min after "
        "opening (Dana Ruiz); still open."
    )


@pytest.mark.parametrize(
    ("delta", "written"),
    [
        (timedelta(0), "<1 min"),
        (timedelta(seconds=59), "<1 min"),
        (timedelta(minutes=5, seconds=20), "5 min"),
        (timedelta(minutes=59, seconds=40), "1 h"),
        (timedelta(hours=2, minutes=5), "2 h 5 min"),
        (timedelta(hours=26, minutes=5), "1 d 2 h"),
        (timedelta(days=3, minutes=10), "3 d"),
        (-timedelta(hours=3), "3 h"),
    ],
)
def test_gaps_read_in_at_most_two_units(delta, written):
    assert format_gap(delta) == written
