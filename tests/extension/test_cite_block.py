"""The "Cite this page" block and the section link symbols, on the tiny site tests/roots/test-cite.

The tiny site's contract records ``index`` and ``page`` with their current content hashes
(so their dates come from the contract) and ``sub/nested`` with an old hash (so it counts as
changed since: this release, no date yet).
"""

from __future__ import annotations

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
    plain = block.find("pre", class_="cite-plain").get_text()
    bibtex = block.find("pre", class_="cite-bibtex").get_text()
    markdown = block.find("pre", class_="cite-markdown").get_text()
    assert plain == (
        "The tinykb authors. (2025, June 1). A page about things & stuff (Version 1.2.3). "
        f"tinykb: a tiny site. {BASE}page.html"
    )
    assert bibtex.startswith("@misc{tinykb-page,\n")
    assert r"title        = {{A page about things \& stuff}}," in bibtex
    assert "  year         = {2025},\n  month        = jun," in bibtex
    assert (
        markdown
        == f"[A page about things & stuff (tinykb: a tiny site, version 1.2.3)]({BASE}page.html)"
    )


@pytest.mark.sphinx("html", testroot="cite")
def test_an_undated_page_cites_no_date(built):
    block = block_of(built, "sub/nested.html")
    assert "(n.d.)" in block.find("pre", class_="cite-plain").get_text()
    assert "year" not in block.find("pre", class_="cite-bibtex").get_text()


@pytest.mark.sphinx("html", testroot="cite")
def test_every_format_has_an_accessible_copy_button_for_its_text(built):
    block = block_of(built, "page.html")
    buttons = block.find_all("button")
    assert [b["data-cite-copy"] for b in buttons] == ["plain", "bibtex", "markdown"]
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
