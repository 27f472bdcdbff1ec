"""Poll sources: storage says what is due, a bounded pool fetches, one function per source.

Each source's outcome (items stored, or the error) is recorded on the source
itself; one failing source never stops the others.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import httpx

from monitor.config import Config, Source
from monitor.enrich import Enricher
from monitor.ingest import process_items
from monitor.match import BrandMatcher
from monitor.store import Store
from monitor.store.mentions import save_items
from monitor.store.sourcestate import claim_due, record_failure, record_success, sync_sources
from sources import FetchLimits, FetchSpec, SourceError, Validators, collect, make_client

__all__ = ["CollectSummary", "SourceOutcome", "collect_once"]

MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True)
class SourceOutcome:
    name: str
    ok: bool
    items: int = 0
    mentions: int = 0
    not_modified: bool = False
    error: str | None = None


@dataclass
class CollectSummary:
    outcomes: list[SourceOutcome] = field(default_factory=list)

    @property
    def mentions(self) -> int:
        return sum(o.mentions for o in self.outcomes)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if not o.ok]


class Collector:
    """Everything one polling round needs, built once per config."""

    def __init__(self, config: Config, store: Store):
        self.config = config
        self.store = store
        self.matcher = BrandMatcher(config.brands)
        self.enricher = Enricher(config)
        c = config.collect
        self.limits = FetchLimits(
            user_agent=c.user_agent,
            connect_timeout=c.connect_timeout.total_seconds(),
            total_timeout=c.total_timeout.total_seconds(),
            max_bytes=c.max_bytes,
        )

    def collect(
        self,
        now: datetime,
        due_only: bool = True,
        progress: Callable[[SourceOutcome], None] | None = None,
    ) -> CollectSummary:
        """Poll the sources (all, or only those due) once, from synchronous code.

        Works even where an event loop is already running in this thread (a
        notebook, an async application): the round then runs in a worker thread.
        """
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.run(now, due_only, progress))
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, self.run(now, due_only, progress)).result()

    def interval(self, source: Source) -> timedelta:
        return source.interval or self.config.collect.interval

    async def run(
        self, now: datetime, due_only: bool, progress: Callable[[SourceOutcome], None] | None
    ) -> CollectSummary:
        enabled = [s for s in self.config.sources if s.enabled]
        sync_sources(self.store, enabled)
        hold = now + self.config.collect.total_timeout * 2
        rows = claim_due(self.store, [s.name for s in enabled], now, hold, due_only=due_only)
        summary = CollectSummary()
        if not rows:
            return summary
        gate = asyncio.Semaphore(self.config.collect.concurrency)
        async with make_client(self.limits) as client:

            async def one(row) -> None:
                async with gate:
                    outcome = await self.refresh(client, self.config.source(row["name"]), row, now)
                summary.outcomes.append(outcome)
                if progress:
                    progress(outcome)

            await asyncio.gather(*(one(r) for r in rows))
        summary.outcomes.sort(key=lambda o: o.name)
        return summary

    async def refresh(
        self, client: httpx.AsyncClient, source: Source, row, now: datetime
    ) -> SourceOutcome:
        """Poll one source once and record the outcome on it."""
        spec = FetchSpec(
            name=source.name,
            type=source.type,
            url=source.url,
            selectors=dict(source.selectors),
            fields=dict(source.fields),
            headers=dict(source.headers),
        )
        validators = Validators(etag=row.get("etag"), last_modified=row.get("last_modified"))
        try:
            result = await collect(client, spec, validators, self.limits)
        except SourceError as exc:
            return self._failed(
                source,
                row,
                now,
                str(exc),
                getattr(exc, "status", None),
                getattr(exc, "retry_after", None),
            )
        except Exception as exc:  # a bug in a parser must not stop the round
            return self._failed(
                source, row, now, f"unexpected {type(exc).__name__}: {exc}", None, None
            )
        processed = process_items(
            result.items, source.name, now, self.matcher, self.enricher, source.url
        )
        added = save_items(self.store, processed)
        interval = self.interval(source)
        if result.retry_after:
            interval = max(interval, timedelta(seconds=result.retry_after))
        record_success(
            self.store,
            source.name,
            now,
            now + _jitter(interval, source.name, now, self.config),
            result.status,
            result.validators.etag,
            result.validators.last_modified,
            len(result.items),
            added,
        )
        return SourceOutcome(source.name, True, len(result.items), added, result.not_modified)

    def _failed(self, source: Source, row, now, error: str, status, retry_after) -> SourceOutcome:
        errors = int(row.get("error_count") or 0) + 1
        delay = min(self.interval(source) * (2 ** min(errors - 1, 10)), MAX_BACKOFF)
        if retry_after:
            delay = max(delay, timedelta(seconds=float(retry_after)))
        count = record_failure(
            self.store,
            source.name,
            now,
            now + _jitter(delay, source.name, now, self.config),
            status,
            error,
            self.config.collect.error_limit,
        )
        if count >= self.config.collect.error_limit:
            error += (
                f" (disabled after {count} consecutive errors: "
                f"run 'monitor sources reset {source.name}' once fixed)"
            )
        return SourceOutcome(source.name, False, error=error)


def _jitter(delay: timedelta, name: str, now: datetime, config: Config) -> timedelta:
    """Spread checks so sources with one interval do not fire together (deterministic)."""
    digest = hashlib.sha256(f"{name}|{now.isoformat()}".encode()).digest()
    fraction = (digest[0] / 255.0 * 2 - 1) * config.collect.jitter
    return delay * (1 + fraction)


def collect_once(
    config: Config,
    store: Store,
    now: datetime,
    due_only: bool = False,
    progress: Callable[[SourceOutcome], None] | None = None,
) -> CollectSummary:
    """Poll every enabled source (or only those due) once and store new mentions."""
    return Collector(config, store).collect(now, due_only, progress)
