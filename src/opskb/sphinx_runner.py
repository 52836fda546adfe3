"""The strict ``sphinx-build`` invocation and the error every build stage raises.

Its own module so that :mod:`opskb.build` (the site) and :mod:`opskb.editions` (the offline
editions built from that site's environment) both use it without importing each other.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Where sphinx-build keeps a build's environment (its default: inside the output folder).
# The editions are rendered from the HTML build's: nothing is read twice.
DOCTREES = ".doctrees"


def doctrees_of(out_dir: Path) -> Path:
    """The environment (doctree) folder of the build into ``out_dir``."""
    return out_dir / DOCTREES


class BuildError(RuntimeError):
    """The build failed; the message says which stage and why."""


def sphinx_command(
    docs_dir: Path,
    out_dir: Path,
    *,
    builder: str = "html",
    jobs: str = "auto",
    extra: tuple[str, ...] = (),
) -> list[str]:
    """The strict sphinx-build invocation: nitpicky, warnings are errors, report them all."""
    return [
        sys.executable,
        "-m",
        "sphinx",
        "-n",
        "-W",
        "--keep-going",
        "-b",
        builder,
        "-j",
        jobs,
        *extra,
        str(docs_dir),
        str(out_dir),
    ]


def run_sphinx(
    docs_dir: Path,
    out_dir: Path,
    *,
    builder: str = "html",
    jobs: str = "auto",
    extra: tuple[str, ...] = (),
) -> None:
    """Run :func:`sphinx_command`; raise :class:`BuildError` if it fails."""
    command = sphinx_command(docs_dir, out_dir, builder=builder, jobs=jobs, extra=extra)
    if subprocess.run(command, check=False).returncode != 0:
        raise BuildError(
            f"sphinx-build failed (command: {' '.join(command)}); "
            "the warnings above name the file and line to fix."
        )
