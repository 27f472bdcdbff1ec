"""What a complaint's status means: the one place that says which statuses are resolved."""

from __future__ import annotations

from sqlalchemy import ColumnElement, func

__all__ = ["RESOLVED_STATUSES", "is_resolved", "unresolved"]

# compared lower-cased; helpdesks say it their own way ("solved": Zendesk)
RESOLVED_STATUSES = ("resolved", "closed", "done", "solved")


def is_resolved(status: str | None) -> bool:
    """Whether a complaint with this status is handled."""
    return (status or "").lower() in RESOLVED_STATUSES


def unresolved(status: ColumnElement) -> ColumnElement[bool]:
    """The SQL condition that a status column holds an unresolved status."""
    return func.lower(status).not_in(RESOLVED_STATUSES)
