"""Child processes whose outcome a test checks, started as soon as collection ends.

Some quick tests must look at another process: what a fresh interpreter imports is
process-wide state, an audit hook cannot be removed from this interpreter, and
check-jsonschema is a command-line tool. Started inside the test, each would keep pytest
waiting; started when collection ends, they run on the other core while this one runs the
in-process tests, and each test gets its child's finished run. A test declares its child
with the ``child_run`` marker and reads the outcome from the ``child_run`` fixture::

    @pytest.mark.child_run(sys.executable, "-c", CODE)
    def test_something(child_run):
        assert child_run.returncode == 0  # a subprocess.CompletedProcess[str]

Only selected tests (after ``-m``, ``-k``) get a child started early, and only where the
tests this process runs are known when collection ends: a pytest-xdist worker learns its
tests one by one, so there (and under ``--collect-only``) the fixture starts the child
when the test runs. A child whose test did not run (``-x``, Ctrl-C) is ended with the
session. A quick test's child is checked by the same guard as anything the test starts
(:func:`support.quick.stays_quick`): an early start cannot smuggle in a build or a kernel.

Registered by tests/conftest.py (``pytest_plugins``).
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from typing import IO

import pytest

from support import quick

MARKER = "child_run"


@dataclass
class ChildRun:
    """A started child; its output goes to files, so a full pipe can never stall it."""

    args: tuple[str, ...]
    process: subprocess.Popen[bytes]
    stdout: IO[bytes]
    stderr: IO[bytes]

    @classmethod
    def start(cls, args: tuple[str, ...]) -> ChildRun:
        # Closed by result() or stop(): the files outlive this call with the child.
        stdout = tempfile.TemporaryFile()  # noqa: SIM115
        stderr = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            process = subprocess.Popen(args, stdout=stdout, stderr=stderr, stdin=subprocess.DEVNULL)
        except BaseException:
            stdout.close()
            stderr.close()
            raise
        return cls(args, process, stdout, stderr)

    def result(self) -> subprocess.CompletedProcess[str]:
        """Waits for the child; its output as text, as ``subprocess.run(..., text=True)``."""
        returncode = self.process.wait()
        return subprocess.CompletedProcess(
            list(self.args), returncode, self._read(self.stdout), self._read(self.stderr)
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stdout.close()
        self.stderr.close()

    @staticmethod
    def _read(file: IO[bytes]) -> str:
        file.seek(0)
        text = file.read().decode()
        file.close()
        # Universal newlines, as text=True would give.
        return text.replace("\r\n", "\n")


# nodeid -> the child started early for that test, or why it could not start.
_STARTED = pytest.StashKey[dict[str, ChildRun | Exception]]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(*args): the test checks the run of this command (the `{MARKER}` fixture); "
        "started when collection ends (tests/support/child_runs.py)",
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    config = session.config
    if config.option.collectonly or hasattr(config, "workerinput"):
        return
    started = config.stash.setdefault(_STARTED, {})
    for item in session.items:
        marker = item.get_closest_marker(MARKER)
        if marker is None:
            continue
        try:
            with quick.stays_quick(item):
                started[item.nodeid] = ChildRun.start(marker.args)
        except (quick.HeavyWorkInQuickTest, OSError) as error:
            started[item.nodeid] = error  # the test fails with it, not the session


def pytest_sessionfinish(session: pytest.Session) -> None:
    for run in session.config.stash.get(_STARTED, {}).values():
        if isinstance(run, ChildRun):
            run.stop()


@pytest.fixture
def child_run(request: pytest.FixtureRequest) -> subprocess.CompletedProcess[str]:
    """The finished run of the command in the test's ``child_run`` marker."""
    marker = request.node.get_closest_marker(MARKER)
    if marker is None:
        raise pytest.UsageError(f"{request.node.nodeid}: the child_run fixture needs the marker")
    run = request.config.stash.get(_STARTED, {}).pop(request.node.nodeid, None)
    if isinstance(run, Exception):
        raise run
    if run is None:  # not started early (see the module's docstring): start it now
        run = ChildRun.start(marker.args)
    return run.result()
