"""One HTTP GET of one source, with every limit enforced by us, not by luck.

- The whole request (connect, redirects, headers, body) runs under one wall-clock
  deadline, ``limits.total_timeout``: httpx's timeouts apply per read, so a body
  trickled at 1 KB/s would otherwise never time out. The deadline is enforced by
  ``asyncio.timeout_at`` and checked again between chunks.
- The body is read raw (``aiter_raw()``, no chunk size, so a trickle is seen as it
  comes) and decoded by :class:`sources.inflate.Inflater`, capped at
  ``limits.max_bytes`` raw and decoded: a gzip bomb or a never-ending body stops at
  the cap or the deadline with bounded memory.
- Redirects are followed here, counted against ``limits.max_redirects``. An optional
  ``check_url`` hook is awaited with every URL before it is requested (the first and
  each redirect); links found inside content use it to refuse private addresses.
- Conditional GET: If-None-Match / If-Modified-Since from the stored validators; a
  304 is ``not_modified`` with the validators kept.

Raises (all :class:`~sources.errors.SourceError`, with ``source`` and ``url`` set):
:class:`~sources.errors.FetchError`, :class:`~sources.errors.FetchTimeout`,
:class:`~sources.errors.HTTPStatusError` (``status``, ``retry_after``),
:class:`~sources.errors.TooLargeError`, :class:`~sources.errors.ParseError`
(corrupt compressed body).
"""

from __future__ import annotations

import asyncio
import email.utils
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import httpx

from sources.cache import freshness
from sources.errors import (
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    SourceError,
    TooLargeError,
    describe_type,
)
from sources.inflate import ACCEPT_ENCODING, Inflater, human_size
from sources.items import FetchLimits, FetchSpec, Validators

__all__ = ["CheckURL", "FetchResponse", "fetch", "parse_retry_after"]

CheckURL = Callable[[str], Awaitable[None]]  # raises a SourceError to refuse a URL

_ACCEPT = {
    "rss": "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    "page": "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
    "json": "application/json, */*;q=0.5",
}
_BODY_HEADERS = ("content-encoding", "content-length", "transfer-encoding")
_FIXES = {
    401: "the source needs credentials: set them in its headers",
    403: "the site refuses this client: check access rights or the User-Agent",
    404: "check the URL",
    410: "the source was removed: update or delete it",
}


@dataclass(frozen=True)
class FetchResponse:
    """A completed GET: decoded body and what to remember for the next poll.

    ``headers`` have lower-case names and describe ``content`` as returned, i.e.
    without Content-Encoding / Content-Length (the body is already decoded).
    """

    status: int
    content: bytes
    headers: dict[str, str]
    final_url: str
    validators: Validators
    not_modified: bool = False
    retry_after: float | None = None
    max_age: float | None = None  # freshness from Cache-Control / Expires


@dataclass
class _Progress:
    url: str
    received: int = 0


async def fetch(
    client: httpx.AsyncClient,
    spec: FetchSpec,
    validators: Validators,
    limits: FetchLimits,
    check_url: CheckURL | None = None,
) -> FetchResponse:
    """GET ``spec.url`` within ``limits``; raise a SourceError for anything but 2xx/304.

    ``check_url``, when given, is awaited with each URL (the first and every redirect
    target) before it is requested, within the deadline; it raises to refuse one.
    """
    progress = _Progress(url=spec.url)
    try:
        return await _fetch_within_deadline(client, spec, validators, limits, progress, check_url)
    except SourceError as exc:
        exc.source = exc.source or spec.name
        exc.url = exc.url or progress.url
        raise


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds to wait from a Retry-After value (seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


async def _fetch_within_deadline(
    client: httpx.AsyncClient,
    spec: FetchSpec,
    validators: Validators,
    limits: FetchLimits,
    progress: _Progress,
    check_url: CheckURL | None,
) -> FetchResponse:
    noun = describe_type(spec.type)
    deadline = asyncio.get_running_loop().time() + limits.total_timeout
    try:
        async with asyncio.timeout_at(deadline):
            return await _follow(client, spec, validators, limits, deadline, progress, check_url)
    except TimeoutError:
        raise _deadline_error(noun, limits, progress) from None
    except httpx.TimeoutException as exc:
        raise _timeout_error(exc, noun, limits, progress) from exc
    except httpx.HTTPError as exc:
        raise _network_error(exc, noun, progress) from exc


async def _follow(
    client: httpx.AsyncClient,
    spec: FetchSpec,
    validators: Validators,
    limits: FetchLimits,
    deadline: float,
    progress: _Progress,
    check_url: CheckURL | None,
) -> FetchResponse:
    headers = _request_headers(spec, validators, limits)
    noun = describe_type(spec.type)
    for _ in range(limits.max_redirects + 1):
        if check_url is not None:
            await check_url(progress.url)
        request = client.build_request("GET", progress.url, headers=headers)
        response = await client.send(request, stream=True, follow_redirects=False)
        try:
            if response.status_code == 304:
                return _not_modified(response, validators, progress)
            if response.has_redirect_location:
                target = urljoin(str(response.url), response.headers["location"])
                if _origin(target) != _origin(progress.url):
                    headers = _without_credentials(headers, spec)
                progress.url = target
                continue
            if not response.is_success:
                raise _status_error(response, noun, spec)
            content = await _read_body(response, limits, deadline, noun, progress)
            return _complete(response, content, progress)
        finally:
            await response.aclose()
    raise FetchError(
        f"{noun} redirected more than {limits.max_redirects} times (too many redirects, "
        f"a redirect loop?); point the source at the final address",
        source=spec.name,
        url=spec.url,
    )


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def _without_credentials(headers: httpx.Headers, spec: FetchSpec) -> httpx.Headers:
    """Headers for a redirect to another origin: the source's own headers stay behind.

    They may carry credentials (Authorization, a cookie, an API key) meant for the
    configured host only; redirects are followed here, not by httpx, so its own
    stripping of Authorization does not apply.
    """
    kept = httpx.Headers(headers)
    for name in spec.headers:
        if name.lower() not in ("accept", "accept-language"):
            kept.pop(name, None)
    return kept


def _request_headers(spec: FetchSpec, validators: Validators, limits: FetchLimits) -> httpx.Headers:
    headers = httpx.Headers({"Accept": _ACCEPT.get(spec.type, "*/*")})
    headers.update(spec.headers)
    headers["User-Agent"] = limits.user_agent
    headers["Accept-Encoding"] = ACCEPT_ENCODING  # only what Inflater decodes
    if validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


async def _read_body(
    response: httpx.Response, limits: FetchLimits, deadline: float, noun: str, progress: _Progress
) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise TooLargeError(
            f"{noun} declares a {human_size(int(declared))} body, over the "
            f"{human_size(limits.max_bytes)} limit (max_bytes); raise max_bytes for this "
            "source if it is legitimately that large"
        )
    inflater = Inflater(response.headers.get("content-encoding", ""), limits.max_bytes, noun)
    loop = asyncio.get_running_loop()
    parts: list[bytes] = []
    async for chunk in response.aiter_raw():
        progress.received += len(chunk)
        if progress.received > limits.max_bytes:
            raise TooLargeError(
                f"{noun} sent more than the {human_size(limits.max_bytes)} limit "
                "(max_bytes); raise max_bytes for this source if it is legitimately that large"
            )
        parts.append(inflater.feed(chunk))
        if loop.time() > deadline:
            raise TimeoutError
    parts.append(inflater.finish())
    return b"".join(parts)


def _complete(response: httpx.Response, content: bytes, progress: _Progress) -> FetchResponse:
    headers = {k: v for k, v in response.headers.items() if k not in _BODY_HEADERS}
    return FetchResponse(
        status=response.status_code,
        content=content,
        headers=headers,
        final_url=progress.url,
        validators=Validators(
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        ),
        retry_after=_retry_after(response),
        max_age=freshness(headers, datetime.now(UTC)),
    )


def _not_modified(
    response: httpx.Response, validators: Validators, progress: _Progress
) -> FetchResponse:
    kept = Validators(
        etag=response.headers.get("etag") or validators.etag,
        last_modified=response.headers.get("last-modified") or validators.last_modified,
    )
    return FetchResponse(
        status=304,
        content=b"",
        headers=dict(response.headers.items()),
        final_url=progress.url,
        validators=kept,
        not_modified=True,
        retry_after=_retry_after(response),
        max_age=freshness(response.headers, datetime.now(UTC)),
    )


def _status_error(response: httpx.Response, noun: str, spec: FetchSpec) -> HTTPStatusError:
    status = response.status_code
    retry_after = _retry_after(response)
    try:
        reason = HTTPStatus(status).phrase.lower()
    except ValueError:
        reason = response.reason_phrase.lower() or "unknown status"
    if status == 503:
        reason = "server unavailable"
    if retry_after is not None and (status == 429 or status >= 500):
        fix = f"will retry after {retry_after:g} s as the server asks"
    elif status == 429 or status == 408 or status >= 500:
        fix = "will retry with backoff"
    else:
        fix = _FIXES.get(status, "check the URL and the source's headers")
    return HTTPStatusError(
        f"{noun} returned HTTP {status} ({reason}); {fix}",
        status=status,
        retry_after=retry_after,
        source=spec.name,
        url=str(response.url),
    )


def _retry_after(response: httpx.Response) -> float | None:
    return parse_retry_after(response.headers.get("retry-after"), datetime.now(UTC))


def _deadline_error(noun: str, limits: FetchLimits, progress: _Progress) -> FetchTimeout:
    got = f"{human_size(progress.received)} received" if progress.received else "nothing received"
    return FetchTimeout(
        f"{noun} did not finish within the {limits.total_timeout:g} s total deadline "
        f"({got}); will retry later",
        url=progress.url,
    )


def _timeout_error(
    exc: httpx.TimeoutException, noun: str, limits: FetchLimits, progress: _Progress
) -> FetchTimeout:
    if isinstance(exc, httpx.ConnectTimeout | httpx.PoolTimeout):
        return FetchTimeout(
            f"{noun} host {_host(progress.url)} did not accept a connection within "
            f"{limits.connect_timeout:g} s; will retry later",
            url=progress.url,
        )
    return _deadline_error(noun, limits, progress)


def _network_error(exc: httpx.HTTPError, noun: str, progress: _Progress) -> FetchError:
    host = _host(progress.url)
    text = " ".join(str(e) for e in _chain(exc)).lower()
    causes = [type(e) for e in _chain(exc)]
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        message = f"{noun} URL {progress.url!r} is not a valid http(s) URL; fix the URL"
    elif any(issubclass(c, ssl.SSLError) for c in causes) or "ssl" in text or "certificate" in text:
        message = f"TLS handshake with {host} failed ({exc}); check the certificate or use http"
    elif "name or service not known" in text or "name resolution" in text or "nodename" in text:
        message = f"could not resolve host {host} (DNS); check the host name in the URL"
    elif any(issubclass(c, ConnectionRefusedError) for c in causes) or "refused" in text:
        message = f"connection to {host} refused; is the site up? will retry with backoff"
    elif "complete message body" in text or "incomplete" in text:
        message = (
            f"connection to {host} closed before the full {noun} arrived (truncated "
            "response); will retry"
        )
    elif (
        any(issubclass(c, ConnectionResetError) for c in causes)
        or "reset" in text
        or ("disconnected" in text)
    ):
        message = f"connection reset by {host} before a complete answer; will retry"
    else:
        message = f"network error talking to {host} ({type(exc).__name__}: {exc}); will retry"
    return FetchError(message, url=progress.url)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc or url
