"""Which pages a build publishes: the one list of the pages Sphinx generates by itself."""

from __future__ import annotations

from pathlib import Path

from opskb import paths
from opskb.sphinxext.citable import NOT_CITABLE

# Pages Sphinx writes without a source file. They link to everything (the index links every
# glossary term), so they say nothing about how the written pages use the site.
GENERATED_PAGES = frozenset({"genindex.html", "search.html"})
# Pages without a cite block: the generated ones and those the site does not cite (the 404
# page; docs/conf.py keeps the extension's default).
NOT_CITED = GENERATED_PAGES | {f"{page}.html" for page in NOT_CITABLE}


def expected_pages(docs_dir: Path = paths.DOCS, notebooks_dir: Path = paths.NOTEBOOKS) -> list[str]:
    """Every page the build should publish, from the sources, as paths relative to the site.

    Tests are parametrized at collection time, before the site is built, so the list comes
    from the sources: docs/**/*.md (outside `_`/`.` folders), one page per notebook (the
    executed notebooks are rendered at notebooks/<name>.html), and the generated pages.
    `test_every_built_page_is_tested` checks it against the built site, so a page the list
    misses fails the suite instead of going untested.
    """
    pages = {
        source.relative_to(docs_dir).with_suffix(".html").as_posix()
        for source in docs_dir.rglob("*.md")
        if not any(part.startswith(("_", ".")) for part in source.relative_to(docs_dir).parts)
        and source.relative_to(docs_dir).parts[0] != paths.EXECUTED_FOLDER
    }
    pages.update(
        f"{paths.EXECUTED_FOLDER}/{source.stem}.html" for source in notebooks_dir.glob("*.md")
    )
    pages.update(GENERATED_PAGES)
    return sorted(pages)


def built_pages(html_dir: Path) -> list[str]:
    """Every HTML page a build wrote (folders starting with `_` or `.` excluded)."""
    return sorted(
        page.relative_to(html_dir).as_posix()
        for page in html_dir.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in page.relative_to(html_dir).parts)
    )
