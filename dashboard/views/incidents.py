"""Incidents: the list, and the selected one explained.

``/incidents?incident=ID`` (the link in every alert) selects incident ID, whatever
the filters; choosing another incident updates the address, so it can be shared.
"""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.format import code, utc
from dashboard.incident_detail import show_incident
from dashboard.widgets import brand_names, choice

st.title("Incidents")


def requested_id() -> int | None:
    """The incident asked for by the Overview's button or by ``?incident=ID``."""
    handed = st.session_state.pop("incident_requested", None)
    if handed is not None:
        return int(handed)
    raw = st.query_params.get("incident")
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        st.warning(f"{code(f'incident={raw}')} in the address is not an incident number.")
        return None


cols = st.columns(2)
with cols[0]:
    status = choice("Status", ["open", "closed"], "incidents_status", any_label="All")
with cols[1]:
    brand = choice("Brand", brand_names(), "incidents_brand", any_label="All brands")
listed = data.incidents(brand=brand, status=status)
wanted = requested_id()
fresh = wanted != st.session_state.get("incident_shown")  # a new link, not our own address
if fresh and wanted is not None and wanted not in {i.id for i in listed}:
    found = data.incident(wanted)
    if found is None:
        st.warning(f"Incident #{wanted} does not exist in this database.")
    else:
        listed = [found, *listed]
if not listed:
    st.info(
        "No incidents match. Incidents open when detection finds a storm: run "
        "`monitor run` (or `monitor detect` after `monitor collect --once`), "
        "or clear the filters."
    )
    st.stop()

st.dataframe(
    data.incident_frame(listed).drop(columns=["summary", "score"]),
    hide_index=True,
    column_config={
        "began_at": st.column_config.DatetimeColumn("began (UTC)", format="YYYY-MM-DD HH:mm"),
        "expected": st.column_config.NumberColumn(format="%.1f"),
        "peak_score": st.column_config.NumberColumn("peak score", format="%.1f"),
    },
)
by_id = {i.id: i for i in listed}
ids = list(by_id)
chosen = st.selectbox(
    "Incident",
    ids,
    index=ids.index(wanted) if wanted in by_id else 0,
    format_func=lambda i: (
        f"#{i} {by_id[i].brand} · {by_id[i].severity} · {by_id[i].status}"
        f" · began {utc(by_id[i].began_at)}"
    ),
)
st.query_params["incident"] = str(chosen)
st.session_state["incident_shown"] = chosen
show_incident(by_id[chosen], data.now())
