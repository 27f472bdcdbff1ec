"""Storage: the only place that talks to the database."""

from monitor.store.db import Store, insert_ignore, open_store

__all__ = ["Store", "insert_ignore", "open_store"]
