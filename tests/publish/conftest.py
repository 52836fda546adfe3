"""Fixtures for the publishing tests: the offline editions, built once per session.

The editions are built from the docs copy that ``built_site`` built (its executed notebooks
included: nothing is executed again), next to a copy of that site's HTML, as
``python -m opskb.build --editions`` puts them next to the site.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opskb import editions, paths
from support.system_tools import CHROMIUM, skip_or_fail


def require(tool: str, found: bool) -> None:
    """Skip without a system tool locally; fail in CI, where .ci/run installs it."""
    if not found:
        skip_or_fail(f"{tool} is not installed (apt-get install {tool})")


@pytest.fixture(scope="session")
def contract_labels() -> list[str]:
    """Every label of the permalink contract: each must reach every edition."""
    return editions.contract_labels(paths.DOCS)


@pytest.fixture(scope="session")
def published(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the site with the editions next to it (the site tests see the site as built)."""
    require("chromium", CHROMIUM.is_file())
    html = tmp_path_factory.mktemp("published") / "html"
    shutil.copytree(built_site, html)
    return html


@pytest.fixture(scope="session")
def built_editions(built_site: Path, published: Path) -> dict[str, Path]:
    return editions.build_editions(built_site.parent / "docs", published)


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
