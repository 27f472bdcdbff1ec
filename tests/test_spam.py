"""SEO spam stays out of mentions, with a reason; real articles in any language stay in.

A source's ``block_domains`` drop items linking there (or to a subdomain) before
matching; its ``allow_domains`` are never judged spam.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path

import pytest

from monitor.collect import collect_once
from monitor.config import parse_config
from monitor.enrich import Enricher
from monitor.ingest import process_items
from monitor.match import BrandMatcher
from monitor.spam import DomainRules, check_spam
from monitor.store import open_store
from monitor.store.mentions import MentionFilter, mention_rows, save_items
from sources.items import RawItem

from conftest import shared_path
from conftest_sources import RSS, LoopbackServer, send

NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
TEXTS = Path(__file__).parent / "fixtures" / "text"
SEEDS = [
    "000_7affbb4f916554f4.txt",
    "001_be8f3d52c6cec4b3.txt",
    "002_74ce761990845b62.txt",
    "003_7f07f0f3d21d85aa.txt",
    "004_100c15a5cbc7c499.txt",
]
KEYWORD_LIST = (TEXTS / "spam_keywords_en.txt").read_text(encoding="utf-8").splitlines()[-1]
CONFIG = "brands: [{name: Acme Air, aliases: [阿克美航空]}]"


def fixture_text(name: str) -> str:
    """A fixture's text without its '# ' header comment (which says what to expect)."""
    lines = (TEXTS / name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if not line.startswith("# ")).strip()


def test_the_keyword_headline_of_a_hacked_chinese_page_is_spam():
    text = shared_path("seeds", "003_7f07f0f3d21d85aa.txt").read_text(encoding="utf-8")
    header = text.split("\n", 1)[0]
    verdict = check_spam(header)
    assert verdict.is_spam
    assert verdict.score == 1.0
    assert verdict.reason == "the headline is a list of 9 keyword phrases"
    # the whole page, keywords on its first line, is spam too
    assert check_spam("", text).is_spam


@pytest.mark.parametrize("name", SEEDS)
def test_real_articles_in_english_chinese_and_romanian_are_not_spam(name):
    text = shared_path("seeds", name).read_text(encoding="utf-8")
    if name.startswith("003"):
        text = text.split("\n", 1)[1]  # the article below the injected keywords
    title, _, body = text.strip().partition("\n")
    verdict = check_spam(title, body)
    assert not verdict.is_spam, verdict.reason
    assert verdict.score == 0.0


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("spam_keywords_en.txt", "the headline is a list of 8 keyword phrases"),
        ("spam_keywords_zh.txt", "the headline is a list of 8 keyword phrases"),
        ("spam_repeated_en.txt", "the text keeps repeating itself"),
    ],
)
def test_keyword_lists_and_repeated_words_are_spam(name, reason):
    verdict = check_spam("", fixture_text(name))
    assert verdict.is_spam
    assert verdict.reason.startswith(reason)


@pytest.mark.parametrize("name", ["news_en.txt", "news_zh.txt", "news_zh_hant.txt", "news_ro.txt"])
def test_ordinary_news_with_breadcrumbs_tags_and_lists_is_not_spam(name):
    title, _, body = fixture_text(name).partition("\n")
    verdict = check_spam(title, body)
    assert verdict == check_spam(title, body)  # a plain value
    assert not verdict.is_spam, verdict.reason
    assert verdict.reason == "reads like ordinary text"


def test_many_hashtags_are_spam_a_few_are_not():
    tags = " ".join(f"#acmeair{n}" for n in range(20))
    assert check_spam(f"Fly Acme Air {tags}").reason == "20 hashtags in 23 words"
    assert not check_spam("Stuck in Oslo again #AcmeAir #fail #travel").is_spam


def test_a_domain_covers_its_subdomains_and_nothing_else():
    rules = DomainRules(allow=["trusted.example"], block=["Spam.Example", "*.ads.example"])
    assert rules.blocks("https://spam.example/a")
    assert rules.blocks("https://www.SPAM.example:8443/a?b=c")
    assert rules.blocks("https://x.ads.example/")
    assert not rules.blocks("https://notspam.example/a")  # a suffix is not a subdomain
    assert not rules.blocks("https://trusted.example/spam.example")
    assert rules.allows("https://press.trusted.example/release")
    assert not rules.allows("https://trusted.example.evil.test/")
    assert not DomainRules().blocks("https://spam.example/")
    assert not rules.blocks("not a url")


def raw(url: str, title: str, text: str = "") -> RawItem:
    return RawItem(url=url, title=title, text=text, guid=url, published_at=NOW)


def test_spam_and_blocked_items_are_counted_and_never_become_mentions(tmp_path):
    config = parse_config(CONFIG)
    items = [
        raw("https://news.example/1", "Acme Air cancels 300 flights", "Passengers are stranded."),
        raw("https://spam.example/2", KEYWORD_LIST),
        raw("https://ads.blocked.example/3", "Acme Air lost my bag", "A real complaint, blocked."),
        raw("https://press.trusted.example/4", KEYWORD_LIST),
        raw("https://news.example/5", "Unrelated: weather in Oslo"),
    ]
    rules = DomainRules(allow=["trusted.example"], block=["blocked.example"])
    processed = process_items(
        items, "news", NOW, BrandMatcher(config.brands), Enricher(config), rules=rules
    )
    assert (processed.blocked, processed.spam) == (1, 1)
    assert [item.url for item, _ in processed] == [
        "https://news.example/1",
        "https://press.trusted.example/4",  # looks like spam, but the domain is allowed
    ]

    store = open_store(f"sqlite:///{tmp_path}/monitor.db")
    assert save_items(store, processed) == 2
    urls = [r["url"] for r in mention_rows(store, MentionFilter(brand="Acme Air"))]
    assert urls == ["https://news.example/1", "https://press.trusted.example/4"]

    # without rules, nothing is blocked and only spam is dropped
    plain = process_items(items, "news", NOW, BrandMatcher(config.brands), Enricher(config))
    assert (plain.blocked, plain.spam, len(plain)) == (0, 2, 2)


def rss_items(entries: list[tuple[str, str]]) -> bytes:
    body = "".join(
        f"<item><guid>{escape(url)}</guid><title>{escape(title)}</title><link>{escape(url)}</link>"
        f"<pubDate>Fri, 20 Nov 2026 11:00:00 +0000</pubDate></item>"
        for url, title in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<link>https://news.example/</link><description>d</description>{body}</channel></rss>"
    ).encode()


def test_a_source_s_allow_and_block_domains_apply_when_collecting(tmp_path, write_config):
    feed = rss_items(
        [
            ("https://news.example/1", "Acme Air cancels 300 flights over the weekend"),
            ("https://seo.example/2", KEYWORD_LIST),
            ("https://m.blocked.example/3", "Acme Air refunds every passenger"),
        ]
    )
    with LoopbackServer() as server:
        url = server.route("/feed.xml", send(feed, RSS))
        config = write_config(
            f"database: sqlite:///{tmp_path}/monitor.db\n{CONFIG}\n"
            f"sources:\n  - name: news\n    type: rss\n    url: {url}\n"
            "    block_domains: [blocked.example]\n"
        )
        store = open_store(config.database)
        summary = collect_once(config, store, NOW)
    assert summary.mentions == 1
    assert summary.outcomes[0].dropped == 2  # the keyword list and the blocked domain
    rows = list(mention_rows(store, MentionFilter()))
    assert [r["url"] for r in rows] == ["https://news.example/1"]
