"""The dashboard's entry point: ``streamlit run dashboard/app.py`` (``monitor dashboard``).

Reads the config named by ``MONITOR_CONFIG`` (default ``./sources.yaml``). A bad
config or an unusable database is shown as a one-line error, never a traceback.
Pages and their URLs: Overview ``/``, Incidents ``/incidents`` (``?incident=ID``
selects one: the link every alert carries), Alerts ``/alerts``, Mentions ``/mentions``,
Complaints ``/complaints``, Sources ``/sources``, Export ``/export``, Reports ``/report``
(``?id=N&reader=NAME``: the link a report's reader is sent; opening it is recorded),
Acknowledge ``/acknowledge?token=...`` (the one-click link in an alert; it is in the menu
because ``st.Page`` in the pinned Streamlit range cannot hide a page from it).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from dashboard import data
from dashboard.format import error_line
from monitor.errors import MonitorError

VIEWS = Path(__file__).resolve().parent / "views"

st.set_page_config(page_title="Crisis monitor", page_icon=":material/campaign:", layout="wide")


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
current = st.navigation(pages, position="top")

try:
    data.connect(os.environ.get("MONITOR_CONFIG", "sources.yaml"))
    current.run()
except MonitorError as exc:
    st.error(error_line(exc), icon=":material/error:")
    st.stop()
