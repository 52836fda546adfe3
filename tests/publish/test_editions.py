"""The offline editions carry every citable label, the site's order and the version.

Built once per session (conftest.py) from the site build's own environment.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

import opskb
from opskb import editions, publishing
from opskb.citation import documentation_url

SKIP = {"_static", "_images", "_downloads", "_sources", "single", "editions"}


def squeeze(text: str) -> str:
    """Text without whitespace or the pilcrow: PDF outlines lose spaces at line breaks."""
    return re.sub(r"[\s¶]+", "", text)


def navigation_titles(built_site: Path) -> list[str]:
    """The site's navigation, in order: the home page, then every top-level entry."""
    soup = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    home = soup.find("article").find("h1").get_text()
    entries = soup.select(".sidebar-tree li.toctree-l1 > a")
    titles = [a.get_text() for a in entries if not a["href"].startswith(("editions/", "single/"))]
    return [home, *titles]


def outline_top_level(reader: pypdf.PdfReader) -> list[str]:
    return [item.title for item in reader.outline if not isinstance(item, list)]


# --- every edition ---------------------------------------------------------------------


def test_the_editions_are_built_next_to_the_site(built_editions, published):
    assert {
        key: path.relative_to(published).as_posix() for key, path in built_editions.items()
    } == {
        "single": "single/index.html",
        "epub": "editions/opskb.epub",
        "pdf": "editions/opskb.pdf",
    }
    for key, path in built_editions.items():
        assert path.stat().st_size > 10_000, key


def test_the_editions_add_nothing_else_to_the_site(built_editions, published, built_site):
    added = {path.name for path in published.iterdir()} - {p.name for p in built_site.iterdir()}
    assert added == {"single", "editions"}


def test_every_page_of_the_site_links_to_the_editions_published_with_this_version(
    built_editions, published
):
    """The site is built without its editions (as ``nox -s docs`` builds it), so its pages
    link to this version's published address; there, the editions are these files."""
    base = publishing.permanent_base(documentation_url(), opskb.__version__)
    pages = [p for p in published.rglob("*.html") if p.relative_to(published).parts[0] not in SKIP]
    assert len(pages) >= 20
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        if page.name == "404.html":
            continue  # self-contained, no navigation
        links = soup.select(".opskb-editions a[href]")
        assert len(links) == 3, page
        for link in links:
            assert link["href"].startswith(base), (page, link["href"])
            assert (published / link["href"].removeprefix(base)).is_file(), (page, link["href"])


# --- single page -----------------------------------------------------------------------


def test_every_label_is_an_id_in_the_single_page(single_page, contract_labels):
    ids = {tag["id"] for tag in single_page.find_all(id=True)}
    assert [label for label in contract_labels if label not in ids] == []


def test_the_single_page_states_the_version(single_page):
    assert f"version {opskb.__version__}" in single_page.get_text(" ")


def test_the_single_page_has_its_own_description(single_page, built_site):
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    ours = single_page.find_all("meta", attrs={"name": "description"})
    assert len(ours) == 1
    assert ours[0]["content"] != home.find("meta", attrs={"name": "description"})["content"]
    assert "one page" in ours[0]["content"]


def test_the_single_page_keeps_the_navigation_order(single_page, built_site):
    headings = [squeeze(h.get_text()) for h in single_page.find_all(["h1", "h2", "h3"])]
    positions = [headings.index(squeeze(title)) for title in navigation_titles(built_site)]
    assert positions == sorted(positions)


def test_the_single_page_loads_nothing_from_another_site(single_page):
    for tag in single_page.find_all(["script", "link", "img"]):
        url = tag.get("src") or tag.get("href") or ""
        assert not url.startswith(("http:", "https:", "//")) or (
            tag.name == "link" and (tag.get("rel") == ["canonical"])
        ), url


# --- EPUB ------------------------------------------------------------------------------


def test_every_label_is_an_id_in_the_epub(epub_files, contract_labels):
    ids = set()
    for name, text in epub_files.items():
        if name.endswith(".xhtml"):
            ids.update(re.findall(r'\bid="([^"]+)"', text))
    assert [label for label in contract_labels if label not in ids] == []


def test_the_epub_states_the_version(epub_files):
    opf = next(text for name, text in epub_files.items() if name.endswith(".opf"))
    assert f"(version {opskb.__version__})</dc:title>" in opf
    assert f"opskb-{opskb.__version__}" in opf  # the identifier of this version
    index = next(text for name, text in epub_files.items() if name.endswith("index.xhtml"))
    assert f"version {opskb.__version__}" in index


def epub_digests(epub: Path) -> dict[str, str]:
    """Each file of an EPUB and its digest; the OPF's build time is left out."""
    build_time = re.compile(rb"<dc:date>[^<]*</dc:date>|<meta property=\"dcterms:modified\">[^<]*<")
    with zipfile.ZipFile(epub) as archive:
        return {
            name: hashlib.sha256(build_time.sub(b"", archive.read(name))).hexdigest()
            for name in archive.namelist()
        }


def test_an_epub_built_over_an_earlier_build_equals_one_built_from_scratch(
    built_editions, site_docs, published
):
    """Item 9 of issue 16: the second build used to pack myst-nb's stylesheet, left behind by
    the first in the EPUB's build folder, and fail epubcheck with 14 CSS errors."""
    fresh = epub_digests(built_editions["epub"])
    again = epub_digests(editions.build_epub(site_docs, published))
    assert sorted(again) == sorted(fresh)
    assert again == fresh


def test_the_epub_passes_epubcheck(epubcheck, built_editions):
    result = subprocess.run(
        [*epubcheck, str(built_editions["epub"])], capture_output=True, text=True, check=False
    )
    report = result.stdout + result.stderr
    assert result.returncode == 0, report
    assert "No errors or warnings detected" in report


# --- PDF -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf(built_editions) -> pypdf.PdfReader:
    return pypdf.PdfReader(built_editions["pdf"])


def test_every_label_is_a_named_destination_in_the_pdf(pdf, contract_labels):
    destinations = {name.lstrip("/") for name in pdf.named_destinations}
    assert [label for label in contract_labels if label not in destinations] == []


def test_a_named_destination_opens_at_its_section(pdf):
    destination = pdf.named_destinations["/llmops-definition"]
    page = pdf.get_destination_page_number(destination)
    assert "LLMOps" in pdf.pages[page].extract_text()


def test_the_pdf_outline_follows_the_navigation(pdf, built_site):
    outline = [squeeze(title) for title in outline_top_level(pdf)]
    assert outline == [squeeze(title) for title in navigation_titles(built_site)]


def test_the_pdf_title_page_gives_version_date_and_address(pdf):
    first = pdf.pages[0].extract_text()
    assert f"Version {opskb.__version__}" in first
    assert re.search(r"\b\d{4}-\d{2}-\d{2}\b", first)
    assert f"/en/{opskb.__version__}/" in first


def test_the_pdf_text_is_selectable_and_tagged(pdf):
    text = " ".join(page.extract_text() for page in pdf.pages[2:6])
    assert len(text.split()) > 200
    root = pdf.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_every_page_of_the_pdf_states_the_version(pdf):
    for number in (0, len(pdf.pages) // 2, len(pdf.pages) - 1):
        assert f"version {opskb.__version__}" in pdf.pages[number].extract_text()
