"""A loopback HTTP server that replays the demo scenario as a feed, a JSON API and a page.

What each endpoint returns depends on the simulated clock: only posts published
by then, the newest first (at most 80, from the last 12 simulated hours), with
an ETag so unchanged content answers 304 like a real server.
"""

from __future__ import annotations

import hashlib
import html
import json
import threading
from datetime import datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from monitor.demo.scenario import DemoPost, Scenario

__all__ = ["DemoClock", "DemoServer"]

WINDOW = timedelta(hours=12)
MAX_POSTS = 80


class DemoClock:
    """The simulated time, shared by the replay loop and the server threads."""

    def __init__(self, start: datetime):
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, moment: datetime) -> None:
        with self._lock:
            self._now = moment


def render_rss(posts: list[DemoPost], base: str) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(p.title)}</title><link>{base}/news/{p.id}</link>"
        f'<guid isPermaLink="false">{p.id}</guid>'
        f"<pubDate>{format_datetime(p.published_at)}</pubDate>"
        f"<description>{html.escape('<p>' + html.escape(p.text) + '</p>')}</description></item>"
        for p in posts
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Travel news (demo)</title><link>{base}/</link>"
        f"<description>Demo feed</description>{items}</channel></rss>"
    ).encode()


def render_json(posts: list[DemoPost], base: str) -> bytes:
    hits = [
        {
            "objectID": p.id,
            "title": p.title,
            "story_text": p.text,
            "url": f"{base}/forum/{p.id}",
            "created_at": p.published_at.isoformat(),
            "author": p.author,
            "points": p.metrics.get("score", 0),
            "num_comments": p.metrics.get("comments", 0),
        }
        for p in posts
    ]
    return json.dumps({"hits": hits}, ensure_ascii=False).encode()


def render_page(posts: list[DemoPost], base: str) -> bytes:
    blocks = "".join(
        f'<article class="review"><h3>{html.escape(p.title)}</h3>'
        f'<p class="body">{html.escape(p.text)}</p>'
        f'<a class="permalink" href="/reviews/{p.id}">link</a>'
        f'<time datetime="{p.published_at.isoformat()}">{p.published_at:%d %b %H:%M}</time>'
        "</article>"
        for p in posts
    )
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>Flyer reviews (demo)</title>'
        f"</head><body><h1>Latest reviews</h1>{blocks or '<p>No reviews yet.</p>'}</body></html>"
    ).encode()


_ROUTES = {
    "/news.rss": ("news", render_rss, "application/rss+xml; charset=utf-8"),
    "/forum.json": ("forum", render_json, "application/json"),
    "/reviews.html": ("reviews", render_page, "text/html; charset=utf-8"),
}


class DemoServer:
    """Serves the scenario on 127.0.0.1 in a background thread."""

    def __init__(self, scenario: Scenario, clock: DemoClock, port: int = 0):
        self.scenario = scenario
        self.clock = clock
        handler = self._handler()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> DemoServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def body(self, path: str) -> tuple[bytes, str] | None:
        route = _ROUTES.get(path)
        if route is None:
            return None
        source, render, ctype = route
        now = self.clock.now()
        posts = self.scenario.published(source, now - WINDOW, now)[:MAX_POSTS]
        return render(posts, self.base_url), ctype

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # keep the demo's console readable
                pass

            def do_GET(self):
                found = server.body(self.path.split("?")[0])
                if found is None:
                    self.send_error(404)
                    return
                body, ctype = found
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

        return Handler
