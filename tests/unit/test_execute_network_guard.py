"""The kernel's network guard: which destinations are refused, and that nothing leaves.

The decision logic is tested in this process. Installing the guard is tested in a child
interpreter, because an audit hook cannot be removed once added.
"""

from __future__ import annotations

import json
import socket
import sys
from types import SimpleNamespace

import pytest

from opskb.execute.network_guard import (
    NetworkBlockedError,
    blocked_destination,
    is_loopback_host,
    message,
)

INET = SimpleNamespace(family=socket.AF_INET)
INET6 = SimpleNamespace(family=socket.AF_INET6)
UNIX = SimpleNamespace(family=socket.AF_UNIX)


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.8.9.10",
        "::1",
        "[::1]",
        "localhost",
        "LOCALHOST.",
        "api.localhost",
        "::ffff:127.0.0.1",
        b"127.0.0.1",
    ],
)
def test_loopback_hosts_are_allowed(host):
    assert is_loopback_host(host)


@pytest.mark.parametrize(
    "host",
    [
        "198.51.100.1",
        "10.0.0.1",
        "0.0.0.0",
        "::",
        "example.com",
        "localhost.example.com",
        "",
        "::ffff:198.51.100.1",
        None,
        2130706433,
    ],
)
def test_other_hosts_are_not(host):
    assert not is_loopback_host(host)


@pytest.mark.parametrize(
    ("event", "args", "expected"),
    [
        ("socket.connect", (INET, ("198.51.100.1", 80)), "198.51.100.1:80"),
        ("socket.connect", (INET6, ("2001:db8::1", 443, 0, 0)), "2001:db8::1:443"),
        ("socket.connect", (INET, ("example.com", 80)), "example.com:80"),
        ("socket.connect", (INET, ("127.0.0.1", 8000)), None),
        ("socket.connect", (INET6, ("::1", 8000, 0, 0)), None),
        ("socket.connect", (UNIX, "/tmp/some.sock"), None),
        ("socket.sendto", (INET, ("198.51.100.1", 53)), "198.51.100.1:53"),
        ("socket.sendmsg", (INET, None), None),
        ("socket.getaddrinfo", ("pypi.org", 443, 0, 1, 0), "pypi.org:443"),
        ("socket.getaddrinfo", ("localhost", 443, 0, 1, 0), None),
        ("socket.getaddrinfo", (None, 0, 0, 1, 0), None),
        ("socket.gethostbyname", ("example.com",), "example.com"),
        ("socket.gethostbyaddr", ("198.51.100.1",), "198.51.100.1"),
        ("socket.getnameinfo", (("198.51.100.1", 80), 0), "198.51.100.1"),
        ("socket.bind", (INET, ("0.0.0.0", 0)), None),
        ("open", ("/etc/hosts", "r", 0), None),
    ],
)
def test_blocked_destination_by_event(event, args, expected):
    assert blocked_destination(event, args) == expected


def test_the_message_says_network_access_is_blocked_and_names_the_host():
    text = message("198.51.100.1:80")
    assert "network access is blocked" in text
    assert "198.51.100.1:80" in text
    assert issubclass(NetworkBlockedError, OSError)  # code that handles OSError still works


GUARDED_CHILD = r"""
import json, socket, urllib.request
from opskb.execute import network_guard

network_guard.install()
network_guard.install()  # idempotent
results = {}

with socket.create_server(("127.0.0.1", 0)) as server:
    port = server.getsockname()[1]
    with socket.create_connection(("localhost", port), timeout=5) as client:
        peer, _ = server.accept()
        client.sendall(b"ok")
        results["loopback"] = peer.recv(2).decode()
        peer.close()

left, right = socket.socketpair(socket.AF_UNIX)
left.sendall(b"unix")
results["unix"] = right.recv(4).decode()
left.close(); right.close()

raw = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
try:
    raw.connect(("198.51.100.1", 80))
except network_guard.NetworkBlockedError as error:
    results["raw_error"] = str(error)
# A TCP connect() that ran would have bound an ephemeral local port for its SYN.
results["raw_local_port"] = raw.getsockname()[1]
raw.close()

try:
    urllib.request.urlopen("http://example.com/", timeout=5)
except OSError as error:
    reason = getattr(error, "reason", error)
    results["urllib_error"] = f"{type(reason).__name__}: {reason}"
print(json.dumps(results))
"""


@pytest.mark.child_run(sys.executable, "-c", GUARDED_CHILD)
def test_the_installed_guard_keeps_loopback_and_blocks_before_sending(child_run):
    assert child_run.returncode == 0, child_run.stderr
    results = json.loads(child_run.stdout)
    assert results["loopback"] == "ok"
    assert results["unix"] == "unix"
    assert "network access is blocked" in results["raw_error"]
    assert "198.51.100.1:80" in results["raw_error"]
    assert results["raw_local_port"] == 0  # connect() never reached the system call
    assert results["urllib_error"].startswith("NetworkBlockedError: ")
    assert "example.com" in results["urllib_error"]
