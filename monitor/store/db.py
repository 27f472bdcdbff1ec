"""Open the database, create and migrate the schema, and small portable helpers.

SQLite (the default) runs in WAL mode with a busy timeout so the dashboard can
read while the collector writes. PostgreSQL works the same through SQLAlchemy.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Engine, Table, create_engine, event, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from monitor.config import mask_url_password
from monitor.errors import StoreError
from monitor.store import schema

__all__ = ["Store", "insert_ignore", "insert_new", "open_store"]


class Store:
    """A database handle. Create with :func:`open_store`; share one per process."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str, migrate: bool = True) -> Store:
    """Open (and by default create or migrate) the database at ``url``."""
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        folder = Path(url[len("sqlite:///") :]).parent
        if not folder.exists():
            raise StoreError(
                f"database folder {folder} does not exist: create it or fix 'database'"
            )
    try:
        engine = create_engine(url, future=True, **_engine_options(url))
    except (ArgumentError, ModuleNotFoundError, SQLAlchemyError) as exc:
        hint = ""
        if url.startswith("postgresql") and isinstance(exc, ModuleNotFoundError):
            hint = ": install the driver with pip install 'crisis-monitor[postgres]'"
        raise StoreError(f"cannot open database {mask_url_password(url)}{hint} ({exc})") from None
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(engine)
    if migrate:
        try:
            _migrate(store)
        except DBAPIError as exc:  # unreachable server, not a database file, no permission
            reason = str(exc.orig).strip().splitlines()[0]
            raise StoreError(f"cannot use database {mask_url_password(url)}: {reason}") from None
    return store


def _engine_options(url: str) -> dict[str, Any]:
    if url.startswith("sqlite"):  # a file: nothing to reconnect to, no need to ping
        return {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {"pool_pre_ping": True}  # a server may have dropped an idle connection


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _migrate(store: Store) -> None:
    with store.engine.begin() as conn:
        schema.metadata.create_all(conn)
        version = conn.execute(
            select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
        ).scalar()
        if version is None:
            conn.execute(
                schema.meta.insert().values(key="schema_version", value=str(schema.SCHEMA_VERSION))
            )
        elif int(version) > schema.SCHEMA_VERSION:
            raise StoreError(
                f"the database has schema version {version}, newer than this monitor "
                f"({schema.SCHEMA_VERSION}): upgrade crisis-monitor"
            )
        elif int(version) < schema.SCHEMA_VERSION:
            _add_missing_columns(conn)
            if int(version) < 4 and conn.dialect.name == "postgresql":  # SQLite has no widths
                conn.exec_driver_sql("ALTER TABLE incidents ALTER COLUMN kind TYPE VARCHAR(100)")
            conn.execute(
                update(schema.meta)
                .where(schema.meta.c.key == "schema_version")
                .values(value=str(schema.SCHEMA_VERSION))
            )
        if version is not None:
            _add_missing_indexes(conn)  # also one added within a version (a faster read)


def _add_missing_indexes(conn: Connection) -> None:
    """Create the indexes the schema declares that the database lacks (one catalogue read
    per table; building a new index on a large table takes a while, once)."""
    inspector = inspect(conn)
    for table in schema.metadata.sorted_tables:
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        for index in table.indexes:
            if index.name not in present:
                index.create(conn)


def _add_missing_columns(conn: Connection) -> None:
    """Bring tables created by an older version up to date: new columns are added.

    Columns added after version 1 are nullable or carry a server default, so
    ``ALTER TABLE ... ADD COLUMN`` works on both SQLite and PostgreSQL.
    """
    inspector = inspect(conn)
    for table in schema.metadata.sorted_tables:
        present = {c["name"] for c in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name in present:
                continue
            kind = column.type.compile(dialect=conn.dialect)
            default = ""
            if column.server_default is not None:
                default = f" DEFAULT {column.server_default.arg}"
            conn.exec_driver_sql(
                f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}{default}'
            )
        for index in table.indexes:
            index.create(conn, checkfirst=True)


def insert_ignore(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows, skipping any that collide with a unique key. Returns rows inserted."""
    key = next(iter(table.primary_key.columns))
    return len(insert_new(conn, table, rows, key))


def insert_new(
    conn: Connection, table: Table, rows: Iterable[dict[str, Any]], column: Column[Any]
) -> list[Any]:
    """Insert rows, skipping any that collide with a unique key; ``column`` of those inserted.

    RETURNING tells what was inserted on every driver (rowcount does not); the rows go
    out as one batched INSERT (SQLAlchemy's "insertmanyvalues"), not one per row.
    """
    rows = list(rows)
    if not rows:
        return []
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(table).on_conflict_do_nothing().returning(column)
    return list(conn.execute(statement, rows).scalars())
