"""Bounded decoding of a Content-Encoding, fed one network read at a time.

httpx inflates each network read in one go (a 64 KB read of a gzip bomb became
66 MB), so :mod:`sources.http` reads raw bytes and decodes them here with
``zlib.decompressobj(...).decompress(data, max_length)``: no call ever produces more
than ``max_bytes + 1`` bytes, whatever the compression ratio.

Raises (with ``source``/``url`` left for the caller to fill in):

- :class:`~sources.errors.TooLargeError` when the decoded body passes ``max_bytes``;
- :class:`~sources.errors.ParseError` for corrupt or truncated gzip/deflate data and
  for encodings we never asked for (br, zstd, ...).
"""

from __future__ import annotations

import zlib

from sources.errors import ParseError, TooLargeError

__all__ = ["ACCEPT_ENCODING", "Inflater", "human_size"]

ACCEPT_ENCODING = "gzip, deflate"
_GZIP_OR_ZLIB = 32 + zlib.MAX_WBITS  # 47: detect a gzip or zlib header
_ZLIB = zlib.MAX_WBITS
_RAW_DEFLATE = -zlib.MAX_WBITS
_GZIP_MAGIC = b"\x1f\x8b"


def human_size(n: int) -> str:
    """``1048576`` -> ``"1 MiB"``: sizes as messages show them."""
    for unit, factor in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= factor:
            return f"{n / factor:.3g} {unit}"
    return f"{n} bytes"


class Inflater:
    """Decode one Content-Encoding incrementally, never past ``max_bytes``."""

    def __init__(self, content_encoding: str, max_bytes: int, noun: str = "body"):
        self.encoding = content_encoding.strip().lower()
        self.max_bytes = max_bytes
        self.noun = noun
        self.produced = 0
        self._pending = b""
        self._decoder: zlib._Decompress | None = None
        if self.encoding in ("", "identity"):
            self._wbits: int | None = None
        elif self.encoding in ("gzip", "x-gzip"):
            self._wbits = _GZIP_OR_ZLIB
        elif self.encoding == "deflate":
            self._wbits = 0  # zlib-wrapped or raw: decided by the first two bytes
        else:
            raise ParseError(
                f"{noun} is sent with Content-Encoding {self.encoding!r}, which we did not "
                f"ask for (Accept-Encoding: {ACCEPT_ENCODING}); the server ignores our request"
            )

    def feed(self, data: bytes) -> bytes:
        """Decoded bytes for the next raw chunk (possibly empty)."""
        if self._wbits is None:
            self._count(len(data))
            return data
        if self._decoder is None:
            self._pending += data
            if len(self._pending) < 2:
                return b""
            data, self._pending = self._pending, b""
            self._decoder = zlib.decompressobj(self._pick_wbits(data))
        parts: list[bytes] = []
        while data:
            room = self.max_bytes - self.produced
            try:
                out = self._decoder.decompress(data, room + 1)
            except zlib.error as exc:
                raise self._corrupt(exc) from exc
            self._count(len(out))
            parts.append(out)
            data = self._next_member() if self._decoder.eof else b""
        return b"".join(parts)

    def finish(self) -> bytes:
        """Whatever the decoder still holds; fails if the stream ended early."""
        if self._wbits is None:
            return b""
        if self._decoder is None:
            if not self._pending:
                return b""  # an empty compressed body: the caller sees an empty body
            raise self._truncated()
        try:
            out = self._decoder.flush()
        except zlib.error as exc:
            raise self._corrupt(exc) from exc
        self._count(len(out))
        if not self._decoder.eof:
            raise self._truncated()
        return out

    def _pick_wbits(self, head: bytes) -> int:
        if self._wbits:
            return self._wbits
        cmf, flg = head[0], head[1]
        is_zlib = cmf & 0x0F == 8 and ((cmf << 8) | flg) % 31 == 0
        return _ZLIB if is_zlib else _RAW_DEFLATE

    def _next_member(self) -> bytes:
        """After one gzip member ends: the next member's bytes, or nothing."""
        assert self._decoder is not None
        rest = self._decoder.unused_data
        if not rest.startswith(_GZIP_MAGIC):
            return b""  # trailing padding or junk after the stream: ignored, as browsers do
        self._decoder = zlib.decompressobj(_GZIP_OR_ZLIB)
        return rest

    def _count(self, n: int) -> None:
        self.produced += n
        if self.produced > self.max_bytes:
            how = "after decompression" if self._wbits is not None else ""
            raise TooLargeError(
                f"{self.noun} is larger than the {human_size(self.max_bytes)} limit"
                f"{' ' + how if how else ''} (max_bytes); raise max_bytes for this source "
                "if it is legitimately that large"
            )

    def _corrupt(self, exc: zlib.error) -> ParseError:
        return ParseError(
            f"{self.noun} is not valid {self.encoding} data although the server says "
            f"Content-Encoding: {self.encoding} ({exc}); the server mislabels its compression"
        )

    def _truncated(self) -> ParseError:
        return ParseError(
            f"{self.noun}'s {self.encoding} stream ends early (truncated compressed data); "
            "will retry"
        )
