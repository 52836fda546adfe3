"""The kernel a notebook gets: this interpreter, encrypted channels, a reproducible env."""

from __future__ import annotations

import json
import sys

import pytest
import zmq

from opskb.execute import kernel


def test_over_tcp_kernel_channels_are_encrypted_when_zmq_can():
    manager = kernel._KernelManager(kernel_name="python3")
    assert manager.transport == "tcp"
    assert manager.transport_encryption == ("auto" if zmq.has("curve") else "disabled")
    assert manager.kernel_spec.argv[0] == sys.executable


@pytest.mark.skipif(not kernel.USE_IPC, reason="Unix sockets exist only on POSIX systems")
def test_each_kernel_gets_its_own_unix_socket_folder(tmp_path):
    one = kernel._KernelManager(config=kernel._connection_config(tmp_path / "a"))
    two = kernel._KernelManager(config=kernel._connection_config(tmp_path / "b"))
    assert one.transport == two.transport == "ipc"
    assert one.ip == str(tmp_path / "a" / "kernel")
    assert one.ip != two.ip
    assert one.transport_encryption == "disabled"


CHILD = """
import json, socket, sys
from opskb.execute.kernel import PREAMBLE
namespace = {}
exec(PREAMBLE, namespace)
try:
    socket.create_connection(("198.51.100.1", 80), timeout=5)
except OSError as error:
    blocked = f"{type(error).__name__}: {error}"
print(json.dumps({"names": sorted(set(namespace) - {"__builtins__"}), "blocked": blocked}))
"""


# In a child interpreter: an audit hook cannot be removed from this one.
@pytest.mark.child_run(sys.executable, "-c", CHILD)
def test_the_preamble_installs_the_network_guard_and_leaves_no_names(child_run):
    assert child_run.returncode == 0, child_run.stderr
    result = json.loads(child_run.stdout)
    assert result["names"] == []
    assert result["blocked"].startswith("NetworkBlockedError: network access is blocked")


def test_a_task_can_name_another_interpreter_for_its_kernel(tmp_path):
    """The notebooks kit runs its notebooks in the kit's own venv (opskb.kit.verify)."""
    config = kernel._connection_config(tmp_path, interpreter="/kit/.venv/bin/python")
    manager = kernel._KernelManager(kernel_name="python3", config=config)
    assert manager.kernel_spec.argv[0] == "/kit/.venv/bin/python"
