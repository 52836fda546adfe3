"""Every notebook of notebooks/ executes through opskb.execute: the nbclient check of CI.

The session's run (the ``executed_notebooks`` fixture, which the site build reuses) and
exactly one more forced run must give identical text outputs. That a run with nothing
changed executes nothing is tested in test_execute_skips_unchanged.py.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from opskb import paths
from opskb.execute.failures import format_failure
from opskb.execute.runner import Summary, run_directory
from opskb.execute.sources import discover

# Images may legitimately differ in bytes between renderer builds; the claim is about text.
TEXT_MIME_PREFIXES = ("text/", "application/json")


def text_outputs(path: Path) -> list[list[tuple]]:
    """Per code cell, its outputs reduced to their text, without counts or metadata."""
    notebook = nbformat.read(path, as_version=4)
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            kind = output["output_type"]
            if kind == "stream":
                outputs.append((kind, output["name"], output["text"]))
            elif kind == "error":
                outputs.append((kind, output["ename"], output["evalue"]))
            else:
                data = output.get("data", {})
                text = {m: v for m, v in data.items() if m.startswith(TEXT_MIME_PREFIXES)}
                outputs.append((kind, sorted(text.items(), key=lambda item: item[0])))
        cells.append(outputs)
    return cells


@pytest.fixture(scope="module")
def names() -> list[str]:
    found = [path.stem for path in discover(paths.NOTEBOOKS)]
    assert found, f"no notebooks found in {paths.NOTEBOOKS}"
    return found


@pytest.fixture(scope="module")
def second_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Summary]:
    """One more forced run, for the determinism check only."""
    out = tmp_path_factory.mktemp("second")
    return out, run_directory(paths.NOTEBOOKS, out, force=True)


def test_every_notebook_executes_without_error(executed_notebooks, names):
    summary = executed_notebooks.summary
    details = "\n\n".join(format_failure(failure) for failure in summary.failures)
    assert summary.failed == [], details
    assert sorted(summary.passed) == sorted(names)


def test_two_fresh_executions_give_identical_text_outputs(executed_notebooks, second_run, names):
    second, summary = second_run
    assert summary.failed == [], "\n\n".join(map(format_failure, summary.failures))
    for name in names:
        one = text_outputs(executed_notebooks.folder / f"{name}.ipynb")
        two = text_outputs(second / f"{name}.ipynb")
        assert any(one), f"{name}: no output at all"
        for number, (a, b) in enumerate(zip(one, two, strict=True), 1):
            assert a == b, f"{name}, code cell {number}: outputs differ:\n{a!r}\n{b!r}"
