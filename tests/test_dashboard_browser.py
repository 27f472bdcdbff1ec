"""The real dashboard in headless Chromium: ``monitor dashboard`` against a populated database.

Opens the Overview (brand, metrics, chart with the incident marker), then the link an
alert carries (``/incidents?incident=ID``), then one mention picked on the Mentions page
with its brand alias highlighted. A second test replays ``monitor demo`` and
photographs its crisis: that is the screenshot shown in the README.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard_data import build_dashboard_db

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
# The README's screenshot is refreshed with MONITOR_UPDATE_SCREENSHOT=1; otherwise the
# pictures go to tests/artifacts/ so a test run leaves the checkout clean.
ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "tests" / "artifacts"
README_SCREENSHOT = (
    ROOT / "docs" / "screenshot.png"
    if os.environ.get("MONITOR_UPDATE_SCREENSHOT") == "1"
    else ARTIFACTS / "demo-overview.png"
)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
START_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if process.poll() is not None:
            raise AssertionError(
                f"the dashboard exited with code {process.returncode}:\n{log.read_text()[-2000:]}"
            )
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"the dashboard did not answer at {url} within {START_TIMEOUT} s")
        time.sleep(0.2)  # polling interval, bounded by the deadline above


def save_full_screenshot(page, path: Path) -> None:
    """Streamlit scrolls inside its main container, so grow the window to the content first."""
    height = page.evaluate(
        "Math.max(...Array.from(document.querySelectorAll('*'), e => e.scrollHeight))"
    )
    page.set_viewport_size({"width": page.viewport_size["width"], "height": min(height, 5000)})
    path.parent.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path), full_page=True)


@pytest.fixture
def dashboard(tmp_path):
    """``monitor dashboard`` on a free port; yields (base URL, dataset)."""
    dataset = build_dashboard_db(tmp_path)
    with serve_dashboard(dataset.config_path, tmp_path) as base:
        yield base, dataset


@contextmanager
def serve_dashboard(config_path: Path, tmp_path: Path):
    """Run ``monitor dashboard`` for a config on a free port; yields its base URL."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    command = [sys.executable, "-m", "monitor", "--config", str(config_path),
               "dashboard", "--port", str(port)]  # fmt: skip
    log = tmp_path / "dashboard.log"
    with log.open("wb") as output:
        # its own process group: `monitor dashboard` runs streamlit as a child process
        process = subprocess.Popen(command, env=env, cwd=tmp_path, start_new_session=True,
                                   stdout=output, stderr=subprocess.STDOUT)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base + "/_stcore/health", process, log)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@pytest.fixture
def browser():
    if not CHROMIUM.exists():
        pytest.skip("headless Chromium not found at /usr/bin/chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def test_alert_link_and_overview_render_in_chromium(dashboard, browser):
    base, dataset = dashboard
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(20_000)

    # first visit to a fresh server is the link an alert carries, as an executive would
    page.goto(f"{base}/incidents?incident={dataset.closed.id}")
    page.get_by_role("heading", name="Incidents", exact=True).wait_for()
    page.get_by_text(dataset.closed.summary).wait_for()
    heading = page.get_by_role("heading", name=f"#{dataset.closed.id} Globex")
    assert heading.inner_text() == f"#{dataset.closed.id} Globex: warning, closed"
    assert page.url == f"{base}/incidents?incident={dataset.closed.id}"

    page.goto(base + "/")
    page.get_by_role("heading", name="Overview", exact=True).wait_for()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.locator("canvas, svg").first.wait_for()
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Mentions (24 h)")
    total = sum(dataset.mentions_24h.values())
    assert metric.locator('[data-testid="stMetricValue"]').inner_text() == str(total)
    page.get_by_text(dataset.incident.summary).wait_for()
    assert page.get_by_text(f"#{dataset.incident.id} Acme Coffee", exact=False).first.is_visible()
    assert page.get_by_text("Acme Coffee: mentions per hour, by sentiment").is_visible()
    save_full_screenshot(page, ARTIFACTS / "overview.png")

    page.get_by_role("button", name=f"Open incident #{dataset.incident.id}").click()
    page.get_by_role("heading", name=f"#{dataset.incident.id} Acme Coffee").wait_for()
    page.wait_for_url(f"{base}/incidents?incident={dataset.incident.id}")


def test_a_picked_mention_shows_where_the_brand_matched_in_chromium(dashboard, browser):
    from playwright.sync_api import expect  # waits until the page shows what is expected

    base, dataset = dashboard
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(20_000)
    page.goto(base + "/mentions")
    page.get_by_role("heading", name="Mentions", exact=True).wait_for()
    page.locator('[data-testid="stDataFrame"]').wait_for()

    # an analyst narrows the table to the storm, then reads one of its posts in full
    search = page.get_by_label("Text contains")
    search.fill("lawsuit")
    search.press("Enter")
    page.get_by_text("30 mentions match.", exact=False).wait_for()
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Read a mention")
    picker.locator('[data-baseweb="select"]').click()
    options = page.get_by_role("option")  # the newest first (a long list renders lazily)
    expect(options.first).to_have_text(
        re.compile(r"Acme Coffee recall\? Scalding coffee, lawsuit incoming$")
    )
    options.nth(1).click()
    # the second newest storm post replaces the newest one (whose text ends "Photos of...")
    shown = page.locator('[data-testid="stHtml"]')
    shown.get_by_text("Who else got hurt?", exact=False).wait_for()
    marks = shown.locator("mark")
    expect(marks).to_have_text(["Acme Coffee", "Acme Coffee"])  # in the title and text
    # safety terms stand out above the text, as a red badge
    page.get_by_text("Safety terms").wait_for()
    assert (
        page.locator('[data-testid="stMarkdownContainer"] span')
        .filter(has_text="lawsuit")
        .first.is_visible()
    )
    save_full_screenshot(page, ARTIFACTS / "mention.png")


def test_the_demo_crisis_shows_on_the_dashboard(tmp_path, browser):
    from monitor.demo.run import run_demo
    from monitor.store import open_store
    from monitor.store.incidents import list_incidents

    result = run_demo(tmp_path / "demo", speed=500, dashboard=False, keep_running=False,
                      echo=lambda line: None)  # fmt: skip
    (incident,) = list_incidents(open_store(result.config.database))
    with serve_dashboard(Path(result.config.path), tmp_path) as base:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(20_000)
        page.goto(base + "/")
        page.get_by_role("heading", name="Overview", exact=True).wait_for()
        page.locator('[data-testid="stVegaLiteChart"]').first.locator(
            "canvas, svg"
        ).first.wait_for()
        page.get_by_text(incident.summary).wait_for()
        assert page.get_by_text("Skyline Air: mentions per hour, by sentiment").is_visible()
        save_full_screenshot(page, README_SCREENSHOT)

        page.goto(f"{base}/incidents?incident={incident.id}")
        page.get_by_role("heading", name=f"#{incident.id} Skyline Air").wait_for()
        page.get_by_text("wheelchair").first.wait_for()
        save_full_screenshot(page, ARTIFACTS / "demo-incident.png")
