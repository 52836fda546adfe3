"""The 404 page (sphinx-notfound-page + opskb.sphinxext.notfound_links): it works at any depth.

A server answers every unknown address with the same 404.html, so every link and asset on
it is absolute under the site's root path: "/" here, Read the Docs' language/version
prefix there.
"""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from opskb import paths

URL_ATTRIBUTES = ("href", "src", "action")

# sphinx-notfound-page 1.1 calls global_toctree_for_doc() without `tags`, which Sphinx 9
# deprecates; harmless until Sphinx 11 (upstream: readthedocs/sphinx-notfound-page).
pytestmark = pytest.mark.filterwarnings(
    "ignore:'tags' will become a required keyword argument:PendingDeprecationWarning"
)


def urls(outdir: Path) -> list[str]:
    soup = BeautifulSoup((outdir / "404.html").read_text(encoding="utf-8"), "lxml")
    return [
        str(tag[name])
        for tag in soup.find_all(True)
        for name in URL_ATTRIBUTES
        if tag.has_attr(name) and not str(tag[name]).startswith(("#", "data:", "http"))
    ]


@pytest.mark.sphinx("html", testroot="notfound")
def test_every_link_and_asset_of_the_404_page_is_absolute(app, warning):
    app.build()
    assert warning.getvalue() == ""
    found = urls(Path(app.outdir))
    assert "/index.html" in found  # the link written in the page's body
    assert "/sub/page.html#a-page" in found
    assert any(url.startswith("/_static/") for url in found)  # the theme's assets
    assert [url for url in found if not url.startswith("/")] == []
    # Absolute from the site root: each target exists in the build.
    for url in found:
        assert (Path(app.outdir) / url.split("#")[0].split("?")[0].lstrip("/")).is_file(), url
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    assert "A page about things" in index  # guard: titles are indexed
    assert "Page not found" not in index  # the 404 page is kept out of search


@pytest.mark.sphinx(
    "html",
    testroot="notfound",
    srcdir="notfound-rtd-prefix",
    confoverrides={"notfound_urls_prefix": "/en/latest/"},
)
def test_under_a_read_the_docs_prefix_every_url_starts_with_it(app):
    app.build()
    found = urls(Path(app.outdir))
    assert "/en/latest/index.html" in found
    assert [url for url in found if not url.startswith("/en/latest/")] == []


@pytest.mark.parametrize(
    ("environ", "prefix"),
    [
        ({}, "/"),
        ({"READTHEDOCS_CANONICAL_URL": "https://kb.readthedocs.io/en/v1.0/"}, "/en/v1.0/"),
        ({"READTHEDOCS_CANONICAL_URL": "https://kb.readthedocs.io/ja/latest"}, "/ja/latest/"),
        ({"READTHEDOCS_CANONICAL_URL": "https://kb.example.org"}, "/"),
    ],
)
def test_the_site_takes_its_prefix_from_read_the_docs(monkeypatch, environ, prefix):
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL", raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert runpy.run_path(str(paths.DOCS / "conf.py"))["notfound_urls_prefix"] == prefix
