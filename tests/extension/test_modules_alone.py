"""Each opskb.sphinxext module works on its own: it sets up what it needs itself.

The tiny site ``tests/roots/test-modules-alone`` loads one module at a time. Each test fails
if the module stops setting up a module it relies on (its static files, templates,
changelog, this version's address, the list of citable pages), which the whole package
loaded together would hide.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytestmark = pytest.mark.slow

BASE = "https://tinykb.example.org/en/1.2.3/"  # html_baseurl is .../en/latest/


def soup_of(app, page: str) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / page).read_text(encoding="utf-8"), "lxml")


@pytest.mark.sphinx(
    "html",
    testroot="modules-alone",
    srcdir="edition-links-alone-html",
    confoverrides={
        "extensions": ["myst_parser", "opskb.sphinxext.edition_links"],
        "html_sidebars": {"**": ["sidebar/opskb-editions.html"]},
        "opskb_editions_built": True,  # else the links go to the published editions
    },
)
def test_edition_links_alone_give_the_sidebar_block_and_its_stylesheet(app, warning):
    app.build()
    assert warning.getvalue() == ""
    page = soup_of(app, "index.html")
    links = [a["href"] for a in page.select("nav.opskb-editions a")]
    assert links == ["editions/opskb.pdf", "editions/opskb.epub", "single/index.html"]
    stylesheets = [link["href"].split("?")[0] for link in page.find_all("link", rel="stylesheet")]
    assert "_static/opskb-editions.css" in stylesheets
    assert (Path(app.outdir) / "_static" / "opskb-editions.css").is_file()


@pytest.mark.sphinx(
    "singlehtml",
    testroot="modules-alone",
    srcdir="edition-links-alone-single",
    confoverrides={"extensions": ["myst_parser", "opskb.sphinxext.edition_links"]},
)
def test_edition_links_alone_date_the_edition_at_this_versions_address(app, warning):
    app.build()
    assert warning.getvalue() == ""
    note = soup_of(app, "index.html").find("aside", class_="opskb-edition-note")
    assert note["data-url"] == BASE
    assert note["data-date"] == "2026-11-30"  # from the changelog
    assert note.find("a", href=BASE) is not None


@pytest.mark.sphinx(
    "html",
    testroot="modules-alone",
    srcdir="seo-alone",
    confoverrides={"extensions": ["myst_parser", "opskb.sphinxext.seo"]},
)
def test_seo_alone_names_the_versioned_sitemap_and_lets_search_be_indexed(app, warning):
    app.build()
    assert warning.getvalue() == ""
    robots = (Path(app.outdir) / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots
    # templates/search.html drops the theme's robots "noindex" from the search page.
    assert soup_of(app, "search.html").find("meta", attrs={"name": "robots"}) is None


@pytest.mark.sphinx(
    "html",
    testroot="modules-alone",
    srcdir="addresses-given",
    confoverrides={
        "extensions": ["myst_parser", "opskb.sphinxext.addresses"],
        "opskb_permanent_baseurl": "https://mirror.example.org/tinykb/",
    },
)
def test_a_configured_permanent_address_is_kept(app):
    assert app.config.opskb_permanent_baseurl == "https://mirror.example.org/tinykb/"
