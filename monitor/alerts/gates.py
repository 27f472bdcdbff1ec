"""What stops or holds a due alert before it is sent, and why.

In order: a silence in force (``silenced``), an open incident that inhibits it
(``inhibited``), a repeat of what the receiver already knows (``deduplicated``), the
receiver's quiet hours (held until they end). Every row keeps its verdict's note,
so the dashboard and ``monitor alerts list`` show why something was not sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from monitor.alerts.routing import Labels, Policy, incident_labels
from monitor.alertsettings import Channel
from monitor.config import Config
from monitor.explain import hours_words
from monitor.store import Store
from monitor.store.alerts import list_alerts
from monitor.store.incidents import list_incidents
from monitor.store.silences import active_silences

__all__ = ["Gates", "Verdict", "quiet_until"]

_RANK = {"info": 0, "warning": 1, "critical": 2}


@dataclass(frozen=True)
class Verdict:
    action: str  # send | hold | silenced | inhibited | deduplicated
    note: str = ""
    until: datetime | None = None


SEND = Verdict("send")


def quiet_until(channel: Channel, now: datetime) -> datetime | None:
    """When the channel's quiet hours end, if ``now`` is inside them."""
    quiet = channel.quiet_hours
    if quiet is None:
        return None
    zone = ZoneInfo(channel.timezone)
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    if quiet.start < quiet.end:  # e.g. 12:00-14:00
        inside, tomorrow = quiet.start <= clock < quiet.end, False
    else:  # across midnight, e.g. 22:00-07:00
        inside, tomorrow = clock >= quiet.start or clock < quiet.end, clock >= quiet.start
    if not inside:
        return None
    day = local.date() + timedelta(days=1 if tomorrow else 0)
    return datetime.combine(day, quiet.end, tzinfo=zone).astimezone(UTC)


class Gates:
    """The verdicts of one dispatch run: silences and open incidents are read once."""

    def __init__(self, config: Config, store: Store, now: datetime):
        self.config = config
        self.store = store
        self.now = now
        self.silences = active_silences(store, now)
        self.open = [i for i in list_incidents(store, status="open") if i.id is not None]
        self.channels = {c.name: c for c in config.alerts.channels}
        self._history: dict[int, list[dict[str, Any]]] = {}

    def judge(self, table: str, row: dict[str, Any], batch: list[dict[str, Any]]) -> Verdict:
        """The verdict on one due row; ``batch``: the rows going out in this run."""
        labels = Labels.from_json(row.get("labels"))
        for check in (
            self._silence(row, labels),
            self._inhibition(row, labels),
            self._repeat(table, row, batch),
        ):
            if check is not None:
                return check
        return self._quiet(row)

    def _silence(self, row: dict[str, Any], labels: Labels | None) -> Verdict | None:
        for silence in self.silences:
            if _silenced(silence["matchers"], row["channel"], labels):
                until = silence["ends_at"].astimezone(UTC)
                note = (
                    f"silenced by #{silence['id']} until {until:%Y-%m-%d %H:%M} UTC "
                    f"({silence['created_by']}: {silence['reason']})"
                )
                return Verdict("silenced", note)
        return None

    def _inhibition(self, row: dict[str, Any], labels: Labels | None) -> Verdict | None:
        if labels is None or row.get("subject") is None or "ops" in labels.kinds:
            return None
        for rule in self.config.alerts.inhibit:
            if not labels.fits(rule.target):
                continue
            for incident in self.open:
                if f"incident:{incident.id}" == row["subject"]:
                    continue
                source = incident_labels(incident)
                same = all(
                    getattr(source, name) is not None
                    and getattr(source, name) == getattr(labels, name)
                    for name in rule.equal
                )
                if same and source.fits(rule.source):
                    note = (
                        f"inhibited: incident #{incident.id} ({incident.brand}, "
                        f"{incident.severity}) is open and covers it"
                    )
                    return Verdict("inhibited", note)
        return None

    def _repeat(
        self, table: str, row: dict[str, Any], batch: list[dict[str, Any]]
    ) -> Verdict | None:
        """Incident alerts: a receiver hears of an incident again only when its severity
        rises, it comes back after a resolved notice, or ``repeat_interval`` has passed;
        a resolved notice goes only where something else about it went."""
        if table != "alerts":
            return None
        event = row["event"]
        told = [
            r
            for r in self._told(row["incident_id"])
            if r["channel"] == row["channel"] and r["status"] == "sent" and r["id"] != row["id"]
        ]
        if event.startswith("resolved"):
            going = any(
                r["incident_id"] == row["incident_id"]
                and r["channel"] == row["channel"]
                and not r["event"].startswith("resolved")
                for r in batch
            )
            if going or any(not r["event"].startswith("resolved") for r in told):
                return None
            return Verdict("deduplicated", "nothing else about this incident reached it")
        if not (event == "opened" or event.startswith("reopened")) or not told:
            return None
        last = max(told, key=lambda r: r["sent_at"])
        if last["event"].startswith("resolved"):
            return None  # they were told it was over: it is back
        policy = Policy.from_json(row.get("route")) or Policy()
        repeat = timedelta(seconds=policy.repeat_interval)
        loudest = max(_RANK[r["severity"]] for r in told)
        if _RANK[row["severity"]] <= loudest and self.now - last["sent_at"] < repeat:
            note = (
                f"{row['channel']} heard of this incident {hours_words(self.now - last['sent_at'])}"
                f" ago; it hears again when severity rises or after {hours_words(repeat)}"
            )
            return Verdict("deduplicated", note)
        return None

    def _told(self, incident_id: int) -> list[dict[str, Any]]:
        if incident_id not in self._history:
            self._history[incident_id] = list_alerts(self.store, incident_id)
        return self._history[incident_id]

    def _quiet(self, row: dict[str, Any]) -> Verdict:
        channel = self.channels.get(row["channel"])
        if channel is None or channel.quiet_hours is None:
            return SEND
        until = quiet_until(channel, self.now)
        if until is None:
            return SEND
        if row["severity"] == "critical" and channel.quiet_hours.critical == "deliver":
            return SEND
        local = until.astimezone(ZoneInfo(channel.timezone))
        note = f"held: quiet hours until {local:%H:%M} {channel.timezone}"
        return Verdict("hold", note, until)


def _silenced(matchers: dict[str, list[str]], channel: str, labels: Labels | None) -> bool:
    """Whether a silence's matchers (brand, severity, kind, channel) all fit the row."""
    if "channel" in matchers and channel not in matchers["channel"]:
        return False
    label_keys = {"brand", "severity", "kind"} & set(matchers)
    if not label_keys:
        return True
    if labels is None:
        return False
    if "brand" in matchers and labels.brand not in matchers["brand"]:
        return False
    if "severity" in matchers and labels.severity not in matchers["severity"]:
        return False
    return "kind" not in matchers or any(k in matchers["kind"] for k in labels.kinds)
