"""The Jupyter Book 1 build of the site: built once per test session, shared by this folder.

Jupyter Book 1 needs Sphinx 7.4 and the tests run on current Sphinx, so the build runs in
its own venv: the fixture calls ``nox -s jupyter-book`` (which creates or reuses
``.nox/jupyter-book``), pointed at the copy of docs/ that ``built_site`` already built, so
the notebooks the main build executed are not executed again (the runner skips them).

``OPSKB_JUPYTER_BOOK_HTML=<folder>`` uses an HTML folder built before (e.g. by
``nox -s jupyter-book``, in ``build/jupyter-book/_build/html``) instead. Without nox the
tests skip with that message, except when ``CI`` is set, where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from opskb import jupyter_book, paths
from support.system_tools import skip_or_fail

PREBUILT = "OPSKB_JUPYTER_BOOK_HTML"


@dataclass(frozen=True)
class JupyterBookBuild:
    """The Jupyter Book build this session tests: its HTML and what it printed."""

    html: Path
    output: str  # stdout and stderr of `nox -s jupyter-book`, "" for a prebuilt folder
    seconds: float


@pytest.fixture(scope="session")
def jupyter_book_build(built_site: Path, tmp_path_factory: pytest.TempPathFactory):
    prebuilt = os.environ.get(PREBUILT)
    if prebuilt:
        html = Path(prebuilt)
        if not (html / "index.html").is_file():
            pytest.fail(f"{PREBUILT}={prebuilt} holds no index.html: build it first")
        return JupyterBookBuild(html, "", 0.0)
    nox = shutil.which("nox")
    if nox is None:
        skip_or_fail(
            "nox is not on PATH, so the Jupyter Book venv cannot be made: "
            "`python3 -m pip install nox`, or set "
            f"{PREBUILT} to the output of `nox -s jupyter-book`"
        )
    docs_copy = built_site.parent / "docs"
    out = tmp_path_factory.mktemp("jupyter-book")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}  # nox picks its own
    command = [nox, "-f", str(paths.REPO / "noxfile.py"), "-s", "jupyter-book", "--"]
    command += ["--docs", str(docs_copy), "--out", str(out)]
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=paths.REPO, env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    output = result.stdout + result.stderr
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(command)}` failed with exit code {result.returncode}:\n{output[-6000:]}"
        )
    return JupyterBookBuild(jupyter_book.html_dir(out), output, seconds)


@pytest.fixture(scope="session")
def jupyter_book_html(jupyter_book_build: JupyterBookBuild) -> Path:
    return jupyter_book_build.html
