"""Every page's own HTML stays within the weight budget of issue 2: <= 40 KB gzipped.

The CSS and JavaScript a page loads (<= 60 KB) are weighed in the browser, from what it
really fetches (tests/browser/test_browser_pages.py); a page's HTML is weighed here.
"""

from __future__ import annotations

from support.site_audit import KB, gzip_size

HTML_BUDGET = 40 * KB


def test_every_page_html_is_within_budget(site, record_property):
    weights = {path: gzip_size(page.html) for path, page in site.pages.items()}
    assert len(weights) >= 10  # guard: the real site, not an empty build
    heaviest = max(weights, key=weights.__getitem__)
    # Shown with `pytest -rA` (or -s) and kept in JUnit XML: the number for the report.
    print(f"\nheaviest HTML: {heaviest}, {weights[heaviest] / KB:.1f} KB gzipped")
    record_property("heaviest_html", f"{heaviest}: {weights[heaviest]} bytes gzipped")
    over = {path: size for path, size in weights.items() if size > HTML_BUDGET}
    assert over == {}
