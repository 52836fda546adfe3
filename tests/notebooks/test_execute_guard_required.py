"""No cell runs unless the network guard is in place: the runner fails closed."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat

from opskb.execute import kernel
from opskb.execute.runner import run_directory

CASES = Path(__file__).parent / "cases"


def test_a_preamble_that_fails_stops_the_notebook_before_its_first_cell(
    tmp_path, monkeypatch, capsys, kernels
):
    source = tmp_path / "notebooks"
    source.mkdir()
    shutil.copy(CASES / "good.md", source / "good.md")
    monkeypatch.setattr(kernel, "PREAMBLE", "raise ImportError('guard module missing')\n")
    summary = run_directory(source, tmp_path / "out", examples_dir=tmp_path / "no-examples")
    err = capsys.readouterr().err
    assert summary.failed == ["good"]
    assert "GuardNotInstalledError: could not install the network guard" in err
    assert "ImportError: guard module missing" in err
    executed = nbformat.read(tmp_path / "out" / "good.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in executed.cells)
    assert all(
        cell.get("execution_count") is None for cell in executed.cells if cell.cell_type == "code"
    )
