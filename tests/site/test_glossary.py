"""One glossary: every term linked from a page is defined, every defined term is linked."""

from __future__ import annotations

import pytest

from support.site_audit import glossary_links, glossary_terms

GLOSSARY = "glossary.html"


@pytest.fixture(scope="module")
def defined(site):
    assert GLOSSARY in site.pages, f"{GLOSSARY} is not built"
    return glossary_terms(site.pages[GLOSSARY])


@pytest.fixture(scope="module")
def used(site):
    return glossary_links(site, GLOSSARY)


def test_glossary_has_at_least_twenty_terms(defined):
    assert len(defined) >= 20, sorted(defined)


def test_every_term_used_is_defined(defined, used):
    undefined = {term: sorted(pages) for term, pages in used.items() if term not in defined}
    assert undefined == {}


def test_every_defined_term_is_used(defined, used):
    # Uses are links from written pages; the glossary and Sphinx's index do not count.
    assert sorted(defined - set(used)) == []
