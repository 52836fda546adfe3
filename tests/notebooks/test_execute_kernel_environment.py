"""What a notebook's kernel looks like from inside: interpreter, folder, environment."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import nbformat

from opskb.execute import kernel
from opskb.execute.runner import run_directory

NOTEBOOK = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Some other kernel
  language: python
  name: some-other-kernel
---

```{code-cell} ipython3
import json, os, sys
from ipykernel.kernelapp import IPKernelApp

print(json.dumps({
    "executable": sys.executable,
    "cwd": os.getcwd(),
    "env": {name: os.environ.get(name) for name in ENVIRONMENT_NAMES},
    "transport": IPKernelApp.instance().transport,
    "leftover_names": sorted(n for n in globals() if "opskb" in n),
}))
```
"""


def test_the_kernel_runs_this_interpreter_in_the_notebook_folder_with_the_runner_env(
    tmp_path, kernels
):
    # Whatever kernel the notebook names (here one that does not exist), it gets this one.
    source = tmp_path / "notebooks"
    source.mkdir()
    names = sorted(kernel.KERNEL_ENVIRONMENT)
    (source / "inside.md").write_text(
        NOTEBOOK.replace("ENVIRONMENT_NAMES", repr(names)), encoding="utf-8"
    )
    summary = run_directory(source, tmp_path / "out", examples_dir=tmp_path / "none")
    assert summary.passed == ["inside"], summary.failures
    executed = nbformat.read(tmp_path / "out" / "inside.ipynb", as_version=4)
    seen = json.loads(executed.cells[-1].outputs[0]["text"])
    assert Path(seen["executable"]).resolve() == Path(sys.executable).resolve()
    assert Path(seen["cwd"]).resolve() == source.resolve()
    assert seen["env"] == kernel.KERNEL_ENVIRONMENT
    assert seen["transport"] == ("ipc" if kernel.USE_IPC else "tcp")
    assert seen["leftover_names"] == []  # the preamble cleaned up after itself
