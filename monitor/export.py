"""Export mentions for analysts: CSV, JSON Lines, Parquet or Excel, streamed in batches.

Rows are read ``BATCH`` at a time, as columns, and written before the next batch is
read, so memory stays bounded whatever the size of the history. CSV cells that a
spreadsheet would run as a formula are escaped (:func:`escape_formula`); an Excel
workbook stores every text as a string. JSON Lines and Parquet keep values exact.

Errors: :class:`ExportError` (a ``MonitorError``) when the rows cannot be written in
the format asked for, such as more rows than an Excel sheet holds.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, BinaryIO

from sqlalchemy import DateTime, Select, and_, true, type_coerce

from monitor.errors import MonitorError
from monitor.store import Store
from monitor.store.mentions import MentionFilter, count_mentions
from monitor.store.mentions import _select_rows as mention_query  # the rows mention_rows reads
from monitor.store.schema import mentions

__all__ = [
    "EXCEL_MAX_ROWS",
    "EXPORT_COLUMNS",
    "FORMATS",
    "ExportError",
    "escape_formula",
    "export_mentions",
]

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
FORMATS = ("csv", "jsonl", "parquet", "xlsx")
BATCH = 5000  # rows read, converted and written at a time
ROW_GROUP = 100_000  # Parquet rows per row group, at most (larger groups compress better)
ROW_GROUP_BYTES = 32 << 20  # and at most this much Arrow data held before it is written
EXCEL_MAX_ROWS = 1_048_575  # an Excel sheet holds 1,048,576 rows; one is the header
TIMES = ("published_at", "fetched_at", "event_at")
TERMS = ("complaint_terms", "risk_terms", "safety_terms")
TEXTS = ("brand", "source", "url", "title", "text", "lang", "sentiment_label", "alias", "author")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")

Progress = Callable[[int], None]
Columns = dict[str, list[Any]]


class ExportError(MonitorError):
    """The mentions cannot be written in the format asked for."""


def escape_formula(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula.

    OWASP's rule for CSV injection: a cell whose first character is ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return (or NUL) is prefixed with a single quote; so is
    one whose first character after leading spaces or line breaks is one of the first
    four, since some programs trim those. Excel and LibreOffice show the rest as text.
    """
    if value.startswith(FORMULA_START) or value.lstrip().startswith(FORMULA_START[:4]):
        return "'" + value
    return value


def export_mentions(
    store: Store,
    where: MentionFilter,
    fmt: str,
    out: BinaryIO,
    progress: Progress | None = None,
) -> int:
    """Write every mention matching ``where`` to ``out``, oldest first. Returns the row
    count; ``progress`` (if given) is called with the rows written so far, every batch."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt == "xlsx":  # refuse before writing anything rather than leave half a workbook
        found = count_mentions(store, where)
        if found > EXCEL_MAX_ROWS:
            raise ExportError(_too_many(f"{found:,}"))
    writer = {
        "csv": _write_csv,
        "jsonl": _write_jsonl,
        "parquet": _write_parquet,
        "xlsx": _write_xlsx,
    }[fmt]
    return writer(_batches(store, where), out, progress or (lambda n: None))


def _too_many(count: str) -> str:
    return (
        f"{count} mentions match, more than an Excel sheet holds ({EXCEL_MAX_ROWS:,} rows "
        "under the header): narrow the filters (--since, --until, --brand) or use "
        "--format csv or parquet"
    )


# --- reading ---------------------------------------------------------------------------


def _query(where: MentionFilter) -> Select[Any]:
    """``mention_rows``' query and order, reduced to the exported columns; times are read
    as plain datetimes, made UTC once per batch (``_naive_utc``) rather than per value."""
    base = mention_query()
    picked = [
        type_coerce(c, DateTime(timezone=True)).label(c.name) if c.name in TIMES else c
        for c in base.selected_columns
        if c.name in EXPORT_COLUMNS
    ]
    return (
        base.with_only_columns(*picked)
        .where(and_(true(), *where.clauses()))
        .order_by(mentions.c.event_at, mentions.c.id)
    )


def _batches(store: Store, where: MentionFilter) -> Iterator[Columns]:
    """The mentions matching ``where``, oldest first, ``BATCH`` rows at a time as columns
    named ``EXPORT_COLUMNS``: the values ``mention_rows`` gives, without a dict per row,
    except that times are naive datetimes in UTC."""
    with store.engine.connect() as conn:
        result = conn.execution_options(yield_per=BATCH).execute(_query(where))
        names = list(result.keys())
        for rows in result.partitions():
            read = dict(zip(names, zip(*rows, strict=True), strict=True))
            columns = {name: list(read[name]) for name in names}
            for name in TIMES:
                columns[name] = _naive_utc(columns[name])
            for name in TERMS:  # JSON lists: one parse per batch, not one per row
                columns[name] = json.loads("[" + ",".join(t or "[]" for t in read[name]) + "]")
            columns["complaint"] = [bool(terms) for terms in columns["complaint_terms"]]
            columns["copies"] = [max(1, c or 0) for c in read["copies"]]
            yield columns


def _naive_utc(values: list[datetime | None]) -> list[datetime | None]:
    """SQLite gives the stored UTC times without a zone; PostgreSQL gives them in the
    session's zone: make both naive UTC (what Arrow and Excel take fastest)."""
    if all(v is None or v.tzinfo is None for v in values):
        return values
    return [v.astimezone(UTC).replace(tzinfo=None) if v else None for v in values]


def _rows(columns: Columns) -> Iterator[tuple[Any, ...]]:
    return zip(*(columns[name] for name in EXPORT_COLUMNS), strict=True)


def _iso(values: list[datetime | None], missing: str | None) -> list[str | None]:
    """ISO 8601 with ``+00:00``, as an aware UTC datetime's ``isoformat()`` writes it."""
    return [v.isoformat() + "+00:00" if v else missing for v in values]


# --- writers ---------------------------------------------------------------------------


def _write_csv(batches: Iterator[Columns], out: BinaryIO, progress: Progress) -> int:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(EXPORT_COLUMNS)
    count = 0
    for columns in batches:
        for name in TIMES:
            columns[name] = _iso(columns[name], "")
        columns["complaint"] = [int(c) for c in columns["complaint"]]
        for name in TERMS:
            columns[name] = ["|".join(terms) for terms in columns[name]]
        for name in (*TEXTS, *TERMS):  # text only: a negative score stays a number
            columns[name] = [escape_formula(v) if v else v for v in columns[name]]
        writer.writerows(_rows(columns))
        count += len(columns["id"])
        progress(count)
    text.flush()
    text.detach()
    return count


def _write_jsonl(batches: Iterator[Columns], out: BinaryIO, progress: Progress) -> int:
    count = 0
    for columns in batches:
        for name in TIMES:
            columns[name] = _iso(columns[name], None)
        lines = [
            json.dumps(dict(zip(EXPORT_COLUMNS, row, strict=True)), ensure_ascii=False)
            for row in _rows(columns)
        ]
        out.write(("\n".join(lines) + "\n").encode())
        count += len(lines)
        progress(count)
    out.flush()
    return count


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


def _write_parquet(batches: Iterator[Columns], out: BinaryIO, progress: Progress) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    count = 0
    pending: list[pa.RecordBatch] = []  # up to one row group, then written and dropped
    with pq.ParquetWriter(out, schema) as writer:
        for columns in batches:
            arrays = [pa.array(columns[f.name], f.type) for f in schema]
            pending.append(pa.RecordBatch.from_arrays(arrays, schema=schema))
            count += len(columns["id"])
            held = sum(b.num_rows for b in pending), sum(b.nbytes for b in pending)
            if held[0] >= ROW_GROUP or held[1] >= ROW_GROUP_BYTES:
                writer.write_table(pa.Table.from_batches(pending, schema))
                pending = []
            progress(count)
        if pending or count == 0:  # an export with no rows is still a valid file
            writer.write_table(pa.Table.from_batches(pending, schema))
    return count


def _write_xlsx(batches: Iterator[Columns], out: BinaryIO, progress: Progress) -> int:
    """One sheet, ``mentions``, written row by row in XlsxWriter's constant-memory mode:
    each row goes to a temporary file when the next begins, and the file is zipped into
    ``out`` at the end. Nothing reaches ``out`` if a row cannot be written."""
    import xlsxwriter
    from xlsxwriter.exceptions import FileSizeError

    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_formulas": False,  # a post that reads "=HYPERLINK(...)" stays text
            "strings_to_urls": False,  # and a link stays text, not a clickable cell
            "strings_to_numbers": False,
            "default_date_format": "yyyy-mm-dd hh:mm:ss",
        },
    )
    sheet = workbook.add_worksheet("mentions")
    sheet.freeze_panes(1, 0)
    header = workbook.add_format({"bold": True})
    write = []
    for col, name in enumerate(EXPORT_COLUMNS):
        sheet.write_string(0, col, name, header)
        if name in TIMES:
            sheet.set_column(col, col, 19)  # wide enough for the date and time
            write.append(sheet.write_datetime)  # naive UTC: Excel's times have no zone
        elif name == "complaint":
            write.append(sheet.write_boolean)
        elif name in (*TEXTS, *TERMS):
            write.append(sheet.write_string)  # at most 32,767 characters: Excel's limit
        else:
            write.append(sheet.write_number)
    count = 0
    for columns in batches:
        for name in TERMS:
            columns[name] = ["|".join(terms) for terms in columns[name]]
        for values in _rows(columns):
            count += 1
            if count > EXCEL_MAX_ROWS:  # rows stored since the count: stop, write nothing
                raise ExportError(_too_many(f"more than {EXCEL_MAX_ROWS:,}"))
            for col, value in enumerate(values):
                if value is not None and value != "":
                    write[col](count, col, value)
        progress(count)
    try:
        workbook.close()
    except FileSizeError:
        raise ExportError(
            f"{count:,} mentions make a workbook over 4 GB: narrow the filters or use "
            "--format csv or parquet"
        ) from None
    return count
