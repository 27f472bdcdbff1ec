"""One complaint, read in full and acted on: its text, fields and history, and the
Acknowledge, Assign, Resolve, Reopen and Escalate (with its group) actions.

Actions go through ``monitor.ownership`` (the operations behind ``monitor complaints
ack|assign|resolve|reopen``), for responders and admins (``dashboard.access``), each
recorded with the name typed in "Your name" (the user's own when logged in) and the
time. They run as button callbacks, so the page that follows already shows the change:
the cached complaint reads are dropped, and one line says what happened or, as
``st.error``, why not (an ``ActionError``'s one-line message).
"""

from __future__ import annotations

import html
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import access, data
from dashboard.format import (
    SLA_COLORS,
    age,
    change_line,
    code,
    error_line,
    escalation,
    plain,
    sla_countdown,
    sla_state,
    utc,
)
from monitor import ownership
from monitor.errors import MonitorError

__all__ = [
    "complaint_label", "incident_link", "pick_complaint", "requested_complaint", "show_complaint",
]  # fmt: skip

_SHORT = 70  # characters of a complaint's text in the picker
_FLASH = "complaint_flash"  # what the last action said, shown once after it
_SHOWN = "complaint_shown"  # the complaint picked, kept across runs
_WRITTEN = "complaint_address"  # the ?complaint= this page wrote (not a new request)
ACTIONS = {  # button -> (monitor.ownership function, what the success line says)
    "Acknowledge": ("acknowledge", "acknowledged"),
    "Assign": ("assign", "assigned to {owner}"),
    "Resolve": ("resolve", "resolved"),
    "Reopen": ("reopen", "reopened"),
    "Escalate": ("escalate_group", "escalated with its group"),
}
NO_NAME = "Write your name first: every action is recorded with who took it and when."
NO_OWNER = "Choose an owner, or write the name of another person, to assign it to."


def incident_link(incident_id: Any) -> str | None:
    """The Incidents page's address for one incident (the link alerts carry), or None."""
    return None if pd.isna(incident_id) else f"/incidents?incident={int(incident_id)}"


def complaint_label(row: pd.Series, now: Any) -> str:
    """``"C-1001 · Acme Coffee · 4 h 5 min overdue · Lid came off, coffee…"``."""
    words = " ".join(str(row["text"] or "").split())
    short = words if len(words) <= _SHORT else words[: _SHORT - 1] + "…"
    when = "resolved" if row["resolved"] else sla_countdown(_time(row["sla_due_at"]), now)
    return f"{row['external_id']} · {row['brand'] or 'no brand'} · {when} · {short}"


def requested_complaint(everything: pd.DataFrame) -> int | None:
    """The complaint asked for by ``?complaint=`` (its helpdesk id or its number: the link
    an owner's notification carries), or None; a warning when there is no such one."""
    raw = st.query_params.get("complaint")
    if raw is None or raw == st.session_state.get(_WRITTEN):
        return None  # none asked for, or the address this page wrote itself
    for column in ("external_id", "id"):  # the helpdesk id wins, as in monitor.ownership
        hit = everything.loc[everything[column].astype(str) == raw, "id"]
        if not hit.empty:
            return int(hit.iloc[0])
    st.warning(f"{code(f'complaint={raw}')} in the address is not a complaint in this database.")
    return None


def pick_complaint(
    table: pd.DataFrame, now: Any, key: str, wanted: int | None = None
) -> pd.Series | None:
    """A selectbox over the table's complaints (by id), in its order; the picked row.

    The pick is remembered apart from the widget, whose choice Streamlit drops whenever its
    options change (a countdown ticks, an action moves a complaint): the same complaint
    stays open. ``wanted`` (asked for by the address) is picked; the pick goes back into
    the address (``?complaint=ID``), so it can be shared.
    """
    if table.empty:
        return None
    rows = table.set_index("id", drop=False)
    state = st.session_state
    chosen = wanted if wanted is not None else state.get(_SHOWN)
    if chosen in rows.index:
        state[key] = chosen
    picked = st.selectbox(
        "Open a complaint",
        rows.index.tolist(),
        format_func=lambda complaint_id: complaint_label(rows.loc[complaint_id], now),
        key=key,
        on_change=lambda: state.update({_SHOWN: state[key]}),
        help="Its full text and history, and the actions: acknowledge, assign, resolve, reopen.",
    )
    if picked is None:
        return None
    state[_SHOWN], state[_WRITTEN] = picked, str(picked)
    st.query_params["complaint"] = str(picked)
    return rows.loc[picked]


def show_complaint(row: pd.Series, now: Any) -> None:
    """The picked complaint: its SLA and fields, its text, its history, then the actions."""
    with st.container(border=True):
        st.subheader(f"{row['external_id']} · {row['brand'] or 'no brand'}", anchor=False)
        st.markdown(_sla_line(row, now))
        st.markdown(_facts(row, now))
        st.html(
            '<div class="complaint-text" style="white-space:pre-wrap">'
            + html.escape(str(row["text"] or ""))
            + "</div>"
        )
        _history(int(row["id"]))
        _actions(row)


def _time(value: Any) -> Any:
    return None if pd.isna(value) else value


def _sla_line(row: pd.Series, now: Any) -> str:
    if row["resolved"]:
        return f"**SLA:** resolved {utc(_time(row['resolved_at']))}"
    due = _time(row["sla_due_at"])
    countdown = sla_countdown(due, now)
    color = SLA_COLORS.get(sla_state(due, now, row["sla"]) or "")
    shown = f":{color}[**{countdown}**]" if color else f"**{countdown}**"
    return f"**SLA:** {shown} (due {utc(due)})"


def _facts(row: pd.Series, now: Any) -> str:
    lines = [
        f"**Status:** {plain(row['status'])} · **Owner:** {plain(row['owner'] or 'nobody')} · "
        f"**Escalation:** {plain(escalation(row['level'], row['tier']))} · "
        f"**Priority:** {plain(row['priority'])}"
        + (" · :red-badge[safety-critical]" if row["safety"] else ""),
        f"**Channel:** {plain(row['channel'])} · **Customer:** {plain(row['customer'] or '—')}"
        f" · **Category:** {plain(row['category'] or '—')}",
        f"**Filed:** {utc(row['created_at'])} ({age(row['created_at'], now)} ago) · "
        f"**Acknowledged:** {utc(_time(row['acknowledged_at']))}",
    ]
    link = incident_link(row["incident_id"])
    if link:
        score = "" if pd.isna(row["link_score"]) else f", score {row['link_score']:.2f}"
        reason = plain(row["link_reason"] or "no reason recorded")
        lines.append(f"**Incident:** [#{int(row['incident_id'])}]({link}) · {reason}{score}")
    if row["cluster_size"] > 1:
        lines.append(f"**Cluster:** {row['cluster_size']} complaints about the same issue")
    return "  \n".join(lines)


def _history(complaint_id: int) -> None:
    events = data.complaint_history(complaint_id)
    st.markdown(f"**History** · {len(events)} {'event' if len(events) == 1 else 'events'}")
    if events.empty:
        st.caption("No recorded changes (imported before the history was kept).")
        return
    st.dataframe(
        events.assign(changes=events["changes"].map(change_line)),
        hide_index=True,
        column_config={
            "at": st.column_config.DatetimeColumn("when (UTC)", format="YYYY-MM-DD HH:mm"),
            "actor": "who",
            "action": "what",
            "changes": "what changed",
        },
    )


def _owners() -> dict[str, str]:
    """The configured owners, each with its tier (a tier without owners owns itself)."""
    owners: dict[str, str] = {}
    for tier in data.config().complaints.tiers:
        for owner in tier.owners or [tier.name]:
            owners.setdefault(owner, tier.name)
    return owners


def _actions(row: pd.Series) -> None:
    message = st.session_state.pop(_FLASH, None)
    if message is not None:
        kind, text = message
        (st.success if kind == "success" else st.error)(text)
    if not access.permit("complaints"):
        return
    owners = _owners()
    fixed = access.acting_name()  # logged in: the user's own name, locked
    if fixed:
        st.session_state["complaint_actor"] = fixed
    with st.form("complaint_actions"):
        cols = st.columns(2)
        cols[0].text_input("Your name", key="complaint_actor", help="Recorded with the action.",
                           disabled=bool(fixed))  # fmt: skip
        cols[1].text_input("Note (optional)", key="complaint_note")
        cols = st.columns(2)
        cols[0].selectbox(
            "Assign to",
            list(owners),
            index=None,
            format_func=lambda o: o if owners[o] == o else f"{o} ({owners[o]})",
            placeholder="an owner from complaints.tiers",
            key="complaint_owner",
        )
        cols[1].text_input("or another person", key="complaint_other")
        buttons = st.columns(len(ACTIONS))
        for col, label in zip(buttons, ACTIONS, strict=True):
            col.form_submit_button(
                label, on_click=_act, args=(label, int(row["id"]), row["external_id"])
            )


def _act(label: str, complaint_id: int, external_id: str) -> None:
    """A button's callback: run the action, or say why not."""
    state = st.session_state
    if not access.allowed(access.current_user(), "complaints"):
        return  # the form is not shown to those who may not; a stale one changes nothing
    actor = access.acting_name() or (state.get("complaint_actor") or "").strip()
    note = (state.get("complaint_note") or "").strip() or None
    owner = (state.get("complaint_other") or "").strip() or state.get("complaint_owner")
    if not actor:
        state[_FLASH] = ("error", NO_NAME)
        return
    if label == "Assign" and not owner:
        state[_FLASH] = ("error", NO_OWNER)
        return
    name, done = ACTIONS[label]
    monitor, at = data.current(), data.clock()
    extra = {"owner": owner} if label == "Assign" else {}
    try:
        getattr(ownership, name)(
            monitor.config, monitor.store, complaint_id, actor=actor, now=at, note=note, **extra
        )
    except MonitorError as exc:  # ActionError: a one-line reason
        state[_FLASH] = ("error", plain(error_line(exc)))
        return
    data.forget_complaints()
    state["complaint_note"] = state["complaint_other"] = ""
    state[_FLASH] = (
        "success",
        plain(f"{external_id} {done.format(owner=owner)} by {actor} at {utc(at)}."),
    )
