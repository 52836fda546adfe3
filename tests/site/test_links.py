"""No internal link, anchor or local resource of the built site is broken."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.site


def test_site_has_pages_and_links(site):
    # Guard: an empty or unparsed site would pass the check below vacuously.
    assert len(site.pages) >= 3
    assert any(page.soup.find("a", class_="reference internal") for page in site.pages.values())


def test_no_internal_link_or_anchor_is_broken(site):
    broken = [str(reference) for reference in site.broken_references()]
    assert broken == []
