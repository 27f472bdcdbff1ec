"""Boolean brand queries: AND, OR, NOT, "phrases", prefix*, NEAR/n, grouping."""

from __future__ import annotations

import pytest

from monitor.config import parse_config
from monitor.errors import ConfigError
from monitor.match import BrandMatcher
from monitor.query import QueryError, parse_query

UNITED = """
brands:
  - name: United Airlines
    aliases: [United, 美联航]
    query: '(flight OR airline OR plane OR 航班 OR passenger*) NOT "United States"'
"""


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("United cancelled my flight to Denver", True),
        ("Passengers stuck for hours on a United plane", True),
        ("United States airline regulators meet today", False),  # the NOT phrase
        ("Manchester United win the derby", False),  # no flight context
        ("美聯航航班延誤三小時", True),  # Traditional, folded to match 美联航 and 航班
        ("UNITED FLIGHT DELAYED", True),  # case folded
    ],
)
def test_a_query_narrows_what_counts_as_the_brand(text, named):
    matcher = BrandMatcher(parse_config(UNITED).brands)
    assert bool(matcher.match(text)) is named


@pytest.mark.parametrize(
    ("query", "text", "holds"),
    [
        ("refund* NEAR/3 cancelled", "they refunded after the cancelled trip", True),
        ("refund* NEAR/3 cancelled", "refund requested. then one, two, three, cancelled", False),
        ("refund NEAR/3 退款", "refund 申请退款", True),  # each CJK character is a word
        ("scam OR fraud", "this is fraudulent", False),  # whole words unless written fraud*
        ("fraud*", "this is fraudulent", True),
        ("delay AND NOT weather", "delay due to weather", False),
        ("delay NOT weather", "delay due to a strike", True),
        ('"lost my bag" OR "lost my luggage"', "They LOST MY LUGGAGE again", True),
        ("a OR b AND c", "a", True),  # AND binds tighter than OR
        ("(a OR b) AND c", "a", False),
        ("投诉 维权", "我要投诉，我要维权", True),  # implicit AND; CJK matches anywhere
    ],
)
def test_query_semantics(query, text, holds):
    assert parse_query(query).holds(text) is holds


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("refund AND", "the query ends after an operator: 'refund AND': add a term"),
        ("(refund OR scam", "the parenthesis at character 1 is never closed"),
        ('"lost my bag', 'unclosed quote at character 1: close the "phrase"'),
        ("OR refund", "unexpected 'OR' at character 1: put a term before it"),
        ("(a OR b) NEAR/2 c", "NEAR/2 joins two terms or phrases, not groups: (a OR b) NEAR/2 c"),
    ],
)
def test_unreadable_queries_say_where_and_what_to_fix(query, message):
    with pytest.raises(QueryError) as caught:
        parse_query(query)
    assert str(caught.value) == message


def test_a_bad_query_is_a_config_error_with_its_line():
    with pytest.raises(ConfigError) as caught:
        parse_config("brands:\n  - name: Acme\n    query: 'refund AND'\n", "b.yaml")
    assert caught.value.problems == [
        "line 3: brands[0].query: the query ends after an operator: 'refund AND': add a term"
    ]
