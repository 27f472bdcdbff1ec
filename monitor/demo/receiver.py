"""A loopback webhook receiver: stands in for leadership's chat or incident tool."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

__all__ = ["WebhookReceiver"]


class WebhookReceiver:
    """Accepts JSON POSTs on 127.0.0.1, appends each to a JSON Lines file, calls ``on_alert``."""

    def __init__(self, log_file: Path, on_alert: Callable[[dict[str, Any]], None] | None = None):
        self.log_file = log_file
        self.received: list[dict[str, Any]] = []
        self.deliveries: list[tuple[str, dict[str, Any]]] = []  # (path's last part, payload)
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    payload = json.loads(self.rfile.read(length) or b"{}")
                except ValueError:
                    self.send_error(400, "body is not JSON")
                    return
                receiver.accept(payload, self.path.rstrip("/").rsplit("/", 1)[-1])
                self.send_response(204)
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.on_alert = on_alert

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/alerts"

    def accept(self, payload: dict[str, Any], name: str = "alerts") -> None:
        with self._lock:
            self.received.append(payload)
            self.deliveries.append((name, payload))
            with self.log_file.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(payload, ensure_ascii=False) + "\n")
        if self.on_alert:
            self.on_alert(payload)

    def start(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
