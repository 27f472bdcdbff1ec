"""HTML pages: charset decoding that survives lies, and CSS-selected blocks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources import EmptySourceError, ParseError, RawItem, parse_page
from sources.charset import decode_html

from conftest_sources import LoopbackServer, collect_once, read_fixture, send

COMPLAINT_SELECTORS = {
    "item": ".complaint",
    "title": "h2",
    "text": ".body",
    "link": "a.more",
    "date": ".date",
    "author": ".user",
}
PAGE_URL = "https://complaints.example.cn/latest/index.html"


def test_gbk_page_behind_a_lying_utf8_header_reads_without_mojibake():
    with LoopbackServer() as server:
        url = server.route(
            "/latest/index.html",
            send(read_fixture("gbk_complaints.html"), "text/html; charset=utf-8"),
        )
        result = collect_once(url, source_type="page", selectors=COMPLAINT_SELECTORS)

    assert result.items == [
        RawItem(
            url=server.url("/latest/complaints/1001"),
            title="美聯航超售強行拖拽乘客",
            text="乘客投訴：航班超售後被保安強行拖下飛機，要求賠償並公開道歉。",
            published_at=datetime(2017, 4, 10, 4, 30, tzinfo=UTC),
            author="張先生",
        ),
        RawItem(
            url=server.url("/complaints/1002"),
            title="滴滴司机绕路多收费",
            text="行程15公里却收了98元。\n客服三天没有回复，要求退款。",
            published_at=datetime(2018, 8, 26, 14, 5, tzinfo=UTC),
            author="李女士",
        ),
        RawItem(
            url=url,
            title="滴滴客服电话打不通",
            text="连续两天拨打客服电话都无人接听，投诉无门。",
        ),
    ]
    assert not any("\ufffd" in item.title + item.text for item in result.items)


def test_whole_page_is_one_item_without_an_item_selector():
    items = parse_page(read_fixture("not_a_feed.html"), {}, PAGE_URL, {})

    assert items == [
        RawItem(
            url=PAGE_URL,
            title="Scheduled maintenance",
            text="We'll be back soon\nOur feeds are paused until 06:00 UTC.\nContact support",
        )
    ]


def test_blocks_without_title_selector_use_their_first_heading_and_link():
    html = b"""<html><head><base href="https://mirror.example.com/news/"></head><body>
      <article><h3>First <em>post</em></h3><p>Body one</p><a href="p/1">more</a></article>
      <article><p>No heading here</p><a href="javascript:void(0)">x</a></article>
      <article>   </article>
    </body></html>"""

    items = parse_page(html, {"Content-Type": "text/html"}, PAGE_URL, {"item": "article"})

    assert [(i.title, i.text, i.url) for i in items] == [
        ("First post", "First post\nBody one\nmore", "https://mirror.example.com/news/p/1"),
        ("", "No heading here\nx", PAGE_URL),
    ]


def test_no_matching_blocks_names_the_selector():
    with pytest.raises(ParseError) as caught:
        parse_page(read_fixture("not_a_feed.html"), {}, PAGE_URL, {"item": "div.post"})

    assert str(caught.value) == (
        "page has no blocks matching selector item='div.post'; the site's layout may have "
        "changed: update the source's selectors"
    )
    assert caught.value.url == PAGE_URL


def test_invalid_css_selector_is_a_parse_error():
    with pytest.raises(ParseError, match=r"^selector title='h2\[' is not valid CSS \("):
        parse_page(read_fixture("not_a_feed.html"), {}, PAGE_URL, {"item": "p", "title": "h2["})


def test_empty_page_is_an_error():
    with pytest.raises(EmptySourceError):
        parse_page(b"\n\n", {}, PAGE_URL, {})


# ----------------------------------------------------------------------------- charsets

TEXT = "滴滴出行投訴：司機繞路，客服不回覆。美聯航也一樣。"


@pytest.mark.parametrize(
    "body, content_type",
    [
        (TEXT.encode("gbk"), "text/html; charset=utf-8"),  # header lies
        (TEXT.encode("utf-8"), "text/html; charset=gbk"),  # header lies the other way
        (TEXT.encode("gbk"), "text/html; charset=bogus-charset"),  # unknown label
        (TEXT.encode("big5"), "text/html"),  # no charset anywhere: detection
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "text/html; charset=gbk"),  # BOM wins
    ],
    ids=["gbk-declared-utf8", "utf8-declared-gbk", "unknown-label", "undeclared-big5", "bom"],
)
def test_decode_html_does_not_trust_a_charset_that_fails(body, content_type):
    page = b"<html><body><p>" + body * 4 + b"</p></body></html>"

    assert decode_html(page, {"Content-Type": content_type}).count(TEXT) == 4


def test_meta_charset_is_used_when_the_header_has_none():
    page = '<html><head><meta charset="gb2312"></head><body>美聯航</body></html>'.encode("gbk")

    assert "美聯航" in decode_html(page, {"content-type": "text/html"})


def test_latin1_declared_but_utf8_bytes_reads_as_utf8():
    page = "<p>Café crème, naïve résumé</p>".encode()

    text = decode_html(page, {"Content-Type": "text/html; charset=ISO-8859-1"})

    assert text == "<p>Café crème, naïve résumé</p>"


def test_honest_latin1_stays_latin1():
    page = "<p>Café crème</p>".encode("iso-8859-1")

    assert decode_html(page, {"Content-Type": "text/html; charset=iso-8859-1"}) == (
        "<p>Café crème</p>"
    )
