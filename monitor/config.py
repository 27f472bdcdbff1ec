"""``sources.yaml``: one typed model, validated at load, every problem reported at once.

The error names the file, then each problem with its line, its path inside the
file and the fix, e.g. ``line 14: sources[2].url: must start with http:// or https://``.
Secrets come only from environment variables referenced as ``${NAME}`` (or
``${NAME:-default}``); a literal password is refused.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from monitor.alertsettings import (
    AlertSettings,
    CommandChannel,
    EmailChannel,
    WebhookChannel,
)
from monitor.complaintsettings import COMPLAINT_FIELDS, ComplaintSettings, Tier
from monitor.dashboardsettings import DashboardSettings
from monitor.durations import format_duration, parse_duration
from monitor.errors import ConfigError
from monitor.query import parse_query
from monitor.settingsbase import Duration
from monitor.settingsbase import SettingsModel as _Model
from monitor.yamlmap import line_of, load_with_lines

__all__ = [
    "COMPLAINT_FIELDS",
    "Brand",
    "CommandChannel",
    "ComplaintSettings",
    "Config",
    "EmailChannel",
    "Source",
    "Tier",
    "WebhookChannel",
    "load_config",
    "parse_config",
    "redacted",
]

Pause = Annotated[timedelta, BeforeValidator(partial(parse_duration, allow_zero=True))]
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")
_SECRET_KEYS = {"password", "token", "secret"}


class Brand(_Model):
    """A brand to watch: its name, aliases in any script, and phrases that are not it."""

    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    query: str | None = None

    @field_validator("query")
    @classmethod
    def _readable_query(cls, value: str | None) -> str | None:
        if value is not None:
            parse_query(value)  # QueryError is a ValueError: reported with its line
        return value

    @property
    def terms(self) -> list[str]:
        """The name and every alias, without repeats, in the order written."""
        return list(dict.fromkeys([self.name, *self.aliases]))


class Source(_Model):
    """A feed, page or JSON endpoint to poll."""

    name: str = Field(min_length=1)
    type: Literal["rss", "page", "json"]
    url: str
    interval: Duration | None = None
    enabled: bool = True
    selectors: dict[str, str] = Field(default_factory=dict)
    fields: dict[str, str] = Field(default_factory=dict)
    headers: dict[str, str] = Field(default_factory=dict)
    user_agent: str | None = Field(None, min_length=1)
    max_bytes: int | None = Field(None, gt=0)
    full_text: bool = False
    allow_domains: list[str] = Field(default_factory=list)
    block_domains: list[str] = Field(default_factory=list)
    complaint_site: bool = Field(
        False, description="every mention from this source also becomes a complaint record"
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("must start with http:// or https:// and name a host")
        return value

    @model_validator(mode="after")
    def _type_options(self) -> Source:
        if self.type == "page" and not self.selectors:
            raise ValueError(
                "a page source needs selectors: add e.g. selectors: {item: article, text: p}"
            )
        if self.type != "page" and self.selectors:
            raise ValueError("selectors apply only to type: page")
        if self.type != "json" and self.fields:
            raise ValueError("fields apply only to type: json")
        return self


class CollectSettings(_Model):
    interval: Duration = timedelta(minutes=15)
    jitter: float = Field(0.1, ge=0, le=0.5)
    total_timeout: Duration = timedelta(seconds=30)
    connect_timeout: Duration = timedelta(seconds=10)
    max_bytes: int = Field(10 * 1024 * 1024, gt=0)
    concurrency: int = Field(8, ge=1, le=256)
    error_limit: int = Field(10, ge=1)
    user_agent: str = "crisis-monitor/0.1 (brand monitoring; contact your administrator)"
    per_host_concurrency: int = Field(2, ge=1, le=64)
    per_host_delay: Pause = timedelta(seconds=1)
    adaptive: bool = True
    max_interval: Duration = timedelta(hours=2)
    revalidate_after: Duration = timedelta(hours=24)
    robots: bool = True
    blind_share: float = Field(0.25, gt=0, le=1)
    parse_processes: int | None = Field(None, ge=0, le=64)


class DetectionSettings(_Model):
    bucket: Duration = timedelta(hours=1)
    window: Duration = Field(timedelta(days=3), description="past time that forms the baseline")
    min_history: Duration = Field(timedelta(days=1), description="history needed before any alert")
    threshold: float = Field(6.0, gt=0, description="surprise score that opens an incident")
    critical_factor: float = Field(2.0, ge=1, description="threshold x this = critical")
    min_count: int = Field(5, ge=1, description="fewest mentions in a bucket worth an alert")
    quiet: Duration = Field(timedelta(days=1), description="calm time that closes an incident")
    persist: Duration = Field(
        timedelta(hours=3), description="anomalous this long in a row, an incident turns critical"
    )
    seasonal_days: int = Field(
        7, ge=0, le=28, description="previous days whose same hour forms the seasonal baseline"
    )
    seasonal_threshold: float | None = Field(
        None,
        gt=0,
        description="surprise score of the seasonal (hourly) test; default threshold x 5/6",
    )
    smooth: Duration = Field(
        timedelta(hours=1), description="span the seasonal test averages, at least a bucket"
    )
    delay: Duration = Field(
        timedelta(minutes=5),
        description="wait after a bucket closes before judging it, so late posts count",
    )
    breakdown: list[Literal["source", "language"]] = Field(
        default_factory=lambda: ["source", "language"],
        description="parts of each brand judged on their own too: a surge the total hides",
    )
    breakdown_threshold: float | None = Field(
        None,
        gt=0,
        description="surprise score of one source or language; default threshold x 1.25",
    )

    @model_validator(mode="after")
    def _sizes(self) -> DetectionSettings:
        if self.window < self.bucket * 4:
            raise ValueError("window must cover at least 4 buckets")
        if self.min_history > self.window:
            raise ValueError("min_history must not exceed window")
        return self


ANALYZER_NAMES = ("vader", "textblob", "chinese", "lexicon", "terms")


def _analyzer_name(value: str) -> str:
    if value in ANALYZER_NAMES or (value.startswith("hf:") and len(value) > 3):
        return value
    raise ValueError(
        f"unknown analyzer {value!r}: choose {', '.join(ANALYZER_NAMES)}, or hf:MODEL for a "
        "Hugging Face sequence-classification model (a local path or a cached model name)"
    )


AnalyzerName = Annotated[str, AfterValidator(_analyzer_name)]
# The languages of the default config: identified, matched and scored out of the box.
DEFAULT_LANGUAGES = ("en", "zh", "ro", "fr", "de", "es", "it", "pt", "ar", "hi")


class SentimentSettings(_Model):
    analyzers: dict[str, AnalyzerName] = Field(
        default_factory=lambda: {"en": "vader", "zh": "chinese"},
        description="language -> analyzer; other languages get `default`",
    )
    default: AnalyzerName = "lexicon"

    @field_validator("analyzers")
    @classmethod
    def _language_codes(cls, value: dict[str, str]) -> dict[str, str]:
        bad = sorted(code for code in value if not re.match(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$", code))
        if bad:
            raise ValueError(
                f"not a language code: {', '.join(bad)}: use ISO 639-1 codes such as en, ro, "
                "zh, or zh-Hans / zh-Hant"
            )
        return value

    @model_validator(mode="after")
    def _lexicons_exist(self) -> SentimentSettings:
        from monitor.analyzers import lexicon_languages

        known = lexicon_languages()
        missing = [
            code
            for code, name in self.analyzers.items()
            if name == "lexicon" and code.split("-")[0] not in known
        ]
        if missing:
            raise ValueError(
                f"analyzers: no built-in lexicon for {', '.join(missing)}; languages with "
                f"one: {', '.join(known)} (choose vader, textblob, chinese or terms instead)"
            )
        return self


class TermSettings(_Model):
    complaint: list[str] = Field(default_factory=list, description="added to the built-in set")
    risk: list[str] = Field(default_factory=list, description="added to the built-in set")
    safety: list[str] = Field(
        default_factory=list, description="safety-critical, added to the built-in set"
    )


class Config(_Model):
    """The whole configuration. ``path`` is the file it came from."""

    database: str = "sqlite:///monitor.db"
    languages: list[str] = Field(default_factory=lambda: list(DEFAULT_LANGUAGES))
    language_accuracy: Literal["high", "low"] = Field(
        "low", description="high: better on short posts, about 25 MB of models per language"
    )
    brands: list[Brand] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    collect: CollectSettings = CollectSettings()
    detection: DetectionSettings = DetectionSettings()
    alerts: AlertSettings = AlertSettings()
    complaints: ComplaintSettings = ComplaintSettings()
    sentiment: SentimentSettings = SentimentSettings()
    terms: TermSettings = TermSettings()
    dashboard: DashboardSettings = DashboardSettings()
    path: str = Field("<memory>", exclude=True)

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: list[str]) -> list[str]:
        from lingua import IsoCode639_1

        unknown = [c for c in value if not hasattr(IsoCode639_1, c.split("-")[0].upper())]
        if unknown:
            raise ValueError(
                f"unknown language code(s) {', '.join(unknown)}: use ISO 639-1 codes such as "
                "en, zh, ro, fr"
            )
        return value

    @field_validator("database")
    @classmethod
    def _database_url(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql")):
            raise ValueError(
                "must be a database URL: sqlite:///monitor.db or "
                "postgresql+psycopg://user@host/dbname"
            )
        return value

    @model_validator(mode="after")
    def _known_channels(self) -> Config:
        names = {c.name for c in self.alerts.channels}
        unknown = [n for n in self.complaints.notify if n not in names]
        if unknown:
            raise ValueError(
                f"complaints.notify names {', '.join(unknown)}, not in alerts.channels"
                + (f" ({', '.join(sorted(names))})" if names else " (none configured)")
            )
        return self

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        for kind, items in (("sources", self.sources), ("brands", self.brands)):
            seen: set[str] = set()
            for item in items:
                if item.name in seen:
                    raise ValueError(
                        f"{kind}: the name {item.name!r} is used twice; names must be unique"
                    )
                seen.add(item.name)
        return self

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise KeyError(name)


def load_config(path: str | os.PathLike[str], env: dict[str, str] | None = None) -> Config:
    """Read and validate a config file. Raises ConfigError listing every problem."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            str(file), ["file not found: pass --config PATH or set MONITOR_CONFIG"]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(file), [f"cannot read the file: {exc}"]) from None
    return parse_config(text, str(file), env=os.environ if env is None else env)


def parse_config(text: str, name: str = "<memory>", env: dict[str, str] | None = None) -> Config:
    """Validate config text; ``name`` is used in messages and to resolve relative paths."""
    try:
        data, lines = load_with_lines(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(name, [f"{where}not valid YAML: {problem}"]) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            name, ["line 1: the file must be a mapping (database:, brands:, sources:)"]
        )
    problems: list[str] = []
    if "path" in data:
        problems.append(
            _where(("path",), lines) + "unknown setting: remove it (the file's own "
            "location is used)"
        )
        data = {k: v for k, v in data.items() if k != "path"}
    env_failed: set[tuple] = set()
    data = _expand_env(data, (), env or {}, lines, problems, env_failed)
    try:
        config = Config.model_validate(data, context={"channels": _channel_names(data)})
    except ValidationError as exc:
        for err in exc.errors():
            if _clean_loc(err["loc"]) not in env_failed:  # already reported: the variable
                problems.append(_describe(err, lines))
        raise ConfigError(name, problems) from None
    if problems:
        raise ConfigError(name, problems)
    return config.model_copy(update={"path": name, "database": _resolve_db(config.database, name)})


def _channel_names(data: dict[str, Any]) -> list[str]:
    """The alert channels' names, for the routing tree's checks (names, not models:
    they are validated before the channels themselves)."""
    alerts = data.get("alerts")
    channels = alerts.get("channels") if isinstance(alerts, dict) else None
    if not isinstance(channels, list):
        return []
    return [str(c["name"]) for c in channels if isinstance(c, dict) and "name" in c]


def _resolve_db(url: str, config_name: str) -> str:
    """Make a relative SQLite path relative to the config file's folder."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or config_name.startswith("<"):
        return url
    db_path = url[len(prefix) :]
    if db_path.startswith("/") or db_path == ":memory:":
        return url
    return prefix + str(Path(config_name).resolve().parent / db_path)


def _expand_env(value: Any, path: tuple, env, lines, problems: list[str], failed: set) -> Any:
    if isinstance(value, dict):
        return {
            k: _expand_env(v, path + (k,), env, lines, problems, failed) for k, v in value.items()
        }
    if isinstance(value, list):
        return [
            _expand_env(v, path + (i,), env, lines, problems, failed) for i, v in enumerate(value)
        ]
    if not isinstance(value, str):
        return value
    if path and path[-1] in _SECRET_KEYS and value and not _ENV_REF.search(value):
        problems.append(
            _where(path, lines) + "secrets must not be written in the file: "
            f"use ${{{str(path[-1]).upper()}}} and set that environment variable"
        )
        return value

    def substitute(match: re.Match[str]) -> str:
        var, default = match.group(1), match.group(2)
        if var in env:
            return env[var]
        if default is not None:
            return default
        problems.append(
            _where(path, lines) + f"environment variable {var} is not set: "
            f"export {var}=... or write ${{{var}:-default}}"
        )
        failed.add(path)
        return ""

    return _ENV_REF.sub(substitute, value)


def _clean_loc(loc: tuple) -> tuple:
    """The error's path without the tags that the channels' discriminated union inserts
    (``alerts.channels[0].email.smtp_host``: ``email`` is the type, not a setting)."""
    tags = {"webhook", "email", "slack", "teams", "command"}
    return tuple(
        p
        for i, p in enumerate(loc)
        if not (p in tags and i >= 2 and loc[i - 2] == "channels" and isinstance(loc[i - 1], int))
    )


def _describe(err: dict[str, Any], lines) -> str:
    loc = _clean_loc(err["loc"])
    msg = err["msg"]
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if err["type"] == "extra_forbidden":
        msg = "unknown setting: check its spelling in docs/configuration.md"
    elif err["type"] == "missing":
        msg = "required setting is missing"
    return _where(loc, lines) + msg


def _where(path: tuple, lines) -> str:
    line = line_of(lines, path)
    text = _path_text(path)
    prefix = f"line {line}: " if line else ""
    return f"{prefix}{text}: " if text else prefix


def _path_text(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def redacted(config: Config) -> dict[str, Any]:
    """The config as plain data with secrets and webhook URLs masked, for display."""
    data = _durations(config.model_dump())
    data["database"] = mask_url_password(config.database)
    for channel in data["alerts"]["channels"]:
        for secret in ("password", "secret"):
            if channel.get(secret):
                channel[secret] = "***"
        if channel.get("url"):
            channel["url"] = re.sub(r"(https?://[^/]+/).+", r"\1***", channel["url"])
    if data["alerts"]["ack"]["secret"]:
        data["alerts"]["ack"]["secret"] = "***"
    for source in data["sources"]:
        source["headers"] = {name: "***" for name in source["headers"]}
    return data


def _durations(value: Any) -> Any:
    """Plain data with every timedelta written as ``15m``-style text."""
    if isinstance(value, dict):
        return {k: _durations(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_durations(v) for v in value]
    if isinstance(value, timedelta):
        return format_duration(value)
    return value


def mask_url_password(url: str) -> str:
    """A database URL with its password replaced by ``***``."""
    return re.sub(r"^([a-z0-9+]+://[^:/@]+):[^@]*@", r"\1:***@", url)
