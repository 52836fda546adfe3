"""Reading the evidence on a phone and a desktop, light and dark (issue 20).

Each page with a Demonstration box or a notebook figure is opened once per viewport and
theme, and one ``page.evaluate`` gathers everything measured there:

- every notebook figure's text is at least 12 CSS px as shown, with at least 4.5:1 contrast.
  The figures are PNGs, so the size comes from the PNG's record of its smallest text (in
  image pixels, written by ``opskb.examples.display.figure_png``) scaled by the width the
  browser shows it at; the contrast from its recorded text colours and background, inverted
  where the page's CSS inverts the figure (dark mode);
- no Demonstration box is wider than itself (only a table's own container may scroll);
- a Demonstration box's text is the size of the page's body text;
- on a phone, the breadcrumb trail is on screen without opening the drawer.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from opskb.examples.display import (
    MIN_TEXT_PX,
    PNG_BACKGROUND_KEY,
    PNG_SMALLEST_TEXT_KEY,
    PNG_TEXT_COLOURS_KEY,
)
from support.figures import contrast_ratio, inverted

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
TEXT_CONTRAST = 4.5

MEASURE = """() => {
  const px = (element) => parseFloat(getComputedStyle(element).fontSize);
  const body = document.querySelector("article");  // paragraphs inherit its size
  const figures = [...document.querySelectorAll("img.opskb-figure")]
    .filter((img) => img.getBoundingClientRect().width > 0)
    .map((img) => ({
      src: img.currentSrc || img.src,
      shown: img.getBoundingClientRect().width,
      natural: img.naturalWidth,
      filter: getComputedStyle(img).filter,
      linked: img.closest("a") !== null,
    }));
  const boxes = [...document.querySelectorAll("div.opskb-demo")].map((box) => ({
    title: (box.querySelector(".admonition-title") || box).textContent.trim().slice(0, 60),
    overflow: box.scrollWidth - box.clientWidth,
    text: [...box.querySelectorAll(":scope > p:not(.admonition-title)")].map(px),
  }));
  const trail = document.querySelector("nav.opskb-breadcrumbs");
  const rect = trail ? trail.getBoundingClientRect() : null;
  return {
    bodyText: body ? px(body) : null,
    figures,
    boxes,
    trail: rect ? {top: rect.top, height: rect.height, text: trail.textContent} : null,
  };
}"""


@pytest.fixture(scope="module")
def reading_pages(built_site: Path) -> list[str]:
    """The pages with a Demonstration box or a notebook figure."""
    found = []
    for file in sorted(built_site.rglob("*.html")):
        relative = file.relative_to(built_site).as_posix()
        if relative.startswith(("_", "single/")):
            continue
        html = file.read_text(encoding="utf-8")
        if "opskb-demo" in html or "opskb-figure" in html:
            found.append(relative)
    assert len(found) > 10, found
    return found


@pytest.fixture(params=["light", "dark"])
def theme(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def viewport(request: pytest.FixtureRequest) -> dict[str, int]:
    return request.param


@pytest.fixture
def tab(browser: Browser, site_server: str, theme: str, viewport: dict) -> Iterator[Page]:
    """One tab in ``theme`` at ``viewport``, reused for every page of the test."""
    context = browser.new_context(base_url=site_server, viewport=viewport, color_scheme=theme)
    context.add_init_script(f"localStorage.setItem('theme', {theme!r})")
    yield context.new_page()
    context.close()


def _png_file(built_site: Path, src: str) -> Path:
    return built_site / posixpath.normpath(urlsplit(src).path.lstrip("/"))


def _figure_problems(built_site: Path, page: str, figure: dict) -> list[str]:
    image = Image.open(_png_file(built_site, figure["src"]))
    name = posixpath.basename(figure["src"])
    problems = []
    smallest = float(image.text[PNG_SMALLEST_TEXT_KEY]) * figure["shown"] / figure["natural"]
    if smallest < MIN_TEXT_PX:
        problems.append(f"{page}: {name}: smallest text {smallest:.1f} px")
    background = image.text[PNG_BACKGROUND_KEY]
    invert = "invert(1)" in figure["filter"]
    for ink in image.text[PNG_TEXT_COLOURS_KEY].split(","):
        shown = (inverted(ink), inverted(background)) if invert else (ink, background)
        if (ratio := contrast_ratio(*shown)) < TEXT_CONTRAST:
            problems.append(f"{page}: {name}: text {shown[0]} on {shown[1]} is {ratio:.2f}:1")
    if not figure["linked"]:
        problems.append(f"{page}: {name}: no link to the full-size figure")
    return problems


def test_evidence_reads_at_this_width_and_theme(
    tab: Page, built_site: Path, reading_pages: list[str], viewport: dict, theme: str
) -> None:
    problems: list[str] = []
    figures_seen = 0
    for path in reading_pages:
        tab.goto(path, wait_until="load")
        measured = tab.evaluate(MEASURE)
        for figure in measured["figures"]:
            figures_seen += 1
            problems += _figure_problems(built_site, path, figure)
        for box in measured["boxes"]:
            if box["overflow"] > 1:
                problems.append(f"{path}: {box['title']}: {box['overflow']} px too wide")
            body = measured["bodyText"]
            if body is not None and any(abs(size - body) > 0.01 for size in box["text"]):
                problems.append(f"{path}: {box['title']}: text {box['text']} vs body {body}")
        trail = measured["trail"]
        on_screen = trail is not None and trail["height"] > 0 and 0 <= trail["top"] < 844
        if viewport is PHONE and not on_screen:
            problems.append(f"{path}: no breadcrumb trail on screen: {trail}")
    assert figures_seen > 0, f"no notebook figure shown ({theme}, {viewport})"
    assert problems == []
