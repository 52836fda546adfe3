"""The "Cite this page" block and the section link symbols, on the tiny site tests/roots/test-cite.

The tiny site's contract records ``index`` and ``page`` with their current content hashes
(so their dates come from the contract) and ``sub/nested`` with an old hash (so it counts as
changed since: this release, no date yet).
"""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opskb import citation
from opskb.permalinks.hashing import content_hash
from opskb.sphinxext import cite

SITE = Path(__file__).parents[1] / "roots" / "test-cite"
# The tiny site's html_baseurl is the "latest" address; citations use this version's.
LATEST = "https://tinykb.example.org/en/latest/"
BASE = "https://tinykb.example.org/en/1.2.3/"
CONTENT_PAGES = ["index.html", "page.html", "sub/nested.html"]


@pytest.fixture
def built(app):
    app.build()
    return app


def soup_of(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "lxml")


def block_of(app, page: str):
    return soup_of(app, page).find(id="cite-this-page")


def fact(block, name: str) -> str:
    term = next(dt for dt in block.find_all("dt") if dt.get_text() == name)
    return term.find_next_sibling("dd").get_text()


def test_the_tiny_site_contract_matches_its_pages():
    """Guard: the dates tested below hold only while these hashes are current."""
    pages = tomllib.loads((SITE / "permalinks.toml").read_text(encoding="utf-8"))["pages"]
    assert pages["index"]["hash"] == content_hash(SITE / "index.md")
    assert pages["page"]["hash"] == content_hash(SITE / "page.md")
    assert pages["sub/nested"]["hash"] != content_hash(SITE / "sub" / "nested.md")


@pytest.mark.sphinx("html", testroot="cite")
@pytest.mark.parametrize("page", CONTENT_PAGES)
def test_every_content_page_ends_with_one_cite_block(built, warning, page):
    assert warning.getvalue() == ""
    soup = soup_of(built, page)
    blocks = soup.find_all(id="cite-this-page")
    assert len(blocks) == 1
    article = soup.find("article")
    assert blocks[0].parent is article
    assert blocks[0].find_next_sibling() is None  # the last thing in the article


@pytest.mark.sphinx("html", testroot="cite")
@pytest.mark.parametrize("page", ["genindex.html", "search.html", "404.html"])
def test_pages_without_content_have_no_cite_block(built, page):
    assert block_of(built, page) is None


@pytest.mark.sphinx("html", testroot="cite")
def test_cite_block_facts(built):
    soup = soup_of(built, "page.html")
    block = soup.find(id="cite-this-page")
    assert block.name == "section"
    assert block["aria-labelledby"] == "cite-this-page-title"
    assert block.find(id="cite-this-page-title").get_text() == "Cite this page"
    assert fact(block, "Title") == "A page about things & stuff"
    assert fact(block, "Site") == "tinykb: a tiny site"
    assert fact(block, "Version") == "1.2.3"
    assert fact(block, "Date") == "1 June 2025"
    assert block.find("time")["datetime"] == "2025-06-01"
    url = fact(block, "Permanent URL")
    assert url == BASE + "page.html"
    latest = fact(block, "Latest version")
    assert latest.startswith(LATEST + "page.html ")
    assert "cite the permanent URL" in latest
    assert soup.find("link", rel="canonical")["href"] == LATEST + "page.html"


@pytest.mark.sphinx("html", testroot="cite")
def test_cite_block_says_when_the_page_last_changed(built):
    recorded = block_of(built, "page.html").find(class_="opskb-last-changed").get_text()
    assert recorded == "Last changed in version 1.1.0 (1 June 2025)."
    changed = block_of(built, "sub/nested.html")
    assert (
        changed.find(class_="opskb-last-changed")
        .get_text()
        .startswith("Last changed in version 1.2.3 (n.d.")
    )
    assert fact(changed, "Permanent URL") == BASE + "sub/nested.html"


@pytest.mark.sphinx("html", testroot="cite")
def test_cite_block_formats(built):
    block = block_of(built, "page.html")
    apa = block.find("pre", class_="cite-apa").get_text()
    bibtex = block.find("pre", class_="cite-bibtex").get_text()
    markdown = block.find("pre", class_="cite-markdown").get_text()
    assert apa == (
        "The tinykb authors. (2025, June 1). A page about things & stuff. Tinykb: A Tiny Site. "
        f"{BASE}page.html"
    )
    assert "Version 1.2.3" in block.find("pre", class_="cite-chicago").get_text()
    assert bibtex.startswith("@misc{tinykb-1.2.3-page,\n")
    assert r'title = "{A page about things \& stuff}",' in bibtex
    assert 'urldate = "2025-06-01"' in bibtex
    assert (
        markdown
        == f"[A page about things & stuff (tinykb: a tiny site, version 1.2.3)]({BASE}page.html)"
    )


@pytest.mark.sphinx("html", testroot="cite")
def test_cite_block_is_one_closed_disclosure_listed_on_this_page(built):
    soup = soup_of(built, "page.html")
    block = soup.find(id="cite-this-page")
    details = block.find("details")
    assert details is not None
    assert not details.has_attr("open")
    assert details.find("summary").find(id="cite-this-page-title") is not None
    toc = soup.find(class_="toc-tree")
    assert toc.find("a", href="#cite-this-page").get_text() == "Cite this page"
    # ... and a "Cite" link under the title leads to it.
    title_row = soup.find("h1").find_next_sibling()
    assert title_row.find("a", href="#cite-this-page").get_text() == "Cite"


@pytest.mark.sphinx("html", testroot="cite")
def test_cite_block_offers_downloads_that_hold_the_page_record(built):
    block = block_of(built, "sub/nested.html")
    links = {a.get_text(): a["href"] for a in block.find(class_="opskb-cite-downloads")("a")}
    assert links == {
        "BibTeX": "../_cite/sub/nested.bib",
        "RIS": "../_cite/sub/nested.ris",
        "CSL-JSON": "../_cite/sub/nested.csl.json",
    }
    folder = Path(built.outdir) / "sub"
    (record,) = json.loads((folder / links["CSL-JSON"]).read_text(encoding="utf-8"))
    assert record["URL"] == BASE + "sub/nested.html"
    assert "TY  - ELEC" in (folder / links["RIS"]).read_text(encoding="utf-8")


@pytest.mark.sphinx("html", testroot="cite")
def test_every_labelled_section_has_a_copy_link_and_a_cite_button(built):
    soup = soup_of(built, "page.html")
    rows = soup.find("article").find_all(class_="opskb-section-cite")
    page_row, section_row = rows
    assert page_row.find("button")["data-copy-text"] == BASE + "page.html"
    assert section_row.find_previous_sibling("h2").get_text().startswith("A labelled section")
    assert section_row["data-cite-label"] == "llmops-definition"
    copy = section_row.find("button", class_="opskb-cite-copy")
    assert copy["data-copy-text"] == BASE + "page.html#llmops-definition"
    assert copy.get_text() == "Copy link"
    assert section_row.find("button", class_="opskb-cite-section")["aria-expanded"] == "false"
    assert section_row.find(class_="opskb-cite-status")["aria-live"] == "polite"
    # The unlabelled section has no permanent address to offer.
    assert len(rows) == 2


@pytest.mark.sphinx("html", testroot="cite")
def test_section_citations_are_in_one_file_fetched_on_demand(built):
    row = soup_of(built, "page.html").find(attrs={"data-cite-label": "llmops-definition"})
    path = Path(built.outdir) / row["data-cite-data"]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"llmops-definition"}
    section = data["llmops-definition"]
    assert section["url"] == BASE + "page.html#llmops-definition"
    assert section["csl"]["title"] == "A labelled section, in A page about things & stuff"
    assert section["csl"]["id"] == "tinykb-1.2.3-page-llmops-definition"
    assert [key for key, _name, _text in section["formats"]] == [key for key, *_ in cite.FORMATS]


@pytest.mark.sphinx("html", testroot="cite")
def test_meta_tags_give_reference_managers_this_version(built):
    soup = soup_of(built, "page.html")
    meta = {tag["name"]: tag["content"] for tag in soup.find_all("meta", attrs={"name": True})}
    assert meta["citation_title"] == "A page about things & stuff"
    assert meta["citation_author"] == "The tinykb authors,"  # one name for Zotero
    assert meta["citation_publication_date"] == "2025/06/01"
    assert meta["citation_version"] == "1.2.3"
    assert meta["citation_public_url"] == BASE + "page.html"
    assert meta["citation_pdf_url"] == BASE + "editions/opskb.pdf"
    assert meta["DC.identifier"] == BASE + "page.html"
    assert meta["DC.date"] == "2025-06-01"
    og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
    assert og["og:url"] == BASE + "page.html"
    assert soup.find("link", rel="canonical")["href"] == LATEST + "page.html"


@pytest.mark.sphinx("html", testroot="cite")
def test_every_format_has_an_accessible_copy_button_for_its_text(built):
    block = block_of(built, "page.html")
    buttons = block.find_all("button")
    assert [b["data-cite-copy"] for b in buttons] == [key for key, *_ in cite.FORMATS]
    for button in buttons:
        assert button["type"] == "button"
        assert button["aria-label"].startswith("Copy ")
        assert button.get_text() == "Copy"
        target = block.find(id=button["aria-controls"])
        assert target.name == "pre"
        assert target["class"] == [f"cite-{button['data-cite-copy']}"]
        status = button.find_next_sibling(class_="opskb-cite-status")
        assert status["role"] == "status"


@pytest.mark.sphinx("html", testroot="cite")
@pytest.mark.parametrize("page", [*CONTENT_PAGES, "404.html", "genindex.html"])
def test_no_id_is_used_twice(built, page):
    ids = Counter(tag["id"] for tag in soup_of(built, page).find_all(id=True))
    assert [name for name, count in ids.items() if count > 1] == []


@pytest.mark.sphinx("html", testroot="cite")
def test_copy_script_and_style_are_local_and_loaded(built):
    soup = soup_of(built, "sub/nested.html")
    script = soup.find("script", src=re.compile(r"opskb-cite\.js"))
    assert script["src"].startswith("../_static/")
    assert script.has_attr("defer")
    assert soup.find("link", href=re.compile(r"opskb-cite\.css"))["rel"] == ["stylesheet"]
    static = Path(built.outdir) / "_static"
    js = (static / "opskb-cite.js").read_text(encoding="utf-8")
    css = (static / "opskb-cite.css").read_text(encoding="utf-8")
    assert "navigator.clipboard" in js
    assert "execCommand" in js  # the fallback when the Clipboard API is missing or refused
    assert "var(--color-background-secondary" in css  # follows furo's light and dark mode
    assert not re.search(r"https?://", js + css)


@pytest.mark.sphinx("html", testroot="cite")
def test_labelled_sections_have_a_permanent_link_to_their_label(built):
    soup = soup_of(built, "page.html")
    links = {a["href"]: a["title"] for a in soup.find("article").find_all("a", class_="headerlink")}
    assert links == {
        "#page-label": "Permanent link to this section",
        "#llmops-definition": "Permanent link to this section",
        "#an-unlabelled-section": "Link to this heading",
    }


# --- the block's HTML, without a build ---------------------------------------------------


def test_cite_block_escapes_every_value():
    item = citation.Citation(
        title='<script>alert("x")</script>',
        site="S & S",
        author="A",
        version="1",
        url='https://x.org/?a=1&b="2"',
        key="k",
    )
    soup = BeautifulSoup(cite.cite_block(item, "1"), "lxml")
    assert soup.find("script") is None
    assert fact(soup, "Title") == '<script>alert("x")</script>'
    assert soup.find("dd").find_next("a")["href"] == 'https://x.org/?a=1&b="2"'
    assert soup.find("pre", class_="cite-markdown").get_text().startswith(r"[\<script\>")


def test_reserved_ids_are_the_ids_the_block_uses():
    item = citation.Citation(title="T", site="S", author="A", version="1", url="u", key="k")
    soup = BeautifulSoup(cite.cite_block(item, "1"), "lxml")
    assert {tag["id"] for tag in soup.find_all(id=True)} == cite.RESERVED_IDS


@pytest.mark.sphinx("html", testroot="cite", srcdir="cite-incremental")
def test_an_edited_contract_redoes_every_page_and_nothing_else_does(app, status):
    app.build()
    status.seek(0)
    status.truncate()
    app.build()
    assert "0 added, 0 changed, 0 removed" in status.getvalue()
    contract = Path(app.srcdir) / "permalinks.toml"
    text = contract.read_text(encoding="utf-8")
    contract.write_text(text.replace("date = 2025-06-01", "date = 2025-07-04"), encoding="utf-8")
    status.seek(0)
    status.truncate()
    app.build()
    assert "0 added, 4 changed, 0 removed" in status.getvalue()
    assert fact(block_of(app, "page.html"), "Date") == "4 July 2025"


@pytest.mark.sphinx("html", testroot="cite")
@pytest.mark.parametrize("page", ["search.html", "genindex.html"])
def test_pages_without_the_block_do_not_load_its_files(built, page):
    assert "opskb-cite" not in (Path(built.outdir) / page).read_text(encoding="utf-8")
