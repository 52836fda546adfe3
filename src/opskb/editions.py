"""The offline editions: single-page HTML, EPUB and PDF, with the site's anchors.

Built after the HTML site, from the same sources and the same executed notebooks (nothing
is executed again: Sphinx only renders ``docs/notebooks/*.ipynb``), next to it:

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

Each step writes nothing outside ``html_dir`` except doctrees under ``docs_dir/_build``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from opskb import paths
from opskb.build import BuildError, sphinx_command

CHROMIUM_CANDIDATES = (Path("/usr/bin/chromium"), Path("/usr/bin/chromium-browser"))
# The same flags as the browser tests: no network chatter, runs as root in a container.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SINGLE = Path("single")
EDITIONS = Path("editions")
EPUB_NAME = "opskb.epub"
PDF_NAME = "opskb.pdf"


@dataclass
class Edition:
    """One built edition: where it is, how long it took, how big it is."""

    name: str
    path: Path
    seconds: float

    @property
    def size(self) -> int:
        """Bytes on disk (a folder: every file in it)."""
        if self.path.is_dir():
            return sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file())
        return self.path.stat().st_size


@dataclass
class Editions:
    html_dir: Path
    built: list[Edition] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(edition.seconds for edition in self.built)

    def report(self) -> str:
        lines = ["| edition | file | size | build time |", "| --- | --- | ---: | ---: |"]
        for edition in self.built:
            where = edition.path.relative_to(self.html_dir).as_posix()
            lines.append(
                f"| {edition.name} | {where} | {edition.size / 1024:.0f} KB "
                f"| {edition.seconds:.1f} s |"
            )
        lines.append(f"\nAll editions: {self.seconds:.1f} s.")
        return "\n".join(lines)


def _sphinx(docs_dir: Path, out_dir: Path, builder: str, jobs: str) -> None:
    doctrees = docs_dir / "_build" / f"doctrees-{builder}"
    command = sphinx_command(
        docs_dir, out_dir, builder=builder, jobs=jobs, extra=("-q", "-d", str(doctrees))
    )
    if subprocess.run(command, check=False).returncode != 0:
        raise BuildError(f"the {builder} edition failed (command: {' '.join(command)})")


def build_single(docs_dir: Path, html_dir: Path, *, jobs: str = "auto") -> Path:
    """The single-page HTML edition at ``html_dir/single/index.html``."""
    out = html_dir / SINGLE
    _sphinx(docs_dir, out, "singlehtml", jobs)
    # sphinx-sitemap writes one for every HTML-like builder; the site's own is the one.
    (out / "sitemap.xml").unlink(missing_ok=True)
    return out / "index.html"


def build_epub(docs_dir: Path, html_dir: Path, *, jobs: str = "auto") -> Path:
    """The EPUB at ``html_dir/editions/opskb.epub``."""
    out = docs_dir / "_build" / "epub"
    _sphinx(docs_dir, out, "epub", jobs)
    target = html_dir / EDITIONS / EPUB_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(out / EPUB_NAME, target)
    return target


def chromium_path() -> Path | None:
    """Debian's Chromium if installed (``OPSKB_CHROMIUM`` overrides); else Playwright's own."""
    override = os.environ.get("OPSKB_CHROMIUM")
    if override:
        return Path(override)
    return next((path for path in CHROMIUM_CANDIDATES if path.is_file()), None)


@dataclass(frozen=True)
class TitlePage:
    title: str
    version: str
    date: str  # ISO date
    url: str  # the permanent address of this version


# Runs in the single page before printing: title page, list of citable sections, page
# titles as top-level headings (so the outline follows the navigation), every tab shown.
PREPARE_FOR_PRINT = r"""
({title, version, date, url, labels}) => {
  const article = document.querySelector("article[role=main]") || document.querySelector("article");
  // Each page of the site sits in a toctree wrapper inside the page that lists it. Move
  // the home page's wrappers after it, in order; then give every page's title the level
  // of its depth in the navigation (top-level pages: h1), so the outline follows it.
  const isPage = el => el.tagName === "SECTION" && el.previousElementSibling !== null
    && (el.previousElementSibling.id || "").startsWith("document-");
  const pageOf = el => { for (let p = el.parentElement; p; p = p.parentElement) if (isPage(p)) return p; return null; };
  const depthOf = el => { let d = 0; for (let p = el.parentElement; p; p = p.parentElement) if (isPage(p)) d++; return d; };
  const wrappers = Array.from(article.querySelectorAll(".toctree-wrapper"))
    .filter(w => w.querySelector(":scope > span[id^='document-']") && pageOf(w) === null);
  for (const wrapper of wrappers) { article.appendChild(wrapper); }
  const shifts = new Map();
  for (const marker of article.querySelectorAll("span[id^='document-']")) {
    const page = marker.nextElementSibling;
    if (!page || !isPage(page)) continue;
    const top = Array.from(page.querySelectorAll("h1, h2, h3, h4, h5, h6")).find(h => pageOf(h) === page);
    if (top) shifts.set(page, Number(top.tagName[1]) - (1 + depthOf(page)));
  }
  for (const heading of Array.from(article.querySelectorAll("h1, h2, h3, h4, h5, h6"))) {
    const page = pageOf(heading);
    const shift = page ? shifts.get(page) || 0 : 0;
    if (shift <= 0) continue;
    const renamed = document.createElement("h" + Math.max(1, Number(heading.tagName[1]) - shift));
    for (const attr of heading.attributes) renamed.setAttribute(attr.name, attr.value);
    renamed.innerHTML = heading.innerHTML;
    heading.replaceWith(renamed);
  }
  // Links sphinx-design cards write in a single page: "#document-x#label" -> "#label".
  for (const link of article.querySelectorAll("a[href*='#document-']")) {
    const parts = link.getAttribute("href").split("#");
    link.setAttribute("href", "#" + parts[parts.length - 1]);
  }
  // Title page and the list of citable sections, each a link to its label.
  const front = document.createElement("section");
  front.className = "opskb-print-front";
  front.setAttribute("aria-label", "Title page");
  const line = (cls, text) => {
    const p = document.createElement("p"); p.className = cls; p.textContent = text; return p;
  };
  front.append(
    line("opskb-print-title", title),
    line("opskb-print-version", "Version " + version),
    line("opskb-print-date", date),
    line("opskb-print-url", url),
    line("opskb-print-note",
      "Offline edition. Every citable section keeps the label it has on the site: " +
      "cite it as " + url + "<page>.html#<label>, or open this file at #<label>."),
  );
  const contents = document.createElement("nav");
  contents.className = "opskb-print-contents";
  contents.setAttribute("aria-label", "Citable sections");
  contents.append(line("opskb-print-contents-title", "Citable sections"));
  const list = document.createElement("ol");
  const found = labels.map(label => document.getElementById(label)).filter(Boolean);
  found.sort((a, b) =>
    a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1);
  for (const target of found) {
    const heading = target.querySelector("h1, h2, h3, h4, h5, h6");
    // A label on a figure or a block names no heading: its first words stand in.
    const words = (heading || target).textContent.replace("¶", "").trim().split(/\s+/);
    const text = words.slice(0, 12).join(" ") + (words.length > 12 ? " …" : "");
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + target.id;
    link.textContent = text + " (#" + target.id + ")";
    item.append(link);
    list.append(item);
  }
  contents.append(list);
  article.prepend(front, contents);
  const style = document.createElement("style");
  style.textContent = `
    @page { size: A4; margin: 18mm 16mm; }
    .sidebar-drawer, .toc-drawer, .mobile-header, .back-to-top, .related-pages,
    .headerlink, .theme-toggle-container, .content-icon-container, footer .bottom-of-page,
    .sd-tab-set > input, .opskb-cite-copy, .opskb-edition-note { display: none !important; }
    .page, .main, .content { display: block !important; width: auto !important; }
    .article-container, .content { max-width: none !important; padding: 0 !important; }
    .sd-tab-content { display: block !important; }
    .sd-tab-label { display: block !important; font-weight: bold; }
    .opskb-print-front { break-after: page; padding-top: 30vh; }
    .opskb-print-title { font-size: 2.2em; font-weight: bold; margin: 0 0 0.5em; }
    .opskb-print-version, .opskb-print-date { font-size: 1.3em; margin: 0.2em 0; }
    .opskb-print-contents { break-after: page; }
    .opskb-print-contents-title { font-size: 1.6em; font-weight: bold; }
    .opskb-print-contents ol { font-size: 0.9em; }
    section[id] > h1 { break-before: page; font-size: 1.6em; }
    .skip-to-content { display: none !important; }
    img { max-width: 100% !important; width: auto; height: auto; }
    pre { white-space: pre-wrap; }
  `;
  document.head.append(style);
  return found.length;
}
"""


def print_pdf(
    single_page: Path,
    target: Path,
    title_page: TitlePage,
    labels: Iterable[str],
    *,
    chromium: Path | None = None,
) -> Path:
    """Print the single page to ``target`` with Chromium (offline: a file:// URL)."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only the PDF needs it

    chromium = chromium if chromium is not None else chromium_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium) if chromium else None, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            # Nothing leaves the machine: every request that is not a local file fails.
            page.route(
                re.compile(r"^(?!file:|data:)"), lambda route: route.abort("blockedbyclient")
            )
            page.goto(single_page.resolve().as_uri(), wait_until="load")
            page.evaluate(
                PREPARE_FOR_PRINT,
                {
                    "title": title_page.title,
                    "version": title_page.version,
                    "date": title_page.date,
                    "url": title_page.url,
                    "labels": list(labels),
                },
            )
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
                    f"{json.dumps(title_page.title)[1:-1]} · version {title_page.version} · "
                    '<span class="pageNumber"></span>/<span class="totalPages"></span></div>'
                ),
                margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
            )
        finally:
            browser.close()
    return target


def print_pdf_in_own_process(
    single_page: Path, target: Path, title_page: TitlePage, labels: list[str]
) -> Path:
    """:func:`print_pdf` in a fresh Python process.

    Playwright's sync API refuses to start inside a thread that already drives a browser
    (as the browser tests' session does); a process of its own has nothing running.
    """
    context = multiprocessing.get_context("spawn")
    with concurrent.futures.ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(print_pdf, single_page, target, title_page, labels).result()


def release_date(version: str, changelog: Path = paths.REPO / "CHANGELOG.md") -> str:
    """The date CHANGELOG.md gives the version, else today's (an unreleased build)."""
    from opskb import changes  # noqa: PLC0415

    date = changes.release_date(changes.read_changelog(changelog), version)
    return date or dt.datetime.now(dt.UTC).date().isoformat()


def contract_labels(docs_dir: Path) -> list[str]:
    """Every label the permalink contract lists (the citable sections)."""
    from opskb.permalinks.contract import load  # noqa: PLC0415

    return sorted(load(docs_dir / "permalinks.toml").labels)


def site_facts(docs_dir: Path) -> TitlePage:
    """Title, version, date and versioned address, as conf.py computes them."""
    import runpy  # noqa: PLC0415

    conf = runpy.run_path(str(docs_dir / "conf.py"))
    version = conf["release"]
    from opskb import publishing  # noqa: PLC0415

    return TitlePage(
        title=conf.get("html_title") or conf["project"],
        version=version,
        date=release_date(version),
        url=publishing.versioned_base(conf["html_baseurl"], version),
    )


def build_editions(
    docs_dir: Path = paths.DOCS,
    html_dir: Path = paths.HTML,
    *,
    jobs: str = "auto",
    pdf: bool = True,
) -> Editions:
    """Single page, EPUB and PDF next to the HTML site in ``html_dir``.

    ``docs_dir`` must hold the executed notebooks (``opskb.build`` put them there).
    """
    executed = docs_dir / paths.EXECUTED_FOLDER
    if not any(executed.glob("*.ipynb")):
        raise BuildError(f"{executed} holds no executed notebooks: build first")
    result = Editions(html_dir)
    started = time.perf_counter()
    single = build_single(docs_dir, html_dir, jobs=jobs)
    result.built.append(Edition("single-page HTML", single.parent, time.perf_counter() - started))
    started = time.perf_counter()
    epub = build_epub(docs_dir, html_dir, jobs=jobs)
    result.built.append(Edition("EPUB", epub, time.perf_counter() - started))
    if pdf:
        started = time.perf_counter()
        target = print_pdf_in_own_process(
            single, html_dir / EDITIONS / PDF_NAME, site_facts(docs_dir), contract_labels(docs_dir)
        )
        result.built.append(Edition("PDF", target, time.perf_counter() - started))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m opskb.editions", description=__doc__)
    parser.add_argument("--docs", type=Path, default=paths.DOCS)
    parser.add_argument("--out", type=Path, default=paths.HTML, help="the built HTML site")
    parser.add_argument("-j", "--jobs", default="auto")
    args = parser.parse_args(argv)
    try:
        editions = build_editions(args.docs, args.out, jobs=args.jobs)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(editions.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
