"""Complaints: helpdesk and complaint-site records, their SLA clock and linked incident."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.widgets import brand_names, choice
from monitor.durations import format_duration

st.title("Complaints")
everything = data.complaints()
if everything.empty:
    st.info(
        "No complaint records yet: import a helpdesk export with "
        "`monitor complaints import FILE.csv`."
    )
    st.stop()

cols = st.columns(2)
with cols[0]:
    brand = choice("Brand", brand_names(), "complaints_brand", any_label="All brands")
with cols[1]:
    statuses = sorted(everything["status"].dropna().unique())
    status = choice("Status", statuses, "complaints_status", any_label="All")
table = data.complaints(brand=brand)
if status:
    table = table[table["status"] == status]
now = data.now()
unresolved = ~table["status"].str.lower().isin(["resolved", "closed", "done"])
overdue = unresolved & (table["sla_due_at"] < now)

metrics = st.columns(4)
metrics[0].metric("Records", len(table))
metrics[1].metric("Unresolved", int(unresolved.sum()))
metrics[2].metric("Past SLA", int(overdue.sum()), help="Unresolved and past their SLA due time.")
metrics[3].metric("Linked to an incident", int(table["incident_id"].notna().sum()))
if table.empty:
    st.info("No complaint records match these filters.")
    st.stop()

shown = table.assign(past_sla=overdue).sort_values("created_at", ascending=False)
st.dataframe(
    shown.style.apply(
        lambda row: ["background-color: #fdecea" if row["past_sla"] else ""] * len(row), axis=1
    ),
    hide_index=True,
    column_config={
        "created_at": st.column_config.DatetimeColumn("filed (UTC)", format="YYYY-MM-DD HH:mm"),
        "sla_due_at": st.column_config.DatetimeColumn("SLA due (UTC)", format="YYYY-MM-DD HH:mm"),
        "incident_id": st.column_config.NumberColumn("incident", format="%d"),
        "link_reason": "why linked",
        "past_sla": "past SLA",
    },
)
st.caption(
    f"SLA: {format_duration(data.config().complaints.sla)} from filing "
    "(complaints.sla). Open an incident on the Incidents page to see the complaints "
    "behind it."
)
