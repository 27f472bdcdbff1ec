"""Overview: how loud is each brand, how negative, and which storms are open."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from dashboard import charts, data
from dashboard.brand_status import show_brand_states
from dashboard.format import ago, percent, plain
from dashboard.widgets import NO_DATA, brand_names
from monitor.store.mentions import MentionFilter

RANGES = {  # label -> (how far back, chart bucket, bucket in words)
    "24 hours": (timedelta(days=1), timedelta(hours=1), "hour"),
    "3 days": (timedelta(days=3), timedelta(hours=1), "hour"),
    "7 days": (timedelta(days=7), timedelta(hours=3), "3 hours"),
    "30 days": (timedelta(days=30), timedelta(days=1), "day"),
}
ALL = "All brands"

st.title("Overview")
if not data.has_mentions():
    st.info(NO_DATA)
    st.stop()

left, right = st.columns([2, 3])
with left:
    picked = st.selectbox("Brand", [ALL, *brand_names()], key="overview_brand")
with right:
    # a radio, not st.segmented_control: AppTest cannot rerun a page holding the latter
    range_label = st.radio(
        "Time range", list(RANGES), index=1, horizontal=True, key="overview_range"
    )
brand = None if picked == ALL else picked
now = data.now()
span, bucket, per = RANGES[range_label]

day = data.totals(MentionFilter(brand=brand, since=now - timedelta(days=1)))
day_before = data.totals(
    MentionFilter(brand=brand, since=now - timedelta(days=2), until=now - timedelta(days=1))
)
open_incidents = data.incidents(brand=brand, status="open")
health = data.sources()
failing = health[health["health"].isin(["disabled", "blocked", "failing", "empty"])]

cols = st.columns(4)
cols[0].metric(
    "Mentions (24 h)",
    f"{day['mentions']:,}",
    delta=f"{day['mentions'] - day_before['mentions']:+,} vs the day before",
    delta_color="off",
)
cols[1].metric(
    "Negative share (24 h)",
    percent(day["negative"], day["mentions"]),
    help="Share of the last 24 hours' mentions with negative sentiment.",
)
cols[2].metric("Open incidents", len(open_incidents))
cols[3].metric(
    "Sources not collecting",
    f"{len(failing)} of {len(health)}",
    help="Sources whose last poll failed, that block the monitor (captcha, 403, robots.txt), "
    "that suddenly answer with no entries, or that were disabled after too many errors.",
)

st.subheader("Brands")
show_brand_states(brand_names() if brand is None else [brand])  # refreshes every minute

volume = data.volume(now - span, now + bucket, bucket, brand)
markers = data.incident_frame([i for i in data.incidents(brand=brand) if i.began_at >= now - span])
st.subheader("Volume and sentiment")
if volume.empty:
    st.info(f"No mentions in the last {range_label}: pick a longer time range.")
for name in sorted(volume["brand"].unique()):
    chart = charts.volume_chart(
        volume[volume["brand"] == name],
        markers[markers["brand"] == name],
        bucket,
        f"{name}: mentions per {per}, by sentiment",
    )
    st.altair_chart(chart, width="stretch")
if not volume.empty:
    st.altair_chart(
        charts.sentiment_chart(volume, f"Share of negative mentions per {per}"), width="stretch"
    )

st.subheader("Open incidents")
if not open_incidents:
    st.success("No open incidents.")
for incident in open_incidents:
    with st.container(border=True):
        st.markdown(
            f"**#{incident.id} {incident.brand}** · {incident.severity} · "
            f"began {ago(incident.began_at, now)}"
        )
        st.markdown(plain(incident.summary))
        if st.button(f"Open incident #{incident.id}", key=f"open_{incident.id}"):
            st.session_state["incident_requested"] = incident.id
            st.switch_page("views/incidents.py")
