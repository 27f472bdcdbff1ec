"""Mentions: every stored mention, filtered, newest first; pick one to read it in full."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.mention_detail import pick_mention, show_mention
from dashboard.widgets import MENTION_COLUMNS, mention_filter, require_mentions

LIMIT = 500

st.title("Mentions")
where = mention_filter("mentions")
total = data.totals(where)["mentions"]
require_mentions(total)

table = data.mention_table(where, limit=LIMIT)
shown = f"; showing the newest {len(table)}" if total > len(table) else ""
st.caption(f"{total:,} mentions match{shown}. Export them all from the Export page.")
st.dataframe(
    table[data.MENTION_TABLE_COLUMNS],
    hide_index=True,
    column_config=MENTION_COLUMNS,
)
picked = pick_mention(table, key="mentions_pick")
if picked is not None:
    show_mention(picked)
