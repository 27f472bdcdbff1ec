"""The feed server of ``poll.py``: N distinct RSS feeds from memory, in its own process.

An asyncio server with a minimal HTTP/1.1 responder, listening on 127.0.0.1..127.0.0.H
(one port), ETag and Last-Modified on every answer, 304 for matching validators, gzip
when asked (``--gzip``). It counts the bytes it sends; a control port answers
``/_stats`` with the counters, so the benchmark reads them between phases.
"""

from __future__ import annotations

import asyncio
import email.utils
import gzip as gzip_module
import html
import json
import random
import sys
import time
import zlib
from datetime import UTC, datetime, timedelta

import httpx

BRANDS = [
    {"name": "Acme Air", "aliases": ["阿克米航空"]},
    {"name": "Globex Bank", "aliases": ["Globex"]},
    {"name": "Initech"},
]
BRAND_TITLES = (
    "{b} lost my luggage in {c} and customer service hung up on me",
    "Worst experience ever with {b} in {c}: no refund, no response",
    "{b} opens a new office in {c}",
    "{b} publishes its quarterly results; analysts in {c} are pleased",
    "Am sunat la {b} de trei ori din {c} și nu am primit rambursarea",
)
ZH_TITLE = "阿克米航空的客服太差了，投诉了三次都没人理，要求退款"
PLAIN_TITLES = (
    "Weather in {c}: rain expected tomorrow",
    "{c} council votes on the new tram line",
    "Traffic update for {c}",
    "Local team wins the derby in {c}",
)
# Item text is sentences of random words, so that no two items read as copies of one story
# (the store groups syndicated copies; near-identical filler would make every item a copy).
WORDS = """
the a of to and in for on with at by from about after before over under between into council
city mayor school hospital station bridge market harbour museum library park street road
river airport train bus tram ferry ticket price budget report survey plan week month year
morning evening night weekend holiday season summer winter spring residents workers students
teachers drivers nurses farmers tourists visitors families said says announced confirmed
expects plans opened closed raised cut delayed approved rejected discussed published
reviewed visited built repaired moved changed reported new old local national regional
public private small large early late main next last first second third several many few
most some other own same different recent annual water energy housing traffic weather rain
wind snow heat power fuel food coffee bread meeting vote decision law rule service centre
office court police fire team club match game festival concert exhibition show book film
music art history science health money tax rent wage job contract project proposal scheme
route line stop platform north south east west central coastal rural urban quiet busy open
closed free full because while although since until unless when where which who that this
those these more less much very only also still already again soon today yesterday tomorrow
two three four five ten twenty hundred thousand million percent hours minutes days
""".split()
CITIES = ("Oslo", "Lisbon", "Taipei", "Bucharest", "Dublin", "Porto", "Cluj")
LAST_MODIFIED = "Fri, 01 May 2026 08:00:00 GMT"
REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found"}


def _sentence(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14)))
    return text[0].upper() + text[1:] + "."


def build_feed(index: int) -> tuple[bytes, int, int]:
    """Feed ``index``: RSS bytes (10-20 items, about 5-15 KB), items, items naming a brand."""
    rng = random.Random(index)
    published = datetime(2026, 5, 1, 8, tzinfo=UTC)
    entries, named = [], 0
    for k in range(rng.randint(10, 20)):
        city = rng.choice(CITIES)
        if rng.random() < 0.3:
            named += 1
            brand = rng.choice(BRANDS)["name"]
            title = ZH_TITLE if rng.random() < 0.1 else rng.choice(BRAND_TITLES)
            title = title.format(b=brand, c=city)
        else:
            title = rng.choice(PLAIN_TITLES).format(c=city)
        body = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        summary = f'<p>{body}</p><p><a href="https://site{index}.example/{k}">Read more</a></p>'
        date = email.utils.format_datetime(published - timedelta(minutes=37 * k))
        entries.append(
            f"<item><title>{html.escape(title)}</title><link>https://site{index}.example/{k}"
            f'</link><guid isPermaLink="false">feed-{index}-{k}</guid><pubDate>{date}</pubDate>'
            f"<description>{html.escape(summary)}</description></item>"
        )
    xml = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Feed {index}</title><link>https://site{index}.example/</link>"
        f"<description>Local news {index}</description>{''.join(entries)}</channel></rss>"
    )
    return xml.encode(), len(entries), named


class _Feeds:
    """Pre-built feed bodies and the byte counters (cumulative; phases take differences)."""

    def __init__(self, count: int, use_gzip: bool):
        self.bodies, self.gzipped, self.etags = [], [], []
        self.items = self.named = 0
        for i in range(count):
            body, items, named = build_feed(i)
            self.bodies.append(body)
            self.gzipped.append(gzip_module.compress(body, 6) if use_gzip else None)
            self.etags.append(f'"{i}-{zlib.crc32(body):08x}"')
            self.items, self.named = self.items + items, self.named + named
        self.counters = {"requests": 0, "sent": 0, "received": 0, "connections": 0}
        self._date = (0, "")

    def date(self) -> str:
        now = int(time.time())
        if now != self._date[0]:
            self._date = (now, email.utils.formatdate(now, usegmt=True))
        return self._date[1]

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, list[str], bytes]:
        if path == "/robots.txt":
            return 200, ["Content-Type: text/plain"], b"User-agent: *\nAllow: /\n"
        number = path.removeprefix("/feeds/").removesuffix(".xml")
        if not (path.startswith("/feeds/") and number.isdigit() and int(number) < len(self.etags)):
            return 404, ["Content-Type: text/plain"], b"no such feed\n"
        i = int(number)
        etag, body = self.etags[i], self.bodies[i]
        fields = [f"ETag: {etag}", f"Last-Modified: {LAST_MODIFIED}"]
        match = headers.get("if-none-match")
        if match is not None:
            tags = {t.strip().removeprefix("W/") for t in match.split(",")}
            if "*" in tags or etag in tags:
                return 304, fields, b""
        elif headers.get("if-modified-since") == LAST_MODIFIED:
            return 304, fields, b""
        fields.append("Content-Type: application/rss+xml; charset=utf-8")
        if self.gzipped[i] is not None and "gzip" in headers.get("accept-encoding", ""):
            body = self.gzipped[i]
            fields += ["Content-Encoding: gzip", "Vary: Accept-Encoding"]
        return 200, fields, body


class _Responder(asyncio.Protocol):
    """Minimal HTTP/1.1: GET only, keep-alive, pipelining; /_stats on the control port."""

    def __init__(self, feeds: _Feeds, control: bool):
        self.feeds, self.control, self.buffer = feeds, control, b""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        if not self.control:
            self.feeds.counters["connections"] += 1

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            head, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            self.respond(head)

    def respond(self, head: bytes) -> None:
        lines = head.decode("latin-1").split("\r\n")
        target = lines[0].split(" ")[1] if " " in lines[0] else "/"
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if self.control:
            status, fields, body = 200, [], json.dumps(self.feeds.counters).encode()
        else:
            status, fields, body = self.feeds.answer(target.split("?")[0], headers)
        fields += [f"Date: {self.feeds.date()}", "Server: poll-bench"]
        if status != 304:
            fields.append(f"Content-Length: {len(body)}")
        lines = "".join(f"{field}\r\n" for field in fields)
        data = f"HTTP/1.1 {status} {REASONS[status]}\r\n{lines}\r\n".encode("latin-1") + body
        if not self.control:
            c = self.feeds.counters
            c["requests"] += 1
            c["sent"] += len(data)
            c["received"] += len(head) + 4
            c[str(status)] = c.get(str(status), 0) + 1
            if target == "/robots.txt":
                c["robots"] = c.get("robots", 0) + 1
        self.transport.write(data)
        if headers.get("connection", "").lower() == "close":
            self.transport.close()


async def serve(count: int, hosts: int, use_gzip: bool) -> None:
    feeds = _Feeds(count, use_gzip)
    loop = asyncio.get_running_loop()
    servers = []
    for _ in range(5):  # another program may hold our port on some 127.0.0.X: pick again
        try:
            first = await loop.create_server(lambda: _Responder(feeds, False), "127.0.0.1", 0)
            servers = [first]
            port = first.sockets[0].getsockname()[1]
            for x in range(2, hosts + 1):
                servers.append(
                    await loop.create_server(
                        lambda: _Responder(feeds, False), f"127.0.0.{x}", port, backlog=1024
                    )
                )
            break
        except OSError:
            for server in servers:
                server.close()
    else:
        raise SystemExit(f"could not bind one port on 127.0.0.1-127.0.0.{hosts}")
    control = await loop.create_server(lambda: _Responder(feeds, True), "127.0.0.1", 0)
    ready = {
        "port": port,
        "control": control.sockets[0].getsockname()[1],
        "items": feeds.items,
        "named": feeds.named,
        "bytes": sum(len(b) for b in feeds.bodies),
        "gzip_bytes": sum(len(b) for b in feeds.gzipped if b),
    }
    print(json.dumps(ready), flush=True)
    await loop.run_in_executor(None, sys.stdin.read)  # until the benchmark closes our stdin


def server_stats(control: int) -> dict[str, int]:
    return httpx.get(f"http://127.0.0.1:{control}/_stats", trust_env=False).json()


def since(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {k: v - before.get(k, 0) for k, v in after.items()}
