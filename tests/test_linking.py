"""Complaints tied to the public picture: linked to incidents with a score and a reason,
grouped by issue, and alerted on when their subject starts trending.

Real parts throughout: complaints imported from a CSV export, posts stored through
``process_items``/``save_items``, incidents opened by live detection, a SQLite file (and
PostgreSQL when ``MONITOR_TEST_POSTGRES_URL`` is set), a webhook receiver on 127.0.0.1.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from monitor.alerts import dispatch_alerts
from monitor.alerts.message import alert_subject, alert_text
from monitor.complaints import import_complaints
from monitor.config import Config, parse_config
from monitor.detection import detect_incidents
from monitor.enrich import Enricher
from monitor.identifiers import features, find_identifiers
from monitor.ingest import process_items
from monitor.linking import clusters, link_complaints
from monitor.match import BrandMatcher
from monitor.models import Incident
from monitor.pipeline import Pipeline
from monitor.store import Store, open_store
from monitor.store.alerts import list_ops_alerts
from monitor.store.complainthistory import complaint_history
from monitor.store.complaintlinks import predating_complaints
from monitor.store.complaints import list_complaints
from monitor.store.incidents import save_incident
from monitor.store.mentions import assign_incident, save_items
from sources.items import RawItem

START = datetime(2026, 11, 3, tzinfo=UTC)  # a Tuesday: no weekly report is due
STORM = START + timedelta(hours=50)  # the storm's first hour

CONFIG = """
database: "{database}"
brands:
  - name: Acme Air
    aliases: ["@AcmeAir", Skyhopper]
  - name: Globex
detection: {{seasonal_days: 0}}
alerts:
  dashboard_url: http://dash.example
  channels:
    - {{name: exec-webhook, type: webhook, url: "{webhook}"}}
    - {{name: ops-webhook, type: webhook, url: "{webhook}", audience: ops}}
    - {{name: cs-lead, type: webhook, url: "{webhook}", audience: ops}}
complaints: {{notify: [cs-lead]}}
"""


def setup(database_url: str, webhook_url: str = "http://127.0.0.1:9/") -> tuple[Config, Store]:
    config = parse_config(CONFIG.format(database=database_url, webhook=webhook_url))
    return config, open_store(config.database)


def post(config: Config, store: Store, at: datetime, titles: list[str], tag: str) -> None:
    """Store posts published from ``at``, one a minute, through the collector's stages."""
    raws = [
        RawItem(url=f"https://forum.example/{tag}/{i}", title=title, text="",
                published_at=at + timedelta(minutes=i))
        for i, title in enumerate(titles)
    ]  # fmt: skip
    processed = process_items(
        raws, "forum", at + timedelta(minutes=59), BrandMatcher(config.brands), Enricher(config)
    )
    save_items(store, processed)


def calm(config: Config, store: Store, hours: range, per_hour: int = 20) -> None:
    for hour in hours:
        titles = [f"Acme Air timetable update {hour} {i}" for i in range(per_hour)]
        post(config, store, START + timedelta(hours=hour), titles, f"calm-{hour}")


def export(tmp_path, rows: list[tuple[str, datetime, str, str]], status: str = "open") -> str:
    """A helpdesk CSV export: id, created_at, text, brand (empty: found in the text)."""
    lines = ["id,created_at,text,brand,customer,status"]
    for n, (ref, at, text, brand) in enumerate(rows):
        lines.append(f'{ref},{at.isoformat()},"{text}",{brand},cust-{n},{status}')
    path = tmp_path / f"helpdesk-{rows[0][0]}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def by_ref(store: Store) -> dict[str, dict]:
    return {c["external_id"]: c for c in list_complaints(store)}


# --- identifiers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("My order #A12345 never came", [("order", "#A12345")]),
        ("Refund ORD-2231 please", [("order", "ORD-2231")]),
        ("booking number XK55AB2 was cancelled", [("order", "XK55AB2")]),
        ("my order 2026 plans", []),  # a year, not an order
        ("bus B 123 ABC and van AB-123-CD", [("plate", "B 123 ABC"), ("plate", "AB-123-CD")]),
        ("the taxi AB12 CDE drove off", [("plate", "AB12 CDE")]),
        ("flight SK1234 then SK 212", [("flight", "SK1234"), ("flight", "SK 212")]),
        ("on flight AA12 from Oslo", [("flight", "AA12")]),
        ("an A320 and a PS5", []),
        ("ask @jane_doe, not me@example.com", [("handle", "@jane_doe")]),
        ("@AcmeAir never answers", []),  # the brand's own handle names every post
        ("my Galaxy S24 and my iPhone", [("product", "Galaxy S24"), ("product", "iPhone")]),
        ("Waited 3 hours at Gate 12 on May 5", []),  # no product: a sentence, a gate, a date
        ("the Skyhopper seat broke", [("product", "Skyhopper")]),  # an alias naming a product
        ("Acme Air lost it", []),
    ],
)
def test_identifiers_in_a_text(text, found):
    ids = find_identifiers(text, ["Acme Air", "@AcmeAir", "Skyhopper"])
    assert [(i.kind, i.shown) for i in ids.values()] == found


def test_identifiers_compare_as_written_in_any_spacing_and_case():
    a = find_identifiers("ticket ORD-2231, flight SK 1234, @Jane_Doe")
    b = find_identifiers("ORD 2231 on SK1234 says @jane_doe")
    assert set(a) == set(b) == {"order:ORD2231", "flight:SK1234", "handle:@jane_doe"}


def test_key_terms_leave_out_the_brand_and_stop_words():
    found = features("Acme Air crew broke my wheelchair, the crew laughed", ["Acme Air"])
    assert found.terms == ("crew", "broke", "wheelchair", "laughed")


# --- linking -----------------------------------------------------------------------------

STORM_POSTS = [
    "Acme Air crew broke a wheelchair on flight SK1234, order ORD-2231 {i}",
    "Watch the Acme Air crew throw a wheelchair on the belt {i}",
    "Acme Air wheelchair broken and the crew laughed {i}",
]


def storm(config: Config, store: Store) -> Incident:
    calm(config, store, range(50), per_hour=30)
    titles = [STORM_POSTS[i % 3].format(i=i) for i in range(40)]
    post(config, store, STORM, titles, "storm")
    (opened,) = [
        e for e in detect_incidents(config, store, STORM + timedelta(hours=1, minutes=10))
        if e.event == "opened"
    ]  # fmt: skip
    assert opened.incident.began_at == STORM
    return opened.incident


COMPLAINTS = [
    ("ZD-1", STORM - timedelta(hours=26),
     "My order ORD-2231: the Acme Air crew broke my wheelchair and nobody calls back", ""),
    ("ZD-2", STORM - timedelta(hours=30), "Acme Air charged my card twice for a seat", ""),
    ("ZD-3", STORM - timedelta(hours=10), "Booking ORD-2231: the crew broke the wheelchair", ""),
    ("ZD-4", STORM - timedelta(hours=5), "My parcel never arrived", ""),
    ("ZD-5", STORM - timedelta(hours=100), "Acme Air lost my wheelchair on ORD-2231", ""),
    ("ZD-6", STORM - timedelta(hours=2), "Card declined twice", "Globex"),
    ("ZD-7", STORM + timedelta(minutes=20),
     "Acme Air, same as the video: crew broke my wheelchair on flight SK1234", ""),
]  # fmt: skip


def test_complaints_link_with_a_score_and_a_reason(tmp_path, database_url):
    config, store = setup(database_url)
    import_complaints(config, store, export(tmp_path, COMPLAINTS), now=STORM)
    incident = storm(config, store)
    # detection explains the storm before the cycle links: the unlinked ones are named
    assert incident.summary.endswith(
        "2 related complaints filed before the storm, the oldest 30 h before it began, "
        "all still unresolved."
    )

    now = STORM + timedelta(hours=1, minutes=10)
    assert link_complaints(config, store, now) == 4
    found = by_ref(store)
    linked = sorted(r for r, c in found.items() if c["incident_id"] == incident.id)
    assert linked == ["ZD-1", "ZD-2", "ZD-3", "ZD-7"]  # not: too old, no brand nor id, Globex
    assert found["ZD-2"]["link_reason"] == (
        "same brand, filed 30 h before the storm began; nothing else in common"
    )
    assert found["ZD-1"]["link_reason"] == (
        "same brand, filed 26 h before the storm began; shares order number ORD-2231 and "
        "the terms order, crew, broke, wheelchair"
    )
    assert found["ZD-3"]["link_reason"].startswith(
        "no brand on record, filed 10 h before the storm began; shares order number ORD-2231"
    )
    assert "flight SK1234" in found["ZD-7"]["link_reason"]
    assert "filed during the incident" in found["ZD-7"]["link_reason"]
    score = {r: found[r]["link_score"] for r in linked}
    assert score["ZD-2"] < 0.3 < 0.5 <= score["ZD-3"] < score["ZD-1"] < score["ZD-7"] <= 1

    (event,) = [e for e in complaint_history(store, found["ZD-1"]["id"]) if e["action"] == "linked"]
    assert event["actor"] == "monitor"
    assert event["changes"]["incident_id"] == [None, incident.id]
    assert event["note"] == found["ZD-1"]["link_reason"]

    assert link_complaints(config, store, now + timedelta(minutes=15)) == 0  # nothing twice
    events = complaint_history(store, found["ZD-1"]["id"])
    assert [e["action"] for e in events].count("linked") == 1

    assert predating_complaints(store, incident) == (3, STORM - timedelta(hours=30), 3)


def test_a_linked_complaint_moves_only_to_a_clearly_better_incident(tmp_path, database_url):
    config, store = setup(database_url)
    first = _incident(store, STORM - timedelta(hours=40), "closed")
    rows = [
        ("ZD-8", STORM - timedelta(hours=45), "Acme Air: where is my order ORD-2231", ""),
        ("ZD-9", STORM - timedelta(hours=45), "Acme Air: the lounge was dirty", ""),
    ]
    import_complaints(config, store, export(tmp_path, rows), now=STORM)
    link_complaints(config, store, STORM)  # brand and time: both to the first storm
    assert {r: c["incident_id"] for r, c in by_ref(store).items()} == {
        "ZD-8": first.id, "ZD-9": first.id,
    }  # fmt: skip

    # a second storm names ZD-8's order: ZD-8 moves; ZD-9 scores no better there: it stays
    second = _incident(store, STORM, "open")
    post(config, store, STORM, ["Acme Air lost the bag of order ORD-2231"], "second")
    assign_incident(store, "Acme Air", STORM, STORM + timedelta(hours=1), second.id)
    assert link_complaints(config, store, STORM + timedelta(hours=1)) == 1
    found = by_ref(store)
    assert (found["ZD-8"]["incident_id"], found["ZD-9"]["incident_id"]) == (second.id, first.id)
    assert found["ZD-8"]["link_reason"] == (
        "same brand, filed 45 h before the storm began; shares order number ORD-2231; "
        "text like 1 of its posts"
    )
    moves = [e for e in complaint_history(store, found["ZD-8"]["id"]) if e["action"] == "linked"]
    assert [m["changes"]["incident_id"] for m in moves] == [[None, first.id], [first.id, second.id]]
    assert link_complaints(config, store, STORM + timedelta(hours=2)) == 0


def _incident(store: Store, began: datetime, status: str) -> Incident:
    return save_incident(store, Incident(
        brand="Acme Air", kind="volume", status=status, severity="warning", opened_at=began,
        updated_at=began, began_at=began, observed=30, expected=3, score=9, peak_score=9,
        closed_at=began + timedelta(hours=6) if status == "closed" else None,
    ))  # fmt: skip


# --- grouping ----------------------------------------------------------------------------

T0 = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
GROUPED = [
    ("G-1", T0, "Acme Air lost my suitcase on flight AA1234 from Oslo, nobody helps me today", ""),
    ("G-2", T0 + timedelta(hours=2), "Flight AA1234 with Acme Air: my bag never arrived", ""),
    ("G-3", T0 + timedelta(hours=5),
     "Acme Air lost my suitcase on the flight from Oslo, nobody helps me today", ""),
    ("G-4", T0 + timedelta(hours=1), "Acme Air charged my card twice for a seat", ""),
    ("G-5", T0 + timedelta(hours=100), "Acme Air flight AA1234: bag lost again", ""),
    ("G-6", T0 + timedelta(hours=3), "Flight AA1234 refund please", "Globex"),
]  # fmt: skip


def test_complaints_about_one_issue_form_a_cluster_headed_by_the_earliest(tmp_path, database_url):
    config, store = setup(database_url)
    import_complaints(config, store, export(tmp_path, GROUPED), now=T0 + timedelta(days=5))
    link_complaints(config, store, T0 + timedelta(days=5))
    found = by_ref(store)
    head = found["G-1"]["id"]
    cluster = {r: c["cluster_id"] for r, c in found.items()}
    assert cluster == {
        "G-1": head, "G-2": head, "G-3": head,  # a shared flight, then a near copy
        "G-4": found["G-4"]["id"], "G-5": found["G-5"]["id"],  # unrelated; days later
        "G-6": found["G-6"]["id"],  # another brand
    }  # fmt: skip
    (group,) = clusters(store)
    assert (group.head, group.size, group.customers, group.unresolved) == ("G-1", 3, 3, 3)
    assert (group.first_filed, group.last_filed) == (T0, T0 + timedelta(hours=5))
    assert group.top_terms[:2] == ["flight", "aa1234"]  # in all three; then in two
    note = [e for e in complaint_history(store, found["G-2"]["id"]) if e["action"] == "linked"]
    assert note[0]["note"] == "same issue as G-1: shares flight AA1234"

    # an older complaint about the same flight arrives late: it heads the cluster now
    late = [("G-0", T0 - timedelta(hours=1), "AA1234 Acme Air flight: my bag is lost", "")]
    import_complaints(config, store, export(tmp_path, late), now=T0 + timedelta(days=5))
    link_complaints(config, store, T0 + timedelta(days=5))
    found = by_ref(store)
    new_head = found["G-0"]["id"]
    assert [found[r]["cluster_id"] for r in ("G-0", "G-1", "G-2", "G-3")] == [new_head] * 4
    assert [c.head for c in clusters(store, brand="Acme Air")] == ["G-0"]
    moved = [e for e in complaint_history(store, head) if e["action"] == "linked"]
    assert moved[-1]["changes"]["cluster_id"] == [head, new_head]


# --- trending ----------------------------------------------------------------------------

NOW = START + timedelta(hours=27, minutes=10)  # the hour from START + 26 h just closed
TRENDING = [
    ("ZD-12", START + timedelta(hours=1),
     "Acme Air crew lost the wheelchair of my mother, order ORD-2231, nobody answers", ""),
    ("ZD-13", START + timedelta(hours=2), "The Acme Air timetable update is confusing", ""),
    ("ZD-14", START + timedelta(hours=3), "Acme Air lost wheelchair ORD-2231 again", ""),
]  # fmt: skip


def test_an_unresolved_complaint_whose_subject_trends_alerts_once(tmp_path, webhook, database_url):
    config, store = setup(database_url, webhook.url)
    import_complaints(config, store, export(tmp_path, TRENDING[:2]), now=START)
    import_complaints(config, store, export(tmp_path, TRENDING[2:], "resolved"), now=START)
    calm(config, store, range(27))  # "timetable update" every hour: ZD-13's words, not news
    titles = [f"Is ORD-2231 the Acme Air wheelchair story? {i}" for i in range(8)]
    post(config, store, START + timedelta(hours=26), titles, "trend")

    pipeline = Pipeline(config, store)
    report = pipeline.after_collect(NOW)
    assert report.events == []  # the brand as a whole is calm: no incident
    assert report.complaints_trending == 2  # to complaints.notify and the executive channel
    trending = [a for a in webhook.received if a["type"] == "complaint.trending"]
    alert = trending[0]
    assert trending == [alert, alert]
    assert alert["type"] == "complaint.trending"
    assert alert["external_id"] == "ZD-12" and alert["posts"] == 8 and alert["usual"] == 0
    assert alert["summary"].startswith(
        "[TRENDING] Complaint ZD-12 (unresolved 26 h) is now public: 8 posts in the last "
        "hour share 'ORD-2231', 'wheelchair'. Over the day before, about 0 such posts per hour."
    )
    assert alert["link"] == f"http://dash.example/complaints?complaint={alert['complaint_id']}"
    assert len(alert["samples"]) == 3
    assert alert_subject(alert) == alert["summary"].split(". Over")[0]  # e-mail subject
    assert alert_text(alert).endswith(f"Open the complaint: {alert['link']}")  # Slack, e-mail

    more = [f"ORD-2231: Acme Air and the wheelchair, day two {i}" for i in range(12)]
    post(config, store, START + timedelta(hours=27), more, "trend-2")
    assert pipeline.after_collect(NOW + timedelta(hours=1)).complaints_trending == 0
    dispatch_alerts(config, store, NOW + timedelta(hours=2))
    assert [a for a in webhook.received if a["type"] == "complaint.trending"] == trending
    rows = list_ops_alerts(store, f"complaint-trending:{alert['complaint_id']}")
    assert sorted((r["channel"], r["status"]) for r in rows) == [
        ("cs-lead", "sent"),
        ("exec-webhook", "sent"),
    ]  # never the ops channel that is not in complaints.notify
