"""Alerting: queue per incident event, deliver through channels."""

from monitor.alerts.dispatch import DispatchReport, dispatch_alerts, queue_alerts

__all__ = ["DispatchReport", "dispatch_alerts", "queue_alerts"]
