"""The Complaints page in headless Chromium: ``monitor dashboard`` against the store of
tests/test_dashboard_complaints.py, its times relative to the real clock (the server
keeps its own time).

A customer-service lead opens the board: the most overdue complaint is open in the
detail with its countdown in red; they type their name, press Acknowledge, and the
page says so and shows when. The page is photographed to tests/artifacts/complaints.png.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import test_dashboard_browser as shared
from test_dashboard_complaints import build_store

pytestmark = pytest.mark.browser

browser = shared.browser  # the same headless Chromium fixture


def is_red(css_color: str) -> bool:
    """``rgb(189, 64, 67)``: red well above green and blue."""
    red, green, blue = (int(v) for v in re.findall(r"\d+", css_color)[:3])
    return red >= 150 and red - max(green, blue) >= 80


def test_an_overdue_complaint_is_red_and_acknowledged_in_chromium(tmp_path, browser):
    from playwright.sync_api import expect  # waits until the page shows what is expected

    config_path = build_store(tmp_path, now=datetime.now(UTC))
    with shared.serve_dashboard(config_path, tmp_path) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(20_000)
        page.goto(base + "/complaints")
        page.get_by_role("heading", name="Complaints", exact=True).wait_for()

        # the board opens the most overdue complaint, its countdown in red
        page.get_by_role("heading", name="C-1 · Acme Coffee").wait_for()
        countdown = page.locator('[data-testid="stMarkdownContainer"] strong').filter(
            has_text=re.compile(r"^4 h [45] min overdue$")  # the server's clock: to the minute
        )
        expect(countdown).to_have_count(1)
        color = countdown.evaluate("e => getComputedStyle(e).color")
        assert is_red(color), color
        page.locator('[data-testid="stDataFrame"]').first.wait_for()

        page.get_by_label("Your name").fill("Priya")
        page.get_by_role("button", name="Acknowledge").click()
        done = page.locator('[data-testid="stAlertContentSuccess"]')
        expect(done).to_have_text(re.compile(r"^C-1 acknowledged by Priya at \d{4}-\d\d-\d\d "))
        facts = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="Status:")
        expect(facts).to_contain_text("Status: acknowledged")
        expect(facts).to_contain_text(re.compile(r"Acknowledged: \d{4}-\d\d-\d\d \d\d:\d\d UTC"))
        shared.save_full_screenshot(page, shared.ARTIFACTS / "complaints.png")
