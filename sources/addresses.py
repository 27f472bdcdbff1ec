"""Which links found inside content may be fetched: public http(s) addresses only.

A source's own URL was named in the configuration, so it is fetched wherever it
points. A link found inside what a source returned (a feed entry's link, a page's
article link) was chosen by whoever wrote the content: fetching it blindly would let
a feed make the monitor request ``http://localhost:6379/``, ``http://10.0.0.1/admin``
or a cloud metadata address (server-side request forgery). So such a link is fetched
only if it is http(s) and its host resolves to public addresses alone, or if its host
is the very host of the source's configured URL (the configuration named that host:
a feed on 127.0.0.1 may link to articles on 127.0.0.1, never to ``localhost`` or
``[::1]``). :class:`LinkGuard` is awaited before every hop of such a fetch, redirects
included (see the ``check_url`` hook of :func:`sources.http.fetch`).

Raises :class:`~sources.errors.AddressRefused` for a refused link and
:class:`~sources.errors.FetchError` when its host does not resolve.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from sources.errors import AddressRefused, FetchError

__all__ = ["LinkGuard", "non_public_reason"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_KINDS = (  # checked in this order: the first that applies names the refusal
    ("unspecified", "is_unspecified"),
    ("loopback", "is_loopback"),
    ("link-local", "is_link_local"),
    ("multicast", "is_multicast"),
    ("reserved", "is_reserved"),
    ("private", "is_private"),
)


def non_public_reason(address: IPAddress) -> str | None:
    """Why ``address`` must not be fetched for a link (``"loopback"``...), or None if public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind, attribute in _KINDS:
        if getattr(address, attribute):
            return kind
    if not address.is_global:
        return "non-public"  # shared (100.64/10), documentation and similar ranges
    return None


class LinkGuard:
    """Refuses links that are not http(s) or that reach non-public addresses.

    ``trusted_host`` is the host of the source's configured URL: links to it are
    allowed whatever it resolves to. Call the guard (``await guard(url)``) before
    requesting each URL; it returns None or raises.
    """

    def __init__(self, trusted_host: str | None) -> None:
        self.trusted_host = (trusted_host or "").lower().strip("[]") or None

    async def __call__(self, url: str) -> None:
        """Return if ``url`` may be fetched; raise AddressRefused (or FetchError) if not."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise AddressRefused("only http(s) links are fetched", url=url)
        host = parts.hostname.lower()
        if host == self.trusted_host:
            return
        for address in await _resolve(host, parts.scheme, url):
            reason = non_public_reason(address)
            if reason is not None:
                shown = "" if host == str(address) else f" ({address})"
                raise AddressRefused(
                    f"{host} is {_article(reason)} {reason} address{shown}; links found in "
                    "content may only lead to public addresses or the source's own host",
                    url=url,
                )


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


async def _resolve(host: str, scheme: str, url: str) -> list[IPAddress]:
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    port = 443 if scheme == "https" else 80
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"could not resolve host {host} (DNS: {exc})", url=url) from exc
    # every address counts: a host that resolves to one public and one private address
    # could be reached on the private one; sorted so a refusal names the same one each time
    found = {ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos}
    return sorted(found, key=lambda address: (address.version, int(address)))
