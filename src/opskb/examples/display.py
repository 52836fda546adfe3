"""Turn results into notebook outputs that render the same everywhere.

Tables are written as Markdown and wrapped in :class:`MarkdownOutput`, which also offers an
HTML rendering: myst-nb can embed a notebook output in another page (``{glue}`` with
``:doc:``) only as text, HTML or an image, never as Markdown. Figures become PNG bytes
rendered by Agg, so the output does not depend on the kernel's plotting backend, and are
wrapped in :class:`FigurePNG`, which carries the figure's text alternative as its plain-text
form (the site's ``figure_alt`` Sphinx extension turns that into the image's ``alt``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

if TYPE_CHECKING:  # matplotlib is imported only when a figure is rendered: tables stay light
    from matplotlib.figure import Figure


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A GitHub-style Markdown table; every row must have one cell per header."""
    if not headers:
        raise ValueError("a table needs at least one header")
    for number, row in enumerate(rows, start=1):
        if len(row) != len(headers):
            raise ValueError(f"row {number} has {len(row)} cells, expected {len(headers)}")

    def line(cells: Sequence[object]) -> str:
        # A pipe inside a cell would split it; escape it.
        return "| " + " | ".join(str(cell).replace("|", r"\|") for cell in cells) + " |"

    return "\n".join([line(headers), line(["---"] * len(headers)), *map(line, rows)])


# Raw HTML in the Markdown is escaped, not passed through: cells hold data, not markup.
_MARKDOWN = MarkdownIt("commonmark", {"html": False}).enable("table")


@dataclass(frozen=True)
class MarkdownOutput:
    """Markdown for Jupyter and ``{glue:md}``, HTML for cross-page ``{glue}``, text otherwise.

    IPython's display machinery calls the ``_repr_*_`` methods, so ``glue(key, output)``
    stores all three representations.
    """

    markdown: str

    def _repr_markdown_(self) -> str:
        return self.markdown

    def _repr_html_(self) -> str:
        # Sphinx themes style tables that carry the docutils classes.
        return _MARKDOWN.render(self.markdown).replace(
            "<table>", '<table class="docutils align-default">'
        )

    def __repr__(self) -> str:
        return self.markdown


def smallest_text_px(figure: Figure, *, shown_width_px: float) -> float:
    """The font size, in CSS pixels, of the figure's smallest text when shown that wide.

    A browser scales the picture to fit the column, so what a reader sees depends only on
    font size relative to figure width: s pt on a w-inch figure shown p px wide is
    s·p / (72·w) px, whatever the dpi. The figure is drawn first, so tick labels count.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - see above
    from matplotlib.text import Text  # noqa: PLC0415

    FigureCanvasAgg(figure).draw()
    sizes = [
        text.get_fontsize()
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    ]
    if not sizes:
        raise ValueError("the figure has no text to measure")
    return min(sizes) * shown_width_px / (72 * figure.get_figwidth())


def figure_png(figure: Figure, *, dpi: int = 100) -> bytes:
    """Render a figure to PNG with the Agg canvas (no pyplot, no global state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415 - see above

    FigureCanvasAgg(figure)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class FigurePNG:
    """A rendered figure and the words that stand in for it.

    ``glue(key, FigurePNG(...))`` stores ``image/png`` (the picture) and ``text/plain`` (the
    alt text) in one output bundle, so wherever the picture goes, its description goes too:
    a screen reader on the site, and a terminal or a text diff of the notebook.
    """

    png: bytes
    alt: str

    def __post_init__(self) -> None:
        if not self.png.startswith(_PNG_SIGNATURE):
            raise ValueError("png must hold PNG bytes (see figure_png)")
        if not self.alt.strip():
            raise ValueError("a figure needs alt text that says what it shows")
        if "\n" in self.alt:
            # An alt attribute is read as one run of text; line breaks only get lost.
            raise ValueError("alt text must be a single line")

    @classmethod
    def from_figure(cls, figure: Figure, *, alt: str, dpi: int = 100) -> FigurePNG:
        """Render ``figure`` with :func:`figure_png` and attach its alt text."""
        return cls(figure_png(figure, dpi=dpi), alt)

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        return self.alt
