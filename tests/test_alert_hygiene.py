"""Alert hygiene: grouping, repeats, resolved notices, inhibition, silences, quiet hours,
and escalation of alerts nobody acknowledges; each receiver a real loopback webhook."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from monitor.alerts import dispatch_alerts, queue_alerts, watch_acks
from monitor.config import parse_config
from monitor.demo.receiver import WebhookReceiver
from monitor.detection import IncidentEvent
from monitor.models import Incident
from monitor.store import open_store
from monitor.store.acks import record_ack
from monitor.store.alerts import list_alerts, list_ops_alerts
from monitor.store.incidents import save_incident
from monitor.store.silences import add_silence, expire_silence

NOW = datetime(2026, 11, 23, 12, tzinfo=UTC)  # a Monday, 12:00 UTC
NAMES = ("pr-lead", "head-comms", "ceo", "ops")


@pytest.fixture
def receivers(tmp_path):
    made = {name: WebhookReceiver(tmp_path / f"{name}.jsonl").start() for name in NAMES}
    yield made
    for receiver in made.values():
        receiver.stop()


def setup(database_url, receivers, extra: str = "", channel_extra: str = ""):
    """A config with four webhook receivers and ``extra`` under ``alerts:``."""
    hooks = "\n".join(
        f'    - {{name: {n}, type: webhook, url: "{r.url}"'
        + (", audience: ops" if n == "ops" else channel_extra)
        + "}"
        for n, r in receivers.items()
    )
    text = f"""
database: {database_url}
brands:
  - name: Acme Air
  - name: Skyline Air
alerts:
  dashboard_url: http://dash.example
  channels:
{hooks}
{extra}
"""
    config = parse_config(text, "sources.yaml")
    return config, open_store(config.database)


CHAIN = """
  route:
    receivers: [pr-lead]
    escalate_to: [head-comms, ceo]
    escalate_after: {warning: 1h, critical: 20m}
    repeat_interval: 4h
"""


def storm(store, brand="Acme Air", severity="warning", kind="volume", at=NOW) -> Incident:
    return save_incident(
        store,
        Incident(
            brand=brand,
            kind=kind,
            status="open",
            severity=severity,
            opened_at=at,
            updated_at=at,
            began_at=at - timedelta(hours=1),
            observed=60,
            expected=4.0,
            score=6.2,
            peak_score=6.2,
            summary=f"{brand}: 60 mentions in the last 1h against about 4 usually.",
            details={"top_terms": ["refund"], "samples": []},
        ),
    )


def event(incident: Incident, name: str, **changes) -> IncidentEvent:
    return IncidentEvent(replace(incident, **changes), name, True)


def cycle(config, store, now, *events):
    """What one pipeline cycle does for alerts: queue, escalate, send."""
    queue_alerts(config, store, list(events), now)
    watch_acks(config, store, now)
    return dispatch_alerts(config, store, now)


def received(receivers) -> dict[str, list[str]]:
    return {n: [p["type"] for p in r.received] for n, r in receivers.items() if r.received}


def test_an_unacknowledged_alert_climbs_the_chain_and_an_ack_stops_it(database_url, receivers):
    config, store = setup(database_url, receivers, CHAIN)
    acme = storm(store)
    cycle(config, store, NOW, event(acme, "opened"))
    assert received(receivers) == {"pr-lead": ["incident.opened"]}

    cycle(config, store, NOW + timedelta(minutes=59))  # not yet an hour
    assert "head-comms" not in received(receivers)

    cycle(config, store, NOW + timedelta(hours=1))
    [escalated] = receivers["head-comms"].received
    assert escalated["escalation"]["step"] == 1 and escalated["escalation"]["of"] == 2
    assert escalated["escalation"]["first_sent_to"] == "pr-lead"
    assert escalated["escalation"]["unacknowledged_for"] == "60 min"

    record_ack(store, "incident:1", "Dana Ruiz", "dashboard", NOW + timedelta(hours=1, minutes=5))
    cycle(config, store, NOW + timedelta(hours=3))  # the CEO would have been next
    assert "ceo" not in received(receivers)


def test_the_chain_reaches_its_end_and_critical_goes_faster(database_url, receivers):
    config, store = setup(database_url, receivers, CHAIN)
    acme = storm(store, severity="critical")
    cycle(config, store, NOW, event(acme, "opened"))
    cycle(config, store, NOW + timedelta(minutes=20))
    cycle(config, store, NOW + timedelta(minutes=40))
    assert received(receivers) == {
        "pr-lead": ["incident.opened"],
        "head-comms": ["incident.opened"],
        "ceo": ["incident.opened"],
    }
    escalation = receivers["ceo"].received[0]["escalation"]
    assert escalation["step"] == 2 and escalation["first_sent_to"] == "pr-lead"
    assert escalation["unacknowledged_for"] == "40 min"  # since the first alert went out
    cycle(config, store, NOW + timedelta(hours=2))  # nobody left: no more escalations
    assert len(receivers["ceo"].received) == 1


def test_an_escalation_to_critical_after_an_ack_needs_a_new_ack(database_url, receivers):
    config, store = setup(database_url, receivers, CHAIN)
    acme = storm(store)
    cycle(config, store, NOW, event(acme, "opened"))
    record_ack(store, "incident:1", "Dana Ruiz", "cli", NOW + timedelta(minutes=10))
    later = NOW + timedelta(hours=2)
    critical = save_incident(store, replace(acme, severity="critical", updated_at=later))
    cycle(config, store, later, event(critical, "escalated"))
    cycle(config, store, later + timedelta(minutes=20))
    assert received(receivers)["head-comms"] == ["incident.escalated"]


def test_reminders_repeat_while_open_and_unacknowledged_then_stop(database_url, receivers):
    config, store = setup(database_url, receivers, CHAIN.replace("[head-comms, ceo]", "[]"))
    acme = storm(store)
    cycle(config, store, NOW, event(acme, "opened"))
    cycle(config, store, NOW + timedelta(hours=3, minutes=59))
    assert len(receivers["pr-lead"].received) == 1
    cycle(config, store, NOW + timedelta(hours=4))
    reminder = receivers["pr-lead"].received[1]
    assert reminder["reminder"] == {"open_for": "4 h"}
    cycle(config, store, NOW + timedelta(hours=5))
    assert len(receivers["pr-lead"].received) == 2  # the next one is 4 h after this one
    record_ack(store, "incident:1", "Dana Ruiz", "dashboard", NOW + timedelta(hours=5))
    cycle(config, store, NOW + timedelta(hours=9))
    assert len(receivers["pr-lead"].received) == 2


def test_the_same_storm_returning_soon_is_not_repeated_but_a_severity_rise_is(
    database_url, receivers
):
    config, store = setup(database_url, receivers)
    acme = storm(store)
    cycle(config, store, NOW, event(acme, "opened"))
    back = NOW + timedelta(hours=2)
    report = cycle(config, store, back, event(acme, "reopened", updated_at=back))
    assert report.not_sent["deduplicated"] == 3  # pr-lead, head-comms, ceo: once each
    notes = {a["note"] for a in list_alerts(store) if a["status"] == "deduplicated"}
    assert notes == {
        f"{n} heard of this incident 2 h ago; it hears again when severity rises or after 4 h"
        for n in ("pr-lead", "head-comms", "ceo")
    }
    rise = NOW + timedelta(hours=3)
    cycle(config, store, rise, event(acme, "escalated", severity="critical", updated_at=rise))
    assert received(receivers)["pr-lead"] == ["incident.opened", "incident.escalated"]


def test_resolved_notices_go_to_those_who_were_told_only(database_url, receivers):
    config, store = setup(database_url, receivers, CHAIN)
    acme = storm(store)
    cycle(config, store, NOW, event(acme, "opened"))
    closed_at = NOW + timedelta(minutes=30)
    over = save_incident(store, replace(acme, status="closed", closed_at=closed_at))
    cycle(config, store, closed_at, event(over, "closed"))
    assert received(receivers) == {"pr-lead": ["incident.opened", "incident.resolved"]}
    notice = receivers["pr-lead"].received[1]
    assert notice["duration"] == "30 min" and notice["closed_at"] == closed_at.isoformat()
    cycle(config, store, NOW + timedelta(hours=3))  # closed: no escalation, no reminder
    assert set(received(receivers)) == {"pr-lead"}


def test_send_resolved_false_keeps_the_notice_back(database_url, receivers):
    config, store = setup(database_url, receivers, CHAIN + "    send_resolved: false\n")
    acme = storm(store)
    cycle(config, store, NOW, event(acme, "opened"))
    over = save_incident(store, replace(acme, status="closed", closed_at=NOW))
    cycle(config, store, NOW + timedelta(minutes=5), event(over, "closed"))
    assert received(receivers) == {"pr-lead": ["incident.opened"]}


def test_group_wait_gathers_a_groups_alerts_into_one_message(database_url, receivers):
    tree = "  route:\n    receivers: [pr-lead]\n    group_by: [severity]\n    group_wait: 1m\n"
    config, store = setup(database_url, receivers, tree)
    acme, skyline = storm(store), storm(store, brand="Skyline Air")
    cycle(config, store, NOW, event(acme, "opened"))
    cycle(config, store, NOW + timedelta(seconds=30), event(skyline, "opened"))
    assert received(receivers) == {}  # the group waits a minute for more
    report = cycle(config, store, NOW + timedelta(minutes=1))
    assert report.sent == 1
    [message] = receivers["pr-lead"].received
    assert message["type"] == "group" and message["summary"] == "2 alerts"
    assert [a["brand"] for a in message["alerts"]] == ["Acme Air", "Skyline Air"]
    notes = [a["note"] for a in list_alerts(store)]
    assert notes == [None, "sent in one message with #1"]


def test_group_interval_spaces_a_groups_messages(database_url, receivers):
    tree = "  route:\n    receivers: [pr-lead]\n    group_by: [severity]\n    group_interval: 10m\n"
    config, store = setup(database_url, receivers, tree)
    acme, skyline = storm(store), storm(store, brand="Skyline Air")
    cycle(config, store, NOW, event(acme, "opened"))
    cycle(config, store, NOW + timedelta(minutes=2), event(skyline, "opened"))
    assert len(receivers["pr-lead"].received) == 1  # waits for the group's interval
    cycle(config, store, NOW + timedelta(minutes=10))
    assert [p["brand"] for p in receivers["pr-lead"].received] == ["Acme Air", "Skyline Air"]


def test_an_open_critical_incident_inhibits_the_brands_warnings(database_url, receivers):
    config, store = setup(database_url, receivers)
    storm(store, severity="critical")  # Acme Air's crisis is open
    from monitor.alerts.enqueue import routings
    from monitor.alerts.routing import Labels
    from monitor.store.alerts import enqueue_ops_alert

    for brand in ("Acme Air", "Skyline Air"):  # e.g. a complaint of each going public
        labels = Labels(brand, "warning", ("trending",))
        payload = {"type": "complaint.trending", "brand": brand, "severity": "warning"}
        for name, routing in routings(config, store, "ops_alerts", labels, f"t:{brand}", NOW):
            enqueue_ops_alert(store, f"t:{brand}", "1", name, "trending", "warning", payload,
                              NOW, routing=routing)  # fmt: skip
    dispatch_alerts(config, store, NOW)
    rows = list_ops_alerts(store)
    inhibited = {r["channel"] for r in rows if r["status"] == "inhibited" and "Acme" in r["topic"]}
    assert inhibited == {"pr-lead", "head-comms", "ceo"}
    assert {r["note"] for r in rows if r["status"] == "inhibited"} == {
        "inhibited: incident #1 (Acme Air, critical) is open and covers it"
    }
    assert [p["brand"] for p in receivers["pr-lead"].received] == ["Skyline Air"]


def test_a_silence_holds_back_what_it_matches_until_it_ends(database_url, receivers):
    config, store = setup(database_url, receivers)
    silence = add_silence(
        store, {"brand": ["Acme Air"]}, "planned outage, statement out", "Dana Ruiz",
        NOW, NOW + timedelta(hours=2),
    )  # fmt: skip
    acme, skyline = storm(store), storm(store, brand="Skyline Air")
    report = cycle(config, store, NOW, event(acme, "opened"), event(skyline, "opened"))
    assert report.not_sent["silenced"] == 3 and report.held_back() == "3 silenced"
    assert [p["brand"] for p in receivers["pr-lead"].received] == ["Skyline Air"]
    note = next(a["note"] for a in list_alerts(store) if a["status"] == "silenced")
    assert note == (
        f"silenced by #{silence} until 2026-11-23 14:00 UTC (Dana Ruiz: planned outage, "
        "statement out)"
    )
    assert expire_silence(store, silence, "Dana Ruiz", NOW + timedelta(minutes=30))
    rise = NOW + timedelta(hours=1)
    cycle(config, store, rise, event(acme, "escalated", severity="critical", updated_at=rise))
    assert [p["brand"] for p in receivers["pr-lead"].received] == ["Skyline Air", "Acme Air"]


def test_quiet_hours_hold_warnings_until_morning_in_the_receivers_zone(database_url, receivers):
    quiet = ', timezone: Asia/Shanghai, quiet_hours: {start: "22:00", end: "07:00"}'
    config, store = setup(database_url, receivers, channel_extra=quiet)
    night = datetime(2026, 11, 23, 16, tzinfo=UTC)  # 00:00 in Shanghai
    acme = storm(store, at=night)
    report = cycle(config, store, night, event(acme, "opened"))
    assert report.held == 3 and received(receivers) == {}
    assert report.held_back() == "3 held for quiet hours"
    assert {a["note"] for a in list_alerts(store)} == {
        "held: quiet hours until 07:00 Asia/Shanghai"
    }
    cycle(config, store, datetime(2026, 11, 22, 22, 59, tzinfo=UTC) + timedelta(days=1))
    assert received(receivers) == {}  # 06:59 there
    cycle(config, store, datetime(2026, 11, 23, 23, tzinfo=UTC))  # 07:00 there
    assert received(receivers) == {n: ["incident.opened"] for n in ("pr-lead", "head-comms", "ceo")}


def test_critical_alerts_break_through_quiet_hours_unless_told_to_wait(database_url, receivers):
    quiet = ', quiet_hours: {start: "22:00", end: "07:00"}'
    config, store = setup(database_url, receivers, channel_extra=quiet)
    night = datetime(2026, 11, 23, 23, tzinfo=UTC)
    cycle(config, store, night, event(storm(store, severity="critical", at=night), "opened"))
    assert received(receivers) == {n: ["incident.opened"] for n in ("pr-lead", "head-comms", "ceo")}


def test_critical_alerts_wait_too_when_quiet_hours_say_critical_hold(database_url, receivers):
    held = ', quiet_hours: {start: "22:00", end: "07:00", critical: hold}'
    config, store = setup(database_url, receivers, channel_extra=held)
    night = datetime(2026, 11, 23, 23, tzinfo=UTC)
    report = cycle(
        config, store, night, event(storm(store, severity="critical", at=night), "opened")
    )
    assert report.held == 3 and received(receivers) == {}
    cycle(config, store, datetime(2026, 11, 24, 7, tzinfo=UTC))
    assert received(receivers) == {n: ["incident.opened"] for n in ("pr-lead", "head-comms", "ceo")}


def test_a_storm_that_turns_critical_climbs_the_chain_once(database_url, receivers):
    config, store = setup(database_url, receivers, CHAIN)
    acme = storm(store)
    cycle(config, store, NOW, event(acme, "opened"))
    rise = NOW + timedelta(minutes=30)
    critical = save_incident(store, replace(acme, severity="critical", updated_at=rise))
    cycle(config, store, rise, event(critical, "escalated"))
    for minutes in range(35, 240, 5):  # cycles every 5 minutes for hours, nobody acks
        cycle(config, store, NOW + timedelta(minutes=minutes))
    # the critical alert's chain, at its own pace; the warning's clock stopped when it rose
    assert [(p["type"], p["severity"]) for p in receivers["head-comms"].received] == [
        ("incident.escalated", "critical")
    ]
    assert len(receivers["ceo"].received) == 1


def test_a_chain_skips_no_one_but_stops_at_who_takes_critical_only(database_url, receivers):
    extra = CHAIN
    config, store = setup(database_url, receivers, extra)
    ceo = next(c for c in config.alerts.channels if c.name == "ceo")
    critical_only = ceo.model_copy(update={"min_severity": "critical"})
    channels = [critical_only if c.name == "ceo" else c for c in config.alerts.channels]
    config = config.model_copy(
        update={"alerts": config.alerts.model_copy(update={"channels": channels})}
    )
    cycle(config, store, NOW, event(storm(store), "opened"))
    for hours in (1, 2, 3):
        cycle(config, store, NOW + timedelta(hours=hours))
    assert "head-comms" in received(receivers) and "ceo" not in received(receivers)


def test_a_silence_is_refused_without_a_reason_or_beyond_30_days(database_url, receivers):
    _, store = setup(database_url, receivers)
    with pytest.raises(ValueError, match="give a reason"):
        add_silence(store, {"brand": ["Acme Air"]}, " ", "Dana", NOW, NOW + timedelta(hours=1))
    with pytest.raises(ValueError, match="a silence lasts 30 days at most"):
        add_silence(store, {"brand": ["Acme Air"]}, "launch", "Dana", NOW, NOW + timedelta(days=31))
