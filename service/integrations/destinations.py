"""Where webhooks may be delivered: public addresses, and private networks an operator names.

A subscription URL that reaches the loopback, a private network or the cloud metadata address
would let whoever holds an administrator's account make Convene post to machines behind the
firewall (server-side request forgery). In production a receiver must resolve to global
addresses only, unless its network is listed in CONVENE_WEBHOOK_PRIVATE_NETWORKS (a case system
on the city's own network, say). The check runs when a subscription is saved and again before
every delivery, because a name can be pointed elsewhere after it was saved.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], list[str]]


def parse_networks(text: str) -> tuple[Network, ...]:
    """'10.20.0.0/16, fd00::/8' as networks; ValueError names the entry that is not one."""
    networks = []
    for entry in (e.strip() for e in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ValueError(f"{entry!r} is not a network such as 10.20.0.0/16") from exc
    return tuple(networks)


def resolve(host: str) -> list[str]:
    """Every address a host name resolves to (a literal address resolves to itself)."""
    infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    return sorted({info[4][0] for info in infos})


def refusal(host: str, allowed: Iterable[Network], resolver: Resolver | None = None) -> str | None:
    """Why a receiver on `host` is refused (in words), or None when every address is allowed."""
    try:
        addresses = (resolver or resolve)(host)
    except (OSError, UnicodeError):
        return f"{host} cannot be found"
    allowed = tuple(allowed)
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        if address.is_global or any(address in net for net in allowed):
            continue
        return (
            f"{host} is {address}, an address inside a private network; an operator can allow "
            "that network with CONVENE_WEBHOOK_PRIVATE_NETWORKS"
        )
    return None
