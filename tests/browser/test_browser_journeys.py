"""What readers do on the site, in Chromium: search, follow a term, cite, switch theme, skip.

The keyboard walk over every page (a focus ring on each Tab stop) is in test_browser_pages.py,
on the page its light-mode checks have already opened.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect


def relative_luminance(css_colour: str) -> float:
    """WCAG relative luminance of an ``rgb(...)``/``rgba(...)`` computed colour (0 to 1)."""
    red, green, blue = (int(part) / 255 for part in re.findall(r"[\d.]+", css_colour)[:3])

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def background_luminance(page: Page) -> float:
    return relative_luminance(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def theme_of(page: Page) -> tuple[str, str | None]:
    """What furo shows (body[data-theme]) and what it stored (localStorage "theme")."""
    shown, stored = page.evaluate("[document.body.dataset.theme, localStorage.getItem('theme')]")
    return shown, stored


# --- search ------------------------------------------------------------------------------


def test_search_lists_glossary_entry_and_pros_page(visit) -> None:
    page = visit("search.html?q=tokenization").page
    # Sphinx's search runs in JavaScript and reports in the summary line when it is done.
    summary = page.locator("#search-results .search-summary")
    expect(summary).to_have_text(re.compile(r"Search finished|did not match"), timeout=10_000)
    hrefs = page.locator("#search-results ul.search li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(
        re.fullmatch(r"glossary\.html#term-tokeni[sz]ation", h, re.IGNORECASE) for h in hrefs
    ), f"no glossary entry for tokenization among the results: {hrefs}"
    assert any(h.split("#")[0] == "pros.html" for h in hrefs), (
        f"the pros page is not among the results: {hrefs}"
    )


# --- glossary ----------------------------------------------------------------------------


def test_glossary_term_link_lands_on_its_definition(visit) -> None:
    page = visit("pros.html").page
    link = page.locator("article a.reference.internal[href*='glossary.html#term-']").first
    fragment = link.get_attribute("href").split("#", 1)[1]
    link.click()
    page.wait_for_url(re.compile(rf"/glossary\.html#{re.escape(fragment)}$"))
    definition = page.locator(f"dt[id='{fragment}']")
    expect(definition).to_have_count(1)
    expect(definition).to_be_in_viewport()
    assert definition.evaluate("dt => dt.matches(':target')"), f"#{fragment} is not the :target"


# --- cite this page ----------------------------------------------------------------------


def test_cite_copy_button_puts_the_bibtex_on_the_clipboard(new_context) -> None:
    context = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("pros.html")
    cite = page.locator("#cite-this-page")
    expect(cite).to_have_count(1)
    bibtex = cite.locator(".cite-bibtex")
    expect(bibtex).to_have_count(1)
    # A reader opens the block first if it is folded away.
    folded = cite.locator("details:not([open]) > summary")
    for index in range(folded.count()):
        folded.nth(index).click()
    # The button that copies the BibTeX: the one that says it controls the BibTeX element
    # (aria-controls), else the closest button to it inside the block.
    button_index = bibtex.evaluate(
        """(bibtex) => {
            const block = bibtex.closest("#cite-this-page");
            const buttons = [...block.querySelectorAll("button")];
            const declared = buttons.findIndex(
                b => bibtex.id && b.getAttribute("aria-controls") === bibtex.id);
            if (declared >= 0) return declared;
            for (let node = bibtex; node !== block.parentElement; node = node.parentElement) {
                const inside = buttons.filter(b => node.contains(b));
                if (inside.length) return buttons.indexOf(inside[0]);
            }
            return -1;
        }"""
    )
    assert button_index >= 0, "no button inside #cite-this-page to copy the BibTeX"
    cite.locator("button").nth(button_index).click()
    expected = bibtex.text_content().strip()
    assert expected.startswith("@"), f"not a BibTeX entry: {expected[:80]!r}"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() == expected


# --- dark mode ---------------------------------------------------------------------------


def test_theme_switch_cycles_and_persists_across_pages(new_context) -> None:
    page = new_context(color_scheme="light").new_page()
    page.goto("index.html")
    assert theme_of(page) == ("auto", None)
    light_background = background_luminance(page)
    toggle = page.locator(".theme-toggle:visible")
    expect(toggle).to_have_count(1)

    toggle.click()  # with a light system preference, furo cycles auto -> dark -> light
    assert theme_of(page) == ("dark", "dark")
    dark_background = background_luminance(page)
    assert dark_background < light_background, "the background did not darken"

    page.goto("pros.html")
    assert theme_of(page) == ("dark", "dark"), "dark mode was not kept on the next page"
    assert background_luminance(page) == pytest.approx(dark_background)

    page.locator(".theme-toggle:visible").click()
    assert theme_of(page) == ("light", "light")
    assert background_luminance(page) == pytest.approx(light_background)
    page.locator(".theme-toggle:visible").click()
    assert theme_of(page) == ("auto", "auto")

    page.goto("glossary.html")
    assert theme_of(page) == ("auto", "auto")


# --- keyboard ----------------------------------------------------------------------------


def test_first_tab_reveals_a_skip_link_to_the_content(visit) -> None:
    page = visit("index.html").page
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    assert focused.evaluate("e => e.tagName") == "A"
    expect(focused).to_have_text(re.compile("skip", re.IGNORECASE))
    target = focused.get_attribute("href")
    assert re.fullmatch(r"#.+", target), f"the skip link points to {target!r}, not an anchor"
    expect(page.locator(f"[id='{target[1:]}']")).to_have_count(1)
    expect(focused).to_be_in_viewport()  # visible once focused (it slides into view)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"{re.escape(target)}$"))
