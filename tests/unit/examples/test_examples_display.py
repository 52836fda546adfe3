"""Markdown tables and PNG rendering for notebook outputs."""

import pytest
from IPython.core.formatters import format_display_data
from matplotlib.figure import Figure

from opskb.examples.display import MarkdownOutput, figure_png, markdown_table


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


def test_figure_png_is_a_png_and_stable():
    figure = Figure(figsize=(2, 2))
    figure.subplots().plot([0, 1], [1, 0])
    first = figure_png(figure, dpi=50)
    assert first[:8] == b"\x89PNG\r\n\x1a\n"
    assert figure_png(figure, dpi=50) == first


def test_markdown_output_offers_markdown_html_and_plain_text():
    output = MarkdownOutput(markdown_table(["kind", "count"], [["`<EMAIL>`", 1], ["**all**", 2]]))
    assert output._repr_markdown_() == output.markdown
    assert repr(output) == output.markdown
    html = output._repr_html_()
    assert html.startswith('<table class="docutils align-default">')
    assert "<td><code>&lt;EMAIL&gt;</code></td>" in html
    assert "<td><strong>all</strong></td>" in html


def test_markdown_output_escapes_raw_html():
    html = MarkdownOutput(r"> mail \<EMAIL> <script>alert(1)</script>")._repr_html_()
    assert "<script>" not in html
    assert "&lt;EMAIL&gt;" in html


def test_ipython_formats_all_three_mime_types():
    data, _ = format_display_data(MarkdownOutput("| a |\n| --- |\n| 1 |"))
    assert set(data) == {"text/plain", "text/markdown", "text/html"}
