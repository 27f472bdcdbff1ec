"""Reports: the customer-service reports for leadership, and who opened them.

``/report?id=N&reader=NAME`` is the link each reader is sent (``monitor.csreport``): it
shows report N and records that NAME opened it, once per page load (the reruns of one
browser session do not count again; opening the link again does). ``/report`` alone
lists the stored reports, newest first; choosing one there records nothing, nor does a
read-only wall screen (``monitor dashboard --wall``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import access, data
from dashboard.format import code, plain, utc
from monitor.errors import StoreError
from monitor.store.csreports import get_report, list_reads, list_reports, record_read

READER_WIDTH = 100  # characters of ?reader= kept (it comes from the address bar)
_RECORDED = "report_reads_recorded"  # (report id, reader) pairs this session has recorded
T = TypeVar("T")


def _db(fn: Callable[..., T], *args: Any) -> T:
    """A read or write through the store; a database problem as a one-line StoreError."""
    try:
        return fn(data.current().store, *args)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        raise StoreError(f"cannot use the reports table: {reason}") from None


def requested_id() -> int | None:
    raw = st.query_params.get("id")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        st.warning(f"{code(f'id={raw}')} in the address is not a report number.")
        return None


def label(row: dict[str, Any]) -> str:
    what = "Week of" if row["kind"] == "week" else "Month of"
    return f"#{row['id']} {what} {row['period_start']:%Y-%m-%d} (built {utc(row['created_at'])})"


st.title("Reports")
listed = _db(list_reports)
if not listed:
    st.info(
        "No reports yet. The weekly customer-service report is built and sent each Monday "
        "from 08:00 UTC, the monthly one on the 1st; build one now with "
        "`monitor report build --kind week`."
    )
    st.stop()

wanted = requested_id()
ids = [row["id"] for row in listed]
if wanted is not None and wanted not in ids:
    st.warning(f"Report #{wanted} does not exist in this database; showing the latest.")
    wanted = None
rows = {row["id"]: row for row in listed}
chosen = st.selectbox(
    "Report", ids, index=ids.index(wanted) if wanted else 0, format_func=lambda i: label(rows[i])
)
if chosen != wanted:  # chosen here, not by a reader's link: an address to share, no reader
    st.query_params.clear()
    st.query_params["id"] = str(chosen)

reader = " ".join((st.query_params.get("reader") or "").split())[:READER_WIDTH]
if reader and chosen == wanted and not access.wall():  # a wall screen records nothing
    recorded = st.session_state.setdefault(_RECORDED, set())
    if (chosen, reader) not in recorded:  # once per page load, not on every rerun
        _db(record_read, chosen, reader, data.clock())
        recorded.add((chosen, reader))

report = _db(get_report, chosen)
if report is None:  # deleted since the list was read
    st.warning(f"Report #{chosen} is gone from this database.")
    st.stop()
st.html(report["html"])

st.subheader("Read by")
reads = _db(list_reads, chosen)
if not reads:
    st.caption("Nobody has opened this report from the link they were sent yet.")
else:
    st.markdown("\n".join(f"- read by {plain(r['reader'])} at {utc(r['at'])}" for r in reads))
st.caption(
    "A read is recorded when someone opens the link their channel was sent "
    "(`?reader=` names the channel); `monitor report reads` lists them too."
)
