"""The Jupyter Book 1 build is the main build's site: same pages, labels and glued numbers."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from opskb import paths
from opskb.permalinks.contract import load
from support import site_audit
from support.pages import built_pages


def test_build_succeeds_with_warnings_as_errors(jupyter_book_build):
    # The fixture fails when `jupyter-book build --warningiserror` exits non-zero; a
    # warning it printed would have been an error. Nothing was executed by Jupyter Book.
    assert (jupyter_book_build.html / "index.html").is_file()
    assert "WARNING" not in jupyter_book_build.output
    assert "Executing" not in jupyter_book_build.output
    print(f"Jupyter Book session: {jupyter_book_build.seconds:.1f} s")


def test_page_set_equals_the_main_build(jupyter_book_html, built_site):
    ours, main = set(built_pages(jupyter_book_html)), set(built_pages(built_site))
    assert ours == main, (
        f"only in the Jupyter Book build: {sorted(ours - main)}; "
        f"only in the main build: {sorted(main - ours)}"
    )


def test_navigation_order_equals_the_main_build(jupyter_book_html, built_site):
    def navigation(root: Path) -> list[str]:
        soup = BeautifulSoup((root / "index.html").read_text(encoding="utf-8"), "lxml")
        tree = soup.select_one(".sidebar-tree")
        assert tree is not None, f"{root}/index.html has no sidebar navigation"
        return [a["href"] for a in tree.select("a.reference.internal")]

    assert navigation(jupyter_book_html) == navigation(built_site)


def test_every_permalink_resolves(jupyter_book_html):
    """Each ``page.html#label`` of the contract reaches an element, as in the main build.

    A label the contract redirects (``"page#old" = "new"``) resolves through the old id the
    permalinks extension keeps on its page; a label it removes (with a reason) is skipped.
    """
    contract = load(paths.DOCS / "permalinks.toml")
    labels = site_audit.std_labels(site_audit.load_inventory(jupyter_book_html / "objects.inv"))
    problems = [
        f"page {page!r}: no {page}.html"
        for page in contract.pages
        if not (jupyter_book_html / f"{page}.html").is_file()
    ]
    ids: dict[str, set[str]] = {}

    def has_id(page: str, anchor: str) -> bool:
        if page not in ids:
            html = (jupyter_book_html / f"{page}.html").read_text(encoding="utf-8")
            ids[page] = site_audit.element_ids(BeautifulSoup(html, "lxml"))
        return anchor in ids[page]

    for label, page in sorted(contract.labels.items()):
        key = f"{page}#{label}"
        if key in contract.removed_labels:
            continue
        if key in contract.label_redirects:
            new = contract.label_redirects[key]
            if not has_id(page, label):
                problems.append(f"{key}: moved to {new!r}, but {page}.html keeps no id {label!r}")
            if new not in labels:
                problems.append(f"{key}: moved to {new!r}, which is not in objects.inv")
            continue
        listed = labels.get(label)
        if listed is None or listed.docname != page:
            problems.append(f"{key}: in objects.inv as {listed}, expected on {page!r}")
        elif listed.anchor and not has_id(page, listed.anchor):
            problems.append(f"{key}: no id {listed.anchor!r} on {page}.html")
    assert contract.labels, "the contract lists labels"
    assert problems == []


# {glue:text}`notebooks/<name>.ipynb::<key>:<format spec>`
GLUE_TEXT = re.compile(r"\{glue:text\}`notebooks/([\w-]+)\.ipynb::([\w-]+):([^`]*)`")


def glued_values(notebook: Path) -> dict[str, object]:
    """The values a notebook glued: myst-nb stores each output's mime types under a prefix."""
    values = {}
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            scrapbook = output.get("metadata", {}).get("scrapbook", {})
            name = scrapbook.get("name")
            plain = output.get("data", {}).get(scrapbook.get("mime_prefix", "") + "text/plain")
            if name and plain is not None:
                text = "".join(plain) if isinstance(plain, list) else plain
                try:
                    values[name] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    values[name] = text
    return values


def test_glued_numbers_appear_on_the_concept_page(jupyter_book_html, built_site):
    # The numbers of challenges.md come from notebook outputs; Jupyter Book must render them.
    docs_copy = built_site.parent / "docs"
    source = (docs_copy / "challenges.md").read_text(encoding="utf-8")
    references = GLUE_TEXT.findall(source)
    assert references, "challenges.md glues numbers from notebooks"
    html = (jupyter_book_html / "challenges.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "lxml").get_text().split())
    missing = []
    for notebook, key, spec in references:
        value = glued_values(docs_copy / "notebooks" / f"{notebook}.ipynb")[key]
        shown = format(value, spec)
        if shown not in text:
            missing.append(f"{notebook}::{key} = {shown}")
    assert missing == []
    assert "glue:text" not in text
