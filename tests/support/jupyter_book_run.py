"""The session's Jupyter Book build, started in the background as soon as the site is built.

It is a process of its own (``nox -s jupyter-book``, its own venv), so it can run on the
second core while the tests over the built site and the browser tests run on the first;
``tests/jupyter_book/conftest.py`` waits for it. tests/conftest.py starts it after the
first test that built the site, when the session holds a Jupyter Book test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from opskb import paths

PREBUILT = "OPSKB_JUPYTER_BOOK_HTML"
# Set at collection: whether a selected test uses the Jupyter Book build.
WANTED = pytest.StashKey[bool]()
# The run, once started.
RUN = pytest.StashKey["JupyterBookRun"]()


@dataclass
class JupyterBookRun:
    """``nox -s jupyter-book`` building ``docs_copy`` into ``out``, started at ``started``."""

    command: list[str]
    out: Path
    log: Path
    process: subprocess.Popen
    started: float = field(default_factory=time.perf_counter)

    def wait(self) -> tuple[int, str, float]:
        """Exit code, everything the build printed, and its wall time in seconds."""
        returncode = self.process.wait()
        seconds = time.perf_counter() - self.started
        return returncode, self.log.read_text(encoding="utf-8", errors="replace"), seconds


def can_start() -> bool:
    """False when a prebuilt folder is to be used or nox is missing (the fixture says why)."""
    return not os.environ.get(PREBUILT) and shutil.which("nox") is not None


def start(docs_copy: Path, out: Path) -> JupyterBookRun:
    """Start ``nox -s jupyter-book`` on ``docs_copy`` (the site's own docs copy) into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    log = out.parent / f"{out.name}.log"
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}  # nox picks its own
    command = [str(shutil.which("nox")), "-f", str(paths.REPO / "noxfile.py")]
    command += ["-s", "jupyter-book", "--", "--docs", str(docs_copy), "--out", str(out)]
    with log.open("w", encoding="utf-8") as output:
        process = subprocess.Popen(
            command, cwd=paths.REPO, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    return JupyterBookRun(command, out, log, process)
