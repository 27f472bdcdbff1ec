"""Shared fixtures: real SMTP and webhook servers on loopback, config files, shared data."""

from __future__ import annotations

import socket
import sys
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parent))

from monitor.config import Config, load_config  # noqa: E402
from monitor.demo.receiver import WebhookReceiver  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"


def shared_path(*parts: str) -> Path:
    """A file under ../shared beside the checkout, or skip the test with a clear reason."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(
            f"{path} not found: this test reads ../shared/ beside the checkout "
            "(evaluation data; present in CI, absent from a user's clone)"
        )
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MailSink:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[Controller, MailSink]]:
    """A real SMTP server on 127.0.0.1 (aiosmtpd)."""
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, sink
    finally:
        controller.stop()


@pytest.fixture
def webhook(tmp_path: Path) -> Iterator[WebhookReceiver]:
    """A real HTTP webhook receiver on 127.0.0.1."""
    receiver = WebhookReceiver(tmp_path / "webhook.jsonl").start()
    try:
        yield receiver
    finally:
        receiver.stop()


@pytest.fixture
def write_config(tmp_path: Path):
    """Write a sources.yaml into the test's folder and load it."""

    def write(text: str, name: str = "sources.yaml") -> Config:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return load_config(path)

    return write
