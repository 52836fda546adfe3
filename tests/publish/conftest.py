"""Fixtures for the publishing tests: the offline editions, built once per session.

The editions are written from the environment of ``built_site`` (its doctree folder, in the
copy of the site they are added to): no page is read or executed again, Sphinx only writes
the single page and the EPUB, and Chromium prints the PDF once. They go next to a copy of
the site's HTML, as ``python -m opskb.build --editions`` puts them next to the site, so the
site tests see the site as built.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opskb import chromium, editions, paths
from opskb.permalinks.contract import load
from support.system_tools import skip_or_fail


def require(tool: str, found: bool) -> None:
    """Skip without a system tool locally; fail in CI, where .ci/run installs it."""
    if not found:
        skip_or_fail(f"{tool} is not installed (apt-get install {tool})")


@pytest.fixture(scope="session")
def contract_labels() -> list[str]:
    """Every label of the permalink contract: each must reach every edition."""
    return sorted(load(paths.DOCS / "permalinks.toml").labels)


@pytest.fixture(scope="session")
def published(built_site: Path) -> Path:
    """A copy of the site, environment included, that the editions are added to.

    A sibling of the site's folder: the editions render into folders next to it, which
    must share a parent with the HTML build's (myst-nb's ``jupyter_execute`` is there).
    """
    found = chromium.path()
    require("chromium", found is not None and found.is_file())
    html = built_site.parent / "published"
    shutil.copytree(built_site, html)
    return html


@pytest.fixture(scope="session")
def site_docs(built_site: Path) -> Path:
    """The copy of docs/ that the site (and so the editions) was built from."""
    return built_site.parent / "docs"


@pytest.fixture(scope="session")
def built_editions(site_docs: Path, published: Path) -> dict[str, Path]:
    return editions.build_editions(site_docs, published)


@pytest.fixture(scope="session")
def single_page(built_editions: dict[str, Path]) -> BeautifulSoup:
    return BeautifulSoup(built_editions["single"].read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def epub_files(built_editions: dict[str, Path]) -> dict[str, str]:
    """The EPUB's text files by name (XHTML, OPF, NCX)."""
    with zipfile.ZipFile(built_editions["epub"]) as archive:
        return {
            name: archive.read(name).decode("utf-8")
            for name in archive.namelist()
            if name.endswith((".xhtml", ".opf", ".ncx"))
        }


@pytest.fixture(scope="session")
def epubcheck() -> list[str]:
    """The command that runs Debian's epubcheck (a jar: run through java)."""
    found = shutil.which("epubcheck")
    require("epubcheck", found is not None)
    jar = Path(found).resolve()
    return ["java", "-jar", str(jar)] if jar.suffix == ".jar" else [str(jar)]
