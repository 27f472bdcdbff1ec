"""Signed webhooks and command hooks, delivered through the real outbox and dispatcher.

A real HTTP receiver on 127.0.0.1 checks the signature with the recipe printed in
docs/alerts.md; real hook programs (Python scripts run with this interpreter) read the
alert on stdin, fail with an exit code, or hang until the timeout kills them.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import select
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_alerts import NOW, config_with, incident

from monitor.alerts import dispatch_alerts, queue_alerts
from monitor.config import parse_config, redacted
from monitor.detection import IncidentEvent
from monitor.errors import ConfigError
from monitor.store import open_store
from monitor.store.alerts import list_alerts

DOCS = Path(__file__).resolve().parents[1] / "docs"


def documented_verify():
    """The receiver's ``verify`` function, exactly as docs/alerts.md prints it."""
    text = (DOCS / "alerts.md").read_text(encoding="utf-8")
    (snippet,) = [b for b in re.findall(r"```python\n(.*?)```", text, re.DOTALL) if "verify" in b]
    namespace: dict = {}
    exec(compile(snippet, "docs/alerts.md", "exec"), namespace)
    return namespace["verify"]


class RawReceiver:
    """A loopback webhook that keeps each request's headers and exact body bytes."""

    def __init__(self) -> None:
        self.requests: list[tuple] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 (http.server's hook name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append((self.headers, body))
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/hook"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def receiver():
    server = RawReceiver()
    yield server
    server.close()


def deliver_one(config):
    """Queue one incident alert on every channel and run one dispatch cycle."""
    store = open_store(config.database)
    queue_alerts(config, store, [IncidentEvent(incident(store), "opened", live=True)], NOW)
    return store, dispatch_alerts(config, store, NOW)


# --- signed webhooks ---------------------------------------------------------------------


def test_a_signed_webhook_verifies_with_the_documented_recipe(write_config, receiver, monkeypatch):
    monkeypatch.setenv("HOOK_SECRET", "s3cret")
    config = config_with(
        write_config,
        f'    - {{name: hook, type: webhook, url: "{receiver.url}", secret: "${{HOOK_SECRET}}"}}',
    )
    store, report = deliver_one(config)
    assert (report.sent, report.errors) == (1, [])
    ((headers, body),) = receiver.requests
    (row,) = list_alerts(store)

    verify = documented_verify()
    assert verify(b"s3cret", headers, body)
    assert not verify(b"wrong secret", headers, body)
    assert not verify(b"s3cret", headers, body.replace(b"Acme Air", b"Acme Aix"))
    stale = {**dict(headers.items()), "X-Monitor-Timestamp": str(int(time.time()) - 3600)}
    assert not verify(b"s3cret", stale, body)  # a replayed request an hour later

    timestamp = headers["X-Monitor-Timestamp"]
    signed = f"{timestamp}.".encode() + body
    mac = hmac.new(b"s3cret", signed, hashlib.sha256).hexdigest()
    assert headers["X-Monitor-Signature"] == f"sha256={mac}"
    assert headers["Idempotency-Key"] == f"crisis-monitor-alert-{row['id']}"
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["type"] == "incident.opened"


def test_an_unsigned_webhook_carries_no_signature(write_config, receiver):
    config = config_with(
        write_config, f'    - {{name: hook, type: webhook, url: "{receiver.url}"}}'
    )
    _, report = deliver_one(config)
    ((headers, _body),) = receiver.requests
    assert report.sent == 1
    assert headers["X-Monitor-Signature"] is None and headers["X-Monitor-Timestamp"] is None
    assert headers["Idempotency-Key"].startswith("crisis-monitor-alert-")


def test_a_webhook_secret_comes_from_the_environment_and_is_masked():
    with pytest.raises(ConfigError) as err:
        parse_config(
            """alerts:
  channels:
    - {name: a, type: webhook, url: "http://x.example", secret: hunter2}
    - {name: b, type: slack, url: "http://x.example", secret: "${S}"}
""",
            env={"S": "k"},
        )
    assert err.value.problems == [
        "line 3: alerts.channels[0].secret: secrets must not be written in the file: "
        "use ${SECRET} and set that environment variable",
        "line 4: alerts.channels[1]: secret signs `type: webhook` requests only; "
        "slack ignores it: remove it",
    ]
    config = parse_config(
        'alerts:\n  channels:\n    - {name: a, type: webhook, url: "http://x.example", '
        'secret: "${S}"}\n',
        env={"S": "k"},
    )
    assert config.alerts.channels[0].secret == "k"
    assert redacted(config)["alerts"]["channels"][0]["secret"] == "***"


# --- command hooks -----------------------------------------------------------------------


def hook(tmp_path: Path, name: str, body: str) -> str:
    """A hook program written to tmp_path; returns its path."""
    path = tmp_path / name
    path.write_text("import json, os, sys, time\n" + body, encoding="utf-8")
    return str(path)


def command_channel(write_config, command: list[str], extra: str = "", max_attempts: int = 3):
    return config_with(
        write_config,
        f"    - {{name: pager, type: command, command: {json.dumps(command)}{extra}}}",
        max_attempts=max_attempts,
    )


def test_a_command_hook_reads_the_alert_on_stdin(write_config, tmp_path):
    out = tmp_path / "received.json"
    script = hook(
        tmp_path,
        "hook.py",
        "document = json.load(sys.stdin)\n"
        "env = {k: os.environ.get(k) for k in ('MONITOR_ALERT_TYPE', 'MONITOR_IDEMPOTENCY_KEY',"
        " 'PATH')}\n"
        "json.dump({'document': document, 'env': env, 'args': sys.argv[2:]},"
        " open(sys.argv[1], 'w'))\n",
    )
    config = command_channel(write_config, [sys.executable, script, str(out), "--team", "pr"])
    store, report = deliver_one(config)
    assert (report.sent, report.errors) == (1, [])
    received = json.loads(out.read_text())
    (row,) = list_alerts(store)
    assert received["document"] == json.loads(row["payload"])
    assert received["document"]["type"] == "incident.opened"
    assert received["args"] == ["--team", "pr"]
    assert received["env"]["MONITOR_ALERT_TYPE"] == "incident.opened"
    assert received["env"]["MONITOR_IDEMPOTENCY_KEY"] == f"crisis-monitor-alert-{row['id']}"
    assert received["env"]["PATH"]  # the monitor's own environment is passed on
    assert row["status"] == "sent"


def test_a_failing_hook_is_reported_and_retried(write_config, tmp_path):
    script = hook(
        tmp_path,
        "hook.py",
        "sys.stdin.read()\n"
        "print('connecting to the paging API', file=sys.stderr)\n"
        "print('paging API said 503', file=sys.stderr)\n"
        "sys.exit(3)\n",
    )
    config = command_channel(write_config, [sys.executable, script])
    store, report = deliver_one(config)
    error = f"pager: {sys.executable} exited with code 3: paging API said 503"
    assert (report.sent, report.retrying) == (0, 1)
    assert report.errors == [f"{error} (will retry)"]
    (row,) = list_alerts(store)
    assert (row["status"], row["attempts"], row["last_error"]) == ("pending", 1, error)

    Path(script).write_text("import sys\nsys.stdin.read()\n", encoding="utf-8")  # fixed
    later = dispatch_alerts(config, store, NOW.replace(hour=13))
    assert (later.sent, later.errors) == (1, [])
    (row,) = list_alerts(store)
    assert (row["status"], row["attempts"]) == ("sent", 2)


def test_a_missing_program_is_a_clear_error(write_config, tmp_path):
    missing = str(tmp_path / "no-such-hook")
    _, report = deliver_one(command_channel(write_config, [missing]))
    assert report.errors == [
        f"pager: cannot run {missing} (FileNotFoundError: No such file or directory) (will retry)"
    ]


def exits_within(pid: int, seconds: float) -> bool:
    """Whether process ``pid`` has ended (or ends within ``seconds``: a SIGKILL is
    delivered asynchronously), watched through a pidfd rather than by polling."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return True
    try:
        return bool(select.select([fd], [], [], seconds)[0])
    finally:
        os.close(fd)


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="needs os.pidfd_open (Linux)")
def test_a_hanging_hook_is_killed_at_the_timeout(write_config, tmp_path):
    pid_file = tmp_path / "child.pid"
    script = hook(
        tmp_path,
        "hook.py",
        "import subprocess\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "open(sys.argv[1], 'w').write(str(child.pid))\n"
        "time.sleep(120)\n",
    )
    config = command_channel(write_config, [sys.executable, script, str(pid_file)], ", timeout: 1s")
    started = time.monotonic()
    store, report = deliver_one(config)
    assert time.monotonic() - started < 30
    assert report.errors == [
        f"pager: {sys.executable} did not finish within 1s and was killed (will retry)"
    ]
    (row,) = list_alerts(store)
    assert row["status"] == "pending"
    assert exits_within(int(pid_file.read_text()), 5)  # the hook's own child is killed too


def test_a_command_must_be_a_list_with_a_program():
    with pytest.raises(ConfigError) as err:
        parse_config(
            """alerts:
  channels:
    - {name: a, type: command, command: "notify.sh --team pr"}
    - {name: b, type: command, command: []}
    - {name: c, type: command}
"""
        )
    assert err.value.problems == [
        "line 3: alerts.channels[0].command: must be a list, [program, arg, ...]: "
        "no shell splits a string",
        "line 4: alerts.channels[1].command: must start with the program to run: "
        "[program, arg, ...]",
        "line 5: alerts.channels[2].command: required setting is missing",
    ]
