"""The collector package's public surface, exception tree and fixture conventions."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

import pytest

import sources
from sources import (
    BlockedError,
    EmptySourceError,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    ParseError,
    SourceError,
    TooLargeError,
)

from conftest_sources import FIXTURES

PUBLIC = {
    "collect", "make_client", "fetch", "parse_feed", "parse_page", "parse_json", "html_to_text",
    "SOURCE_TYPES", "SourceError", "FetchError", "FetchTimeout", "HTTPStatusError",
    "TooLargeError", "ParseError", "EmptySourceError", "RawItem", "Validators", "FetchSpec",
    "FetchLimits", "CollectResult", "FetchResponse", "BlockedError",
    "RobotsDisallowed", "AddressRefused", "RobotsCache",
}  # fmt: skip


def test_all_lists_exactly_the_public_names():
    assert set(sources.__all__) == PUBLIC
    assert len(sources.__all__) == len(PUBLIC)
    for name in sources.__all__:
        assert getattr(sources, name) is not None


@pytest.mark.parametrize(
    "name", ["collect", "make_client", "fetch", "parse_feed", "parse_page", "parse_json",
             "html_to_text"],
)  # fmt: skip
def test_public_functions_are_typed_and_documented(name):
    function = getattr(sources, name)
    signature = inspect.signature(function)

    assert function.__doc__
    assert signature.return_annotation is not inspect.Signature.empty
    for parameter in signature.parameters.values():
        assert parameter.annotation is not inspect.Parameter.empty, parameter.name


@pytest.mark.parametrize(
    "error_class",
    [
        FetchError,
        FetchTimeout,
        HTTPStatusError,
        TooLargeError,
        ParseError,
        EmptySourceError,
        BlockedError,
    ],
)
def test_every_error_is_a_source_error_that_carries_its_context(error_class):
    extra = {"status": 500} if error_class is HTTPStatusError else {}
    error = error_class("feed did a thing; do this", source="acme-news", url="https://x/", **extra)

    assert isinstance(error, SourceError)
    assert str(error) == "feed did a thing; do this"
    assert (error.source, error.url) == ("acme-news", "https://x/")
    assert error_class.__name__ in sources.errors.__doc__


def test_modules_stay_small():
    package = Path(sources.__file__).parent
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in package.glob("*.py")}

    assert {name: n for name, n in sizes.items() if n >= 400} == {}


FIXTURE_FILES = sorted(p for p in FIXTURES.iterdir() if p.is_file())


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=[p.name for p in FIXTURE_FILES])
def test_every_fixture_says_what_it_tests_and_expects(path):
    head = path.read_bytes()[:2048].decode("ascii", errors="replace")
    if path.suffix == ".json":
        described = json.loads(path.read_bytes())["_fixture"]
        assert set(described) == {"tests", "expect"}
    else:
        comment = head[head.index("<!--") : head.index("-->")]
        assert "Tests:" in comment and "Expect:" in comment
