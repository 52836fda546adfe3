"""Every picture on the built site has a text alternative a screen reader can use."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from support.figures import alt_problem

# The notebooks whose figures concept pages embed (glue across documents).
FIGURE_NOTEBOOKS = [
    "notebooks/mlops-lifecycle.html",
    "notebooks/resource-estimates.html",
    "notebooks/serving-cost.html",
]


@pytest.fixture(scope="module")
def images(site) -> list[tuple[str, str, str | None]]:
    """(page, image file name, alt) for every <img> of every page."""
    return [
        (path, PurePosixPath(str(img.get("src", ""))).name, img.get("alt"))
        for path, page in site.pages.items()
        for img in page.soup.find_all("img")
    ]


def test_every_image_has_an_alt_that_describes_it(images):
    assert images, "no <img> on the site: the figures are missing"
    problems = [
        f"{page}: {name}: {problem}"
        for page, name, alt in images
        if (problem := alt_problem(alt)) is not None
    ]
    assert problems == []


@pytest.mark.parametrize("notebook", FIGURE_NOTEBOOKS)
def test_notebook_figures_are_described_where_they_are_embedded(images, notebook):
    """A figure has one description: the same alt on its notebook and on every embedding page."""
    own = {name: alt for page, name, alt in images if page == notebook}
    assert own, f"{notebook} shows no figure"
    embedded = [(page, name, alt) for page, name, alt in images if page != notebook and name in own]
    assert embedded, f"no page embeds a figure of {notebook}"
    assert [(page, name) for page, name, alt in embedded if alt != own[name]] == []
