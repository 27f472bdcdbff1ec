"""JSON endpoints mapped by dotted paths: HN-Algolia-like and Reddit-like responses."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from sources import EmptySourceError, ParseError, RawItem, parse_json
from sources.jsonapi import resolve_path

from conftest_sources import JSON, LoopbackServer, collect_once, fixture, read_fixture

HN_FIELDS = {
    "items": "hits",
    "title": "title",
    "text": "story_text",
    "url": "url",
    "id": "objectID",
    "published_at": "created_at",
    "author": "author",
    "metrics.score": "points",
    "metrics.comments": "num_comments",
}
REDDIT_FIELDS = {
    "items": "data.children",
    "title": "data.title",
    "text": "data.selftext",
    "url": "data.permalink",
    "id": "data.name",
    "published_at": "data.created_utc",
    "author": "data.author",
    "metrics.score": "data.score",
    "metrics.comments": "data.num_comments",
}
API_URL = "https://hn.algolia.example/api/v1/search?query=united"


def test_hn_algolia_hits_with_points_and_comments():
    items = parse_json(read_fixture("hn_algolia.json"), API_URL, HN_FIELDS)

    assert items == [
        RawItem(
            url="https://www.nytimes.com/united",
            title="United Airlines removes passenger from overbooked flight",
            text="",
            guid="14120491",
            published_at=datetime(2017, 4, 10, 19, 3, 43, tzinfo=UTC),
            author="jseliger",
            metrics={"score": 623.0, "comments": 590.0},
        ),
        RawItem(
            url=API_URL,
            title="Ask HN: Has anyone had a refund from Didi?",
            text="I waited 3 weeks.\nSupport closed my ticket.",
            guid="17001234",
            published_at=datetime(2018, 5, 29, 9, 15, tzinfo=UTC),
            author="throwaway42",
            metrics={"score": 12.0, "comments": 0.0},
        ),
    ]


def test_reddit_listing_over_http_resolves_permalinks():
    with LoopbackServer() as server:
        url = server.route("/r/travel/search.json", fixture("reddit.json", JSON))
        result = collect_once(url, source_type="json", fields=REDDIT_FIELDS)

    assert result.status == 200
    assert [(i.title, i.url, i.guid) for i in result.items] == [
        (
            "United just lost a customer for life",
            server.url("/r/travel/comments/64ixqb/united_lost_a_customer/"),
            "t3_64ixqb",
        ),
        (
            "Didi driver cancelled 3 times",
            server.url("/r/china/comments/9acdef/didi_driver_cancelled/"),
            "t3_9acdef",
        ),
    ]
    first, second = result.items
    assert first.text == "Never again. They dragged a doctor off the plane."
    assert second.text == ""
    assert first.published_at == datetime(2017, 4, 10, 12, 0, tzinfo=UTC)
    assert second.published_at == datetime(2018, 8, 26, 16, 0, tzinfo=UTC)
    assert (first.author, second.author) == ("frequentflyer", "commuter")
    assert first.metrics == {"score": 15234.0, "comments": 2045.0}
    assert second.metrics == {"score": 431.0, "comments": 96.0}


def test_epoch_seconds_and_milliseconds_and_top_level_lists():
    body = b"""[
      {"t": "a", "at": 1491825600, "n": "7"},
      {"t": "b", "at": 1491825600000, "n": "1,204"},
      {"t": "c", "at": "not a date", "n": true}
    ]"""

    items = parse_json(body, API_URL, {"title": "t", "published_at": "at", "metrics.n": "n"})

    assert [(i.title, i.published_at, i.metrics) for i in items] == [
        ("a", datetime(2017, 4, 10, 12, 0, tzinfo=UTC), {"n": 7.0}),
        ("b", datetime(2017, 4, 10, 12, 0, tzinfo=UTC), {"n": 1204.0}),
        ("c", None, {}),
    ]


@pytest.mark.parametrize(
    "path, expected",
    [
        ("a.0.b", "first"),
        ("a.1.b", "second"),
        ("a.-1.b", "second"),
        ("a.2.b", None),
        ("a.x", None),
        ("missing|a.0.b", "first"),
        ("a.0.empty|a.1.b", "second"),
        ("", {"a": [{"b": "first", "empty": ""}, {"b": "second"}]}),
    ],
)
def test_dotted_paths_with_list_indices_and_alternatives(path, expected):
    data = {"a": [{"b": "first", "empty": ""}, {"b": "second"}]}

    assert resolve_path(data, path) == expected


def test_invalid_json_names_the_position():
    with pytest.raises(ParseError) as caught:
        parse_json(b'{"hits": [1, 2,', API_URL, HN_FIELDS)

    assert str(caught.value) == (
        "JSON endpoint returned invalid JSON (Expecting value at line 1 column 16); "
        "check that the URL serves JSON"
    )
    assert caught.value.url == API_URL


def test_html_instead_of_json_says_so():
    with pytest.raises(ParseError, match=r"^JSON endpoint returned invalid JSON \(it looks like"):
        parse_json(read_fixture("not_a_feed.html"), API_URL, HN_FIELDS)


def test_items_path_that_is_not_a_list():
    with pytest.raises(ParseError) as caught:
        parse_json(read_fixture("reddit.json"), API_URL, {"items": "data", "title": "title"})

    assert str(caught.value) == (
        "JSON path items='data' is an object, not a list; set fields.items to the path of the list"
    )


def test_object_at_top_level_without_items_path():
    with pytest.raises(ParseError) as caught:
        parse_json(read_fixture("reddit.json"), API_URL, {"title": "title"})

    assert str(caught.value) == (
        "JSON top level is an object with keys _fixture, kind, data, not a list; "
        "set fields.items to the path of the list of items"
    )


def test_empty_json_body_is_an_error():
    with pytest.raises(EmptySourceError):
        parse_json(b"", API_URL, HN_FIELDS)
