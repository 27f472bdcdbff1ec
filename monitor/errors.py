"""The monitor's exception tree.

Every error the CLI may show is a :class:`MonitorError`; its message is one line
that names the thing that is wrong and how to fix it.

- ``MonitorError``
  - ``ConfigError``: ``sources.yaml`` is missing, unreadable or invalid (lists every problem).
  - ``StoreError``: the database cannot be opened, created or migrated.
  - ``InputError``: a file the user handed over (CSV, series, JSON Lines) cannot be read.
  - ``AlertError``: a channel refused or could not be reached (the alert stays queued).
  - ``AnalyzerError``: a configured sentiment analyzer cannot be built (an ``hf:`` model
    or its packages are missing, or its labels cannot be read).
  - ``ExportError`` (``monitor.export``): an export cannot be written as asked (an .xlsx
    to standard output, more rows than a sheet holds).
"""

from __future__ import annotations


class MonitorError(Exception):
    """Base of every error the monitor reports to a user."""


class ConfigError(MonitorError):
    """The configuration file is invalid; ``problems`` lists each one."""

    def __init__(self, path: str, problems: list[str]):
        self.path = path
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        noun = "problem" if len(problems) == 1 else "problems"
        super().__init__(f"{path}: {len(problems)} {noun}:\n{lines}")


class StoreError(MonitorError):
    """The database is unusable."""


class InputError(MonitorError):
    """An input file is unreadable or malformed."""


class AlertError(MonitorError):
    """A channel could not deliver an alert."""


class AnalyzerError(MonitorError):
    """A configured sentiment analyzer cannot be built (missing packages, model or labels)."""
