"""Run each notebook's kernel in a network namespace of its own, where the system allows it.

The socket guard (:mod:`~opskb.execute.network_guard`) sees only Python sockets in the kernel
process, and lets loopback through. A new network namespace (Linux) closes what it leaves
open: the kernel, and every process it starts (a ``subprocess``, ``curl``, native code),
sees a single loopback interface of its own, switched off, so no packet reaches the
machine's loopback or any other network. The kernel still talks to the runner, over Unix
sockets in a private folder (:mod:`~opskb.execute.kernel` uses jupyter_client's ``ipc``
transport), which a network namespace does not separate.

How: the kernel command is prefixed with ``unshare --net --`` when the runner is root, else
with ``unshare --user --map-root-user --net --`` (an unprivileged user namespace, where the
kernel allows them). The first that works, tried once per run, is used.

Where neither works (macOS, Windows, containers that forbid namespaces, no ``unshare``),
kernels run with the socket guard alone, and the run says so in one line and in its
execution report. When ``CI`` is set that is an error instead, so CI never runs notebooks
under a weaker block without saying so: set ``OPSKB_ALLOW_SOCKET_GUARD_ONLY=1`` to accept it.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass

ALLOW_FALLBACK = "OPSKB_ALLOW_SOCKET_GUARD_ONLY"
NAMESPACE = "network namespace"
GUARD_ONLY = "socket guard only"


class NetworkIsolationError(RuntimeError):
    """CI is set and the kernels cannot get a network namespace: the run stops."""


@dataclass(frozen=True)
class Isolation:
    """How kernels are kept off the network in this run."""

    prefix: tuple[str, ...]  # put before the kernel command; empty when no namespace
    mode: str  # NAMESPACE or GUARD_ONLY, as the execution report records it

    @property
    def namespaced(self) -> bool:
        return bool(self.prefix)


def candidates(unshare: str | None, is_root: bool) -> list[tuple[str, ...]]:
    """The command prefixes to try, best first."""
    if unshare is None:
        return []
    unprivileged = (unshare, "--user", "--map-root-user", "--net", "--")
    return [(unshare, "--net", "--"), unprivileged] if is_root else [unprivileged]


def _works(prefix: tuple[str, ...]) -> bool:
    try:
        command = [*prefix, sys.executable, "-I", "-S", "-c", ""]
        probe = subprocess.run(command, capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.returncode == 0


@functools.cache
def available() -> Isolation:
    """The best isolation this machine gives a kernel (tried once per process)."""
    if sys.platform.startswith("linux"):
        for prefix in candidates(shutil.which("unshare"), os.geteuid() == 0):
            if _works(prefix):
                return Isolation(prefix, NAMESPACE)
    return Isolation((), GUARD_ONLY)


def _is_set(value: str | None) -> bool:
    return (value or "").strip().lower() not in {"", "0", "false", "no"}


FALLBACK_NOTICE = (
    "notice: no network namespace here (unshare --net failed or is missing); kernels run "
    "with the in-process socket guard only, which does not stop loopback, child processes "
    "or native code"
)


def choose(environ: Mapping[str, str] = os.environ) -> Isolation:
    """The isolation for this run; raises :class:`NetworkIsolationError` when CI must not
    fall back to the socket guard alone."""
    isolation = available()
    ci, allowed = _is_set(environ.get("CI")), _is_set(environ.get(ALLOW_FALLBACK))
    if not isolation.namespaced and ci and not allowed:
        raise NetworkIsolationError(
            f"{FALLBACK_NOTICE}. CI is set, so the run stops; set {ALLOW_FALLBACK}=1 "
            "to accept the weaker block on this machine."
        )
    return isolation
