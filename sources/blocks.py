"""Recognise a bot wall: a captcha or challenge page served instead of the content.

A site that blocks automated clients rarely says so with a clean status: it answers
200 or 403 with an HTML challenge (Cloudflare's "Just a moment...", a reCAPTCHA or
hCaptcha form, DataDome, PerimeterX, Akamai's "Access Denied"). To the monitor that
source is blind, not quiet, so it must be reported as blocked, not as a parse error.

Only responses that failed to give what the source expects are checked (a page that
yields its items may carry a captcha for its comment form and is fine).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["bot_wall"]

# (marker in the lower-cased start of the body, the wall's name)
_BODY_MARKERS: tuple[tuple[str, str], ...] = (
    ("<title>just a moment", "a Cloudflare challenge"),
    ("challenge-platform", "a Cloudflare challenge"),
    ("cf-chl-", "a Cloudflare challenge"),
    ("attention required! | cloudflare", "a Cloudflare block page"),
    ("captcha-delivery.com", "a DataDome captcha"),
    ("px-captcha", "a PerimeterX captcha"),
    ("_incapsula_resource", "an Imperva block page"),
    ("g-recaptcha", "a reCAPTCHA page"),
    ("recaptcha/api.js", "a reCAPTCHA page"),
    ("h-captcha", "an hCaptcha page"),
    ("hcaptcha.com/1/api.js", "an hCaptcha page"),
    ("unusual traffic from your computer network", "a 'suspicious traffic' captcha"),
    ("are you a robot", "a captcha page"),
    ("verify you are human", "a captcha page"),
    ("<title>access denied</title>", "an 'Access Denied' page"),
    ("captcha", "a captcha page"),
)
_SCAN = 65536


def bot_wall(headers: Mapping[str, str], content: bytes) -> str | None:
    """Name the bot wall this response is (e.g. ``a Cloudflare challenge``), or None.

    ``headers`` must have lower-case names.
    """
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "a Cloudflare challenge"
    head = content[:_SCAN].decode("utf-8", "replace").lower()
    if "<html" not in head and "<!doctype html" not in head:
        return None
    for marker, name in _BODY_MARKERS:
        if marker in head:
            return name
    return None
