"""Unchanged notebooks are skipped, changed ones (and only they) run again.

Runs :func:`opskb.execute.run_directory` in this process on small notebooks in a temporary
folder, with a temporary stand-in for ``opskb.examples``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from opskb.execute import run_directory
from opskb.execution.report import REPORT_FILE

CASES = Path(__file__).parent / "cases"


@pytest.fixture
def project(tmp_path: Path) -> dict[str, Path]:
    source, out, examples = tmp_path / "notebooks", tmp_path / "out", tmp_path / "examples"
    source.mkdir()
    examples.mkdir()
    (examples / "helpers.py").write_text("ANSWER = 42\n")
    for name in ("alpha", "beta"):
        shutil.copy(CASES / "good.md", source / f"{name}.md")
    return {"source": source, "out": out, "examples": examples}


def run(project: dict[str, Path], **options):
    return run_directory(
        project["source"], project["out"], examples_dir=project["examples"], jobs=2, **options
    )


def report(project: dict[str, Path]) -> dict[str, dict]:
    data = json.loads((project["out"] / REPORT_FILE).read_text())
    return {entry["name"]: entry for entry in data["notebooks"]}


def test_a_second_run_with_nothing_changed_executes_zero(project, capsys):
    first = run(project)
    assert sorted(first.executed) == ["alpha", "beta"]
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
    run(project)
    beta_run = report(project)["beta"]
    alpha = project["source"] / "alpha.md"
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
    run(project)
    (project["examples"] / "helpers.py").write_text("ANSWER = 43\n")
    assert sorted(run(project).executed) == ["alpha", "beta"]


def test_force_re_executes_unchanged_notebooks(project):
    run(project)
    assert sorted(run(project, force=True).executed) == ["alpha", "beta"]


def test_a_missing_executed_file_is_executed_again(project):
    run(project)
    (project["out"] / "beta.ipynb").unlink()
    assert run(project).executed == ["beta"]


def test_a_failed_notebook_is_never_cached(project, capsys):
    shutil.copy(CASES / "raising.md", project["source"] / "raising.md")
    first = run(project)
    assert first.failed == ["raising"]
    capsys.readouterr()
    second = run(project)
    assert second.executed == ["raising"]
    assert second.failed == ["raising"]
    assert capsys.readouterr().out.splitlines()[-1] == "0 passed, 1 failed, 2 skipped"


def test_only_runs_the_named_notebooks_and_keeps_the_others_in_the_report(project):
    run(project)
    summary = run(project, only=["alpha.md"], force=True)
    assert summary.executed == ["alpha"]
    assert set(report(project)) == {"alpha", "beta"}


def test_a_removed_notebook_leaves_no_output_behind(project):
    run(project)
    (project["source"] / "beta.md").unlink()
    summary = run(project)
    assert summary.skipped == ["alpha"]
    assert not (project["out"] / "beta.ipynb").exists()
    assert set(report(project)) == {"alpha"}
