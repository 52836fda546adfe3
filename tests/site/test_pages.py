"""Every page the knowledge base promises exists, is in the navigation and has a label."""

from __future__ import annotations

import pytest

from opskb import paths
from support.site_audit import top_section_id

# The pages of issue 2, named by their source file (docs/<name>.md -> <name>.html).
REQUIRED_PAGES = [
    "index",
    "definitions",
    "pros",
    "cons",
    "challenges",
    "comparison",
    "choosing",
    "glossary",
    "traceability",
    "references",
    "about",
    "how-to-cite",
    "execution-report",
]


@pytest.mark.parametrize("name", REQUIRED_PAGES)
def test_required_page_is_built(site, name):
    assert f"{name}.html" in site.pages, f"{name}.html is not in the built site"


@pytest.mark.parametrize("name", REQUIRED_PAGES)
def test_required_page_is_in_the_navigation(site, name):
    # furo's sidebar on the home page: the whole toctree, plus the brand link to the root.
    navigation = site.sidebar_links("index.html")
    assert f"{name}.html" in navigation, f"{name}.html is not linked from the sidebar"


def test_navigation_links_only_to_built_pages(site):
    navigation = site.sidebar_links("index.html")
    assert navigation
    assert sorted(path for path in navigation if path not in site.pages) == []


def test_every_page_starts_with_an_explicit_label(site, inventory_labels):
    """The section holding each page's h1 carries a label listed in objects.inv.

    A heading's automatic id (``id1``, or a slug of its text) is never in objects.inv as a
    ``std:label``; an explicit ``(label)=`` is, pointing at this page and this section.
    """
    problems = []
    pages = site.written_pages()
    assert pages
    for page in pages:
        section_id = top_section_id(page.soup)
        label = inventory_labels.get(section_id or "")
        if section_id is None:
            problems.append(f"{page.path}: no <h1>")
        elif label is None:
            problems.append(f"{page.path}: top section id {section_id!r} is not a label")
        elif label.docname != page.docname or label.anchor not in {"", section_id}:
            problems.append(f"{page.path}: label {section_id!r} points at {label}")
    assert problems == []


def test_every_notebook_is_rendered_at_its_url_and_in_the_navigation(site):
    """notebooks/<name>.md is published at notebooks/<name>.html, and nothing else is."""
    expected = {f"notebooks/{source.stem}.html" for source in paths.NOTEBOOKS.glob("*.md")}
    rendered = {path for path in site.pages if path.startswith("notebooks/")}
    assert rendered == expected
    assert sorted(expected - site.sidebar_links("index.html")) == []


def test_the_site_build_executed_no_notebook(built_site, executed_notebooks):
    """The build rendered the session's run: the runner found every notebook unchanged.

    A re-executed notebook would be rewritten (new execution times in its metadata), and so
    would the report.
    """
    rendered = built_site.parent / "docs" / paths.EXECUTED_FOLDER
    ran = sorted(executed_notebooks.folder.iterdir())
    assert ran, "the session's run wrote nothing"
    for file in ran:
        assert (rendered / file.name).read_bytes() == file.read_bytes(), file.name
