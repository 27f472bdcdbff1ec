"""A real HTTP server on 127.0.0.1 for the collector tests, with injectable faults.

Standard library only, one thread per connection. Each test registers the
responses it needs::

    with LoopbackServer() as server:
        url = server.route("/feed.xml", fixture("rss2_normal.xml", "application/rss+xml"))

Responders: :func:`send`, :func:`fixture` (conditional GET with ETag/Last-Modified),
:func:`status` (+ Retry-After), :func:`encoded` (any Content-Encoding, e.g. a gzip
bomb built in memory by :func:`gzip_bomb`), :func:`drip` (a trickled body),
:func:`hang`, :func:`endless` (a chunked body that never ends), :func:`redirect`,
:func:`redirect_loop`, :func:`reset` (TCP RST) and :func:`truncate`. Server-side
pauses wait on the server's stop event, so closing the server ends them at once.

Not a conftest.py: test modules import it (``from conftest_sources import ...``).
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import struct
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sources import CollectResult, FetchLimits, FetchSpec, Validators, collect, make_client

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "sources"
RSS = "application/rss+xml"
HTML = "text/html"
JSON = "application/json"

Responder = Callable[["Handler"], None]


@dataclass(frozen=True)
class SeenRequest:
    path: str
    headers: dict[str, str]  # lower-case names


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server  # type: ignore[assignment]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        owner = self.server.owner
        headers = {k.lower(): v for k, v in self.headers.items()}
        owner.requests.append(SeenRequest(self.path, headers))
        responder = owner.routes.get(path) or status(404)
        try:
            responder(self)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            pass  # the client gave up, as the tests intend
        self.close_connection = True

    @property
    def stop(self) -> threading.Event:
        return self.server.owner.stop

    def respond(self, code: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if code != 304:
            self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if code != 304:
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # faults end connections abruptly on purpose


class LoopbackServer:
    """Serve registered responders on 127.0.0.1:<free port> until closed."""

    def __init__(self) -> None:
        self.routes: dict[str, Responder] = {}
        self.requests: list[SeenRequest] = []
        self.stop = threading.Event()
        self._httpd = _Server(("127.0.0.1", 0), Handler)
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def route(self, path: str, responder: Responder) -> str:
        self.routes[path] = responder
        return self.url(path)

    def close(self) -> None:
        self.stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def read_fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# ----------------------------------------------------------------------------- responders


def send(
    body: bytes, content_type: str = "text/plain", code: int = 200, **headers: str
) -> Responder:
    def respond(h: Handler) -> None:
        h.respond(code, body, {"Content-Type": content_type, **headers})

    return respond


def fixture(
    name: str,
    content_type: str,
    etag: str | None = None,
    last_modified: str | None = None,
    compress: bool = False,
) -> Responder:
    """Serve a fixture file; answer 304 when the request's validators match."""
    body = read_fixture(name)

    def respond(h: Handler) -> None:
        validators = {"ETag": etag, "Last-Modified": last_modified}
        validators = {k: v for k, v in validators.items() if v}
        inm, ims = h.headers.get("If-None-Match"), h.headers.get("If-Modified-Since")
        if (etag and inm == etag) or (inm is None and last_modified and ims == last_modified):
            h.respond(304, headers=validators)
            return
        headers = {"Content-Type": content_type, **validators}
        if compress and "gzip" in (h.headers.get("Accept-Encoding") or ""):
            h.respond(200, gzip.compress(body, mtime=0), {**headers, "Content-Encoding": "gzip"})
        else:
            h.respond(200, body, headers)

    return respond


def status(code: int, retry_after: str | None = None) -> Responder:
    headers = {"Retry-After": retry_after} if retry_after else {}
    return send(f"{code}\n".encode(), "text/plain", code, **headers)


def encoded(body: bytes, encoding: str, content_type: str = RSS) -> Responder:
    """``body`` sent as-is with ``Content-Encoding: encoding`` (bombs, bad gzip, deflate)."""
    return send(body, content_type, **{"Content-Encoding": encoding})


def drip(body: bytes, content_type: str = RSS, piece: int = 100, every: float = 0.1) -> Responder:
    """Headers at once, then ``piece`` bytes every ``every`` seconds (~1 KB/s by default)."""

    def respond(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        for start in range(0, len(body), piece):
            h.wfile.write(body[start : start + piece])
            h.wfile.flush()
            if h.stop.wait(every):
                return

    return respond


def hang() -> Responder:
    """Read the request, never answer (until the server closes)."""
    return lambda h: h.stop.wait()


def endless(every: float = 0.0, content_type: str = RSS) -> Responder:
    """A chunked RSS body that never ends; ``every`` > 0 pauses between chunks."""

    def respond(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        h.wfile.write(_chunk(b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'))
        n = 0
        while not h.stop.is_set():
            n += 1
            item = b"<item><title>endless %d</title><description>%s</description></item>\n"
            h.wfile.write(_chunk(b"".join(item % (n * 64 + i, b"x" * 900) for i in range(64))))
            if every and h.stop.wait(every):
                return

    return respond


def redirect(to: str, code: int = 302) -> Responder:
    return send(b"moved\n", "text/plain", code, Location=to)


def redirect_loop() -> Responder:
    """302 to the same path with ?hop=N+1, forever."""

    def respond(h: Handler) -> None:
        split = urlsplit(h.path)
        hop = int(split.query.removeprefix("hop=") or 0) + 1
        h.respond(302, b"moved\n", {"Location": f"{split.path}?hop={hop}"})

    return respond


def reset() -> Responder:
    """Abort the connection with a TCP RST before any response byte."""

    def respond(h: Handler) -> None:
        h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        h.connection.close()

    return respond


def truncate(body: bytes, fraction: float = 0.5, content_type: str = RSS) -> Responder:
    """Declare the full Content-Length, send only ``fraction`` of the body, close."""

    def respond(h: Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body[: int(len(body) * fraction)])

    return respond


# ----------------------------------------------------------------------------- payloads

BOMB_PREFIX = b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>'


def gzip_bomb(mib: int) -> bytes:
    """A valid gzip member (~1 KB per MiB) that inflates to ``mib`` MiB: a prefix + spaces.

    After a full flush the deflate state resets, so each further MiB of spaces
    compresses to the same block: the bomb is built without compressing it all.
    """
    chunk = b" " * (1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(BOMB_PREFIX) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    tail = c.flush()
    crc = zlib.crc32(BOMB_PREFIX)
    for _ in range(mib):
        crc = zlib.crc32(chunk, crc)
    size = len(BOMB_PREFIX) + mib * len(chunk)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)
    return b"".join([header, first, block * mib, tail, trailer])


def inflated_size(gz: bytes) -> int:
    """Decompressed size of a gzip body, counted in bounded steps (proves a bomb's size)."""
    d = zlib.decompressobj(47)
    total, data = 0, gz
    while not d.eof:
        out = d.decompress(data, 1 << 20)
        total += len(out)
        data = d.unconsumed_tail
        if not out and not data:
            break
    return total


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


# ----------------------------------------------------------------------------- client side

SOURCE_NAME = "test-source"


def collect_once(
    url: str,
    source_type: str = "rss",
    limits: FetchLimits | None = None,
    validators: Validators | None = None,
    **spec: Any,
) -> CollectResult:
    """Poll ``url`` once through the real client, as the product does."""
    limits = limits or FetchLimits(total_timeout=5.0)

    async def run() -> CollectResult:
        async with make_client(limits) as client:
            source = FetchSpec(name=SOURCE_NAME, type=source_type, url=url, **spec)
            return await collect(client, source, validators or Validators(), limits)

    return asyncio.run(run())
