"""Read a built HTML site and report what a reader's browser would trip over.

Pages, element ids, internal links and their anchors, resources fetched from another host
(in HTML and in CSS), the gzipped weight of each page and of the CSS and JavaScript it
loads, glossary terms defined and linked, and the labels in ``objects.inv``. Everything
here only reads files and returns data; the tests in ``tests/site`` decide what is wrong.
"""

from __future__ import annotations

import gzip
import io
import posixpath
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

# Pages Sphinx generates by itself: they link to everything (the index links every glossary
# term), so they say nothing about how the written pages use the site.
GENERATED_PAGES = frozenset({"genindex.html", "search.html", "py-modindex.html"})

# Links a reader follows away from the site; the browser fetches nothing until clicked.
EXTERNAL_LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# <link rel> values that only describe a relation: the browser fetches nothing for them.
# Every other value (stylesheet, icon, preload, preconnect, manifest, ...) makes a request.
NON_FETCHING_LINK_RELS = frozenset(
    {
        "alternate",
        "author",
        "bookmark",
        "canonical",
        "contents",
        "copyright",
        "external",
        "first",
        "glossary",
        "help",
        "index",
        "last",
        "license",
        "me",
        "next",
        "nofollow",
        "noopener",
        "noreferrer",
        "prev",
        "search",
        "start",
        "tag",
        "top",
        "up",
    }
)

# zlib's default level, the usual setting of a web server's on-the-fly compression.
GZIP_LEVEL = 6


# --- URLs --------------------------------------------------------------------------------


def is_external_link(href: str) -> bool:
    """Whether ``href`` leaves the site (http, https, mailto or protocol-relative ``//``)."""
    href = href.strip()
    return href.startswith("//") or urlsplit(href).scheme.lower() in EXTERNAL_LINK_SCHEMES


def is_offsite(url: str) -> bool:
    """Whether fetching ``url`` contacts another host: ``http(s)://`` or ``//host``.

    ``data:`` URIs, fragments and relative paths stay on the site.
    """
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme.lower() in {"http", "https"}


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


def parse_srcset(srcset: str) -> list[str]:
    """The URLs of a ``srcset`` attribute (``a.png 1x, b.png 2x``), data: URIs kept whole.

    A URL runs until whitespace, as the HTML standard says, so commas inside a data: URI
    are part of it; a comma right after a URL ends the candidate.
    """
    urls: list[str] = []
    position = 0
    while position < len(srcset):
        while position < len(srcset) and (srcset[position].isspace() or srcset[position] == ","):
            position += 1
        start = position
        while position < len(srcset) and not srcset[position].isspace():
            position += 1
        url = srcset[start:position]
        if not url:
            break
        if url.endswith(","):
            urls.append(url.rstrip(","))
            continue
        urls.append(url)
        # Skip the descriptors ("2x", "300w") up to the comma that ends the candidate.
        while position < len(srcset) and srcset[position] != ",":
            position += 1
    return urls


# --- CSS ---------------------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(
    r"""url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|((?:[^)\s"'\\]|\\.)*))\s*\)""",
    re.IGNORECASE,
)
_CSS_IMPORT_STRING = re.compile(
    r"""@import\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""", re.IGNORECASE
)
_CSS_IMAGE_SET = re.compile(
    r"(?:-webkit-)?image-set\(([^()]*(?:\([^()]*\)[^()]*)*)\)", re.IGNORECASE
)
_CSS_STRING = re.compile(r""""((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'""")


@dataclass(frozen=True)
class CssReference:
    """A URL the CSS makes the browser fetch; ``kind`` says which construct holds it."""

    kind: str  # "url()", "@import" or "image-set()"
    url: str


def _first_group(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group is not None)


def css_references(css: str) -> list[CssReference]:
    """Every URL in ``url()``, ``@import "…"`` and ``image-set("…")``; comments ignored."""
    css = _CSS_COMMENT.sub("", css)
    references = [CssReference("url()", _first_group(m).strip()) for m in _CSS_URL.finditer(css)]
    references += [
        CssReference("@import", _first_group(m)) for m in _CSS_IMPORT_STRING.finditer(css)
    ]
    for image_set in _CSS_IMAGE_SET.finditer(css):
        # Bare strings in image-set() are URLs too; its url() entries were found above.
        without_urls = _CSS_URL.sub("", image_set.group(1))
        references += [
            CssReference("image-set()", _first_group(m)) for m in _CSS_STRING.finditer(without_urls)
        ]
    return references


def css_imports(css: str) -> list[str]:
    """The stylesheets a CSS text pulls in with ``@import`` (either spelling)."""
    css = _CSS_COMMENT.sub("", css)
    imports = [_first_group(m) for m in _CSS_IMPORT_STRING.finditer(css)]
    imports += [
        _first_group(url)
        for statement in re.finditer(r"@import\s+url\([^)]*\)", css, re.IGNORECASE)
        for url in _CSS_URL.finditer(statement.group(0))
    ]
    return imports


# --- HTML --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HtmlReference:
    """A URL in an HTML page; ``kind`` names the element and attribute, e.g. ``img srcset``."""

    kind: str
    url: str


def _attribute(tag: Tag, name: str) -> str | None:
    value = tag.get(name)
    if value is None:
        return None
    return " ".join(value) if isinstance(value, list) else str(value)


def _rel_tokens(tag: Tag) -> set[str]:
    value = tag.get("rel") or []
    tokens = value if isinstance(value, list) else str(value).split()
    return {token.lower() for token in tokens}


def link_fetches(tag: Tag) -> bool:
    """Whether the browser fetches the ``href`` of this ``<link>`` (stylesheet, icon, …)."""
    return bool(_rel_tokens(tag) - NON_FETCHING_LINK_RELS)


# Attributes holding a URL the browser fetches, and the elements they do it on (None: any).
_FETCHING_ATTRIBUTES: dict[str, frozenset[str] | None] = {
    "src": None,
    "poster": None,
    "background": None,
    "data": frozenset({"object"}),
    "href": frozenset({"use", "image", "feimage"}),  # SVG sprites and images
    "xlink:href": frozenset({"use", "image", "feimage"}),
}


def _tag_references(tag: Tag) -> Iterator[HtmlReference]:
    name = tag.name
    for attribute, elements in _FETCHING_ATTRIBUTES.items():
        value = _attribute(tag, attribute)
        if value is not None and (elements is None or name in elements):
            yield HtmlReference(f"{name} {attribute}", value)
    if (srcset := _attribute(tag, "srcset")) is not None:
        for url in parse_srcset(srcset):
            yield HtmlReference(f"{name} srcset", url)
    if name == "link" and link_fetches(tag) and (href := _attribute(tag, "href")):
        rel = " ".join(sorted(_rel_tokens(tag)))
        yield HtmlReference(f"link rel={rel} href", href)
    if name == "style":
        for reference in css_references(tag.get_text()):
            yield HtmlReference(f"<style> {reference.kind}", reference.url)
    if (style := _attribute(tag, "style")) is not None:
        for reference in css_references(style):
            yield HtmlReference(f"{name} style {reference.kind}", reference.url)


def fetched_references(soup: BeautifulSoup) -> Iterator[HtmlReference]:
    """Every URL the browser fetches while loading the page (not the links a reader follows).

    ``src`` of any element, ``srcset``, ``poster``, ``<object data>``, the ``href`` of
    fetching ``<link>`` elements and of SVG ``<use>``/``<image>``, and the URLs inside
    ``<style>`` elements and ``style`` attributes.
    """
    for tag in soup.find_all(True):
        yield from _tag_references(tag)


def offsite_references(soup: BeautifulSoup) -> list[HtmlReference]:
    """The fetched references of a page that contact another host."""
    return [ref for ref in fetched_references(soup) if is_offsite(ref.url)]


def offsite_css_references(css: str) -> list[CssReference]:
    """The references of a stylesheet that contact another host."""
    return [ref for ref in css_references(css) if is_offsite(ref.url)]


def followed_links(soup: BeautifulSoup) -> Iterator[HtmlReference]:
    """Links a reader follows: ``<a>``, ``<area>``, relation ``<link>``s, the search form."""
    for tag in soup.find_all(["a", "area"], href=True):
        yield HtmlReference(f"{tag.name} href", _attribute(tag, "href") or "")
    for tag in soup.find_all("link", href=True):
        if not link_fetches(tag):
            rel = " ".join(sorted(_rel_tokens(tag)))
            yield HtmlReference(f"link rel={rel} href", _attribute(tag, "href") or "")
    for tag in soup.find_all("form", action=True):
        yield HtmlReference("form action", _attribute(tag, "action") or "")


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
                    _attribute(a, "href") or ""
                    for a in cells[index].find_all("a", href=True)
                    if {"reference", "internal"} <= set(a.get("class") or [])
                )
            rows.append(TableRow(row.get_text(" ", strip=True), links))
    return rows


# The offline editions, built next to the site after it (opskb.editions): a site built
# without them links to files that are not there yet.
BUILT_LATER = ("editions/", "single/")

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


@dataclass(frozen=True)
class BrokenReference:
    """A reference that does not resolve; ``reason`` says what is missing."""

    page: str
    kind: str
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.kind}={self.href!r}: {self.reason}"


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

    def check_target(self, page: str, kind: str, href: str) -> BrokenReference | None:
        """Whether an internal ``href`` on ``page`` names an existing file and anchor."""
        target = resolve(page, href)
        if target is None:
            return BrokenReference(page, kind, href, "not a path inside the site")
        if target.path.startswith(BUILT_LATER) and not self.exists(target.path):
            return None  # an offline edition, not built yet; tests/publish checks them built
        if not self.exists(target.path):
            return BrokenReference(page, kind, href, f"no file {target.path}")
        html = target.path.endswith(".html")
        if html and target.fragment and target.fragment not in self.ids_of(target.path):
            return BrokenReference(page, kind, href, f"no id {target.fragment!r} in {target.path}")
        return None

    def broken_references(self) -> list[BrokenReference]:
        """Internal links, anchors and resources that do not resolve, on every page.

        External links (http, https, mailto, ``//``) are not followed; off-site resources
        are the job of :func:`offsite_references`.
        """
        broken = []
        for page in self.pages.values():
            references = [*followed_links(page.soup), *fetched_references(page.soup)]
            for reference in references:
                url = reference.url.strip()
                if is_external_link(url) or url.startswith("data:"):
                    continue
                problem = self.check_target(page.path, reference.kind, url)
                if problem is not None:
                    broken.append(problem)
        for css in self.css_files():
            for reference in css_references(self.read_text(css)):
                url = reference.url.strip()
                if is_offsite(url) or url.startswith(("data:", "#")):
                    continue
                problem = self.check_target(css, reference.kind, url)
                if problem is not None:
                    broken.append(problem)
        return broken

    def css_files(self) -> list[str]:
        return sorted(file.relative_to(self.root).as_posix() for file in self.root.rglob("*.css"))

    def read_text(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")

    def sidebar_links(self, page: str = "index.html") -> set[str]:
        """The pages linked from furo's navigation on ``page``: the tree and the brand link."""
        soup = self.pages[page].soup
        anchors = [
            a for tree in soup.select(".sidebar-tree") for a in tree.find_all("a", href=True)
        ]
        anchors += soup.select("a.sidebar-brand[href]")
        targets = (resolve(page, _attribute(a, "href") or "") for a in anchors)
        return {target.path for target in targets if target is not None}


# --- Weight ------------------------------------------------------------------------------


def gzip_size(data: bytes) -> int:
    """Bytes of ``data`` once gzipped as a web server would (zlib's default level)."""
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


@dataclass(frozen=True)
class PageWeight:
    """A page's gzipped HTML and the gzipped CSS and JavaScript files it loads."""

    page: str
    html_gzip: int
    css_gzip: int
    js_gzip: int
    assets: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def assets_gzip(self) -> int:
        return self.css_gzip + self.js_gzip

    def __str__(self) -> str:
        # kB of 1000 bytes, as browsers' network panels count them.
        return (
            f"{self.page}: HTML {self.html_gzip / 1000:.1f} kB gz, CSS+JS "
            f"{self.assets_gzip / 1000:.1f} kB gz (CSS {self.css_gzip / 1000:.1f} + "
            f"JS {self.js_gzip / 1000:.1f}, {len(self.assets)} files)"
        )


def loaded_assets(page: Page) -> tuple[list[str], list[str]]:
    """The stylesheet and script URLs a page loads, in document order."""
    styles, scripts = [], []
    for tag in page.soup.find_all(["link", "script"]):
        if tag.name == "script" and (src := _attribute(tag, "src")):
            scripts.append(src)
        elif tag.name == "link" and (href := _attribute(tag, "href")):
            rel = _rel_tokens(tag)
            loaded_as = (_attribute(tag, "as") or "").lower()
            if "stylesheet" in rel or ("preload" in rel and loaded_as == "style"):
                styles.append(href)
            elif "modulepreload" in rel or ("preload" in rel and loaded_as == "script"):
                scripts.append(href)
    return styles, scripts


def page_weight(site: Site, page: Page) -> PageWeight:
    """Weigh a page: its HTML, and each CSS/JS file it loads once, ``@import`` included.

    Off-site assets cannot be weighed (and fail their own test); local assets that do
    not exist are listed in ``missing``.
    """
    styles, scripts = loaded_assets(page)
    seen: set[str] = set()
    missing: list[str] = []
    sizes = {"css": 0, "js": 0}

    def add(base: str, url: str, kind: str) -> None:
        target = resolve(base, url)
        if target is None:
            if not is_offsite(url):
                missing.append(url)
            return
        if target.path in seen:
            return
        seen.add(target.path)
        if not site.exists(target.path):
            missing.append(target.path)
            return
        data = (site.root / target.path).read_bytes()
        sizes[kind] += gzip_size(data)
        if kind == "css":
            for imported in css_imports(data.decode("utf-8", errors="replace")):
                add(target.path, imported, "css")

    for url in styles:
        add(page.path, url, "css")
    for url in scripts:
        add(page.path, url, "js")
    return PageWeight(
        page.path,
        gzip_size(page.html),
        sizes["css"],
        sizes["js"],
        tuple(sorted(seen - set(missing))),
        tuple(missing),
    )


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
        for link in followed_links(page.soup):
            target = resolve(page.path, link.url)
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


# A MyST target line: "(name)=" alone on its line.
_LABEL_LINE = re.compile(r"^\(([^()\s]+)\)=\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
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

    Lines inside backtick or tilde code fences are examples, not targets. Colon fences
    are directives whose content is parsed, so targets inside them count.
    """
    labels = []
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            continue
        if fence is not None:
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = None
            continue
        if match := _LABEL_LINE.match(line):
            labels.append((match.group(1), number))
    return labels


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
