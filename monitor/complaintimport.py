"""Read helpdesk exports: CSV, or JSON (an array, JSON Lines, or an object holding the list).

The format is told from the content, not the file name: a file that starts with
``[`` or ``{`` is JSON, anything else CSV. A JSON object holding the tickets under
a key (Zendesk's ``{"tickets": [...], "count": 3}``) is searched for its one list
of objects; when it holds several, ``tickets``, ``complaints``, ``records``,
``results``, ``data`` or ``items`` is taken, in that order.

``columns`` maps an export's header (CSV, compared without regard to case) or key
path (JSON, dotted: ``requester.name``, ``custom_fields.cf_order``, ``tags.0``) to
one of the monitor's fields. A header or top-level key already named like a field
needs no mapping, unless another one is mapped to that field. Several columns mapped
to ``text`` (a subject and a description) are joined, one per line.

Each ticket comes out as a :class:`Row` with its place in the file (``tickets.csv:4``,
``tickets.json: record 3``) and its values as stripped text. A file that is unusable
as a whole (unreadable, not UTF-8, broken JSON, no required field anywhere) raises
:class:`~monitor.errors.InputError`; a bad ticket is a row with a ``problem``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.config import COMPLAINT_FIELDS
from monitor.errors import InputError

__all__ = ["REQUIRED", "Row", "read_export"]

REQUIRED = ("id", "created_at", "text")
LIST_KEYS = ("tickets", "complaints", "records", "results", "data", "items")
_DATES = ("created_at", "updated_at")
_SURPLUS = "more cells than header columns (an unquoted comma?)"
_MAP_HINT = "map your export's {} with complaints.columns in sources.yaml"


@dataclass(frozen=True)
class Row:
    """One ticket of an export: where it is, and its values by field name."""

    where: str
    values: dict[str, str | None] = field(default_factory=dict)
    problem: str | None = None  # the ticket cannot be read at all (too many cells, bad JSON)


def read_export(
    path: Path,
    columns: Mapping[str, str],
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Row]:
    """The tickets of one export file. ``values`` translates codes per field, e.g.
    ``{"status": {"4": "resolved"}}`` for a helpdesk that exports numbers."""
    text = _read_text(path)
    if text.lstrip()[:1] in ("[", "{"):
        rows = _json_rows(path, text, columns)
    else:
        rows = _csv_rows(path, text, columns)
    if values:
        rows = [_translate(row, values) for row in rows]
    return rows


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot open ({exc.strerror})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: not UTF-8 (byte {exc.start}: {data[exc.start : exc.start + 1]!r}); "
            "export the file as UTF-8"
        ) from None


# --- CSV ------------------------------------------------------------------------------


def _csv_rows(path: Path, text: str, columns: Mapping[str, str]) -> list[Row]:
    mapping = {k.strip().lower(): v for k, v in columns.items()}
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        targets = _targets(header, mapping)
        missing = [f for f in REQUIRED if f not in targets]
        if missing:
            raise InputError(
                f"{path}: missing column(s) {', '.join(missing)}; " + _MAP_HINT.format("headers")
            )
        rows = []
        for cells in reader:
            where = f"{path}:{reader.line_num}"
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                rows.append(Row(where, problem=_SURPLUS))
                continue
            found = {
                name: [cells[i] for i in indexes if i < len(cells)]
                for name, indexes in targets.items()
            }
            rows.append(Row(where, _joined(found)))
    except csv.Error as exc:
        raise InputError(
            f"{path}:{reader.line_num}: not readable as CSV ({exc}); check the quotes on that line"
        ) from None
    return rows


def _targets(header: list[str], mapping: Mapping[str, str]) -> dict[str, list[int]]:
    """Field -> the indexes of its columns: mapped headers, else a header of its name."""
    mapped: dict[str, list[int]] = {}
    for name in dict.fromkeys(mapping.values()):
        mapped[name] = [i for i, h in enumerate(header) if mapping.get(h) == name]
    for i, h in enumerate(header):
        if h in COMPLAINT_FIELDS and not mapped.get(h) and h not in mapping:
            mapped.setdefault(h, []).append(i)
    return {name: indexes for name, indexes in mapped.items() if indexes}


# --- JSON -----------------------------------------------------------------------------


def _json_rows(path: Path, text: str, columns: Mapping[str, str]) -> list[Row]:
    paths = _paths(columns)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data" or not text.lstrip().startswith("{"):
            raise InputError(
                f"{path}:{exc.lineno}: not valid JSON ({exc.msg}, column {exc.colno}); "
                "export the tickets as a JSON array, JSON Lines, or an object holding the array"
            ) from None
        return _json_lines(path, text, paths)
    records = _records(path, data, paths)
    rows = [_json_row(f"{path}: record {n}", record, paths) for n, record in enumerate(records, 1)]
    _check_required(path, rows, paths)
    return rows


def _json_lines(path: Path, text: str, paths: dict[str, list[str]]) -> list[Row]:
    rows = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problem = f"not valid JSON ({exc.msg}, column {exc.colno}): one ticket object a line"
            rows.append(Row(where, problem=problem))
            continue
        rows.append(_json_row(where, record, paths))
    _check_required(path, rows, paths)
    return rows


def _paths(columns: Mapping[str, str]) -> dict[str, list[str]]:
    """Field -> the key paths that hold it: those mapped to it, else its own name."""
    paths: dict[str, list[str]] = {name: [] for name in COMPLAINT_FIELDS}
    for key, name in columns.items():
        paths[name].append(key.strip())
    return {name: found or [name] for name, found in paths.items()}


def _records(path: Path, data: Any, paths: dict[str, list[str]]) -> list[Any]:
    """The list of tickets in a parsed JSON document."""
    if isinstance(data, list):
        return data
    if not isinstance(data, dict):
        raise InputError(f"{path}: a JSON {type(data).__name__}, not tickets; " + _LIST_HINT)
    if any(_lookup(data, p) is not None for p in paths["id"]):
        return [data]  # one ticket on its own
    lists = {
        key: value
        for key, value in data.items()
        if isinstance(value, list) and all(isinstance(v, dict) for v in value)
    }
    if len(lists) == 1:
        return next(iter(lists.values()))
    by_name = {key.lower(): key for key in lists}
    for name in LIST_KEYS:
        if name in by_name:
            return lists[by_name[name]]
    if lists:
        raise InputError(
            f"{path}: several lists of objects ({', '.join(lists)}) and none is called "
            f"{' or '.join(LIST_KEYS[:2])}; keep only the tickets in the export"
        )
    raise InputError(f"{path}: no list of tickets found; " + _LIST_HINT)


_LIST_HINT = (
    "export a JSON array of tickets, JSON Lines, or an object holding the array "
    '(as Zendesk\'s {"tickets": [...]})'
)


def _json_row(where: str, record: Any, paths: dict[str, list[str]]) -> Row:
    if not isinstance(record, dict):
        return Row(where, problem=f"a JSON {type(record).__name__}, not a ticket object")
    found = {name: [_text(_lookup(record, p), name) for p in keys] for name, keys in paths.items()}
    return Row(where, _joined(found))


def _lookup(record: dict[str, Any], path: str) -> Any:
    """The value at a dotted key path (a literal key with dots first); None if absent.
    Keys match exactly, else without regard to case; a number indexes a list."""
    if path in record:
        return record[path]
    node: Any = record
    for part in path.split("."):
        if isinstance(node, dict):
            if part not in node:
                part = next((k for k in node if k.lower() == part.lower()), part)
            node = node.get(part)
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    return node


def _text(value: Any, name: str) -> str | None:
    """A JSON value as the text a CSV cell would hold (epoch numbers for dates)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float) and name in _DATES:
        seconds = value / 1000 if value > 1e11 else value  # milliseconds
        return datetime.fromtimestamp(seconds, UTC).isoformat()
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ", ".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False)


def _check_required(path: Path, rows: list[Row], paths: dict[str, list[str]]) -> None:
    """A field no ticket has means a missing mapping, not a thousand bad tickets."""
    readable = [row for row in rows if row.problem is None]
    if not readable:
        return
    missing = [f for f in REQUIRED if not any(row.values.get(f) for row in readable)]
    if missing:
        looked = "; ".join(f"{f}: key {' or '.join(paths[f])}" for f in missing)
        raise InputError(
            f"{path}: no ticket has the required field(s) {', '.join(missing)} ({looked}); "
            + _MAP_HINT.format("keys")
        )


# --- both -----------------------------------------------------------------------------


def _joined(found: Mapping[str, list[str | None]]) -> dict[str, str | None]:
    """Stripped values; several ``text`` columns joined one per line, for others the
    first non-empty one."""
    values: dict[str, str | None] = {}
    for name, cells in found.items():
        kept = [c.strip() for c in cells if c and c.strip()]
        if name == "text":
            values[name] = "\n".join(dict.fromkeys(kept)) or None
        else:
            values[name] = kept[0] if kept else None
    return values


def _translate(row: Row, values: Mapping[str, Mapping[str, str]]) -> Row:
    if row.problem:
        return row
    changed = dict(row.values)
    for name, table in values.items():
        value = changed.get(name)
        if value is not None:
            changed[name] = table.get(value, value)
    return Row(row.where, changed)
