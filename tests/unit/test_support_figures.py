"""The test helpers that judge figures (tests/support/figures.py) judge correctly."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from support.figures import alt_problem, contrast_ratio, inverted, smallest_text_px

DESCRIPTION = "Two bars: the left one is twice as tall"


@pytest.mark.parametrize(
    ("alt", "problem"),
    [
        (DESCRIPTION, None),
        ("A chart; see fig. 2/3 for the data.png export", None),
        (None, "no alt attribute"),
        ("", "an empty alt"),
        ("   ", "an empty alt"),
        ("_images/9aeea280.png", "a file name or path"),
        ("../_images/9aeea280.png", "a file name or path"),
        ("chart.JPEG", "a file name or path"),
        ("https://example.org/chart", "a file name or path"),
        ("<IPython.core.display.Image object>", "a Python repr, not a description"),
    ],
)
def test_alt_problem(alt, problem):
    assert alt_problem(alt) == problem


def test_smallest_text_px_scales_with_the_shown_width_not_the_dpi():
    figure = Figure(figsize=(4, 2))
    axes = figure.subplots()
    axes.set_title("title", fontsize=18)
    axes.set_xticks([0, 1], ["a", "b"], fontsize=9)
    # 9 pt on a 4-inch figure shown 320 px wide: 9 * 320 / (72 * 4) = 10 px
    assert smallest_text_px(figure, shown_width_px=320) == pytest.approx(10.0)
    assert smallest_text_px(figure, shown_width_px=640) == pytest.approx(20.0)


def test_smallest_text_px_needs_text():
    with pytest.raises(ValueError, match="no text"):
        smallest_text_px(Figure(), shown_width_px=320)


def test_contrast_ratio_follows_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert inverted("#333333") == "#cccccc"
