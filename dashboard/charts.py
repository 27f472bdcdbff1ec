"""Pure chart builders: DataFrames in, Altair charts out (no Streamlit, no database).

Times are drawn on a UTC scale and labelled so; colours for sentiment are fixed
so negative is always the same red on every chart.
"""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd

__all__ = ["SENTIMENT_COLORS", "breakdown_chart", "sentiment_chart", "volume_chart"]

SENTIMENT_COLORS = {"negative": "#d62728", "neutral": "#b8bcc4", "positive": "#2ca02c"}
MARKER_COLOR = "#ff7f0e"
BRAND_COLORS = ["#1f4e9c", "#9c27b0", "#00897b", "#8d6e63", "#5c6bc0", "#c2185b"]
_SENTIMENT_ORDER = {label: i for i, label in enumerate(SENTIMENT_COLORS)}
_UTC = alt.Scale(type="utc")


def _time_axis(title: str = "time (UTC)") -> alt.Axis:
    return alt.Axis(title=title, format="%b %d %H:%M", labelAngle=0, tickCount=8)


def _utc_text(times: pd.Series) -> pd.Series:
    return pd.to_datetime(times, utc=True).dt.strftime("%Y-%m-%d %H:%M UTC")


def _stacked(volume: pd.DataFrame, bucket: timedelta) -> pd.DataFrame:
    """Each bucket's sentiments stacked bottom-up (negative first): ``y0``..``y1``."""
    frame = volume.assign(order=volume["sentiment_label"].map(_SENTIMENT_ORDER).fillna(9))
    frame = frame.sort_values(["bucket", "order"], kind="stable")
    per_bucket = frame.groupby("bucket")["mentions"]
    return frame.assign(
        y1=per_bucket.cumsum(),
        y0=per_bucket.cumsum() - frame["mentions"],
        total=per_bucket.transform("sum"),
        bucket_end=frame["bucket"] + bucket,
        when=_utc_text(frame["bucket"]),
    )


def volume_chart(
    volume: pd.DataFrame, incidents: pd.DataFrame, bucket: timedelta, title: str
) -> alt.LayerChart:
    """Mentions per bucket stacked by sentiment (negative at the bottom), with a marker at
    the start of every incident.

    ``volume``: columns ``bucket`` (start, UTC), ``sentiment_label``, ``mentions``.
    ``incidents``: columns ``id``, ``began_at``, ``severity``, ``status``, ``summary``
    (may be empty).
    """
    bars = (
        alt.Chart(_stacked(volume, bucket))
        .mark_rect(stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("bucket:T", scale=_UTC, axis=_time_axis()),
            x2="bucket_end:T",
            y=alt.Y("y0:Q", title="mentions", scale=alt.Scale(zero=True, nice=True)),
            y2="y1:Q",
            color=alt.Color(
                "sentiment_label:N",
                title="sentiment",
                scale=alt.Scale(
                    domain=list(SENTIMENT_COLORS), range=list(SENTIMENT_COLORS.values())
                ),
                legend=alt.Legend(orient="right", title="sentiment"),
            ),
            tooltip=[
                alt.Tooltip("when:N", title="from"),
                alt.Tooltip("sentiment_label:N", title="sentiment"),
                alt.Tooltip("mentions:Q"),
                alt.Tooltip("total:Q", title="all mentions"),
            ],
        )
    )
    layers: list[alt.Chart] = [bars]
    if not incidents.empty:
        marks = incidents.assign(
            label=[
                f"#{i} {s}" for i, s in zip(incidents["id"], incidents["severity"], strict=True)
            ],
            when=_utc_text(incidents["began_at"]),
        )[["id", "began_at", "when", "severity", "status", "summary", "label"]]
        base = alt.Chart(marks).encode(x=alt.X("began_at:T", scale=_UTC))
        tooltip = [
            alt.Tooltip("id:Q", title="incident"),
            alt.Tooltip("when:N", title="began"),
            alt.Tooltip("severity:N"),
            alt.Tooltip("status:N"),
            alt.Tooltip("summary:N"),
        ]
        layers.append(
            base.mark_rule(color=MARKER_COLOR, strokeWidth=2, strokeDash=[6, 3]).encode(
                tooltip=tooltip
            )
        )
        layers.append(
            base.mark_text(
                align="right",
                baseline="top",
                dx=-4,
                dy=4,
                fontSize=12,
                fontWeight="bold",
                color=MARKER_COLOR,
            ).encode(y=alt.value(0), text="label:N", tooltip=tooltip)
        )
    return alt.layer(*layers).properties(title=title, height=300)


def sentiment_chart(volume: pd.DataFrame, title: str) -> alt.Chart:
    """Share of negative mentions per bucket, one line per brand.

    ``volume``: columns ``bucket``, ``brand``, ``sentiment_label``, ``mentions``.
    """
    grouped = volume.assign(
        negative=volume["mentions"].where(volume["sentiment_label"] == "negative", 0)
    )
    share = grouped.groupby(["bucket", "brand"], as_index=False)[["mentions", "negative"]].sum()
    share["share"] = share["negative"] / share["mentions"]
    share["when"] = _utc_text(share["bucket"])
    return (
        alt.Chart(share)
        .mark_line(point=True)
        .encode(
            x=alt.X("bucket:T", scale=_UTC, axis=_time_axis()),
            y=alt.Y(
                "share:Q",
                title="negative share",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1]),
            ),
            color=alt.Color(
                "brand:N", scale=alt.Scale(range=BRAND_COLORS), legend=alt.Legend(orient="right")
            ),
            tooltip=[
                alt.Tooltip("when:N", title="from"),
                alt.Tooltip("brand:N"),
                alt.Tooltip("share:Q", title="negative", format=".0%"),
                alt.Tooltip("mentions:Q"),
            ],
        )
        .properties(title=title, height=240)
    )


def breakdown_chart(frame: pd.DataFrame, category: str, value: str, title: str) -> alt.Chart:
    """Horizontal bars of ``value`` per ``category``, largest first."""
    return (
        alt.Chart(frame)
        .mark_bar(color="#4c78a8")
        .encode(
            x=alt.X(f"{value}:Q", title=value),
            y=alt.Y(f"{category}:N", sort="-x", title=None),
            tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q")],
        )
        .properties(title=title, height=alt.Step(22))
    )
