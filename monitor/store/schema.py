"""The database schema (SQLAlchemy Core), the same for SQLite and PostgreSQL.

Every table that receives collected or imported data has a natural unique key,
so writes are insert-or-ignore (or upsert) and re-running never duplicates.
``SCHEMA_VERSION`` is stored in ``meta``; ``migrate`` in ``db.py`` brings an
older database up to date.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
)

SCHEMA_VERSION = 7


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sources = Table(
    "sources",
    metadata,
    Column("name", String(200), primary_key=True),
    Column("type", String(16), nullable=False),
    Column("url", Text, nullable=False),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_checked_at", UTCDateTime),
    Column("last_success_at", UTCDateTime),
    Column("next_check_at", UTCDateTime),
    Column("last_status", Integer),
    Column("last_error", Text),
    Column("error_count", Integer, nullable=False, default=0),
    Column("items_seen", Integer, nullable=False, default=0),
    Column("mentions_added", Integer, nullable=False, default=0),
    Column("disabled", Boolean, nullable=False, default=False),
    Column("lease_owner", String(100)),
    Column("lease_until", UTCDateTime),
    # added in schema version 2 (nullable: existing databases gain them by ALTER TABLE)
    Column("problem", String(16)),  # None | failing | blocked | empty | disabled
    Column("last_warning", Text),
    Column("last_items", Integer),  # entries in the last full answer
    Column("unchanged_polls", Integer),  # polls in a row that brought nothing new
    Column("interval_seconds", Float),  # the interval the last poll chose
    Column("content_digest", String(64)),  # what the last full answer held
    Column("last_body_at", UTCDateTime),  # last full (200) answer
)

items = Table(
    "items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("source", String(200), nullable=False),
    Column("url", Text, nullable=False),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("author", Text),
    Column("published_at", UTCDateTime),
    Column("fetched_at", UTCDateTime, nullable=False),
    Column("event_at", UTCDateTime, nullable=False),
    Column("lang", String(16), nullable=False),
    Column("sentiment", Float, nullable=False),
    Column("sentiment_label", String(16), nullable=False),
    Column("complaint_terms", Text, nullable=False, default="[]"),
    Column("risk_terms", Text, nullable=False, default="[]"),
    Column("metrics", Text, nullable=False, default="{}"),
    # Syndicated copies (monitor/stories.py): MinHash band numbers, signed 64-bit, and
    # the id of the story's first item. Nullable: existing databases gain them by ALTER
    # TABLE, and their old items simply stay out of stories.
    Column("band0", BigInteger),
    Column("band1", BigInteger),
    Column("band2", BigInteger),
    Column("band3", BigInteger),
    Column("story_id", Integer),
    # added in schema version 3: the safety-critical risk terms (JSON list); NULL on
    # items stored before it, read as none
    Column("safety_terms", Text),
    # added in version 4 (NULL on items stored before): the early-warning score
    # (monitor/earlywarning.py) and when ``metrics`` were last read, NULL for fetched_at
    Column("early_warning", Float),
    Column("metrics_at", UTCDateTime),
    Index("ix_items_band0", "band0", "event_at"),
    Index("ix_items_band1", "band1", "event_at"),
    Index("ix_items_band2", "band2", "event_at"),
    Index("ix_items_band3", "band3", "event_at"),
    Index("ix_items_story", "story_id"),
    # added in version 5: each source's recent items, for dips (monitor/dips.py)
    Index("ix_items_source_fetched", "source", "fetched_at"),
    # for the dashboard at scale: the posts to watch (highest score first), and the
    # languages and sentiment labels present, read one index seek per distinct value
    Index("ix_items_warning", "early_warning"),
    Index("ix_items_lang", "lang"),
    Index("ix_items_label", "sentiment_label"),
)

# A source's outages: from its last successful poll before it began failing (or came
# back empty) to the next successful poll. Detection does not read a bucket whose
# main sources were out as calm (monitor/detection.py).
source_outages = Table(
    "source_outages",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", String(200), nullable=False),
    Column("began_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime),  # NULL while it lasts
    UniqueConstraint("source", "began_at", name="uq_outage_start"),
    Index("ix_outages_source", "source", "ended_at"),
)

incidents = Table(
    "incidents",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("brand", String(200), nullable=False),
    # the signals that fired, joined by "+" (100 wide since version 4, was 32)
    Column("kind", String(100), nullable=False),
    Column("status", String(16), nullable=False),
    Column("severity", String(16), nullable=False),
    Column("began_at", UTCDateTime, nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("closed_at", UTCDateTime),
    Column("observed", Float, nullable=False),
    Column("expected", Float, nullable=False),
    Column("score", Float, nullable=False),
    Column("peak_score", Float, nullable=False),
    Column("quiet_buckets", Integer, nullable=False, default=0),
    Column("storm_buckets", Integer),  # added in version 4; NULL on older rows, read as 0
    Column("summary", Text, nullable=False, default=""),
    Column("details", Text, nullable=False, default="{}"),
    UniqueConstraint("brand", "kind", "began_at", name="uq_incident_start"),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("item_id", Integer, ForeignKey("items.id"), nullable=False),
    Column("brand", String(200), nullable=False),
    Column("alias", Text, nullable=False),
    Column("spans", Text, nullable=False, default="[]"),
    Column("event_at", UTCDateTime, nullable=False),
    Column("incident_id", Integer, ForeignKey("incidents.id")),
    UniqueConstraint("item_id", "brand", name="uq_mention"),
    Index("ix_mentions_brand_time", "brand", "event_at"),
    # for the dashboard at scale: every brand's newest mentions and time ranges, and an
    # incident's mentions
    Index("ix_mentions_time", "event_at"),
    Index("ix_mentions_incident", "incident_id", "event_at"),
)

complaints = Table(
    "complaints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("external_id", String(200), nullable=False, unique=True),
    Column("brand", String(200)),
    Column("channel", String(100), nullable=False),
    Column("customer", Text),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime),
    Column("text", Text, nullable=False),
    Column("category", Text),
    Column("priority", String(32), nullable=False),
    Column("status", String(32), nullable=False),
    Column("owner", Text),
    Column("sla_due_at", UTCDateTime),
    Column("incident_id", Integer, ForeignKey("incidents.id")),
    Column("link_reason", Text),
    Column("imported_from", Text),
    # added in version 6 (NULL on older rows): ownership and the escalation chain
    Column("level", Integer),  # index of the tier in complaints.tiers; NULL read as 0
    Column("tier", String(100)),  # that tier's name when it was set
    Column("safety", Boolean),  # holds a safety-critical term: starts higher, shorter SLA
    Column("acknowledged_at", UTCDateTime),  # first response
    Column("resolved_at", UTCDateTime),
    Column("link_score", Float),  # how strongly linked to incident_id, 0-1
    Column("cluster_id", Integer),  # the complaint that heads its group (the same issue)
    Index("ix_complaints_brand_created", "brand", "created_at"),
    Index("ix_complaints_sla", "resolved_at", "sla_due_at"),
)

# Every change to a complaint record, oldest first: what changed, who did it, when.
complaint_events = Table(
    "complaint_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("complaint_id", Integer, ForeignKey("complaints.id"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("actor", Text, nullable=False),  # a person, "import:FILE", or "monitor"
    # imported | updated | assigned | acknowledged | escalated | resolved | reopened | linked
    Column("action", String(32), nullable=False),
    Column("changes", Text, nullable=False, default="{}"),  # JSON {field: [old, new]}
    Column("note", Text),
    Index("ix_complaint_events", "complaint_id", "at"),
)


def _delivery_columns() -> list[Column]:
    """What an outbox row needs to be delivered at least once (fresh objects per table)."""
    return [
        Column("channel", String(200), nullable=False),
        Column("event", String(32), nullable=False),
        Column("severity", String(16), nullable=False),
        # pending | sent | failed; never sent: silenced | inhibited | deduplicated
        Column("status", String(16), nullable=False),
        Column("attempts", Integer, nullable=False, default=0),
        Column("last_error", Text),
        Column("created_at", UTCDateTime, nullable=False),
        Column("next_attempt_at", UTCDateTime, nullable=False),
        Column("sent_at", UTCDateTime),
        Column("payload", Text, nullable=False),
        # added in version 7: what the alert is about (JSON {brand, severity, kinds}),
        # the route's policy it was queued under (JSON), what acknowledging it covers
        # ("incident:12"), its group ("brand=Acme"), and why it was held or not sent
        Column("labels", Text),
        Column("route", Text),
        Column("subject", String(200)),
        Column("group_key", String(200)),  # alerts of one group go out as one message
        Column("note", Text),
    ]


alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False),
    *_delivery_columns(),
    UniqueConstraint("incident_id", "channel", "event", name="uq_alert_once"),
    Index("ix_alerts_group", "channel", "group_key", "sent_at"),
)

ops_state = Table(
    "ops_state",
    metadata,
    Column("topic", String(64), primary_key=True),  # e.g. "coverage"
    Column("opened_at", UTCDateTime),  # None while all is well
    Column("updated_at", UTCDateTime, nullable=False),
    Column("details", Text, nullable=False, default="{}"),
)

ops_alerts = Table(
    "ops_alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("topic", String(64), nullable=False),
    Column("episode", String(64), nullable=False),  # when the problem began
    *_delivery_columns(),  # event: opened | resolved
    UniqueConstraint("topic", "episode", "channel", "event", name="uq_ops_alert_once"),
    Index("ix_ops_alerts_group", "channel", "group_key", "sent_at"),
)

# Customer-service reports for leadership (monitor/csreport.py), and who opened them.
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kind", String(32), nullable=False),  # week | month
    Column("period_start", UTCDateTime, nullable=False),
    Column("period_end", UTCDateTime, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("markdown", Text, nullable=False),
    Column("html", Text, nullable=False),
    UniqueConstraint("kind", "period_start", name="uq_report_period"),
)

report_reads = Table(
    "report_reads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("reader", Text, nullable=False),  # as the link names them
    Column("at", UTCDateTime, nullable=False),
)

detector_state = Table(
    "detector_state",
    metadata,
    Column("series", String(300), primary_key=True),
    Column("last_bucket", UTCDateTime, nullable=False),
)


# Who acknowledged an alert, when and how (version 7). ``subject`` is what the
# acknowledgement covers: "incident:12", or an ops alert's "TOPIC@EPISODE"; it covers
# every alert of that subject sent before ``at``.
acks = Table(
    "acks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subject", String(200), nullable=False),
    Column("by", Text, nullable=False),
    Column("via", String(16), nullable=False),  # dashboard | link | cli
    Column("channel", String(200)),  # the receiver whose link was used
    Column("at", UTCDateTime, nullable=False),
    Column("note", Text),
    Index("ix_acks_subject", "subject", "at"),
)

# Silences (version 7): alerts matching ``matchers`` (JSON {brand, severity, kind,
# channel}) between ``starts_at`` and ``ends_at`` are recorded, not sent.
silences = Table(
    "silences",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("matchers", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_by", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("starts_at", UTCDateTime, nullable=False),
    Column("ends_at", UTCDateTime, nullable=False),
    Column("expired_by", Text),  # lifted early by
    Column("expired_at", UTCDateTime),
)


# What people did with an incident (comment, assign, resolve), in order; the owner is
# the latest ``assign``'s ``text``.
incident_notes = Table(
    "incident_notes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("incident_id", Integer, ForeignKey("incidents.id"), nullable=False),
    Column("at", UTCDateTime, nullable=False),
    Column("by", Text, nullable=False),
    Column("action", String(16), nullable=False),  # comment | assign | resolve
    Column("text", Text, nullable=False, default=""),
    Index("ix_incident_notes", "incident_id", "at"),
)
