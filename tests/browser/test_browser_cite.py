"""Citing on a phone, in Chromium: copy a section's versioned link, cite a section, and the
closed cite block's height (390 x 844, the size issue 19 names)."""

from __future__ import annotations

from playwright.sync_api import expect

import opskb
from opskb import publishing
from opskb.citation import documentation_url

PHONE = {"width": 390, "height": 844}
VERSIONED = publishing.versioned_base(documentation_url(), opskb.__version__)
PAGE, LABEL = "definitions.html", "llmops-definition"


def phone_page(new_context):
    context = new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        permissions=["clipboard-read", "clipboard-write"],
    )
    page = context.new_page()
    page.goto(PAGE)
    return page


def test_a_section_link_is_copied_on_a_phone_with_an_announced_confirmation(new_context):
    page = phone_page(new_context)
    row = page.locator(f'.opskb-section-cite[data-cite-label="{LABEL}"]')
    button = row.locator("button.opskb-cite-copy")
    button.scroll_into_view_if_needed()
    expect(button).to_be_visible()  # no hover needed: phones have none
    button.tap()
    status = row.locator("[role=status]")
    expect(status).to_have_text("Link copied.")
    assert status.get_attribute("aria-live") == "polite"
    assert page.evaluate("navigator.clipboard.readText()") == f"{VERSIONED}{PAGE}#{LABEL}"


def test_cite_this_section_loads_its_citations_on_demand(new_context):
    page = phone_page(new_context)
    row = page.locator(f'.opskb-section-cite[data-cite-label="{LABEL}"]')
    button = row.locator("button.opskb-cite-section")
    button.scroll_into_view_if_needed()
    button.tap()
    panel = page.locator(f"#cite-section-{LABEL}")
    expect(panel).to_be_visible()
    assert button.get_attribute("aria-expanded") == "true"
    texts = panel.locator("pre").all_text_contents()
    assert len(texts) == 6  # four styles, BibTeX, Markdown
    assert all(f"{PAGE}#{LABEL}" in text for text in texts)
    assert all(VERSIONED in text for text in texts)


def test_the_closed_cite_block_takes_at_most_one_phone_screen(new_context):
    page = phone_page(new_context)
    block = page.locator("#cite-this-page")
    expect(block.locator("details")).not_to_have_attribute("open", "")
    box = block.bounding_box()
    assert box is not None
    assert box["height"] <= PHONE["height"]
    # The "Cite" link by the title opens it.
    page.locator("article a.opskb-cite-jump").first.tap()
    expect(block.locator("details")).to_have_attribute("open", "")
