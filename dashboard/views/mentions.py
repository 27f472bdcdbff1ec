"""Mentions: every stored mention, filtered, newest first, a page at a time; the posts to
watch among them (highest early-warning score); pick one to read it in full.

Matches are counted up to ``data.COUNT_CAP`` (past it the count reads "more than"), so
the page stays quick on millions of mentions; the pages reach that far, and the Export
page has them all. New filters go back to the first page.
"""

from __future__ import annotations

import math

import streamlit as st

from dashboard import data
from dashboard.format import link, plain
from dashboard.mention_detail import pick_mention, show_mention
from dashboard.widgets import MENTION_COLUMNS, mention_filter, require_mentions
from monitor.store.mentions import MentionFilter

PAGE_SIZE = 100
_PAGE = "mentions_page"
_PAGED = "mentions_paged_for"  # the filters the page number belongs to


def matched(count: int) -> str:
    """``"417 mentions match"``, ``"More than 10,000 mentions match"``."""
    if count > data.COUNT_CAP:
        return f"More than {data.COUNT_CAP:,} mentions match"
    return f"{count:,} {'mention matches' if count == 1 else 'mentions match'}"


def page_count(count: int) -> int:
    """Pages of ``PAGE_SIZE`` over the matches that can be paged to (``COUNT_CAP``)."""
    return max(1, math.ceil(min(count, data.COUNT_CAP) / PAGE_SIZE))


def page_number(where: MentionFilter, pages: int) -> int:
    """The page picked (1 when there is one page); other filters start at the first."""
    state = st.session_state
    if state.get(_PAGED) != where:
        state[_PAGED], state[_PAGE] = where, 1
    if pages == 1:
        return 1
    state[_PAGE] = min(int(state.get(_PAGE) or 1), pages)
    return int(
        st.number_input(
            f"Page (of {pages:,})",
            min_value=1,
            max_value=pages,
            step=1,
            key=_PAGE,
            help=f"{PAGE_SIZE} mentions a page, newest first.",
        )  # fmt: skip
    )


def caption(count: int, first: int, shown: int) -> str:
    """What the table holds, from the ``first``-th mention (1-based), ``shown`` of them."""
    if count <= shown:
        return f"{matched(count)}. Export them all from the Export page."
    where = f"showing {first:,}–{first + shown - 1:,}, newest first"
    if count > data.COUNT_CAP:
        return (
            f"{matched(count)}; {where}. Narrow the filters to page through them all, or "
            "export them from the Export page."
        )
    return f"{matched(count)}; {where}. Export them all from the Export page."


st.title("Mentions")
where = mention_filter("mentions")
count = data.count(where)
require_mentions(count)

page = page_number(where, page_count(count))
offset = (page - 1) * PAGE_SIZE
table = data.mention_table(where, limit=PAGE_SIZE, offset=offset)
st.caption(caption(count, offset + 1, len(table)))
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
        title = link(plain(post.title or "(no title)"), post.url)  # no link to javascript:
        st.markdown(f"**{post.early_warning:.2f}** · {title} · {plain(post.source)}")
picked = pick_mention(table, key="mentions_pick")
if picked is not None:
    show_mention(picked)
