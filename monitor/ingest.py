"""Turn collected raw items into stored-ready items: normalise, match, filter spam, enrich."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from monitor.earlywarning import early_warning
from monitor.enrich import Enricher
from monitor.match import BrandMatcher
from monitor.models import Item, Mention
from monitor.normalise import (
    canonical_url,
    clean_text,
    effective_time,
    matched_text,
    natural_key,
)
from monitor.spam import DomainRules, check_spam
from sources.items import RawItem

__all__ = ["DomainRules", "Processed", "item_key", "process_items"]  # DomainRules: for callers


class Processed(list[tuple[Item, list[Mention]]]):
    """The items that name a brand, each with its mentions, and what was dropped.

    A list as before, so it goes straight to ``save_items``; ``blocked`` counts items
    linking to one of the source's ``block_domains``, ``spam`` the items that named a
    brand but read as SEO spam.
    """

    blocked: int = 0
    spam: int = 0


def item_key(
    raw: RawItem, source: str, source_url: str = "", title: str = "", text: str = ""
) -> str:
    """The natural key an item of ``source`` is stored under (see monitor.normalise).

    ``title`` and ``text`` are the cleaned ones when known; they only matter for
    items with neither a GUID nor a link of their own.
    """
    own_url = raw.url if raw.url and raw.url != source_url else ""
    if not (raw.guid or own_url) and not (title or text):
        title, text = clean_text(raw.title or ""), clean_text(raw.text or "")
    return natural_key(source, raw.guid, own_url, title, text)


def process_items(
    raw_items: Iterable[RawItem],
    source: str,
    fetched_at: datetime,
    matcher: BrandMatcher,
    enricher: Enricher,
    source_url: str = "",
    *,
    rules: DomainRules | None = None,
) -> Processed:
    """Items that name at least one brand, each with its mentions. Others are dropped.

    Each item carries its early-warning score from its reach and what it says
    (``monitor.earlywarning``); its growth is weighed when a later poll sees it again.

    An item whose link is only the source's own URL is keyed by its content. With
    ``rules``, items linking to a blocked domain are dropped before matching, and
    items linking to an allowed domain skip the spam check.
    """
    rules = rules or DomainRules()
    out = Processed()
    for raw in raw_items:
        if raw.url and rules.blocks(raw.url):
            out.blocked += 1
            continue
        title = clean_text(raw.title or "")
        text = clean_text(raw.text or "")
        whole = matched_text(title, text)
        found = matcher.match(whole)
        if not found:
            continue
        if not (raw.url and rules.allows(raw.url)) and check_spam(title, text).is_spam:
            out.spam += 1
            continue
        key = item_key(raw, source, source_url, title, text)
        analysis = enricher.analyze(whole)
        item = Item(
            key=key,
            source=source,
            url=canonical_url(raw.url) if raw.url else "",
            title=title,
            text=text,
            published_at=raw.published_at,
            fetched_at=fetched_at,
            event_at=effective_time(raw.published_at, fetched_at),
            analysis=analysis,
            author=raw.author,
            metrics=dict(raw.metrics),
            early_warning=early_warning(raw.metrics, analysis),
        )
        mentions = [Mention(key, m.brand, m.alias, m.spans) for m in found]
        out.append((item, mentions))
    return out
