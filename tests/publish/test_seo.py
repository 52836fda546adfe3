"""Search engines and link previews: the checks Lighthouse's SEO category runs, on every page.

Lighthouse (mobile) scores a page's SEO from a fixed list of audits. These tests check the
same items over the built HTML, so CI needs no Lighthouse: a title, crawlable links with
descriptive text, a valid canonical link, no ``noindex``, a valid ``robots.txt``
(Lighthouse 13's list), and the viewport of its older versions. The rest have one home
each elsewhere: a meta description on every page, unique and at most 160 characters, is
checked by the build itself (tests/extension/test_seo_site.py shows it fails); alt text
that describes every image, by tests/site/test_figures.py; the site emits no ``hreflang``.
The one that needs layout (legible font sizes) runs in Chromium, on every page
(tests/browser/test_browser_pages.py, `phone_problems`).
Plus what Lighthouse does not check: OpenGraph tags, and the sitemap.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

import opskb
from opskb import publishing
from opskb.citation import documentation_url
from support.pages import GENERATED_PAGES, built_pages

# Lighthouse's list of link texts that say nothing about their target (link-text audit),
# in English.
VAGUE_LINK_TEXT = frozenset(
    {
        "click here",
        "click this",
        "go",
        "here",
        "information",
        "learn more",
        "more",
        "more info",
        "more information",
        "right here",
        "read more",
        "see more",
        "start",
        "this",
        "this page",
        "continue",
        "details",
    }
)
VERSIONED = publishing.versioned_base(documentation_url(), opskb.__version__)


@pytest.fixture(scope="module")
def pages(built_site: Path) -> dict[str, BeautifulSoup]:
    """Every page a reader can reach (the 404 page answers with a 404 status: not indexed)."""
    return {
        page: BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        for page in built_pages(built_site)
        if page != "404.html"
    }


def description(soup: BeautifulSoup) -> str | None:
    tags = soup.find_all("meta", attrs={"name": "description"})
    assert len(tags) <= 1
    return tags[0]["content"].strip() if tags else None


def test_every_page_has_a_title_viewport_and_language(pages):
    for page, soup in pages.items():
        assert soup.title is not None, page
        assert soup.title.get_text(strip=True), page
        viewport = soup.find("meta", attrs={"name": "viewport"})
        assert viewport is not None, page
        assert "width=device-width" in viewport["content"], page
        assert soup.html.get("lang") == "en", page


def test_no_page_is_blocked_from_indexing(pages):
    for page, soup in pages.items():
        for meta in soup.find_all(
            "meta", attrs={"name": re.compile("robots|googlebot", re.IGNORECASE)}
        ):
            assert "noindex" not in meta.get("content", "").lower(), page


def test_links_are_crawlable_and_say_where_they_go(pages):
    for page, soup in pages.items():
        for link in soup.find_all("a", href=True):
            href = link["href"].strip()
            assert href, (page, str(link)[:120])
            assert not href.lower().startswith("javascript:"), (page, href)
            text = " ".join(link.get_text(" ").split()).lower()
            assert text not in VAGUE_LINK_TEXT, (page, href, text)


def test_every_page_has_one_valid_canonical_link(pages):
    for page, soup in pages.items():
        links = soup.find_all("link", rel="canonical")
        assert len(links) == 1, page
        href = links[0]["href"]
        parts = urlsplit(href)
        assert parts.scheme == "https", page
        assert parts.netloc, page
        assert href == documentation_url() + page, page  # not the home page, not elsewhere


def test_opengraph_tags_describe_each_page_without_fetching_anything(pages):
    # sphinxext-opengraph tags the pages made from sources; the index and the search page
    # are nobody's link to share.
    for page, soup in pages.items():
        if page in GENERATED_PAGES:
            continue
        og = {tag["property"]: tag["content"] for tag in soup.find_all("meta", property=True)}
        assert og.get("og:title"), page
        # This version's address, not the canonical (latest) one: a shared link keeps
        # showing what was shared (opskb.sphinxext.seo).
        assert og.get("og:url") == VERSIONED + page, page
        assert og.get("og:site_name") == "opskb: LLMOps vs MLOps", page
        assert og.get("og:description") == description(soup), page
        assert "og:image" not in og, page  # nothing generated, nothing from another site


def test_the_sitemap_lists_every_page_at_its_versioned_address(built_site, pages):
    tree = ET.parse(built_site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in tree.getroot().findall("s:url/s:loc", namespace)]
    expected = {VERSIONED + page for page in pages if page not in GENERATED_PAGES}
    assert set(locations) == expected
    assert all(f"/en/{opskb.__version__}/" in url for url in locations)


def test_robots_txt_is_valid_and_names_the_sitemap(built_site):
    lines = (built_site / "robots.txt").read_text(encoding="utf-8").splitlines()
    directives = [line.split(":", 1) for line in lines if line and not line.startswith("#")]
    assert all(len(d) == 2 for d in directives), lines
    known = {"user-agent", "allow", "disallow", "sitemap"}
    assert {name.strip().lower() for name, _ in directives} <= known
    assert ["User-agent", " *"] in directives
    assert not any(
        name.lower() == "disallow" and value.strip() == "/" for name, value in directives
    )
    assert ["Sitemap", f" {VERSIONED}sitemap.xml"] in directives
