"""Dips: a normally busy source that suddenly brings nothing new, told to ops.

A source can answer every poll (the same old entries, or 304 Not Modified) and
still be lost to the monitor: its feed stopped updating, moved, or changed its
format. Mentions from it then look calm when the monitor is in fact blind there.
Coverage (``monitor.coverage``) sees the sources that fail; this module sees the
ones that fall silent. A source dips when all of these hold:

- its polls succeed: it is not failing, blocked, emptied or disabled (coverage's
  business), and it has been polled successfully since its newest item;
- it has at least ``WARM_UP`` (2 days) of item history within ``WINDOW`` (the last
  7 days): until then it has no usual rate, so a new source never dips;
- it has brought no new item for at least ``MIN_SILENCE`` (2 hours), so a fast
  source missing one poll is not news;
- at its usual rate, the chance of seeing no item over the silence (Poisson:
  ``exp(-expected)``) is below ``MAX_CHANCE`` (1 in 10,000), i.e. about 9.2 items
  or more were expected. The usual rate is the items it brought from its first
  poll within the window to its newest item, per hour: the current silence is left
  out, and so is the first poll's batch (a new feed's backlog is not a rate). It is
  shaped by the hour of the day, from when its items were published: a feed that
  posts from 7:00 to 23:00 is expected to be silent at night, and does not dip then.

Items are what the monitor stores: those naming a watched brand. Each dipping
source is an ops episode of its own (``ops_state`` topic ``dip:NAME``): an alert
when it opens, a resolved notice when the source brings items again or leaves the
configuration. Only channels with ``audience: ops`` get them, never executives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from monitor.alerts.message import ops_payload
from monitor.config import Config
from monitor.coverage import assess_coverage, queue_ops_alert
from monitor.durations import format_gap
from monitor.explain import chance_words
from monitor.store import Store
from monitor.store.opsstate import open_episodes, ops_topic, write_ops_state
from monitor.store.sourceactivity import Activity, source_activity

__all__ = ["Dip", "dip_topic", "find_dips", "judge_activity", "watch_dips"]

TOPIC = "dip"
PREFIX = TOPIC + ":"
WINDOW = timedelta(days=7)
WARM_UP = timedelta(days=2)
MIN_SILENCE = timedelta(hours=2)
MAX_CHANCE = 1e-4
HOUR = timedelta(hours=1)


@dataclass(frozen=True)
class Dip:
    """A source silent for far longer than its usual rate makes likely."""

    source: str
    silent_since: datetime  # when it last brought an item
    per_hour: float  # its usual rate of new items
    expected: float  # items expected over the silence at that rate
    chance: float  # Poisson chance of none: exp(-expected)
    unchanged_polls: int = 0  # its last polls in a row that found nothing new

    def summary(self, now: datetime) -> str:
        """What ops reads, e.g. ``demo-news has brought no new items ... for 3 h 10 min; ...``."""
        rate = (
            f"{_about(self.per_hour)} an hour"
            if self.per_hour >= 1
            else f"{_about(self.per_hour * 24)} a day"
        )
        if self.unchanged_polls:
            polls = (
                f"Its polls succeed (the last {self.unchanged_polls} found nothing new): "
                "the source may have stopped updating, moved, or changed its format."
            )
        else:
            polls = (
                "Its polls succeed and find new entries, but none is kept: the source may "
                "have changed its format, or stopped carrying posts about the brands."
            )
        return (
            f"{self.source} has brought no new items naming a brand for "
            f"{format_gap(now - self.silent_since)}; it usually brings about {rate} "
            f"({chance_words(self.chance)} at that rate). {polls}"
        )


def judge_activity(seen: Activity, now: datetime) -> Dip | None:
    """A dip if ``seen`` (a source that is not failing) has been silent too long."""
    silence = now - seen.newest
    if silence < MIN_SILENCE or seen.span < WARM_UP or seen.items <= 0:
        return None
    if seen.last_success_at is None or seen.last_success_at <= seen.newest:
        return None  # not polled since its newest item: the silence is not observed
    per_hour = seen.items / (seen.span / HOUR)
    expected = _expected(per_hour, seen.by_hour, seen.newest, now)
    chance = math.exp(-expected)
    if chance >= MAX_CHANCE:
        return None
    return Dip(seen.source, seen.newest, per_hour, expected, chance, seen.unchanged_polls)


def _expected(per_hour: float, by_hour: tuple[int, ...], since: datetime, now: datetime) -> float:
    """Items expected from ``since`` to ``now`` at ``per_hour``, shaped by the hour of the
    day: a source that is quiet at night is expected to be quiet at night. Each hour's
    share is smoothed by one item, so an hour never seen is unlikely, not impossible."""
    if len(by_hour) != 24:
        return per_hour * ((now - since) / HOUR)
    total = sum(by_hour) + 24
    expected = 0.0
    at = since
    while at < now:
        step = min(now, at.replace(minute=0, second=0, microsecond=0) + HOUR) - at
        expected += per_hour * 24 * (by_hour[at.hour] + 1) / total * (step / HOUR)
        at += step
    return expected


def find_dips(config: Config, store: Store, now: datetime) -> list[Dip]:
    """The enabled sources in a dip now, by name."""
    return _find(config, store, now, source_activity(store, now - WINDOW))


def _find(config: Config, store: Store, now: datetime, activity: dict[str, Activity]) -> list[Dip]:
    blind = set(assess_coverage(config, store).blind)  # failing and the like: not dips
    found = []
    for source in sorted(config.sources, key=lambda s: s.name):
        seen = activity.get(source.name)
        if source.enabled and source.name not in blind and seen is not None:
            dip = judge_activity(seen, now)
            if dip is not None:
                found.append(dip)
    return found


def watch_dips(config: Config, store: Store, now: datetime) -> list[str]:
    """Open or resolve each source's dip episode; queue its ops alerts.

    Returns what changed, e.g. ``["opened: demo-news", "resolved: demo-forum"]``.
    An episode alerts once when it opens and once when it resolves (the source
    brought items again, or is no longer an enabled source), however many cycles
    it lasts; a source that starts failing meanwhile stays in its dip.
    """
    activity = source_activity(store, now - WINDOW)
    dips = {dip.source: dip for dip in _find(config, store, now, activity)}
    enabled = {s.name for s in config.sources if s.enabled}
    episodes = {d["source"]: d for d in open_episodes(store, PREFIX).values()}
    events = []
    for name, details in sorted(episodes.items()):
        since = datetime.fromisoformat(details["silent_since"])
        seen = activity.get(name)
        if seen is not None and seen.newest > since:
            summary = f"{name} brings new items again, after none since {since:%Y-%m-%d %H:%M} UTC."
        elif name not in enabled:
            summary = f"{name} is no longer an enabled source: its dip is closed."
        else:
            continue
        _close(config, store, details, summary, now)
        events.append(f"resolved: {name}")
    for name, dip in dips.items():
        known = episodes.get(name)
        if known is not None and known["silent_since"] == dip.silent_since.isoformat():
            continue
        _open(config, store, dip, now)
        events.append(f"opened: {name}")
    return events


def _open(config: Config, store: Store, dip: Dip, now: datetime) -> None:
    summary = dip.summary(now)
    facts = {
        "source": dip.source,
        "silent_since": dip.silent_since.isoformat(),
        "usual_per_hour": round(dip.per_hour, 2),
        "expected": round(dip.expected, 1),
        "chance": dip.chance,
    }
    write_ops_state(store, dip_topic(dip.source), now, now, {**facts, "summary": summary})
    payload = ops_payload(
        TOPIC,
        "opened",
        summary,
        {"silent": [dip.source]},
        config.alerts.dashboard_url,
        dip.silent_since,
    )
    episode = dip.silent_since.isoformat()
    queue_ops_alert(config, store, dip_topic(dip.source), episode, "opened", payload | facts, now)


def _close(
    config: Config, store: Store, details: dict[str, Any], summary: str, now: datetime
) -> None:
    name, since = details["source"], details["silent_since"]
    write_ops_state(store, dip_topic(name), None, now, {**details, "summary": summary})
    began = datetime.fromisoformat(since)
    payload = ops_payload(TOPIC, "resolved", summary, {}, config.alerts.dashboard_url, began)
    payload |= {"source": name, "silent_since": since}
    queue_ops_alert(config, store, dip_topic(name), since, "resolved", payload, now)


def dip_topic(source: str) -> str:
    """``dip:NAME``, within the width of an ops topic (``ops_topic``)."""
    return ops_topic("dip", source)


def _about(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".removesuffix(".0")
