"""Mentions: every stored mention, filtered, newest first; the posts to watch among them
(highest early-warning score); pick one to read it in full."""

from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.format import plain
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
watch = data.posts_to_watch(where)
if not watch.empty:
    st.subheader(
        "Posts to watch",
        help="The highest early-warning scores among these mentions: one post that may go "
        "viral before volume moves (reach, growth between polls, tone, complaint and safety "
        "terms).",
    )
    for post in watch.itertuples():
        title = plain(post.title or "(no title)")
        link = f"[{title}]({post.url})" if post.url else title
        st.markdown(f"**{post.early_warning:.2f}** · {link} · {plain(post.source)}")
picked = pick_mention(table, key="mentions_pick")
if picked is not None:
    show_mention(picked)
