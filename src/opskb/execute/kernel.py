"""Run one notebook in its own kernel with nbclient, network guard first.

The kernel is this interpreter's ipykernel (never another "python3" kernel a user may have
installed), started in the notebook's folder, in a network namespace of its own when the
runner has one to give (:mod:`opskb.execute.isolation`; the task's ``network_prefix``).
Before the first cell it silently runs :data:`PREAMBLE`, which installs
:mod:`opskb.execute.network_guard`; a silent request does not count as an execution, so the
notebook's cells keep the numbers 1, 2, 3...
"""

from __future__ import annotations

import asyncio
import atexit
import hashlib
import inspect
import logging
import os
import tempfile
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import zmq
from ipykernel.kernelspec import RESOURCES, get_kernel_dict
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from traitlets import List, Unicode, default
from traitlets.config import Config

from opskb.execute import failures, network_guard
from opskb.execute.failures import Failure
from opskb.execute.report import utc_now

# nbclient logs "Executing notebook with kernel" at INFO for every notebook: keep only warnings.
_NBCLIENT_LOG = logging.getLogger("opskb.execute.nbclient")
_NBCLIENT_LOG.setLevel(logging.WARNING)

PREAMBLE = (
    "import opskb.execute.network_guard as _opskb_network_guard\n"
    "_opskb_network_guard.install()\n"
    "del _opskb_network_guard\n"
)

# Added to the runner's environment for every kernel. One thread per kernel: the runner
# already uses one core per notebook, and BLAS results then do not depend on the core count.
# A fixed hash seed keeps set and dict-of-str orders, hence outputs, identical run to run.
KERNEL_ENVIRONMENT = {
    "PYTHONHASHSEED": "0",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",  # silences a debugger warning on kernel start
}


def preamble_fingerprint() -> str:
    """Changes whenever what runs before the first cell changes (a cache input)."""
    parts = [PREAMBLE, inspect.getsource(network_guard), repr(sorted(KERNEL_ENVIRONMENT.items()))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class _ThisInterpreterKernels(KernelSpecManager):
    """Always the ipykernel of the interpreter running the runner, or of ``interpreter``
    when one is given (the notebooks kit runs its notebooks in the kit's own venv)."""

    interpreter = Unicode("")

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        spec = get_kernel_dict()
        if self.interpreter:
            spec["argv"] = [self.interpreter, *spec["argv"][1:]]
        return KernelSpec(resource_dir=RESOURCES, **spec)


# Unix sockets where the OS has them: no TCP port to pick, so kernels started at the same
# moment (here or by another program) cannot race for one, and only this user can connect.
USE_IPC = os.name == "posix"


class _KernelManager(AsyncKernelManager):
    # Put before the kernel command: ``unshare ... --`` starts the kernel in a network
    # namespace of its own (opskb.execute.isolation). unshare execs the kernel in place, so
    # the process jupyter_client signals and stops is the kernel itself.
    network_prefix = List(Unicode(), default_value=[]).tag(config=True)
    interpreter = Unicode("").tag(config=True)  # "": this interpreter

    def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
        return [*self.network_prefix, *super().format_kernel_cmd(extra_arguments)]

    @default("kernel_spec_manager")
    def _kernel_spec_manager_default(self) -> KernelSpecManager:
        return _ThisInterpreterKernels(data_dir=self.data_dir, interpreter=self.interpreter)

    @default("transport_encryption")
    def _transport_encryption_default(self) -> str:
        # Over TCP, encrypt the loopback channels (CurveZMQ) when pyzmq can: ipykernel warns
        # otherwise. Unix sockets in a private folder need no encryption.
        return "auto" if self.transport == "tcp" and zmq.has("curve") else "disabled"


def _connection_config(
    socket_dir: Path, network_prefix: tuple[str, ...] = (), interpreter: str = ""
) -> Config:
    """Per-kernel settings: IPC sockets under ``socket_dir`` when possible, and the prefix
    that starts the kernel in its own network namespace (which needs IPC: over TCP the
    kernel could not reach the runner from there)."""
    # "KernelManager": traitlets reads no section whose name starts with "_" (_KernelManager).
    settings: dict[str, Any] = {"network_prefix": list(network_prefix), "interpreter": interpreter}
    if USE_IPC:
        # jupyter_client's default IPC path is the same for every kernel: give each its own.
        settings.update(transport="ipc", ip=str(socket_dir / "kernel"))
    return Config({"KernelManager": settings})


class GuardNotInstalledError(RuntimeError):
    """The network guard could not be installed, so the notebook is not run."""


class _GuardedClient(NotebookClient):
    async def async_start_new_kernel_client(self) -> Any:
        client = await super().async_start_new_kernel_client()
        msg_id = client.execute(PREAMBLE, silent=True, store_history=False)
        reply = await self.async_wait_for_reply(msg_id)
        content = reply["content"] if reply else {}
        if content.get("status") != "ok":
            # Fail closed: no cell runs without the guard. Stop the kernel here, because
            # nbclient only cleans up after a kernel client was returned.
            await self._async_cleanup_kernel()
            atexit.unregister(self._cleanup_kernel)  # registered by nbclient; nothing left
            detail = f"{content.get('ename')}: {content.get('evalue')}" if content else "no reply"
            raise GuardNotInstalledError(f"could not install the network guard ({detail})")
        return client


@dataclass(frozen=True)
class Task:
    """One notebook to execute. ``cell_lines`` maps cell index -> .md line (or None)."""

    source: Path
    notebook: NotebookNode
    cell_lines: tuple[int | None, ...]
    out_path: Path
    timeout: float
    network_prefix: tuple[str, ...] = ()  # opskb.execute.isolation; () runs it as is
    interpreter: str = ""  # the kernel's Python (it needs ipykernel and opskb); "": this one


@dataclass(frozen=True)
class Outcome:
    duration_s: float
    executed_at: str
    failure: Failure | None = None

    @property
    def passed(self) -> bool:
        return self.failure is None


class _Progress:
    """Which cell is running, and the reply of the one that raised (nbclient hooks)."""

    def __init__(self) -> None:
        self.cell_index: int | None = None
        self.error: tuple[int, dict] | None = None

    def on_cell_execute(self, cell: NotebookNode, cell_index: int) -> None:
        self.cell_index = cell_index

    def on_cell_error(self, cell: NotebookNode, cell_index: int, execute_reply: dict) -> None:
        self.error = (cell_index, execute_reply["content"])


def _locate(task: Task, cell_index: int | None) -> dict[str, Any]:
    if cell_index is None:
        return {"cell_index": None, "cell_source": "", "cell_start_line": None}
    return {
        "cell_index": cell_index,
        "cell_source": task.notebook.cells[cell_index].source,
        "cell_start_line": task.cell_lines[cell_index],
    }


def execute(task: Task) -> Outcome:
    """Execute ``task.notebook`` in a fresh kernel; write the executed ``.ipynb`` either way.

    The notebook is written even when it fails, with the outputs up to the failing cell,
    so the error can be inspected in context; the cache never records a failed run.
    """
    executed_at = utc_now()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="opskb-kernel-") as socket_dir:
        failure = _run(task, Path(socket_dir))
    task.out_path.parent.mkdir(parents=True, exist_ok=True)
    partial = task.out_path.with_name(f".{task.out_path.name}.tmp")
    nbformat.write(task.notebook, partial)
    partial.replace(task.out_path)
    return Outcome(time.perf_counter() - started, executed_at, failure)


def _run(task: Task, socket_dir: Path) -> Failure | None:
    """Execute every cell of ``task.notebook`` in place; the failure, if any."""
    progress = _Progress()
    client = _GuardedClient(
        task.notebook,
        config=_connection_config(socket_dir, task.network_prefix, task.interpreter),
        timeout=task.timeout,
        kernel_name="python3",
        kernel_manager_class=_KernelManager,
        log=_NBCLIENT_LOG,
        record_timing=False,  # per-cell timestamps would make every output file differ
        # How print() output is split into messages, and how stdout and stderr interleave,
        # depends on timing; merged per stream (as the site renders them anyway, with
        # myst-nb's nb_merge_streams), outputs are the same on every run.
        coalesce_streams=True,
        shutdown_kernel="immediate",  # nothing to flush; a graceful stop only costs time
        resources={"metadata": {"path": str(task.source.parent)}},
        on_cell_execute=progress.on_cell_execute,
        on_cell_error=progress.on_cell_error,
    )
    try:
        asyncio.run(client.async_execute(env={**os.environ, **KERNEL_ENVIRONMENT}))
    except CellExecutionError:
        return _cell_error(task, progress)
    except CellTimeoutError:
        where = _locate(task, progress.cell_index or 0)
        return failures.cell_timeout(task.source, **where, timeout=task.timeout)
    except DeadKernelError:
        return failures.kernel_died(task.source, **_locate(task, progress.cell_index))
    except Exception as error:  # noqa: BLE001 - any other failure is this notebook's, not the run's
        return failures.runner_error(task.source, error, traceback.format_exc())
    return None


def _cell_error(task: Task, progress: _Progress) -> Failure:
    cell_index, reply = progress.error if progress.error else (progress.cell_index or 0, {})
    return failures.cell_error(task.source, **_locate(task, cell_index), reply=reply)
