"""Sources: is every feed, page and API being read? Failing ones first, with their error."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.format import ago

st.title("Sources")
table = data.sources()
if table.empty:
    st.info(
        "No sources configured: add them under `sources:` in sources.yaml, then run "
        "`monitor check-config`."
    )
    st.stop()

disabled = table["disabled"].fillna(False).astype(bool)
failing = (table["error_count"].fillna(0) > 0) & ~disabled
never = table["last_checked_at"].isna()
now = data.now()

cols = st.columns(4)
cols[0].metric("Sources", len(table))
cols[1].metric("Failing", int(failing.sum()), help="The last poll failed; it will be retried.")
cols[2].metric(
    "Disabled",
    int(disabled.sum()),
    help="Stopped after too many errors in a row: fix the cause, then run "
    "`monitor sources reset NAME`.",
)
cols[3].metric("Never polled", int(never.sum()))

if disabled.any() or failing.any():
    names = ", ".join(table.loc[disabled | failing, "name"])
    st.warning(f"Not collecting properly: {names}. Their last error is in the table below.")

state = table.assign(
    health=[
        "disabled" if d else "failing" if f else "not polled yet" if n else "ok"
        for d, f, n in zip(disabled, failing, never, strict=True)
    ],
    last_success=[ago(t, now) if pd.notna(t) else "never" for t in table["last_success_at"]],
)
order = {"disabled": 0, "failing": 1, "not polled yet": 2, "ok": 3}
state = state.sort_values("health", key=lambda s: s.map(order), kind="stable")
columns = [
    "health",
    "name",
    "type",
    "url",
    "last_checked_at",
    "last_success_at",
    "last_success",
    "next_check_at",
    "error_count",
    "last_error",
    "disabled",
    "items_seen",
    "mentions_added",
    "configured",
]
colors = {"disabled": "#fdecea", "failing": "#fff4e5"}
when = "YYYY-MM-DD HH:mm"
st.dataframe(
    state[columns].style.apply(
        lambda row: [f"background-color: {colors.get(row['health'], '')}"] * len(row), axis=1
    ),
    hide_index=True,
    column_config={
        "last_checked_at": st.column_config.DatetimeColumn("last checked (UTC)", format=when),
        "last_success_at": st.column_config.DatetimeColumn("last success (UTC)", format=when),
        "last_success": "ago",
        "next_check_at": st.column_config.DatetimeColumn("next check (UTC)", format=when),
        "error_count": st.column_config.NumberColumn("errors", format="%d"),
        "last_error": st.column_config.TextColumn("last error", width="large"),
        "url": st.column_config.LinkColumn("url"),
    },
)
if not state["configured"].all():
    st.caption(
        "Sources marked configured = false have state in the database but are no longer "
        "in sources.yaml; they are not polled."
    )
