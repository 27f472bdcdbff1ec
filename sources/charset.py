"""Bytes of an HTML page to text, without trusting a charset that lies.

Order: a byte-order mark; the Content-Type header's charset; ``<meta charset>`` (or
``http-equiv``) or an XML declaration in the first 4 KB; then detection with
charset-normalizer; finally UTF-8 with replacement characters. A declared charset is
used only if it decodes the bytes strictly and without U+FFFD, so GBK bytes declared
``utf-8`` fall through to detection instead of turning into mojibake. A declared
single-byte charset (latin-1 and friends) yields to UTF-8 when the bytes are valid,
non-ASCII UTF-8. Labels map the way browsers map them (``gbk`` and ``gb2312`` are
read as GB18030, ``iso-8859-1`` as windows-1252). Raises nothing.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Mapping

import charset_normalizer

__all__ = ["charset_from_content_type", "decode_html"]

_SNIFF_BYTES = 4096
_META = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""")
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALIASES = {  # WHATWG Encoding Standard: what browsers actually decode these labels as
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "big5": "big5hkscs", "shift_jis": "cp932",
    "sjis": "cp932", "euc-kr": "cp949",
}  # fmt: skip
_SINGLE_BYTE = {"cp1252", "iso8859-15", "cp1251", "cp1250", "koi8-r", "mac-roman"}


def charset_from_content_type(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type value, lower-cased, if any."""
    if not content_type:
        return None
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1).lower() if match else None


def decode_html(content: bytes, headers: Mapping[str, str]) -> str:
    """Decode a page's bytes, preferring declared charsets that decode cleanly."""
    for label in _declared(content, headers):
        text = _try_decode(content, label)
        if text is not None:
            return text
    best = charset_normalizer.from_bytes(content).best()
    if best is not None:
        return str(best)
    return content.decode("utf-8", errors="replace")


def _declared(content: bytes, headers: Mapping[str, str]) -> Iterator[str]:
    for bom, label in _BOMS:
        if content.startswith(bom):
            yield label
            return
    header = charset_from_content_type(_header(headers, "content-type"))
    if header:
        yield header
    head = content[:_SNIFF_BYTES]
    for pattern in (_META, _XML_DECL):
        match = pattern.search(head)
        if match:
            yield match.group(1).decode("ascii").lower()


def _try_decode(content: bytes, label: str) -> str | None:
    codec = _codec(label)
    if codec is None:
        return None
    try:
        text = content.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    if "\ufffd" in text:
        return None
    if codec in _SINGLE_BYTE and not content.isascii():
        try:
            return content.decode("utf-8")
        except UnicodeDecodeError:
            pass
    return text


def _codec(label: str) -> str | None:
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None
