"""One mention, read in full: who said it where, how it reads, and where the brand matched."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from dashboard.format import badges, plain, utc, web_url
from dashboard.highlight import highlight_mention

__all__ = ["mention_label", "pick_mention", "show_mention"]

_SHORT = 90  # characters of a title in the picker


def mention_label(row: pd.Series) -> str:
    """``"2026-11-20 14:05 · forum · Acme cup lid melted…"`` (the text when there is no title)."""
    words = " ".join(str(row["title"] or row["text"] or "(no text)").split())
    short = words if len(words) <= _SHORT else words[: _SHORT - 1] + "…"
    return f"{row['event_at']:%Y-%m-%d %H:%M} · {row['source']} · {short}"


def pick_mention(table: pd.DataFrame, key: str) -> pd.Series | None:
    """A selectbox over the table's mentions (by id); the picked row, or None if empty."""
    if table.empty:
        return None
    rows = table.set_index("id", drop=False)
    picked = st.selectbox(
        "Read a mention",
        rows.index.tolist(),
        format_func=lambda mention_id: mention_label(rows.loc[mention_id]),
        key=key,
        help="Its full text, with where the brand matched highlighted.",
    )
    return rows.loc[picked] if picked is not None else None


def show_mention(row: pd.Series) -> None:
    """The picked mention: safety terms first when it has any, then facts, then its text."""
    safety: list[Any] = list(row["safety_terms"])
    with st.container(border=True):
        if safety:
            st.markdown("**Safety terms**  \n" + badges(safety, "red"))
        facts = [
            f"**{plain(row['brand'])}** (matched as “{plain(row['alias'])}”)",
            plain(row["source"]),
            utc(row["event_at"]),
            f"language {plain(row['lang'] or '?')}",
            f"{row['sentiment_label']} ({row['sentiment']:+.2f})",
        ]
        address = web_url(row["url"])  # a javascript: or data: URL gets no link
        if address:
            facts.append(f"[open]({address})")
        st.markdown(" · ".join(facts))
        st.markdown(
            f"**Complaint terms:** {plain(row['complaint_terms']) or 'none'}  \n"
            f"**Risk terms:** {plain(row['risk_terms']) or 'none'}"
        )
        title, text = highlight_mention(row["title"] or "", row["text"] or "", row["spans"])
        st.html(
            '<div class="mention-text">'
            + (f'<p style="font-weight:600;margin:0 0 0.5em">{title}</p>' if title else "")
            + f'<div style="white-space:pre-wrap">{text}</div></div>'
        )
