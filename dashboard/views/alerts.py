"""Alerts: what was sent, what was held back and why, who has not acknowledged, and the
silences in force.

The newest alerts of both outboxes (incident and ops) with a count per status and
filters by status and channel; the open incidents whose sent alerts nobody has
acknowledged since; the silences in force, a form to add one (what it matches, for how
long, why and who) and one to lift one early, for responders and admins
(``dashboard.access``). Changes run as button callbacks
(``monitor.store.silences``), recorded with the name typed; a missing reason or name
is refused with a message saying so.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import access, alerts_data, data
from dashboard.format import age, plain, utc
from dashboard.widgets import ALERT_COLUMNS, brand_names, choice
from monitor.alertsettings import KINDS, SEVERITIES
from monitor.durations import format_gap, parse_duration
from monitor.store.silences import LONGEST, add_silence, expire_silence

WHEN = "YYYY-MM-DD HH:mm"
STATUS_HELP = {
    "pending": "Queued: waiting for its group, the end of quiet hours, or a retry.",
    "sent": "Delivered to its channel.",
    "failed": "Given up after alerts.max_attempts tries: see its last error.",
    "silenced": "Matched a silence in force: recorded, never sent.",
    "inhibited": "Not sent: an open incident of the same brand covers it (alerts.inhibit).",
    "deduplicated": "Not sent: its receiver already knew (same severity, within "
    "repeat_interval), or a resolved notice about something it never heard of.",
}
NO_MATCHERS = (
    "Choose what to silence: at least one brand, kind, severity or channel (a silence "
    "matching everything would hide every alert)."
)
NO_REASON = "Give a reason: a silence without one cannot be reviewed."
NO_NAME = "Write your name: every silence is recorded with who set it."
NO_LIFTER = "Write your name: lifting a silence is recorded with who did it."
_FLASH = "silence_flash"  # [(kind, text)] the last silence action said, shown once
_MATCHERS = ("brand", "kind", "severity", "channel")
UNACKED_VIEW = [
    "incident", "brand", "severity", "channels", "first_sent_at", "waiting", "acknowledged_at",
]  # fmt: skip


def matches(matchers: dict[str, list[str]]) -> str:
    """``"brand Acme Coffee · kind safety, spike"``; ``"every alert"`` for none."""
    parts = [f"{key} {', '.join(matchers[key])}" for key in _MATCHERS if matchers.get(key)]
    return " · ".join(parts) or "every alert"


def silence_label(row: dict[str, Any]) -> str:
    return f"#{row['id']} · {matches(row['matchers'])} · until {utc(row['ends_at'])}"


def _flash() -> None:
    for kind, text in st.session_state.pop(_FLASH, []):
        (st.success if kind == "success" else st.error)(text)


def _status_counts(recent: pd.DataFrame) -> None:
    counts = recent["status"].value_counts()
    cols = st.columns(len(alerts_data.STATUSES))
    for col, status in zip(cols, alerts_data.STATUSES, strict=True):
        col.metric(status.capitalize(), int(counts.get(status, 0)), help=STATUS_HELP[status])
    st.caption(f"Over the newest {len(recent)} alerts of both outboxes (incident and ops).")


def _unacknowledged(now: datetime) -> None:
    st.subheader("Unacknowledged", anchor=False)
    waiting = alerts_data.unacknowledged()
    if waiting.empty:
        st.success("Every alert sent for an open incident has been acknowledged.")
        return
    view = waiting.assign(
        incident=waiting["incident_id"].map(lambda i: f"/incidents?incident={i}"),
        waiting=waiting["first_sent_at"].map(lambda t: age(t, now)),
    )
    st.dataframe(
        view[UNACKED_VIEW],
        hide_index=True,
        column_config={
            "incident": st.column_config.LinkColumn("incident", display_text=r"incident=(\d+)$"),
            "channels": "told",
            "first_sent_at": st.column_config.DatetimeColumn("first told (UTC)", format=WHEN),
            "acknowledged_at": st.column_config.DatetimeColumn(
                "last acknowledged (UTC)", format=WHEN, help="Before the alerts still waiting."
            ),
        },
    )
    st.caption("Open an incident to acknowledge it: that covers every alert sent for it so far.")


def _recent(recent: pd.DataFrame) -> None:
    st.subheader("Recent alerts", anchor=False)
    if recent.empty:
        st.info(
            "No alerts yet: they are queued when detection opens an incident (`monitor run`), "
            "for the channels under alerts.channels in sources.yaml."
        )
        return
    configured = [c.name for c in data.config().alerts.channels]
    channels = configured + sorted(set(recent["channel"]) - set(configured))
    cols = st.columns(2)
    with cols[0]:
        status = choice("Status", list(alerts_data.STATUSES), "alerts_status", any_label="All")
    with cols[1]:
        channel = choice("Channel", channels, "alerts_channel", any_label="All channels")
    shown = recent
    if status:
        shown = shown[shown["status"] == status]
    if channel:
        shown = shown[shown["channel"] == channel]
    if shown.empty:
        st.info("No alerts match these filters.")
        return
    st.dataframe(
        shown.drop(columns=["incident_id"]),
        hide_index=True,
        column_config=ALERT_COLUMNS,
    )


def _silences(now: datetime) -> None:
    st.subheader("Silences", anchor=False)
    _flash()
    every = alerts_data.silences()
    active = alerts_data.in_force(every, now)
    if not active:
        st.caption("No silence in force: every alert goes out as routed.")
    else:
        st.dataframe(
            pd.DataFrame([_silence_row(s, now) for s in active]),
            hide_index=True,
            column_config={
                "from": st.column_config.DatetimeColumn("from (UTC)", format=WHEN),
                "until": st.column_config.DatetimeColumn("until (UTC)", format=WHEN),
            },
        )
    if access.permit("silences"):  # responders and admins; a viewer reads only
        if active:
            _lift_form(active)
        _add_form()
    ended = [s for s in every if s not in active]
    with st.expander(f"Ended or lifted ({len(ended)})"):
        for s in ended:
            st.markdown(plain(_ended_line(s)))


def _silence_row(row: dict[str, Any], now: datetime) -> dict[str, Any]:
    return {
        "id": row["id"], "matches": matches(row["matchers"]), "reason": row["reason"],
        "set by": row["created_by"], "from": row["starts_at"], "until": row["ends_at"],
        "ends in": format_gap(row["ends_at"] - now),
    }  # fmt: skip


def _ended_line(row: dict[str, Any]) -> str:
    """``"#2 · brand Globex · until ... · planned outage · set by li, lifted by sam at ..."``."""
    line = f"{silence_label(row)} · {row['reason']} · set by {row['created_by']}"
    if row["expired_at"] is not None:
        line += f", lifted by {row['expired_by']} at {utc(row['expired_at'])}"
    return line


def _lift_form(active: list[dict[str, Any]]) -> None:
    rows = {s["id"]: s for s in active}
    with st.form("silence_lift"):
        cols = st.columns([3, 2, 1], vertical_alignment="bottom")
        cols[0].selectbox("Silence", list(rows), format_func=lambda i: silence_label(rows[i]),
                          key="silence_lift_id")  # fmt: skip
        with cols[1]:
            access.name_input("silence_lift_name", "Recorded with the change.")
        cols[2].form_submit_button("Lift silence", on_click=_lift)


def _lift() -> None:
    state = st.session_state
    if not access.allowed(access.current_user(), "silences"):
        return  # the form is not shown to those who may not; a stale one changes nothing
    by, silence_id = access.typed_name("silence_lift_name"), state.get("silence_lift_id")
    if not by:
        state[_FLASH] = [("error", NO_LIFTER)]
        return
    at = data.clock()
    done = _write(expire_silence, silence_id, by, at)
    if done is None:
        return
    state[_FLASH] = [
        ("success", plain(f"Silence #{silence_id} lifted by {by} at {utc(at)}: matching "
                          "alerts go out again.")) if done else
        ("error", f"Silence #{silence_id} had already ended or been lifted."),
    ]  # fmt: skip


def _add_form() -> None:
    config = data.config()
    with st.form("silence_add"):
        st.markdown("**Add a silence**: matching alerts are recorded, not sent, until it ends.")
        cols = st.columns(4)
        cols[0].multiselect("Brand", brand_names(), key="silence_brand")
        cols[1].multiselect("Kind", list(KINDS), key="silence_kind")
        cols[2].multiselect("Severity", list(SEVERITIES), key="silence_severity")
        cols[3].multiselect("Channel", [c.name for c in config.alerts.channels],
                            key="silence_channel")  # fmt: skip
        cols = st.columns(3)
        cols[0].text_input("For", value="2h", key="silence_for", help="e.g. 30m, 2h, 3d")
        cols[1].date_input("or until (UTC day)", value=None, key="silence_until_day")
        cols[2].time_input("at (UTC)", value=None, key="silence_until_time")
        cols = st.columns([3, 2, 1], vertical_alignment="bottom")
        cols[0].text_input("Reason", key="silence_reason", placeholder="e.g. planned outage")
        with cols[1]:
            access.name_input("silence_name", "Recorded with the silence.")
        cols[2].form_submit_button("Add silence", on_click=_add)


def _until(now: datetime) -> tuple[datetime | None, str | None]:
    """When the silence ends, from "or until" when given, else "For"; or the problem."""
    state = st.session_state
    day = state.get("silence_until_day")
    if day is not None:
        ends = datetime.combine(day, state.get("silence_until_time") or time(0), tzinfo=UTC)
    else:
        try:
            ends = now + parse_duration(str(state.get("silence_for") or "").strip())
        except ValueError as exc:
            return None, f"For: {exc}."
    if ends <= now:
        return None, f"It would end at {utc(ends)}, already past: choose a later end."
    if ends - now > LONGEST:
        return None, "A silence lasts 30 days at most: one longer hides real crises."
    return ends, None


def _add() -> None:
    state = st.session_state
    if not access.allowed(access.current_user(), "silences"):
        return  # as in _lift
    matchers = {key: list(state.get(f"silence_{key}") or []) for key in _MATCHERS}
    reason = " ".join(str(state.get("silence_reason") or "").split())
    by, now = access.typed_name("silence_name"), data.clock()
    ends, late = _until(now)
    problems = [] if any(matchers.values()) else [NO_MATCHERS]
    problems += ([] if reason else [NO_REASON]) + ([] if by else [NO_NAME])
    problems += [late] if late else []
    if problems:
        state[_FLASH] = [("error", text) for text in problems]
        return
    assert ends is not None
    silence_id = _write(add_silence, matchers, reason, by, now, ends)
    if silence_id is None:
        return
    for key in (*_MATCHERS, "reason"):
        state[f"silence_{key}"] = [] if key != "reason" else ""
    said = f"Silence #{silence_id} set by {by}: {matches(matchers)} until {utc(ends)}."
    state[_FLASH] = [("success", plain(said))]


def _write(fn: Any, *args: Any) -> Any:
    """Run a silence change; None (and the reason, flashed) when the database refused."""
    try:
        result = fn(data.current().store, *args)
    except (SQLAlchemyError, ValueError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        st.session_state[_FLASH] = [("error", plain(f"Not recorded: {reason}."))]
        return None
    alerts_data.forget()
    return result


st.title("Alerts")
now = data.clock()
recent = alerts_data.recent_alerts()
_status_counts(recent)
_unacknowledged(data.now())
_recent(recent)
_silences(now)
