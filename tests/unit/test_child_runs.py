"""Children of quick tests, started when collection ends (tests/support/child_runs.py)."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest

from support import child_runs
from support.quick import HeavyWorkInQuickTest

REPORTS = "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"


@pytest.mark.child_run(sys.executable, "-c", REPORTS)
def test_a_marked_test_gets_its_childs_finished_run(child_run):
    assert (child_run.returncode, child_run.stdout, child_run.stderr) == (3, "out\n", "err\n")


@dataclass
class _Item:
    """The parts of a collected test that the plugin reads."""

    nodeid: str
    marks: dict[str, pytest.Mark] = field(default_factory=dict)

    def get_closest_marker(self, name: str) -> pytest.Mark | None:
        return self.marks.get(name)


def _session(*items: _Item) -> SimpleNamespace:
    config = SimpleNamespace(stash=pytest.Stash(), option=SimpleNamespace(collectonly=False))
    return SimpleNamespace(config=config, items=list(items))


def test_a_quick_tests_child_started_early_passes_the_quick_guard():
    heavy = pytest.mark.child_run(sys.executable, "-m", "sphinx", "--version").mark
    session = _session(_Item("a-quick-test", {"child_run": heavy}))
    child_runs.pytest_collection_finish(session)  # type: ignore[arg-type]
    refused = session.config.stash[child_runs._STARTED]["a-quick-test"]
    # Refused in that test's name: this test's own guard would name this test.
    assert isinstance(refused, HeavyWorkInQuickTest)
    assert str(refused).startswith("a-quick-test starts")


def test_a_child_whose_test_never_ran_ends_with_the_session():
    waits = pytest.mark.child_run(sys.executable, "-c", "import time; time.sleep(60)").mark
    session = _session(_Item("never-run", {"child_run": waits}))
    child_runs.pytest_collection_finish(session)  # type: ignore[arg-type]
    run = session.config.stash[child_runs._STARTED]["never-run"]
    child_runs.pytest_sessionfinish(session)  # type: ignore[arg-type]
    assert run.process.poll() is not None
