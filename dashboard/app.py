"""The dashboard's entry point: ``streamlit run dashboard/app.py`` (``monitor dashboard``).

Reads the config named by ``MONITOR_CONFIG`` (default ``./sources.yaml``). A bad
config or an unusable database is shown as a one-line error, never a traceback.
Pages and their URLs: Overview ``/``, Incidents ``/incidents`` (``?incident=ID``
selects one: the link every alert carries), Alerts ``/alerts``, Mentions ``/mentions``,
Complaints ``/complaints``, Sources ``/sources``, Export ``/export``, Reports ``/report``
(``?id=N&reader=NAME``: the link a report's reader is sent; opening it is recorded),
Acknowledge ``/acknowledge?token=...`` (the one-click link in an alert; it is in the menu
because ``st.Page`` in the pinned Streamlit range cannot hide a page from it).

Every page but Acknowledge (whose signed token is its own credential) needs a login when
``dashboard.login`` is password or oidc: ``dashboard.access`` decides who is logged in and
what they may do, and shows the login form instead of the page until someone is.
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from dashboard import access, data
from dashboard.format import error_line
from monitor.errors import MonitorError

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="Crisis monitor", page_icon="📣", layout="wide")


def _page(name: str, title: str, icon: str, default: bool = False) -> st.Page:
    # url_path is the file's stem, so AppTest.switch_page("views/<name>.py") finds it too
    return st.Page(VIEWS / f"{name}.py", title=title, icon=icon, url_path=name, default=default)


pages = [
    _page("overview", "Overview", ":material/monitoring:", default=True),
    _page("incidents", "Incidents", ":material/warning:"),
    _page("alerts", "Alerts", ":material/notifications:"),
    _page("mentions", "Mentions", ":material/forum:"),
    _page("complaints", "Complaints", ":material/support_agent:"),
    _page("sources", "Sources", ":material/rss_feed:"),
    _page("export", "Export", ":material/download:"),
    _page("report", "Reports", ":material/summarize:"),  # ?id=N&reader=NAME: a reader's link
    _page("acknowledge", "Acknowledge", ":material/task_alt:"),  # ?token=...: an alert's link
]
try:
    data.connect(os.environ.get("MONITOR_CONFIG", "sources.yaml"))
    user = access.current_user()
    broken = None
except MonitorError as exc:
    user, broken = None, exc
# the menu only for someone logged in (or to show what is broken); every page is still
# reachable by its address, and access.gate puts the login form in front of it
current = st.navigation(pages, position="top" if user or broken else "hidden")


def _fail(exc: MonitorError) -> None:
    st.error(error_line(exc), icon=":material/error:")
    st.stop()


if broken is not None:
    _fail(broken)
try:
    access.gate(current.url_path)  # the login form instead of the page, unless logged in
    current.run()
except MonitorError as exc:
    _fail(exc)
