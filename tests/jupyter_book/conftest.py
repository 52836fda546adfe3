"""The Jupyter Book 1 build of the site: built once per test session, shared by this folder.

Jupyter Book 1 needs Sphinx 7.4 and the tests run on current Sphinx, so the build runs in
its own venv: ``nox -s jupyter-book`` (support/jupyter_book_run.py starts it in the
background as soon as the site is built, and the fixture waits for it) (which creates or reuses
``.nox/jupyter-book``), pointed at the copy of docs/ that ``built_site`` already built, so
the notebooks the main build executed are not executed again (the runner skips them).

``OPSKB_JUPYTER_BOOK_HTML=<folder>`` uses an HTML folder built before (e.g. by
``nox -s jupyter-book``, in ``build/jupyter-book/_build/html``) instead. Without nox the
tests skip with that message, except when ``CI`` is set, where they fail.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from opskb import jupyter_book
from support import jupyter_book_run
from support.system_tools import skip_or_fail

PREBUILT = jupyter_book_run.PREBUILT


@dataclass(frozen=True)
class JupyterBookBuild:
    """The Jupyter Book build this session tests: its HTML and what it printed."""

    html: Path
    output: str  # stdout and stderr of `nox -s jupyter-book`, "" for a prebuilt folder
    seconds: float


@pytest.fixture(scope="session")
def jupyter_book_build(built_site: Path, request: pytest.FixtureRequest) -> JupyterBookBuild:
    prebuilt = os.environ.get(PREBUILT)
    if prebuilt:
        html = Path(prebuilt)
        if not (html / "index.html").is_file():
            pytest.fail(f"{PREBUILT}={prebuilt} holds no index.html: build it first")
        return JupyterBookBuild(html, "", 0.0)
    if not jupyter_book_run.can_start():
        skip_or_fail(
            "nox is not on PATH, so the Jupyter Book venv cannot be made: "
            "`python3 -m pip install nox`, or set "
            f"{PREBUILT} to the output of `nox -s jupyter-book`"
        )
    # Started in the background once the site was built (tests/conftest.py), else now.
    run = request.config.stash.get(jupyter_book_run.RUN, None)
    if run is None:
        run = jupyter_book_run.start(built_site.parent / "docs", built_site.parent / "jupyter-book")
        request.config.stash[jupyter_book_run.RUN] = run
    returncode, output, seconds = run.wait()
    if returncode != 0:
        pytest.fail(
            f"`{' '.join(run.command)}` failed with exit code {returncode}:\n{output[-6000:]}"
        )
    return JupyterBookBuild(jupyter_book.html_dir(run.out), output, seconds)


@pytest.fixture(scope="session")
def jupyter_book_html(jupyter_book_build: JupyterBookBuild) -> Path:
    return jupyter_book_build.html
