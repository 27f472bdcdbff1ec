"""Input widgets shared by several pages."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import streamlit as st

from dashboard import data
from monitor.store.mentions import MentionFilter

__all__ = [
    "ALERT_COLUMNS", "ANY", "MENTION_COLUMNS", "NO_DATA", "brand_names", "choice", "mention_filter",
    "require_mentions",
]  # fmt: skip

ANY = "Any"
NO_DATA = "No mentions yet: run `monitor collect --once` or `monitor demo`"


ALERT_COLUMNS = {  # column_config for alert tables (an incident's, the Alerts page's)
    "created_at": st.column_config.DatetimeColumn("queued (UTC)", format="YYYY-MM-DD HH:mm"),
    "sent_at": st.column_config.DatetimeColumn("sent (UTC)", format="YYYY-MM-DD HH:mm"),
    "note": st.column_config.TextColumn(
        "note", help="Why it was held or not sent, or its last delivery error."
    ),
}

MENTION_COLUMNS = {  # column_config for mention tables
    "event_at": st.column_config.DatetimeColumn("time (UTC)", format="YYYY-MM-DD HH:mm"),
    "url": st.column_config.LinkColumn("link", display_text="open"),
    "sentiment": st.column_config.NumberColumn("score", format="%.2f"),
    "sentiment_label": "sentiment",
    "early_warning": st.column_config.ProgressColumn(
        "early warning",
        min_value=0.0,
        max_value=1.0,
        format="%.2f",
        help="How likely this one post is to go viral before volume moves (0 to 1): its "
        "reach, its growth between polls, its tone and terms.",
    ),
    "complaint_terms": "complaint terms",
    "risk_terms": "risk terms",
    "incident_id": st.column_config.NumberColumn("incident", format="%d"),
}


def brand_names() -> list[str]:
    """Configured brands first, then any other brand found in stored mentions."""
    names = [b.name for b in data.config().brands]
    return names + [b for b in data.facets()["brands"] if b not in names]


def choice(label: str, options: list[str], key: str, any_label: str = ANY) -> str | None:
    """A selectbox with an "any" first option; returns None for it."""
    picked = st.selectbox(label, [any_label, *options], key=key)
    return None if picked == any_label else picked


def _day_start(day: date | None) -> datetime | None:
    return datetime.combine(day, time.min, tzinfo=UTC) if day else None


def mention_filter(key: str) -> MentionFilter:
    """The mention filters of the Mentions and Export pages, laid out in two rows."""
    facets = data.facets()
    row = st.columns(4)
    with row[0]:
        brand = choice("Brand", brand_names(), f"{key}_brand")
    with row[1]:
        source = choice("Source", facets["sources"], f"{key}_source")
    with row[2]:
        lang = choice("Language", facets["languages"], f"{key}_lang")
    with row[3]:
        sentiment = choice("Sentiment", ["negative", "neutral", "positive"], f"{key}_sentiment")
    row = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    with row[0]:
        search = st.text_input(
            "Text contains", key=f"{key}_search", placeholder="word or phrase in the title or text"
        )
    with row[1]:
        since = st.date_input("From (UTC)", value=None, key=f"{key}_since")
    with row[2]:
        until = st.date_input("To (UTC, inclusive)", value=None, key=f"{key}_until")
    with row[3]:
        complaint_only = st.checkbox("Complaints only", key=f"{key}_complaint")
    end = _day_start(until)
    return MentionFilter(
        brand=brand,
        source=source,
        lang=lang,
        sentiment_label=sentiment,
        complaint=True if complaint_only else None,
        search=search.strip() or None,
        since=_day_start(since),
        until=end + timedelta(days=1) if end else None,
    )


def require_mentions(matching: int) -> None:
    """Stop the page, saying what to do, when no mention matches (or none was collected)."""
    if matching:
        return
    if data.has_mentions():
        st.info("No mentions match these filters: widen them.")
    else:
        st.info(NO_DATA)
    st.stop()
