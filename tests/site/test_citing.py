"""The real site is citable: cite blocks, permanent section links, contract, 404 page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rispy
from bs4 import BeautifulSoup
from pybtex.database import parse_file

import opskb
from opskb import citation, paths, publishing
from opskb.citation import documentation_url
from opskb.permalinks import cli
from opskb.permalinks.contract import FILENAME, load
from opskb.sphinxext.cite import CITE_DIR, FORMATS
from support.pages import NOT_CITED, built_pages
from support.zotero import zotero_item_type

LATEST = publishing.latest_base(documentation_url())
VERSIONED = publishing.versioned_base(documentation_url(), opskb.__version__)


def soup(built_site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "lxml")


def content_pages(built_site: Path) -> list[str]:
    return [page for page in built_pages(built_site) if page not in NOT_CITED]


def test_every_published_source_page_is_in_the_contract(built_site):
    published = {page.removesuffix(".html") for page in content_pages(built_site)}
    assert published == set(load(paths.DOCS / FILENAME).pages)
    assert len(published) >= 10  # guard: the real site, not an empty build


def test_every_content_page_carries_one_cite_block_citing_this_version(built_site):
    """The one real-site check of the cite block (tests/extension/test_cite_block.py checks
    what the block holds, on a tiny site): every content page has exactly one, each format
    in it cites the page at this version's address and never at "latest", which the block
    links to apart (the canonical link is test_seo's)."""
    pages = content_pages(built_site)
    assert len(pages) >= 20
    for page in pages:
        html = soup(built_site, page)
        blocks = html.find_all(id="cite-this-page")
        assert len(blocks) == 1, page
        for key, *_ in FORMATS:
            text = blocks[0].find("pre", class_=f"cite-{key}").get_text()
            assert VERSIONED + page in text, (page, key)
            assert LATEST not in text, (page, key)
        assert blocks[0].find("a", href=LATEST + page) is not None, page


def test_every_page_tells_reference_managers_its_versioned_address_and_date(built_site):
    """Highwire and Dublin Core tags on every content page: the versioned address (which
    Zotero takes over the canonical, latest one), one organisation name, this version's PDF,
    and the tags that make Zotero save a web page rather than guess a journal article."""
    for page in content_pages(built_site):
        html = soup(built_site, page)
        meta = {tag["name"]: tag["content"] for tag in html.find_all("meta", attrs={"name": True})}
        assert meta["citation_title"], page
        assert meta["citation_author"] == "The opskb authors,", page
        assert meta["citation_public_url"] == VERSIONED + page, page
        assert meta["DC.identifier"] == VERSIONED + page, page
        assert meta["citation_pdf_url"] == VERSIONED + "editions/opskb.pdf", page
        assert meta["citation_version"] == opskb.__version__, page
        og = {tag["property"]: tag["content"] for tag in html.find_all("meta", property=True)}
        assert og["og:url"] == VERSIONED + page, page
        assert html.find("link", rel="canonical")["href"] == LATEST + page, page
        assert zotero_item_type(html) == "webpage", page


def cite_files(built_site: Path, suffix: str) -> list[Path]:
    files = sorted((built_site / CITE_DIR).rglob(f"*{suffix}"))
    assert len(files) == len(content_pages(built_site)), suffix
    return files


def test_every_bibtex_download_parses(built_site):
    for path in cite_files(built_site, ".bib"):
        (key, entry), *others = parse_file(str(path), "bibtex").entries.items()
        assert not others, path
        assert f"-{opskb.__version__}-" in key, path
        assert entry.fields["url"].startswith(VERSIONED), path


def test_every_ris_download_parses(built_site):
    for path in cite_files(built_site, ".ris"):
        (entry,) = rispy.loads(path.read_text(encoding="utf-8"))
        assert entry["type_of_reference"] == "ELEC", path
        (url,) = entry["urls"]
        assert url.startswith(VERSIONED), path


def test_every_csl_record_renders_in_the_four_styles(built_site):
    """Each page's CSL-JSON download and each section's record, in APA, Chicago, IEEE and
    Harvard, by citeproc-py."""
    records = []
    for path in cite_files(built_site, ".csl.json"):
        records += json.loads(path.read_text(encoding="utf-8"))
    for path in cite_files(built_site, ".sections.json"):
        records += [item["csl"] for item in json.loads(path.read_text(encoding="utf-8")).values()]
    assert len(records) > len(content_pages(built_site))  # sections too
    for record in records:
        for _key, _name, style in citation.STYLES:
            text = citation.render(record, style)
            assert record["URL"] in text, (record["id"], style)


def test_every_section_of_the_contract_can_be_cited(built_site):
    """Each label of a page that heads a section has its row (copy link, cite) and its
    citations in the page's sections file."""
    rows = 0
    for page in content_pages(built_site):
        name = page.removesuffix(".html")
        data = json.loads(
            (built_site / CITE_DIR / f"{name}.sections.json").read_text(encoding="utf-8")
        )
        html = soup(built_site, page)
        found = {
            row["data-cite-label"] for row in html.select(".opskb-section-cite[data-cite-label]")
        }
        assert found == set(data), page
        for label, item in data.items():
            assert item["url"] == f"{VERSIONED}{page}#{label}", page
        rows += len(found)
    assert rows >= 30  # guard: the real site's sections, not none


@pytest.mark.parametrize("page", sorted(NOT_CITED))
def test_pages_without_content_carry_no_cite_block(built_site, page):
    assert soup(built_site, page).find(id="cite-this-page") is None


def test_permalink_contract_is_up_to_date(built_site):
    """CI gate: new pages and labels, and changed pages, are recorded in the contract.

    The check is the build's: the session's site rebuilt in check mode, which reads and
    renders no page again (the build's warnings above name each pending change).
    """
    docs = built_site.parent / "docs"  # the sources the session built (conftest.built_site)
    status = cli.main(["--check", "--docs", str(docs), "--out", str(built_site)])
    assert status == 0, (
        f"{paths.DOCS / FILENAME} is out of date: run `nox -s permalinks -- --update` and commit it"
    )


def test_404_page_offers_search_and_home_from_the_site_root(built_site):
    # Built with notfound_urls_prefix "/" (no Read the Docs prefix in the test run): every
    # link and asset is absolute, so the page works at any depth.
    html = soup(built_site, "404.html")
    form = html.find("form", attrs={"role": "search"})
    assert form["action"] == "/search.html"
    assert form.find("input", attrs={"name": "q"}) is not None
    assert "/index.html" in {a["href"] for a in html.select("article a[href]")}
    stylesheets = [link["href"] for link in html.find_all("link", rel="stylesheet")]
    assert stylesheets
    assert all(href.startswith("/_static/") for href in stylesheets)


def test_objects_inventory_is_published(built_site):
    assert (built_site / "objects.inv").read_bytes().startswith(b"# Sphinx inventory version 2")
