"""Unchanged notebooks are skipped, changed ones (and only they) run again.

Runs :func:`opskb.execute.runner.run_directory` in this process on small notebooks in a temporary
folder, with a temporary stand-in for ``opskb.examples``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from opskb.execute.report import REPORT_FILE
from opskb.execute.runner import Summary, run_directory

CASES = Path(__file__).parent / "cases"


def layout(root: Path) -> dict[str, Path]:
    return {name: root / name for name in ("notebooks", "out", "examples")}


def run(project: dict[str, Path], **options):
    return run_directory(
        project["notebooks"], project["out"], examples_dir=project["examples"], jobs=2, **options
    )


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory, kernels: None) -> tuple[Path, Summary]:
    """Two good notebooks executed once; each test starts from a copy of the result.

    Starting two kernels is most of a run's time, so the first run, which every test
    needs, happens once per module instead of once per test.
    """
    root = tmp_path_factory.mktemp("first-run")
    project = layout(root)
    project["notebooks"].mkdir()
    project["examples"].mkdir()
    (project["examples"] / "helpers.py").write_text("ANSWER = 42\n")
    for name in ("alpha", "beta"):
        shutil.copy(CASES / "good.md", project["notebooks"] / f"{name}.md")
    return root, run(project)


@pytest.fixture
def project(first_run: tuple[Path, Summary], tmp_path: Path, kernels: None) -> dict[str, Path]:
    """A folder of notebooks, their executed outputs and report, and the examples."""
    # copytree keeps the files' times, as the run left them.
    shutil.copytree(first_run[0], tmp_path, dirs_exist_ok=True)
    return layout(tmp_path)


def report(project: dict[str, Path]) -> dict[str, dict]:
    data = json.loads((project["out"] / REPORT_FILE).read_text())
    return {entry["name"]: entry for entry in data["notebooks"]}


def test_a_second_run_with_nothing_changed_executes_zero(first_run, project, capsys):
    assert sorted(first_run[1].executed) == ["alpha", "beta"]
    first_report = report(project)
    mtimes = {p.name: p.stat().st_mtime_ns for p in project["out"].iterdir()}
    capsys.readouterr()

    second = run(project)
    out = capsys.readouterr().out
    assert second.executed == []
    assert sorted(second.skipped) == ["alpha", "beta"]
    assert "alpha: skipped (unchanged)" in out
    assert "beta: skipped (unchanged)" in out
    assert out.splitlines()[-1] == "0 passed, 0 failed, 2 skipped"
    # Nothing ran, so the report still describes the run that did, and no file in the
    # output folder (executed notebooks, report) is rewritten: Sphinx has nothing
    # new to read and a no-op build stays a no-op.
    assert report(project) == first_report
    assert {p.name: p.stat().st_mtime_ns for p in project["out"].iterdir()} == mtimes


def test_editing_a_notebook_re_executes_only_it(project, capsys):
    beta_run = report(project)["beta"]
    alpha = project["notebooks"] / "alpha.md"
    alpha.write_text(alpha.read_text() + "\n```{code-cell} ipython3\nprint('edited')\n```\n")
    capsys.readouterr()
    summary = run(project)
    assert summary.executed == ["alpha"]
    assert summary.skipped == ["beta"]
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed, 1 skipped"
    assert report(project)["alpha"]["status"] == "passed"
    # The skipped notebook is reported as cached, with the time and duration of its run.
    beta = report(project)["beta"]
    assert beta["status"] == "cached"
    assert (beta["executed_at"], beta["duration_s"]) == (
        beta_run["executed_at"],
        beta_run["duration_s"],
    )


def test_changing_the_examples_re_executes_every_notebook(project):
    (project["examples"] / "helpers.py").write_text("ANSWER = 43\n")
    assert sorted(run(project).executed) == ["alpha", "beta"]


def test_force_re_executes_unchanged_notebooks(project):
    assert sorted(run(project, force=True).executed) == ["alpha", "beta"]


def test_a_missing_executed_file_is_executed_again(project):
    (project["out"] / "beta.ipynb").unlink()
    assert run(project).executed == ["beta"]


def test_a_failed_notebook_is_never_cached(project, capsys):
    shutil.copy(CASES / "raising.md", project["notebooks"] / "raising.md")
    first = run(project)
    assert first.failed == ["raising"]
    capsys.readouterr()
    second = run(project)
    assert second.executed == ["raising"]
    assert second.failed == ["raising"]
    assert capsys.readouterr().out.splitlines()[-1] == "0 passed, 1 failed, 2 skipped"


def test_only_runs_the_named_notebooks_and_keeps_the_others_in_the_report(project):
    summary = run(project, only=["alpha.md"], force=True)
    assert summary.executed == ["alpha"]
    assert set(report(project)) == {"alpha", "beta"}


def test_a_removed_notebook_leaves_no_output_behind(project):
    (project["notebooks"] / "beta.md").unlink()
    summary = run(project)
    assert summary.skipped == ["alpha"]
    assert not (project["out"] / "beta.ipynb").exists()
    assert set(report(project)) == {"alpha"}
