"""Keep a notebook's kernel off the network while its own loopback stays open.

The runner imports this module inside every kernel, before the first cell, and calls
:func:`install`. It adds an audit hook (PEP 578): CPython raises the ``socket.*`` audit
events *before* it makes the system call, so a refused connection never sends a packet.

What it covers: everything in the kernel that goes through Python's :mod:`socket` module
(urllib, http.client, requests, httpx, asyncio, huggingface_hub, which ``tokenizers`` uses
to download, ...). What it cannot see: child processes, and native code that opens sockets
without Python.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from typing import Any

# Names that resolve to the machine itself without asking a DNS server (RFC 6761).
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"})

# Audit events whose arguments carry a destination; everything else is let through untouched.
_ADDRESS_EVENTS = frozenset({"socket.connect", "socket.sendto", "socket.sendmsg"})
_HOST_EVENTS = frozenset(
    {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "socket.getnameinfo"}
)

_installed = False


class NetworkBlockedError(PermissionError):
    """Raised inside a notebook's kernel when a cell reaches for a non-loopback address."""


def is_loopback_host(host: object) -> bool:
    """Whether ``host`` (a name or an IP address, str or bytes) stays on this machine."""
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip().strip("[]").rstrip(".").lower()
    if name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name.split("%", 1)[0])  # drop an IPv6 zone id
    except ValueError:
        return False  # any other name would need a DNS lookup
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _describe(host: object, port: object = None) -> str:
    shown = host.decode("ascii", "replace") if isinstance(host, bytes) else str(host)
    return shown if port is None else f"{shown}:{port}"


def _address_destination(args: tuple[Any, ...]) -> str | None:
    sock, address = args[0], args[1] if len(args) > 1 else None
    if getattr(sock, "family", None) not in (socket.AF_INET, socket.AF_INET6):
        return None  # AF_UNIX paths, netlink...: they stay on this machine
    if not isinstance(address, tuple) or not address:
        return None  # sendmsg on a connected socket: its connect was already checked
    host, port = address[0], address[1] if len(address) > 1 else None
    return None if is_loopback_host(host) else _describe(host, port)


def _host_destination(event: str, args: tuple[Any, ...]) -> str | None:
    host = args[0] if args else None
    if event == "socket.getnameinfo":  # its first argument is a (host, port) address
        host = host[0] if isinstance(host, tuple) and host else None
    if host is None or is_loopback_host(host):
        return None  # getaddrinfo(None, ...) names no host: servers use it to bind
    port = args[1] if event == "socket.getaddrinfo" and len(args) > 1 else None
    return _describe(host, port)


def blocked_destination(event: str, args: tuple[Any, ...]) -> str | None:
    """The destination an audit event would reach, if it must be refused; else ``None``.

    ``socket.connect``/``sendto``/``sendmsg`` carry ``(socket, address)``: only internet
    sockets are checked. The name-lookup events carry the host (or an address) first.
    """
    if event in _ADDRESS_EVENTS:
        return _address_destination(args)
    if event in _HOST_EVENTS:
        return _host_destination(event, args)
    return None


def message(destination: str) -> str:
    return (
        f"network access is blocked while opskb executes notebooks: refused {destination} "
        "before any packet was sent. Notebooks must run offline; only loopback "
        "(127.0.0.0/8, ::1, localhost) and Unix sockets are allowed."
    )


def _audit(event: str, args: tuple[Any, ...]) -> None:
    # The hook sees every audited event in the process (imports, opens, ...): return fast.
    if not event.startswith("socket."):
        return
    destination = blocked_destination(event, args)
    if destination is not None:
        raise NetworkBlockedError(message(destination))


def install() -> None:
    """Add the guard to this interpreter. Audit hooks cannot be removed: call it in a kernel."""
    global _installed  # noqa: PLW0603 - one hook per process, however often install() is called
    if not _installed:
        sys.addaudithook(_audit)
        _installed = True
