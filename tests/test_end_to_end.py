"""The whole pipeline over real HTTP, SQLite, SMTP and a webhook: a calm feed, then a storm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from monitor.complaints import import_complaints
from monitor.pipeline import Pipeline
from monitor.store import open_store
from monitor.store.alerts import list_alerts
from monitor.store.complaints import list_complaints
from monitor.store.incidents import list_incidents
from monitor.store.mentions import MentionFilter, count_mentions

from conftest_sources import RSS, LoopbackServer, send
from feeds import calm_posts, rss, storm_posts

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)

CONFIG = """
database: "{database}"
brands:
  - name: Acme Air
    aliases: ["@AcmeAir", 阿克美航空]
sources:
  - name: news
    type: rss
    url: {feed}
alerts:
  dashboard_url: http://dash.example
  channels:
    - name: exec-webhook
      type: webhook
      url: {webhook}
    - name: exec-email
      type: email
      smtp_host: 127.0.0.1
      smtp_port: {smtp_port}
      sender: monitor@example.com
      to: [ceo@example.com]
"""

COMPLAINTS = """id,created_at,text,channel
HD-1,2026-11-19T10:00:00Z,"Acme Air lost my bag on flight AA12, nobody calls back",phone
HD-2,2026-11-20T09:30:00Z,"My Acme Air refund is still not processed",email
HD-3,2026-11-20T09:45:00Z,"Question about another company entirely",email
"""


def test_calm_then_storm_opens_one_incident_links_complaints_and_alerts_once(
    tmp_path, write_config, webhook, smtp_server, database_url
):
    controller, mail = smtp_server
    with LoopbackServer() as server:
        calm = calm_posts(T0)
        feed = server.route("/news.xml", send(rss(calm), RSS))
        config = write_config(
            CONFIG.format(
                database=database_url, feed=feed, webhook=webhook.url, smtp_port=controller.port
            )
        )
        store = open_store(config.database)
        (tmp_path / "helpdesk.csv").write_text(COMPLAINTS, encoding="utf-8")
        imported = import_complaints(config, store, tmp_path / "helpdesk.csv")
        assert (imported.added, imported.errors) == (3, [])
        pipeline = Pipeline(config, store)

        first = pipeline.cycle(T0 + timedelta(minutes=5))
        assert first.collected.mentions == len(calm)
        assert first.events == []
        assert list_incidents(store) == []

        storm = storm_posts(T0 + timedelta(minutes=6))
        server.route("/news.xml", send(rss(calm + storm), RSS))
        second = pipeline.cycle(T0 + timedelta(hours=1, minutes=5))
        assert second.collected.mentions == len(storm)
        assert [e.event for e in second.events] == ["opened"]

        # later cycles: the storm is over, nothing new is sent
        pipeline.cycle(T0 + timedelta(hours=1, minutes=20))
        pipeline.cycle(T0 + timedelta(hours=2, minutes=5))

    incidents = list_incidents(store)
    assert len(incidents) == 1
    incident = incidents[0]
    assert incident.brand == "Acme Air"
    assert incident.began_at == T0
    assert incident.observed == len(storm)
    assert incident.expected <= 6
    assert "refund" in incident.details["complaint_terms"]
    assert incident.details["negative_share"] > 0.9
    assert incident.summary.startswith(f"Acme Air: {len(storm)} mentions in the last 1h")
    assert count_mentions(store, MentionFilter(incident_id=incident.id)) == len(storm)

    linked = list_complaints(store, incident_id=incident.id)
    assert [c["external_id"] for c in linked] == ["HD-1", "HD-2"]
    assert "26 h before the storm began" in linked[0]["link_reason"]

    assert len(webhook.received) == 1
    assert webhook.received[0]["type"] == "incident.opened"
    assert webhook.received[0]["link"] == f"http://dash.example/incidents?incident={incident.id}"
    assert len(mail.messages) == 1
    assert mail.messages[0]["Subject"] == "[CRITICAL] Acme Air: public-opinion incident emerging"
    assert "ceo@example.com" in mail.messages[0]["To"]
    rows = list_alerts(store, incident.id)
    assert sorted((r["channel"], r["status"]) for r in rows) == [
        ("exec-email", "sent"),
        ("exec-webhook", "sent"),
    ]
