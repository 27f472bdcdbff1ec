"""One incident, explained: what happened, how unusual, what people say, who was told."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard.format import ago, badges, complaint_note, plain, utc
from dashboard.widgets import MENTION_COLUMNS
from monitor.durations import format_gap
from monitor.explain import predating_sentence
from monitor.models import Incident
from monitor.store.complaintlinks import summarise_predating
from monitor.store.mentions import MentionFilter
from monitor.timeline import timeline_summary

__all__ = ["show_incident"]

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
        "\n".join(f"- {plain(s['title'])} · {s['sentiment']} · [open]({s['url']})" for s in samples)
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
    table = data.alerts(incident.id)
    if table.empty:
        st.caption(
            "No alerts for this incident: alerts go out when an incident opens or turns "
            "critical, to the channels under alerts.channels in sources.yaml."
        )
        return
    sent = int((table["status"] == "sent").sum())
    st.caption(
        f"{len(table)} {'alert' if len(table) == 1 else 'alerts'} for this incident, {sent} sent"
    )
    st.dataframe(table, hide_index=True)
