"""Every notebook of notebooks/ executes through opskb.execute: the nbclient check of CI.

Two fresh (forced) executions must give identical text outputs, and a third run with
nothing changed must execute none.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from opskb import paths
from opskb.execute import run_directory
from opskb.execution.failures import format_failure
from opskb.execution.sources import discover

pytestmark = pytest.mark.slow

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
def two_fresh_runs(tmp_path_factory: pytest.TempPathFactory):
    names = [path.stem for path in discover(paths.NOTEBOOKS)]
    assert names, f"no notebooks found in {paths.NOTEBOOKS}"
    runs = []
    for label in ("first", "second"):
        out = tmp_path_factory.mktemp(label)
        summary = run_directory(paths.NOTEBOOKS, out, force=True)
        runs.append((out, summary))
    return names, runs


def test_every_notebook_executes_without_error(two_fresh_runs):
    names, runs = two_fresh_runs
    for _, summary in runs:
        details = "\n\n".join(format_failure(failure) for failure in summary.failures)
        assert summary.failed == 0, details
        assert sorted(summary.passed) == sorted(names)


def test_two_fresh_executions_give_identical_text_outputs(two_fresh_runs):
    names, [(first, _), (second, _)] = two_fresh_runs
    for name in names:
        one, two = text_outputs(first / f"{name}.ipynb"), text_outputs(second / f"{name}.ipynb")
        assert any(one), f"{name}: no output at all"
        for number, (a, b) in enumerate(zip(one, two, strict=True), 1):
            assert a == b, f"{name}, code cell {number}: outputs differ:\n{a!r}\n{b!r}"


def test_a_run_with_nothing_changed_executes_no_notebook(two_fresh_runs):
    names, [_, (second, _)] = two_fresh_runs
    summary = run_directory(paths.NOTEBOOKS, second)
    assert summary.executed == []
    assert sorted(summary.skipped) == sorted(names)
    assert summary.line == f"0 passed, 0 failed, {len(names)} skipped"
