"""Sources: is every feed, page and API being read? The worst first, with what to do about it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data
from dashboard.format import ago, every, plain, utc

st.title("Sources")
table = data.sources()
if table.empty:
    st.info(
        "No sources configured: add them under `sources:` in sources.yaml, then run "
        "`monitor check-config`."
    )
    st.stop()

health = table["health"]
now = data.now()

count = table.loc[table["configured"], "health"].value_counts()
figures = [
    ("Sources", int(table["configured"].sum()), "Sources in sources.yaml."),
    ("Collecting", count.get("ok", 0), "The last poll worked, with or without anything new."),
    ("Failing", count.get("failing", 0), "The last poll failed; it will be retried."),
    ("Blocked", count.get("blocked", 0),
     "The site refuses the monitor: a captcha or challenge page, HTTP 403 or robots.txt."),
    ("Empty", count.get("empty", 0), "A feed that had entries answered with none."),
    ("Disabled", count.get("disabled", 0),
     "Stopped after too many errors in a row: fix the cause, then run "
     "`monitor sources reset NAME`."),
    ("Never polled", count.get("not polled yet", 0), "Not polled since it was added."),
]  # fmt: skip
for column, (label, value, help_text) in zip(st.columns(len(figures)), figures, strict=True):
    column.metric(label, int(value), help=help_text)

coverage = data.coverage()
settings = data.config()
if coverage.blind and coverage.share >= settings.collect.blind_share:
    ops = plain(", ".join(c.name for c in settings.alerts.channels if c.audience == "ops"))
    since = data.blind_since()
    if ops and since is not None:
        told = f"Ops have been alerted on {ops}; partly blind since {utc(since)}."
    elif ops:
        told = f"Ops will be alerted on {ops} at the next `monitor run` cycle."
    else:
        told = (
            "No ops channel is configured, so nobody has been alerted: add one to "
            "`alerts.channels` with `audience: ops`."
        )
    st.error(f"The monitor is partly blind: {coverage.summary()}. {told}")

remedies = {
    "disabled": "stopped after too many errors in a row; fix the cause, then run "
    "`monitor sources reset {name}`",
    "blocked": "the site refuses the monitor; ask the site for access, or use its official "
    "feed or API",
    "failing": "retried automatically, backing off; the last error is in the table below",
    "empty": "the feed answered with no entries; check the URL",
}
problems = [
    f"- **{plain(', '.join(names))}** ({kind}): "
    + remedies[kind].format(name=names[0] if len(names) == 1 else "NAME")
    + "."
    for kind in remedies
    if (names := list(table.loc[(health == kind) & table["configured"], "name"]))
]
if problems:
    st.warning("Not collecting properly:\n\n" + "\n".join(problems))
silent = data.silent_sources()
if silent:
    st.warning(
        "Gone silent (ops have been told):\n\n"
        + "\n".join(f"- {plain(str(d.get('summary', d.get('source'))))}" for d in silent)
    )
if (health == "not polled yet").all():
    st.info("No source has been polled yet: run `monitor collect --once`, or start `monitor run`.")

order = {name: rank for rank, name in enumerate(data.HEALTH)}
state = table.assign(
    last_success=[ago(t, now) if pd.notna(t) else "never" for t in table["last_success_at"]],
    # a disabled source is not polled again until it is reset
    polls_every=[
        "stopped" if h == "disabled" else every(s)
        for h, s in zip(health, table["interval_seconds"], strict=True)
    ],
    next_check_at=table["next_check_at"].where(health != "disabled"),
    last_error=table["last_error"].fillna(""),
    last_warning=table["last_warning"].fillna(""),
).sort_values("health", key=lambda s: s.map(order), kind="stable")
columns = [
    "health", "name", "type", "url", "last_checked_at", "last_success", "next_check_at",
    "polls_every", "last_status", "error_count", "last_error", "last_warning", "last_items",
    "mentions_added", "configured",
]  # fmt: skip
colors = {
    "disabled": "#fdecea",
    "blocked": "#f3e8fd",
    "failing": "#fff4e5",
    "empty": "#fffbe6",
    "not polled yet": "#f0f2f6",
}
when = "YYYY-MM-DD HH:mm"
st.dataframe(
    state[columns].style.apply(
        lambda row: [f"background-color: {colors.get(row['health'], '')}"] * len(row), axis=1
    ),
    hide_index=True,
    column_config={
        "last_checked_at": st.column_config.DatetimeColumn("last checked (UTC)", format=when),
        "last_success": st.column_config.TextColumn("last success"),
        "next_check_at": st.column_config.DatetimeColumn("next check (UTC)", format=when),
        "polls_every": st.column_config.TextColumn(
            "polls every",
            help="The interval the last poll chose: longer while nothing changes, as the "
            "server's Cache-Control or Retry-After asks, or backing off after errors.",
        ),
        "last_status": st.column_config.NumberColumn(
            "HTTP status", format="%d", help="Of the last answer (304: not modified)."
        ),
        "error_count": st.column_config.NumberColumn("errors", format="%d"),
        "last_error": st.column_config.TextColumn("last error", width="large"),
        "last_warning": st.column_config.TextColumn("last warning", width="large"),
        "last_items": st.column_config.NumberColumn(
            "items in last answer", format="%d", help="Entries in the last full answer."
        ),
        "mentions_added": st.column_config.NumberColumn("mentions added", format="%d"),
        "url": st.column_config.LinkColumn("url"),
    },
)
if not state["configured"].all():
    st.caption(
        "Sources marked configured = false have state in the database but are no longer "
        "in sources.yaml; they are not polled."
    )
