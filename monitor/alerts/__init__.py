"""Alerting: route and queue per incident event, gate, group and deliver, escalate."""

from monitor.alerts.dispatch import DispatchReport, dispatch_alerts
from monitor.alerts.enqueue import queue_alerts
from monitor.alerts.escalation import watch_acks

__all__ = ["DispatchReport", "dispatch_alerts", "queue_alerts", "watch_acks"]
