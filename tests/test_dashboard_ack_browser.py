"""The one-click acknowledge link in headless Chromium: ``monitor dashboard`` against the
store of tests/test_dashboard_alerts.py, its times relative to the real clock (the server
keeps its own time).

A PR lead opens the link their alert email carried: the page confirms the
acknowledgement, the database holds it (by the channel, via the link), and the
incident's page, one click away, then says who acknowledged and how. Opening the link again records
nothing more. The pages are photographed to tests/artifacts/.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import test_dashboard_browser as shared
from test_dashboard_alerts import SECRET, build_store, stored_acks

from monitor.alerts.acklink import ack_link

pytestmark = pytest.mark.browser

browser = shared.browser  # the same headless Chromium fixture
WHEN = r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"


def test_an_ack_link_acknowledges_in_chromium(tmp_path, monkeypatch, browser):
    from playwright.sync_api import expect  # waits until the page shows what is expected

    monkeypatch.setenv("MONITOR_ACK_SECRET", SECRET)  # the server reads alerts.ack.secret
    now = datetime.now(UTC)
    db = build_store(tmp_path, now=now)
    with shared.serve_dashboard(db.config_path, tmp_path) as base:
        link = ack_link(
            base, SECRET, f"incident:{db.acme}", "pr-lead-email", now, timedelta(days=7)
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(20_000)

        page.goto(link)  # as a click in the alert email opens it
        page.get_by_role("heading", name="Acknowledge", exact=True).wait_for()
        done = page.locator('[data-testid="stAlertContentSuccess"] p')  # the text, not the icon
        expect(done).to_have_text(
            re.compile(
                rf"^Acknowledged incident #{db.acme} \(Acme Coffee\) for pr-lead-email at {WHEN}\.$"
            )
        )
        shared.save_full_screenshot(page, shared.ARTIFACTS / "acknowledge.png")
        (ack,) = stored_acks(db, db.acme)
        assert ack[:3] == ("pr-lead-email", "link", "pr-lead-email")
        assert now <= ack[3] <= datetime.now(UTC)

        page.get_by_role("button", name=f"Open incident #{db.acme}").click()
        page.get_by_role("heading", name=f"#{db.acme} Acme Coffee").wait_for()
        page.wait_for_url(f"{base}/incidents?incident={db.acme}")
        history = page.get_by_role("listitem").filter(has_text="Acknowledged by")
        expect(history).to_have_text(
            re.compile(
                rf"^Acknowledged by pr-lead-email at {WHEN} via the email link sent to "
                r"pr-lead-email$"
            )
        )
        expect(page.get_by_text("Acknowledged", exact=True)).to_be_visible()
        expect(page.get_by_text("Not acknowledged", exact=False)).to_have_count(0)
        shared.save_full_screenshot(page, shared.ARTIFACTS / "incident-acknowledged.png")

        page.goto(link)  # opened again: nothing more recorded
        info = page.locator('[data-testid="stAlertContentInfo"]')
        expect(info).to_contain_text("Already acknowledged")
        assert len(stored_acks(db, db.acme)) == 1
