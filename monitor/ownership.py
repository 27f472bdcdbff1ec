"""Ownership and escalation of complaint records: one owner, an SLA clock, up the tiers.

Every unresolved complaint has exactly one owner. :func:`assign_unowned` gives each
record without one the least-loaded owner of its tier (``complaints.tiers``; a tier
without owners is itself the owner, a queue). :func:`escalate_overdue` moves every
unresolved complaint past its SLA one tier up, to that tier's least-loaded owner with
a new SLA; at the top tier it stays and its breach is flagged once. People
:func:`acknowledge`, :func:`assign`, :func:`resolve` and :func:`reopen` complaints
(from the dashboard or ``monitor complaints ack|assign|resolve|reopen``).

Each change is one transaction together with its ``complaint_events`` entry (who, when,
what changed). A new owner is told through the alert channels named in
``complaints.notify``: the notification goes to the ops outbox, queued once, then
delivered and retried by the dispatcher whatever the channel's audience.

Concurrency: a change first takes the complaint's write lock (a no-op UPDATE: the row
on PostgreSQL, the database on SQLite), then reads the row afresh and decides, so two
workers running the same cycle escalate a complaint once and a person's action never
works on a stale record.

Errors: :class:`ActionError` (an :class:`~monitor.errors.InputError`): an unknown
complaint, no actor, or an action its state does not allow (resolving a resolved
complaint); its message is one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.engine import Connection

from monitor.alerts.message import complaint_payload
from monitor.alerts.routing import Labels
from monitor.complaintstatus import is_resolved, unresolved
from monitor.config import ComplaintSettings, Config, Tier
from monitor.errors import InputError
from monitor.store import Store
from monitor.store.alerts import enqueue_ops_alert, extend_pending_ops_alert
from monitor.store.complainthistory import Changes, record_event
from monitor.store.opsstate import ops_topic
from monitor.store.schema import complaint_events, complaints

__all__ = [
    "MONITOR",
    "TOP_TIER_NOTE",
    "ActionError",
    "Escalation",
    "acknowledge",
    "assign",
    "assign_unowned",
    "escalate_group",
    "escalate_overdue",
    "reopen",
    "resolve",
    "tier_sla",
]

MONITOR = "monitor"  # the actor of automatic assignments and escalations
TOP_TIER_NOTE = "past SLA at the top tier"
_FIRST_STATUSES = ("open", "new")  # statuses an acknowledgement moves on

Complaint = dict[str, Any]


class ActionError(InputError):
    """A complaint action cannot be done: unknown complaint, no actor, or a state that
    does not allow it."""


@dataclass(frozen=True)
class Escalation:
    """One complaint moved up a tier (or, at the top tier, flagged past its SLA)."""

    complaint_id: int
    external_id: str
    from_tier: str
    to_tier: str
    owner: str
    due: datetime  # the new SLA due time; at the top tier, the one it missed

    @property
    def at_top(self) -> bool:
        return self.from_tier == self.to_tier

    def describe(self) -> str:
        """One line, e.g. ``complaint ZD-12 escalated agent -> team lead: Maria, due ...``."""
        due = f"{self.due.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
        where = self.to_tier if self.owner == self.to_tier else f"{self.to_tier}: {self.owner}"
        if self.at_top:
            return (
                f"complaint {self.external_id} past its SLA at the top tier ({where}), "
                f"was due {due}"
            )
        return f"complaint {self.external_id} escalated {self.from_tier} -> {where}, due {due}"


def _unresolved():
    return unresolved(complaints.c.status)


def tier_sla(
    settings: ComplaintSettings, level: int, priority: str | None, safety: bool
) -> timedelta:
    """How long a complaint may stay at tier ``level``: the tier's ``sla``, else its
    priority's; a safety-critical one never longer than ``safety_sla``."""
    base = settings.sla_for(priority or "normal", safety)
    own = settings.tiers[level].sla
    if own is None:
        return base
    return min(own, base) if safety else own


# --- people's actions -----------------------------------------------------------------


def acknowledge(
    config: Config,
    store: Store,
    complaint: int | str,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> Complaint:
    """Record the first response: ``acknowledged_at`` (once) and status ``acknowledged``
    when it was ``open`` or ``new``. Returns the complaint as it is now."""
    actor = _actor(actor)
    with store.engine.begin() as conn:
        row = _lock(conn, complaint)
        _not_resolved(row, "acknowledge")
        if row["acknowledged_at"] is not None:
            raise ActionError(
                f"{row['external_id']} was already acknowledged at {_when(row['acknowledged_at'])}"
            )
        changes: Changes = {"acknowledged_at": (None, now)}
        if row["status"].lower() in _FIRST_STATUSES:
            changes["status"] = (row["status"], "acknowledged")
        return _apply(conn, row, changes, now, actor, "acknowledged", note)


def assign(
    config: Config,
    store: Store,
    complaint: int | str,
    owner: str,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> Complaint:
    """Make ``owner`` the complaint's one owner (replacing the previous one) and tell
    them through ``complaints.notify``. Returns the complaint as it is now."""
    actor = _actor(actor)
    owner = (owner or "").strip()
    if not owner:
        raise ActionError("name the new owner")
    with store.engine.begin() as conn:
        row = _lock(conn, complaint)
        _not_resolved(row, "assign")
        if row["owner"] == owner:
            raise ActionError(f"{row['external_id']} is already owned by {owner}")
        result = _apply(conn, row, {"owner": (row["owner"], owner)}, now, actor, "assigned", note)
        _notify(config, store, conn, result, "assigned", now)
    return result


def resolve(
    config: Config,
    store: Store,
    complaint: int | str,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> Complaint:
    """Close the complaint: status ``resolved``, ``resolved_at`` now (and, when nobody
    had acknowledged it, ``acknowledged_at`` too: resolving is a response)."""
    actor = _actor(actor)
    with store.engine.begin() as conn:
        row = _lock(conn, complaint)
        _not_resolved(row, "resolve")
        changes: Changes = {"status": (row["status"], "resolved"), "resolved_at": (None, now)}
        if row["acknowledged_at"] is None:
            changes["acknowledged_at"] = (None, now)
        return _apply(conn, row, changes, now, actor, "resolved", note)


def reopen(
    config: Config,
    store: Store,
    complaint: int | str,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> Complaint:
    """Reopen a resolved complaint: status ``open`` at its current tier and owner, with
    a new SLA from now."""
    actor = _actor(actor)
    settings = config.complaints
    with store.engine.begin() as conn:
        row = _lock(conn, complaint)
        if not is_resolved(row["status"]):
            raise ActionError(
                f"{row['external_id']} is not resolved (status {row['status']}): nothing to reopen"
            )
        level = _level(settings, row)
        due = now + tier_sla(settings, level, row["priority"], bool(row["safety"]))
        changes: Changes = {
            "status": (row["status"], "open"),
            "resolved_at": (row["resolved_at"], None),
            "sla_due_at": (row["sla_due_at"], due),
        }
        return _apply(conn, row, changes, now, actor, "reopened", note)


def escalate_group(
    config: Config,
    store: Store,
    complaint: int | str,
    actor: str,
    now: datetime,
    note: str | None = None,
) -> list[Complaint]:
    """Escalate a complaint now, with every unresolved complaint of its group (the same
    issue, ``cluster_id``): all move to one tier above the highest of them, under one
    owner, with a new SLA from now. Returns them as they are now, the picked one first."""
    actor = _actor(actor)
    settings = config.complaints
    with store.engine.begin() as conn:
        row = _lock(conn, complaint)
        _not_resolved(row, "escalate")
        head = row["cluster_id"] or row["id"]
        members = [row] + [
            _lock(conn, other)
            for other in conn.execute(
                select(complaints.c.id)
                .where(
                    or_(complaints.c.cluster_id == head, complaints.c.id == head),
                    complaints.c.id != row["id"],
                    _unresolved(),
                )
                .order_by(complaints.c.id)
            ).scalars()
        ]
        level = max(_level(settings, m) for m in members)
        if level == len(settings.tiers) - 1:
            raise ActionError(
                f"{row['external_id']} is at the top tier ({settings.tiers[level].name}) "
                "already: assign it to someone there instead"
            )
        up = settings.tiers[level + 1]
        owner = _least_loaded(conn, up)
        note = note or (f"with its group of {len(members)}" if len(members) > 1 else None)
        moved = []
        for member in members:
            changes = _moved_to(settings, member, level + 1, owner, now)
            moved.append(_apply(conn, member, changes, now, actor, "escalated", note))
        here = settings.tiers[level].name
        escalation = Escalation(
            row["id"], row["external_id"], here, up.name, owner, moved[0]["sla_due_at"]
        )
        _notify(config, store, conn, moved[0], "escalated", now, escalation)
    return moved


# --- the monitor's own moves ----------------------------------------------------------


def assign_unowned(config: Config, store: Store, now: datetime) -> int:
    """Give every unresolved complaint without an owner the least-loaded owner of its
    tier (or the tier itself when it names no owners). Returns how many were assigned."""
    settings = config.complaints
    query = (
        select(complaints.c.id)
        .where(or_(complaints.c.owner.is_(None), complaints.c.owner == ""), _unresolved())
        .order_by(complaints.c.created_at, complaints.c.id)
    )
    with store.engine.connect() as conn:
        ids = list(conn.execute(query).scalars())
    assigned = 0
    for complaint_id in ids:
        with store.engine.begin() as conn:
            row = _lock(conn, complaint_id)
            if row["owner"] or is_resolved(row["status"]):
                continue  # another worker or a person was quicker
            level = _level(settings, row)
            tier = settings.tiers[level]
            changes: Changes = {"owner": (row["owner"], _least_loaded(conn, tier))}
            changes |= _placement(settings, row, level)
            result = _apply(conn, row, changes, now, MONITOR, "assigned")
            _notify(config, store, conn, result, "assigned", now)
        assigned += 1
    return assigned


def escalate_overdue(config: Config, store: Store, now: datetime) -> list[Escalation]:
    """Move every unresolved complaint past its SLA one tier up, with a new owner and
    a new SLA from now; flag one at the top tier once per missed SLA.

    Safe to run as often as wanted and from several workers: the new SLA lies in the
    future, and each complaint is re-read under its lock before it moves.
    """
    query = (
        select(complaints.c.id)
        .where(complaints.c.sla_due_at < now, _unresolved(), ~_top_flagged().exists())
        .order_by(complaints.c.sla_due_at, complaints.c.id)
    )
    with store.engine.connect() as conn:
        ids = list(conn.execute(query).scalars())
    moved = []
    for complaint_id in ids:
        with store.engine.begin() as conn:
            found = _escalate_one(config.complaints, conn, complaint_id, now)
            if found is not None:
                escalation, row = found
                _notify(config, store, conn, row, "escalated", now, escalation)
                if escalation.at_top:
                    _route_breach(config, store, conn, row, escalation, now)
                moved.append(escalation)
    return moved


def _route_breach(
    config: Config,
    store: Store,
    conn: Connection,
    row: Complaint,
    escalation: Escalation,
    now: datetime,
) -> int:
    """A complaint past its SLA at the top tier is an alert of kind ``sla_breach``: the
    routing tree may send it to leadership (the default tree sends it nowhere more;
    its owner hears of it on ``complaints.notify``). Queued in the change's transaction."""
    from monitor.alerts.enqueue import routings  # the alerts package imports this module

    payload = complaint_payload(
        row, "escalated", config.alerts.dashboard_url, escalation.from_tier, breached=True
    )
    safety = bool(row["safety"])
    labels = Labels(row["brand"], payload["severity"], ("sla_breach", "safety") if safety
                    else ("sla_breach",))  # fmt: skip
    topic = ops_topic("breach", str(row["id"]))
    episode = escalation.due.astimezone(UTC).isoformat()
    subject = f"{topic}@{episode}"
    queued = 0
    for name, routing in routings(config, store, "ops_alerts", labels, subject, now):
        if name in config.complaints.notify:  # its owner's digest tells it already
            continue
        severity = labels.severity
        queued += enqueue_ops_alert(
            store, topic, episode, name, "sla_breach", severity, payload, now, conn, routing
        )
    return queued


def _escalate_one(
    settings: ComplaintSettings, conn: Connection, complaint_id: int, now: datetime
) -> tuple[Escalation, Complaint] | None:
    row = _lock(conn, complaint_id)
    due = row["sla_due_at"]
    if due is None or due >= now or is_resolved(row["status"]):
        return None  # moved by another worker, or handled meanwhile
    level = _level(settings, row)
    here = settings.tiers[level].name
    if level == len(settings.tiers) - 1:
        if _flagged_since(conn, complaint_id):
            return None
        changes = _placement(settings, row, level)
        if not row["owner"]:  # never assigned (no cycle ran yet): someone must hear of it
            changes["owner"] = (row["owner"], _least_loaded(conn, settings.tiers[level]))
        result = _apply(conn, row, changes, now, MONITOR, "escalated", TOP_TIER_NOTE)
        return Escalation(row["id"], row["external_id"], here, here, result["owner"], due), result
    up = settings.tiers[level + 1]
    owner = _least_loaded(conn, up)
    changes = _moved_to(settings, row, level + 1, owner, now)
    new_due = changes["sla_due_at"][1]
    result = _apply(conn, row, changes, now, MONITOR, "escalated")
    return Escalation(row["id"], row["external_id"], here, up.name, owner, new_due), result


def _moved_to(
    settings: ComplaintSettings, row: Complaint, level: int, owner: str, now: datetime
) -> Changes:
    """The changes that put a complaint at tier ``level`` under ``owner``, its SLA
    there counted from ``now``."""
    due = now + tier_sla(settings, level, row["priority"], bool(row["safety"]))
    return {
        "level": (row["level"], level),
        "tier": (row["tier"], settings.tiers[level].name),
        "owner": (row["owner"], owner),
        "sla_due_at": (row["sla_due_at"], due),
    }


def _flagged_since(conn: Connection, complaint_id: int) -> bool:
    """Whether the complaint's current missed SLA was flagged at the top tier (checked
    again under the lock: another worker may have flagged it since it was picked)."""
    query = select(complaints.c.id).where(complaints.c.id == complaint_id, _top_flagged().exists())
    return conn.execute(query).first() is not None


def _top_flagged():
    """The flag of a complaint's current missed SLA, as a correlated subquery: flagged
    complaints waiting at the top are not picked (and locked) again every cycle."""
    return select(complaint_events.c.id).where(
        complaint_events.c.complaint_id == complaints.c.id,
        complaint_events.c.action == "escalated",
        complaint_events.c.note == TOP_TIER_NOTE,
        complaint_events.c.at >= complaints.c.sla_due_at,
    )


# --- helpers --------------------------------------------------------------------------


def _level(settings: ComplaintSettings, row: Complaint) -> int:
    """The complaint's tier index; a record never placed starts where its safety says."""
    level = row["level"]
    if level is None:
        level = settings.start_level(bool(row["safety"]))
    return max(0, min(level, len(settings.tiers) - 1))


def _placement(settings: ComplaintSettings, row: Complaint, level: int) -> Changes:
    """Level, tier name and SLA for a record that lacks them (an older or unplaced row)."""
    changes: Changes = {}
    if row["level"] != level:
        changes["level"] = (row["level"], level)
    if row["tier"] != settings.tiers[level].name:
        changes["tier"] = (row["tier"], settings.tiers[level].name)
    if row["sla_due_at"] is None:
        sla = tier_sla(settings, level, row["priority"], bool(row["safety"]))
        changes["sla_due_at"] = (None, row["created_at"] + sla)
    return changes


def _least_loaded(conn: Connection, tier: Tier) -> str:
    """The tier's owner with the fewest unresolved complaints (ties: the first listed);
    a tier without owners is itself the owner."""
    if not tier.owners:
        return tier.name
    query = (
        select(complaints.c.owner, func.count())
        .where(complaints.c.owner.in_(tier.owners), _unresolved())
        .group_by(complaints.c.owner)
    )
    loads = dict(conn.execute(query).tuples().all())
    return min(tier.owners, key=lambda name: loads.get(name, 0))


def _lock(conn: Connection, complaint: int | str) -> Complaint:
    """Take the complaint's write lock, then read it afresh (see the module docstring)."""
    complaint_id = _find(conn, complaint)
    conn.execute(
        update(complaints).where(complaints.c.id == complaint_id).values(level=complaints.c.level)
    )
    return dict(
        conn.execute(select(complaints).where(complaints.c.id == complaint_id)).one()._mapping
    )


def _find(conn: Connection, complaint: int | str) -> int:
    """A complaint's id from its id or its helpdesk (external) id; the external id wins
    when a number could be either."""
    text = str(complaint).strip()
    if not isinstance(complaint, int):
        query = select(complaints.c.id).where(complaints.c.external_id == text)
        complaint_id = conn.execute(query).scalar()
        if complaint_id is not None:
            return complaint_id
    if text.isdigit():
        query = select(complaints.c.id).where(complaints.c.id == int(text))
        complaint_id = conn.execute(query).scalar()
        if complaint_id is not None:
            return complaint_id
    raise ActionError(f"no complaint {text}: see 'monitor complaints list' for the ids")


def _apply(
    conn: Connection,
    row: Complaint,
    changes: Changes,
    now: datetime,
    actor: str,
    action: str,
    note: str | None = None,
) -> Complaint:
    """Write the changes and their event in the caller's transaction; the new record."""
    if changes:
        values = {name: new for name, (_old, new) in changes.items()}
        conn.execute(update(complaints).where(complaints.c.id == row["id"]).values(**values))
    record_event(conn, row["id"], now, actor, action, changes, note)
    return row | {name: new for name, (_old, new) in changes.items()}


def _owner_topic(owner: str) -> str:
    """``owner:NAME``, within the width of an ops topic (``ops_topic``)."""
    return ops_topic("owner", owner)


def _digest_line(payload: dict) -> dict:
    """What a digest keeps of one more complaint."""
    keep = ("external_id", "brand", "priority", "safety", "due", "text", "link", "breached")
    return {k: payload[k] for k in keep}


def _notify(
    config: Config,
    store: Store,
    conn: Connection,
    row: Complaint,
    event: str,
    now: datetime,
    escalation: Escalation | None = None,
) -> int:
    """Queue the owner's notification on each ``complaints.notify`` channel (names not
    among ``alerts.channels`` are skipped), in the transaction of the change it tells
    of. Returns how many were queued."""
    configured = {channel.name for channel in config.alerts.channels}
    channels = [name for name in config.complaints.notify if name in configured]
    if not channels:
        return 0
    payload = complaint_payload(
        row,
        event,
        config.alerts.dashboard_url,
        previous_tier=escalation.from_tier if escalation else None,
        breached=bool(escalation and escalation.at_top),
    )
    # one message per owner and moment: a cycle that moves forty complaints to Maria
    # sends her one digest, not forty messages
    topic = _owner_topic(str(row["owner"]))
    episode = f"{event}:{now.astimezone(UTC):%Y%m%dT%H%M%SZ}"
    severity = payload["severity"]
    queued = 0
    for name in channels:
        if enqueue_ops_alert(store, topic, episode, name, event, severity, payload, now, conn):
            queued += 1
        else:
            extend_pending_ops_alert(
                conn, topic, episode, name, event, "more", _digest_line(payload)
            )
    return queued


def _actor(actor: str | None) -> str:
    actor = (actor or "").strip()
    if not actor:
        raise ActionError("say who acts (--by NAME): every action is recorded with who did it")
    return actor


def _not_resolved(row: Complaint, verb: str) -> None:
    if is_resolved(row["status"]):
        raise ActionError(
            f"cannot {verb} {row['external_id']}: it is {row['status']}; reopen it first"
        )


def _when(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
