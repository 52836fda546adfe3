"""Fixtures for the tests over the built site: everything is parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from opskb import paths
from support import site_audit


@pytest.fixture(scope="session")
def site(built_site: Path) -> site_audit.Site:
    """Every page of the built site, parsed once."""
    return site_audit.Site.load(built_site)


@pytest.fixture(scope="session")
def inventory_labels(built_site: Path) -> dict[str, site_audit.InventoryLabel]:
    """The ``std:label`` entries of the built ``objects.inv``."""
    return site_audit.std_labels(site_audit.load_inventory(built_site / "objects.inv"))


@pytest.fixture(scope="session")
def source_labels(built_site: Path) -> list[site_audit.SourceLabel]:
    """Every ``(label)=`` in the sources the site was built from.

    The pages are read from the copy of docs/ that ``built_site`` built (next to its HTML
    folder), so an edit made during the session cannot make sources and site disagree;
    the text notebooks are built straight from notebooks/.
    """
    docs_copy = built_site.parent / "docs"
    assert docs_copy.is_dir(), f"built_site no longer keeps its docs copy at {docs_copy}"
    return site_audit.labels_in_sources([(docs_copy, ""), (paths.NOTEBOOKS, "notebooks/")])
