"""The collector's exception tree: every way polling one source can fail.

::

    SourceError              base: ``source`` (the source's name) and ``url``
    ├── FetchError           network: connection refused, DNS, reset, TLS, truncated
    │                        body, too many redirects, a URL that is not http(s)
    ├── FetchTimeout         no complete answer within the connect timeout or the
    │                        total wall-clock deadline (body included)
    ├── HTTPStatusError      a non-2xx answer other than 304; ``status``, ``retry_after``
    ├── TooLargeError        the body exceeds ``max_bytes`` (raw, or after decompression)
    ├── ParseError           broken feed, invalid JSON, corrupt gzip, a page without
    │                        blocks matching its selector
    ├── EmptySourceError     a 2xx with an empty body, or a document that is not a feed
    │                        and holds no entries (a well-formed empty feed is not an error)
    ├── BlockedError         a bot wall (captcha or challenge page) instead of the content
    ├── RobotsDisallowed     the page's robots.txt disallows it for our User-Agent, or
    │                        robots.txt answered 5xx / could not be fetched (RFC 9309:
    │                        assume everything is disallowed); ``host``, ``path``
    └── AddressRefused       a link found inside content (or a redirect of one) is not
                             http(s) or points at a private, loopback, link-local,
                             multicast, reserved or unspecified address; never fetched

``str(error)`` is one line that names what went wrong and what happens next or what
to fix, e.g. ``feed returned HTTP 503 (server unavailable); will retry with backoff``.
It does not repeat the source's name: callers show it beside the source.

``retryable`` says whether polling again later may succeed without anyone changing
the configuration (network trouble, timeouts, 429 and 5xx answers, a robots.txt that
could not be read). A robots.txt rule that disallows the page is not retryable.

:class:`AddressRefused` and failures of linked articles never fail a poll: they reach
callers as one-line ``CollectResult.warnings``.

Parsers do not know which source they parse, so they raise with ``source=None``;
:func:`sources.collect.collect` fills it in before the error leaves the package.
"""

from __future__ import annotations

__all__ = [
    "AddressRefused",
    "BlockedError",
    "EmptySourceError",
    "FetchError",
    "FetchTimeout",
    "HTTPStatusError",
    "ParseError",
    "RobotsDisallowed",
    "SourceError",
    "TooLargeError",
    "describe_type",
]

_NOUNS = {"rss": "feed", "page": "page", "json": "JSON endpoint", "robots": "robots.txt"}


def describe_type(source_type: str) -> str:
    """The word messages use for a source of this type: feed, page or JSON endpoint."""
    return _NOUNS.get(source_type, "source")


class SourceError(Exception):
    """Polling one source failed; ``str()`` is a one-line message with the fix."""

    retryable: bool = False
    # True when the site refuses us (a bot wall, a 403, robots.txt): the monitor is blind
    # to this source until someone acts, which ops must hear about
    blocked: bool = False

    def __init__(self, message: str, *, source: str | None = None, url: str | None = None):
        super().__init__(message)
        self.message = message
        self.source = source
        self.url = url

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        # keep source, url and the subclass's own fields when the error crosses processes
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[SourceError], args: tuple, state: dict) -> SourceError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class FetchError(SourceError):
    """The network failed: refused, DNS, reset, TLS, truncated body, redirect loop."""

    retryable = True


class FetchTimeout(SourceError):
    """No complete answer within the connect timeout or the total deadline."""

    retryable = True


class HTTPStatusError(SourceError):
    """The server answered with a status other than 2xx or 304."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        retry_after: float | None = None,
        source: str | None = None,
        url: str | None = None,
    ):
        super().__init__(message, source=source, url=url)
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return self.status == 429 or self.status == 408 or self.status >= 500

    @property
    def blocked(self) -> bool:  # type: ignore[override]
        return self.status in (403, 451)


class TooLargeError(SourceError):
    """The body exceeds ``max_bytes``, counted raw and after decompression."""


class ParseError(SourceError):
    """The body arrived but could not be read as the source's format."""


class EmptySourceError(SourceError):
    """The body was empty, or was not a feed at all and held no entries."""

    @classmethod
    def empty_body(cls, source_type: str, url: str | None = None) -> EmptySourceError:
        """The error for a 2xx answer whose body is empty (or only whitespace)."""
        return cls(
            f"{describe_type(source_type)} returned an empty body; will retry "
            "(check the URL if this persists)",
            url=url,
        )


class BlockedError(SourceError):
    """The site answered with a bot wall (captcha, challenge) instead of the content.

    Retrying soon rarely helps; the source is reported as blocked so ops know the
    monitor is blind to it.
    """

    blocked = True

    @classmethod
    def wall(cls, source_type: str, wall: str, url: str | None = None) -> BlockedError:
        return cls(
            f"{describe_type(source_type)} answered with {wall} instead of its content "
            "(the site blocks automated clients); ask the site for access or use its "
            "official feed or API",
            url=url,
        )


class RobotsDisallowed(SourceError):
    """robots.txt disallows the URL for our User-Agent, or could not be read (RFC 9309).

    ``unreachable`` is True when robots.txt answered 5xx (or 429) or could not be
    fetched at all: then everything is assumed disallowed, and only then is it retryable.
    """

    def __init__(
        self,
        message: str,
        *,
        host: str,
        path: str,
        unreachable: bool = False,
        source: str | None = None,
        url: str | None = None,
    ):
        super().__init__(message, source=source, url=url)
        self.host = host
        self.path = path
        self.unreachable = unreachable

    @property
    def retryable(self) -> bool:  # type: ignore[override]
        return self.unreachable

    @property
    def blocked(self) -> bool:  # type: ignore[override]
        return not self.unreachable


class AddressRefused(SourceError):
    """A link found inside content is not http(s) or points at a non-public address."""
