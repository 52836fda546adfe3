"""The rules of opskb.sphinxext.figure_alt, on plain docutils nodes (no Sphinx build)."""

from __future__ import annotations

import pytest
from docutils import nodes
from myst_nb.ext.glue.crossref import ReplacePendingGlueReferences
from myst_nb.sphinx_ import SelectMimeType

from opskb.sphinxext import figure_alt

DESCRIPTION = "Two bars: the left one is twice as tall"


@pytest.mark.parametrize(
    ("text", "alt"),
    [
        (DESCRIPTION, DESCRIPTION),
        ("  two lines\n  become one  ", "two lines become one"),
        ("", None),
        ("  \n ", None),
        ("<IPython.core.display.Image object>", None),
        ("<Figure size 640x480 with 1 Axes>", None),
        ("<matplotlib.figure.Figure at 0x7f0c>", None),
        # angle brackets inside a description do not make it a repr
        ("<b> marks bold, <i> italic", "<b> marks bold, <i> italic"),
    ],
)
def test_alt_from_plain_text(text, alt):
    assert figure_alt.alt_from_plain_text(text) == alt


@pytest.mark.parametrize(
    ("output", "alt"),
    [
        ({"data": {"image/png": "iVBOR", "text/plain": DESCRIPTION}}, DESCRIPTION),
        # nbformat may keep multi-line text as a list of lines
        ({"data": {"image/png": "iVBOR", "text/plain": ["Two ", "bars"]}}, "Two bars"),
        ({"data": {"image/svg+xml": "<svg/>", "text/plain": DESCRIPTION}}, DESCRIPTION),
        ({"data": {"text/plain": DESCRIPTION}}, None),  # a number or a sentence: no image
        ({"data": {"text/html": "<table/>", "text/plain": DESCRIPTION}}, None),
        ({"data": {"image/png": "iVBOR"}}, None),
        (
            {"data": {"image/png": "iVBOR", "text/plain": "<IPython.core.display.Image object>"}},
            None,
        ),
        ({}, None),
    ],
)
def test_alt_for_glued_output(output, alt):
    assert figure_alt.alt_for_glued_output(output) == alt


def _image(**attributes) -> nodes.image:
    return nodes.image(uri="_images/x.png", **attributes)


def test_set_missing_alt_keeps_an_alt_someone_wrote():
    tree = nodes.container("", _image(), nodes.paragraph("", "", _image(alt="written")))
    assert figure_alt.set_missing_alt(tree, DESCRIPTION) == 1
    assert [image["alt"] for image in tree.findall(nodes.image)] == [DESCRIPTION, "written"]


def _bundle(plain: str | None, *image_types: str) -> nodes.container:
    bundle = nodes.container(nb_element="mime_bundle")
    for mime_type in image_types:
        bundle += nodes.container("", _image(), mime_type=mime_type)
    if plain is not None:
        bundle += nodes.container("", nodes.literal_block(plain, plain), mime_type="text/plain")
    return bundle


def test_mime_bundle_plain_text_becomes_the_alt_of_its_images():
    bundle = _bundle(DESCRIPTION, "image/png", "image/svg+xml")
    assert figure_alt.apply_mime_bundle_alt(bundle) == 2
    assert {image["alt"] for image in bundle.findall(nodes.image)} == {DESCRIPTION}


@pytest.mark.parametrize("plain", [None, "<IPython.core.display.Image object>", ""])
def test_mime_bundle_without_a_description_is_left_alone(plain):
    bundle = _bundle(plain, "image/png")
    assert figure_alt.apply_mime_bundle_alt(bundle) == 0
    assert [image.get("alt") for image in bundle.findall(nodes.image)] == [None]


def test_mime_bundle_images_only_in_image_representations():
    bundle = _bundle(DESCRIPTION, "image/png")
    # an image that some other representation happens to hold is not the figure
    bundle += nodes.container("", _image(), mime_type="text/html")
    assert figure_alt.apply_mime_bundle_alt(bundle) == 1
    alts = [image.get("alt") for image in bundle.findall(nodes.image)]
    assert alts == [DESCRIPTION, None]


def test_myst_nb_post_transforms_still_run_where_ours_expect_them():
    """Fails loudly when a myst-nb upgrade moves the transforms figure_alt runs between."""
    for transform, priority in figure_alt.MYST_NB_PRIORITIES.items():
        assert transform.default_priority == priority, (
            f"myst-nb's {transform.__name__} now runs at priority "
            f"{transform.default_priority}, not {priority}: figure_alt's post-transforms "
            "(3, 4, 6) must be re-placed around it, or myst-nb has fixed alt text upstream"
        )
    assert figure_alt.AltFromMimeBundle.default_priority < SelectMimeType.default_priority
    assert (
        figure_alt.MarkGluedFigures.default_priority
        < ReplacePendingGlueReferences.default_priority
        < figure_alt.ApplyGluedFigureAlt.default_priority
    )


def test_a_described_figure_is_shown_at_its_drawn_width_so_it_links_full_size():
    """A width makes Sphinx's HTML builder wrap the image in a link to its full-size file."""
    from opskb.examples.display import FIGURE_SHOWN_WIDTH_PX  # noqa: PLC0415

    tree = nodes.container("", _image(), _image(alt="written"))
    figure_alt.set_missing_alt(tree, DESCRIPTION)
    described, written = tree.findall(nodes.image)
    assert described["width"] == f"{FIGURE_SHOWN_WIDTH_PX}px"
    assert figure_alt.FIGURE_CLASS in described["classes"]
    assert "width" not in written
