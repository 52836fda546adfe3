"""Markdown tables and PNG rendering for notebook outputs."""

import pytest
from IPython.core.formatters import format_display_data
from matplotlib.figure import Figure

from opskb import paths
from opskb.examples.display import (
    FIGURE_BACKGROUND,
    FIGURE_DPI,
    FIGURE_FONT_SIZE,
    FIGURE_NARROWEST_SHOWN_PX,
    FIGURE_SHOWN_WIDTH_PX,
    FIGURE_WIDTH_INCHES,
    INK,
    MIN_TEXT_PX,
    PNG_BACKGROUND_KEY,
    PNG_SMALLEST_TEXT_KEY,
    PNG_TEXT_COLOURS_KEY,
    FigurePNG,
    MarkdownOutput,
    TextOutput,
    figure_png,
    markdown_table,
    scientific,
)
from support.figures import contrast_ratio


def test_markdown_table_layout_and_pipe_escaping():
    table = markdown_table(["a", "b"], [[1, "x|y"], [2.5, ""]])
    assert table.splitlines() == [
        "| a | b |",
        "| --- | --- |",
        r"| 1 | x\|y |",
        "| 2.5 |  |",
    ]


def test_markdown_table_rejects_ragged_rows():
    with pytest.raises(ValueError, match="row 2 has 1 cells, expected 2"):
        markdown_table(["a", "b"], [[1, 2], [3]])
    with pytest.raises(ValueError, match="at least one header"):
        markdown_table([], [])


def test_markdown_output_offers_markdown_html_and_plain_text():
    output = MarkdownOutput(markdown_table(["kind", "count"], [["`<EMAIL>`", 1], ["**all**", 2]]))
    assert output._repr_markdown_() == output.markdown
    assert repr(output) == output.markdown
    html = output._repr_html_()
    assert '<table class="docutils align-default">' in html
    assert "<td><code>&lt;EMAIL&gt;</code></td>" in html
    assert "<td><strong>all</strong></td>" in html


def test_a_table_scrolls_in_its_own_focusable_labelled_container():
    html = MarkdownOutput(markdown_table(["model", "size"], [["a", 1]]))._repr_html_()
    assert html.startswith(
        '<div class="opskb-table-scroll" role="region" tabindex="0"'
        ' aria-label="Table: model, size (scrolls sideways)"><table'
    )
    assert html.rstrip().endswith("</table></div>")


def test_markdown_output_escapes_raw_html():
    html = MarkdownOutput(r"> mail \<EMAIL> <script>alert(1)</script>")._repr_html_()
    assert "<script>" not in html
    assert "&lt;EMAIL&gt;" in html


def test_ipython_formats_all_three_mime_types():
    data, _ = format_display_data(MarkdownOutput("| a |\n| --- |\n| 1 |"))
    assert set(data) == {"text/plain", "text/markdown", "text/html"}


def _tiny_png() -> bytes:
    figure = Figure(figsize=(1, 1))
    figure.subplots().plot([0, 1], [0, 1])
    return figure_png(figure, dpi=20)


def test_figure_png_output_carries_the_picture_and_its_alt_text():
    png = _tiny_png()
    output = FigurePNG(png, alt="A rising line")
    data, _ = format_display_data(output)
    # Exactly what glue() stores: the picture, and the words that stand in for it.
    assert set(data) == {"image/png", "text/plain"}
    assert data["image/png"] == png
    assert data["text/plain"] == "A rising line"


def test_figure_png_from_figure_renders_like_figure_png():
    figure = Figure(figsize=(1, 1))
    figure.subplots().bar([0, 1], [1, 2])
    output = FigurePNG.from_figure(figure, alt="Two bars", dpi=20)
    assert output.png == figure_png(figure, dpi=20)
    assert repr(output) == "Two bars"


@pytest.mark.parametrize(
    ("png", "alt", "message"),
    [
        (b"GIF89a", "A picture", "must hold PNG bytes"),
        (None, "  ", "needs alt text"),
        (None, "first line\nsecond line", "single line"),
    ],
)
def test_figure_png_rejects_what_is_not_a_described_png(png, alt, message):
    with pytest.raises(ValueError, match=message):
        FigurePNG(png if png is not None else _tiny_png(), alt=alt)


@pytest.mark.parametrize(
    ("value", "significant", "text"),
    [
        (1.2e10, 2, "1.2 × 10¹⁰"),
        (1.25e10, 3, "1.25 × 10¹⁰"),
        (8.4e22, 2, "8.4 × 10²²"),
        (1e14, 2, "1 × 10¹⁴"),
        (7000, 1, "7 × 10³"),
        (3.5, 2, "3.5"),
        (2.5e-5, 2, "2.5 × 10⁻⁵"),
        (-1.2e10, 2, "\u22121.2 × 10¹⁰"),
        (0, 2, "0"),
        (9.96e9, 2, "1 × 10¹⁰"),  # rounding carries into the exponent
    ],
)
def test_scientific_writes_numbers_for_prose(value, significant, text):
    assert scientific(value, significant) == text
    assert "e+" not in scientific(value, significant)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), "1e10", True])
def test_scientific_rejects_what_is_not_a_finite_number(value):
    with pytest.raises(ValueError, match="finite number"):
        scientific(value)
    with pytest.raises(ValueError, match="significant must be at least 1"):
        scientific(1.0, 0)


def test_text_output_glues_without_quotes():
    data, _ = format_display_data(TextOutput("1.2 × 10¹⁰"))
    assert data == {"text/plain": "1.2 × 10¹⁰"}
    with pytest.raises(ValueError, match="one non-empty line"):
        TextOutput("a\nb")


def test_figures_are_opaque_drawn_at_twice_their_shown_size_and_say_their_text():
    import io  # noqa: PLC0415

    from PIL import Image  # noqa: PLC0415

    figure = Figure(figsize=(FIGURE_WIDTH_INCHES, 1))
    axes = figure.subplots()
    axes.plot([0, 1], [0, 1])
    axes.set_title("small", fontsize=9, color="#123456")
    output = FigurePNG.from_figure(figure, alt="A rising line")
    image = Image.open(io.BytesIO(output.png))
    assert image.width == 2 * FIGURE_SHOWN_WIDTH_PX
    assert FIGURE_DPI * FIGURE_WIDTH_INCHES == 2 * FIGURE_SHOWN_WIDTH_PX
    assert image.convert("RGBA").getpixel((0, 0)) == (255, 255, 255, 255)
    # The smallest text (the 9 pt title), in image pixels, and every text colour.
    assert float(image.text[PNG_SMALLEST_TEXT_KEY]) == pytest.approx(9 * FIGURE_DPI / 72, abs=0.01)
    assert "#123456" in image.text[PNG_TEXT_COLOURS_KEY].split(",")
    assert image.text[PNG_BACKGROUND_KEY] == FIGURE_BACKGROUND


def test_the_figure_font_size_keeps_12px_text_at_the_narrowest_shown_width():
    shown_px = FIGURE_FONT_SIZE * FIGURE_NARROWEST_SHOWN_PX / (72 * FIGURE_WIDTH_INCHES)
    assert shown_px == pytest.approx(MIN_TEXT_PX)


def test_figure_ink_has_text_contrast_on_the_figure_background():
    assert contrast_ratio(INK, FIGURE_BACKGROUND) >= 4.5


def test_the_site_shows_figures_at_the_width_they_are_drawn_for():
    css = (paths.DOCS / "_static" / "opskb.css").read_text(encoding="utf-8")
    rule = css[css.index(".cell_output img") :].split("}", 1)[0]
    assert f"width: {FIGURE_SHOWN_WIDTH_PX}px;" in rule
