"""Citations that do not drift: every format on every page cites this version's address.

The permanent URL of a page is its address in this version (``.../en/X.Y.Z/page.html``);
the plain text, the BibTeX entry and the Markdown link all carry it, and none carries the
"latest" address, which is shown apart and labelled as such.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import opskb
from opskb import publishing
from opskb.citation import documentation_url
from opskb.sphinxext.cite import FORMATS
from support.pages import NOT_CITED, built_pages

LATEST = publishing.latest_base(documentation_url())
VERSIONED = publishing.versioned_base(documentation_url(), opskb.__version__)


def cited_pages(built_site: Path) -> list[str]:
    return [page for page in built_pages(built_site) if page not in NOT_CITED]


@pytest.fixture(scope="module")
def blocks(built_site: Path) -> dict[str, BeautifulSoup]:
    found = {}
    for page in cited_pages(built_site):
        soup = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        found[page] = soup.find(id="cite-this-page")
    return found


def fact(block, name: str):
    term = next((dt for dt in block.find_all("dt") if dt.get_text() == name), None)
    return None if term is None else term.find_next_sibling("dd")


def test_the_versioned_address_is_not_the_latest_one():
    assert VERSIONED.endswith(f"/en/{opskb.__version__}/")
    assert LATEST.endswith("/en/latest/")


def test_every_format_on_every_page_carries_the_versioned_url(blocks):
    assert len(blocks) >= 20
    for page, block in blocks.items():
        permanent = VERSIONED + page
        for key, *_ in FORMATS:
            text = block.find("pre", class_=f"cite-{key}").get_text()
            assert permanent in text, (page, key)
            assert LATEST not in text, (page, key)


def test_the_permanent_url_is_versioned_and_the_latest_url_is_labelled(blocks):
    for page, block in blocks.items():
        assert fact(block, "Permanent URL").get_text() == VERSIONED + page
        latest = fact(block, "Latest version")
        assert latest.find("a")["href"] == LATEST + page
        assert "cite the permanent URL" in latest.get_text()


def test_every_page_lists_its_changes(blocks):
    for page, block in blocks.items():
        changes = block.find(class_="opskb-changes")
        assert changes is not None, page
        assert changes.find("h3").get_text() == "Changes"
        assert "this page last changed" in changes.find("li").get_text(), page
