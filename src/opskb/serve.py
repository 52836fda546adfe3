"""Live preview (``nox -s serve``): build once, then rebuild on every save.

sphinx-autobuild watches the pages and the text notebooks. Before each rebuild it runs
:func:`pre_build_command`: :mod:`opskb.execute`, the runner and network block of the build
itself, which executes a changed notebook and skips the unchanged ones, so the preview never
shows a notebook's stale outputs.
"""

from __future__ import annotations

import shlex
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from opskb import build, paths


def pre_build_command(source: Path = paths.NOTEBOOKS, out: Path = paths.EXECUTED) -> str:
    """The command sphinx-autobuild runs before each rebuild (it splits it like a shell)."""
    return shlex.join(
        [sys.executable, "-m", "opskb.execute", "--source", str(source), "--out", str(out)]
    )


def autobuild_arguments(port: int = 8000) -> list[str]:
    """sphinx-autobuild's arguments: strict like the build, the notebooks watched."""
    return [
        "-n",
        "--keep-going",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--watch",
        str(paths.NOTEBOOKS),
        # Not changes to rebuild for: the executed notebooks the runner writes into docs/, and
        # what Sphinx itself writes under docs/_build (myst-nb's jupyter_execute/, beside the
        # HTML), which would start a second rebuild after each one.
        "--ignore",
        str(paths.EXECUTED),
        "--ignore",
        str(paths.DOCS / "_build"),
        "--pre-build",
        pre_build_command(),
        str(paths.DOCS),
        str(paths.HTML),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    status = build.main(list(argv or []))  # the first build: executes every changed notebook
    if status != 0:
        return status
    command = [sys.executable, "-m", "sphinx_autobuild", *autobuild_arguments()]
    try:
        return subprocess.run(command, check=False).returncode
    except KeyboardInterrupt:  # Ctrl+C stops the preview
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
