"""Untrusted text on the real dashboard in headless Chromium: shown as text, never run.

Mention titles, texts, authors and URLs, complaint records, an incident's summary and
samples, a source's last error, an alert's delivery error, an acknowledgement's note,
a silence's reason, and the address bar come from strangers (a post, a feed, a helpdesk
export, a link someone was sent). The store of tests/dashboard_data.py gets those
filled with payloads: ``<script>``, ``<img onerror>``, ``<iframe>``, a raw ``<a
href="javascript:">``, Markdown links to ``javascript:``, a Markdown image from a remote
host (a tracking pixel: it tells the post's author who reads it), LaTeX ``\\href``, an
autolink, HTML entities; and post URLs that are ``javascript:`` or ``data:``, or that
close the Markdown link they are put in and open an image.

Every page is visited in ``monitor dashboard`` (Overview, Incidents with the incident
open, Mentions with each payload post picked, Complaints with the payload record open,
Sources, Export, Reports opened by a reader's link, Alerts, Acknowledge), recording
every request, WebSocket and dialog. After each page settles:

- nothing set ``window.__pwned`` and no dialog opened;
- no request left the dashboard's own origin: no pixel, and no usage statistics to
  Streamlit's vendor (the server is started with ``STREAMLIT_BROWSER_GATHER_USAGE_STATS=true``
  in its environment, as a user's shell might have it: ``monitor dashboard`` turns it off);
- the payloads show as the literal text they are where the page shows them;
- no element of the page is a frame, a payload's script or inline handler, or loads
  from the remote host; no link, and no data-grid link cell (it opens its URL when
  clicked), points at ``javascript:``, ``vbscript:`` or ``data:text``.

Requests to anywhere but the dashboard are aborted, so a failing run stays on the machine.
The first tests pin the escaping helpers (``dashboard.format``) this relies on; they
need no browser.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import test_dashboard_browser as shared

from dashboard.format import code, link, plain, web_url
from monitor.config import Brand, load_config
from monitor.csreport import build_report
from monitor.earlywarning import early_warning
from monitor.linking import link_complaints
from monitor.match import BrandMatcher
from monitor.models import Analysis, Complaint, Item, Mention
from monitor.normalise import matched_text
from monitor.store import Store, open_store
from monitor.store.acks import record_ack
from monitor.store.alerts import due_alerts, enqueue_ops_alert, mark_failed
from monitor.store.complaints import upsert_complaint
from monitor.store.incidents import get_incident, save_incident
from monitor.store.mentions import assign_incident, save_items
from monitor.store.silences import add_silence
from monitor.store.sourcestate import record_failure

from dashboard_data import build_dashboard_db


def test_only_web_addresses_become_links():
    assert web_url(" https://news.example/a_(1)?q=<2>#top") == (
        "https://news.example/a_%281%29?q=%3C2%3E#top"  # ( ) cannot end the Markdown link
    )
    assert web_url("https://news.example/a) ![p](http://x.example/p.png") == (
        "https://news.example/a%29%20![p]%28http://x.example/p.png"
    )
    refused = ["javascript:alert(1)", " JaVaScRiPt:x", "java\tscript:x", "data:text/html,x",
               "/relative", "//host.example/x", "http:/x", "", None, float("nan")]  # fmt: skip
    assert [web_url(url) for url in refused] == [None] * len(refused)
    assert link("open", "javascript:alert(1)") == "open"
    assert link(plain("a_b"), "http://x.example/") == r"[a\_b](http://x.example/)"


def test_text_is_escaped_where_markdown_would_read_it():
    assert plain("<b>&amp; R&D</b> at 10:30, #3") == r"\<b\>\&amp; R&D\</b\> at 10:30, #3"
    assert plain("# big\nsee http://x.example/a_b or www.y.example") == (
        "\\# big\nsee http\\://x.example/a\\_b or www\\.y.example"
    )
    assert code("a`b") == "`` a`b ``"
    assert code("1`\n\n[x](javascript:y)") == "`` 1`  [x](javascript:y) ``"  # on one line


REMOTE = "198.51.100.7"  # TEST-NET-2, never routed: a request to it is only ever a leak
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "[click](javascript:window.__pwned=3)",
    f"![pixel](http://{REMOTE}/pixel.png)",
    f'<iframe src="http://{REMOTE}/frame"></iframe>',
    '<a href="javascript:window.__pwned=4">raw link</a>',
    "$\\href{javascript:window.__pwned=5}{x}$",
    "<javascript:window.__pwned=6>",
    "&lt;b&gt; &amp; &#x3C;i&#x3E;",
    '<svg onload="top.__pwned=9; alert(9)"></svg>',  # from a frame too
]
PAYLOAD = " ".join(PAYLOADS)
# a post's URL: a script to run, or one that closes the Markdown link it is put in
BAD_URLS = [
    "javascript:alert(1)",
    " JaVaScRiPt:window.__pwned=7",
    f"https://news.example/a) ![pixel](http://{REMOTE}/track.png",
    "data:text/html,<script>alert(2)</script>",
]
# from the address bar: a reader's name (recorded, then listed) and bad ids
READER = '<img src=x onerror="window.__pwned=2"> [click](javascript:window.__pwned=3)'
BAD_ID = f"1`[x](javascript:window.__pwned=8)`\n\n![p](http://{REMOTE}/id.png) <b>"

# what the page must not hold
SCHEME = r"^\s*(javascript|vbscript|data:text)"
LOADS = ["src", "srcset", "srcdoc", "data", "poster", "background", "action", "formaction"]
FIND_DANGER = """([schemePattern, remote, loadAttributes]) => {
  const bad = [], scheme = new RegExp(schemePattern, 'i');
  for (const el of document.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase();
    const frame = ['iframe', 'frame', 'object', 'embed'].includes(tag);
    if (frame || (tag === 'script' && el.textContent.includes('__pwned')))
      bad.push(el.outerHTML.slice(0, 120));
    for (const a of el.attributes) {
      const name = a.name.toLowerCase();
      const loads = loadAttributes.includes(name)
        && (a.value.includes(remote) || scheme.test(a.value));
      const handler = name.startsWith('on');  // React never writes an inline handler
      const link = (name === 'href' || name === 'xlink:href') && scheme.test(a.value);
      if (loads || handler || link) bad.push(`<${tag} ${name}="${a.value}">`);
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href]'))
    if (!['http:', 'https:', 'mailto:'].includes(a.protocol)) bad.push(`a link to ${a.href}`);
  for (const cell of document.querySelectorAll('[role="gridcell"]'))
    if (scheme.test(cell.textContent)) bad.push(`a data-grid cell holding ${cell.textContent}`);
  return bad;
}"""


def payload_title(n: int) -> str:
    return f"Acme Coffee payload {n}: {PAYLOAD}"


def payload_text(n: int) -> str:
    return f"{PAYLOAD}\nline two {PAYLOADS[n]}"


@dataclass(frozen=True)
class Seeded:
    """The store, and what of it the pages must show."""

    config_path: Path
    incident_id: int
    summary: str
    report_id: int


def _posts(brand: Brand, now: datetime) -> list[tuple[Item, list[Mention]]]:
    """The newest posts, one per bad URL, with every payload in the title, text and author,
    and the reach that makes them the posts to watch."""
    analysis = Analysis("en", -0.9, "negative", ("refund",), ("lawsuit",), ("lawsuit",))
    metrics = {"points": 50_000.0, "num_comments": 9_000.0}
    posts = []
    for n, url in enumerate(BAD_URLS):
        at = now - timedelta(minutes=1 + n)
        item = Item(key=f"payload-{n}", source="forum", url=url, title=payload_title(n),
                    text=payload_text(n), published_at=at, fetched_at=now, event_at=at,
                    analysis=analysis, author=PAYLOAD, metrics=metrics,
                    early_warning=early_warning(metrics, analysis))  # fmt: skip
        # matched as collection does: the real matcher over the title and text joined
        (found,) = BrandMatcher([brand]).match(matched_text(item.title, item.text))
        posts.append((item, [Mention(item.key, found.brand, found.alias, found.spans)]))
    return posts


def _incident(store: Store, incident_id: int, now: datetime) -> str:
    """The open incident quotes the payload posts; someone acknowledged it with a note."""
    assign_incident(store, "Acme Coffee", now - timedelta(minutes=10), now, incident_id)
    incident = get_incident(store, incident_id)
    assert incident is not None
    incident.summary = "Acme Coffee storm: " + PAYLOAD
    incident.details["samples"] = [
        {"title": payload_title(n), "sentiment": -0.9, "url": url} for n, url in enumerate(BAD_URLS)
    ]
    incident.details["top_terms"] = PAYLOADS[:3]
    save_incident(store, incident)
    record_ack(store, f"incident:{incident_id}", "Mallory " + PAYLOADS[0], "dashboard",
               now - timedelta(minutes=2), note=PAYLOAD)  # fmt: skip
    return incident.summary


def _ops(store: Store, now: datetime, error_limit: int) -> None:
    """A source failing with a payload error; an ops alert whose delivery failed with one;
    a silence set with a payload reason."""
    record_failure(store, "forum", now=now - timedelta(minutes=1),
                   next_check_at=now + timedelta(minutes=30), status=500,
                   error="HTTP 500: " + PAYLOAD, error_limit=error_limit)  # fmt: skip
    enqueue_ops_alert(store, "source:forum", "e1", "pr-lead", "failing", "warning",
                      {"summary": PAYLOAD}, now - timedelta(minutes=3))  # fmt: skip
    (alert,) = due_alerts(store, now, table="ops_alerts")
    mark_failed(store, alert["id"], "webhook answered 500: " + PAYLOAD, None, table="ops_alerts")
    add_silence(store, {"brand": ["Globex"]}, "planned " + PAYLOAD, "Mallory " + PAYLOADS[1],
                now - timedelta(minutes=5), now + timedelta(hours=2))  # fmt: skip


def build_payload_db(folder: Path) -> Seeded:
    """The dashboard's test store, with payloads in every field strangers write."""
    dataset = build_dashboard_db(folder)
    now, incident_id = dataset.now, dataset.incident.id
    assert incident_id is not None
    config = load_config(dataset.config_path)
    store = open_store(config.database)
    try:
        save_items(store, _posts(config.brands[0], now))
        summary = _incident(store, incident_id, now)
        for n in (1, 2):  # two alike, a cluster: the report quotes its first one's text
            record = Complaint(f"X-66{n}", now - timedelta(minutes=30 + n),
                               f"Acme Coffee {PAYLOAD}", brand="Acme Coffee", channel="email",
                               customer=PAYLOAD, category=PAYLOAD)  # fmt: skip
            upsert_complaint(store, record, config.complaints.sla, "helpdesk.csv")
        link_complaints(config, store, now)
        _ops(store, now, config.collect.error_limit)
        report = build_report(config, store, "week", now + timedelta(days=7), now)
        assert report.id is not None
    finally:
        store.close()
    return Seeded(dataset.config_path, incident_id, summary, report.id)


@dataclass
class Watch:
    """Everything one browser context asked for, and every dialog a page opened."""

    origin: str
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def own(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        return parts.scheme in ("http", "ws") and f"http://{parts.netloc}" == self.origin

    def attach(self, context, page) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        page.on("websocket", lambda socket: self.requests.append(socket.url))
        page.on("dialog", self._dialog)
        # recorded above, then never sent: a failing run still leaks nothing
        context.route(lambda url: not self.own(url), lambda route: route.abort())

    def _dialog(self, dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


MARKDOWN = '[data-testid="stMarkdownContainer"]'
CELL = '[role="gridcell"]'  # a data grid's cells, as it gives them to screen readers
SHOWS = """([selector, want, whole]) => [...document.querySelectorAll(selector)].some(e => {
  const text = e.innerText.split(/\\s+/).filter(Boolean).join(' ');
  return whole ? text === want : text.includes(want);
})"""


def flat(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Tab:
    """A browser tab on the dashboard: opens its pages, notes what they do not show as
    written, and checks that nothing ran or left the machine."""

    page: Any
    base: str
    seeded: Seeded
    watch: Watch
    misses: list[str] = field(default_factory=list)

    def open(self, path: str, heading: str) -> None:
        self.page.goto(self.base + path)
        self.page.get_by_role("heading", name=heading).first.wait_for()
        self.settle()

    def settle(self) -> None:
        """Wait until the script run is over and the browser has fetched what it shows."""
        self.page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]').wait_for()
        self.page.wait_for_load_state("networkidle")

    def shows(self, selector: str, expected: str, what: str, whole: bool = True) -> None:
        """Some element ``selector`` finds shows ``expected`` (all of its text, or within
        it), white space collapsed; waited for, as a data grid draws its cells late."""
        from playwright.sync_api import TimeoutError as Timeout

        want = flat(expected)
        try:
            self.page.wait_for_function(SHOWS, arg=[selector, want, whole], timeout=5_000)
        except Timeout:
            found = [flat(t) for t in self.page.locator(selector).all_inner_texts()]
            self.misses.append(f"{what}: {want!r} is not shown as written; shown: {found}")

    def check(self, where: str) -> None:
        """Every problem of the page at once: what ran, left, or is there to run or load;
        then what is not shown as written."""
        problems = []
        pwned = self.page.evaluate("String(window.__pwned)")
        if pwned != "undefined":
            problems.append(f"a payload ran: window.__pwned = {pwned}")
        if self.watch.dialogs:
            problems.append(f"a payload opened a dialog: {self.watch.dialogs}")
        foreign = sorted({url for url in self.watch.requests if not self.watch.own(url)})
        if foreign:
            problems.append(f"requests left {self.watch.origin}: {foreign}")
        danger = self.page.evaluate(FIND_DANGER, [SCHEME, REMOTE, LOADS])
        if danger:
            problems.append(f"the page holds what a payload made: {danger}")
        problems += self.misses
        self.misses = []
        assert not problems, f"{where}:\n- " + "\n- ".join(problems)


# -- the pages -------------------------------------------------------------------------


def overview(tab: Tab) -> None:
    tab.open("/", "Overview")
    tab.shows(MARKDOWN, tab.seeded.summary, "the open incident's summary")
    tab.check("Overview")


def incidents(tab: Tab) -> None:
    tab.open(f"/incidents?incident={quote(BAD_ID)}", "Incidents")
    tab.shows(MARKDOWN, f"incident={BAD_ID}", "the warning", whole=False)
    tab.check("Incidents, a bad id in the address")
    incident_id = tab.seeded.incident_id
    tab.open(f"/incidents?incident={incident_id}", f"#{incident_id} Acme Coffee")
    tab.shows(MARKDOWN, tab.seeded.summary, "the summary")
    for n in range(len(BAD_URLS)):
        tab.shows("li", f"{payload_title(n)} · -0.9", "a sample mention", whole=False)
    tab.shows("li", f"Acknowledged by Mallory {PAYLOADS[0]} at ", "who acknowledged", whole=False)
    tab.shows("li", f"via the dashboard: {PAYLOAD}", "the acknowledgement's note", whole=False)
    tab.page.get_by_role("tab", name="Linked mentions").click()
    tab.settle()
    tab.shows(CELL, payload_title(0), "the linked mentions")
    tab.check("Incidents, the payload incident open")


def mentions(tab: Tab) -> None:
    tab.open("/mentions", "Mentions")
    tab.shows(CELL, payload_title(0), "the table")
    for n in range(len(BAD_URLS)):
        tab.shows(MARKDOWN, payload_title(n), "the posts to watch", whole=False)
    tab.check("Mentions")
    for n in range(len(BAD_URLS)):  # each payload post read in full, in turn
        picker = tab.page.locator('[data-testid="stSelectbox"]').filter(has_text="Read a mention")
        picker.locator('[data-baseweb="select"]').click()
        tab.page.get_by_role("option").filter(has_text=f"payload {n}:").click()
        tab.page.locator(".mention-text p").filter(has_text=f"payload {n}:").wait_for()
        tab.settle()
        tab.shows(".mention-text p", payload_title(n), "its title")
        body = tab.page.locator(".mention-text div").inner_text()
        if body != payload_text(n):
            tab.misses.append(f"its text: {payload_text(n)!r} is shown as {body!r}")
        tab.check(f"Mentions, payload post {n} picked")


def complaints(tab: Tab) -> None:
    tab.open(f"/complaints?complaint={quote(BAD_ID)}", "Complaints")
    tab.shows(MARKDOWN, f"complaint={BAD_ID}", "the warning", whole=False)
    tab.check("Complaints, a bad id in the address")
    tab.open("/complaints?complaint=X-661", "X-661 · Acme Coffee")
    tab.shows(".complaint-text", f"Acme Coffee {PAYLOAD}", "its text")
    tab.shows(MARKDOWN, f"Customer: {PAYLOAD} · Category: {PAYLOAD}", "its fields", whole=False)
    tab.check("Complaints, the payload record open")


def sources(tab: Tab) -> None:
    tab.open("/sources", "Sources")
    tab.shows(CELL, "HTTP 500: " + PAYLOAD, "the last error")
    tab.check("Sources")


def export(tab: Tab) -> None:
    tab.open("/export", "Export")
    tab.check("Export")


def report(tab: Tab) -> None:
    tab.open(f"/report?id={quote(BAD_ID)}", "Reports")
    tab.shows(MARKDOWN, f"id={BAD_ID}", "the warning", whole=False)
    tab.check("Reports, a bad id in the address")
    tab.open(f"/report?id={tab.seeded.report_id}&reader={quote(READER)}", "Read by")
    tab.shows("td", f"Acme Coffee {PAYLOADS[0]}", "a cluster's complaint", whole=False)
    tab.shows("li", f"read by {READER} at ", "its readers", whole=False)
    tab.check("Reports, opened by a reader's link")


def alerts(tab: Tab) -> None:
    tab.open("/alerts", "Alerts")
    tab.shows(CELL, "planned " + PAYLOAD, "a silence's reason")
    tab.shows(CELL, "webhook answered 500: " + PAYLOAD, "a delivery error")
    tab.check("Alerts")


def acknowledge(tab: Tab) -> None:
    tab.open(f"/acknowledge?token={quote(BAD_ID)}", "Acknowledge")
    tab.check("Acknowledge, a bad token in the address")


PAGES: dict[str, Callable[[Tab], None]] = {
    "overview": overview, "incidents": incidents, "mentions": mentions,
    "complaints": complaints, "sources": sources, "export": export, "report": report,
    "alerts": alerts, "acknowledge": acknowledge,
}  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, Seeded]]:
    """``monitor dashboard`` on the payload store, with usage statistics asked for by its
    environment (the command line must turn them off)."""
    folder = tmp_path_factory.mktemp("safety")
    seeded = build_payload_db(folder)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "true")
        with shared.serve_dashboard(seeded.config_path, folder) as base:
            yield base, seeded


@pytest.fixture(scope="module")
def chromium():
    if not shared.CHROMIUM.exists():
        pytest.skip("headless Chromium not found at /usr/bin/chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=str(shared.CHROMIUM), args=shared.CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_untrusted_text_is_shown_never_run(name, site, chromium):
    base, seeded = site
    context = chromium.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        watch = Watch(base)
        watch.attach(context, page)
        PAGES[name](Tab(page, base, seeded, watch))
    finally:
        context.close()
