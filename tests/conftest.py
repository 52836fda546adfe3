"""Fixtures shared by every test folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from opskb import build, paths

# sphinx.testing builds the tiny purpose-made sites under tests/sites/test-<case>/.
pytest_plugins = ("sphinx.testing.fixtures",)

SITES = Path(__file__).parent / "sites"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing looks for `testroot` sites: tests/sites/test-<case>/."""
    return SITES


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, built once per test session into a temporary folder.

    A copy of docs/ is built (never the working tree's docs/_build), through the same
    code path as ``nox -s docs``: notebooks executed by opskb.execute, then a strict Sphinx
    build. Returns the HTML output folder.
    """
    work = tmp_path_factory.mktemp("site")
    docs = work / "docs"
    shutil.copytree(paths.DOCS, docs, ignore=shutil.ignore_patterns("_build", "notebooks"))
    build.build(docs, work / "html", notebooks_dir=paths.NOTEBOOKS)
    return work / "html"
