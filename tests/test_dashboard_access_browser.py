"""Logging in to the real dashboard in headless Chromium: ``monitor dashboard`` with
``dashboard.login: password``, the password in an environment variable of the server.

The dashboard of tests/test_dashboard_browser.py shows nothing but a login form until a
user logs in; a wrong password is refused; the right one opens the Overview, with who is
logged in and a Log out button in the sidebar; logging out brings the form back. Then
the one-click acknowledge link of an alert works without a login, and the incident it
leads to asks for one and opens once logged in. Pages are photographed to tests/artifacts/.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import test_dashboard_browser as shared
from test_dashboard_alerts import SECRET, build_store, stored_acks

from monitor.alerts.acklink import ack_link

from dashboard_data import build_dashboard_db

pytestmark = pytest.mark.browser

browser = shared.browser  # the same headless Chromium fixture
PASSWORD = "correct-horse-battery"
USERS = """\
dashboard:
  login: password
  users:
    - name: Maria Chen
      role: responder
      password: ${MARIA_PASSWORD}
"""


def with_login(config_path):
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text + USERS, encoding="utf-8")
    return config_path


def log_in(page, name: str, password: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def test_a_password_login_in_chromium(tmp_path, monkeypatch, browser):
    from playwright.sync_api import expect  # waits until the page shows what is expected

    monkeypatch.setenv("MARIA_PASSWORD", PASSWORD)  # the server inherits the environment
    dataset = build_dashboard_db(tmp_path)
    with shared.serve_dashboard(with_login(dataset.config_path), tmp_path) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(20_000)
        page.goto(base + "/")
        page.get_by_role("heading", name="Log in", exact=True).wait_for()
        expect(page.get_by_role("heading", name="Overview")).to_have_count(0)
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)

        log_in(page, "Maria Chen", "not-her-password")
        # (while the rerun streams the page, Streamlit may briefly flag the login form as
        # having no submit button: wait for the run to end, then look for the message)
        page.locator('.stApp[data-test-script-state="notRunning"]').wait_for()
        refused = page.locator('[data-testid="stAlertContentError"] p').filter(
            has_text="Wrong name or password."
        )
        expect(refused).to_have_count(1)
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
        shared.save_full_screenshot(page, shared.ARTIFACTS / "login-refused.png")

        log_in(page, "maria chen", PASSWORD)
        page.get_by_role("heading", name="Overview", exact=True).wait_for()
        metric = page.locator('[data-testid="stMetric"]').filter(has_text="Mentions (24 h)")
        expect(metric).to_have_count(1)
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_contain_text("Logged in as Maria Chen (responder)")
        shared.save_full_screenshot(page, shared.ARTIFACTS / "logged-in.png")

        sidebar.get_by_role("button", name="Log out").click()
        page.get_by_role("heading", name="Log in", exact=True).wait_for()
        expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
        expect(page.get_by_label("Password", exact=True)).to_have_value("")


def test_an_ack_link_needs_no_login_and_its_incident_does(tmp_path, monkeypatch, browser):
    from playwright.sync_api import expect

    monkeypatch.setenv("MONITOR_ACK_SECRET", SECRET)
    monkeypatch.setenv("MARIA_PASSWORD", PASSWORD)
    now = datetime.now(UTC)
    db = build_store(tmp_path, now=now)
    with shared.serve_dashboard(with_login(db.config_path), tmp_path) as base:
        link = ack_link(
            base, SECRET, f"incident:{db.acme}", "pr-lead-email", now, timedelta(days=7)
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(20_000)
        page.goto(link)  # as a click in the alert email opens it: nobody logged in
        page.get_by_role("heading", name="Acknowledge", exact=True).wait_for()
        done = page.locator('[data-testid="stAlertContentSuccess"] p')
        acknowledged = re.compile(rf"^Acknowledged incident #{db.acme} \(Acme Coffee\)")
        expect(done).to_have_text(acknowledged, timeout=20_000)
        assert [a[:2] for a in stored_acks(db, db.acme)] == [("pr-lead-email", "link")]

        page.get_by_role("button", name=f"Open incident #{db.acme}").click()
        page.get_by_role("heading", name="Log in", exact=True).wait_for()
        log_in(page, "Maria Chen", PASSWORD)
        page.get_by_role("heading", name=f"#{db.acme} Acme Coffee").wait_for()
        name = page.get_by_label("Your name").first  # the Acknowledge form's
        expect(name).to_have_value("Maria Chen")
        expect(name).to_be_disabled()
