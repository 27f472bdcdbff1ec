"""One incident, explained: what happened, how unusual, what people say, who was told
and who acknowledged it.

An open incident has an Acknowledge control, for responders and admins
(``dashboard.access``): the name typed in "Your name" (remembered for the session,
across pages; the user's own when logged in) is recorded with the time,
``via="dashboard"`` (``monitor.store.acks``). It runs as a button callback, so the page
that follows already shows the acknowledgement; an empty name is refused with a message.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import access, alerts_data, charts, data
from dashboard.format import ago, badges, complaint_note, link, plain, utc
from dashboard.incident_actions import incident_actions
from dashboard.widgets import ALERT_COLUMNS, MENTION_COLUMNS
from monitor.durations import format_gap
from monitor.explain import predating_sentence
from monitor.models import Incident
from monitor.store.acks import record_ack
from monitor.store.complaintlinks import summarise_predating
from monitor.store.mentions import MentionFilter
from monitor.timeline import timeline_summary

__all__ = [
    "NO_NAME", "ack_line", "ack_state", "show_incident",
]  # fmt: skip

_WHEN = "YYYY-MM-DD HH:mm"
_MENTION_VIEW = [
    "event_at", "source", "title", "sentiment_label", "lang", "complaint_terms", "risk_terms",
    "url",
]  # fmt: skip


def show_incident(incident: Incident, now: datetime) -> None:
    d = incident.details
    st.subheader(f"#{incident.id} {incident.brand}: {incident.severity}, {incident.status}")
    times = [
        f"began {utc(incident.began_at)} ({ago(incident.began_at, now)})",
        f"updated {ago(incident.updated_at, now)}",
    ]
    if incident.closed_at:
        times.append(f"closed {utc(incident.closed_at)}")
    st.caption(" · ".join(times))
    with st.container(border=True):
        st.markdown(plain(incident.summary) or "_No summary yet._")
    _acknowledgement(incident, now)
    incident_actions(incident)
    _numbers(incident, d)
    _timeline(incident)
    _terms(d)
    _breakdowns(d)
    _samples(d.get("samples", []))
    _predating(incident)
    mentions, complaints, alerts = st.tabs(["Linked mentions", "Linked complaints", "Alerts sent"])
    with mentions:
        _mentions(incident)
    with complaints:
        _complaints(incident)
    with alerts:
        _alerts(incident)


def _predating(incident: Incident) -> None:
    """The complaints filed before the storm, in one line: the story's first warning."""
    table = data.complaints(incident_id=incident.id)
    rows = zip(table["created_at"], table["status"], [None] * len(table), strict=True)
    found = summarise_predating(rows, incident.began_at)
    if found.count:
        st.warning(predating_sentence(found, incident.began_at), icon="\u23f0")


def _numbers(incident: Incident, d: dict[str, Any]) -> None:
    cols = st.columns(5)
    bucket = d.get("bucket", "bucket")
    cols[0].metric(
        f"Observed (per {bucket})",
        f"{incident.observed:g}",
        delta=f"{incident.observed - incident.expected:+.1f} vs expected",
        delta_color="inverse",
    )
    cols[1].metric("Expected", f"{incident.expected:.1f}")
    cols[2].metric(
        "Surprise score", f"{incident.score:.1f}", help=f"peak {incident.peak_score:.1f}"
    )
    cols[3].metric("Severity", incident.severity)
    cols[4].metric(
        "Negative share",
        f"{100 * d.get('negative_share', 0):.0f}%",
        help=f"{d.get('mentions', 0)} mentions, {d.get('complaints', 0)} complaints "
        "since the storm began",
    )
    signals = d.get("signals") or incident.kind.split("+")
    st.markdown("**Signals:** " + ", ".join(f"{s} spike" for s in signals))


def _timeline(incident: Incident) -> None:
    """Every step from the first related complaint to the closing, with the time between."""
    if incident.id is None:
        return
    entries = data.timeline(incident.id)
    lines = ["| When | After the previous step | What |", "| --- | --- | --- |"]
    previous = None
    for entry in entries:
        gap = "—" if previous is None else "+" + format_gap(entry.at - previous)
        lines.append(f"| {utc(entry.at)} | {plain(gap)} | {plain(entry.text)} |")
        previous = entry.at
    st.markdown("**Timeline** · " + plain(timeline_summary(entries)))
    st.markdown("\n".join(lines))


def _terms(d: dict[str, Any]) -> None:
    cols = st.columns(3)
    cols[0].markdown("**Top terms**  \n" + badges(d.get("top_terms", []), "blue"))
    cols[1].markdown("**Risk terms** (safety, legal)  \n" + badges(d.get("risk_terms", []), "red"))
    cols[2].markdown("**Complaint terms**  \n" + badges(d.get("complaint_terms", []), "orange"))


def _breakdowns(d: dict[str, Any]) -> None:
    sources = pd.DataFrame(d.get("sources", []), columns=["source", "mentions"])
    languages = pd.DataFrame(d.get("languages", []), columns=["lang", "mentions"])
    cols = st.columns(2)
    if not sources.empty:
        cols[0].altair_chart(
            charts.breakdown_chart(sources, "source", "mentions", "Sources"), width="stretch"
        )
    if not languages.empty:
        cols[1].altair_chart(
            charts.breakdown_chart(languages, "lang", "mentions", "Languages"), width="stretch"
        )


def _samples(samples: list[dict[str, Any]]) -> None:
    if not samples:
        return
    st.markdown("**Sample mentions** (most negative first)")
    st.markdown(
        "\n".join(
            f"- {plain(s['title'])} · {s['sentiment']} · {link('open', s['url'])}" for s in samples
        )
    )


def _mentions(incident: Incident) -> None:
    where = MentionFilter(incident_id=incident.id)
    total = data.totals(where)["mentions"]
    table = data.mention_table(where, limit=500)
    st.caption(
        f"{total} mentions linked to this incident"
        + (f"; showing the newest {len(table)}" if total > len(table) else "")
    )
    st.dataframe(
        table[_MENTION_VIEW],
        hide_index=True,
        column_config=MENTION_COLUMNS,
    )


def _complaints(incident: Incident) -> None:
    table = data.complaints(incident_id=incident.id)
    st.caption(complaint_note(table["created_at"].tolist(), incident.began_at))
    if table.empty:
        return
    st.dataframe(
        table[["external_id", "created_at", "status", "priority", "owner", "link_reason", "text"]],
        hide_index=True,
        column_config={"created_at": st.column_config.DatetimeColumn("filed (UTC)", format=_WHEN)},
    )


def _alerts(incident: Incident) -> None:
    """Who was told, and what was held back: each alert with its status and why."""
    if incident.id is None:
        return
    table = alerts_data.incident_alerts(incident.id)
    if table.empty:
        st.caption(
            "No alerts for this incident: alerts go out when an incident opens or turns "
            "critical, to the channels under alerts.channels in sources.yaml."
        )
        return
    st.caption(_alerts_note(table["status"].tolist()))
    st.dataframe(
        table,
        hide_index=True,
        column_config=ALERT_COLUMNS,
    )


def _alerts_note(statuses: list[str]) -> str:
    """``"3 alerts for this incident, 1 sent; 1 silenced, 1 deduplicated"``."""
    sent = statuses.count("sent")
    line = f"{len(statuses)} {'alert' if len(statuses) == 1 else 'alerts'} for this incident, "
    line += f"{sent} sent"
    others = [f"{statuses.count(s)} {s}" for s in alerts_data.STATUSES if s != "sent"]
    held = [o for o in others if not o.startswith("0 ")]
    return line + ("; " + ", ".join(held) if held else "")


# Acknowledgement

NO_NAME = "Write your name first: every acknowledgement is recorded with who made it and when."
_ACK_FLASH = "incident_ack_flash"  # what the last Acknowledge press said, shown once
_LINK_KIND = {"email": "email", "slack": "Slack", "teams": "Teams"}  # "via the email link"


def ack_line(ack: dict[str, Any], channel_types: dict[str, str]) -> str:
    """``"Acknowledged by Maria Chen at 2026-11-23 10:05 UTC via the email link sent to
    pr-lead-email"`` (or ``via the dashboard``, ``via the command line``), then its note."""
    how = {"dashboard": "via the dashboard", "cli": "via the command line"}.get(ack["via"])
    if how is None:  # a link from an alert
        channel = ack.get("channel")
        kind = _LINK_KIND.get(channel_types.get(channel or "", ""))
        link = f"the {kind} link" if kind else "the link"
        how = f"via {link} sent to {channel}" if channel else "via an alert's link"
    line = f"Acknowledged by {ack['by']} at {utc(ack['at'])} {how}"
    return f"{line}: {ack['note']}" if ack.get("note") else line


def ack_state(
    sent: list[tuple[str, datetime]], acks: list[dict[str, Any]], now: datetime
) -> tuple[bool | None, str]:
    """Whether the incident's sent alerts are acknowledged, and the line that says so.

    ``sent``: (channel, sent at) of each alert sent. An acknowledgement covers the alerts
    sent before it; any sent after the last one is not acknowledged. None: nothing sent
    and nothing acknowledged.
    """
    last = max((a["at"] for a in acks), default=None)
    waiting = [(channel, at) for channel, at in sorted(sent, key=lambda s: s[1])
               if last is None or at > last]  # fmt: skip
    if waiting:
        went = "an alert went to " if len(waiting) == 1 else "alerts went to "
        after = " after the last acknowledgement" if last is not None else ""
        return False, f"Not acknowledged: {went}{_told(waiting, now)}{after}"
    if acks:
        return True, "Acknowledged"
    return None, "No alert has been sent for this incident yet: nothing to acknowledge"


def _told(waiting: list[tuple[str, datetime]], now: datetime) -> str:
    """``"pr-lead-email and pr-slack at 10:00 UTC; exec-email at 11:30 UTC"``."""
    groups: dict[str, list[str]] = {}
    for channel, at in waiting:
        names = groups.setdefault(_clock(at, now), [])
        if channel not in names:
            names.append(channel)
    return "; ".join(f"{_and(names)} at {when}" for when, names in groups.items())


def _clock(moment: datetime, now: datetime) -> str:
    """``"10:00 UTC"`` today, ``"2026-11-22 10:00 UTC"`` another day."""
    return moment.strftime("%H:%M UTC") if moment.date() == now.date() else utc(moment)


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _acknowledgement(incident: Incident, now: datetime) -> None:
    """Whether the alerts sent were acknowledged, by whom and how; the Acknowledge form."""
    if incident.id is None:
        return
    acks = alerts_data.acknowledgements(alerts_data.subject_of(incident.id))
    is_open = incident.status == "open"
    if not is_open and not acks:
        return
    table = alerts_data.incident_alerts(incident.id)
    done = table[(table["status"] == "sent") & table["sent_at"].notna()]
    sent = list(zip(done["channel"], done["sent_at"], strict=True))
    with st.container(border=True):
        message = st.session_state.pop(_ACK_FLASH, None)
        if message is not None:
            kind, text = message
            (st.success if kind == "success" else st.error)(text)
        if is_open:
            acked, line = ack_state(sent, acks, now)
            color = {True: "green", False: "orange", None: "gray"}[acked]
            st.markdown(f":{color}[**{plain(line)}**]")
        types = {c.name: c.type for c in data.config().alerts.channels}
        if acks:
            st.markdown("\n".join(f"- {plain(ack_line(a, types))}" for a in acks))
        if is_open and access.permit("acknowledge"):
            _ack_form(incident.id)


def _ack_form(incident_id: int) -> None:
    with st.form("incident_ack", border=False):
        cols = st.columns([2, 3, 1], vertical_alignment="bottom")
        with cols[0]:
            access.name_input("incident_ack_name", "Recorded with the acknowledgement.")
        cols[1].text_input("Note (optional)", key="incident_ack_note")
        cols[2].form_submit_button(
            "Acknowledge",
            on_click=_acknowledge,
            args=(incident_id,),
            help="Say you have seen this incident's alerts: covers every alert sent so far.",
        )


def _acknowledge(incident_id: int) -> None:
    """The Acknowledge button's callback: record it with the name, or say why not."""
    state = st.session_state
    if not access.allowed(access.current_user(), "acknowledge"):
        return  # the form is not shown to those who may not; a stale one records nothing
    by = access.typed_name("incident_ack_name")
    if not by:
        state[_ACK_FLASH] = ("error", NO_NAME)
        return
    note = (state.get("incident_ack_note") or "").strip() or None
    at = data.clock()
    try:
        record_ack(data.current().store, alerts_data.subject_of(incident_id), by, "dashboard",
                   at, note=note)  # fmt: skip
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
        failed = f"Not recorded: cannot write to the database ({reason})."
        state[_ACK_FLASH] = ("error", plain(failed))
        return
    alerts_data.forget()
    state["incident_ack_note"] = ""
    done = f"Incident #{incident_id} acknowledged by {by} at {utc(at)}."
    state[_ACK_FLASH] = ("success", plain(done))
