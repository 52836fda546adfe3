"""Every page stays within the weight budget of issue 2, measured gzipped.

The CSS and JavaScript a page loads (each file once, @import included) <= 60 KB, and the
page's own HTML <= 40 KB. KB here is 1000 bytes, the stricter reading.
"""

from __future__ import annotations

import pytest

from opskb.site_audit import page_weight

pytestmark = pytest.mark.site

KB = 1000
ASSETS_BUDGET = 60 * KB
HTML_BUDGET = 40 * KB


@pytest.fixture(scope="module")
def weights(site):
    return [page_weight(site, page) for page in site.pages.values()]


def test_every_page_loads_assets_that_exist(weights):
    assert [f"{w.page}: {w.missing}" for w in weights if w.missing] == []


def test_every_page_is_within_budget(weights, record_property):
    assert weights
    heaviest_assets = max(weights, key=lambda w: w.assets_gzip)
    heaviest_html = max(weights, key=lambda w: w.html_gzip)
    # Shown with `pytest -rA` (or -s) and kept in JUnit XML: the numbers for the report.
    print(f"\nheaviest CSS+JS: {heaviest_assets}\nheaviest HTML:   {heaviest_html}")
    record_property("heaviest_assets", str(heaviest_assets))
    record_property("heaviest_html", str(heaviest_html))
    over = [str(w) for w in weights if w.assets_gzip > ASSETS_BUDGET or w.html_gzip > HTML_BUDGET]
    assert over == []


def test_weights_include_the_theme(weights):
    # Guard: if assets went unmeasured, every page would be "within budget" for nothing.
    home = next(w for w in weights if w.page == "index.html")
    assert "_static/styles/furo.css" in home.assets
    assert home.css_gzip > 0
    assert home.js_gzip > 0
