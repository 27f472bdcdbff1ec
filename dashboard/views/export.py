"""Export: the filtered mention history as CSV, JSON Lines, Parquet or Excel, for analysts."""

from __future__ import annotations

import shlex

import streamlit as st

from dashboard import data
from dashboard.widgets import mention_filter, require_mentions
from monitor.export import FORMATS
from monitor.store.mentions import MentionFilter

MAX_ROWS = 200_000  # above this, the command line streams it better than a browser download
LABELS = {"csv": "CSV", "jsonl": "JSON Lines", "parquet": "Parquet", "xlsx": "Excel"}
MIME = {
    **data.EXPORT_MIME,
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def command(where: MentionFilter, fmt: str) -> str:
    """The same export on the command line (the CLI takes brand, source, language, sentiment
    and dates)."""
    parts = ["monitor", "export", "--format", fmt]
    for flag, value in (
        ("--brand", where.brand),
        ("--source", where.source),
        ("--lang", where.lang),
        ("--sentiment", where.sentiment_label),
    ):
        if value:
            parts += [flag, value]
    for flag, moment in (("--since", where.since), ("--until", where.until)):
        if moment:
            parts += [flag, moment.strftime("%Y-%m-%d")]
    return shlex.join([*parts, "--out", f"mentions.{fmt}"])


st.title("Export")
st.caption(
    "One row per mention with its brand, source, text, language, sentiment, complaint "
    "and risk terms and incident."
)
where = mention_filter("export")
fmt = st.radio(
    "Format",
    FORMATS,
    horizontal=True,
    key="export_format",
    format_func=LABELS.get,
)
total = data.count(where, at_most=MAX_ROWS)  # counting stops past what a browser takes
require_mentions(total)
if total > MAX_ROWS:
    st.warning(
        f"More than {MAX_ROWS:,} mentions match: too many for a browser download. Narrow "
        "the filters or run the command below."
    )
else:
    payload, rows = data.export_file(where, fmt)
    st.download_button(
        f"Download {rows:,} mentions ({fmt})",
        payload,
        file_name=f"mentions.{fmt}",
        mime=MIME[fmt],
        on_click="ignore",
        type="primary",
        icon=":material/download:",
    )
st.markdown("The same export from the command line:")
st.code(command(where, fmt), language="bash")
if where.search or where.complaint:
    st.caption("The command line has no text or complaints-only filter: it exports more rows.")
