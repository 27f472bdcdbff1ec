"""What people read of an alert: its subject, text and HTML, built in or from the
user's templates (``alerts.templates`` in sources.yaml).

A template is a Jinja2 string rendered in a sandbox (no attribute of Python's
internals is reachable) with the alert's JSON document as its context (``{{ brand }}``,
``{{ severity }}``, ``{{ summary }}``, ``{{ link }}``...), the optional keys the
dispatcher adds (``ack_link``, ``escalation``, ``reminder``, ``history``) set to none
when absent, and the built-in renderings as ``default_subject``, ``default_text`` and
``default_html`` so a template can wrap them. Undefined names fail (a typo is loud);
only the HTML template escapes what it prints.

A template that cannot be rendered raises :class:`TemplateRenderError` (an
:class:`~monitor.errors.AlertError`) naming the template and its line; the alert stays
queued. Reports (``report.*``) carry their own wording and are never templated.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from monitor.alerts.html import alert_html
from monitor.alerts.message import alert_subject, alert_text
from monitor.errors import AlertError

if TYPE_CHECKING:
    from monitor.alertsettings import Templates

__all__ = ["Message", "TemplateRenderError", "render_html", "render_message"]

# Keys a template may test (``{% if ack_link %}``) though an alert may not carry them.
OPTIONAL_KEYS: dict[str, Any] = {
    "brand": None,
    "ack_link": None,
    "escalation": None,
    "reminder": None,
    "history": [],
}


class TemplateRenderError(AlertError):
    """A user's template failed on this alert (an undefined name, a forbidden attribute...)."""


@dataclass(frozen=True)
class Message:
    """The subject and plain text of one alert; ``custom_text``: a user's text template
    made the text (chat then shows it whole, not the built-in layout)."""

    subject: str
    text: str
    custom_text: bool = False


def render_message(payload: dict[str, Any], templates: Templates | None = None) -> Message:
    """The subject and text of ``payload``, from the user's templates where set."""
    default_subject, default_text = alert_subject(payload), alert_text(payload)
    templates = _applicable(payload, templates)
    if templates is None:
        return Message(default_subject, default_text)
    defaults = {"default_subject": default_subject, "default_text": default_text}
    subject = default_subject
    if templates.subject is not None:
        subject = " ".join(_render("subject", templates.subject, payload, defaults).split())
        if not subject:
            raise TemplateRenderError("subject template: renders an empty subject")
    text = default_text
    if templates.text is not None:
        text = _render("text", templates.text, payload, defaults).strip()
        if not text:
            raise TemplateRenderError("text template: renders an empty text")
    return Message(subject, text, custom_text=templates.text is not None)


def render_html(
    payload: dict[str, Any], message: Message, templates: Templates | None = None
) -> str:
    """The HTML part of an alert email: the user's HTML template, or the built-in page
    made from ``message`` (so it says what the plain part says)."""
    built_in = alert_html(payload, message.subject, message.text)
    templates = _applicable(payload, templates)
    if templates is None or templates.html is None:
        return built_in
    defaults = {
        "default_subject": alert_subject(payload),
        "default_text": alert_text(payload),
        "default_html": Markup(built_in),  # our own page: escaped as it was built
    }
    return _render("html", templates.html, payload, defaults)


def _applicable(payload: dict[str, Any], templates: Templates | None) -> Templates | None:
    if templates is None or str(payload.get("type", "")).startswith("report."):
        return None
    return templates


def _environment(html: bool) -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=html)


_TEXT = _environment(html=False)
_HTML = _environment(html=True)


@lru_cache(maxsize=32)
def _compiled(name: str, source: str) -> Template:
    return (_HTML if name == "html" else _TEXT).from_string(source)


def _render(name: str, source: str, payload: dict[str, Any], defaults: dict[str, Any]) -> str:
    """Render one template, or raise TemplateRenderError with a one-line reason."""
    context = {**OPTIONAL_KEYS, **payload, **defaults}
    try:
        return _compiled(name, source).render(context)
    except Exception as exc:  # a user's template may raise anything (TypeError, 1/0...)
        raise TemplateRenderError(_reason(name, exc)) from None


def _reason(name: str, exc: Exception) -> str:
    """``text template, line 2: 'brnad' is undefined``."""
    line = getattr(exc, "lineno", None)
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == "<template>":  # Jinja maps its frames to template lines
            line = frame.lineno
    problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if not isinstance(exc, TemplateError):
        problem = f"{type(exc).__name__}: {problem}"
    where = f", line {line}" if line else ""
    return f"{name} template{where}: {problem}"
