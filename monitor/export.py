"""Export mentions for analysts: CSV, JSON Lines or Parquet, streamed in batches."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, BinaryIO

from monitor.store import Store
from monitor.store.mentions import MentionFilter, mention_rows

__all__ = ["EXPORT_COLUMNS", "FORMATS", "export_mentions"]

EXPORT_COLUMNS = (
    "id",
    "brand",
    "source",
    "url",
    "title",
    "text",
    "published_at",
    "fetched_at",
    "lang",
    "sentiment",
    "sentiment_label",
    "complaint",
    "incident_id",
    "event_at",
    "alias",
    "complaint_terms",
    "risk_terms",
    "safety_terms",
    "author",
    "story_id",
    "copies",
    "early_warning",
)
FORMATS = ("csv", "jsonl", "parquet")
BATCH = 5000


def _arrow_schema():
    """The Parquet schema; pyarrow is imported only when a Parquet file is written
    (it costs tens of MB, which a collector or the CLI's other commands need not carry)."""
    import pyarrow as pa

    return pa.schema(
        [
            ("id", pa.int64()),
            ("brand", pa.string()),
            ("source", pa.string()),
            ("url", pa.string()),
            ("title", pa.string()),
            ("text", pa.string()),
            ("published_at", pa.timestamp("us", tz="UTC")),
            ("fetched_at", pa.timestamp("us", tz="UTC")),
            ("lang", pa.string()),
            ("sentiment", pa.float64()),
            ("sentiment_label", pa.string()),
            ("complaint", pa.bool_()),
            ("incident_id", pa.int64()),
            ("event_at", pa.timestamp("us", tz="UTC")),
            ("alias", pa.string()),
            ("complaint_terms", pa.list_(pa.string())),
            ("risk_terms", pa.list_(pa.string())),
            ("safety_terms", pa.list_(pa.string())),
            ("author", pa.string()),
            ("story_id", pa.int64()),
            ("copies", pa.int64()),
            ("early_warning", pa.float64()),
        ]
    )


def _rows(store: Store, where: MentionFilter) -> Iterator[dict[str, Any]]:
    for row in mention_rows(store, where):
        yield {c: row[c] for c in EXPORT_COLUMNS}


def _iso(value: datetime | None) -> str:
    return value.isoformat() if value else ""


def export_mentions(
    store: Store,
    where: MentionFilter,
    fmt: str,
    out: BinaryIO,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every mention matching ``where`` to ``out``. Returns the row count."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
    return writer(_rows(store, where), out, progress)


def _write_csv(rows, out: BinaryIO, progress) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.DictWriter(text, fieldnames=EXPORT_COLUMNS)
    writer.writeheader()
    count = 0
    for row in rows:
        row = dict(row)
        for key in ("published_at", "fetched_at", "event_at"):
            row[key] = _iso(row[key])
        row["complaint"] = int(row["complaint"])
        row["complaint_terms"] = "|".join(row["complaint_terms"])
        row["risk_terms"] = "|".join(row["risk_terms"])
        row["safety_terms"] = "|".join(row["safety_terms"])
        writer.writerow(row)
        count += 1
        if progress and count % BATCH == 0:
            progress(count)
    text.flush()
    text.detach()
    return count


def _write_jsonl(rows, out: BinaryIO, progress) -> int:
    count = 0
    for row in rows:
        row = dict(row)
        for key in ("published_at", "fetched_at", "event_at"):
            row[key] = row[key].isoformat() if row[key] else None
        out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        count += 1
        if progress and count % BATCH == 0:
            progress(count)
    out.flush()
    return count


def _write_parquet(rows, out: BinaryIO, progress) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    count = 0
    with pq.ParquetWriter(out, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                count += len(batch)
                batch = []
                if progress:
                    progress(count)
        if batch or count == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            count += len(batch)
    return count
