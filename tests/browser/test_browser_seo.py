"""The SEO audits that need layout, in Chromium at a phone's size, one page of each type.

Lighthouse's font-size audit (up to version 11) passed when at least 60 % of a page's text
is 12 px or larger on a mobile viewport; this test asks that of the whole page and 90 % of
the article (code and table cells are set smaller). Text hidden at 0 px (a card's link
text kept for screen readers) does not count. This file sits with the browser tests to
share their Chromium: Playwright drives one browser per thread.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PAGE_TYPES = {
    "home": "index.html",
    "content": "pros.html",
    "notebook": "notebooks/tokenization.html",
    "glossary": "glossary.html",
    "how-to-cite": "how-to-cite.html",
    "index": "genindex.html",
    "search": "search.html",
}
# Moto G Power, as Lighthouse's mobile emulation.
MOBILE = {
    "viewport": {"width": 412, "height": 823},
    "device_scale_factor": 1.75,
    "is_mobile": True,
    "has_touch": True,
}

TEXT_SIZES = """
() => {
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let total = 0, legible = 0, articleTotal = 0, articleLegible = 0;
  const article = document.querySelector("article");
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const parent = node.parentElement;
    if (!text || !parent) continue;
    const style = getComputedStyle(parent);
    if (style.display === "none" || style.visibility === "hidden") continue;
    if (!parent.getClientRects().length) continue;
    const size = parseFloat(style.fontSize);
    if (size === 0) continue;
    total += text.length;
    if (size >= 12) legible += text.length;
    if (article && article.contains(parent)) {
      articleTotal += text.length;
      if (size >= 12) articleLegible += text.length;
    }
  }
  return {
    share: total ? legible / total : 1,
    articleShare: articleTotal ? articleLegible / articleTotal : 1,
  };
}
"""


@pytest.mark.parametrize("page_type", sorted(PAGE_TYPES))
def test_text_is_legible_on_a_phone(new_context, page_type):
    page = new_context(**MOBILE).new_page()
    page.goto(PAGE_TYPES[page_type], wait_until="load")
    sizes = page.evaluate(TEXT_SIZES)
    viewport = page.evaluate("() => document.querySelector('meta[name=viewport]').content")
    assert "width=device-width" in viewport
    assert sizes["share"] >= 0.6, sizes
    assert sizes["articleShare"] >= 0.9, sizes
