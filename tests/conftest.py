"""Fixtures shared by every test folder, and the markers a test gets from what it uses.

Every expensive stage runs once per test session, and any test folder reuses it by naming
the fixture:

``executed_notebooks``
    :class:`ExecutedNotebooks` -- every notebook of ``notebooks/`` executed once, forced,
    by :mod:`opskb.execute` into a temporary folder (``.folder``: the executed ``.ipynb``
    files and the execution report; ``.summary``: what the run did).
``built_site``
    ``Path`` of the HTML folder of the whole site, built once by :func:`opskb.build.build`
    from a copy of ``docs/`` whose executed-notebook folder is a copy of
    ``executed_notebooks``: the build finds every notebook unchanged and executes none.
    The docs copy it was built from is ``built_site.parent / "docs"``; its environment
    (``built_site / ".doctrees"``) is the one the offline editions are rendered from
    (tests/publish/conftest.py), so the real site is read and rendered once per session.
``site_server``
    ``str`` -- the base URL (``http://127.0.0.1:PORT/``) of ``built_site`` served over HTTP.
``kernels``, ``sphinx_builds``
    Nothing but a declaration: the test starts Jupyter kernels, or runs Sphinx, itself.
``rootdir``
    Where ``sphinx.testing`` finds the tiny sites: ``tests/roots/test-<case>/``.

Markers come from the fixtures a test uses (directly or through other fixtures), not from
its folder: see :data:`support.quick.FIXTURE_MARKERS`. The quick subset, ``pytest -m "not browser and not
slow"``, is every other test: pure ones. A test without the ``slow`` marker that starts a
kernel or Sphinx anyway fails, in its fixtures too (:func:`support.quick.stays_quick`), so the subset cannot grow
a site build or a notebook run unnoticed.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from opskb import build, paths
from opskb.execute import runner
from support import jupyter_book_run, quick

# sphinx.testing builds the tiny purpose-made sites under tests/roots/test-<case>/.
pytest_plugins = ("sphinx.testing.fixtures",)

TESTS = Path(__file__).parent
ROOTS = TESTS / "roots"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        for name in quick.markers_for(getattr(item, "fixturenames", ())):
            item.add_marker(name)


def pytest_collection_finish(session: pytest.Session) -> None:
    # After deselection (-m, -k): only a selected Jupyter Book test starts that build.
    session.config.stash[jupyter_book_run.WANTED] = any(
        "jupyter_book_build" in getattr(item, "fixturenames", ()) for item in session.items
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    with quick.stays_quick(item):
        result = yield
    _start_jupyter_book_once_the_site_is_built(item)
    return result


def pytest_sessionfinish(session: pytest.Session) -> None:
    # A session stopped early (-x, Ctrl-C) leaves no Jupyter Book build running behind it.
    run = session.config.stash.get(jupyter_book_run.RUN, None)
    if run is not None and run.process.poll() is None:
        run.process.terminate()
        run.process.wait()


def _start_jupyter_book_once_the_site_is_built(item: pytest.Item) -> None:
    """The Jupyter Book build is its own process: start it on the second core right away."""
    stash = item.config.stash
    if not stash.get(jupyter_book_run.WANTED, False) or jupyter_book_run.RUN in stash:
        return
    site = getattr(item, "funcargs", {}).get("built_site")
    if site is not None and jupyter_book_run.can_start():
        stash[jupyter_book_run.RUN] = jupyter_book_run.start(
            site.parent / "docs", site.parent / "jupyter-book"
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    with quick.stays_quick(item):
        return (yield)


@pytest.fixture(scope="session")
def kernels() -> None:
    """Declares that the test starts Jupyter kernels itself (marks it ``slow``)."""


@pytest.fixture(scope="session")
def sphinx_builds() -> None:
    """Declares that the test runs Sphinx itself (marks it ``slow``)."""


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing looks for `testroot` sites: tests/roots/test-<case>/."""
    return ROOTS


@dataclass(frozen=True)
class ExecutedNotebooks:
    folder: Path
    summary: runner.Summary


@pytest.fixture(scope="session")
def executed_notebooks(tmp_path_factory: pytest.TempPathFactory) -> ExecutedNotebooks:
    """Every real notebook, executed once (forced) for the whole session."""
    folder = tmp_path_factory.mktemp("executed")
    summary = runner.run_directory(paths.NOTEBOOKS, folder, force=True)
    return ExecutedNotebooks(folder, summary)


@pytest.fixture(scope="session")
def built_site(
    tmp_path_factory: pytest.TempPathFactory, executed_notebooks: ExecutedNotebooks
) -> Path:
    """The whole site, built once per session from a copy of docs/; returns the HTML folder.

    The one rendering of the real site in a test session (Jupyter Book's aside): the
    editions are written from its environment, the Read the Docs configuration is checked
    by evaluating conf.py.

    Same code path as ``nox -s docs`` (runner, then strict Sphinx); the runner finds the
    session's executed notebooks unchanged, so Sphinx renders that run.
    """
    assert executed_notebooks.summary.failed == [], "the notebooks failed: see test_notebooks"
    work = tmp_path_factory.mktemp("site")
    docs = work / "docs"
    shutil.copytree(
        paths.DOCS, docs, ignore=shutil.ignore_patterns("_build", paths.EXECUTED_FOLDER)
    )
    shutil.copytree(executed_notebooks.folder, docs / paths.EXECUTED_FOLDER)
    build.build(docs, work / "html", notebooks_dir=paths.NOTEBOOKS)
    return work / "html"


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        del format, args


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (a free port); yields the base URL.

    Served, not opened from file://, because browsers restrict file:// pages (no
    same-origin fetch for the search index, separate localStorage).
    """
    handler = partial(_QuietHandler, directory=str(built_site))
    with ThreadingHTTPServer(("127.0.0.1", 0), handler) as httpd:
        # A browser may drop a connection when it navigates away: not worth a traceback.
        httpd.handle_error = lambda request, address: None  # type: ignore[method-assign]
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        httpd.shutdown()
        thread.join()


# --- Children of quick tests, started when collection ends (tests/support/child_runs.py) ---
pytest_plugins = (*pytest_plugins, "support.child_runs")
