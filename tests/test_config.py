"""sources.yaml is validated at load: every problem at once, with its line and the fix."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from monitor.config import load_config, parse_config, redacted
from monitor.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]

BAD = """\
database: mysql://x
brands:
  - name: A
    colour: red
sources:
  - name: feed
    type: rss
    url: ftp://example.com/feed
  - name: page
    type: page
    url: https://example.com/
    interval: 5 parsecs
alerts:
  channels:
    - name: mail
      type: email
      smtp_host: mail.example.com
      sender: a@example.com
      to: [b@example.com]
      password: hunter2
    - name: hook
      type: webhook
      url: ${HOOK_URL}
"""


def test_every_problem_is_reported_at_once_with_line_and_fix():
    with pytest.raises(ConfigError) as caught:
        parse_config(BAD, "sources.yaml", env={})
    assert caught.value.problems == [
        "line 20: alerts.channels[0].password: secrets must not be written in the file: "
        "use ${PASSWORD} and set that environment variable",
        "line 23: alerts.channels[1].url: environment variable HOOK_URL is not set: "
        "export HOOK_URL=... or write ${HOOK_URL:-default}",
        "line 1: database: must be a database URL: sqlite:///monitor.db or "
        "postgresql+psycopg://user@host/dbname",
        "line 4: brands[0].colour: unknown setting: check its spelling in docs/configuration.md",
        "line 8: sources[0].url: must start with http:// or https:// and name a host",
        "line 12: sources[1].interval: '5 parsecs' is not a duration: "
        "write e.g. 30s, 15m, 1h or 2d",
    ]
    assert str(caught.value).startswith("sources.yaml: 6 problems:\n  - line 20:")


def test_a_page_source_needs_selectors():
    with pytest.raises(ConfigError) as caught:
        parse_config("sources:\n  - name: p\n    type: page\n    url: https://example.com/\n")
    assert caught.value.problems == [
        "line 2: sources[0]: a page source needs selectors: add e.g. selectors: "
        "{item: article, text: p}"
    ]


def test_secrets_come_from_the_environment_and_are_masked():
    text = """
alerts:
  channels:
    - name: mail
      type: email
      smtp_host: ${SMTP_HOST:-localhost}
      sender: a@example.com
      to: [b@example.com]
      password: ${SMTP_PASSWORD}
    - name: slack
      type: slack
      url: ${SLACK_URL}
"""
    env = {"SMTP_PASSWORD": "s3cret", "SLACK_URL": "https://hooks.slack.example/T1/B2/xyz"}
    config = parse_config(text, env=env)
    mail, slack = config.alerts.channels
    assert (mail.smtp_host, mail.password, slack.url) == ("localhost", "s3cret", env["SLACK_URL"])
    shown = redacted(config)["alerts"]["channels"]
    assert shown[0]["password"] == "***"
    assert shown[1]["url"] == "https://hooks.slack.example/***"


def test_defaults_and_durations():
    config = parse_config("sources:\n  - {name: a, type: rss, url: 'http://x/feed', interval: 90s}")
    assert config.sources[0].interval == timedelta(seconds=90)
    assert config.detection.bucket == timedelta(hours=1)
    assert config.complaints.sla == timedelta(hours=20)
    assert config.database == "sqlite:///monitor.db"


def test_relative_sqlite_path_is_relative_to_the_config_file(tmp_path):
    (tmp_path / "conf").mkdir()
    path = tmp_path / "conf" / "sources.yaml"
    path.write_text("database: sqlite:///data.db\n", encoding="utf-8")
    assert load_config(path).database == f"sqlite:///{tmp_path}/conf/data.db"


def test_duplicate_names_and_yaml_errors_are_reported():
    with pytest.raises(ConfigError) as caught:
        parse_config(
            "sources:\n  - {name: a, type: rss, url: 'http://x'}\n"
            "  - {name: a, type: rss, url: 'http://y'}\n"
        )
    assert "the name 'a' is used twice" in caught.value.problems[0]
    with pytest.raises(ConfigError) as caught:
        parse_config("brands: [\n", "x.yaml")
    assert caught.value.problems[0].startswith("line 2: not valid YAML")


def test_check_config_cli_exit_codes(tmp_path):
    good = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(ROOT / "sources.yaml"), "check-config"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert good.returncode == 0, good.stderr
    assert "OK: 1 brands, 7 sources" in good.stdout
    bad_file = tmp_path / "bad.yaml"
    bad_file.write_text("sources:\n  - name: x\n    type: carrier-pigeon\n    url: http://x\n")
    bad = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(bad_file), "check-config"],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    assert "line 3: sources[0].type: Input should be 'rss', 'page' or 'json'" in bad.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "monitor", "--config", str(tmp_path / "no.yaml"), "check-config"],
        capture_output=True,
        text=True,
    )
    assert missing.returncode == 1
    assert "file not found: pass --config PATH or set MONITOR_CONFIG" in missing.stderr


def test_unknown_language_codes_are_named():
    with pytest.raises(ConfigError) as caught:
        parse_config("languages: [en, klingon]\n")
    assert caught.value.problems == [
        "line 1: languages: unknown language code(s) klingon: use ISO 639-1 codes such as "
        "en, zh, ro, fr"
    ]


def test_complaint_column_mapping_targets_are_checked():
    with pytest.raises(ConfigError) as caught:
        parse_config("complaints:\n  columns: {Ticket: ticket_id}\n")
    assert caught.value.problems[0].startswith(
        "line 2: complaints.columns: unknown complaint field(s) ticket_id: map headers to id, "
    )


def test_database_password_and_source_headers_are_masked():
    config = parse_config(
        "database: postgresql+psycopg://app:pw@db/monitor\n"
        "sources: [{name: a, type: rss, url: 'http://x/f', interval: 15m,"
        " headers: {Authorization: Bearer t0ken}}]\n"
    )
    shown = redacted(config)
    assert shown["database"] == "postgresql+psycopg://app:***@db/monitor"
    assert shown["sources"][0]["headers"] == {"Authorization": "***"}
    assert shown["sources"][0]["interval"] == "15m"


def test_the_acknowledge_link_secret_is_masked():
    config = parse_config(
        "alerts:\n  ack:\n    secret: ${ACK_SECRET}\n", env={"ACK_SECRET": "s3cret-s3cret-s3cret"}
    )
    assert config.alerts.ack.secret == "s3cret-s3cret-s3cret"
    assert redacted(config)["alerts"]["ack"]["secret"] == "***"
