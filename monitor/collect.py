"""Poll sources: storage says what is due, a bounded pool fetches, one function per source.

Each source's outcome (items stored, or the error) is recorded on the source
itself; one failing source never stops the others. When to poll next is decided
by :mod:`monitor.schedule`; per-host politeness by :mod:`monitor.politeness`.
"""

from __future__ import annotations

import asyncio
import hashlib
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import httpx

from monitor.complaints import complaint_mentions, record_site_complaints
from monitor.config import Config, Source
from monitor.enrich import Enricher
from monitor.ingest import DomainRules, item_key, process_items
from monitor.match import BrandMatcher
from monitor.politeness import HostGate, interleave_by_host
from monitor.schedule import backoff_delay, jittered, success_delay
from monitor.store import Store
from monitor.store.engagement import refresh_metrics
from monitor.store.mentions import known_keys, save_items
from monitor.store.sourcestate import claim_due, record_failure, record_success, sync_sources
from sources import (
    CollectResult,
    FetchLimits,
    FetchSpec,
    RawItem,
    RobotsCache,
    SourceError,
    Validators,
    collect,
    make_client,
)
from sources.errors import describe_type

__all__ = ["Collector", "CollectSummary", "SourceOutcome", "collect_once", "items_digest"]

# rounds this big parse in other processes (when there are other cores): starting them
# costs about a second, worth it only when there is much to parse
PARSE_IN_PROCESSES_FROM = 20


@dataclass(frozen=True)
class SourceOutcome:
    name: str
    ok: bool
    items: int = 0
    mentions: int = 0
    not_modified: bool = False
    error: str | None = None
    problem: str | None = None  # failing | blocked | empty | disabled
    warning: str | None = None
    dropped: int = 0  # items kept out of mentions: SEO spam, blocked domains


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
    """Everything one polling round needs, built once per config.

    Keeps what is worth keeping between rounds (the robots.txt cache); holds no
    per-round state, so one Collector serves ``monitor run`` for its whole life.
    """

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
            robots=c.robots,
        )
        self.robots = RobotsCache()
        self._parsers: ProcessPoolExecutor | None = None

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

    def close(self) -> None:
        """Stop the parser processes, if a round started them."""
        if self._parsers is not None:
            self._parsers.shutdown(cancel_futures=True)
            self._parsers = None

    def parsers(self, sources: int) -> Executor | None:
        """Where a round of ``sources`` polls parses: parser processes for big rounds
        (started once, kept), threads of this process for small ones."""
        wanted = self.config.collect.parse_processes
        if wanted is None:
            wanted = min(4, (os.cpu_count() or 1) - 1)
        if wanted < 1 or sources < PARSE_IN_PROCESSES_FROM:
            return None
        if self._parsers is None:
            # spawn, not fork: this process has threads (the event loop's, the writer)
            context = multiprocessing.get_context("spawn")
            self._parsers = ProcessPoolExecutor(wanted, mp_context=context)
        return self._parsers

    def interval(self, source: Source) -> timedelta:
        return source.interval or self.config.collect.interval

    async def run(
        self, now: datetime, due_only: bool, progress: Callable[[SourceOutcome], None] | None
    ) -> CollectSummary:
        """Claim what is due, then poll it: per-host slots first, then a global slot."""
        settings = self.config.collect
        enabled = [s for s in self.config.sources if s.enabled]
        sync_sources(self.store, enabled)
        rows = claim_due(self.store, [s.name for s in enabled], now, self._hold(now), due_only)
        summary = CollectSummary()
        if not rows:
            return summary
        rows = interleave_by_host(rows, lambda row: row["url"])
        pool = asyncio.Semaphore(settings.concurrency)
        hosts = HostGate(settings.per_host_concurrency, settings.per_host_delay.total_seconds())
        configured = {s.name: s for s in enabled}
        parsers = self.parsers(len(rows))
        # one thread parses nothing but does all matching, enrichment and writing, in
        # order: the event loop stays free for the requests in flight, and the database
        # sees one writer
        with ThreadPoolExecutor(1, thread_name_prefix="collect-store") as writer:
            async with make_client(self.limits, settings.concurrency) as client:

                async def one(row: dict[str, Any]) -> None:
                    source = configured[row["name"]]
                    async with hosts.slot(source.url), pool:
                        await hosts.space(source.url)
                        outcome = await self.refresh(client, source, row, now, writer, parsers)
                    summary.outcomes.append(outcome)
                    if progress:
                        progress(outcome)

                await asyncio.gather(*(one(r) for r in rows))
        summary.outcomes.sort(key=lambda o: o.name)
        return summary

    def _hold(self, now: datetime) -> datetime:
        """How long a claim keeps other workers off a source that is queued or polling.

        One interval: a crashed worker's sources come back when they would have been
        due anyway; a round that takes longer than an interval is overloaded (add
        workers or raise ``concurrency``).
        """
        settings = self.config.collect
        return now + max(settings.interval, settings.total_timeout * 2)

    async def refresh(
        self,
        client: httpx.AsyncClient,
        source: Source,
        row: dict[str, Any],
        now: datetime,
        writer: Executor | None = None,
        parsers: Executor | None = None,
    ) -> SourceOutcome:
        """Poll one source once and record the outcome on it.

        ``writer``: the executor that stores the outcome (None: the loop's default one);
        ``parsers``: where the body is parsed (None: a thread).
        """
        loop = asyncio.get_running_loop()
        try:
            result = await collect(
                client,
                self._spec(source),
                self._validators(row, now),
                self._limits(source),
                self.robots,
                is_new=lambda raw: not self._known(source, [raw])[0],
                parsers=parsers,
            )
        except SourceError as exc:
            return await loop.run_in_executor(writer, self._failed, source, row, now, exc)
        except Exception as exc:  # a bug in a parser must not stop the round
            error = SourceError(f"unexpected {type(exc).__name__}: {exc}", source=source.name)
            return await loop.run_in_executor(writer, self._failed, source, row, now, error)
        return await loop.run_in_executor(writer, self._succeeded, source, row, now, result)

    def _spec(self, source: Source) -> FetchSpec:
        return FetchSpec(
            name=source.name,
            type=source.type,
            url=source.url,
            selectors=dict(source.selectors),
            fields=dict(source.fields),
            headers=dict(source.headers),
            full_text=source.full_text,
        )

    def _limits(self, source: Source) -> FetchLimits:
        if source.user_agent is None and source.max_bytes is None:
            return self.limits
        return replace(
            self.limits,
            user_agent=source.user_agent or self.limits.user_agent,
            max_bytes=source.max_bytes or self.limits.max_bytes,
        )

    def _validators(self, row: dict[str, Any], now: datetime) -> Validators:
        """The stored validators, unless it is time to check the server's 304s are honest.

        Some servers keep answering 304 to a stale ETag while their content changes:
        after ``revalidate_after`` without a full answer, ask once without validators.
        """
        validators = Validators(etag=row.get("etag"), last_modified=row.get("last_modified"))
        last_body = row.get("last_body_at")
        if (validators.etag or validators.last_modified) and (
            last_body is None or now - last_body >= self.config.collect.revalidate_after
        ):
            return Validators()
        return validators

    def _succeeded(
        self, source: Source, row: dict[str, Any], now: datetime, result: CollectResult
    ) -> SourceOutcome:
        added = dropped = 0
        digest = None
        if result.not_modified:
            unchanged = True
        else:
            digest = items_digest(result.items)
            unchanged = digest == row.get("content_digest")
            processed = process_items(
                self._new_items(source, result.items, now),
                source.name,
                now,
                self.matcher,
                self.enricher,
                source.url,
                rules=DomainRules(source.allow_domains, source.block_domains),
            )
            records = complaint_mentions(self.config, source, processed)
            if records:  # first: a crash before the items are saved re-reads them
                record_site_complaints(self.config, self.store, source.name, records, now)
            added = save_items(self.store, processed)
            dropped = processed.spam + processed.blocked
        polls = int(row.get("unchanged_polls") or 0) + 1 if unchanged else 0
        warnings = list(result.warnings)
        problem = None
        had = int(row.get("last_items") or 0)
        if not result.not_modified and not result.items and (had or row.get("problem") == "empty"):
            problem = "empty"
            warnings.insert(0, _empty_warning(source, had))
        plan = success_delay(
            self.interval(source), self.config.collect, polls, result.max_age, result.retry_after
        )
        record_success(
            self.store,
            source.name,
            now,
            now + jittered(plan.delay, source.name, now, self.config.collect.jitter),
            result.status,
            result.validators.etag,
            result.validators.last_modified,
            len(result.items),
            added,
            full=not result.not_modified,
            unchanged_polls=polls,
            interval=plan.delay.total_seconds(),
            digest=digest,
            problem=problem,
            warning="; ".join(warnings) or None,
        )
        return SourceOutcome(
            source.name,
            True,
            len(result.items),
            added,
            result.not_modified,
            problem=problem,
            warning="; ".join(warnings) or None,
            dropped=dropped,
        )

    def _known(self, source: Source, raw_items: list[RawItem]) -> list[bool]:
        """Whether each item is stored already (one query)."""
        keys = [item_key(raw, source.name, source.url) for raw in raw_items]
        known = known_keys(self.store, keys)
        return [key in known for key in keys]

    def _new_items(self, source: Source, raw_items: list[RawItem], now: datetime) -> list[RawItem]:
        """Only items not stored yet go on to matching and enrichment; known items whose
        reach figures grew get them and a new early-warning score."""
        keys = [item_key(raw, source.name, source.url) for raw in raw_items]
        known = known_keys(self.store, keys)
        seen_again = [(k, raw.metrics, now) for raw, k in zip(raw_items, keys, strict=True)]
        refresh_metrics(self.store, [f for f in seen_again if f[0] in known])
        return [raw for raw, key in zip(raw_items, keys, strict=True) if key not in known]

    def _failed(
        self, source: Source, row: dict[str, Any], now: datetime, exc: SourceError
    ) -> SourceOutcome:
        errors = int(row.get("error_count") or 0) + 1
        plan = backoff_delay(self.interval(source), errors, getattr(exc, "retry_after", None))
        problem = "blocked" if exc.blocked else "failing"
        error = str(exc)
        count = record_failure(
            self.store,
            source.name,
            now,
            now + jittered(plan.delay, source.name, now, self.config.collect.jitter),
            getattr(exc, "status", None),
            error,
            self.config.collect.error_limit,
            problem=problem,
            interval=plan.delay.total_seconds(),
        )
        if count >= self.config.collect.error_limit:
            problem = "disabled"
            error += (
                f" (disabled after {count} consecutive errors: "
                f"run 'monitor sources reset {source.name}' once fixed)"
            )
        return SourceOutcome(source.name, False, error=error, problem=problem)


def items_digest(items: list[RawItem]) -> str:
    """What a full answer held: the same entries give the same digest, in any order."""
    keys = sorted(i.guid or i.url or f"{i.title}\n{i.text}" for i in items)
    return hashlib.sha256("\n".join(keys).encode()).hexdigest()


def _empty_warning(source: Source, had: int) -> str:
    before = f"it had {had} last time" if had else "it had entries before"
    return (
        f"{describe_type(source.type)} returned no entries; {before} "
        "(moved, emptied, or blocking us?)"
    )


def collect_once(
    config: Config,
    store: Store,
    now: datetime,
    due_only: bool = False,
    progress: Callable[[SourceOutcome], None] | None = None,
) -> CollectSummary:
    """Poll every enabled source (or only those due) once and store new mentions."""
    collector = Collector(config, store)
    try:
        return collector.collect(now, due_only, progress)
    finally:
        collector.close()
