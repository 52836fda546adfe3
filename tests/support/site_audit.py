"""Read a built HTML site for the tests in ``tests/site`` (test-only code).

Pages, element ids, internal links and their anchors, glossary terms defined and linked,
the labels in ``objects.inv`` and in the sources, and the gzipped size of a file. Only
reads files and returns data; the tests decide what is wrong. What a browser fetches
(off-site requests, broken resources, CSS and JavaScript weight) is checked in the
browser (``tests/browser``), where it really happens.
"""

from __future__ import annotations

import gzip
import io
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from support.pages import GENERATED_PAGES

# zlib's default level, the usual setting of a web server's on-the-fly compression.
GZIP_LEVEL = 6
# The one definition of a kilobyte in the tests: 1000 bytes, as browsers' network panels
# count them (and the stricter reading of the budgets).
KB = 1000


# --- URLs --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Where an internal reference points: a file relative to the site root, and an anchor."""

    path: str
    fragment: str


def resolve(base: str, href: str) -> Target | None:
    """Resolve ``href`` found in the file ``base`` (both relative to the site root).

    Returns None when the reference is not a relative URL (it has a scheme, a host or
    starts with "/") or climbs above the site root: it cannot name a file of the site.
    The query string (Sphinx's ``?v=`` cache busters) is ignored; %-escapes are decoded.
    """
    parts = urlsplit(href.strip())
    if parts.scheme or parts.netloc:
        return None
    fragment = unquote(parts.fragment)
    if not parts.path:
        return Target(base, fragment)
    if parts.path.startswith("/"):
        # Root-absolute paths break once the site is served under a prefix (/en/latest/).
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(base), unquote(parts.path)))
    if path == ".." or path.startswith("../"):
        return None
    if parts.path.endswith("/"):
        path = posixpath.join(path, "index.html") if path != "." else "index.html"
    return Target(path, fragment)


def element_ids(soup: BeautifulSoup) -> set[str]:
    """Every ``id`` in the page: the anchors a ``#fragment`` may name."""
    return {str(tag["id"]) for tag in soup.find_all(id=True)}


def top_section_id(soup: BeautifulSoup) -> str | None:
    """The id of the section that holds the page's ``<h1>`` (or of the h1 itself)."""
    heading = soup.find("h1")
    if heading is None:
        return None
    section = heading.find_parent("section")
    holder = section if section is not None and section.get("id") else heading
    value = holder.get("id")
    return str(value) if value else None


@dataclass(frozen=True)
class TableRow:
    """One body row of a table: its text and the internal links (``a.reference.internal``)
    in the chosen cell."""

    text: str
    internal_links: tuple[str, ...]


def table_column_links(soup: BeautifulSoup, column: str) -> list[TableRow]:
    """For each body row of every table with a header ``column``: the links in that cell.

    The header is matched case-insensitively, ignoring surrounding whitespace.
    """
    wanted = column.strip().lower()
    rows: list[TableRow] = []
    for table in soup.find_all("table"):
        header_row = table.find("tr")
        if header_row is None:
            continue
        headers = [cell.get_text(" ", strip=True).lower() for cell in header_row.find_all("th")]
        if wanted not in headers:
            continue
        index = headers.index(wanted)
        body = table.find("tbody")
        for row in body.find_all("tr") if body else []:
            cells = row.find_all(["td", "th"], recursive=False)
            links: tuple[str, ...] = ()
            if index < len(cells):
                links = tuple(
                    str(a["href"])
                    for a in cells[index].find_all("a", href=True)
                    if {"reference", "internal"} <= set(a.get("class") or [])
                )
            rows.append(TableRow(row.get_text(" ", strip=True), links))
    return rows


# --- Pages and the site ------------------------------------------------------------------


@dataclass
class Page:
    """One HTML file of the site, parsed once."""

    path: str  # relative to the site root, POSIX separators, e.g. "notebooks/a.html"
    html: bytes = field(repr=False)

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "lxml")

    @cached_property
    def ids(self) -> set[str]:
        return element_ids(self.soup)

    @property
    def docname(self) -> str:
        return docname_of(self.path)


def docname_of(path: str) -> str:
    """Sphinx's name for the page at ``path``: ``notebooks/a.html`` -> ``notebooks/a``."""
    return path.removesuffix(".html")


@dataclass
class Site:
    """A built HTML site: its folder and every page in it (``_static`` is not pages)."""

    root: Path
    pages: dict[str, Page] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, root: Path) -> Site:
        pages = {}
        for file in sorted(root.rglob("*.html")):
            relative = file.relative_to(root).as_posix()
            if relative.split("/", 1)[0] != "_static":
                pages[relative] = Page(relative, file.read_bytes())
        return cls(root, pages)

    def written_pages(self) -> list[Page]:
        """The pages made from sources, without the ones Sphinx generates (index, search)."""
        return [page for path, page in self.pages.items() if path not in GENERATED_PAGES]

    def exists(self, path: str) -> bool:
        return (self.root / path).is_file()

    def ids_of(self, path: str) -> set[str]:
        if path in self.pages:
            return self.pages[path].ids
        return element_ids(BeautifulSoup((self.root / path).read_bytes(), "lxml"))

    def check_target(self, page: str, href: str) -> str | None:
        """Why an internal ``href`` on ``page`` names no existing file and anchor, or None."""
        target = resolve(page, href)
        if target is None:
            return f"{href!r} is not a path inside the site"
        if not self.exists(target.path):
            return f"{href!r}: no file {target.path}"
        html = target.path.endswith(".html")
        if html and target.fragment and target.fragment not in self.ids_of(target.path):
            return f"{href!r}: no id {target.fragment!r} in {target.path}"
        return None

    def sidebar_links(self, page: str = "index.html") -> set[str]:
        """The pages linked from furo's navigation on ``page``: the tree and the brand link."""
        soup = self.pages[page].soup
        anchors = [
            a for tree in soup.select(".sidebar-tree") for a in tree.find_all("a", href=True)
        ]
        anchors += soup.select("a.sidebar-brand[href]")
        targets = (resolve(page, str(a["href"])) for a in anchors)
        return {target.path for target in targets if target is not None}


# --- Size ------------------------------------------------------------------------------


def gzip_size(data: bytes) -> int:
    """Bytes of ``data`` once gzipped as a web server would (zlib's default level)."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


# --- Glossary ----------------------------------------------------------------------------


def glossary_terms(page: Page) -> set[str]:
    """The ids of the terms a glossary page defines (``term-…`` on ``<dt>``)."""
    return {
        str(dt["id"])
        for glossary in page.soup.select("dl.glossary")
        for dt in glossary.find_all("dt", id=True)
        if str(dt["id"]).startswith("term-")
    }


def glossary_links(site: Site, glossary: str = "glossary.html") -> dict[str, set[str]]:
    """For each ``term-…`` anchor linked on the glossary page: the written pages linking it.

    The glossary itself and Sphinx's generated pages do not count as uses.
    """
    uses: dict[str, set[str]] = {}
    for page in site.written_pages():
        if page.path == glossary:
            continue
        for link in page.soup.find_all("a", href=True):
            target = resolve(page.path, str(link["href"]))
            if target and target.path == glossary and target.fragment.startswith("term-"):
                uses.setdefault(target.fragment, set()).add(page.path)
    return uses


# --- Labels ------------------------------------------------------------------------------


@dataclass(frozen=True)
class InventoryLabel:
    """A ``std:label`` of ``objects.inv``: the page it points to and the anchor, if any."""

    docname: str
    anchor: str


def load_inventory(path: Path) -> dict[str, dict[str, str]]:
    """``objects.inv`` as ``{"std:label": {name: uri}, ...}``, URIs relative to the site."""
    from sphinx.util.inventory import InventoryFile  # noqa: PLC0415 - only needed here

    data = InventoryFile.load(io.BytesIO(path.read_bytes()), "", posixpath.join)
    return {
        object_type: {name: _item_uri(item) for name, item in items.items()}
        for object_type, items in data.items()
    }


def _item_uri(item: object) -> str:
    # Sphinx >= 8.2 returns objects with attributes; older ones return plain tuples.
    uri = getattr(item, "uri", None)
    return str(uri) if uri is not None else str(item[2])  # type: ignore[index]


def std_labels(inventory: dict[str, dict[str, str]]) -> dict[str, InventoryLabel]:
    """The ``std:label`` entries, split into the page's docname and the anchor."""
    labels = {}
    for name, uri in inventory.get("std:label", {}).items():
        path, _, anchor = uri.partition("#")
        labels[name] = InventoryLabel(docname_of(path), anchor)
    return labels


LABEL_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class SourceLabel:
    """An explicit label written in a source file."""

    name: str
    docname: str
    file: str
    line: int


def labels_in_markdown(text: str) -> list[tuple[str, int]]:
    """The ``(name)=`` targets of a MyST text and their 1-based lines.

    Parsed by jupytext's markdown-it parser (front matter and MyST blocks), so targets in
    code fences are examples, not targets, while colon fences (directives whose content is
    parsed) are plain text to it and their targets count.
    """
    from jupytext.myst import get_parser  # noqa: PLC0415 - only the label tests need it

    return [
        (token.content, token.map[0] + 1)
        for token in get_parser().parse(text)
        if token.type == "myst_target" and token.map
    ]


def labels_in_sources(source_dirs: Iterable[tuple[Path, str]]) -> list[SourceLabel]:
    """Labels in every ``*.md`` under each ``(folder, docname prefix)``, ``_build`` skipped.

    The prefix places a folder in the site: ``(docs, "")`` for the pages and
    ``(notebooks, "notebooks/")`` for the text notebooks rendered at notebooks/<name>.html.
    """
    found = []
    for folder, prefix in source_dirs:
        for file in sorted(folder.rglob("*.md")):
            relative = file.relative_to(folder)
            if relative.parts[0] in {"_build", ".ipynb_checkpoints"}:
                continue
            docname = prefix + relative.with_suffix("").as_posix()
            text = file.read_text(encoding="utf-8")
            found += [
                SourceLabel(name, docname, str(file), line)
                for name, line in labels_in_markdown(text)
            ]
    return found
