"""The site makes no third-party request: nothing it loads lives on another host.

Outbound links a reader clicks (<a href="https://...">) are fine; what the browser fetches
by itself while loading a page (scripts, stylesheets, fonts, images, icons) is not.
"""

from __future__ import annotations

import pytest

from opskb.site_audit import offsite_css_references, offsite_references

pytestmark = pytest.mark.site


def test_no_page_loads_anything_from_another_host(site):
    found = [
        f"{page.path}: {reference.kind}={reference.url}"
        for page in site.pages.values()
        for reference in offsite_references(page.soup)
    ]
    assert found == []


def test_no_stylesheet_loads_anything_from_another_host(site):
    stylesheets = site.css_files()
    assert stylesheets, "the site has no CSS: the theme did not build"
    found = [
        f"{css}: {reference.kind} {reference.url}"
        for css in stylesheets
        for reference in offsite_css_references(site.read_text(css))
    ]
    assert found == []
