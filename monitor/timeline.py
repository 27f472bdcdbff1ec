"""An incident's timeline: from the first related complaint to resolution.

The monitor exists because a complaint can sit unhandled for a day before a storm.
The timeline puts every step of one incident in time order, with what lay between:

- ``first_complaint``: the earliest complaint record linked to the incident;
- ``first_complaint_mention``: the earliest linked post that uses complaint terms;
- ``began``: the start of the first unusual bucket (``Incident.began_at``);
- ``opened``, ``escalated``, ``reopened``, ``closed``: as detection recorded them in
  ``details["events"]``; an incident from before that record has its ``opened_at``
  and ``closed_at`` only;
- ``alert_sent``, ``alert_failed``, ``alert_pending``, ``alert_not_sent``: the
  incident's alert outbox (not sent: silenced, inhibited or deduplicated, with why);
- ``acknowledged``: who acknowledged its alerts, when and how;
- ``note``: people's comments, owners and reasons for resolving (``incident_notes``);
- ``complaint_resolved``: linked complaint records with a resolved status, at their
  ``updated_at``.

:func:`incident_timeline` reads the store; :func:`timeline_summary` is pure.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.durations import format_gap
from monitor.incidentactions import describe, incident_notes_of
from monitor.models import Incident
from monitor.store import Store
from monitor.store.acks import acks_of
from monitor.store.alerts import list_alerts
from monitor.store.mentions import MentionFilter, mention_rows
from monitor.store.timeline import first_linked_complaint, resolved_linked_complaints

__all__ = ["KINDS", "TimelineEntry", "incident_timeline", "timeline_summary"]

# every kind of entry; entries at the same moment are listed in this order
KINDS = (
    "first_complaint",
    "first_complaint_mention",
    "began",
    "opened",
    "reopened",
    "escalated",
    "alert_sent",
    "alert_failed",
    "alert_pending",
    "alert_not_sent",
    "acknowledged",
    "note",
    "complaint_resolved",
    "closed",
)
_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_EVENTS = ("opened", "escalated", "reopened", "closed")  # "updated" is not a step
_EVENT_TEXT = {
    "opened": "The monitor opened the incident",
    "escalated": "The incident escalated to critical",
    "reopened": "The storm returned: the incident reopened",
    "closed": "The incident closed: the storm has calmed",
}
SNIPPET = 100  # characters of a complaint's text shown


@dataclass(frozen=True)
class TimelineEntry:
    """One step of an incident: when, what kind (one of ``KINDS``), and in plain words."""

    at: datetime
    what: str
    text: str
    ref: str | None = None  # complaint external id, alert channel, or post URL


def incident_timeline(store: Store, incident: Incident) -> list[TimelineEntry]:
    """The incident's steps in time order (see the module docstring for the kinds)."""
    entries = list(_incident_entries(incident))
    if incident.id is not None:
        entries += _complaint_entries(store, incident.id)
        entries += _mention_entries(store, incident.id)
        entries += _alert_entries(store, incident.id)
        entries += _ack_entries(store, incident.id)
        entries += _note_entries(store, incident.id)
    return sorted(entries, key=lambda e: (e.at, _RANK[e.what]))


def _incident_entries(incident: Incident) -> Iterator[TimelineEntry]:
    bucket = incident.details.get("bucket")
    which = f"first unusual {bucket} bucket" if bucket else "first unusual bucket"
    yield TimelineEntry(_utc(incident.began_at), "began", f"The storm began ({which})")
    events = _recorded_events(incident.details)
    for kind, at, by in events:
        yield TimelineEntry(
            at, kind, f"Resolved by {by}: the incident closed" if by else _EVENT_TEXT[kind]
        )
    kinds = [kind for kind, _, _ in events]
    if "opened" not in kinds:  # an incident from before detection recorded its events
        yield TimelineEntry(_utc(incident.opened_at), "opened", _EVENT_TEXT["opened"])
    states = [kind for kind in kinds if kind != "escalated"]
    if incident.closed_at is not None and (not states or states[-1] != "closed"):
        yield TimelineEntry(_utc(incident.closed_at), "closed", _EVENT_TEXT["closed"])


def _recorded_events(details: dict[str, Any]) -> list[tuple[str, datetime, str | None]]:
    """``(event, at, by)`` of the steps recorded in ``details["events"]`` (``by``: who
    resolved it, for a closing done by a person), in the order recorded; "updated" and
    malformed records are left out."""
    out = []
    for record in details.get("events") or []:
        if not isinstance(record, dict) or record.get("event") not in _EVENTS:
            continue
        at = _parse_time(record.get("at"))
        if at is not None:
            out.append((record["event"], at, record.get("by")))
    return out


def _complaint_entries(store: Store, incident_id: int) -> list[TimelineEntry]:
    out = []
    first = first_linked_complaint(store, incident_id)
    if first is not None:
        text = (
            f"First related complaint filed ({first['external_id']}, {first['channel']}): "
            f"“{_snippet(first['text'])}”"
        )
        out.append(
            TimelineEntry(_utc(first["created_at"]), "first_complaint", text, first["external_id"])
        )
    for record in resolved_linked_complaints(store, incident_id):
        waited = format_gap(record["updated_at"] - record["created_at"])
        text = (
            f"Complaint {record['external_id']} marked {record['status'].lower()}, "
            f"{waited} after it was filed"
        )
        out.append(
            TimelineEntry(
                _utc(record["updated_at"]), "complaint_resolved", text, record["external_id"]
            )
        )
    return out


def _mention_entries(store: Store, incident_id: int) -> list[TimelineEntry]:
    where = MentionFilter(incident_id=incident_id, complaint=True)
    for row in mention_rows(store, where, limit=1):
        about = row["title"] or row["text"]
        terms = ", ".join(row["complaint_terms"][:3])
        text = f"First complaining post ({row['source']}; {terms}): “{_snippet(about)}”"
        return [TimelineEntry(_utc(row["event_at"]), "first_complaint_mention", text, row["url"])]
    return []


def _alert_entries(store: Store, incident_id: int) -> list[TimelineEntry]:
    out = []
    for alert in list_alerts(store, incident_id=incident_id):
        channel = alert["channel"]
        about = f"incident {alert['event'].split()[0]}"  # "reopened 2026-..." -> "reopened"
        if alert["status"] == "sent":
            at = alert["sent_at"] or alert["created_at"]
            text = f"Alert sent to {channel} ({about})"
            out.append(TimelineEntry(_utc(at), "alert_sent", text, channel))
        elif alert["status"] == "failed":
            # a given-up alert keeps the time its last attempt was due
            tries = alert["attempts"]
            text = (
                f"Alert to {channel} ({about}) failed after {tries} "
                f"{'attempt' if tries == 1 else 'attempts'}: {alert['last_error']}"
            )
            out.append(TimelineEntry(_utc(alert["next_attempt_at"]), "alert_failed", text, channel))
        elif alert["status"] != "pending":  # silenced, inhibited, deduplicated
            text = f"Alert to {channel} ({about}) not sent: {alert['note'] or alert['status']}"
            out.append(TimelineEntry(_utc(alert["created_at"]), "alert_not_sent", text, channel))
        else:
            text = f"Alert to {channel} ({about}) queued, not delivered yet"
            if alert["note"]:  # held: quiet hours until ...
                text += f" ({alert['note']})"
            if alert["last_error"]:
                text += f" (last error: {alert['last_error']})"
            out.append(TimelineEntry(_utc(alert["created_at"]), "alert_pending", text, channel))
    return out


def _note_entries(store: Store, incident_id: int) -> list[TimelineEntry]:
    """Comments and owners (a resolving is the ``closed`` step, with its note here)."""
    out = []
    for note in incident_notes_of(store, incident_id):
        if note.action == "resolve" and not note.text:
            continue
        out.append(TimelineEntry(_utc(note.at), "note", describe(note), note.by))
    return out


_VIA = {
    "dashboard": "on the dashboard",
    "link": "with the link in an alert",
    "cli": "from the command line",
}


def _ack_entries(store: Store, incident_id: int) -> list[TimelineEntry]:
    out = []
    for ack in acks_of(store, f"incident:{incident_id}"):
        how = _VIA.get(ack["via"], ack["via"])
        if ack["via"] == "link" and ack["channel"]:
            how = f"with the link sent to {ack['channel']}"
        text = f"Acknowledged by {ack['by']} {how}" + (f": {ack['note']}" if ack["note"] else "")
        out.append(TimelineEntry(_utc(ack["at"]), "acknowledged", text, ack["by"]))
    return out


def timeline_summary(entries: Sequence[TimelineEntry]) -> str:
    """One sentence: how long before the opening the first complaint came, when
    executives were alerted, escalation and closing, e.g. "First complaint 1 d 2 h
    before the incident opened; executives alerted 5 min after opening (pr-lead);
    closed 2 d after opening."
    """
    opened = next((e for e in entries if e.what == "opened"), None)
    if opened is None:
        return ""
    parts = []
    complaints = [e for e in entries if e.what in ("first_complaint", "first_complaint_mention")]
    if complaints:
        first = min(complaints, key=lambda e: (e.at, _RANK[e.what]))
        noun = "First complaint" if first.what == "first_complaint" else "First complaining post"
        parts.append(f"{noun} {_relative(first.at, opened.at, 'the incident opened')}")
    parts.append(_alerted(entries, opened.at))
    acked = next((e for e in entries if e.what == "acknowledged"), None)
    if acked is not None:
        parts.append(f"acknowledged {_relative(acked.at, opened.at, 'opening')} ({acked.ref})")
    escalated = next((e for e in entries if e.what == "escalated"), None)
    if escalated is not None:
        parts.append(f"escalated {_relative(escalated.at, opened.at, 'opening')}")
    state = [e for e in entries if e.what in ("opened", "reopened", "closed")][-1]
    if state.what == "closed":
        parts.append(f"closed {_relative(state.at, opened.at, 'opening')}")
    elif state.what == "reopened":
        parts.append(f"reopened {_relative(state.at, opened.at, 'opening')}, still open")
    else:
        parts.append("still open")
    sentence = "; ".join(parts)
    return sentence[0].upper() + sentence[1:] + "."


def _alerted(entries: Iterable[TimelineEntry], opened: datetime) -> str:
    entries = list(entries)
    sent = [e for e in entries if e.what == "alert_sent"]
    if sent:
        channels = ", ".join(dict.fromkeys(e.ref or "" for e in sent))
        return f"executives alerted {_relative(sent[0].at, opened, 'opening')} ({channels})"
    failed = sum(e.what == "alert_failed" for e in entries)
    if failed:
        return f"no alert delivered ({failed} failed)"
    if any(e.what == "alert_pending" for e in entries):
        return "alert queued, not delivered yet"
    return "no alert sent"


def _relative(at: datetime, reference: datetime, what: str) -> str:
    """``"5 min after opening"``, ``"26 h before the incident opened"``."""
    gap = at - reference
    if abs(gap) < timedelta(minutes=1):
        return f"within a minute of {what}"
    return f"{format_gap(gap)} {'after' if gap > timedelta(0) else 'before'} {what}"


def _snippet(text: str) -> str:
    """The first ``SNIPPET`` characters or so, cut between words."""
    text = " ".join(text.split())
    if len(text) <= SNIPPET:
        return text
    cut = text[:SNIPPET]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(",.;:") + "…"


def _parse_time(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return _utc(value)
    try:
        return _utc(datetime.fromisoformat(str(value)))
    except ValueError:
        return None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
