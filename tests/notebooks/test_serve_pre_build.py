"""``nox -s serve``: the command sphinx-autobuild runs before each rebuild executes a changed
notebook, through the build's own runner (:func:`opskb.serve.pre_build_command`)."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
from pathlib import Path

from opskb import serve

CASES = Path(__file__).parent / "cases"


def outputs(notebook: Path) -> str:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return "".join(
        "".join(output.get("text", "")) for cell in cells for output in cell.get("outputs", [])
    )


def test_the_pre_build_command_executes_a_changed_notebook(tmp_path, kernels):
    source, out = tmp_path / "notebooks", tmp_path / "executed"
    source.mkdir()
    notebook = source / "alpha.md"
    shutil.copy(CASES / "good.md", notebook)
    command = shlex.split(serve.pre_build_command(source, out))  # as sphinx-autobuild splits it

    def pre_build() -> None:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        assert result.returncode == 0, result.stderr

    pre_build()
    assert "[1, 2, 3]" in outputs(out / "alpha.ipynb")
    notebook.write_text(
        notebook.read_text(encoding="utf-8").replace("[3, 1, 2]", "[9, 7, 8]"), encoding="utf-8"
    )
    pre_build()
    assert "[7, 8, 9]" in outputs(out / "alpha.ipynb")
