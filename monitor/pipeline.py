"""One cycle of the whole pipeline: collect -> detect -> link -> assign/escalate -> alert."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from monitor.alerts import DispatchReport, dispatch_alerts, queue_alerts, watch_acks
from monitor.alerts.digest import queue_due_digests
from monitor.alerts.enqueue import queue_missed
from monitor.collect import Collector, CollectSummary, SourceOutcome
from monitor.config import Config
from monitor.coverage import watch_coverage
from monitor.csreport import send_due_reports
from monitor.deadchannels import watch_channels
from monitor.detection import IncidentEvent, detect_incidents
from monitor.dips import watch_dips
from monitor.linking import link_complaints
from monitor.ownership import Escalation, assign_unowned, escalate_overdue
from monitor.store import Store
from monitor.trending import watch_trending

__all__ = ["CycleReport", "Pipeline"]


@dataclass
class CycleReport:
    collected: CollectSummary
    events: list[IncidentEvent] = field(default_factory=list)
    complaints_linked: int = 0
    complaints_trending: int = 0  # alerts queued for complaints gone public (monitor.trending)
    complaints_assigned: int = 0  # records without an owner that got one (monitor.ownership)
    escalations: list[Escalation] = field(default_factory=list)  # past their SLA, moved up
    alerts_queued: int = 0
    escalated_alerts: list[str] = field(default_factory=list)  # unacknowledged, moved on
    coverage: str | None = None  # "opened" / "resolved" when the partly-blind episode changed
    dips: list[str] = field(default_factory=list)  # e.g. "opened: demo-news" (monitor.dips)
    dispatch: DispatchReport = field(default_factory=DispatchReport)
    dead_channels: list[str] = field(default_factory=list)  # "opened: cs-mail" (deadchannels)


class Pipeline:
    """The stages wired together for one config and one store."""

    def __init__(self, config: Config, store: Store):
        self.config = config
        self.store = store
        self.collector = Collector(config, store)

    def cycle(
        self,
        now: datetime,
        due_only: bool = True,
        progress: Callable[[SourceOutcome], None] | None = None,
    ) -> CycleReport:
        collected = self.collector.collect(now, due_only, progress)
        return self.after_collect(now, collected)

    def after_collect(self, now: datetime, collected: CollectSummary | None = None) -> CycleReport:
        """Detect, link and alert on what is stored."""
        report = CycleReport(collected or CollectSummary())
        report.coverage = watch_coverage(self.config, self.store, now)
        report.dips = watch_dips(self.config, self.store, now)
        report.events = detect_incidents(self.config, self.store, now)
        report.complaints_linked = link_complaints(self.config, self.store, now)
        report.complaints_trending = watch_trending(self.config, self.store, now)
        report.complaints_assigned = assign_unowned(self.config, self.store, now)
        report.escalations = escalate_overdue(self.config, self.store, now)
        report.alerts_queued = queue_alerts(self.config, self.store, report.events, now)
        report.alerts_queued += queue_missed(self.config, self.store, now)  # after a crash
        report.escalated_alerts = watch_acks(self.config, self.store, now)
        send_due_reports(self.config, self.store, now)  # Mondays and 1sts, 08:00 UTC
        queue_due_digests(self.config, self.store, now)  # each receiver's brief, if it has one
        report.dispatch = dispatch_alerts(self.config, self.store, now)
        report.dead_channels = watch_channels(self.config, self.store, now)  # sent next cycle
        return report
