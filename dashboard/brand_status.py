"""Each brand's state at a glance, and its last 24 hours against the same hours a week
earlier; on the Overview, refreshed on a timer without reloading the page.

- **crisis**: a critical incident is open;
- **watch**: a warning incident is open, or the last 24 hours' negative share is at
  least ``WATCH_RATIO`` times the same 24 hours a week earlier (on ``WATCH_FLOOR``
  mentions or more);
- **calm**: neither.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import streamlit as st

from dashboard import data
from dashboard.format import percent, plain
from monitor.models import Incident
from monitor.store.mentions import MentionFilter

__all__ = ["BrandState", "REFRESH", "brand_state", "show_brand_states"]

REFRESH = timedelta(seconds=60)  # how often the Overview's state and figures refresh
WATCH_RATIO = 1.5
WATCH_FLOOR = 10
DAY = timedelta(days=1)
WEEK = timedelta(days=7)
_BADGE = {"crisis": ":red-background[**crisis**]", "watch": ":orange-background[**watch**]",
          "calm": ":green-background[calm]"}  # fmt: skip


@dataclass(frozen=True)
class BrandState:
    brand: str
    state: str  # crisis | watch | calm
    why: str
    day: dict[str, int]  # the last 24 hours' totals: mentions, negative, complaints
    week_ago: dict[str, int]  # the same 24 hours a week earlier


def _share(totals: dict[str, int]) -> float | None:
    return totals["negative"] / totals["mentions"] if totals["mentions"] else None


def brand_state(
    brand: str, day: dict[str, int], week_ago: dict[str, int], open_incidents: list[Incident]
) -> BrandState:
    """The state of one brand from its counts and its open incidents (pure)."""
    share, before = _share(day), _share(week_ago)
    mine = [i for i in open_incidents if i.brand == brand]
    if any(i.severity == "critical" for i in mine):
        state, why = "crisis", f"critical incident #{mine[0].id} open"
    elif mine:
        state, why = "watch", f"incident #{mine[0].id} open"
    elif (
        share is not None
        and before
        and day["mentions"] >= WATCH_FLOOR
        and share >= WATCH_RATIO * before
    ):
        state, why = "watch", f"negative share {share:.0%}, {before:.0%} a week ago"
    else:
        state, why = "calm", "no open incident"
    return BrandState(brand, state, why, day, week_ago)


def brand_states(brands: list[str], now: datetime) -> list[BrandState]:
    open_incidents = data.incidents(status="open")
    states = []
    for brand in brands:
        day = data.totals(MentionFilter(brand=brand, since=now - DAY, until=now))
        before = data.totals(MentionFilter(brand=brand, since=now - WEEK - DAY, until=now - WEEK))
        states.append(brand_state(brand, day, before, open_incidents))
    return states


def _delta(now: int, before: int) -> str:
    return f"{now - before:+,} vs a week ago" if before or now else "none a week ago either"


@st.fragment(run_every=REFRESH)
def show_brand_states(brands: list[str]) -> None:
    """A row per brand: its state and why, its 24 hours' mentions and negative share
    against the same 24 hours a week earlier. Reruns on its own every ``REFRESH``."""
    now = data.now()
    for item in brand_states(brands, now):
        cols = st.columns([2, 3, 2, 2], vertical_alignment="center")
        cols[0].markdown(f"**{plain(item.brand)}** {_BADGE[item.state]}")
        cols[1].caption(plain(item.why))
        day, before = item.day, item.week_ago
        change = _delta(day["mentions"], before["mentions"])
        cols[2].markdown(f"**{day['mentions']:,}** mentions in 24 h  \n{change}")
        cols[3].markdown(
            f"**{percent(day['negative'], day['mentions'])}** negative  \n"
            f"{percent(before['negative'], before['mentions'])} a week ago"
        )
    st.caption(f"Updated {now:%H:%M} UTC; refreshes every {REFRESH.seconds // 60} min.")
