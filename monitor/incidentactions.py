"""What people do with an incident: comment on it, give it an owner, resolve it.

Each action is a note with who and when (``incident_notes``). Resolving closes the
incident at once (detection would close it only once the storm has calmed) and tells
the receivers that heard of it, as when detection closes it; if the storm goes on,
detection reopens it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from monitor.config import Config
from monitor.errors import InputError
from monitor.models import Incident
from monitor.store import Store
from monitor.store.incidents import get_incident
from monitor.store.schema import incident_notes, incidents

__all__ = [
    "IncidentNote",
    "assign_incident",
    "comment_incident",
    "describe",
    "incident_notes_of",
    "owner_of",
    "resolve_incident",
]

ACTIONS = ("comment", "assign", "resolve")


@dataclass(frozen=True)
class IncidentNote:
    incident_id: int
    at: datetime
    by: str
    action: str  # comment | assign | resolve
    text: str


def _found(store: Store, incident_id: int) -> Incident:
    incident = get_incident(store, incident_id)
    if incident is None:
        raise InputError(f"no incident {incident_id}: see 'monitor incidents list' for the ids")
    return incident


def _who(by: str | None) -> str:
    by = (by or "").strip()
    if not by:
        raise InputError("say who acts (--by NAME): every action is recorded with who did it")
    return by


def _note(store: Store, incident_id: int, at: datetime, by: str, action: str, text: str) -> None:
    row = {"incident_id": incident_id, "at": at, "by": by, "action": action, "text": text}
    with store.engine.begin() as conn:
        conn.execute(incident_notes.insert().values(**row))


def comment_incident(store: Store, incident_id: int, by: str, text: str, now: datetime) -> None:
    """Add a comment, e.g. "holding statement sent to press"."""
    _found(store, incident_id)
    text = " ".join((text or "").split())
    if not text:
        raise InputError("the comment is empty: write what happened or what is planned")
    _note(store, incident_id, now, _who(by), "comment", text)


def assign_incident(store: Store, incident_id: int, owner: str, by: str, now: datetime) -> None:
    """Make ``owner`` the one person who drives the response."""
    _found(store, incident_id)
    owner = " ".join((owner or "").split())
    if not owner:
        raise InputError("name the owner: the person who drives the response")
    _note(store, incident_id, now, _who(by), "assign", owner)


def resolve_incident(
    config: Config, store: Store, incident_id: int, by: str, now: datetime, note: str = ""
) -> Incident:
    """Close an open incident now, as handled; its receivers get the resolved notice.
    Returns the closed incident."""
    from monitor.alerts.enqueue import queue_alerts  # the alerts package imports models
    from monitor.detection import IncidentEvent

    incident = _found(store, incident_id)
    by = _who(by)
    if incident.status != "open":
        raise InputError(f"incident {incident_id} is already closed (since {incident.closed_at})")
    milestone = {"event": "closed", "at": now.isoformat(), "bucket": now.isoformat(), "by": by}
    details = {**incident.details, "events": [*incident.details.get("events", []), milestone]}
    with store.engine.begin() as conn:
        done = conn.execute(
            update(incidents)
            .where(incidents.c.id == incident_id, incidents.c.status == "open")
            .values(
                status="closed",
                closed_at=now,
                updated_at=now,
                details=json.dumps(details, ensure_ascii=False, default=str),
            )  # fmt: skip
        ).rowcount
        if not done:
            raise InputError(f"incident {incident_id} was closed meanwhile")
        row = {"incident_id": incident_id, "at": now, "by": by, "action": "resolve",
               "text": " ".join(note.split())}  # fmt: skip
        conn.execute(incident_notes.insert().values(**row))
    closed = _found(store, incident_id)
    queue_alerts(config, store, [IncidentEvent(closed, "closed", True)], now)
    return closed


def incident_notes_of(store: Store, incident_id: int) -> list[IncidentNote]:
    """An incident's notes, oldest first."""
    query = (
        select(incident_notes)
        .where(incident_notes.c.incident_id == incident_id)
        .order_by(incident_notes.c.at, incident_notes.c.id)
    )
    with store.engine.connect() as conn:
        return [
            IncidentNote(r.incident_id, r.at, r.by, r.action, r.text) for r in conn.execute(query)
        ]


def owner_of(notes: list[IncidentNote]) -> str | None:
    """The incident's owner: the latest assignment's."""
    owners = [n.text for n in notes if n.action == "assign"]
    return owners[-1] if owners else None


def describe(note: IncidentNote) -> str:
    """``Maria Chen assigned it to Dana Ruiz``, ``Dana Ruiz commented: ...``."""
    if note.action == "assign":
        return f"{note.by} made {note.text} its owner"
    if note.action == "resolve":
        return f"{note.by} resolved it" + (f": {note.text}" if note.text else "")
    return f"{note.by} commented: {note.text}"
