"""Client addresses behind trusted reverse proxies: who is really asking, for throttling.

`X-Forwarded-For` is a list any client can write. Only a listed proxy's word is taken: the client
is the right-most entry that is not itself a trusted proxy, and only when the direct peer is one.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# What RAPPORT_TRUST_PROXY=1 meant: a proxy on the same machine.
LOOPBACK_PROXIES: tuple[Network, ...] = (
    ipaddress.ip_network("127.0.0.1/32"),
    ipaddress.ip_network("::1/128"),
)


def parse_networks(raw: str) -> tuple[Network, ...]:
    """`10.0.0.5, 10.1.0.0/16, ::1` -> networks; ValueError names the entry that is not one."""
    networks: list[Network] = []
    for part in raw.split(","):
        entry = part.strip()
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise ValueError(entry) from None
    return tuple(networks)


def _parsed(address: str) -> Address | None:
    text = address.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.9:5678"
        text = text.split(":", 1)[0]
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        return parsed.ipv4_mapped
    return parsed


def is_trusted(address: str, proxies: Iterable[Network]) -> bool:
    parsed = _parsed(address)
    return parsed is not None and any(parsed.version == net.version and parsed in net for net in proxies)


def client_address(peer: str, forwarded_for: str, proxies: tuple[Network, ...]) -> str:
    """The address to throttle: the peer, unless the peer is a trusted proxy that says who it serves."""
    if not proxies or not is_trusted(peer, proxies) or not forwarded_for.strip():
        return peer
    for entry in reversed(forwarded_for.split(",")[-20:]):
        parsed = _parsed(entry)
        if parsed is None:
            # Garbage passed on by a trusted hop: a client of its own, never the trusted proxy.
            return entry.strip()[:90] or "unknown"
        if not is_trusted(str(parsed), proxies):
            return str(parsed)
    return peer


def address_bucket(address: str) -> str:
    """What one client controls: an IPv4 address, or an IPv6 /64 (one host gets a whole /64)."""
    parsed = _parsed(address)
    if parsed is None:
        return address[:90]
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
