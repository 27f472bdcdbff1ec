"""Open ops episodes (e.g. "the monitor is partly blind"), one row per topic."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from monitor.store.db import Store, insert_ignore
from monitor.store.schema import ops_state

__all__ = ["TOPIC_WIDTH", "open_episodes", "ops_topic", "read_ops_state", "write_ops_state"]


TOPIC_WIDTH = 64  # ops_state.topic, ops_alerts.topic and ops_alerts.episode are String(64)


def ops_topic(prefix: str, name: str) -> str:
    """``PREFIX:NAME``, or for a long name its start and a stable hash, within
    ``TOPIC_WIDTH`` characters."""
    topic = f"{prefix}:{name}"
    if len(topic) <= TOPIC_WIDTH:
        return topic
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:12]
    return topic[: TOPIC_WIDTH - len(digest) - 1] + "~" + digest


def read_ops_state(store: Store, topic: str) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(ops_state).where(ops_state.c.topic == topic)).first()
    return dict(row._mapping) if row else None


def write_ops_state(
    store: Store, topic: str, opened_at: datetime | None, now: datetime, details: dict[str, Any]
) -> None:
    """Set the topic's episode (``opened_at`` None: nothing wrong) and its details."""
    values = {"opened_at": opened_at, "updated_at": now, "details": json.dumps(details)}
    with store.engine.begin() as conn:
        if not insert_ignore(conn, ops_state, [{"topic": topic, **values}]):
            conn.execute(update(ops_state).where(ops_state.c.topic == topic).values(**values))


def open_episodes(store: Store, prefix: str) -> dict[str, dict[str, Any]]:
    """The open ops episodes whose topic starts with ``prefix``: topic -> details."""
    query = select(ops_state.c.topic, ops_state.c.details).where(
        ops_state.c.topic.startswith(prefix, autoescape=True), ops_state.c.opened_at.is_not(None)
    )
    with store.engine.connect() as conn:
        return {topic: json.loads(details) for topic, details in conn.execute(query)}
