"""Shared helpers: HTML to plain text, and dates in the forms sources write them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from sources import html_to_text
from sources.dates import parse_date


@pytest.mark.parametrize(
    "html, text",
    [
        ("<p>One</p><p>Two</p>", "One\nTwo"),
        ("<div>a<br>b<br/>c</div>", "a\nb\nc"),
        ("<p>spread\n   over   lines</p>", "spread over lines"),
        ("<p>AT&amp;T &lt;3 caf&eacute; &#x4E2D;&#25991;</p>", "AT&T <3 café 中文"),
        ("<script>var x = 1;</script><style>p {}</style><p>kept</p>", "kept"),
        ("<ul><li>first</li><li>second <b>bold</b></li></ul>", "first\nsecond bold"),
        ("<!-- hidden --><span>in</span><span>line</span>", "inline"),
        ("plain text\n\nwith its own   lines", "plain text\nwith its own lines"),
        ("non\u00a0breaking\u3000space", "non breaking space"),
        ("", ""),
    ],
)
def test_html_to_text(html, text):
    assert html_to_text(html) == text


EIGHT_HOURS = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2017-04-10T19:03:43.000Z", datetime(2017, 4, 10, 19, 3, 43, tzinfo=UTC)),
        ("2017-04-10T12:30:00+08:00", datetime(2017, 4, 10, 4, 30, tzinfo=UTC)),
        ("2017-04-10 12:30", datetime(2017, 4, 10, 12, 30, tzinfo=UTC)),  # no zone: UTC
        ("Tue, 11 Apr 2017 15:30:00 +0100", datetime(2017, 4, 11, 14, 30, tzinfo=UTC)),
        ("Tue, 11 Apr 2017 15:30:00 GMT", datetime(2017, 4, 11, 15, 30, tzinfo=UTC)),
        ("Tue, 11 Apr 2017 15:30:00 EST", datetime(2017, 4, 11, 20, 30, tzinfo=UTC)),
        ("2018年8月26日 14:05", datetime(2018, 8, 26, 14, 5, tzinfo=UTC)),
        ("发布于 2018年8月26日", datetime(2018, 8, 26, tzinfo=UTC)),
        ("April 10, 2017 7:03 PM", datetime(2017, 4, 10, 19, 3, tzinfo=UTC)),
        (1491851023, datetime(2017, 4, 10, 19, 3, 43, tzinfo=UTC)),
        (1491851023.5, datetime(2017, 4, 10, 19, 3, 43, 500000, tzinfo=UTC)),
        ("1491851023", datetime(2017, 4, 10, 19, 3, 43, tzinfo=UTC)),
        (1491851023000, datetime(2017, 4, 10, 19, 3, 43, tzinfo=UTC)),  # milliseconds
        (datetime(2017, 4, 10, 12, 0, tzinfo=EIGHT_HOURS), datetime(2017, 4, 10, 4, tzinfo=UTC)),
        ("April 10", None),  # no year: not guessed
        ("3 hours ago", None),
        ("", None),
        (None, None),
        (True, None),
        (float("nan"), None),
    ],
)
def test_parse_date(value, expected):
    parsed = parse_date(value)

    assert parsed == expected
    assert parsed is None or parsed.tzinfo is UTC
