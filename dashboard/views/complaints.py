"""Complaints: the board of unresolved complaints, overdue first then the soonest due, with
their SLA countdown, owner, tier and linked incident; the resolved ones folded away; pick
one to read its history and acknowledge, assign, resolve or reopen it.

``/complaints?complaint=ID`` (the link in an owner's notification; ID is the number or
the helpdesk id) opens that complaint, whatever the filters.
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.complaint_detail import (
    incident_link,
    pick_complaint,
    requested_complaint,
    show_complaint,
)  # fmt: skip
from dashboard.format import age, escalation, sla_countdown, sla_state
from dashboard.widgets import brand_names, choice

# the SLA countdown's colour on the board: red when overdue, amber under a quarter left
SLA_CSS = {"overdue": "color: #d32f2f; font-weight: 600", "due soon": "color: #b26a00"}
WHEN = "YYYY-MM-DD HH:mm"
BOARD_VIEW = [
    "sla", "external_id", "brand", "channel", "priority", "safety", "owner", "level", "status",
    "age", "incident", "link_reason", "cluster_size", "text",
]  # fmt: skip
BOARD_COLUMNS = {
    "sla": st.column_config.TextColumn(
        "SLA", help="Red: overdue; amber: under a quarter of its SLA at this tier left."
    ),
    "external_id": "complaint",
    "safety": st.column_config.CheckboxColumn(
        "safety", help="Safety-critical: injury, death, violence or a legal threat."
    ),
    "level": st.column_config.TextColumn("escalation", help="Its tier in complaints.tiers."),
    "incident": st.column_config.LinkColumn("incident", display_text=r"incident=(\d+)$"),
    "link_reason": "why linked",
    "cluster_size": st.column_config.NumberColumn(
        "cluster", help="Complaints about the same issue, this one included."
    ),
}


def board_view(board: pd.DataFrame, now: datetime) -> pd.DataFrame:
    """The board's rows as shown: countdown, escalation and age as text, incident as a link."""
    due = board["sla_due_at"].map(lambda d: None if pd.isna(d) else d)
    view = board.assign(
        sla=due.map(lambda d: sla_countdown(d, now)),
        level=[escalation(lv, t) for lv, t in zip(board["level"], board["tier"], strict=True)],
        age=board["created_at"].map(lambda c: age(c, now)),
        incident=board["incident_id"].map(incident_link),
    )
    return view[BOARD_VIEW].reset_index(drop=True)


def sla_styles(board: pd.DataFrame, now: datetime) -> list[str]:
    """The CSS of each row's countdown (``SLA_CSS``), by its SLA state."""
    states = [
        sla_state(None if pd.isna(d) else d, now, sla)
        for d, sla in zip(board["sla_due_at"], board["sla"], strict=True)
    ]
    return [SLA_CSS.get(s or "", "") for s in states]


st.title("Complaints")
everything = data.complaint_board()
if everything.empty:
    st.info(
        "No complaint records yet: import a helpdesk export with "
        "`monitor complaints import FILE.csv`."
    )
    st.stop()
now = data.now()

cols = st.columns([2, 1, 1, 1, 1], vertical_alignment="bottom")
with cols[0]:
    brand = choice("Brand", brand_names(), "complaints_brand", any_label="All brands")
with cols[1]:
    statuses = sorted(everything.loc[~everything["resolved"], "status"].unique())
    status = choice("Status", statuses, "complaints_status", any_label="All")
with cols[2]:
    owners = sorted(everything["owner"].dropna().unique())
    owner = choice("Owner", owners, "complaints_owner", any_label="All")
with cols[3]:
    tiers = [t.name for t in data.config().complaints.tiers]
    tier = choice("Tier", tiers, "complaints_tier", any_label="All")
with cols[4]:
    overdue_only = st.checkbox("Overdue only", key="complaints_overdue")

table = data.complaint_board(brand)
for column, wanted in (("owner", owner), ("tier", tier)):
    if wanted:
        table = table[table[column] == wanted]
resolved = table[table["resolved"]].sort_values("resolved_at", ascending=False)
board = table[~table["resolved"]].sort_values(["sla_due_at", "created_at"], na_position="last")
if status:
    board = board[board["status"] == status]
overdue = board["sla_due_at"].notna() & (board["sla_due_at"] <= now)
if overdue_only:
    board, overdue = board[overdue], overdue[overdue]

metrics = st.columns(5)
metrics[0].metric("Unresolved", len(board))
metrics[1].metric("Overdue", int(overdue.sum()), help="Past their SLA due time.")
metrics[2].metric(
    "Safety-critical",
    int(board["safety"].sum()),
    help="Injury, death, violence or a legal threat: they start higher, with a shorter SLA.",
)
metrics[3].metric("Linked to incidents", int(board["incident_id"].notna().sum()))
median = (now - board["created_at"]).median()
metrics[4].metric("Median age", age(now - median, now) if len(board) else "—")
st.caption("Counted over the unresolved complaints that match the filters.")

if board.empty:
    st.info("No unresolved complaints match these filters.")
else:
    st.dataframe(
        board_view(board, now).style.apply(lambda _: sla_styles(board, now), subset=["sla"]),
        hide_index=True,
        column_config=BOARD_COLUMNS,
    )

with st.expander(f"Resolved ({len(resolved)})"):
    st.dataframe(
        resolved[["external_id", "brand", "owner", "created_at", "resolved_at", "text"]],
        hide_index=True,
        column_config={
            "external_id": "complaint",
            "created_at": st.column_config.DatetimeColumn("filed (UTC)", format=WHEN),
            "resolved_at": st.column_config.DatetimeColumn("resolved (UTC)", format=WHEN),
        },
    )

listed = pd.concat([board, resolved])
wanted = requested_complaint(everything)  # ?complaint=ID, from an owner's notification
if wanted is not None and wanted not in set(listed["id"]):
    listed = pd.concat([everything[everything["id"] == wanted], listed])
picked = pick_complaint(listed, now, key="complaints_pick", wanted=wanted)
if picked is not None:
    show_complaint(picked, now)
