"""The offline editions: single-page HTML, EPUB and PDF, with the site's anchors.

Built after the HTML site, from that build (nothing is executed or read again: Sphinx only
writes each format from the HTML build's environment), next to it:

- ``single/index.html``: Sphinx's ``singlehtml`` builder; every page in the navigation's
  order, every label an id;
- ``editions/opskb.epub``: Sphinx's ``epub`` builder (valid EPUB 3, see ``epubcheck``);
- ``editions/opskb.pdf``: the single page printed by Chromium through Playwright, the browser
  the tests already drive. Chromium gives selectable text, a tagged PDF, a bookmark outline
  from the headings in document order, and a named destination for every element that a
  link in the document points at; the print adds a title page (version, date, address) and
  a list of every citable section linking to its label, so ``opskb.pdf#llmops-definition``
  opens at that section. Figures stay the images the site shows, at print resolution.
  (LaTeX would need a TeX installation and a second rendering of every page; WeasyPrint has
  no outline from nested sections and no tagging; Chromium is already here for the tests.)

Each edition is rendered from the HTML build's own environment (its doctree folder: no
page is read twice) into a folder next to ``html_dir``, then copied into ``html_dir``,
which gets nothing else.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import posixpath
import re
import shutil
from collections.abc import Iterable
from html import escape
from pathlib import Path

from opskb import chromium
from opskb.sphinx_runner import BuildError, doctrees_of, run_sphinx
from opskb.sphinxext.edition_links import EDITIONS

# What runs in the single page before it is printed, and the print stylesheet.
PRINT = Path(__file__).parent / "print"


def edition_dir(html_dir: Path, builder: str) -> Path:
    """Where ``builder`` renders an edition: a sibling of the HTML folder (then copied in).

    A sibling, because myst-nb keeps the images of notebook outputs in
    ``<outdir>/../jupyter_execute``: builders whose output folders share a parent share that
    folder, so they can share the HTML build's environment.
    """
    return html_dir.parent / f"{html_dir.name}-{builder}"


def _sphinx(docs_dir: Path, html_dir: Path, builder: str, jobs: str) -> Path:
    """Render ``builder`` from the HTML build's environment; return its fresh output folder.

    The environment is the HTML build's (``-d``), so Sphinx reads no page again: it only
    writes this format. The output folder is emptied first, so an edition built on top of
    an earlier one equals one built from scratch. (It did not: myst-nb copies its
    stylesheet into ``_static/`` when a build *finishes*, after the EPUB is packed, and the
    next EPUB build packed that leftover file; epubcheck rejects its CSS.)
    """
    doctrees = doctrees_of(html_dir)
    if not (doctrees / "environment.pickle").is_file():
        raise BuildError(f"{html_dir} holds no HTML build ({doctrees} is missing): build first")
    out = edition_dir(html_dir, builder)
    shutil.rmtree(out, ignore_errors=True)
    run_sphinx(docs_dir, out, builder=builder, jobs=jobs, extra=("-q", "-d", str(doctrees)))
    return out


def build_single(docs_dir: Path, html_dir: Path, *, jobs: str = "auto") -> Path:
    """The single-page HTML edition at ``html_dir/single/index.html``."""
    out = _sphinx(docs_dir, html_dir, "singlehtml", jobs)
    # sphinx-sitemap writes one for every HTML-like builder; the site's own is the one.
    (out / "sitemap.xml").unlink(missing_ok=True)
    page = html_dir / EDITIONS["single"][1]
    shutil.rmtree(page.parent, ignore_errors=True)
    shutil.copytree(out, page.parent)
    return page


def build_epub(docs_dir: Path, html_dir: Path, *, jobs: str = "auto") -> Path:
    """The EPUB at ``html_dir/editions/opskb.epub``."""
    out = _sphinx(docs_dir, html_dir, "epub", jobs)
    target = html_dir / EDITIONS["epub"][1]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(out / target.name, target)
    return target


def print_pdf(single_page: Path, target: Path, labels: Iterable[str]) -> Path:
    """Print the single page to ``target`` with Chromium (offline: a file:// URL).

    ``print/prepare.js`` adds the title page and the list of citable sections (``labels``),
    each a link to its label, and makes page titles top-level headings, so the outline
    follows the navigation; ``print/print.css`` hides the navigation and shows every tab.
    """
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only the PDF needs it

    executable = chromium.path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(executable) if executable else None, args=list(chromium.ARGS)
        )
        try:
            page = browser.new_page()
            # Nothing leaves the machine: every request that is not a local file fails.
            page.route(
                re.compile(r"^(?!file:|data:)"), lambda route: route.abort("blockedbyclient")
            )
            page.goto(single_page.resolve().as_uri(), wait_until="load")
            facts = page.evaluate((PRINT / "prepare.js").read_text(encoding="utf-8"), list(labels))
            page.add_style_tag(path=PRINT / "print.css")
            page.emulate_media(media="print")
            page.pdf(
                path=str(target),
                format="A4",
                print_background=True,
                outline=True,
                tagged=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=(
                    '<div style="font-size:8px;width:100%;text-align:center;">'
                    f"{escape(facts['title'])} · version {escape(facts['version'])} · "
                    '<span class="pageNumber"></span>/<span class="totalPages"></span></div>'
                ),
                margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            browser.close()
    return target


def print_pdf_in_own_process(single_page: Path, target: Path, labels: list[str]) -> Path:
    """:func:`print_pdf` in a fresh Python process.

    Playwright's sync API refuses to start inside a thread that already drives a browser
    (as the browser tests' session does); a process of its own has nothing running.
    """
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(print_pdf, single_page, target, labels).result()


# Labels Sphinx lists in every inventory for the pages it generates: no section of ours.
_SPHINX_LABELS = frozenset({"genindex", "modindex", "py-modindex", "search"})


def site_labels(html_dir: Path) -> list[str]:
    """Every label the HTML build published (its ``objects.inv``): the citable sections.

    Read from the build, not from the permalink contract, so the PDF lists what this build
    holds. (Labels of pages outside the single page, such as the 404 page's, find no
    element there and are left out by ``print/prepare.js``.)
    """
    from sphinx.util.inventory import InventoryFile  # noqa: PLC0415 - only the PDF needs it

    with (html_dir / "objects.inv").open("rb") as stream:
        inventory = InventoryFile.load(stream, "", posixpath.join)
    return sorted(set(inventory.get("std:label", {})) - _SPHINX_LABELS)


def build_editions(docs_dir: Path, html_dir: Path, *, jobs: str = "auto") -> dict[str, Path]:
    """Single page, EPUB and PDF next to the HTML site in ``html_dir``, by edition key.

    ``html_dir`` must hold the HTML build of ``docs_dir`` (``opskb.build`` made it), whose
    environment the editions are rendered from.
    """
    single = build_single(docs_dir, html_dir, jobs=jobs)
    epub = build_epub(docs_dir, html_dir, jobs=jobs)
    pdf = html_dir / EDITIONS["pdf"][1]
    print_pdf_in_own_process(single, pdf, site_labels(html_dir))
    return {"single": single, "epub": epub, "pdf": pdf}
