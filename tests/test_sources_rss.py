"""RSS/Atom parsing: what each feed fixture says it expects, and what is not a quiet day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources import EmptySourceError, ParseError, RawItem, parse_feed

from conftest_sources import FIXTURES, RSS, LoopbackServer, collect_once, fixture, read_fixture

FEED_URL = "https://news.example.com/rss.xml"


def test_rss2_feed_gives_every_field_of_every_item():
    items = parse_feed(read_fixture("rss2_normal.xml"), {"Content-Type": RSS}, FEED_URL)

    assert items == [
        RawItem(
            url="https://news.example.com/2017/04/united-apology",
            title="United Airlines apologises after passenger dragged off flight",
            text="The airline\u2019s CEO issued a statement.\n"
            "Customers threatened a boycott & cut up cards.",
            guid="tag:news.example.com,2017:united-1",
            published_at=datetime(2017, 4, 11, 14, 30, tzinfo=UTC),
            author="Jane Reporter",
            metrics={"comments": 1532.0},
        ),
        RawItem(
            url="https://news.example.com/didi",
            title="Didi responds to safety complaints",
            text="Ride-hailing firm suspends night service.",
            guid="didi-2",
            published_at=datetime(2018, 8, 27, 2, 0, tzinfo=UTC),
            metrics={"comments": 87.0},
        ),
        RawItem(url=FEED_URL, title="Quiet day", text="Nothing happened."),
    ]


def test_atom_feed_resolves_xml_base_and_reads_updated_dates():
    items = parse_feed(read_fixture("atom.xml"), {}, "https://blog.example.org/feed.atom")

    assert [(i.url, i.title, i.guid) for i in items] == [
        (
            "https://blog.example.org/posts/review",
            "Airline CEO: we will review overbooking",
            "urn:uuid:1225c695-cfb8-4ebb-aaaa-80da344efa6a",
        ),
        ("https://blog.example.org/posts/prices", "Prices < last year", "urn:example:2"),
    ]
    assert items[0].published_at == datetime(2017, 4, 12, 8, 0, tzinfo=UTC)
    assert items[1].published_at == datetime(2017, 4, 13, 0, 0, tzinfo=UTC)
    assert items[0].text == "We hear you.\nA full review is under way."
    assert items[1].text == "Plain text body."
    assert (items[0].author, items[1].author) == ("Comms Team", None)
    assert (items[0].metrics, items[1].metrics) == ({"comments": 42.0}, {})


def test_malformed_feed_with_entries_is_read_leniently():
    items = parse_feed(read_fixture("malformed_recoverable.xml"), {}, FEED_URL)

    assert [(i.title, i.url, i.text) for i in items] == [
        ("Fans & critics react to the airline video", "https://feeds.example.net/a",
         "It spread fast."),
        ("Second story", "https://feeds.example.net/b", "More bold claims here."),
    ]  # fmt: skip


def test_well_formed_feed_without_items_is_a_quiet_day():
    assert parse_feed(read_fixture("empty_channel.xml"), {"Content-Type": RSS}, FEED_URL) == []


def test_broken_feed_without_entries_is_a_parse_error():
    with pytest.raises(ParseError) as caught:
        parse_feed(read_fixture("broken_no_entries.xml"), {}, FEED_URL)

    assert str(caught.value) == (
        "feed is malformed and yielded no entries (<unknown>:11:0: no element found); "
        "the publisher must fix it (will retry)"
    )
    assert caught.value.url == FEED_URL


def test_html_page_served_as_a_feed_is_not_a_quiet_day():
    with pytest.raises(EmptySourceError) as caught:
        parse_feed(read_fixture("not_a_feed.html"), {"Content-Type": "text/html"}, FEED_URL)

    assert str(caught.value) == (
        "response is an HTML page, not an RSS/Atom feed (0 entries); check the feed URL, "
        "or use type: page for an HTML page"
    )


@pytest.mark.parametrize("body", [b"", b"  \r\n\t "])
def test_empty_body_is_an_error(body):
    with pytest.raises(EmptySourceError, match="^feed returned an empty body; will retry"):
        parse_feed(body, {}, FEED_URL)


def test_random_bytes_are_not_a_feed():
    garbage = bytes(range(256)) * 16

    with pytest.raises(EmptySourceError) as caught:
        parse_feed(garbage, {"Content-Type": "application/octet-stream"}, FEED_URL)

    assert str(caught.value) == (
        "response is an unrecognised format, not an RSS/Atom feed (0 entries); check the feed URL"
    )


def test_a_body_that_looks_like_a_file_path_is_not_opened():
    # feedparser.parse(bytes) tries open(bytes) first: a server answering with a local
    # path would make it read that file. parse_feed hands it a stream instead.
    path = str(FIXTURES / "rss2_normal.xml").encode()

    with pytest.raises(EmptySourceError):
        parse_feed(path, {}, FEED_URL)


def test_feed_charset_comes_from_the_response_header():
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        "<item><title>Caf\u00e9 cr\u00e8me complaint</title><link>/a</link></item>"
        "</channel></rss>"
    ).encode("iso-8859-1")

    items = parse_feed(body, {"Content-Type": "application/rss+xml; charset=iso-8859-1"}, FEED_URL)

    assert [(i.title, i.url) for i in items] == [
        ("Caf\u00e9 cr\u00e8me complaint", "https://news.example.com/a")
    ]


def test_feed_over_http_resolves_relative_links_against_the_final_url():
    with LoopbackServer() as server:
        url = server.route("/news/rss.xml", fixture("rss2_normal.xml", RSS))
        result = collect_once(url)

    assert result.status == 200 and result.final_url == url
    assert [i.url for i in result.items] == [
        "https://news.example.com/2017/04/united-apology",
        server.url("/didi"),
        url,
    ]


# --- warnings: what was read anyway -------------------------------------------------------


def test_malformed_feed_read_anyway_says_so_in_one_warning():
    warnings: list[str] = []

    items = parse_feed(read_fixture("malformed_recoverable.xml"), {}, FEED_URL, warnings)

    assert len(items) == 2
    assert warnings == [
        "feed is malformed but 2 entries were read (not well-formed (invalid token) at "
        "line 15); the publisher should fix it"
    ]


def test_malformed_feed_warning_reaches_the_collect_result():
    with LoopbackServer() as server:
        url = server.route("/feed.xml", fixture("malformed_recoverable.xml", RSS))
        result = collect_once(url)

    assert len(result.items) == 2
    assert result.warnings == [
        "feed is malformed but 2 entries were read (not well-formed (invalid token) at "
        "line 15); the publisher should fix it"
    ]


def test_well_formed_feed_has_no_warnings():
    with LoopbackServer() as server:
        url = server.route("/feed.xml", fixture("rss2_normal.xml", RSS))
        result = collect_once(url)

    assert result.warnings == []


def test_a_lying_content_type_is_not_worth_a_warning():
    warnings: list[str] = []

    parse_feed(read_fixture("rss2_normal.xml"), {"Content-Type": "text/plain"}, FEED_URL, warnings)

    assert warnings == []


# --- JSON Feed ----------------------------------------------------------------------------

JSON_FEED_URL = "https://feeds.example.org/feed.json"


def test_json_feed_1_1_is_read_as_a_feed():
    items = parse_feed(read_fixture("jsonfeed_1_1.json"), {}, JSON_FEED_URL)

    assert items == [
        RawItem(
            url="https://feeds.example.org/posts/didi-hitch",
            title="Didi suspends Hitch carpooling",
            text="Didi suspends its Hitch service nationwide.\n"
            "Passengers demand better safety checks.",
            guid="https://feeds.example.org/posts/didi-hitch",
            published_at=datetime(2018, 8, 26, 14, 5, tzinfo=UTC),
            author="Li Wei",
        ),
        RawItem(
            url="https://news.example.com/united-review",
            title="",
            text="United reviews overbooking.\nFull report soon.",
            guid="2",
            published_at=datetime(2017, 4, 12, 8, 0, tzinfo=UTC),
        ),
        RawItem(
            url=JSON_FEED_URL,
            title="Summary only",
            text="A summary & nothing else.",
            guid="summary-only",
        ),
    ]


def test_json_feed_version_1_with_an_author_object():
    items = parse_feed(read_fixture("jsonfeed_1.json"), {}, JSON_FEED_URL)

    assert items == [
        RawItem(
            url="https://blog.example.net/2017/apology",
            title="Airline apologises",
            text="We are sorry.",
            guid="https://blog.example.net/2017/apology",
            published_at=datetime(2017, 4, 11, 13, 30, tzinfo=UTC),
            author="Comms Team",
        )
    ]


def test_type_rss_reads_a_json_feed_over_http():
    with LoopbackServer() as server:
        url = server.route(
            "/feed.json", fixture("jsonfeed_1_1.json", "application/feed+json", etag='"j1"')
        )
        first = collect_once(url)
        second = collect_once(url, validators=first.validators)

    assert [i.url for i in first.items] == [
        server.url("/posts/didi-hitch"),
        "https://news.example.com/united-review",
        url,
    ]
    assert first.items[0].title == "Didi suspends Hitch carpooling"
    assert first.warnings == []
    assert second.not_modified


def test_json_feed_with_invalid_json_is_a_parse_error():
    body = b'{"version": "https://jsonfeed.org/version/1.1", "items": [}'

    with pytest.raises(ParseError) as caught:
        parse_feed(body, {}, JSON_FEED_URL)

    assert str(caught.value) == (
        "JSON Feed is not valid JSON (Expecting value at line 1 column 59); "
        "the publisher must fix it (will retry)"
    )


def test_json_feed_without_a_list_of_items_is_a_parse_error():
    body = b'{"version": "https://jsonfeed.org/version/1", "title": "t", "items": {}}'

    with pytest.raises(ParseError, match=r'^JSON Feed has no list of items \("items" is not'):
        parse_feed(body, {}, JSON_FEED_URL)


def test_json_feed_with_no_items_is_a_quiet_day():
    body = b'{"version": "https://jsonfeed.org/version/1.1", "title": "t", "items": []}'

    assert parse_feed(body, {}, JSON_FEED_URL) == []


def test_json_that_is_not_a_json_feed_is_not_a_quiet_day():
    with pytest.raises(EmptySourceError) as caught:
        parse_feed(read_fixture("hn_algolia.json"), {"Content-Type": "application/json"}, FEED_URL)

    assert str(caught.value) == (
        "response is a JSON document, not an RSS/Atom feed (0 entries); check the feed URL, "
        "or use type: json with fields"
    )


def test_bytes_that_merely_start_with_a_brace_are_not_called_json():
    garbage = b"{" + bytes(range(256)) * 4  # random-looking bytes, as a broken server sends

    with pytest.raises(EmptySourceError) as caught:
        parse_feed(garbage, {"Content-Type": "application/rss+xml"}, FEED_URL)

    assert str(caught.value).startswith("response is an unrecognised format")
