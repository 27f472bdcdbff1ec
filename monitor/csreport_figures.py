"""The figures of the customer-service report (``monitor/csreport.py``), for one period.

What each figure counts (the report says it again, one line per section), for the
period ``[start, end)``:

- received: complaints filed (``created_at``) in the period; resolved: complaints
  resolved in it; still open at the end: filed before the end and not resolved before
  it. A complaint's resolution time is its ``resolved_at``; a record whose status says
  resolved (``resolved``, ``closed``, ``done``) without one falls back to its last
  ``resolved`` event, then to its ``updated_at`` (an export's last change); with none
  of those it counts neither as resolved in a period nor as open;
- time to first response: ``acknowledged_at - created_at``; when ``acknowledged_at``
  is NULL, the first ``acknowledged`` or ``assigned`` event by a person (an actor other
  than ``monitor`` or ``import:FILE``). The median over first responses made in the
  period;
- time to resolution: resolution time - ``created_at``, the median over the period's
  resolutions;
- SLA breaches by tier: every SLA due time a complaint had (its ``sla_due_at``, and
  each old or new ``sla_due_at`` its history's changes name, as ``escalated`` and
  ``reopened`` events do) that fell in the period, was still its due time then (not
  replaced before), and passed with the complaint unresolved (the last ``resolved`` or
  ``reopened`` event before it decides, else its resolution time). Each is counted at
  the tier the complaint was at then (the ``tier``/``level`` changes of its history;
  ``escalated`` events move it up), so a complaint escalated twice is two breaches at
  two tiers, and one flagged at the top tier is one breach there;
- who resolved how many: the actor of the last ``resolved`` event of each complaint
  resolved in the period; when that is not a person (an import) or there is none,
  the complaint's owner;
- pain points: the top terms of the complaints received in the period
  (:func:`monitor.explain.top_terms`, brand names and aliases left out) and their
  largest clusters (``cluster_id``; two complaints of the period or more);
- incidents: public incidents active in the period (begun before its end, not closed
  before its start) with complaints linked to them: how many, how many were filed
  before the storm began, how long before it the oldest of those was, and how many of
  those were still unresolved (``resolved_at``) when it began.

Records are read as they are when the report is built; a due time after ``now`` is not
a breach yet.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from monitor.complaintstatus import is_resolved
from monitor.config import Config
from monitor.explain import top_terms
from monitor.store import Store
from monitor.store.csreports import (
    complaint_texts,
    linked_complaints,
    period_complaints,
    period_events,
)

__all__ = [
    "Cluster",
    "Figures",
    "LinkedIncident",
    "Median",
    "Volume",
    "compute_figures",
]

TOP_TERMS = 10
TOP_CLUSTERS = 5
_NOT_PEOPLE = ("monitor", "system", "")


@dataclass(frozen=True)
class Volume:
    received: int = 0
    resolved: int = 0
    open_at_end: int = 0


@dataclass(frozen=True)
class Median:
    value: timedelta | None  # None when nothing was measured
    count: int = 0
    from_events: int = 0  # first responses read from the history (no acknowledged_at)


@dataclass(frozen=True)
class Cluster:
    id: int  # the complaint that heads it
    complaints: int  # of the period's complaints
    open_at_end: int
    brand: str | None
    text: str  # the head complaint's text, as the customer wrote it


@dataclass(frozen=True)
class LinkedIncident:
    incident_id: int
    brand: str
    began_at: datetime
    complaints: int
    before: int  # filed before the storm began
    oldest_before: timedelta | None  # how long before it the oldest of those was filed
    unresolved_at_start: int  # of those, still unresolved when it began


@dataclass(frozen=True)
class Figures:
    total: Volume
    by_brand: dict[str, Volume]
    by_channel: dict[str, Volume]
    first_response: Median
    resolution: Median
    breaches: dict[str, int]  # tier name -> breaches, in the tiers' order
    resolvers: list[tuple[str, int]]
    terms: list[tuple[str, int]]
    clusters: list[Cluster]
    incidents: list[LinkedIncident]


@dataclass
class _Case:
    """One complaint with its history, and the moments the report reads from them."""

    row: dict[str, Any]
    events: list[dict[str, Any]] = field(default_factory=list)
    responded: datetime | None = None
    response_from_event: bool = False
    resolved: datetime | None = None
    closed: bool = False  # resolved now, whether or not its time is known

    def resolved_before(self, moment: datetime) -> bool:
        return self.resolved is not None and self.resolved < moment


def compute_figures(
    config: Config, store: Store, start: datetime, end: datetime, now: datetime
) -> Figures:
    cases = _cases(store, start, end)
    received = [c for c in cases if start <= c.row["created_at"] < end]
    resolved = [c for c in cases if c.resolved is not None and start <= c.resolved < end]
    responded = [c for c in cases if c.responded is not None and start <= c.responded < end]
    return Figures(
        total=_volume(cases, start, end),
        by_brand=_volumes(cases, start, end, "brand"),
        by_channel=_volumes(cases, start, end, "channel"),
        first_response=Median(
            _median([c.responded - c.row["created_at"] for c in responded]),  # type: ignore[operator]
            len(responded),
            sum(c.response_from_event for c in responded),
        ),
        resolution=Median(
            _median([c.resolved - c.row["created_at"] for c in resolved]),  # type: ignore[operator]
            len(resolved),
        ),
        breaches=_breaches(config, cases, start, min(end, now)),
        resolvers=Counter(_resolver(c) for c in resolved).most_common(),
        terms=top_terms(
            (c.row["text"] for c in received),
            exclude=[t for b in config.brands for t in b.terms],
            limit=TOP_TERMS,
        ),
        clusters=_clusters(store, received, end),
        incidents=_incidents(store, start, end),
    )


def _cases(store: Store, start: datetime, end: datetime) -> list[_Case]:
    history: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for event in period_events(store, start, end):
        history[event["complaint_id"]].append(event)
    cases = []
    for row in period_complaints(store, start, end):
        case = _Case(row, history.get(row["id"], []))
        case.responded, case.response_from_event = _first_response(case)
        case.closed = row["resolved_at"] is not None or is_resolved(row["status"])
        case.resolved = _resolution(case) if case.closed else None
        cases.append(case)
    return cases


def _is_person(actor: str) -> bool:
    return actor.strip().lower() not in _NOT_PEOPLE and not actor.startswith("import:")


def _first_response(case: _Case) -> tuple[datetime | None, bool]:
    if case.row["acknowledged_at"] is not None:
        return case.row["acknowledged_at"], False
    for event in case.events:
        if event["action"] in ("acknowledged", "assigned") and _is_person(event["actor"]):
            return event["at"], True
    return None, False


def _resolution(case: _Case) -> datetime | None:
    if case.row["resolved_at"] is not None:
        return case.row["resolved_at"]
    done = [e["at"] for e in case.events if e["action"] == "resolved"]
    return done[-1] if done else case.row["updated_at"]


def _resolver(case: _Case) -> str:
    done = [e for e in case.events if e["action"] == "resolved"]
    if done and _is_person(done[-1]["actor"]):
        return done[-1]["actor"]
    return case.row["owner"] or "(no owner)"


def _median(spans: list[timedelta]) -> timedelta | None:
    if not spans:
        return None
    seconds = statistics.median(max(0.0, s.total_seconds()) for s in spans)
    return timedelta(seconds=round(seconds))


def _volume(cases: list[_Case], start: datetime, end: datetime) -> Volume:
    return Volume(
        received=sum(start <= c.row["created_at"] < end for c in cases),
        resolved=sum(c.resolved is not None and start <= c.resolved < end for c in cases),
        open_at_end=_open(cases, end),
    )


def _open(cases: list[_Case], end: datetime) -> int:
    """Filed before the end and not resolved before it (a record whose status says
    resolved but whose time is unknown is not counted as open)."""
    return sum(
        c.row["created_at"] < end
        and not c.resolved_before(end)
        and not (c.closed and c.resolved is None)
        for c in cases
    )


def _volumes(cases: list[_Case], start: datetime, end: datetime, key: str) -> dict[str, Volume]:
    groups: dict[str, list[_Case]] = defaultdict(list)
    for case in cases:
        groups[case.row[key] or "(none)"].append(case)
    volumes = {name: _volume(group, start, end) for name, group in groups.items()}
    return dict(sorted(volumes.items(), key=lambda kv: (-kv[1].received, kv[0])))


def _when(value: Any) -> datetime | None:
    """A time from an event's changes (ISO 8601 text) or a row (a datetime)."""
    if value is None or isinstance(value, datetime):
        return value
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _tier_name(config: Config, tier: Any, level: Any, safety: bool) -> str:
    """A tier's name as recorded, else from its level; a record never placed is where
    it starts (as ``monitor.ownership`` reads it)."""
    if tier:
        return str(tier)
    names = [t.name for t in config.complaints.tiers]
    index = level if isinstance(level, int) else config.complaints.start_level(safety)
    return names[index] if 0 <= index < len(names) else f"level {index}"


def _tier_at(config: Config, case: _Case, moment: datetime) -> str:
    """The tier the complaint was at at ``moment``, from the tier/level its history set."""
    moves = [e for e in case.events if "tier" in e["changes"] or "level" in e["changes"]]
    before = [e for e in moves if e["at"] <= moment]
    if before:  # where the last move before it took the complaint
        tier, level = (before[-1]["changes"].get(f, [None, None])[1] for f in ("tier", "level"))
    elif moves:  # where the first move after it took the complaint from
        tier, level = (moves[0]["changes"].get(f, [None, None])[0] for f in ("tier", "level"))
    else:
        tier, level = case.row["tier"], case.row["level"]
    return _tier_name(config, tier, level, bool(case.row["safety"]))


def _unresolved_at(case: _Case, moment: datetime) -> bool:
    """Whether the complaint was unresolved at ``moment``: the last resolved/reopened
    event at or before it decides; without one, its resolution time."""
    turns = [
        e for e in case.events if e["action"] in ("resolved", "reopened") and e["at"] <= moment
    ]
    if turns:
        return turns[-1]["action"] == "reopened"
    if case.closed and case.resolved is None:
        return False  # resolved at a time nobody recorded: not held against anyone
    return case.resolved is None or case.resolved > moment


def _deadlines(case: _Case) -> dict[datetime, datetime | None]:
    """Every SLA due time the complaint had -> when it was replaced (None: still is)."""
    found: dict[datetime, datetime | None] = {}
    for event in case.events:
        old, new = (_when(v) for v in event["changes"].get("sla_due_at", [None, None]))
        if old is not None:
            replaced = found.get(old)
            found[old] = event["at"] if replaced is None else min(replaced, event["at"])
        if new is not None:
            found.setdefault(new, None)
    current = case.row["sla_due_at"]
    if current is not None:
        found.setdefault(current, None)
    return found


def _breaches(config: Config, cases: list[_Case], start: datetime, end: datetime) -> dict[str, int]:
    """SLA due times in ``[start, end)`` passed unresolved, per tier (see the module doc)."""
    counts: Counter[str] = Counter()
    for case in cases:
        for due, replaced in _deadlines(case).items():
            if not start <= due < end or (replaced is not None and replaced <= due):
                continue
            if _unresolved_at(case, due):
                counts[_tier_at(config, case, due)] += 1
    tiers = [t.name for t in config.complaints.tiers]
    order = tiers + sorted(set(counts) - set(tiers))
    return {name: counts.get(name, 0) for name in order}


def _clusters(store: Store, received: list[_Case], end: datetime) -> list[Cluster]:
    groups: dict[int, list[_Case]] = defaultdict(list)
    for case in received:  # a cluster is known by its head's id (NULL on a head: its own)
        groups[case.row["cluster_id"] or case.row["id"]].append(case)
    largest = sorted(
        ((cid, group) for cid, group in groups.items() if len(group) >= 2),
        key=lambda kv: (-len(kv[1]), kv[0]),
    )[:TOP_CLUSTERS]
    texts = complaint_texts(store, [cid for cid, _ in largest])
    out = []
    for cid, group in largest:
        brands = Counter(c.row["brand"] for c in group if c.row["brand"])
        out.append(
            Cluster(
                id=cid,
                complaints=len(group),
                open_at_end=_open(group, end),
                brand=brands.most_common(1)[0][0] if brands else None,
                text=texts.get(cid) or group[0].row["text"],
            )
        )
    return out


def _incidents(store: Store, start: datetime, end: datetime) -> list[LinkedIncident]:
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in linked_complaints(store, start, end):
        groups[row["incident_id"]].append(row)
    out = []
    for incident_id, rows in groups.items():
        began = rows[0]["began_at"]
        before = [r for r in rows if r["created_at"] < began]
        unresolved = [r for r in before if r["resolved_at"] is None or r["resolved_at"] > began]
        out.append(
            LinkedIncident(
                incident_id=incident_id,
                brand=rows[0]["brand"],
                began_at=began,
                complaints=len(rows),
                before=len(before),
                oldest_before=began - min(r["created_at"] for r in before) if before else None,
                unresolved_at_start=len(unresolved),
            )
        )
    return out
