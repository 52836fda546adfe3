"""The 404 page (opskb.sphinxext.notfound): search and home links that work at any depth."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opskb.sphinxext.notfound import site_root

URL_ATTRIBUTES = ("href", "src", "action")


def page_404(app) -> BeautifulSoup:
    return BeautifulSoup((Path(app.outdir) / "404.html").read_text(encoding="utf-8"), "lxml")


@pytest.mark.parametrize(
    ("configured", "environ", "root"),
    [
        (None, {}, "/"),
        (None, {"READTHEDOCS_CANONICAL_URL": "https://kb.readthedocs.io/en/v1.0/"}, "/en/v1.0/"),
        ("/docs/", {"READTHEDOCS_CANONICAL_URL": "https://kb.readthedocs.io/en/latest/"}, "/docs/"),
        ("docs", {}, "/docs/"),
        (None, {"READTHEDOCS_CANONICAL_URL": "https://kb.example.org"}, "/"),
    ],
)
def test_site_root(configured, environ, root):
    assert site_root(configured, environ) == root


@pytest.mark.slow
@pytest.mark.sphinx("html", testroot="cite")
def test_404_page_resolves_its_links_from_the_site_root(app, warning, monkeypatch):
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    app.build()
    assert warning.getvalue() == ""
    soup = page_404(app)
    head = soup.find("head")
    base = head.find("base")
    assert base["href"] == "/"
    # The <base> must come before every element that carries a URL, or those resolve first.
    before = [
        tag for tag in base.find_all_previous() if any(tag.has_attr(a) for a in URL_ATTRIBUTES)
    ]
    assert before == []


@pytest.mark.slow
@pytest.mark.sphinx("html", testroot="cite")
def test_404_page_offers_search_and_the_home_page(app):
    app.build()
    soup = page_404(app)
    assert soup.find("h1").get_text() == "Page not found"
    form = soup.find("form")
    assert form["action"] == "search.html"
    assert form["method"] == "get"
    field = form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": field["id"]}) is not None
    links = {a["href"] for a in soup.find_all("a")}
    assert links == {"index.html"}  # the site name in the header and "home page"
    # Relative to the site root, which is where 404.html itself sits: each target exists.
    for url in [*links, form["action"]]:
        assert (Path(app.outdir) / url).is_file()


@pytest.mark.slow
@pytest.mark.sphinx("html", testroot="cite")
def test_404_page_fetches_nothing_and_has_no_fragment_links(app):
    app.build()
    soup = page_404(app)
    assert soup.find("link", rel="stylesheet") is None
    assert soup.find("script") is None
    assert soup.find("img") is None
    assert soup.find("a", class_="headerlink") is None
    assert not [a for a in soup.find_all("a") if a["href"].startswith("#")]
    assert soup.find("html")["lang"] == "en"
    assert soup.find("title").get_text() == "Page not found \N{EN DASH} tinykb: a tiny site"
    assert soup.find("main") is not None


@pytest.mark.slow
@pytest.mark.sphinx("html", testroot="cite")
def test_404_page_is_kept_out_of_the_search_index(app):
    app.build()
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert "A page about things" in index  # guard: titles are indexed
    assert "Page not found" not in index


@pytest.mark.slow
@pytest.mark.sphinx(
    "html",
    testroot="cite",
    srcdir="cite-404-prefix",
    confoverrides={"opskb_404_root": "/en/latest/"},
)
def test_404_root_can_be_configured(app):
    app.build()
    assert page_404(app).find("base")["href"] == "/en/latest/"
