"""Every dashboard page in headless Chromium: ``monitor dashboard`` against the store of
tests/dashboard_data.py, one visit per page by its address.

Each page must finish its script run with its title showing, no Streamlit exception box
and no traceback in its text. Each is photographed: to docs/screenshots/<page>.png with
MONITOR_UPDATE_SCREENSHOT=1 (the pictures docs/dashboard.md shows), else to tmp_path.
"""

from __future__ import annotations

import os

import pytest
import test_dashboard_browser as shared

from dashboard_data import build_dashboard_db

pytestmark = pytest.mark.browser

browser = shared.browser  # the same headless Chromium fixture

SCREENSHOTS = shared.ROOT / "docs" / "screenshots"
UPDATE = os.environ.get("MONITOR_UPDATE_SCREENSHOT") == "1"
# (screenshot name, address; {incident} is the seeded closed incident's id (the page
# opens the open one by itself, so the link must pick this one), page title)
PAGES = [
    ("overview", "/", "Overview"),
    ("incidents", "/incidents", "Incidents"),
    ("incident", "/incidents?incident={incident}", "Incidents"),
    ("mentions", "/mentions", "Mentions"),
    ("complaints", "/complaints", "Complaints"),
    ("sources", "/sources", "Sources"),
    ("export", "/export", "Export"),
    ("report", "/report", "Reports"),
    ("alerts", "/alerts", "Alerts"),
]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory):
    """One server for all the pages: (base URL, dataset)."""
    folder = tmp_path_factory.mktemp("pages")
    dataset = build_dashboard_db(folder)
    with shared.serve_dashboard(dataset.config_path, folder) as base:
        yield base, dataset


@pytest.mark.parametrize(("name", "address", "title"), PAGES, ids=[p[0] for p in PAGES])
def test_every_page_renders_without_an_error_in_chromium(
    dashboard, browser, tmp_path, name, address, title
):
    base, dataset = dashboard
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(20_000)
    page.goto(base + address.format(incident=dataset.closed.id))
    page.get_by_role("heading", name=title, exact=True).wait_for()
    page.locator('.stApp[data-test-script-state="notRunning"]').wait_for()
    if name == "incident":  # the deep link opens the incident itself, not just the list
        page.get_by_role("heading", name=f"#{dataset.closed.id} Globex").wait_for()

    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Traceback" not in page.locator("body").inner_text()

    path = (SCREENSHOTS if UPDATE else tmp_path) / f"{name}.png"
    shared.save_full_screenshot(page, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 10_000
