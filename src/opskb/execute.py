"""Execute the MyST text notebooks with nbclient (first cut: serial, no cache).

Replaced by the full runner of the notebooks issue; the public entry point
``run_directory(source_dir, out_dir, force=False) -> Summary`` stays.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient


@dataclass
class Summary:
    passed: list[str] = field(default_factory=list)
    failed_names: list[str] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return len(self.failed_names)


def run_directory(source_dir: Path, out_dir: Path, *, force: bool = False) -> Summary:
    del force  # no cache yet: everything runs
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = Summary()
    for source in sorted(source_dir.glob("*.md")):
        notebook = jupytext.read(source)
        try:
            NotebookClient(
                notebook,
                timeout=60,
                kernel_name="python3",
                resources={"metadata": {"path": str(source.parent)}},
            ).execute()
        except Exception as error:  # noqa: BLE001 - report and go on with the others
            print(f"{source}: {type(error).__name__}: {error}", file=sys.stderr)
            summary.failed_names.append(source.stem)
            continue
        nbformat.write(notebook, out_dir / f"{source.stem}.ipynb")
        summary.passed.append(source.stem)
    print(f"{len(summary.passed)} passed, {summary.failed} failed")
    return summary
